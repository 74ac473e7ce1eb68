// The shape of a statement: the operators of its conclusion in order, with every name, number and bracket
// left out (`a * (2 - a) ≤ 1` → `* - ≤`). A goal and a lemma that proves it by `exact`/`apply` often share it,
// and a pattern typed with holes (`_ + _ ≤ _`) is one.

const IDENT = /[\p{L}_][\p{L}\p{N}_'!?.₀-₉ᵢ-ᵪ]*|\d+(?:\.\d+)?/gu;
const DROP = /[\s()[\]{}⟨⟩,:@`$]/gu;
/** Operators written two ways: one spelling each. */
const SAME: Record<string, string> = { '≥': '≤', '>': '<', '⊇': '⊆', '⊃': '⊂', '←': '→' };

/** The conclusion of a signature or goal target: after the last top-level `:` (signatures), after the last top-level `→` and `∀ …,` binders. */
export function conclusionOf(text: string, isSignature: boolean): string {
  let s = text.split(':=')[0];
  if (isSignature) s = afterLastTopLevel(s, ':');
  s = afterLastTopLevel(s, '→');
  // `∀ x y, P x y` / `∀ x ∈ s, …`: the body
  for (;;) {
    const m = /^\s*[∀∃]\s[^,]*,\s*/u.exec(s);
    if (!m || s.startsWith('∃')) break;
    s = s.slice(m[0].length);
  }
  return s.trim();
}

/** The operator sequence of a conclusion, as one string of symbols separated by spaces. */
export function shapeOf(conclusion: string): string {
  const ops = conclusion.replace(IDENT, ' ').replace(DROP, ' ').split(/\s+/).filter(Boolean);
  return ops.map((o) => SAME[o] ?? o).join(' ');
}

function afterLastTopLevel(s: string, sep: string): string {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{' || c === '⟨') depth++;
    else if (c === ')' || c === ']' || c === '}' || c === '⟩') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      // `:=` is not a type colon, `::` is list cons
      if (sep === ':' && (s[i + 1] === '=' || s[i + 1] === ':' || s[i - 1] === ':')) continue;
      cut = i + sep.length;
    }
  }
  return cut >= 0 ? s.slice(cut) : s;
}

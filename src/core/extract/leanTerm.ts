// A lossless-enough reader and printer of Lean statement text (binders and types as written in sources), for
// rewriting generated declarations' statements: `to_additive`'s notation (`a * b⁻¹` → `a + -b`, `a ^ n` → `n • a`),
// `to_fun`'s pointwise forms (`f * g` → `fun i => f i * g i`), `simps` lemmas. It elaborates nothing: notation is read
// by the precedences Lean core and Mathlib declare for it (Init/Notation.lean, Mathlib's `infixl:70 …` commands),
// and printed back with the parentheses Lean's parenthesizer would put (none where the precedences make them
// redundant, `(∏ i ∈ s, f i) * ∏ i ∈ s, g i`, `Continuous fun i => f i + g i`). Text it cannot read makes
// `parseTerm` return undefined; callers then leave the text as it is. Never throws.

/** Symbols that bound a binder's variable in a binder header (`∑ x ∈ s`, `∀ i < n`, `∃ x : α`). */
const BINDER_BOUNDS = new Set([':', '∈', '∉', '⊆', '<', '≤', '>', '≥', '≠']);

export type Node =
  | { k: 'atom'; text: string }
  /** `glue`: one argument written against the function (`R[M]`, `ℚ_[p]`-style notation). */
  | { k: 'app'; fn: Node; args: Node[]; glue?: boolean }
  | { k: 'bin'; op: string; l: Node; r: Node; opArg?: Node }
  | { k: 'pre'; op: string; a: Node }
  | { k: 'post'; op: string; a: Node }
  | { k: 'proj'; a: Node; field: string }
  /** Brackets with items and the separators between them: `(a, b)`, `(x : T)`, `{x | p x}`, `⟨a, b⟩`, `[a]`. */
  | { k: 'group'; open: string; close: string; items: Node[]; seps: string[] }
  /** Enclosing notation: `|a|`, `|a|ₘ`, `‖a‖`, `⌊a⌋₊`. */
  | { k: 'enclose'; open: string; close: string; a: Node }
  /** `∀ x ∈ s, p`, `fun x => e`, `∑ i ∈ s, f i`: the binder part is kept as nodes, `sep` is `,` / `=>` / `↦`. */
  | { k: 'binder'; op: string; head: Node[]; sep: string; body: Node; suffix?: Node[]; opArg?: Node }
  | { k: 'ite'; parts: Node[]; words: string[] };

export interface Tok {
  t: string;
  kind: 'id' | 'num' | 'str' | 'sym';
  /** Whitespace before / after the token in the source. */
  wsBefore: boolean;
  wsAfter: boolean;
}

/** Lean's `isLetterLike` (Lean/Syntax.lean): Greek except λ Π Σ, Coptic, letter-like symbols (ℕ ℝ …), script/double-struck. */
function isLetterLike(c: number): boolean {
  return (
    (c >= 0x3b1 && c <= 0x3c9 && c !== 0x3bb) ||
    (c >= 0x391 && c <= 0x3a9 && c !== 0x3a0 && c !== 0x3a3) ||
    (c >= 0x3ca && c <= 0x3fb) ||
    (c >= 0x1f00 && c <= 0x1ffe) ||
    (c >= 0x2100 && c <= 0x214f) ||
    (c >= 0x1d49c && c <= 0x1d59f)
  );
}
function isSubScriptAlnum(c: number): boolean {
  return (c >= 0x2080 && c <= 0x2089) || (c >= 0x2090 && c <= 0x209c) || (c >= 0x1d62 && c <= 0x1d6a) || c === 0x2c7c;
}
const isAsciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
function isIdFirst(c: number): boolean {
  return isAsciiAlpha(c) || c === 95 || isLetterLike(c);
}
function isIdRest(c: number): boolean {
  return isAsciiAlpha(c) || isDigit(c) || c === 95 || c === 39 || c === 33 || c === 63 || isLetterLike(c) || isSubScriptAlnum(c);
}

/** Symbols, longest first where one is a prefix of another. */
const SYMBOLS = [
  "⁻¹'", '⁻¹', "''", '++', '=>', '↦', ':=', '::', '//', '→+*', '→ₙ+*', '→*₀', '→ₙ*', '→ₙ+', '→*o', '→+o', '→*', '→+', '→ₗ', '→L', '→ₐ', '→ᵃ', '→o',
  '→ᵇ', '→₀', '→', '←', '↔', '≃+*', '≃*o', '≃+o', '≃*', '≃+', '≃ₗ', '≃L', '≃ₐ', '≃ᵃ', '≃o', '≃ₜ', '≃ᵢ', '≃', '↪o', '↪', '≤ᶠ', '=ᶠ', '=ᵐ', '≤ᵐ',
  '=O', '=o', '=Θ', '≠', '≤', '≥', '<', '>', '=', '∣_', '∣', '∈', '∉', '⊆', '⊂', '⊇', '⊃', '∩', '∪', '∧', '∨', '¬', '+ᵥ', '-ᵥ', '+', '-', '*', '/',
  '%', '^', '•', '∘', '×ˢ', '×', '⊔', '⊓', '∆', '⇨', '⊕', '⊗', '\\', '∑ᶠ', '∏ᶠ', "∑'", "∏'", '∑', '∏', '∀ᶠ', '∃ᶠ', '∀', '∃!', '∃', '⋃', '⋂',
  '⨆', '⨅', '∫⁻', '∫', '∂', 'Π', 'Σ', 'λ', '↑', '⇑', '↥', '√', '#', '|ₘ', '|', '‖₊', '‖', '⌊', '⌋₊', '⌋', '⌈', '⌉₊', '⌉', '(', ')', '[', ']', '{',
  '}', '⟨', '⟩', '⦃', '⦄', '⟦', '⟧', '⟪', '⟫', '⁅', '⁆', '‹', '›', '⦋', '⦌ₙ₊₁', '⦌₂', '⦌', ',', ':', ';', '·', '$', '<|', '|>', '⁺ᵐ', '⁻ᵐ', '⁺', '⁻', 'ᶜ', 'ᵒᵈ', 'ᵐᵒᵖ', 'ᵃᵒᵖ', 'ᵒᵖ', '⁰',
  'ˣ', 'ᵀ', '!', '@', '?', '∞', '∅', '⊤', '⊥', '≡', '≅', '⟶', '≫', '▸', '<$>', '<*>', '>>=', '<|>', '∀ᵐ', '∃ᵐ', '∮', '⨍', '⋃₀', '⋂₀', '≪≫', '•>', '<•', '⊗ₜ', '![',
].sort((a, b) => b.length - a.length);

const KNOWN_TOKEN = new Set(SYMBOLS);
/** Symbols by their first UTF-16 unit, longest first. */
const SYMBOLS_BY_FIRST = new Map<number, string[]>();
for (const x of SYMBOLS) {
  const k = x.charCodeAt(0);
  const l = SYMBOLS_BY_FIRST.get(k);
  if (l) l.push(x);
  else SYMBOLS_BY_FIRST.set(k, [x]);
}

/** Split statement text into tokens; undefined for text with strings or characters it does not know. */
export function tokenize(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  let ws = true;
  const push = (t: string, kind: Tok['kind']) => {
    if (out.length) out[out.length - 1].wsAfter = ws;
    out.push({ t, kind, wsBefore: ws, wsAfter: true });
    ws = false;
  };
  while (i < n) {
    const c = s.codePointAt(i)!;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      ws = true;
      i++;
      continue;
    }
    const w = c > 0xffff ? 2 : 1;
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      push(s.slice(i, j + 1), 'str');
      i = j + 1;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (s[j] === '.' && j + 1 < n && isDigit(s.charCodeAt(j + 1))) for (j++; j < n && isDigit(s.charCodeAt(j)); ) j++;
      push(s.slice(i, j), 'num');
      i = j;
      continue;
    }
    if ((c === 0x211d || c === 0x211a) && (s.startsWith('ℝ≥0∞', i) || s.startsWith('ℝ≥0', i) || s.startsWith('ℚ≥0', i))) {
      const t = s.startsWith('ℝ≥0∞', i) ? 'ℝ≥0∞' : s.slice(i, i + 3);
      push(t, 'id');
      i += t.length;
      continue;
    }
    if (c === 0xab /* « */ || isIdFirst(c) || (c === 46 /* . */ && i + 1 < n && isIdFirst(s.codePointAt(i + 1)!) && (out.length === 0 || ws || '([{⟨,'.includes(out[out.length - 1].t)))) {
      // identifier, possibly dotted (`Finset.sum`, `h.1`, `«x y».z`), or a leading-dot name (`.inl`)
      let j = i;
      if (c === 46) j++;
      for (;;) {
        if (s[j] === '«') {
          const e = s.indexOf('»', j);
          if (e < 0) return undefined;
          j = e + 1;
        } else {
          const cj = s.codePointAt(j);
          if (cj === undefined || !isIdFirst(cj)) break;
          j += cj > 0xffff ? 2 : 1;
          for (;;) {
            const ck = s.codePointAt(j);
            if (ck === undefined || !isIdRest(ck)) break;
            j += ck > 0xffff ? 2 : 1;
          }
        }
        if (s[j] === '.' && j + 1 < n) {
          const nx = s.codePointAt(j + 1)!;
          if (isIdFirst(nx) || nx === 0xab) {
            j++;
            continue;
          }
          if (isDigit(nx)) {
            j++;
            while (j < n && isDigit(s.charCodeAt(j))) j++;
            if (s[j] === '.' && j + 1 < n && (isIdFirst(s.codePointAt(j + 1)!) || isDigit(s.charCodeAt(j + 1)))) continue;
          }
        }
        break;
      }
      // explicit universes `Foo.{u, v}`, `ℚ_[p]`
      if (s[j] === '.' && s[j + 1] === '{') {
        const e = s.indexOf('}', j);
        if (e < 0) return undefined;
        j = e + 1;
      } else if (s[j] === '[' && /^\[[≠≥≤<>]\]/u.test(s.slice(j, j + 3))) {
        // `𝓝[≠] x`, `𝓝[≥] a`: the filter's notation names a set by a relation
        j += 3;
      } else if (s[j - 1] === '_' && s[j] === '[') {
        const e = s.indexOf(']', j);
        if (e < 0) return undefined;
        j = e + 1;
      } else if ((s.startsWith('ℕ+', i) || s.startsWith('ℤ√', i)) && j === i + 1) {
        j++;
      }
      let t = s.slice(i, j);
      // `Type*`, `Sort*`, `Type _`: one atom
      if ((t === 'Type' || t === 'Sort') && s[j] === '*') {
        t += '*';
        j++;
      }
      // `𝔼 i ∈ s, f i` (an average over a finset) is a binder; `𝔼[X]` is an expectation
      push(t, t === '𝔼' && s[j] === ' ' ? 'sym' : 'id');
      i = j;
      continue;
    }
    if (c === 46 /* . */ && out.length && !ws && /[)\]}⟩⁻¹ᶜ!]$/.test(out[out.length - 1].t) && i + 1 < n) {
      // projection of a bracketed term: `(f x).1`, `(s ∩ t).card`
      const m = /^\.(?:\d+|[A-Za-z_\u0370-\u03ff][\w'!?\u0370-\u03ff₀-₉]*)/u.exec(s.slice(i, i + 60));
      if (m) {
        push(m[0], 'sym');
        out[out.length - 1].kind = 'sym';
        (out[out.length - 1] as Tok & { proj?: boolean }).proj = true;
        i += m[0].length;
        continue;
      }
    }
    if (s.startsWith('λ_', i)) {
      // the left unitor of a monoidal category (`λ_ X`), not a lambda
      push('λ_', 'id');
      i += 2;
      continue;
    }
    const sym = SYMBOLS_BY_FIRST.get(s.charCodeAt(i))?.find((x) => s.startsWith(x, i));
    if (sym) {
      // subscripts written against a symbol belong to it (`→ₛ`, `‖x‖ₑ`); so do an arrow's marks (`→⋆ₙ+*`, `≃ₜ+`)
      let j = i + sym.length;
      const arrow = sym[0] === '→' || sym[0] === '≃' || sym[0] === '↪';
      while (j < n && ((isSubScriptAlnum(s.codePointAt(j)!) && !/[₀-₉]/.test(s[j])) || (arrow && /[⋆+*ₙ]/u.test(s[j])))) j++;
      push(s.slice(i, j), 'sym');
      i = j;
      continue;
    }
    // `_`-suffixed closers (`⟪x, y⟫_ℝ`) and other characters: unknown text
    if (c === 95 /* _ */) {
      push('_', 'id');
      i++;
      continue;
    }
    // a character this reader does not know: glued to the previous unknown one (`ˢʸᵐ`)
    const prev = out[out.length - 1];
    if (prev && !ws && prev.kind === 'sym' && !KNOWN_TOKEN.has(prev.t) && !'([{⟨)]}⟩'.includes(prev.t)) prev.t += String.fromCodePoint(c);
    else push(String.fromCodePoint(c), 'sym');
    i += w;
  }
  if (out.length) out[out.length - 1].wsAfter = true;
  return out;
}

/** Binary operators: [precedence, associativity] as declared (`infixl:65 " + "` → 65, left). `g`: a `notation:50 M " ≃ₗ[" R "] " M₂`
 *  whose sides have no precedence, so each reads any term (`A ≃ₗ[R] B →₀ M` is `A ≃ₗ[R] (B →₀ M)`). */
type Assoc = 'l' | 'r' | 'n' | 'g';
export const BINOPS: Record<string, [number, Assoc]> = {
  '$': [10, 'r'], '<|': [10, 'r'], '|>': [10, 'l'], '↔': [20, 'n'], '→': [25, 'r'], '←': [25, 'r'],
  '→*': [25, 'r'], '→+': [25, 'r'], '→+*': [25, 'r'], '→ₙ+*': [25, 'r'], '→*₀': [25, 'r'], '→ₙ*': [25, 'r'], '→ₙ+': [25, 'r'], '→*o': [25, 'r'],
  '→+o': [25, 'r'], '→ₗ': [25, 'r'], '→L': [25, 'r'], '→ₐ': [25, 'r'], '→ᵃ': [25, 'r'], '→o': [25, 'r'], '→ᵇ': [25, 'r'], '→₀': [25, 'r'],
  '≃': [25, 'l'], '≃*': [25, 'l'], '≃+': [25, 'l'], '≃+*': [25, 'l'], '≃*o': [25, 'l'], '≃+o': [25, 'l'], '≃ₗ': [50, 'g'], '≃L': [50, 'g'],
  '≃ₐ': [50, 'g'], '≃ᵃ': [25, 'l'], '≃o': [25, 'l'], '≃ₜ': [25, 'l'], '≃ᵢ': [25, 'l'], '↪': [25, 'r'], '↪o': [25, 'r'], '⟶': [10, 'r'], '≅': [10, 'r'],
  '∨': [30, 'r'], '⊕': [30, 'r'], '∧': [35, 'r'], '×': [35, 'r'], '=': [50, 'n'], '≠': [50, 'n'], '<': [50, 'n'], '>': [50, 'n'], '≤': [50, 'n'],
  '≥': [50, 'n'], '∈': [50, 'n'], '∉': [50, 'n'], '⊆': [50, 'n'], '⊂': [50, 'n'], '⊇': [50, 'n'], '⊃': [50, 'n'], '∣': [50, 'n'], '≡': [50, 'n'],
  '=ᶠ': [50, 'n'], '≤ᶠ': [50, 'n'], '=ᵐ': [50, 'n'], '≤ᵐ': [50, 'n'], '=O': [100, 'n'], '=o': [100, 'n'], '=Θ': [100, 'n'],
  '⇨': [60, 'r'], '+': [65, 'l'], '-': [65, 'l'], '++': [65, 'l'], '+ᵥ': [65, 'r'], '-ᵥ': [65, 'l'], '∪': [65, 'l'], '::': [67, 'r'], '⊔': [68, 'l'], '⊓': [69, 'l'],
  '*': [70, 'l'], '/': [70, 'l'], '%': [70, 'l'], '∩': [70, 'l'], '\\': [70, 'l'], '•': [73, 'r'], '^': [75, 'r'], '▸': [75, 'r'],
  "⁻¹'": [80, 'l'], "''": [80, 'l'], '≫': [80, 'l'], '∣_': [80, 'l'], '<$>': [100, 'r'], '<*>': [60, 'l'], '>>=': [55, 'l'], '<|>': [20, 'l'],
  '≪≫': [80, 'r'], '•>': [73, 'r'], '<•': [73, 'l'], '⊗ₜ': [100, 'l'], '×ˢ': [82, 'r'], '∘': [90, 'r'], '∆': [100, 'l'], '⊗': [100, 'r'],
};
/** The precedence and associativity of a binary operator, `bracketed` when a `[…]` is written against it (`=ᶠ[l]`):
 *  `f ∣[k] γ` is the slash action of modular forms (`notation:73`), not divisibility. */
export function binop(op: string, bracketed: boolean): [number, Assoc] | undefined {
  if (op === '∣' && bracketed) return [73, 'n'];
  const known = BINOPS[op];
  if (known || op.length < 2) return known;
  // the families of morphism and equivalence arrows (`→ₛₗ[σ]`, `≃ₗᵢ[R]`, `→⋆ₙ+*`, `≃ₜ+`): all `notation:25`
  // …but the linear and algebra equivalences, `notation:50` (`≃ₛₗ[σ]`, `≃ₗ⋆[R]`, `≃L⋆[R]`)
  if (op === '≃ₛₗ' || op === '≃ₗ⋆' || op === '≃L⋆') return [50, 'g'];
  return op[0] === '→' || op[0] === '↪' ? [25, 'r'] : op[0] === '≃' ? [25, 'l'] : undefined;
}
/** Postfix notation (all `postfix:max`, factorial `n !` at 10000). */
const POSTFIX = new Set(['⁻¹', 'ᶜ', 'ᵒᵈ', 'ᵐᵒᵖ', 'ᵃᵒᵖ', 'ᵒᵖ', 'ˣ', '⁺ᵐ', '⁻ᵐ', '⁺', '⁻', 'ᵀ', '⁰', '!']);
/** Binder notations and the precedence their body is read at (`∑ x ∈ s, f x` reads `term:67`). */
export const BINDERS: Record<string, number> = {
  '∀': 0, '∃': 0, '∃!': 0, 'fun': 0, 'λ': 0, 'Π': 0, 'Σ': 0, '∀ᶠ': 0, '∃ᶠ': 0, '∑': 67, '∏': 67, '∑ᶠ': 67, '∏ᶠ': 67, "∑'": 67, "∏'": 67,
  '⋃': 60, '⋂': 60, '⨆': 60, '⨅': 60, '∫': 60, '∫⁻': 60, '∮': 60, '∀ᵐ': 0, '∃ᵐ': 0, '⨍': 60, '𝔼': 67,
};
const CLOSERS: Record<string, string[]> = {
  '(': [')'], '[': [']'], '{': ['}'], '⟨': ['⟩'], '⦃': ['⦄'], '⟦': ['⟧'], '⟪': ['⟫'], '⁅': ['⁆'], '‹': ['›'], '⦋': ['⦌', '⦌ₙ₊₁', '⦌₂'], '![': [']'],
};
const ENCLOSE: Record<string, string[]> = { '|': ['|', '|ₘ'], '‖': ['‖', '‖₊', '‖ₑ'], '⌊': ['⌋', '⌋₊'], '⌈': ['⌉', '⌉₊'] };
const SEPARATORS_LIST = [',', ':', '|', '//', ':=', ';'];
const SEPARATORS = new Set(SEPARATORS_LIST);
export const MAX = 1024;
const UNKNOWN_PREC = 50;
const KNOWN_SYMBOL = new Set([...Object.keys(BINOPS), ...POSTFIX, ...Object.keys(BINDERS), ...Object.keys(CLOSERS), ...Object.keys(ENCLOSE),
  ...Object.values(CLOSERS).flat(), ...Object.values(ENCLOSE).flat(), ...SEPARATORS_LIST, '=>', '↦', '↑', '⇑', '↥', '√', '#', '¬', '-', '@', '?',
  '·', '⊤', '⊥', '∅', '∞', '∂', 'λ']);
const APP = 1023;

const STOP_SYMBOLS = new Set([')', ']', '}', '⟩', '⦄', '⟧', '⟫', '⁆', '›', '⦌', '⦌ₙ₊₁', '⦌₂', ',', ':', ':=', '=>', '↦', '//', ';', '⌋', '⌋₊', '⌉', '⌉₊', '|ₘ', '‖₊', '∂']);
const NOT_ARG_WORDS = new Set(['then', 'else', 'in', 'with', 'fun', 'if', 'at', 'by']);
const ARG_START = new Set(['(', '[', '{', '⟨', '⦃', '⟦', '⟪', '⁅', '‹', '⦋', '![', '⌊', '⌈', '‖', '↑', '⇑', '↥', '√', '·', '⊤', '⊥', '∅', '∞', '@', '#', 'λ', '?']);

class Reader {
  i = 0;
  /** Closers being waited for (innermost last): they end expressions. */
  private stops: string[] = [];
  constructor(private toks: Tok[]) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  private isStop(t: Tok | undefined): boolean {
    if (!t) return true;
    if (t.kind !== 'sym') return t.t === 'then' || t.t === 'else' || t.t === 'in' || t.t === 'with';
    if (STOP_SYMBOLS.has(t.t)) return true;
    // `|a|` opens without a space after it (`atomic("|" noWs)`); a `|` with a space after separates (`{x | p x}`)
    if (t.t === '|') return this.stops.includes('|') || t.wsAfter;
    if (t.t === '‖') return this.stops.includes('‖');
    return false;
  }
  /** Does `t` start an argument of an application? */
  private startsArg(t: Tok | undefined): boolean {
    if (!t || this.isStop(t)) return false;
    if (t.kind === 'id') return !NOT_ARG_WORDS.has(t.t) || t.t === 'fun';
    if (t.kind === 'num' || t.kind === 'str') return true;
    if (t.t === '|') return !t.wsAfter;
    return ARG_START.has(t.t);
  }

  expr(minPrec = 0): Node | undefined {
    let left = this.prefix();
    if (!left) return undefined;
    // Two relations in a row (`a < b > c`) are no Lean term: `infix:50` wants its left side at 51, and `a < b` is at 50.
    // Such text is a notation this reader does not know (the local `a <m> b` of EckmannHilton), not a chain.
    let chainedAt: number | undefined;
    for (let guard = 0; guard < 5000; guard++) {
      const t = this.peek();
      if (!t || this.isStop(t)) break;
      if (t.kind === 'sym' && (t as Tok & { proj?: boolean }).proj) {
        this.i++;
        left = { k: 'proj', a: left, field: t.t };
        continue;
      }
      if (t.kind === 'sym' && POSTFIX.has(t.t) && (t.t !== '!' || t.wsBefore || /[)\d]$/.test(this.peek(-1)?.t ?? ''))) {
        if (minPrec > MAX) break;
        this.i++;
        left = { k: 'post', op: t.t, a: left };
        continue;
      }
      const iterate = this.iterate(left);
      if (iterate) {
        if (minPrec > MAX) break;
        left = iterate;
        continue;
      }
      const bin = t.kind === 'sym' ? binop(t.t, this.peek(1)?.t === '[' && !this.peek(1)!.wsBefore) : undefined;
      if (bin) {
        const [prec, assoc] = bin;
        if (prec < minPrec) break;
        if (assoc === 'n' && chainedAt === prec) return undefined;
        this.i++;
        let opArg: Node | undefined;
        if (this.peek()?.t === '[' && !this.peek()!.wsBefore) {
          // `=ᶠ[l]`, `→ₗ[R]`, `=o[𝕜; l]`: the bracket belongs to the operator
          opArg = this.atom();
          if (!opArg) return undefined;
        }
        const r = this.expr(assoc === 'g' ? 0 : assoc === 'r' ? prec : prec + 1);
        if (!r) return undefined;
        left = opArg ? { k: 'bin', op: t.t, l: left, r, opArg } : { k: 'bin', op: t.t, l: left, r };
        chainedAt = assoc === 'n' ? prec : undefined;
        continue;
      }
      if (t.kind === 'sym' && !KNOWN_SYMBOL.has(t.t) && t.wsBefore && t.wsAfter) {
        // an operator this reader does not know (`F ⋙ G`, `a /ₚ u`): read at 51, printed as written
        if (UNKNOWN_PREC < minPrec) break;
        this.i++;
        const r = this.expr(UNKNOWN_PREC + 1);
        if (!r) return undefined;
        left = { k: 'bin', op: t.t, l: left, r };
        continue;
      }
      if (t.kind === 'sym' && !t.wsBefore && !KNOWN_SYMBOL.has(t.t) && !KNOWN_TOKEN.has(t.t)) {
        // unknown notation written against a term: postfix (`αˢʸᵐ`)
        this.i++;
        left = { k: 'post', op: t.t, a: left };
        continue;
      }
      if ((t.t === '[' || t.t === '(') && !t.wsBefore && minPrec <= MAX && left.k === 'atom') {
        // `R[M]`, `R[X]`: a bracket written against a term is notation on it
        const g = this.atom();
        if (!g) return undefined;
        left = { k: 'app', fn: left, args: [g], glue: true };
        continue;
      }
      if (minPrec <= APP && this.startsArg(t)) {
        const args: Node[] = [];
        while (this.startsArg(this.peek())) {
          const a = this.arg();
          if (!a) return undefined;
          args.push(a);
          if (a.k === 'binder') break; // `f fun x => …` ends the application
        }
        left = left.k === 'app' ? { k: 'app', fn: left.fn, args: [...left.args, ...args] } : { k: 'app', fn: left, args };
        continue;
      }
      break;
    }
    return left;
  }

  private arg(): Node | undefined {
    const t = this.peek()!;
    if (t.t === 'fun' || t.t === 'λ') return this.binder();
    if (t.t === '↑' || t.t === '⇑' || t.t === '↥' || t.t === '√' || t.t === '#') return this.prefix();
    let a = this.atom();
    // postfix notation binds to the argument (`f x⁻¹` is `f (x⁻¹)`)
    while (a) {
      const n = this.peek();
      if (n && n.kind === 'sym' && (n as Tok & { proj?: boolean }).proj) {
        this.i++;
        a = { k: 'proj', a, field: n.t };
      } else if (n && (n.t === '[' || (n.t === '(' && a.k === 'atom')) && !n.wsBefore) {
        const g = this.atom();
        if (!g) return undefined;
        a = { k: 'app', fn: a, args: [g], glue: true };
      } else if (n && n.kind === 'sym' && POSTFIX.has(n.t) && n.t !== '!' && !n.wsBefore) {
        this.i++;
        a = { k: 'post', op: n.t, a };
      } else {
        const iterate = this.iterate(a);
        if (!iterate) break;
        a = iterate;
      }
    }
    return a;
  }

  /** `f^[n]`, the n-th iterate (written against `f`, no spaces): a postfix on `f`, not a power. */
  private iterate(left: Node): Node | undefined {
    const t = this.peek();
    const b = this.peek(1);
    if (!t || t.t !== '^' || t.wsBefore || !b || b.t !== '[' || b.wsBefore) return undefined;
    const save = this.i;
    this.i++;
    const g = this.atom();
    if (!g) {
      this.i = save;
      return undefined;
    }
    return { k: 'post', op: `^${printGroup(g)}`, a: left };
  }

  private prefix(): Node | undefined {
    const t = this.peek();
    if (!t || this.isStop(t)) return undefined;
    if (t.kind === 'sym' || t.t === 'fun' || t.t === 'if') {
      if (t.t === '-' || t.t === '¬' || t.t === '⋃₀' || t.t === '⋂₀') {
        this.i++;
        const a = this.expr(PRE_ARG[t.t]);
        return a && { k: 'pre', op: t.t, a };
      }
      if ((t.t === '↑' || t.t === '⇑' || t.t === '↥' || t.t === '√' || t.t === '#') && !this.isStop(this.peek(1))) {
        this.i++;
        const a = t.t === '√' ? this.expr(100) : this.arg();
        return a && { k: 'pre', op: t.t, a };
      }
      if (t.t === 'if') return this.ite();
      if (Object.prototype.hasOwnProperty.call(BINDERS, t.t)) return this.binder();
    }
    return this.atom();
  }

  atomAt(): Node | undefined {
    return this.atom();
  }

  private atom(): Node | undefined {
    const t = this.peek();
    if (!t || this.isStop(t)) return undefined;
    this.i++;
    if (t.kind !== 'sym') {
      if (t.t === 'by') {
        // a tactic block (`(h : p := by simp)`, `(by simp)`): kept as text up to the closing bracket
        let text = 'by';
        let depth = 0;
        for (let n = this.peek(); n; n = this.peek()) {
          if (CLOSERS[n.t]) depth++;
          else if ([')', ']', '}', '⟩', '⦄', '⟧'].includes(n.t)) {
            if (depth === 0) break;
            depth--;
          }
          text += (n.wsBefore ? ' ' : '') + n.t;
          this.i++;
        }
        return { k: 'atom', text };
      }
      if (t.t === 'match' || t.t === 'let' || t.t === 'have' || t.t === 'show' || t.t === 'do') return undefined;
      return { k: 'atom', text: t.t };
    }
    if (t.t === '@' || t.t === '?') {
      const n = this.peek();
      if (!n || n.kind !== 'id' || n.wsBefore) return undefined;
      this.i++;
      return { k: 'atom', text: t.t + n.t };
    }
    if (t.t === '·' || t.t === '⊤' || t.t === '⊥' || t.t === '∅' || t.t === '∞') return { k: 'atom', text: t.t };
    const closers = CLOSERS[t.t];
    if (closers) return this.group(t.t, closers);
    const enc = ENCLOSE[t.t];
    if (!enc && (t.t === '↑' || t.t === '⇑' || t.t === '↥' || !KNOWN_SYMBOL.has(t.t))) return { k: 'atom', text: t.t }; // `(↑)`, `∠ A B C`, `𝟙 X`
    if (enc) {
      this.stops.push(t.t);
      const a = this.expr(0);
      this.stops.pop();
      const c = this.peek();
      if (!a || !c || !(enc.includes(c.t) || (c.t.startsWith(enc[0]) && c.t.length > enc[0].length && !KNOWN_TOKEN.has(c.t)))) return undefined;
      this.i++;
      return { k: 'enclose', open: t.t, close: c.t, a };
    }
    return undefined;
  }

  private group(open: string, closers: string[]): Node | undefined {
    const items: Node[] = [];
    const seps: string[] = [];
    const saved = this.stops;
    this.stops = [];
    try {
      if (closers.includes(this.peek()?.t ?? '')) {
        const close = this.peek()!.t;
        this.i++;
        return { k: 'group', open, close, items, seps };
      }
      for (;;) {
        const e = this.expr(0);
        if (!e) return undefined;
        items.push(e);
        const n = this.peek();
        if (!n) return undefined;
        if (closers.includes(n.t)) {
          this.i++;
          return { k: 'group', open, close: n.t, items, seps };
        }
        if (n.kind === 'sym' && (SEPARATORS.has(n.t) || n.t === '|')) {
          seps.push(n.t);
          this.i++;
          if (n.t === ':' && closers.includes(this.peek()?.t ?? '')) {
            // `(x :)`
            items.push({ k: 'atom', text: '' });
            continue;
          }
          continue;
        }
        return undefined;
      }
    } finally {
      this.stops = saved;
    }
  }

  private binder(): Node | undefined {
    const opTok = this.peek()!;
    this.i++;
    const op = opTok.t;
    const sepWords = op === 'fun' || op === 'λ' ? ['=>', '↦'] : [','];
    let opArg: Node | undefined;
    if (this.peek()?.t === '[' && !this.peek()!.wsBefore) {
      // `∑'[L] i, f i`
      opArg = this.atom();
      if (!opArg) return undefined;
    }
    // The binder part: names, brackets, `: T`, `∈ s`, `> 0`, `in l`, `with p i`, until the separator at depth 0.
    const head: Node[] = [];
    for (let guard = 0; guard < 200; guard++) {
      const t = this.peek();
      if (!t) return undefined;
      if (sepWords.includes(t.t)) break;
      // A bound (`x ∈ s`, `i < n`, `x : α`) or a keyword part (`in`, `with`): the marker, then an expression.
      if ((t.kind === 'sym' && BINDER_BOUNDS.has(t.t)) || t.t === 'in' || t.t === 'with') {
        this.i++;
        head.push({ k: 'atom', text: t.t });
        const e = this.expr(0);
        if (!e) return undefined;
        head.push(e);
        continue;
      }
      if (t.t === '∂') {
        // `∀ᵐ x ∂μ, p x`: the measure
        this.i++;
        const mu = this.atom();
        if (!mu) return undefined;
        head.push({ k: 'atom', text: '∂' }, mu);
        continue;
      }
      const a = this.atom();
      if (!a) return undefined;
      head.push(a);
    }
    const sep = this.peek()!.t;
    this.i++;
    const body = this.expr(BINDERS[op] ?? 0);
    if (!body) return undefined;
    const node: Node = opArg ? { k: 'binder', op, head, sep, body, opArg } : { k: 'binder', op, head, sep, body };
    if ((op === '∫' || op === '∫⁻') && this.peek()?.t === '∂') {
      this.i++;
      const mu = this.atom();
      if (!mu) return undefined;
      node.suffix = [{ k: 'atom', text: '∂' }, mu];
    }
    return node;
  }
  private ite(): Node | undefined {
    this.i++;
    const parts: Node[] = [];
    const words = ['if'];
    // `if h : c then a else b`
    if (this.peek()?.kind === 'id' && this.peek(1)?.t === ':') {
      parts.push({ k: 'atom', text: this.peek()!.t });
      words.push(':');
      this.i += 2;
    }
    const c = this.expr(0);
    if (!c || this.peek()?.t !== 'then') return undefined;
    parts.push(c);
    words.push('then');
    this.i++;
    const a = this.expr(0);
    if (!a || this.peek()?.t !== 'else') return undefined;
    parts.push(a);
    words.push('else');
    this.i++;
    const b = this.expr(0);
    if (!b) return undefined;
    parts.push(b);
    return { k: 'ite', parts, words };
  }
}

export interface Signature {
  /** Binder groups before the colon: `(a b : G)`, `[Monoid M]`, `{x}`. */
  binders: (Node & { k: 'group' })[];
  /** The type after the colon (absent in `def f (x : α) := …` without one). */
  type?: Node;
}

const sigCache = new Map<string, Signature | null>();
/** Forget the parses kept for repeated texts (after a project's extraction). */
export function clearTermCaches(): void {
  sigCache.clear();
  cache.clear();
  clearVariableCache?.();
}
let clearVariableCache: (() => void) | undefined;
/** statement.ts registers the cache of `variable` binders it keeps (cleared with the others). */
export function onClearTermCaches(f: () => void): void {
  clearVariableCache = f;
}
/** Read `binders : type` (a declaration's signature as the index keeps it); cached (callers must not change it). */
export function parseSignature(text: string): Signature | undefined {
  const hit = sigCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const out = readSignature(text);
  if (sigCache.size > 1000) sigCache.clear();
  sigCache.set(text, out ?? null);
  return out;
}
function readSignature(text: string): Signature | undefined {
  try {
    const toks = tokenize(text);
    if (!toks) return undefined;
    const r = new Reader(toks);
    const binders: (Node & { k: 'group' })[] = [];
    for (;;) {
      const t = r.peek();
      if (!t) return { binders };
      if (t.t === ':') break;
      if (!['(', '{', '[', '⦃'].includes(t.t)) return undefined;
      const g = r.atomAt();
      if (!g || g.k !== 'group') return undefined;
      binders.push(g);
    }
    r.i++;
    const type = r.expr(0);
    if (!type || r.i !== toks.length) return undefined;
    return { binders, type };
  } catch {
    return undefined;
  }
}

/** A bracketed group with its own brackets (a binder `(h)` keeps them). */
function printGroup(n: Node): string {
  if (n.k !== 'group') return pr(n, MAX, MAX);
  const inst = n.open === '{' && n.seps.includes(':=');
  let s = inst ? '{ ' : n.open;
  n.items.forEach((it, i) => {
    if (i > 0) {
      const sep = n.seps[i - 1];
      s += sep === ',' || sep === ';' ? `${sep} ` : sep === ':' && it.k === 'atom' && it.text === '' ? ' :' : ` ${sep} `;
    }
    s += pr(it, 0, NOTHING);
  });
  return s + (inst ? ' }' : n.close);
}

/** Lean text of a signature. */
export function printSignature(sig: Signature): string {
  const parts = sig.binders.map((b) => printGroup(b));
  if (sig.type) parts.push(`: ${printTerm(sig.type)}`);
  return parts.join(' ');
}

const cache = new Map<string, Node | null>();
/** Read a term; undefined when the text is not read to its end. */
export function parseTerm(text: string): Node | undefined {
  const hit = cache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  let out: Node | undefined;
  try {
    const toks = tokenize(text);
    if (toks && toks.length) {
      const r = new Reader(toks);
      const e = r.expr(0);
      out = e && r.i === toks.length ? e : undefined;
    }
  } catch {
    out = undefined;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(text, out ?? null);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

/** What follows a node to its right, as far as its parentheses are concerned. */
const NOTHING = -1;

function precOf(n: Node): number {
  switch (n.k) {
    case 'atom':
      return n.text.startsWith('by ') ? APP - 1 : MAX;
    case 'group':
    case 'enclose':
    case 'post':
    case 'proj':
      return MAX;
    case 'app':
      return n.glue ? MAX : APP;
    case 'bin':
      return binop(n.op, !!n.opArg)?.[0] ?? UNKNOWN_PREC + 1;
    case 'pre':
      return n.op === '¬' ? MAX : (PRE_ARG[n.op] ?? MAX); // (`¬p` is notation:max, its argument read at 40)
    case 'binder':
      return n.op === 'fun' || n.op === 'λ' ? MAX : APP - 1;
    case 'ite':
      return APP - 1;
  }
}

/** The precedence of what a trailing body reads: a node whose right end is open absorbs followers at or above it. */
function trailing(n: Node): number | undefined {
  if (n.k === 'binder') return n.suffix ? undefined : (BINDERS[n.op] ?? 0);
  if (n.k === 'ite') return 0;
  if (n.k === 'pre') return PRE_ARG[n.op];
  if (n.k === 'bin') {
    // `α → β` reads its right side at 25: before `≃` (also 25) it needs parentheses, `(α → β) ≃ γ`
    const bin = binop(n.op, !!n.opArg);
    if (bin) return bin[1] === 'g' ? 0 : bin[1] === 'r' ? bin[0] : bin[0] + 1;
  }
  if (n.k === 'atom' && n.text.startsWith('by ')) return 0;
  return undefined;
}
/** The precedence a prefix operator reads its argument at (`prefix:75 "-"`, `notation:max "¬" p:40`). */
const PRE_ARG: Record<string, number> = { '-': 75, '¬': 40, '√': 100, '⋃₀': 110, '⋂₀': 110 };

/** Is there a `·` in `n` outside parentheses of its own (which would be its scope)? */
function hasCdot(n: Node): boolean {
  switch (n.k) {
    case 'atom':
      return n.text === '·';
    case 'group':
      return n.open !== '(' && n.items.some(hasCdot);
    case 'app':
      return hasCdot(n.fn) || n.args.some(hasCdot);
    case 'bin':
      return hasCdot(n.l) || hasCdot(n.r);
    case 'pre':
    case 'post':
    case 'proj':
    case 'enclose':
      return hasCdot(n.a);
    case 'binder':
      return n.head.some(hasCdot) || hasCdot(n.body);
    case 'ite':
      return n.parts.some(hasCdot);
  }
}

const isPlainParen = (n: Node): boolean => n.k === 'group' && n.open === '(' && n.items.length === 1 && n.seps.length === 0;

/**
 * Print `n` where the context needs precedence `min` and `follow` is the precedence of what comes right after it
 * (NOTHING at the end of the text or before a closing bracket; MAX before another application argument).
 */
function pr(n: Node, min: number, follow: number): string {
  // Parentheses of the source are decided again (Lean prints only those the precedences need), except those that
  // make a `·` function (`(a • ·)`: the parentheses are its scope).
  if (isPlainParen(n) && !hasCdot((n as Node & { k: 'group' }).items[0])) return pr((n as Node & { k: 'group' }).items[0], min, follow);
  const needs = precOf(n) < min || (follow !== NOTHING && (() => {
    const tr = trailing(n);
    return tr !== undefined && follow >= tr;
  })());
  if (needs) return `(${pr(n, 0, NOTHING)})`;
  switch (n.k) {
    case 'atom':
      return n.text;
    case 'app': {
      if (n.glue && n.args.length === 1) return pr(n.fn, MAX, MAX) + printGroup(n.args[0]);
      const parts = [pr(n.fn, APP, MAX)];
      n.args.forEach((a, i) => {
        const last = i === n.args.length - 1;
        // `f fun x => e`: a trailing lambda needs no parentheses
        if (last && (a.k === 'binder' && (a.op === 'fun' || a.op === 'λ')) && follow === NOTHING) parts.push(pr(a, 0, NOTHING));
        else parts.push(pr(a, MAX, last ? follow : MAX));
      });
      return parts.join(' ');
    }
    case 'bin': {
      const bin = binop(n.op, !!n.opArg);
      if (!bin) {
        // an operator of unknown precedence: its operands keep the source's parentheses
        const verb = (x: Node) => (isPlainParen(x) ? `(${pr((x as Node & { k: 'group' }).items[0], 0, NOTHING)})` : pr(x, 0, NOTHING));
        return `${verb(n.l)} ${n.op} ${verb(n.r)}`;
      }
      const [p, assoc] = bin;
      const lmin = assoc === 'g' ? 0 : assoc === 'l' ? p : p + 1;
      const rmin = assoc === 'g' ? 0 : assoc === 'r' ? p : p + 1;
      const op = n.opArg ? `${n.op}${printGroup(n.opArg)}` : n.op;
      return `${pr(n.l, lmin, p)} ${op} ${pr(n.r, rmin, follow)}`;
    }
    case 'pre': {
      return n.op + (n.op.length > 1 ? ' ' : '') + pr(n.a, PRE_ARG[n.op] ?? MAX, follow);
    }
    case 'post':
      return pr(n.a, MAX, MAX) + (n.op === '!' ? ' !' : n.op);
    case 'proj':
      return pr(n.a, MAX, MAX) + n.field;
    case 'group':
      return printGroup(n);
    case 'enclose':
      return n.open + pr(n.a, 0, NOTHING) + n.close;
    case 'binder': {
      const head = n.head.map((h) => (h.k === 'group' ? printGroup(h) : pr(h, 0, NOTHING)));
      const sep = n.sep === ',' ? ',' : ` ${n.sep}`;
      const body = pr(n.body, BINDERS[n.op] ?? 0, n.suffix ? 60 : follow);
      const suffix = n.suffix ? ` ${n.suffix.map((x) => pr(x, MAX, NOTHING)).join('')}` : '';
      return `${n.op}${n.opArg ? printGroup(n.opArg) : ''} ${head.join(' ').replace(/∂ /g, '∂')}${sep} ${body}${suffix}`;
    }
    case 'ite': {
      let s = 'if ';
      let k = 0;
      if (n.words[1] === ':') {
        s += `${pr(n.parts[0], 0, NOTHING)} : `;
        k = 1;
      }
      return `${s}${pr(n.parts[k], 0, NOTHING)} then ${pr(n.parts[k + 1], 0, NOTHING)} else ${pr(n.parts[k + 2], 0, follow)}`;
    }
  }
}

/** Lean text of a term, with the parentheses its precedences need. */
export function printTerm(n: Node): string {
  return pr(n, 0, NOTHING);
}
/** Lean text of a term as an application argument (`f x`, `(a + b)`, `(fun x => e)`). */
export function printArg(n: Node): string {
  return pr(n, MAX, MAX);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

export function atom(text: string): Node {
  return { k: 'atom', text };
}
export function app(fn: Node, args: Node[]): Node {
  if (args.length === 0) return fn;
  return fn.k === 'app' ? { k: 'app', fn: fn.fn, args: [...fn.args, ...args] } : { k: 'app', fn, args };
}
/** A plain parenthesised term `(e)` (no separators): its content. */
export function unparen(n: Node): Node {
  while (n.k === 'group' && n.open === '(' && n.items.length === 1) n = n.items[0];
  return n;
}
export function isIdentText(s: string): boolean {
  const c = s.codePointAt(0);
  return c !== undefined && (isIdFirst(c) || c === 0xab);
}

/** Apply `f` to every node bottom-up (children first), rebuilding only what changed. */
export function mapTerm(n: Node, f: (n: Node) => Node): Node {
  let m: Node;
  switch (n.k) {
    case 'atom':
      m = n;
      break;
    case 'app':
      m = { k: 'app', fn: mapTerm(n.fn, f), args: n.args.map((a) => mapTerm(a, f)) };
      break;
    case 'bin':
      m = { ...n, l: mapTerm(n.l, f), r: mapTerm(n.r, f), ...(n.opArg ? { opArg: mapTerm(n.opArg, f) } : {}) };
      break;
    case 'pre':
    case 'post':
      m = { ...n, a: mapTerm(n.a, f) };
      break;
    case 'proj':
      m = { ...n, a: mapTerm(n.a, f) };
      break;
    case 'group':
      m = { ...n, items: n.items.map((a) => mapTerm(a, f)) };
      break;
    case 'enclose':
      m = { ...n, a: mapTerm(n.a, f) };
      break;
    case 'binder':
      m = { ...n, head: n.head.map((a) => mapTerm(a, f)), body: mapTerm(n.body, f), ...(n.suffix ? { suffix: n.suffix.map((a) => mapTerm(a, f)) } : {}) };
      break;
    case 'ite':
      m = { ...n, parts: n.parts.map((a) => mapTerm(a, f)) };
      break;
  }
  return f(m);
}

/** Identifiers (atoms that are names) of a term, bound ones included. */
export function atomsOf(n: Node, out: Set<string> = new Set()): Set<string> {
  mapTerm(n, (m) => {
    if (m.k === 'atom' && isIdentText(m.text)) out.add(m.text);
    return m;
  });
  return out;
}

/** Names a binder head binds: `x y : T` → x, y; `(x : T) (y)` → x, y; `x ∈ s` → x; `⟨a, b⟩` → a, b. */
export function binderNames(head: Node[]): string[] {
  const out: string[] = [];
  const visit = (h: Node, top: boolean) => {
    if (h.k === 'atom') {
      if (isIdentText(h.text) && h.text !== '_' && h.text !== 'in' && h.text !== 'with') out.push(h.text);
    } else if (h.k === 'group') {
      // `(x y : T)`: names before the first `:`; `⟨a, b⟩`: all
      if (h.open === '⟨') h.items.forEach((it) => visit(it, false));
      else if (h.items.length) {
        const first = h.items[0];
        if (first.k === 'atom') visit(first, false);
        else if (first.k === 'app') [first.fn, ...first.args].forEach((x) => visit(x, false));
      }
    } else if (h.k === 'app' && top) [h.fn, ...h.args].forEach((x) => visit(x, false));
  };
  for (let k = 0; k < head.length; k++) {
    const h = head[k];
    if (h.k === 'atom' && [':', '∈', '∉', '⊆', '<', '≤', '>', '≥', '≠', 'in', 'with'].includes(h.text)) break;
    visit(h, true);
  }
  return out;
}

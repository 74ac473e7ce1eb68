// Names Lean gives unnamed instances (`instance : Add Foo` → `instAddFoo`), approximated from syntax.
// Lean's rule (Lean.Elab.DeclNameGen): "inst" + the capitalized last component of every constant in
// the instance type, in expression order (applications: head first, then explicit arguments), each
// distinct subterm once; constants naming the current namespace or its prefixes are left out; Prop /
// Type / Sort print as such; non-dependent binders become `Of…` suffixes. We see only the text, so
// variables are recognised by being bound in the binders or looking like variables (`α`, `R`, `n`),
// and common notation is mapped to the constant behind it.

/** Notation → the constant it elaborates to (only its last component matters for the name). */
const NOTATION: Record<string, string> = {
  '×': 'Prod', '⊕': 'Sum', '≃': 'Equiv', '≤': 'LE.le', '<': 'LT.lt', '≥': 'GE.ge', '>': 'GT.gt', '=': 'Eq', '≠': 'Ne',
  '∈': 'Membership.mem', '+': 'HAdd.hAdd', '*': 'HMul.hMul', '•': 'HSMul.hSMul', '-': 'HSub.hSub', '/': 'HDiv.hDiv', '^': 'HPow.hPow',
  'ℕ': 'Nat', 'ℤ': 'Int', 'ℚ': 'Rat', 'ℝ': 'Real', 'ℂ': 'Complex', 'ℝ≥0': 'NNReal', 'ℝ≥0∞': 'ENNReal', 'ℕ∞': 'ENat',
  '→+*': 'RingHom', '→+': 'AddMonoidHom', '→*': 'MonoidHom', '≃+*': 'RingEquiv', '≃*': 'MulEquiv', '≃+': 'AddEquiv',
  '→ₗ': 'LinearMap', '≃ₗ': 'LinearEquiv', '→L': 'ContinuousLinearMap', '→o': 'OrderHom', '↪': 'Function.Embedding',
  '→₀': 'Finsupp', '→ₐ': 'AlgHom', '≃ₐ': 'AlgEquiv', '≃o': 'OrderIso', '↪o': 'OrderEmbedding', '≃ᵢ': 'IsometryEquiv',
  '→ᵇ': 'BoundedContinuousFunction', '⧸': 'HasQuotient.Quotient', '→*o': 'OrderMonoidHom', '≃*o': 'OrderMonoidIso', '→+o': 'OrderAddMonoidHom',
  '≃+o': 'OrderAddMonoidIso', '→*₀': 'MonoidWithZeroHom', '→ₙ*': 'MulHom', '→ₙ+': 'AddHom', '≃L': 'ContinuousLinearEquiv', '→ₙ+*': 'NonUnitalRingHom', '∧': 'And', '∨': 'Or', '↔': 'Iff', '¬': 'Not',
  'ᵒᵈ': 'OrderDual', 'ᵐᵒᵖ': 'MulOpposite', 'ᵃᵒᵖ': 'AddOpposite', 'ˣ': 'Units', '⊤': 'Top.top', '⊥': 'Bot.bot',
};
/** Bundled-map arrows that only appear in `extends` clauses and types. */
const ARROWS: [string, string][] = [
  ['≃*o', 'OrderMonoidIso'], ['≃+o', 'OrderAddMonoidIso'], ['→*o', 'OrderMonoidHom'], ['→+o', 'OrderAddMonoidHom'],
  ['≃+*', 'RingEquiv'], ['→+*', 'RingHom'], ['→ₙ+*', 'NonUnitalRingHom'], ['→*₀', 'MonoidWithZeroHom'], ['→ₙ*', 'MulHom'], ['→ₙ+', 'AddHom'],
  ['≃*', 'MulEquiv'], ['≃+', 'AddEquiv'], ['→*', 'MonoidHom'], ['→+', 'AddMonoidHom'], ['≃ₗ', 'LinearEquiv'], ['→ₗ', 'LinearMap'],
  ['≃L', 'ContinuousLinearEquiv'], ['→L', 'ContinuousLinearMap'], ['→ₙₐ', 'NonUnitalAlgHom'], ['≃ₐ', 'AlgEquiv'], ['→ₐ', 'AlgHom'],
  ['≃o', 'OrderIso'], ['↪o', 'OrderEmbedding'], ['→o', 'OrderHom'], ['≃ᵢ', 'IsometryEquiv'], ['≃ₜ', 'Homeomorph'], ['→ᵇ', 'BoundedContinuousFunction'],
  ['→ᵃ', 'AffineMap'], ['≃ᵃ', 'AffineEquiv'], ['↪', 'Function.Embedding'], ['→₀', 'Finsupp'], ['≃', 'Equiv'],
];

/** The structure behind a parent written as notation (`A ≃* B` → `MulEquiv`), if any. */
export function notationHead(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ('([{⦃⟨'.includes(ch)) depth++;
    else if (')]}⦄⟩'.includes(ch)) depth--;
    else if (depth === 0) for (const [op, name] of ARROWS) if (text.startsWith(op, i)) return name;
  }
  return undefined;
}

/** Infix operators: the head constant comes before its operands in the elaborated term. */
const INFIX = new Set(['×', '⊕', '≃', '≤', '<', '≥', '>', '=', '≠', '∈', '+', '*', '•', '-', '/', '^', '→+*', '→+', '→*', '≃+*', '≃*', '≃+',
  '→ₗ', '≃ₗ', '→L', '≃L', '→o', '↪', '→₀', '→ₐ', '≃ₐ', '≃o', '↪o', '≃ᵢ', '→ᵇ', '⧸', '∧', '∨', '↔', '→*o', '≃*o', '→+o', '≃+o', '→*₀', '→ₙ*', '→ₙ+',
  '→ₙ+*']);
const POSTFIX = new Set(['ᵒᵈ', 'ᵐᵒᵖ', 'ᵃᵒᵖ', 'ˣ']);

type Tok = { t: 'id' | 'const' | 'op' | 'open' | 'close' | 'sort'; v: string; sub?: boolean };

const TOKEN = /\s+|(Type\*|Type\s+[A-Za-z_]\w*|Type\b|Sort\*|Sort\s+[A-Za-z_]\w*|Sort\b|Prop\b)|(ℝ≥0∞|ℝ≥0|ℕ∞|ℚ_\[[^\]]*\]|ℤ_\[[^\]]*\]|[ℕℤℚℝℂ])|([A-Za-z_α-ωΑ-Ω𝕜𝔸𝓝][\w'!?.₀-₉ᵢ-ᵪ⁰-⁹]*|«[^»]*»)|(\[\s*[^\]\s]*\s*\])|([([{⦃⟨])|([)\]}⦄⟩])|(→ₙ\+\*|→\*o|≃\*o|→\+o|≃\+o|→\*₀|→ₙ\*|→ₙ\+|→\+\*|→\+|→\*|≃\+\*|≃\*|≃\+|→ₗ|≃ₗ|→L|≃L|→o|↪o|≃o|↪|→₀|→ₐ|≃ₐ|≃ᵢ|→ᵇ|ᵒᵈ|ᵐᵒᵖ|ᵃᵒᵖ|[×⊕≃≤<≥>=≠∈+*•\-/^⧸∧∨↔¬ˣ⊤⊥→∀])|./gu;

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    if (m[1]) out.push({ t: 'sort', v: m[1].startsWith('Prop') ? 'Prop' : m[1].startsWith('Sort') ? 'Sort' : 'Type' });
    else if (m[2]) out.push({ t: 'const', v: m[2].startsWith('ℚ_') ? 'Padic' : m[2].startsWith('ℤ_') ? 'PadicInt' : NOTATION[m[2]] });
    else if (m[3]) out.push({ t: 'id', v: m[3] });
    else if (m[4]) {
      // `→ₗ[R]`-style subscripted arrows: the bracket belongs to the arrow, drop it
      const last = out[out.length - 1];
      if (last && last.t === 'op') last.sub = true;
      else out.push({ t: 'open', v: '[' }, { t: 'close', v: ']' });
    } else if (m[5]) out.push({ t: 'open', v: m[5] });
    else if (m[6]) out.push({ t: 'close', v: m[6] });
    else if (m[7]) out.push({ t: 'op', v: m[7] });
  }
  return out;
}

/** Does this identifier look like a variable rather than a constant? */
function looksLikeVariable(id: string, bound: Set<string>): boolean {
  const head = id.split('.')[0];
  if (bound.has(head)) return true;
  const core = head.replace(/[₀-₉ᵢ-ᵪ'0-9]+$/u, '');
  if (Array.from(core).length <= 1) return true;
  return /^[a-z]/.test(core) && !id.includes('.');
}

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const lastComponent = (name: string) => {
  const parts = name.replace(/[«»]/g, '').split('.');
  return parts[parts.length - 1];
};

/**
 * The type without named arguments: `Std.Commutative (α := Nat) (· + ·)` → `Std.Commutative  (· + ·)`. They fill
 * implicit parameters, which Lean's name leaves out (`Nat.instCommutativeHAdd`); read as text, `:=` would add an `Eq`.
 */
export function withoutNamedArgs(type: string): string {
  if (!type.includes(':=')) return type;
  let out = '';
  let i = 0;
  const named = /\(\s*[^\s()\[\]{}:]+\s*:=/y;
  while (i < type.length) {
    named.lastIndex = i;
    if (type[i] === '(' && named.test(type)) {
      // Skip to the matching `)`.
      let depth = 0;
      let j = i;
      for (; j < type.length; j++) {
        const ch = type[j];
        if ('([{⦃⟨'.includes(ch)) depth++;
        else if (')]}⦄⟩'.includes(ch) && --depth === 0) break;
      }
      out += ' ';
      i = j + 1;
      continue;
    }
    out += type[i++];
  }
  return out;
}

/** Names bound by a binder list such as `{α : Type*} [Foo α] (x y : α)`. */
export function boundNames(binders: string): Set<string> {
  const out = new Set<string>();
  for (const m of binders.matchAll(/[({⦃\[]\s*([^:()\[\]{}⦃⦄]*?)\s*:/gu)) for (const n of m[1].split(/\s+/)) if (n) out.add(n);
  for (const m of binders.matchAll(/\{\s*([^:{}]+?)\s*\}/gu)) for (const n of m[1].split(/\s+/)) if (n) out.add(n);
  return out;
}

/** A generated instance name: the part from the type, and one `Of…` candidate per instance binder (innermost last). */
export interface InstanceNameParts {
  base: string;
  /** The head constant of the instance's type (`SemilinearMapClass`), as written. */
  head?: string;
  /** `cls`: the binder's class (head constant as written); `part`: what it adds (`OfIsDomain`), '' when nothing. */
  ofs: { cls: string; part: string }[];
}

/**
 * The generated name of `instance <binders> : <type>` in namespace `ns` (components), without the
 * namespace prefix (the caller places it in the current namespace, as Lean does).
 */
export function instanceBaseName(type: string, binders: string, ns: string[]): string {
  return composeInstanceName(instanceNameParts(type, binders, ns), (cls) => OF_BINDERS && OF_BINDER_CLASS.test(cls));
}

/** `base` + the `Of…` parts of the binders `isOf` accepts (Lean adds one for each binder the type does not use). */
export function composeInstanceName(p: InstanceNameParts, isOf: (cls: string, index: number) => boolean): string {
  return p.base + p.ofs.filter((o, k) => o.part && isOf(o.cls, k)).map((o) => o.part).join('');
}

/** Lean's `mkBaseNameWithSuffix'` pieces for an instance (see the file comment). */
export function instanceNameParts(type: string, binders: string, ns: string[]): InstanceNameParts {
  const bound = boundNames(binders);
  const seen = new Set<string>(ns);
  // `f <| x` is an application
  const toks = tokenize(withoutNamedArgs(type.replace(/\.\{[^{}]*\}/g, '').replace(/<\|/g, ' '))); // universe arguments `ULift.{u}`
  let i = 0;

  // Returns the pieces of the name for an expression, heads before arguments.
  function parseExpr(stop: Set<string>): string[] {
    const operands: string[][] = [];
    const heads: string[] = [];
    let current: string[] = [];
    let atomStart = 0; // where the last atom's pieces begin in `current` (a postfix applies to it)
    while (i < toks.length) {
      const tk = toks[i];
      if (tk.t === 'close') break;
      if (tk.t === 'op' && stop.has(tk.v)) break;
      i++;
      if (tk.t !== 'op') atomStart = current.length;
      if (tk.t === 'open') {
        const inner = parseExpr(new Set());
        if (i < toks.length && toks[i].t === 'close') i++;
        current.push(...inner);
      } else if (tk.t === 'sort') current.push(tk.v);
      else if (tk.t === 'const') current.push(lastComponent(tk.v));
      else if (tk.t === 'id') {
        if (looksLikeVariable(tk.v, bound)) {
          if (tk.v.includes('.') && !bound.has(tk.v)) current.push(lastComponent(tk.v)); // `p.Prime` is `Nat.Prime p`
        } else current.push(lastComponent(tk.v));
      } else if (tk.t === 'op') {
        if (tk.v === '→' || tk.v === '∀') {
          // non-dependent arrow: `Forall` + domain + codomain
          const rest = parseExpr(stop);
          return ['Forall', ...heads, ...operands.flat(), ...current, ...rest];
        }
        const c = NOTATION[tk.v];
        if (POSTFIX.has(tk.v)) {
          if (c) current.splice(atomStart, 0, lastComponent(c));
        } else if (INFIX.has(tk.v)) {
          if (c) heads.push(lastComponent(c));
          // `M →ₗ[R] N` is `LinearMap (RingHom.id R) M N`: the ring hom is an explicit argument
          if (LINEAR_ARROWS.has(tk.v) && tk.sub) heads.push('Id');
          operands.push(current);
          current = [];
          atomStart = 0;
        } else if (c) current.push(lastComponent(c));
      }
    }
    operands.push(current);
    return [...heads, ...operands.flat()];
  }

  const emit = (ps: string[]) => {
    let out = '';
    for (const p of ps) {
      const cap = capitalize(p);
      if (!cap || seen.has(p) || seen.has(cap)) continue;
      seen.add(p);
      out += cap;
    }
    return out;
  };
  const base = 'inst' + emit(parseExpr(new Set()));
  // Instance binders the type does not depend on become `Of…` parts (innermost seen first).
  const ofs: InstanceNameParts['ofs'] = [];
  const classes = [...binders.matchAll(/\[\s*(?:[^\]:]*?:\s*)?([^\]]*)\]/gu)].map((m) => m[1].trim());
  for (let k = classes.length - 1; k >= 0; k--) {
    toks.length = 0;
    toks.push(...tokenize(classes[k]));
    i = 0;
    const s = emit(parseExpr(new Set()));
    const cls = /^@?((?:[^\s()\[\]{}]|«[^»]*»)+)/u.exec(classes[k])?.[1] ?? '';
    ofs.unshift({ cls, part: s ? 'Of' + s : '' });
  }
  const head = /^[\s(]*@?((?:[A-Za-z_][\w'.]*|«[^»]*»))/u.exec(type)?.[1];
  return head ? { base, head, ofs } : { base, ofs };
}

/** Linear-map arrows whose `[R]` is `RingHom.id R` (`→ₗ[R]`, `→L[R]`, `≃ₗ[R]`, `≃L[R]`). */
const LINEAR_ARROWS = new Set(['→ₗ', '→L', '≃ₗ', '≃L']);

/**
 * Instance binders that become `Of…` parts. Lean adds one for each binder the instance type does not
 * depend on, which text cannot tell; Prop-valued mixin classes (`[IsDomain R]`, `[Nontrivial R]`,
 * `[Fact p.Prime]`) are rarely parameters of the type, so only those are counted. Measured on
 * references to generated names inside Mathlib (see the report), this beats both "never" and "always".
 */
export const OF_BINDER_CLASS = /^(?:Is[A-Z]|Has[A-Z]|Fact\b|Nontrivial\b|Subsingleton\b|Nonempty\b|Finite\b|Infinite\b|Countable\b|Decidable|NoZeroDivisors\b|CharZero\b|NeZero\b|Unique\b)/u;
export const OF_BINDERS = process.env.LEANSCOUT_OF_BINDERS !== '0';

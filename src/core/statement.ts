// Reading Lean statement text: one module for search, tactics and informalization.
//
// Statements come in three spellings — a declaration's signature as the source writes it
// (`{α : Type*} [Foo α] (s : Finset α) (p : α → Prop) : #(s.filter p) ≤ #s`), a goal as Lean's infoview prints it
// (`s : Finset α` … `⊢ #{x ∈ s | p x} ≤ #s`) and a bare formula typed in a search box — and this module reads all
// three: binders, hypotheses, the conclusion, its head symbol and shape, and the *normal form* in which the two
// sides of a match meet. Nothing here elaborates; it splits on brackets, `:`, `→` and `∀ …,` at the top level and
// rewrites notation locally.
//
// Readers not yet moved here (owned elsewhere): `informal/signature.ts` is a copy of the signature reader below (same
// API: `export { parseSignature, splitTopLevel, topRelation, headSymbol, type Binder, type BinderKind,
// type SignatureShape } from '../statement'` would replace it); `tactics/modelFree.ts` imports it and `../goal` (which
// re-exports this module's goal reader). `tactics/term.ts` reads a term into a tree for matching; it is not used for
// the index (about 33 µs a conclusion, 13% of Mathlib's unreadable to it) — handing it `normalizeStatement`'s output
// would let its matcher see `f + g` where a goal shows `fun x => f x + g x`.
//
// The normal form. Lean's delaborator prints common Mathlib definitions with notation (`#s`, `{x ∈ s | p x}`,
// `f '' s`), while sources write either the notation or the definition (`s.card`, `Finset.card s`, `s.filter p`,
// `Set.image f s`), and goals show functions built pointwise as lambdas (`fun x => f x + g x`) where lemmas state
// them as `f + g`. `normalizeStatement` writes every such form one way:
//   - `Finset.card` by its name (its notation `#` carries no token): `#s`, `s.card`, `Finset.card s` → `card s`;
//   - `Finset.filter` by its name and its notation: `{x ∈ s | p x}` → `filter {x ∈ s | p x}`, `s.filter p` →
//     `filter {∈ s |} p` (`sep` for a `Set`, known from binders, hypotheses or the namespace);
//   - other definitions and operators applied by name by their notation: `Set.image f s` → `'' f s`,
//     `Set.preimage f s` → `⁻¹' f s`, `Inv.inv x` → `⁻¹ x`, `Dvd.dvd a b` → `∣ a b`, `HAdd.hAdd a b` → `+ a b`,
//     `Finset.sum s f` → `∑ ∈ s f`; the old binder `∑ x in s, f x` → `∑ x ∈ s, f x`;
//   - lambdas: `fun x => f x` → `f`; pointwise `fun x => f x + g x` → `f + g` (also `-`, `*`, `/`, `c • f x`,
//     `-f x`, `(f x)⁻¹`), `fun x => f (g x)` → `f ∘ g`; any other `fun x => b` → `fun x, b` (its arrow is not an
//     implication, and a binder type is bracketed so that its colon is not the statement's).
// Word order inside the normal form is not Lean's (`filter {∈ s |} p`): it is for matching only (its tokens and its
// shape) and never shown. It is applied to signatures when the index is built and to goals and formulas when a
// query is read, so both sides agree by construction. Coercion arrows (`↑x` against a source's `(x : ℝ)`) are left
// as they are: dropping them measured worse.

// ---------------------------------------------------------------------------------------------------------------
// Brackets

const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']', '⦃': '⦄', '⟨': '⟩' };
const CLOSERS = new Set(Object.values(OPEN));

/** Index of the bracket closing the one at `start`, or -1. */
export function matchingBracket(s: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) stack.push(OPEN[c]);
    else if (CLOSERS.has(c)) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** `binders : type` split at the first `:` at depth 0 (not `:=`). */
export function splitTopColon(s: string): { binders: string; type: string } {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if ('([{⦃⟨⟪'.includes(ch)) depth++;
    else if (')]}⦄⟩⟫'.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === ':' && s[i + 1] !== '=') return { binders: s.slice(0, i).trim(), type: s.slice(i + 1).trim() };
  }
  return { binders: s, type: '' };
}

/** A projection's signature past what Lean states before the field's own binders, the structure's parameters and
 *  `self` (`{f} (self : Rev f) (x y) : …` → `(x y) : …`); other signatures as they are. */
export function projectionOwnPart(signature: string): string {
  const at = signature.search(/[([]self : /);
  if (at < 0) return signature;
  const close = matchingBracket(signature, at);
  return close < 0 ? signature : signature.slice(close + 1).trim();
}

/** Split `s` on `sep` occurrences that are outside all brackets. */
export function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(last, i));
      last = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(last));
  return parts.map((p) => p.trim());
}

/** The part after the last top-level `sep` (`:` skips `:=` and `::`), or all of `s`. */
function afterLastTopLevel(s: string, sep: string): string {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{' || c === '⟨' || c === '⦃') depth++;
    else if (c === ')' || c === ']' || c === '}' || c === '⟩' || c === '⦄') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      if (sep === ':' && (s[i + 1] === '=' || s[i + 1] === ':' || s[i - 1] === ':')) continue;
      cut = i + sep.length;
    }
  }
  return cut >= 0 ? s.slice(cut) : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Signatures: binders, hypotheses, conclusion

export type BinderKind = 'explicit' | 'implicit' | 'instance' | 'strict-implicit';

export interface Binder {
  kind: BinderKind;
  names: string[];
  type: string;
}

export interface SignatureShape {
  binders: Binder[];
  /** Premises of the type itself (`A → B → C` gives A, B). */
  arrows: string[];
  /** Variables bound by a leading `∀ x y,` in the type. */
  foralls: string[];
  conclusion: string;
}

function parseBinder(inner: string, kind: BinderKind): Binder {
  const colon = splitTopLevel(inner, ' : ');
  if (colon.length >= 2) return { kind, names: colon[0].split(/\s+/).filter(Boolean), type: colon.slice(1).join(' : ') };
  // `[Foo α]` or `(x)` without a type.
  return kind === 'instance' ? { kind, names: [], type: inner.trim() } : { kind, names: inner.trim().split(/\s+/), type: '' };
}

/** Leading binder groups of a signature and the type after them (without its `:`). */
function splitBinders(signature: string): { binders: Binder[]; type: string } {
  let s = signature.replace(/\s+/g, ' ').trim();
  const binders: Binder[] = [];
  for (;;) {
    const c = s[0];
    if (!c || !'({[⦃'.includes(c)) break;
    const end = matchingBracket(s, 0);
    if (end < 0) break;
    const inner = s.slice(1, end);
    const kind: BinderKind = c === '(' ? 'explicit' : c === '{' ? 'implicit' : c === '[' ? 'instance' : 'strict-implicit';
    binders.push(parseBinder(inner, kind));
    s = s.slice(end + 1).trim();
  }
  if (s.startsWith(':')) s = s.slice(1).trim();
  return { binders, type: s };
}

/** Position of the `:` after a signature's leading binder groups (`(a : α) [Foo α] : …`), or -1. */
export function afterBinderGroups(s: string): number {
  let i = 0;
  const n = s.length;
  for (;;) {
    while (i < n && (s.charCodeAt(i) <= 32 || s[i] === '\u00a0')) i++;
    const c = s[i];
    if (c === ':') return s[i + 1] === '=' ? -1 : i;
    if (c !== '(' && c !== '{' && c !== '[' && c !== '⦃') return -1;
    let depth = 0;
    let j = i;
    for (; j < n; j++) {
      const d = s[j];
      if (d === '(' || d === '{' || d === '[' || d === '⦃' || d === '⟨') depth++;
      else if ((d === ')' || d === '}' || d === ']' || d === '⦄' || d === '⟩') && --depth === 0) break;
    }
    if (j >= n) return -1;
    i = j + 1;
  }
}

/** Binders, premises (`A → B → C` gives A, B), leading `∀` variables and the conclusion of a signature. */
export function parseSignature(signature: string): SignatureShape {
  const { binders, type } = splitBinders(signature);
  const { foralls, body } = stripForalls(type);
  const arrows = splitTopLevel(body, '→');
  const conclusion = arrows.pop() ?? body;
  return { binders, arrows, foralls, conclusion };
}

/**
 * A declaration's type as a chain of arrows: its explicit arguments' types, then its result's (`List.map (f : α → β) :
 * List α → List β` is `α → β → List α → List β`; the key leaves brackets out, so `(α → β) → …` keys alike). Implicit
 * and instance arguments are left out, as a type asked for (Loogle's `(α → β) → List α → List β`) leaves them out.
 */
export function typeChainOf(signature: string): string {
  // (one pass over the binder groups: this runs for every declaration of the library when the learned stage starts;
  // the result type is kept whole, as splitting it at its arrows and joining them again gives the same key)
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    while (i < signature.length && signature.charCodeAt(i) <= 32) i++;
    const c = signature[i];
    if (c !== '(' && c !== '{' && c !== '[' && c !== '⦃') break;
    const end = matchingBracket(signature, i);
    if (end < 0) break;
    if (c === '(') {
      const inner = signature.slice(i + 1, end);
      const colon = topLevelColon(inner);
      if (colon > 0) {
        // (a default value or tactic, `(μ : Measure α := by volume_tac)`, is not part of the type users ask for)
        const type = splitTopLevel(inner.slice(colon + 1), ':=')[0];
        const names = inner.slice(0, colon).trim().split(/\s+/).length;
        for (let k = 0; k < names; k++) parts.push(type);
      }
    }
    i = end + 1;
  }
  while (i < signature.length && signature.charCodeAt(i) <= 32) i++;
  if (signature[i] === ':') i++;
  parts.push(signature.slice(i).trim());
  return parts.join(' → ');
}

/** The first `:` outside brackets (not `:=`), or -1. */
function topLevelColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) depth--;
    else if (c === ':' && depth === 0 && s[i + 1] !== '=') return i;
  }
  return -1;
}

function stripForalls(type: string): { foralls: string[]; body: string } {
  const foralls: string[] = [];
  let body = type;
  for (;;) {
    const m = /^∀\s*/.exec(body);
    if (!m) break;
    const parts = splitTopLevel(body.slice(m[0].length), ',');
    if (parts.length < 2) break;
    foralls.push(parts[0]);
    body = parts.slice(1).join(', ');
  }
  return { foralls, body };
}

/** The top-level relation of a proposition: `=`, `↔`, `≤`, `<`, `≠`, … with its two sides. */
export function topRelation(prop: string): { rel: string; lhs: string; rhs: string } | undefined {
  for (const rel of ['↔', ' = ', ' ≠ ', ' ≤ ', ' < ', ' ≥ ', ' > ', ' ∣ ', ' ∈ ', ' ∉ ', ' ⊆ ']) {
    const parts = splitTopLevel(prop, rel);
    if (parts.length === 2) return { rel: rel.trim(), lhs: parts[0], rhs: parts[1] };
  }
  return undefined;
}

/** The head symbol of a proposition (`Continuous`, `=`, `≤`), used to match premises against goals. */
export function headSymbol(prop: string): string {
  const rel = topRelation(prop);
  if (rel) return rel.rel;
  const m = /^[¬]?\s*([^\s(]+)/.exec(prop.trim());
  return m ? m[1] : '';
}

/**
 * The conclusion of a signature or goal target: after the signature's binders and its `:` (else after the last
 * top-level `:`), after the last top-level `→` and after leading `∀ …,` binders.
 */
export function conclusionOf(text: string, isSignature: boolean): string {
  const assign = text.indexOf(':=');
  let s = assign >= 0 ? text.slice(0, assign) : text;
  if (isSignature) {
    // After the binder groups and their `:`; without them the last top-level colon decides.
    const colon = afterBinderGroups(s);
    s = colon >= 0 ? s.slice(colon + 1) : afterLastTopLevel(s, ':');
  }
  s = afterLastTopLevel(s, '→');
  // `∀ x y, P x y` / `∀ x ∈ s, …`: the body
  for (;;) {
    const m = /^\s*∀\s/u.exec(s);
    if (!m) break;
    const parts = splitTopLevel(s.slice(m[0].length), ',');
    if (parts.length < 2) break;
    s = parts.slice(1).join(', ');
    s = afterLastTopLevel(s, '→');
  }
  return greaterTurnedAround(asNotation(s.trim()));
}

/** What a function's argument may be when it is spelled out in a formula: a variable, a numeral or a bracketed term
 *  (one level of brackets inside), not an English word ("sqrt of 2"). */
const NOTATION_ARGUMENT = String.raw`(\((?:[^()]|\([^()]*\))*\)|(?!(?:of|is|in|on|at|to|as|an|or|if|by|be|for|the)\b)[\p{L}_][\p{L}\p{N}_'₀-₉]*|\d+)`;
/** Functions that Mathlib states with their notation (`|a|` about 890 times against about 210 for `abs a`, `√x` 1,000
 *  against 410, `‖x‖` 30,000 against 150): spelled out in a formula, they are asked as written there. */
const SPELLED_NOTATION: [RegExp, (arg: string) => string][] = [
  [spelledFunction('abs'), (a) => `|${unbracket(a)}|`],
  [spelledFunction('norm'), (a) => `‖${unbracket(a)}‖`],
  [spelledFunction(String.raw`(?:Real\.)?sqrt`), (a) => `√${a}`],
  // (`𝓝 x` about 6,500 times against 130 for `nhds x`)
  [spelledFunction('nhds'), (a) => `𝓝 ${a}`],
];

/** A function's name as a whole identifier (not `normSq`, `nhdsWithin`, `Complex.abs`) and its argument. */
function spelledFunction(name: string): RegExp {
  return new RegExp(String.raw`(?<![\p{L}\p{N}_.'])${name}(?![\p{L}\p{N}_'])\s*` + NOTATION_ARGUMENT, 'gu');
}

function unbracket(arg: string): string {
  return arg.startsWith('(') ? arg.slice(1, -1).trim() : arg;
}

/** `abs (a + b)`, `Real.sqrt x`, `norm v`, `Real.pi`, `nhds x` as Mathlib mostly writes them: `|a + b|`, `√x`, `‖v‖`,
 *  `π`, `𝓝 x` (a statement's conclusion is keyed so, whichever way it was written, and so is a query's). */
export function asNotation(text: string): string {
  if (!/\b(?:abs|norm|sqrt|pi|nhds)\b/.test(text)) return text;
  let out = text.replace(/(?<![\p{L}\p{N}_.'])Real\.pi\b/gu, 'π');
  for (const [re, write] of SPELLED_NOTATION) out = out.replace(re, (_, arg: string) => write(arg));
  return out;
}

/** Relations and connectives that may stand at a proposition's top level (`>` is told apart from `->`, `=>`, `>>=`). */
const TOP_LEVEL_RELATION = new Set([...'=≤<≠↔∣∈∉⊆⊂⊇⊃∧∨≃≅']);

/**
 * Mathlib states `a ≥ b` as `b ≤ a` and `a > b` as `b < a`: a conclusion whose one top-level relation is `≥` or `>` is
 * turned around (`x ^ 2 ≥ 0` → `0 ≤ x ^ 2`), so that its shape and key are those of the lemmas stating it. A binder's
 * bound (`∃ x > 0, p x`) is no relation: a conclusion with a top-level comma is left as it is; nor is `ℝ≥0`.
 */
export function greaterTurnedAround(s: string): string {
  if (!s.includes('≥') && !s.includes('>')) return s;
  let depth = 0;
  let at = -1;
  let relations = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (c === ',') return s;
    else if ((c === '≥' && s[i - 1] !== 'ℝ') || (c === '>' && !'-=<>|'.includes(s[i - 1] ?? '') && !'=>'.includes(s[i + 1] ?? ''))) {
      relations++;
      at = i;
    } else if (TOP_LEVEL_RELATION.has(c)) relations++;
  }
  if (relations !== 1 || at < 0) return s;
  const lhs = s.slice(0, at).trim();
  const rhs = s.slice(at + 1).trim();
  return lhs && rhs ? `${rhs} ${s[at] === '≥' ? '≤' : '<'} ${lhs}` : s;
}

/**
 * A signature with each binder's type and each premise and conclusion of its type turned around where it states `≥` or
 * `>` (greaterTurnedAround): `(h : b ≥ a) : a ⊓ b ≥ c` → `(h : a ≤ b) : c ≤ a ⊓ b`, as Lean states the order dual of a
 * lemma (`to_dual` swaps the arguments of `≤` and `<`). Parts with more than one relation stay as they are.
 */
export function relationsTurnedAround(signature: string): string {
  if (!signature.includes('≥') && !signature.includes('>')) return signature;
  let out = '';
  let i = 0;
  for (;;) {
    const ws = /^\s*/.exec(signature.slice(i))![0];
    const c = signature[i + ws.length];
    if (c !== '(' && c !== '{' && c !== '[' && c !== '⦃') break;
    const start = i + ws.length;
    const end = matchingBracket(signature, start);
    if (end < 0) break;
    const inner = signature.slice(start + 1, end);
    const colon = topLevelColon(inner);
    const type = colon > 0 ? inner.slice(colon + 1).trim() : '';
    const turned = type ? turnedUnderBinders(type) : type;
    out += ws + (turned === type ? signature.slice(start, end + 1) : `${c}${inner.slice(0, colon + 1)} ${turned}${signature[end]}`);
    i = end + 1;
  }
  const rest = signature.slice(i);
  const colon = /^\s*:/.exec(rest);
  if (!colon) return out + rest;
  const parts = splitTopLevel(rest.slice(colon[0].length), '→');
  const turned = parts.map((p) => turnedUnderBinders(p.trim()));
  return turned.every((t, k) => t === parts[k].trim()) ? out + rest : `${out}${colon[0]} ${turned.join(' → ')}`;
}

/** greaterTurnedAround, and inside the body of leading quantifiers (`∃ c ≤ a, a ⊓ b ≥ c` → `∃ c ≤ a, c ≤ a ⊓ b`). */
function turnedUnderBinders(prop: string): string {
  const m = /^([∀∃]!?\s)/u.exec(prop);
  if (!m) return greaterTurnedAround(prop);
  const parts = splitTopLevel(prop, ',');
  if (parts.length < 2) return prop;
  const body = parts.slice(1).join(',').trim();
  const turned = turnedUnderBinders(body);
  return turned === body ? prop : `${parts[0]}, ${turned}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Shape

/** Operators written two ways: one spelling each. */
const SAME: Record<string, string> = { '≥': '≤', '>': '<', '⊇': '⊆', '⊃': '⊂', '←': '→' };
/** Definitions the normal form names where Lean prints notation: operators of the shape like `+`. */
export const NOTATION_WORDS: ReadonlySet<string> = new Set(['card', 'filter', 'sep']);

const LETTER = /\p{L}/u;
const NUMBER_CHAR = /\p{N}/u;
const letterCache = new Map<number, boolean>();
/** Letters start identifiers (non-ASCII ones such as `ℝ`, `α`, `𝓝` too). */
function isLetter(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  let v = letterCache.get(code);
  if (v === undefined) letterCache.set(code, (v = LETTER.test(ch)));
  return v;
}
/** Characters that continue an identifier: letters, digits, `_ ' ! ? .`, subscripts. */
function continuesIdent(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 39 || code === 33 || code === 63 || code === 46;
  return isLetter(code, ch) || NUMBER_CHAR.test(ch);
}
/** Where a name that goes on at `from` ends: after its letters, digits, `_ ' ! ? .` and subscripts. */
function identifierEnd(text: string, from: number): number {
  const n = text.length;
  let j = from;
  while (j < n) {
    const c = text.charCodeAt(j);
    const wide = c >= 0xd800 && c <= 0xdbff && j + 1 < n;
    const cj = wide ? text.slice(j, j + 2) : text[j];
    if (!continuesIdent(wide ? text.codePointAt(j)! : c, cj)) break;
    j += cj.length;
  }
  return j;
}

/** `n!` as typed is `n !`, the factorial of a variable (Lean would read a name, so the library writes the space). */
const FACTORIAL_AS_TYPED = /^(\p{L}[0-9₀-₉'ᵢⱼₖ]*)!$/u;

/** Brackets and separators: not operators. */
const SHAPE_DROP = new Set([...'()[]{}⟨⟩,:@`$']);

/** Bump when a declaration's shape, conclusion key or type key (conclusionOf, normalizeStatement, signatureContext,
 *  shapeOf, typeChainOf, conclusionKey) can come out differently: those stored with the learned stage (Learner.shapes)
 *  are then computed again. */
export const SHAPE_VERSION = 13;

/** A constant's explicit universe levels (`Cardinal.{u}`, `lift.{max u v, w}`): Lean's detail that users leave out, so
 *  not part of a key (they read as variables before: `Cardinal.{u} → Cardinal.{u}` never met `Cardinal → Cardinal`). */
const UNIVERSE_INSTANCE = /(?<=[\p{L}\p{N}_'!?₀-₉])\.\{[^{}]*\}/gu;

/** A variable's name: one letter, then digits, subscripts or primes (`a`, `x₁`, `G'`, `μ`). */
const VARIABLE = String.raw`\p{L}[0-9₀-₉'ᵢⱼₖ]*`;
const VARIABLE_NAME = new RegExp(`^${VARIABLE}$`, 'u');
/** A function of variables applied to them, as texts define one: `φ x`, `f (x, y)`, `d x y`. */
const FUNCTION_OF_VARIABLES = new RegExp(String.raw`^${VARIABLE}(?:\s*\(?\s*${VARIABLE}(?:\s*,\s*${VARIABLE})*\s*\)?)+$`, 'u');
const KEY_DROP = new Set([...'()[]{},⟨⟩']);
/** The number types, by the symbol Mathlib writes (`Nat → Nat` is `ℕ → ℕ`): constants, not one-letter variables. */
const NUMBER_TYPES: Record<string, string> = { ℕ: 'ℕ', ℤ: 'ℤ', ℚ: 'ℚ', ℝ: 'ℝ', ℂ: 'ℂ', Nat: 'ℕ', Int: 'ℤ', Rat: 'ℚ', Real: 'ℝ', Complex: 'ℂ' };
const WHITESPACE = /\s/u;

/**
 * A conclusion up to the names of its variables: its operators and the names it uses, in order, each variable written
 * `v` and the number of its first appearance (`Commute a b ↔ Commute b a` → `Commute v0 v1 ↔ Commute v1 v0`, as for
 * `Commute x y ↔ Commute y x`), brackets left out, numerals kept (`0 ≤ a ^ 2` → `0 ≤ v0 ^ 2`). Variables are told by
 * their names (one letter, then digits, subscripts or primes); of a dotted name only the last part that is not one is
 * kept (`f.Injective` → `Injective`).
 */
export function conclusionKey(conclusion: string): string {
  conclusion = withoutBinderTypes(conclusion);
  if (conclusion.includes('.{')) conclusion = conclusion.replace(UNIVERSE_INSTANCE, '');
  const words: string[] = [];
  const variables = new Map<string, number>();
  const variable = (name: string) => {
    let i = variables.get(name);
    if (i === undefined) variables.set(name, (i = variables.size));
    return `v${i}`;
  };
  const n = conclusion.length;
  let i = 0;
  while (i < n) {
    const code = conclusion.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = width === 1 ? conclusion[i] : conclusion.slice(i, i + 2);
    if (code === 95 || isLetter(code, ch)) {
      const j = identifierEnd(conclusion, i + width);
      const token = conclusion.slice(i, j);
      i = j;
      const factorial = FACTORIAL_AS_TYPED.exec(token);
      if (factorial) words.push(variable(factorial[1]), '!');
      else if (Object.hasOwn(NUMBER_TYPES, token)) words.push(NUMBER_TYPES[token]);
      else if (!token.includes('.')) words.push(VARIABLE_NAME.test(token) ? variable(token) : token);
      else {
        const parts = token.split('.').filter((p) => p);
        const names = parts.filter((p) => !VARIABLE_NAME.test(p));
        if (names.length) words.push(names[names.length - 1]);
        else if (parts.length) words.push(variable(parts[0]));
      }
      continue;
    }
    if (code >= 48 && code <= 57) {
      // A numeral is part of what is stated (`0 ≤ a ^ 2` is not `1 ≤ a ^ 3`).
      let j = i + 1;
      while (j < n && conclusion.charCodeAt(j) >= 48 && conclusion.charCodeAt(j) <= 57) j++;
      words.push(conclusion.slice(i, j));
      i = j;
      continue;
    }
    i += width;
    // Whitespace, brackets and separators are left out; any other character is an operator of its own.
    if (code <= 32 || KEY_DROP.has(ch) || (code > 127 && (NUMBER_CHAR.test(ch) || WHITESPACE.test(ch)))) continue;
    words.push(ch);
  }
  return words.join(' ');
}

/** A numeral in a statement, with its sign where it has one of its own (`-3` in `|-3|`, `(-5)`; not the `- 3` of `a - 3`). */
const SIGNED_NUMERAL = /(?:(?<=^|[\s([{,|‖⟨])-)?(?<![\p{L}\p{N}_'.₀-₉])\d+(?:\.\d+)?(?![\p{L}\p{N}_'.₀-₉])/gu;

/**
 * A statement about particular numbers (`|(-3) * 5| = |-3| * |5|`) as the general statement it is an instance of
 * (`|a * b| = |a| * |b|`): each numeral other than 0 and 1 a variable, with its sign, the same numeral the same
 * variable. Undefined where there is no such numeral. (0 and 1 are what general statements state: `a * 1 = a`.)
 */
export function numeralsAsVariables(conclusion: string): string | undefined {
  const variables = new Map<string, string>();
  const general = conclusion.replace(SIGNED_NUMERAL, (numeral: string) => {
    if (numeral === '0' || numeral === '1') return numeral;
    let v = variables.get(numeral);
    // (a name no statement's variable has: conclusionKey numbers variables by first appearance anyway)
    if (v === undefined) variables.set(numeral, (v = `ν${String.fromCharCode(0x2080 + (variables.size % 10))}${"'".repeat(Math.floor(variables.size / 10))}`));
    return v;
  });
  return variables.size ? general : undefined;
}

/** The key of a statement with its hypotheses (`0 < a → 0 < a⁻¹`): its conclusion's key, then its hypotheses' keys
 *  in sorted order (the order they are stated in does not matter), variables numbered from the conclusion on. */
export function statementKey(hypotheses: readonly string[], conclusion: string): string {
  const parts = conclusionKey([conclusion, ...hypotheses].join(' → ')).split(' → ');
  return [parts[0], ...parts.slice(1).sort()].join(' → ');
}

/** What a statement asked for assumes before its conclusion (`h₁ → h₂ → c` gives h₁, h₂), each read as a conclusion is;
 *  none for one that begins with `∀` (its variables' binders are not hypotheses). */
export function statedHypotheses(statement: string): string[] {
  const { binders, foralls, arrows } = parseSignature(statement);
  if (binders.length || foralls.length) return [];
  return arrows.map((a) => greaterTurnedAround(asNotation(a.trim())));
}

/** Binders: a lambda's, a quantifier's, a big operator's (after normalizeStatement a lambda's binders end at `,`). */
const BINDER_KEYWORD = /(?<![\p{L}\p{N}_'.])(?:fun|λ|[∀∃][ᶠ!]?|[∑∏⋃⋂⨆⨅])(?![\p{L}\p{N}_'])/gu;

/**
 * A conclusion with the types of its binders left out (`fun (a : α), [a]` → `fun (a), [a]`, `∃ x : ℝ, 0 < x` →
 * `∃ x, 0 < x`): users leave out what Lean infers (`Injective fun a => [a]`), and the key is up to such details as it
 * is up to variable names. Casts (`(n : ℝ)` in a term) are not binders and stay.
 */
export function withoutBinderTypes(s: string): string {
  if (!s.includes(':')) return s;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(BINDER_KEYWORD)) {
    const start = m.index! + m[0].length;
    if (m.index! < last) continue; // inside a type already left out
    // The binders run to the first `,` (or a lambda's arrow) outside brackets.
    let depth = 0;
    let end = -1;
    for (let j = start; j < s.length && end < 0; j++) {
      const c = s[j];
      if (OPEN[c]) depth++;
      else if (CLOSERS.has(c)) {
        if (--depth < 0) break;
      } else if (depth === 0 && (c === ',' || c === '↦' || (c === '=' && s[j + 1] === '>'))) end = j;
    }
    if (end < 0) continue;
    const binders = s.slice(start, end);
    if (!binders.includes(':')) continue;
    out += s.slice(last, start) + untypedBinders(binders);
    last = end;
  }
  return last ? out + s.slice(last) : s;
}

/** Binders without their types: each `:` and what follows it to the end of its bracket (or of the binders, or a
 *  filter's `in`: `∀ᶠ n : ℕ in atTop`). */
function untypedBinders(binders: string): string {
  let out = '';
  let depth = 0;
  let skipAbove = -1; // while a type is left out: the depth its `:` was at
  for (let i = 0; i < binders.length; i++) {
    const c = binders[i];
    if (skipAbove === 0 && depth === 0 && /^\s+in\s/.test(binders.slice(i, i + 4))) skipAbove = -1;
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) {
      if (depth-- === skipAbove) skipAbove = -1;
    } else if (c === ':' && skipAbove < 0) {
      skipAbove = depth;
      continue;
    }
    if (skipAbove < 0) out += c;
  }
  return out.trimEnd() + ' ';
}

/** Whether a conclusion key names anything but variables (`Adj v0 v1 ↔ …`, not `v0 = v1`): only then does it single
 *  out a few lemmas. */
export function keyNamesSomething(key: string): boolean {
  return key.split(' ').some((t) => /^[\p{L}_]/u.test(t) && !/^v\d+$/.test(t));
}

/** The right side of an equation defining a function of variables (`φ x = …`, `f (x, y) = …`, `d x y = …`), when it
 *  is more than a variable. */
export function definingSide(conclusion: string): string | undefined {
  const rel = topRelation(conclusion);
  if (rel?.rel !== '=' || !FUNCTION_OF_VARIABLES.test(rel.lhs.trim())) return undefined;
  return keyNamesSomething(conclusionKey(rel.rhs)) || /[+*/∑∏^-]/.test(rel.rhs) ? rel.rhs : undefined;
}

/** The hash of the key of a type chain (typeChainOf): a declaration's, or a type asked for. */
export function typeKeyHash(chain: string): number {
  return conclusionKeyHash(conclusionKey(chain));
}

/** A 32-bit FNV-1a hash of a conclusion key (what the learned stage stores per declaration). */
export function conclusionKeyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The operator sequence of a conclusion, as one string of symbols separated by spaces: names, numbers and brackets
 * left out, except the definitions the normal form names in place of their notation (`card`, `filter`, `sep`).
 */
export function shapeOf(conclusion: string): string {
  const ops: string[] = [];
  let op = '';
  const flush = () => {
    if (op) ops.push(SAME[op] ?? op);
    op = '';
  };
  const n = conclusion.length;
  let i = 0;
  while (i < n) {
    const code = conclusion.charCodeAt(i);
    const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < n;
    const ch = wide ? conclusion.slice(i, i + 2) : conclusion[i];
    if (code <= 32 || code === 0xa0 || SHAPE_DROP.has(ch)) {
      flush();
      i += ch.length;
    } else if (code === 95 || isLetter(wide ? conclusion.codePointAt(i)! : code, ch)) {
      flush();
      const j = identifierEnd(conclusion, i + ch.length);
      const word = conclusion.slice(i, j);
      if (NOTATION_WORDS.has(word)) ops.push(word);
      else if (FACTORIAL_AS_TYPED.test(word)) ops.push('!');
      i = j;
    } else if (code >= 48 && code <= 57) {
      flush();
      i++;
      while (i < n && conclusion.charCodeAt(i) >= 48 && conclusion.charCodeAt(i) <= 57) i++;
      if (conclusion[i] === '.' && conclusion.charCodeAt(i + 1) >= 48 && conclusion.charCodeAt(i + 1) <= 57) {
        i++;
        while (i < n && conclusion.charCodeAt(i) >= 48 && conclusion.charCodeAt(i) <= 57) i++;
      }
    } else {
      op += ch;
      i += ch.length;
    }
  }
  flush();
  return ops.join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Goals as Lean's infoview prints them (`$/lean/plainGoal`):
//   n : ℕ
//   h₀ : 0 < n
//   ⊢ n + 0 = n
// Several goals are separated by blank lines or `---`; a `case tag` line may come first.

export interface Hypothesis {
  names: string[];
  type: string;
}

export interface Goal {
  caseTag?: string;
  hypotheses: Hypothesis[];
  /** The target after `⊢` (multi-line targets are joined with single spaces). */
  target: string;
}

/** True if the text looks like a pasted goal state (has a `⊢`). */
export function looksLikeGoal(text: string): boolean {
  return /(^|\n)\s*⊢/.test(text);
}

/** Split a rendered goal list into single goals. Accepts the `rendered` markdown (```lean fences) too. */
export function splitGoals(text: string): string[] {
  const clean = text.replace(/```(lean)?/g, '\n');
  return clean
    .split(/\n\s*---\s*\n|\n\s*\n(?=\s*(?:case\s|[^\s⊢][^\n]*:|⊢))/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g !== 'no goals');
}

export function parseGoal(text: string): Goal {
  const lines = text.replace(/\r/g, '').split('\n');
  const hyps: Hypothesis[] = [];
  let caseTag: string | undefined;
  const targetLines: string[] = [];
  let inTarget = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    if (inTarget) {
      targetLines.push(line.trim());
      continue;
    }
    const t = line.trimStart();
    if (t.startsWith('⊢')) {
      inTarget = true;
      targetLines.push(t.slice(1).trim());
      continue;
    }
    const caseMatch = /^case\s+(.+)$/.exec(t);
    if (caseMatch && hyps.length === 0) {
      caseTag = caseMatch[1].trim();
      continue;
    }
    // A hypothesis line starts at column 0 with `names : type`; indented lines continue the previous type.
    const colon = findHypothesisColon(t);
    if (line === t && colon > 0) {
      hyps.push({ names: t.slice(0, colon).trim().split(/\s+/), type: t.slice(colon + 1).trim() });
    } else if (hyps.length > 0) {
      hyps[hyps.length - 1].type += ' ' + t;
    }
  }
  return { caseTag, hypotheses: hyps, target: targetLines.join(' ') };
}

export function parseGoals(text: string): Goal[] {
  return splitGoals(text).map(parseGoal);
}

/** Index of the ` : ` separating hypothesis names from the type, or -1. */
function findHypothesisColon(line: string): number {
  const m = /^([^\s:()\[\]{}⦃⦄]+(?:\s+[^\s:()\[\]{}⦃⦄]+)*)\s:\s?/.exec(line);
  return m ? m[1].length + 1 : -1;
}

// ---------------------------------------------------------------------------------------------------------------
// The normal form

/** What a statement's context says about its variables (from binders or hypotheses). */
export interface NormalizeContext {
  /** The head of a variable's type (`Finset`, `Set`), when known. */
  typeHead?: (name: string) => string | undefined;
  /** The collection type to assume for set-builder notation over an unknown variable (`Set` in namespace `Set`). */
  defaultCollection?: string;
}

/** Anything the normal form rewrites (a fast test: most signatures have none of it). */
const NEEDS_NORMAL =
  /[#↦λ∑∏]|\bfun\b|\{[^{}|]*∈|\.(?:card|filter)\b|\b(?:Finset|Set|Inv|Dvd|HAdd|HMul|HSub|HDiv|HPow|HSMul|SMul|Neg|Function|HasSubset|Inter|Union|HasCompl|Membership)\./;

/** Functions applied by name that have an operator notation (the normal form writes the operator, in prefix position). */
const BY_NOTATION: Record<string, string> = {
  'Finset.card': 'card',
  'Finset.filter': 'filter {∈ |}',
  'Set.sep': 'sep {∈ |}',
  'Set.image': "''",
  'Set.preimage': "⁻¹'",
  'Finset.sum': '∑ ∈',
  'Finset.prod': '∏ ∈',
  'Inv.inv': '⁻¹',
  'Dvd.dvd': '∣',
  'HAdd.hAdd': '+',
  'HMul.hMul': '*',
  'HSub.hSub': '-',
  'HDiv.hDiv': '/',
  'HPow.hPow': '^',
  'HSMul.hSMul': '•',
  'SMul.smul': '•',
  'Neg.neg': '-',
  'Function.comp': '∘',
  'HasSubset.Subset': '⊆',
  'Inter.inter': '∩',
  'Union.union': '∪',
  'HasCompl.compl': 'ᶜ',
  'Membership.mem': '∈',
};
/** Dot notation on a variable or a parenthesized term for definitions the normal form names (`s.card` → `card s`). */
const DOT_WORDS: Record<string, (x: string) => string> = { card: (x) => `card ${x}`, filter: (x) => `filter {∈ ${x} |}` };

const ID_CHAR = /[\p{L}\p{N}_'!?.₀-₉ᵢ-ᵪ]/u;
const ID_START = /[\p{L}_]/u;
const NAME_AT = /[\p{L}_][\p{L}\p{N}_'!?₀-₉ᵢ-ᵪ]*(?:\.[\p{L}_\p{N}][\p{L}\p{N}_'!?₀-₉ᵢ-ᵪ]*)*/uy;

function isIdChar(c: string | undefined): boolean {
  return c !== undefined && c !== '' && ID_CHAR.test(c);
}

/**
 * The normal form of a statement (signature, goal target, hypothesis type or formula) for matching: see the top of
 * this file. Text without anything to rewrite is returned as it is.
 */
export function normalizeStatement(text: string, ctx: NormalizeContext = {}): string {
  if (!NEEDS_NORMAL.test(text)) return text;
  let s = text;
  if (s.includes('{')) s = rewriteSetBuilders(s, ctx);
  s = rewriteNames(s);
  if (s.includes('#')) s = rewriteCard(s);
  if (s.includes(' in ')) s = s.replace(/([∑∏⋃⋂]\s*[^,∑∏]*?)\bin\b/g, '$1∈');
  if (/\bfun\b|λ/.test(s)) s = rewriteLambdas(s);
  return s;
}

/** `{x ∈ s | p x}` → `(filter {x ∈ s | p x})`, or `sep` over a `Set`. */
function rewriteSetBuilders(s: string, ctx: NormalizeContext): string {
  const head = /\{\s*([\p{L}_][\p{L}\p{N}_'₀-₉]*|\([^()]*\)|⟨[^⟨⟩]*⟩)\s*∈\s*/uy;
  for (let i = s.lastIndexOf('{'); i >= 0; i = i > 0 ? s.lastIndexOf('{', i - 1) : -1) {
    head.lastIndex = i;
    const m = head.exec(s);
    if (!m) continue;
    const end = matchingBracket(s, i);
    if (end < 0) continue;
    // The collection runs to the first `|` outside brackets.
    let depth = 0;
    let bar = -1;
    for (let j = head.lastIndex; j < end; j++) {
      const c = s[j];
      if (OPEN[c]) depth++;
      else if (CLOSERS.has(c)) depth--;
      else if (c === '|' && depth === 0) {
        bar = j;
        break;
      }
    }
    if (bar < 0) continue;
    const coll = s.slice(head.lastIndex, bar).trim();
    const pred = s.slice(bar + 1, end).trim();
    if (!coll || !pred) continue;
    // Written already (the normal form is idempotent).
    if (/(?:filter|sep)\s*$/.test(s.slice(Math.max(0, i - 8), i))) continue;
    const atomic = /^[\p{L}_][\p{L}\p{N}_'.₀-₉]*$/u.test(coll);
    const type = (atomic ? ctx.typeHead?.(coll) : undefined) ?? ctx.defaultCollection;
    const word = type === 'Set' ? 'sep' : 'filter';
    s = `${s.slice(0, i)}(${word} ${s.slice(i, end + 1)})${s.slice(end + 1)}`;
  }
  return s;
}

/** Text without one of these cannot change in rewriteNames (most statements: skipping them halves its cost on Mathlib). */
const NAMES_TO_REWRITE = new RegExp([...Object.keys(BY_NOTATION), ...Object.keys(DOT_WORDS).map((w) => '.' + w)].map(escapeRegExp).join('|'));

/** Qualified names with a notation (`Finset.card`, `Inv.inv`) and dot notation `x.card` / `(…).filter p`. */
function rewriteNames(s: string): string {
  if (!NAMES_TO_REWRITE.test(s)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (!ID_START.test(c) || (i > 0 && isIdChar(s[i - 1]))) {
      // `(…).card`: the word moves before the parenthesized term.
      if (c === '.' && i > 0 && (s[i - 1] === ')' || s[i - 1] === '⟩')) {
        NAME_AT.lastIndex = i + 1;
        const m = NAME_AT.exec(s);
        if (m && Object.hasOwn(DOT_WORDS, m[0])) {
          const open = openingBracket(out, out.length - 1);
          if (open >= 0) {
            out = `${out.slice(0, open)}${DOT_WORDS[m[0]](out.slice(open))}`;
            i += 1 + m[0].length;
            continue;
          }
        }
      }
      out += c;
      i++;
      continue;
    }
    NAME_AT.lastIndex = i;
    const m = NAME_AT.exec(s);
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const name = m[0];
    i += name.length;
    const by = Object.hasOwn(BY_NOTATION, name) ? BY_NOTATION[name] : undefined;
    if (by) {
      out += by;
      continue;
    }
    const dot = name.lastIndexOf('.');
    const last = dot > 0 ? name.slice(dot + 1) : '';
    // `s.card`, `s.toFinset.card`: on a variable (lowercase first component), not `Fintype.card`.
    if (dot > 0 && Object.hasOwn(DOT_WORDS, last) && /^[\p{Ll}_]/u.test(name)) {
      out += DOT_WORDS[last](name.slice(0, dot));
      continue;
    }
    out += name;
  }
  return out;
}

/** Index of the bracket in `s` that opens the one closing at `close`, or -1. */
function openingBracket(s: string, close: number): number {
  const want = s[close] === ')' ? '(' : s[close] === '⟩' ? '⟨' : '';
  if (!want) return -1;
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    const c = s[j];
    if (CLOSERS.has(c)) depth++;
    else if (OPEN[c]) {
      depth--;
      if (depth === 0) return c === want ? j : -1;
    }
  }
  return -1;
}

/** `#s`, `#(…)`, `#{…}` (Finset.card's notation) → `card s`; not `#[…]` (arrays) or `#v[…]`. */
function rewriteCard(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'#])#(?=[({↑]|[\p{L}_](?![\p{L}\p{N}_'.₀-₉]*\[))/gu, '$1card ');
}

const LAMBDA = /\bfun\b|λ/g;
/** Binders whose body follows a `,` (a lambda already rewritten here has one too). */
const COMMA_BINDER_CODES = new Set([...'∀∃∑∏⋃⋂∫⨆⨅λ'].map((c) => c.charCodeAt(0)));
/** `OPEN`'s brackets and their closers by char code. */
const OPEN_CODES = new Set(Object.keys(OPEN).map((c) => c.charCodeAt(0)));
const CLOSER_CODES = new Set([...CLOSERS].map((c) => c.charCodeAt(0)));

/** Lambdas: eta-reduced, pointwise operations as operations on functions, other arrows as `,`. Innermost first. */
function rewriteLambdas(s: string): string {
  const starts: number[] = [];
  for (const m of s.matchAll(LAMBDA)) starts.push(m.index!);
  for (let k = starts.length - 1; k >= 0; k--) {
    const p = starts[k];
    const kwLen = s[p] === 'λ' ? 1 : 3;
    // Binders up to `=>` / `↦` outside brackets. (Char codes: every statement of a library passes here.)
    let depth = 0;
    let arrow = -1;
    let arrowLen = 0;
    for (let j = p + kwLen; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (OPEN_CODES.has(c)) depth++;
      else if (CLOSER_CODES.has(c)) {
        if (--depth < 0) break;
      } else if (depth === 0 && (c === 0x21a6 || (c === 61 && s.charCodeAt(j + 1) === 62))) {
        arrow = j;
        arrowLen = c === 0x21a6 ? 1 : 2;
        break;
      }
    }
    if (arrow < 0) continue;
    // The body runs to the first unmatched closing bracket or top-level `,` (not one of a binder inside it).
    depth = 0;
    let end = s.length;
    let pending = 0;
    for (let j = arrow + arrowLen; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (OPEN_CODES.has(c)) depth++;
      else if (CLOSER_CODES.has(c)) {
        if (--depth < 0) {
          end = j;
          break;
        }
      } else if (depth === 0 && (COMMA_BINDER_CODES.has(c) || (c === 102 && s.startsWith('fun', j) && !isIdChar(s[j - 1]) && !isIdChar(s[j + 3])))) pending++;
      else if (c === 44 && depth === 0) {
        if (pending > 0) pending--;
        else {
          end = j;
          break;
        }
      }
    }
    const binders = s.slice(p + kwLen, arrow).trim();
    const body = s.slice(arrow + arrowLen, end).trim();
    const single = /^\(?\s*([\p{L}_][\p{L}\p{N}_'₀-₉]*)\s*(?::\s*([^()]*|.*\(.*\).*))?\)?$/u.exec(binders);
    const reduced = single ? pointwise(body, single[1]) : undefined;
    if (reduced !== undefined) {
      const wrapped = s[p - 1] === '(' && s[end] === ')';
      if (/^[\p{L}_][\p{L}\p{N}_'.₀-₉]*$/u.test(reduced)) s = wrapped ? s.slice(0, p - 1) + reduced + s.slice(end + 1) : s.slice(0, p) + reduced + s.slice(end);
      else s = s.slice(0, p) + (wrapped ? reduced : `(${reduced})`) + s.slice(end);
      continue;
    }
    // Binder types in brackets, so that their `:` is never read as the statement's colon.
    const typed = /^([^():]*?)\s*:\s*(.+)$/.exec(binders);
    const head = typed && !binders.startsWith('(') ? `(${typed[1]} : ${typed[2]})` : binders;
    s = `${s.slice(0, p)}${s.slice(p, p + kwLen)} ${head}, ${s.slice(arrow + arrowLen).trimStart()}`;
  }
  return s;
}

/** Split at top-level binary arithmetic operators (space-separated): operands and the operators between them. */
function splitArith(body: string): { operands: string[]; ops: string[] } | undefined {
  const operands: string[] = [];
  const ops: string[] = [];
  let depth = 0;
  let last = 0;
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) depth--;
    else if (depth === 0 && (c === '+' || c === '-' || c === '*' || c === '/' || c === '•') && body[j - 1] === ' ' && body[j + 1] === ' ') {
      operands.push(body.slice(last, j).trim());
      ops.push(c);
      last = j + 1;
    }
  }
  operands.push(body.slice(last).trim());
  return operands.every(Boolean) ? { operands, ops } : undefined;
}

/** `f x` → `f`, `f x + g x` → `f + g` (x the lambda's variable), else undefined. */
function pointwise(body: string, x: string): string | undefined {
  const mentions = mentionsOf(x);
  const applied = (t: string): string | undefined => {
    let u = t.trim();
    while (u.startsWith('(') && matchingBracket(u, 0) === u.length - 1) u = u.slice(1, -1).trim();
    const neg = u.startsWith('-') ? '-' : '';
    if (neg) u = u.slice(1).trim();
    // `(f x)⁻¹`
    if (u.endsWith('⁻¹') && u.startsWith('(') && matchingBracket(u, 0) === u.length - 3) {
      const inner = applied(u.slice(1, -3));
      return inner === undefined ? undefined : `${neg}${inner}⁻¹`;
    }
    const m = /^([\p{L}_][\p{L}\p{N}_'.₀-₉]*)\s+(\S+|\(.*\))$/u.exec(u);
    if (!m || m[1] === x || m[1].startsWith(x + '.') || mentions.test(m[1])) return undefined;
    if (m[2] === x) return neg + m[1];
    // `f (g x)` → `f ∘ g`
    if (!m[2].startsWith('(') || matchingBracket(m[2], 0) !== m[2].length - 1) return undefined;
    const inner = applied(m[2]);
    return inner === undefined || inner.startsWith('-') || inner.endsWith('⁻¹') ? undefined : `${neg}${m[1]} ∘ ${inner}`;
  };
  const one = applied(body);
  if (one !== undefined) return one;
  const parts = splitArith(body);
  if (!parts || parts.ops.length === 0) return undefined;
  const out: string[] = [];
  for (let i = 0; i < parts.operands.length; i++) {
    const operand = parts.operands[i];
    // `c • f x`: a scalar that does not mention the variable.
    if (parts.ops[i] === '•' && !mentions.test(operand)) {
      out.push(operand);
      continue;
    }
    const f = applied(operand);
    if (f === undefined) return undefined;
    out.push(f);
  }
  return out.map((o, i) => (i === 0 ? o : `${parts.ops[i - 1]} ${o}`)).join(' ');
}

/** Whether a text mentions the variable `x` (cached: a library's lambdas reuse a few variable names). */
const mentionsCache = new Map<string, RegExp>();
export function mentionsOf(x: string): RegExp {
  let re = mentionsCache.get(x);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}_'.])${escapeRegExp(x)}(?![\\p{L}\\p{N}_'₀-₉])`, 'u');
    if (mentionsCache.size > 1000) mentionsCache.clear();
    mentionsCache.set(x, re);
  }
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Statements read whole

/** Variables of a collection type (`s t : Finset α`, `(S : Set X)`): name → type head. */
export function typeHeads(decls: { names: string[]; type: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of decls) {
    const m = /^\s*([\p{L}_][\p{L}\p{N}_'.]*)/u.exec(d.type);
    if (m) for (const n of d.names) out.set(n, m[1]);
  }
  return out;
}

/** Collection variables of a signature's binders, read cheaply (only where a set-builder needs them). */
const COLLECTION_BINDER = /[({⦃]([^:(){}[\]⦃⦄]+):\s*(Finset|Set|Multiset|List)\b/gu;

/** The normalizing context of a signature: its binders' collection types, and the declaration's namespace. */
export function signatureContext(signature: string, declName?: string): NormalizeContext {
  let heads: Map<string, string> | undefined;
  const ns = declName ? /^(Set|Finset)\./.exec(declName)?.[1] : undefined;
  return {
    typeHead: (name) => {
      if (!heads) {
        heads = new Map();
        for (const m of signature.matchAll(COLLECTION_BINDER)) for (const n of m[1].trim().split(/\s+/)) heads.set(n, m[2]);
      }
      return heads.get(name);
    },
    defaultCollection: ns,
  };
}

/** The normal form of a declaration's signature (what the index tokenizes). */
export function normalizeSignature(signature: string, declName?: string): string {
  if (!NEEDS_NORMAL.test(signature)) return signature;
  return normalizeStatement(signature, signatureContext(signature, declName));
}

export interface Statement {
  /** Binders of a signature (none for a goal or a formula). */
  binders: Binder[];
  /** Hypotheses: a goal's hypotheses; a signature's premises (`A → B → C` gives A, B). */
  hypotheses: Hypothesis[];
  /** The conclusion as written. */
  conclusion: string;
  /** The conclusion in normal form. */
  normal: string;
  /** The top-level relation (`=`, `≤`, `↔`) or head function (`Continuous`) of the normal conclusion. */
  head: string;
  /** The operators of the normal conclusion (see `shapeOf`). */
  shape: string;
}

/** Read a declaration's signature. */
export function readSignature(signature: string, declName?: string): Statement {
  const sh = parseSignature(signature);
  const conclusion = conclusionOf(signature, true);
  const normal = normalizeStatement(conclusion, signatureContext(signature, declName));
  return {
    binders: sh.binders,
    hypotheses: sh.arrows.map((type) => ({ names: [], type })),
    conclusion,
    normal,
    head: headSymbol(normal),
    shape: shapeOf(normal),
  };
}

/** The normalizing context of a goal: its hypotheses' types. */
export function goalContext(goal: Goal): NormalizeContext {
  const heads = typeHeads(goal.hypotheses);
  return { typeHead: (n) => heads.get(n) };
}

/** Read a goal (its hypotheses and target) or a bare formula (`⊢` optional). */
export function readGoal(text: string): Statement & { goal: Goal } {
  const goal = looksLikeGoal(text) ? parseGoal(text) : { hypotheses: [], target: text.replace(/\s+/g, ' ').trim() };
  const ctx = goalContext(goal);
  const conclusion = conclusionOf(goal.target, false);
  const normal = normalizeStatement(conclusion, ctx);
  return { goal, binders: [], hypotheses: goal.hypotheses, conclusion, normal, head: headSymbol(normal), shape: shapeOf(normal) };
}

// ---------------------------------------------------------------------------------------------------------------
// Pasted declarations

/** A theorem pasted whole, as a goal: what a proof of it starts from. */
export interface PastedTheorem {
  /** The theorem's name as written (`foo`, `Bar.foo`), in the namespaces the snippet opens before it (`namespace A`
   *  … `theorem foo` is `A.foo`; `_root_.foo` is `foo`). */
  name: string;
  /** The goal its proof starts from (`h : …` lines, then `⊢ …`): the `variable`s it takes, then its own binders. */
  goal: string;
  /** The definitions the snippet makes before it (`def f … := body`), and the notations it gives them
   *  (`notation "D" => f`): what its statement's own words mean. */
  localDefs?: { name: string; body: string; notations: string[] }[];
}

/** A theorem or lemma command (attributes and modifiers before it); not only at a line's start: a snippet's lines may
 *  have been joined (a one-line search field). Its name starts as a name does ("the lemma $j : L → L$" is words). */
const THEOREM_COMMAND = /(?:^|\s)(?:@\[[^\]\n]*\]\s*)?(?:(?:private|protected|nonrec|noncomputable)\s+)*(?:theorem|lemma)[ \t]+([\p{L}_«][^\s:({[⦃]*)/gu;
/** Commands that end a `variable` command's binders. */
const COMMAND_START = /^(?:@\[|theorem\b|lemma\b|def\b|abbrev\b|instance\b|structure\b|class\b|inductive\b|example\b|variable\b|open\b|namespace\b|section\b|end\b|noncomputable\b|private\b|protected\b|universe\b|set_option\b|attribute\b|import\b|#)/;

/**
 * The last theorem of a pasted Lean snippet (a whole file's head: `import`s, `open`, `namespace`, `variable`s and
 * docstrings may come first) read as the goal a proof of it starts from; undefined when no theorem or lemma command
 * is there. Its binders and the `variable`s it takes become hypotheses, its type the target.
 */
export function readPastedTheorem(text: string): PastedTheorem | undefined {
  const src = text.replace(/\r/g, '').replace(/\/-[\s\S]*?-\//g, ' ').replace(/--[^\n]*/g, '');
  let last: RegExpExecArray | undefined;
  for (let m; (m = THEOREM_COMMAND.exec(src)); ) last = m;
  THEOREM_COMMAND.lastIndex = 0;
  if (!last) return undefined;
  const head = src.slice(0, last.index);
  const body = src.slice(last.index + last[0].length);
  const signature = body.slice(0, statementEnd(body)).replace(/\s+/g, ' ').trim();
  // A statement has its `:` after the binders ("lemma about sums" is words).
  if (afterBinderGroups(signature) < 0) return undefined;
  const { binders, type } = splitBinders(signature);
  if (!type) return undefined;
  const variables: Binder[] = [];
  const included: string[] = [];
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const include = /^include\s+(.+?)(?:\s+in)?$/.exec(line);
    if (include) included.push(...include[1].split(/\s+/));
    if (!/^variable\b/.test(line)) continue;
    // A `variable` command runs on over the lines that do not start another command.
    let binderText = line.replace(/^variable\b/, '');
    while (i + 1 < lines.length && lines[i + 1].trim() && !COMMAND_START.test(lines[i + 1].trim())) binderText += ' ' + lines[++i].trim();
    // One binder per name: a statement may take `x` of `(x y : G)` alone.
    for (const b of splitBinders(binderText).binders) {
      if (!b.type) continue;
      if (b.kind === 'instance') variables.push(b);
      else for (const name of b.names) variables.push({ ...b, names: [name] });
    }
  }
  const hypotheses = [...variablesUsed(variables, signature, included), ...binders.filter((b) => b.type)].map(
    (b) => `${b.kind === 'instance' ? 'inst✝' : b.names.join(' ')} : ${b.type}`,
  );
  const localDefs = definitionsIn(head);
  return { name: inNamespace(last[1], lines), goal: [...hypotheses, `⊢ ${type}`].join('\n'), ...(localDefs.length ? { localDefs } : {}) };
}

const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_'!?₀-₉]*/gu;

/** `word` as a whole identifier (or notation) in a text, not part of a longer one (`G.foo` and `foo x` name `foo`). */
export function wholeWord(word: string, flags = 'u'): RegExp {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_'])${escaped}(?![\\p{L}\\p{N}_'])`, flags);
}

const LOCAL_DEF = /^(?:@\[[^\]\n]*\]\s*)?(?:(?:private|protected|noncomputable)\s+)*(?:def|abbrev)\s+([^\s:({[⦃]+)/;
const LOCAL_NOTATION = /^(?:scoped\s+|local\s+)?notation(?::\d+)?\s+"([^"]+)"\s*=>\s*([^\s]+)\s*$/;

/** A line that starts another command (not indented). */
function endsDefinition(line: string): boolean {
  const t = line.trim();
  return t !== '' && !/^\s/.test(line) && (COMMAND_START.test(t) || /^(?:scoped|local|notation|infix[lr]?|prefix|postfix|macro|syntax|macro_rules|attribute)\b/.test(t));
}

/** The `def`s and `abbrev`s of a snippet's text (each up to the next command at a line's start), with their bodies
 *  (after the first `:=`, or a structure instance's fields after `where`, else all of it) and the notations the text
 *  gives them. */
function definitionsIn(text: string): { name: string; body: string; notations: string[] }[] {
  const lines = text.split('\n');
  const defs: { name: string; body: string; notations: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = LOCAL_DEF.exec(lines[i].trim());
    if (!m) continue;
    let whole = lines[i].trim().slice(m[0].length);
    while (i + 1 < lines.length && !endsDefinition(lines[i + 1])) whole += '\n' + lines[++i];
    // (a structure built `where` has its fields' `:=`s: all of it is what it is made of)
    const where = /\swhere\b/.exec(whole);
    const at = whole.indexOf(':=');
    const body = where && (at < 0 || where.index < at) ? whole.slice(where.index + where[0].length) : at >= 0 ? whole.slice(at + 2) : whole;
    defs.push({ name: m[1], body: body.replace(/\s+/g, ' ').trim(), notations: [] });
  }
  for (const line of lines) {
    const n = LOCAL_NOTATION.exec(line.trim());
    const def = n && defs.find((d) => d.name === n[2] || d.name.endsWith('.' + n[2]) || n[2].endsWith('.' + d.name));
    if (def) def.notations.push(n[1]);
  }
  return defs;
}

/** A declaration's full name where the lines before it open `namespace`s (and `section`s, which `end` closes too). */
function inNamespace(name: string, linesBefore: string[]): string {
  if (name.startsWith('_root_.')) return name.slice('_root_.'.length);
  const scopes: { namespace: string }[] = [];
  for (const raw of linesBefore) {
    const m = /^(namespace|section|end)\b\s*([^\s]*)/.exec(raw.trim());
    if (!m) continue;
    if (m[1] === 'end') scopes.pop();
    else scopes.push({ namespace: m[1] === 'namespace' ? m[2] : '' });
  }
  const prefix = scopes.map((s) => s.namespace).filter(Boolean).join('.');
  return prefix ? `${prefix}.${name}` : name;
}

/**
 * The `variable`s a statement takes, as Lean includes them: those it mentions or an `include` names, those their
 * types mention, and the instance binders all of whose variables are included.
 */
function variablesUsed(variables: Binder[], statement: string, included: string[]): Binder[] {
  const mentioned = new Set([...(statement.match(IDENTIFIER) ?? []), ...included]);
  const names = new Set(variables.flatMap((b) => b.names));
  const used = new Set<Binder>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const b of variables) {
      if (used.has(b) || b.kind === 'instance' || !b.names.some((n) => mentioned.has(n))) continue;
      used.add(b);
      grew = true;
      for (const id of b.type.match(IDENTIFIER) ?? []) mentioned.add(id);
    }
  }
  for (const b of variables) {
    if (b.kind !== 'instance') continue;
    const vars = (b.type.match(IDENTIFIER) ?? []).filter((id) => names.has(id));
    if (vars.length && vars.every((v) => mentioned.has(v))) used.add(b);
  }
  return variables.filter((b) => used.has(b));
}

/** Where a declaration's statement ends: its proof's `:=` at the top level (not a named argument's `(L := L)`),
 *  `where`, or equation alternatives (`|` at a line start). */
function statementEnd(body: string): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '(' || c === '{' || c === '[' || c === '⦃' || c === '⟨') depth++;
    else if (c === ')' || c === '}' || c === ']' || c === '⦄' || c === '⟩') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === ':' && body[i + 1] === '=') return i;
    else if (depth === 0 && c === '\n' && /^\s*\|\s/.test(body.slice(i + 1, i + 8))) return i;
    else if (depth === 0 && c === 'w' && /^where\b/.test(body.slice(i, i + 6)) && /\s/.test(body[i - 1] ?? ' ')) return i;
  }
  return body.length;
}

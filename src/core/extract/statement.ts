// Statements of declarations Lean generates, computed from the source statement's text the way the generating
// attribute transforms the elaborated term:
// * `to_additive` (Mathlib/Tactic/Translate/Core.lean, `applyReplacementFun`): every constant with a translation is
//   replaced (`HMul.hMul` → `HAdd.hAdd`, `Inv.inv` → `Neg.neg`, `HPow.hPow` → `HSMul.hSMul` with its first two
//   arguments swapped, `mabs` → `abs`, `Finset.prod` → `Finset.sum`, `MonoidHom` → `AddMonoidHom`, …) unless the
//   type it acts on is fixed (contains a constant that is not applied, such as `ℕ`, or a `dont_translate` variable),
//   and the numeral `1` becomes `0` on translated types (`changeNumeral`). On text this means notation: `a * b` →
//   `a + b`, `a⁻¹` → `-a`, `a / b` → `a - b`, `a ^ n` → `n • a`, `a • b` → `a +ᵥ b`, `∏` → `∑`, `|a|ₘ` → `|a|`,
//   `a⁺ᵐ` → `a⁺`, `Mᵐᵒᵖ` → `Mᵃᵒᵖ`, `Mˣ` → `AddUnits M`, `→*` → `→+`, `≃*` → `≃+`; names go through the dictionary.
// * `to_fun` (Mathlib/Tactic/ToFun.lean: `pull fun _ ↦ _` on the type): the `@[push ←]` lemmas `Pi.mul_def`,
//   `Pi.add_def`, `Pi.inv_def`, `Pi.neg_def`, `Pi.div_def`, `Pi.sub_def`, `Pi.pow_def`, `Pi.smul_def`, `Pi.smul_def'`,
//   `Pi.sup_def`, `Pi.inf_def`, `Pi.abs_def`, `Pi.compl_def`, `Pi.sdiff_def`, `Pi.star_def`, `Finset.prod_fn`, … turn
//   operations on functions into lambdas, `f * g` → `fun i => f i * g i` (the binder is the lemma's, `i`; `a` for
//   big operators), inner ones beta-reduced (`f * g + h` → `fun i => f i * g i + h i`).
// Types come from the declaration's binders and the section's `variable`s. Text that cannot be read is returned
// unchanged by the caller's fallback.
import {
  type Node,
  type Signature,
  app,
  atom,
  atomsOf,
  binderNames,
  isIdentText,
  mapTerm,
  onClearTermCaches,
  parseSignature,
  printSignature,
} from './leanTerm';
import { guessName, hasDictWord, hasTranslatableWord, nameComponents, type GuessNameData } from './translate';

/** Variables in scope: name → its type (undefined when written without one). */
export type Env = Map<string, Node | undefined>;

const NUM: Node = { k: 'atom', text: '#num' };
const PROP: Node = { k: 'atom', text: 'Prop' };
const NAT: Node = { k: 'atom', text: 'ℕ' };
const INT: Node = { k: 'atom', text: 'ℤ' };
const REAL: Node = { k: 'atom', text: 'ℝ' };
const FN: Node = { k: 'bin', op: '→', l: atom('_'), r: atom('_') };

/** Names and types a binder group declares: `(a b : G)` → a, b : G; `[Monoid M]` → (anonymous) : Monoid M. */
export function groupEntries(g: Node & { k: 'group' }): { names: string[]; type?: Node; inst: boolean } {
  const inst = g.open === '[';
  const colon = g.seps.indexOf(':');
  if (colon < 0) {
    if (inst) return { names: [], type: g.items[0], inst };
    return { names: namesOf(g.items[0]), inst };
  }
  return { names: namesOf(g.items[0]), type: g.items[colon + 1], inst };
}
function namesOf(n: Node | undefined): string[] {
  if (!n) return [];
  if (n.k === 'atom') return isIdentText(n.text) || n.text === '_' ? [n.text] : [];
  if (n.k === 'app') return [n.fn, ...n.args].flatMap(namesOf);
  return [];
}

/** Add the variables of binder groups to an environment. */
export function extendEnv(env: Env, binders: (Node & { k: 'group' })[]): Env {
  for (const b of binders) {
    const { names, type } = groupEntries(b);
    for (const n of names) if (n !== '_') env.set(n, type);
  }
  return env;
}

const variableCache = new Map<string, (Node & { k: 'group' })[] | null>();
onClearTermCaches(() => variableCache.clear());
/** The binder groups of a `variable` command's text (cached; undefined when unreadable). */
export function variableBinders(text: string): (Node & { k: 'group' })[] | undefined {
  const hit = variableCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const sig = parseSignature(text);
  let out = sig && !sig.type ? sig.binders : undefined;
  if (!out) {
    // one unreadable group must not hide the others: read them one by one
    out = [];
    for (const g of topGroups(text)) {
      const one = parseSignature(g);
      if (one && !one.type) out.push(...one.binders);
    }
  }
  if (variableCache.size > 2000) variableCache.clear();
  variableCache.set(text, out ?? null);
  return out;
}

/** The top-level bracketed groups of a binder list (`{a : α} [Foo α] (x : α)`), as text. */
function topGroups(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('([{⦃⟨'.includes(c)) {
      if (depth === 0) start = i;
      depth++;
    } else if (')]}⦄⟩'.includes(c)) {
      depth--;
      if (depth === 0 && start >= 0) out.push(text.slice(start, i + 1));
      if (depth < 0) return out;
    }
  }
  return out;
}

function looksLikeVariable(name: string): boolean {
  const core = name.replace(/[₀-₉ᵢ-ᵪ'0-9]+$/u, '');
  return Array.from(core).length <= 1 && !/^[ℕℤℚℝℂ]$/u.test(core);
}
function isVar(name: string, env: Env): boolean {
  const head = name.split('.')[0];
  return env.has(head) || looksLikeVariable(head);
}

const strip = (n: Node): Node => (n.k === 'group' && n.open === '(' && n.items.length === 1 && n.seps.length === 0 ? strip(n.items[0]) : n);

/** Is this type a function type (`α → M`, `∀ i, M i`, `(i : ι) → M i`)? */
export function isFunctionType(t: Node | undefined): boolean {
  if (!t) return false;
  t = strip(t);
  if (t === FN) return true;
  if (t.k === 'bin' && t.op === '→') return true;
  if (t.k === 'binder' && (t.op === '∀' || t.op === 'Π')) return true;
  return false;
}

/** Bundled maps applied like functions: `f : M →* N` applied to `x : M` is in `N`. */
const MAP_ARROWS = new Set(['→*', '→+', '→+*', '→ₙ+*', '→*₀', '→ₙ*', '→ₙ+', '→*o', '→+o', '→ₗ', '→L', '→ₐ', '→ᵃ', '→o', '→ᵇ', '≃', '≃*', '≃+',
  '≃+*', '≃*o', '≃+o', '≃ₗ', '≃L', '≃ₐ', '≃ᵃ', '≃o', '≃ₜ', '≃ᵢ', '↪', '↪o']);

/** Constants whose value is a natural number (the type of `1` next to them is `ℕ`, never translated). */
const NAT_VALUED = /(?:^|\.)(?:card|natCard|encard|ncard|length|orderOf|addOrderOf|exponent|index|relindex|natDegree|natTrailingDegree|count|countP|finrank|rank|natAbs|toNat|factorial|choose|totient|succ|pred|gcd|lcm|minFac|size|dist|nnnorm|degree)$/;

const SAME_TYPE_POST = new Set(['⁻¹', 'ᶜ', '⁺ᵐ', '⁻ᵐ', '⁺', '⁻']);
const BIG_OPS = new Set(['∑', '∏', '∑ᶠ', '∏ᶠ', "∑'", "∏'"]);
const typeMemo = new WeakMap<Node, { env: Env; t: Node | undefined }>();
/** The type of a term as far as text tells: a type node, NUM for a bare numeral, PROP, or undefined. */
export function inferType(n: Node, env: Env): Node | undefined {
  const hit = typeMemo.get(n);
  if (hit && hit.env === env) return hit.t;
  const t = inferType0(n, env);
  typeMemo.set(n, { env, t });
  return t;
}
function inferType0(n: Node, env: Env): Node | undefined {
  switch (n.k) {
    case 'atom': {
      if (/^\d/.test(n.text)) return NUM;
      if (!isIdentText(n.text)) return undefined;
      if (env.has(n.text)) return env.get(n.text);
      if (NAT_VALUED.test(n.text)) return FN;
      return undefined;
    }
    case 'group': {
      if (n.open === '(' && n.items.length === 2 && n.seps[0] === ':') return n.items[1];
      if (n.open === '(' && n.items.length === 1 && n.seps.length === 0) return inferType(n.items[0], env);
      return undefined;
    }
    case 'app': {
      const fn = strip(n.fn);
      if (fn.k === 'atom' && !env.has(fn.text) && NAT_VALUED.test(fn.text)) return NAT;
      let t = inferType(fn, env);
      if (!t) return undefined;
      for (let k = 0; k < n.args.length && t; k++) {
        const s: Node = strip(t);
        if (s === FN) return undefined;
        if (s.k === 'bin' && s.op === '→') t = s.r;
        else if (s.k === 'bin' && MAP_ARROWS.has(s.op)) t = s.r;
        else if (s.k === 'binder' && (s.op === '∀' || s.op === 'Π')) t = s.body;
        else return undefined;
      }
      return t;
    }
    case 'bin': {
      switch (n.op) {
        case '*': case '/': case '+': case '-': case '%': case '⊔': case '⊓': case '∪': case '∩': case '\\': case '∆': {
          const l = inferType(n.l, env);
          if (l && l !== NUM) return l;
          const r = inferType(n.r, env);
          return r ?? l;
        }
        case '^':
          return inferType(n.l, env);
        case '•': case '+ᵥ':
          return inferType(n.r, env);
        case '=': case '≠': case '<': case '>': case '≤': case '≥': case '∈': case '∉': case '⊆': case '⊂': case '∣': case '∧': case '∨': case '↔':
          return PROP;
        default:
          return undefined;
      }
    }
    case 'pre':
      if (n.op === '-') return inferType(n.a, env);
      if (n.op === '#') return NAT;
      if (n.op === '√') return REAL;
      if (n.op === '¬') return PROP;
      return undefined;
    case 'post':
      if (n.op === '!') return NAT;
      if (SAME_TYPE_POST.has(n.op)) return inferType(n.a, env);
      return undefined;
    case 'proj':
      return NAT_VALUED.test(n.field) ? NAT : undefined;
    case 'enclose':
      if (n.open === '|') return inferType(n.a, env);
      if (n.open === '‖') return n.close === '‖₊' ? undefined : REAL;
      if (n.close.endsWith('₊')) return NAT;
      return INT;
    case 'binder': {
      if (n.op === 'fun' || n.op === 'λ') return FN;
      if (n.op === '∀' || n.op === '∃' || n.op === '∃!' || n.op === '∀ᶠ' || n.op === '∃ᶠ') return PROP;
      if (BIG_OPS.has(n.op)) return inferType(n.body, bindHead(n, env));
      return undefined;
    }
    case 'ite':
      return inferType(n.parts[n.parts.length - 2], env) ?? inferType(n.parts[n.parts.length - 1], env);
  }
}

/** The environment inside a binder: its names, with the type written after `:` when there is one. */
function bindHead(n: Node & { k: 'binder' }, env: Env): Env {
  const names = binderNames(n.head);
  if (!names.length) return env;
  const e = new Map(env);
  const colon = n.head.findIndex((h) => h.k === 'atom' && h.text === ':');
  const type = colon >= 0 ? n.head[colon + 1] : undefined;
  for (const h of n.head) if (h.k === 'group') extendEnv(e, [h as Node & { k: 'group' }]);
  for (const name of names) if (!e.has(name) || type) e.set(name, type ?? e.get(name));
  return e;
}

/**
 * Lean's `shouldTranslate` on a type: is it free of "fixed" parts? A constant that is not applied (`ℕ`, `ℝ`,
 * `Prop`), a numeral (`Fin 2` is `Fin (OfNat.ofNat ℕ 2)`) or a `dont_translate` variable makes it fixed. Only the
 * codomain of a function type counts (`ℕ → M` is translated).
 */
const fixedMemo = new WeakMap<Node, { env: Env; dont: ReadonlySet<string>; fixed: boolean }>();
export function isFixedType(t: Node, env: Env, dont: ReadonlySet<string>): boolean {
  const hit = fixedMemo.get(t);
  if (hit && hit.env === env && hit.dont === dont) return hit.fixed;
  const fixed = isFixedType0(t, env, dont);
  fixedMemo.set(t, { env, dont, fixed });
  return fixed;
}
function isFixedType0(t: Node, env: Env, dont: ReadonlySet<string>): boolean {
  t = strip(t);
  if (t === NUM) return false;
  if (t === PROP || t === NAT || t === INT || t === REAL) return true;
  if (t.k === 'bin' && t.op === '→') return isFixedType(t.r, env, dont);
  if (t.k === 'binder' && (t.op === '∀' || t.op === 'Π')) return isFixedType(t.body, bindHead(t, env), dont);
  let fixed = false;
  const walk = (n: Node, inApp: boolean) => {
    if (fixed) return;
    switch (n.k) {
      case 'atom':
        if (/^\d/.test(n.text)) fixed = true;
        else if (n.text === 'Prop') fixed = true;
        else if (/^(?:Type|Sort)\b/.test(n.text) || n.text === '_' || n.text === '*') return;
        else if (isIdentText(n.text)) {
          if (isVar(n.text, env)) fixed = dont.has(n.text.split('.')[0]);
          else if (!inApp) fixed = true;
        } else if (!inApp && n.text !== '⊤' && n.text !== '⊥') fixed = true;
        return;
      case 'app':
        walk(n.fn, true);
        for (const a of n.args) walk(a, false);
        return;
      case 'bin':
        walk(n.l, false);
        walk(n.r, false);
        return;
      case 'post':
      case 'pre':
      case 'proj':
      case 'enclose':
        walk(n.a, false);
        return;
      case 'group':
        for (const it of n.items) walk(it, false);
        return;
      default:
        return;
    }
  };
  walk(t, false);
  return fixed;
}

// ---------------------------------------------------------------------------------------------------------------
// to_additive

export interface AdditiveContext {
  g: GuessNameData;
  /** `dont_translate` type variables. */
  dont?: ReadonlySet<string>;
  /** Known translations of constants (`mabs` → `abs`), when the whole project is known. */
  known?: (name: string) => string | undefined;
  /** Told each constant whose name was guessed (`Finset.prod` → `Finset.sum`), to check later that it exists. */
  onRename?: (from: string, to: string) => void;
}

/** `to_additive`'s statement: `binders : type` of the multiplicative declaration → the additive one's. */
export function additiveSignature(sigText: string, env0: Env, ctx: AdditiveContext, reorder?: Reorder): string | undefined {
  if (!reorder && !ctx.dont?.size && !NOTATION_TRIGGER.test(sigText)) {
    // no notation to translate: names only, word by word (the common case, without reading the term)
    return sigText.replace(IDENT, (w) => translateName(w, env0, ctx));
  }
  const sig = parseSignature(sigText);
  if (!sig) return undefined;
  const env: Env = new Map(env0);
  const dont = ctx.dont ?? new Set<string>();
  const binders: (Node & { k: 'group' })[] = [];
  for (const b of sig.binders) {
    binders.push(translateGroup(b, env, ctx, dont));
    extendEnv(env, [b]);
  }
  const out: Signature = { binders, type: sig.type && tr(sig.type, env, ctx, dont, PROP) };
  if (reorder) out.binders = reorderBinders(out.binders, reorder);
  return printSignature(out);
}

function translateGroup(b: Node & { k: 'group' }, env: Env, ctx: AdditiveContext, dont: ReadonlySet<string>): Node & { k: 'group' } {
  const colon = b.seps.indexOf(':');
  const items = b.items.map((it, i) => {
    if (b.open === '[' && colon < 0) return tr(it, env, ctx, dont, undefined);
    if (colon >= 0 && i > colon) return tr(it, env, ctx, dont, i === colon + 1 ? undefined : b.items[colon + 1]);
    return it;
  });
  return { ...b, items };
}

/** Classes `to_additive` translates with their first two arguments swapped (Mathlib/Algebra/Notation/Defs.lean). */
const SWAPPED = new Map([['Pow', 'SMul'], ['HPow', 'HSMul']]);
/** Functions whose arguments from this position on have the type of the application. */
const VALUE_ARGS = new Map([['ite', 1], ['dite', 1], ['max', 0], ['min', 0], ['id', 0], ['cond', 1]]);
/** Text that needs the term read: multiplicative notation, numerals, powers, big operators, bars. */
const NOTATION_TRIGGER = /[*/^⁻•∏|1ᵐˣ]|\bH?Pow\b/u;
const IDENT = /(?<![\w'.₀-₉!?])(?:[.@]?[A-Za-z_\u0370-\u03ff\u1f00-\u1ffe\u2100-\u214f\u{1d49c}-\u{1d59f}][\w'₀-₉!?\u0370-\u03ff\u1f00-\u1ffe\u2100-\u214f\u{1d49c}-\u{1d59f}ᵢ-ᵪₐ-ₜ]*(?:\.[A-Za-z_\u0370-\u03ff][\w'₀-₉!?\u0370-\u03ff]*)*)/gu;
const MUL_ARROW: Record<string, string> = { '→*': '→+', '≃*': '≃+', '→ₙ*': '→ₙ+', '→*o': '→+o', '≃*o': '≃+o' };
const BIG_OP: Record<string, string> = { '∏': '∑', '∏ᶠ': '∑ᶠ', "∏'": "∑'" };
const RELATIONS = new Set(['=', '≠', '<', '>', '≤', '≥', '⩿', '⋖']);

/** Translate a constant's name (dictionary guess for each component that has a dictionary word). */
function translateName(name: string, env: Env, ctx: AdditiveContext): string {
  if (name.startsWith('.') && name.length > 1) return '.' + translateName(name.slice(1), new Map(), ctx); // `.square M`
  if (name.startsWith('@') && name.length > 1) return '@' + translateName(name.slice(1), env, ctx);
  if (!isIdentText(name) || name === '_') return name;
  const head = name.split('.')[0];
  if (isVar(head, env) && (env.has(head) || !name.includes('.'))) {
    // a variable, or field notation on one (`s.prod f` → `s.sum f`)
    if (!name.includes('.')) return name;
    const comps = nameComponents(name);
    return [comps[0], ...comps.slice(1).map((c) => (/^\d+$/.test(c) ? c : guessWord(c, ctx)))].join('.');
  }
  const known = ctx.known?.(name);
  if (known) return known;
  const comps = nameComponents(name);
  const out = comps.map((c) => guessWord(c, ctx)).join('.');
  // unchanged ones with a dictionary word too: the project may declare a translation (`MeasurableMul₂` → `MeasurableAdd₂`)
  if (out !== name || hasTranslatableWord(ctx.g, name)) ctx.onRename?.(name, out);
  return out;
}
function guessWord(c: string, ctx: AdditiveContext): string {
  return hasDictWord(ctx.g, c) ? guessName(ctx.g, c) : c;
}

/** Does an application's relevant argument make it fixed (`Monoid ℕ`, `Group β` with `dont_translate := β`)? */
function fixedApp(n: Node & { k: 'app' }, env: Env, dont: ReadonlySet<string>): boolean {
  const fn = strip(n.fn);
  if (n.args.some((a) => { const s = strip(a); return s.k === 'atom' && dont.has(s.text); })) return true;
  if (fn.k === 'atom' && /^[A-Z]/.test(fn.text.split('.').pop() ?? '') && n.args.length) {
    // a class or structure applied to a fixed type (`Monoid ℕ`); a value argument (`IsMulFreimanHom 2 s t f`) says nothing
    const a = strip(n.args[0]);
    if (a.k === 'atom' && /^\d/.test(a.text)) return false;
    return isFixedType(a, env, dont);
  }
  return false;
}

/** Is the operation on type `t` translated? Unknown types are (Mathlib's multiplicative lemmas are about the monoid). */
function translated(t: Node | undefined, env: Env, dont: ReadonlySet<string>): boolean {
  if (!t || t === NUM) return true;
  return !isFixedType(t, env, dont);
}

function tr(n: Node, env: Env, ctx: AdditiveContext, dont: ReadonlySet<string>, expected: Node | undefined): Node {
  switch (n.k) {
    case 'atom': {
      if (n.text === '1') return translated(expected, env, dont) ? atom('0') : n;
      return { k: 'atom', text: translateName(n.text, env, ctx) };
    }
    case 'group': {
      if (n.open === '(' && n.items.length === 2 && n.seps[0] === ':') {
        const T = n.items[1];
        return { ...n, items: [tr(n.items[0], env, ctx, dont, T), tr(T, env, ctx, dont, undefined)] };
      }
      if (n.open === '(' && n.items.length === 1 && n.seps.length === 0) return { ...n, items: [tr(n.items[0], env, ctx, dont, expected)] };
      return { ...n, items: n.items.map((it) => tr(it, env, ctx, dont, undefined)) };
    }
    case 'app': {
      const fnT = inferType(n.fn, env);
      const doms: (Node | undefined)[] = [];
      let t = fnT && strip(fnT);
      for (let k = 0; k < n.args.length; k++) {
        if (t && t.k === 'bin' && (t.op === '→' || MAP_ARROWS.has(t.op))) {
          doms.push(t.l);
          t = strip(t.r);
        } else doms.push(undefined);
      }
      const keepHead = fixedApp(n, env, dont);
      const head = strip(n.fn);
      if (!keepHead && head.k === 'atom' && SWAPPED.has(head.text) && n.args.length >= 2 && !env.has(head.text)) {
        // `attribute [to_additive (reorder := 1 2) SMul] Pow` (Mathlib/Algebra/Notation/Defs.lean): `Pow M ℕ` → `SMul ℕ M`
        const args = n.args.map((a) => tr(a, env, ctx, dont, undefined));
        return { ...n, fn: atom(SWAPPED.get(head.text)!), args: [args[1], args[0], ...args.slice(2)] };
      }
      const fn = keepHead ? n.fn : tr(n.fn, env, ctx, dont, undefined);
      const from = head.k === 'atom' ? VALUE_ARGS.get(head.text) : undefined;
      if (from !== undefined) {
        // `ite c a b`, `max a b`: the value arguments have the application's type
        for (let k = from; k < n.args.length; k++) doms[k] ??= expected;
      }
      return { ...n, fn, args: n.args.map((a, k) => tr(a, env, ctx, dont, doms[k])) };
    }
    case 'bin': {
      const op = n.op;
      if (RELATIONS.has(op)) {
        const lt = inferType(n.l, env);
        const rt = inferType(n.r, env);
        return { ...n, l: tr(n.l, env, ctx, dont, lt && lt !== NUM ? lt : rt), r: tr(n.r, env, ctx, dont, rt && rt !== NUM ? rt : lt) };
      }
      if (op === '*' || op === '/') {
        const T = operandType(n, env) ?? expected;
        const l = tr(n.l, env, ctx, dont, T);
        const r = tr(n.r, env, ctx, dont, T);
        if (!translated(T, env, dont)) return { ...n, l, r };
        return { k: 'bin', op: op === '*' ? '+' : '-', l, r };
      }
      if (op === '^') {
        const T = inferType(n.l, env) ?? expected;
        const et = inferType(n.r, env);
        const l = tr(n.l, env, ctx, dont, T);
        const r = tr(n.r, env, ctx, dont, et && et !== NUM ? et : NAT);
        if (!translated(T, env, dont)) return { ...n, l, r };
        return { k: 'bin', op: '•', l: r, r: l };
      }
      if (op === '•') {
        const S = inferType(n.l, env);
        const T = inferType(n.r, env) ?? expected;
        const l = tr(n.l, env, ctx, dont, S);
        const r = tr(n.r, env, ctx, dont, T);
        // the acting type decides (`n • x` with `n : ℕ` stays); an unknown one is the translated monoid
        if (S === NUM || (S !== undefined && isFixedType(S, env, dont))) return { ...n, l, r };
        return { k: 'bin', op: '+ᵥ', l, r };
      }
      if (op === '+' || op === '-' || op === '%' || op === '∣') {
        // additive arithmetic inside a multiplicative statement is on a fixed type (`n + 1` in an exponent)
        const T = operandType(n, env) ?? NAT;
        return { ...n, l: tr(n.l, env, ctx, dont, T), r: tr(n.r, env, ctx, dont, T) };
      }
      if (MUL_ARROW[op]) {
        const l = tr(n.l, env, ctx, dont, undefined);
        const r = tr(n.r, env, ctx, dont, undefined);
        return { ...n, op: isFixedType(n.l, env, dont) ? op : MUL_ARROW[op], l, r, ...(n.opArg ? { opArg: tr(n.opArg, env, ctx, dont, undefined) } : {}) };
      }
      const T = op === '∪' || op === '∩' || op === '⊔' || op === '⊓' || op === '\\' ? (operandType(n, env) ?? expected) : undefined;
      return { ...n, l: tr(n.l, env, ctx, dont, T), r: tr(n.r, env, ctx, dont, T), ...(n.opArg ? { opArg: tr(n.opArg, env, ctx, dont, undefined) } : {}) };
    }
    case 'pre':
      return { ...n, a: tr(n.a, env, ctx, dont, n.op === '-' ? expected : undefined) };
    case 'post': {
      const a = tr(n.a, env, ctx, dont, n.op === '⁻¹' || n.op === '⁺ᵐ' || n.op === '⁻ᵐ' ? expected : undefined);
      if (n.op === '⁻¹') return translated(inferType(n.a, env) ?? expected, env, dont) ? { k: 'pre', op: '-', a } : { ...n, a };
      if (n.op === '⁺ᵐ' || n.op === '⁻ᵐ') return translated(inferType(n.a, env) ?? expected, env, dont) ? { ...n, op: n.op === '⁺ᵐ' ? '⁺' : '⁻', a } : { ...n, a };
      if (n.op === 'ᵐᵒᵖ') return isFixedType(n.a, env, dont) ? { ...n, a } : { ...n, op: 'ᵃᵒᵖ', a };
      if (n.op === 'ˣ') return isFixedType(n.a, env, dont) ? { ...n, a } : app(atom('AddUnits'), [a]);
      return { ...n, a };
    }
    case 'proj':
      return { ...n, a: tr(n.a, env, ctx, dont, undefined), field: '.' + guessWord(n.field.slice(1), ctx) };
    case 'enclose': {
      const a = tr(n.a, env, ctx, dont, n.open === '|' ? expected : undefined);
      if (n.open === '|' && n.close === '|ₘ' && translated(inferType(n.a, env) ?? expected, env, dont)) return { ...n, close: '|', a };
      return { ...n, a };
    }
    case 'binder': {
      const inner = bindHead(n, env);
      const head = n.head.map((h) => tr(h, env, ctx, dont, undefined));
      const big = BIG_OP[n.op];
      if (big) {
        const T = inferType(n.body, inner) ?? expected;
        const body = tr(n.body, inner, ctx, dont, T);
        return { ...n, op: translated(T, inner, dont) ? big : n.op, head, body };
      }
      const body = tr(n.body, inner, ctx, dont, n.op === 'fun' || n.op === 'λ' ? undefined : PROP);
      return { ...n, head, body, ...(n.suffix ? { suffix: n.suffix.map((x) => tr(x, env, ctx, dont, undefined)) } : {}) };
    }
    case 'ite': {
      const k = n.words[1] === ':' ? 1 : 0;
      return { ...n, parts: n.parts.map((p, i) => (i < k ? p : tr(p, env, ctx, dont, i === k ? PROP : expected))) };
    }
  }
}

/** The type of a binary operation's operands (the first that is known and not a bare numeral). */
function operandType(n: Node & { k: 'bin' }, env: Env): Node | undefined {
  const l = inferType(n.l, env);
  if (l && l !== NUM) return l;
  const r = inferType(n.r, env);
  if (r && r !== NUM) return r;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// (reorder := …)

/** Cycles of argument positions (1-based) or names, as `(reorder := α β, 5 6)` writes them. */
export type Reorder = (string | number)[][];

export function parseReorder(text: string): Reorder {
  return text
    .split(',')
    .map((c) => c.trim().split(/\s+/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x)))
    .filter((c) => c.length > 1);
}

/**
 * Reorder the declaration's own binders. Positions count every argument, the section variables the declaration
 * includes first (`variableCount`, attached by the caller as a negative offset in the cycles is not known here):
 * the caller passes cycles already shifted to the declaration's binders.
 */
function reorderBinders(binders: (Node & { k: 'group' })[], reorder: Reorder): (Node & { k: 'group' })[] {
  // one entry per declared name (an anonymous instance binder is one argument)
  const flat: { group: Node & { k: 'group' }; name?: string }[] = [];
  for (const b of binders) {
    const { names, inst } = groupEntries(b);
    if (inst && !names.length) flat.push({ group: b });
    else if (names.length <= 1) flat.push({ group: b, name: names[0] });
    else for (const n of names) flat.push({ group: b, name: n });
  }
  const pos = (x: string | number): number => (typeof x === 'number' ? x - 1 : flat.findIndex((f) => f.name === x));
  const perm = flat.map((_, i) => i);
  for (const cycle of reorder) {
    const idx = cycle.map(pos);
    if (idx.some((i) => i < 0 || i >= flat.length)) return binders;
    // Lean's `permute!` with cycle notation: the argument at idx[k] moves to idx[k+1]
    const vals = idx.map((i) => perm[i]);
    for (let k = 0; k < idx.length; k++) perm[idx[(k + 1) % idx.length]] = vals[k];
  }
  if (perm.every((p, i) => p === i)) return binders;
  const out: (Node & { k: 'group' })[] = [];
  let last: { group: Node & { k: 'group' }; names: string[] } | undefined;
  for (const p of perm) {
    const f = flat[p];
    if (f.name === undefined || groupEntries(f.group).names.length <= 1) {
      last = undefined;
      out.push(f.group);
      continue;
    }
    // a name taken out of a group `(a b : T)`: its own group `(a : T)`
    if (last && last.group === f.group) {
      last.names.push(f.name);
      const { type } = groupEntries(f.group);
      out[out.length - 1] = singleGroup(f.group, last.names, type);
      continue;
    }
    last = { group: f.group, names: [f.name] };
    out.push(singleGroup(f.group, [f.name], groupEntries(f.group).type));
  }
  return out;
}
function singleGroup(g: Node & { k: 'group' }, names: string[], type: Node | undefined): Node & { k: 'group' } {
  const head = app(atom(names[0]), names.slice(1).map(atom));
  return type ? { ...g, items: [head, type], seps: [':'] } : { ...g, items: [head], seps: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// to_fun

/** `to_fun`'s statement: operations on functions written pointwise, in binders and type. Undefined when unchanged. */
export function toFunSignature(sigText: string, env0: Env, opts: { comp?: boolean } = {}): string | undefined {
  const sig = parseSignature(sigText);
  if (!sig) return undefined;
  const env: Env = new Map(env0);
  let changed = false;
  const binders = sig.binders.map((b) => {
    const colon = b.seps.indexOf(':');
    const out = colon < 0 ? b : { ...b, items: b.items.map((it, i) => (i === colon + 1 ? pullFun(it, env, () => (changed = true), opts) : it)) };
    extendEnv(env, [b]);
    return out;
  });
  const type = sig.type && pullFun(sig.type, env, () => (changed = true), opts);
  return changed ? printSignature({ binders, type }) : undefined;
}

const POINTWISE_BIN = new Set(['*', '+', '-', '/', '⊔', '⊓', '\\', '∆', '⇨', '-ᵥ']);
const POINTWISE_POST = new Set(['⁻¹', 'ᶜ', '⁺ᵐ', '⁻ᵐ', '⁺', '⁻']);

function lam(v: string, body: Node): Node {
  return { k: 'binder', op: 'fun', head: [atom(v)], sep: '=>', body };
}
/** `f i`, beta-reducing a lambda made here (`(fun a => g a) i` → `g i`). */
function applyTo(f: Node, v: string): Node {
  const s = strip(f);
  if (s.k === 'binder' && s.op === 'fun' && s.head.length === 1 && s.head[0].k === 'atom') {
    const x = s.head[0].text;
    return x === v ? s.body : mapTerm(s.body, (m) => (m.k === 'atom' && m.text === x ? atom(v) : m));
  }
  return app(s, [atom(v)]);
}

/** Rewrite operations on functions into lambdas, innermost first (`pull fun _ ↦ _`). */
function pullFun(n: Node, env: Env, changed: () => void, opts: { comp?: boolean }): Node {
  const isFn = (m: Node, e: Env) => {
    const s = strip(m);
    return (s.k === 'binder' && (s.op === 'fun' || s.op === 'λ')) || isFunctionType(inferType(s, e));
  };
  const fresh = (v: string, parts: Node[]) => {
    // the names the operands use, the variables of lambdas made here left out (they are beta-reduced away)
    const used = new Set<string>();
    for (const p of parts) {
      const q = strip(p);
      if (q.k === 'binder' && pulled.has(q)) {
        const own = q.head[0].k === 'atom' ? q.head[0].text : '';
        for (const a of atomsOf(q.body)) if (a !== own) used.add(a);
      } else atomsOf(p, used);
    }
    let name = v;
    for (let k = 1; used.has(name); k++) name = `${v}_${k}`;
    return name;
  };
  const pulled = new Set<Node>();
  const lamP = (v: string, body: Node): Node => {
    const l = lam(v, body);
    pulled.add(l);
    return l;
  };
  const visit = (m: Node, e: Env): Node => {
    switch (m.k) {
      case 'atom':
        // `Function.id_def : id = fun x => x` is a `@[push ←]` lemma
        if (m.text === 'id' && !e.has('id')) {
          changed();
          return lamP('x', atom('x'));
        }
        return m;
      case 'bin': {
        const l = visit(m.l, e);
        const r = visit(m.r, e);
        const out = { ...m, l, r };
        if (m.op === '∘' && opts.comp) {
          // `attribute [local push ←] Function.comp_def`: `f ∘ g = fun x => f (g x)`
          const v = fresh('x', [l, r]);
          changed();
          return lamP(v, app(l, [applyTo(r, v)]));
        }
        if (POINTWISE_BIN.has(m.op) && (isFn(l, e) || isFn(r, e))) {
          const v = fresh('i', [l, r]);
          const side = (x: Node) => (strip(x).k === 'atom' && /^\d/.test((strip(x) as { text: string }).text) ? x : applyTo(x, v));
          changed();
          return lamP(v, { k: 'bin', op: m.op, l: side(l), r: side(r) });
        }
        if ((m.op === '•' || m.op === '+ᵥ') && isFn(r, e)) {
          const v = fresh('i', [l, r]);
          changed();
          return lamP(v, { k: 'bin', op: m.op, l: isFn(l, e) ? applyTo(l, v) : l, r: applyTo(r, v) });
        }
        if (m.op === '^' && isFn(l, e)) {
          const v = fresh('i', [l, r]);
          changed();
          return lamP(v, { k: 'bin', op: '^', l: applyTo(l, v), r });
        }
        return out;
      }
      case 'pre': {
        const a = visit(m.a, e);
        if (m.op === '-' && isFn(a, e)) {
          const v = fresh('i', [a]);
          changed();
          return lamP(v, { k: 'pre', op: '-', a: applyTo(a, v) });
        }
        return { ...m, a };
      }
      case 'post': {
        const a = visit(m.a, e);
        if (POINTWISE_POST.has(m.op) && isFn(a, e)) {
          const v = fresh('i', [a]);
          changed();
          return lamP(v, { k: 'post', op: m.op, a: applyTo(a, v) });
        }
        return { ...m, a };
      }
      case 'enclose': {
        const a = visit(m.a, e);
        if (m.open === '|' && m.close === '|' && isFn(a, e)) {
          const v = fresh('i', [a]);
          changed();
          return lamP(v, { ...m, a: applyTo(a, v) });
        }
        return { ...m, a };
      }
      case 'app': {
        const fn = visit(m.fn, e);
        const args = m.args.map((a) => visit(a, e));
        const f = strip(fn);
        if (f.k === 'binder' && f.op === 'fun' && pulled.has(f) && args.length) {
          // beta: `(fun i => c • g a i) (h a)` → `c • g a (h a)`
          const x = f.head[0].k === 'atom' ? f.head[0].text : '';
          const body = mapTerm(f.body, (q) => (q.k === 'atom' && q.text === x ? args[0] : q));
          return args.length > 1 ? app(body, args.slice(1)) : body;
        }
        if (f.k === 'atom' && f.text === 'star' && args.length === 1 && isFn(args[0], e)) {
          const v = fresh('i', args);
          changed();
          return lamP(v, app(atom('star'), [applyTo(args[0], v)]));
        }
        return { k: 'app', fn, args };
      }
      case 'binder': {
        const inner = bindHead(m, e);
        const head = m.head.map((h) => visit(h, e));
        const body = visit(m.body, inner);
        const out = { ...m, head, body };
        if ((m.op === '∏' || m.op === '∑') && isFn(body, inner)) {
          // `Finset.prod_fn`: `∏ c ∈ s, g c = fun a ↦ ∏ c ∈ s, g c a`
          const v = fresh('a', [m]);
          changed();
          return lamP(v, { ...out, body: applyTo(body, v) });
        }
        return out;
      }
      case 'group': {
        if (m.open === '(' && m.items.length === 2 && m.seps[0] === ':' && isFunctionType(m.items[1])) {
          const v0 = strip(m.items[0]);
          // `Pi.zero_def : 0 = fun _ => 0`, `Pi.one_def`: a numeral of function type
          if (v0.k === 'atom' && (v0.text === '0' || v0.text === '1')) {
            changed();
            return lamP('x', v0);
          }
          if (v0.k === 'atom' && v0.text === 'id' && !e.has('id')) {
            changed();
            return lamP('x', atom('x'));
          }
        }
        return { ...m, items: m.items.map((it) => visit(it, e)) };
      }
      case 'proj':
        return { ...m, a: visit(m.a, e) };
      case 'ite':
        return { ...m, parts: m.parts.map((p) => visit(p, e)) };
      default:
        return m;
    }
  };
  return visit(n, env);
}

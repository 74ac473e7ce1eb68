// Lemmas Mathlib's `@[simps]` attribute generates (Mathlib/Tactic/Simps/Basic.lean), from text:
// * names: `simpsTac` starts from the declaration's last name component (nothing for an instance named `inst…`)
//   and `addProjections` appends each projection's name with `_` (`NameStruct.toName`: one component gets `_def`);
//   a projection marked `as_prefix` goes in front (`coe_foo`). The projections of a structure are its own data
//   fields, then the fields of its parents (`mkParsedProjectionData`; parent projections `toFoo` and proofs are not
//   default), renamed and switched on/off by `initialize_simps_projections S (toFun → apply, -invFun, as_prefix coe)`.
//   `@[simps foo bar]` makes exactly `…_foo`, `…_bar`.
// * statements: the projection applied to the declaration equals the field's value written in the definition
//   (`where toFun x := e` → `foo x = e`), fully applied; `…` stands for a value the text does not give.
// Nested structures are not recursed into (a field whose value is itself a structure gets one lemma).
import type { Declaration } from '../types';
import { notationHead } from './instanceName';
import { binop, type Node, binderNames, isIdentText, parseSignature, parseTerm, printTerm, unparen } from './leanTerm';
import { nameComponents } from './translate';

export interface StructureInfo {
  /** Full name. */
  name: string;
  /** Parents (`extends`), as written: the head of each parent type. */
  parents: string[];
  /** Direct fields (parents' subobjects excluded) in order, with their types as written (binders included). */
  fields: { name: string; type: string }[];
  /** Namespace the structure was declared in (for resolving parent names). */
  ns: string[];
}

export type ProjectionRule =
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'erase' | 'add' | 'prefix'; name: string };

/** `initialize_simps_projections S (toFun → apply, -invFun, +toEquiv, as_prefix coe)`. */
export interface SimpsInit {
  struct: string;
  ns: string[];
  rules: ProjectionRule[];
}

/** What the index knows about structures, `initialize_simps_projections` and definitions, project-wide. */
export interface SimpsTable {
  structures: Map<string, StructureInfo>;
  /** Structure full name → its projection rules. */
  rules: Map<string, ProjectionRule[]>;
  /** Definitions and abbreviations that may unfold to a structure type (`OrderIso` → `RelIso`): name → body text. */
  defs: Map<string, string>;
  /** Last name component → full names of structures, for names written relative to an open namespace. */
  byLast?: Map<string, string[]>;
  /** Last name components of proposition-valued predicates (their type ends in `Prop`). */
  propNames?: Set<string>;
  /** Projections computed so far, by structure. */
  projCache?: Map<string, Projection[]>;
}

/** A `@[simps]` declaration waiting for the project-wide table (see extractProject). */
export interface PendingSimps {
  /** Index of the declaration in the file's `decls`. */
  index: number;
  projs: string[];
  attrs: string[];
  /** Namespace components at the declaration, to resolve the structure's name. */
  ns: string[];
  /** Field values written in the definition (`where toFun x := e`, `⟨a, b⟩`, `{ f := v }`). */
  body?: SimpsBody;
  isInstance?: boolean;
}

export interface SimpsBody {
  /** `where` / `{ … }` fields: name → binders (text) and value (text). */
  fields?: { name: string; binders: string; value: string }[];
  /** `⟨a, b, c⟩` (or the pair `(a, b)` when `tuple`): the items. */
  items?: string[];
  tuple?: boolean;
}

/** Parse `(toFun → apply, -invFun, +toEquiv, as_prefix coe)`. */
export function parseProjectionRules(text: string): ProjectionRule[] {
  const out: ProjectionRule[] = [];
  for (const part of text.split(',')) {
    const p = part.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([^\s→]+)\s*(?:→|->)\s*(\S+)$/.exec(p))) out.push({ kind: 'rename', from: m[1], to: m[2] });
    else if ((m = /^-\s*(\S+)$/.exec(p))) out.push({ kind: 'erase', name: m[1] });
    else if ((m = /^\+\s*(\S+)$/.exec(p))) out.push({ kind: 'add', name: m[1] });
    else if ((m = /^as_prefix\s+(\S+)$/.exec(p))) out.push({ kind: 'prefix', name: m[1] });
  }
  return out;
}

/** Structures from Lean core that simps lemmas are commonly about (`@[simps] def f : α × β := (a, b)`). */
const CORE: StructureInfo[] = [
  { name: 'Prod', parents: [], fields: [{ name: 'fst', type: ': α' }, { name: 'snd', type: ': β' }], ns: [] },
  { name: 'PProd', parents: [], fields: [{ name: 'fst', type: ': α' }, { name: 'snd', type: ': β' }], ns: [] },
  { name: 'MProd', parents: [], fields: [{ name: 'fst', type: ': α' }, { name: 'snd', type: ': β' }], ns: [] },
  { name: 'Sigma', parents: [], fields: [{ name: 'fst', type: ': α' }, { name: 'snd', type: ': β fst' }], ns: [] },
  { name: 'PSigma', parents: [], fields: [{ name: 'fst', type: ': α' }, { name: 'snd', type: ': β fst' }], ns: [] },
  { name: 'Subtype', parents: [], fields: [{ name: 'val', type: ': α' }, { name: 'property', type: ': p val' }], ns: [] },
];
const NOTATION_STRUCT: Record<string, string> = { '×': 'Prod', '×\'': 'PProd', '⥤': 'CategoryTheory.Functor', '≅': 'CategoryTheory.Iso' };

export function newSimpsTable(): SimpsTable {
  const t: SimpsTable = { structures: new Map(), rules: new Map(), defs: new Map() };
  for (const s of CORE) t.structures.set(s.name, s);
  return t;
}

function indexByLast(t: SimpsTable): Map<string, string[]> {
  if (!t.byLast) {
    const m = new Map<string, string[]>();
    for (const name of t.structures.keys()) {
      const last = name.slice(name.lastIndexOf('.') + 1);
      const l = m.get(last);
      if (l) l.push(name);
      else m.set(last, [name]);
    }
    t.byLast = m;
  }
  return t.byLast;
}

/** The structure a name written in namespace `ns` denotes: namespaces from the innermost out, then a unique match. */
export function resolveStructure(t: SimpsTable, written: string, ns: string[]): string | undefined {
  const w = written.replace(/^@/, '').replace(/^_root_\./, '').replace(/\.\{[^}]*\}$/, '');
  for (let k = ns.length; k >= 0; k--) {
    const full = k ? `${ns.slice(0, k).join('.')}.${w}` : w;
    if (t.structures.has(full)) return full;
  }
  const byLast = indexByLast(t).get(w.slice(w.lastIndexOf('.') + 1));
  if (byLast) {
    const fit = byLast.filter((n) => n === w || n.endsWith(`.${w}`));
    if (fit.length === 1) return fit[0];
  }
  return undefined;
}

/** The head constant of a type (`Equiv α β`, `α ≃ β` → `Equiv`), after the function arrows simps applies through. */
function typeHead(type: Node): string | undefined {
  let t = unparen(type);
  for (let guard = 0; guard < 50; guard++) {
    if (t.k === 'bin' && t.op === '→') t = unparen(t.r);
    else if (t.k === 'binder' && (t.op === '∀' || t.op === 'Π')) t = unparen(t.body);
    else break;
  }
  if (t.k === 'bin') {
    if (NOTATION_STRUCT[t.op]) return NOTATION_STRUCT[t.op];
    return notationHead(`${t.op} `) ?? notationHead(printTerm(t));
  }
  if (t.k === 'app') t = unparen(t.fn);
  if (t.k === 'atom' && isIdentText(t.text.replace(/^@/, ''))) return t.text;
  return undefined;
}

/** Proposition-valued field types: relations, connectives, quantifiers, `Is…` predicates, known Prop constants. */
function isPropType(type: string, propNames?: Set<string>): boolean {
  const n = parseTerm(type.replace(/^\s*:\s*/, ''));
  if (!n) return /[=≤<≠↔∈⊆∣]/.test(type);
  let t = unparen(n);
  for (let guard = 0; guard < 50; guard++) {
    if (t.k === 'bin' && t.op === '→') t = unparen(t.r);
    else if (t.k === 'binder' && (t.op === '∀' || t.op === 'Π')) t = unparen(t.body);
    else break;
  }
  if (t.k === 'bin') return PROP_OPS.has(t.op);
  if (t.k === 'pre') return t.op === '¬';
  if (t.k === 'binder') return t.op === '∃' || t.op === '∃!' || t.op === '∀ᶠ' || t.op === '∃ᶠ';
  const head = t.k === 'app' ? unparen(t.fn) : t;
  if (head.k !== 'atom') return false;
  const name = head.text.replace(/^@/, '');
  if (name === 'True' || name === 'False') return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (/^Is[A-Z]/.test(last)) return true;
  if (PROP_HEADS.has(last)) return true;
  return propNames?.has(last) ?? false;
}
const PROP_OPS = new Set(['=', '≠', '<', '>', '≤', '≥', '∈', '∉', '⊆', '⊂', '∣', '↔', '∧', '∨', '≡', '=ᶠ', '≤ᶠ', '⩿', '⋖']);
const PROP_HEADS = new Set([
  'LeftInverse', 'RightInverse', 'Injective', 'Surjective', 'Bijective', 'Involutive', 'Continuous', 'ContinuousOn', 'ContinuousAt',
  'Monotone', 'Antitone', 'StrictMono', 'StrictAnti', 'MonotoneOn', 'AntitoneOn', 'Measurable', 'AEMeasurable', 'Differentiable',
  'DifferentiableOn', 'Tendsto', 'Disjoint', 'Nonempty', 'Finite', 'Infinite', 'Countable', 'Commute', 'SemiconjBy', 'Irreducible', 'Prime',
  'Squarefree', 'Even', 'Odd', 'UniformContinuous', 'Isometry', 'LipschitzWith', 'HasDerivAt', 'HasFDerivAt', 'IntegrableOn', 'Integrable',
  'Summable', 'HasSum', 'Nontrivial', 'Subsingleton', 'Fact', 'ContMDiff', 'ContDiff', 'AddCommute', 'Mono', 'Epi',
]);

export interface Projection {
  strName: string;
  newName: string;
  isDefault: boolean;
  isPrefix: boolean;
}

/** `mkParsedProjectionData` + `applyProjectionRules`: a structure's simps projections. */
export function projectionsOf(t: SimpsTable, struct: string): Projection[] {
  t.projCache ??= new Map();
  let hit = t.projCache.get(struct);
  if (!hit) t.projCache.set(struct, (hit = computeProjections(t, struct)));
  return hit;
}
function computeProjections(t: SimpsTable, struct: string): Projection[] {
  const info = t.structures.get(struct);
  if (!info) return [];
  const own = info.fields.map((f) => ({ strName: f.name, newName: f.name, isDefault: !isPropType(f.type, t.propNames), isPrefix: false }));
  const seen = new Set(own.map((p) => p.strName));
  const parentFields: Projection[] = [];
  const visit = (name: string, depth: number) => {
    const p = t.structures.get(name);
    if (!p || depth > 10) return;
    for (const f of p.fields) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      parentFields.push({ strName: f.name, newName: f.name, isDefault: !isPropType(f.type, t.propNames), isPrefix: false });
    }
    for (const q of p.parents) {
      const r = resolveStructure(t, q, p.ns);
      if (r) visit(r, depth + 1);
    }
  };
  for (const q of info.parents) {
    const r = resolveStructure(t, q, info.ns);
    if (r) visit(r, 0);
  }
  let projs = [...own, ...parentFields];
  for (const rule of t.rules.get(struct) ?? []) {
    if (rule.kind === 'rename') {
      if (projs.some((p) => p.newName === rule.from)) projs = projs.map((p) => (p.newName === rule.from ? { ...p, newName: rule.to } : p));
      else projs.push({ strName: rule.from, newName: rule.to, isDefault: true, isPrefix: false });
    } else {
      const change = (p: Projection): Projection =>
        rule.kind === 'erase' ? { ...p, isDefault: false } : rule.kind === 'add' ? { ...p, isDefault: true } : { ...p, isPrefix: true };
      if (projs.some((p) => p.newName === rule.name)) projs = projs.map((p) => (p.newName === rule.name ? change(p) : p));
      else projs.push(change({ strName: rule.name, newName: rule.name, isDefault: rule.kind !== 'erase', isPrefix: false }));
    }
  }
  return projs;
}

/** The structure a declaration's type is about, following definitions that unfold to one (`OrderIso` → `RelIso`). */
export function targetStructure(t: SimpsTable, signature: string, ns: string[]): string | undefined {
  const sig = parseSignature(signature);
  if (!sig?.type) return undefined;
  let head = typeHead(sig.type);
  for (let guard = 0; head && guard < 4; guard++) {
    const s = resolveStructure(t, head, ns);
    if (s) return s;
    // a definition whose body is a structure type
    let def: string | undefined;
    for (let k = ns.length; k >= 0 && def === undefined; k--) def = t.defs.get(k ? `${ns.slice(0, k).join('.')}.${head}` : head);
    if (def === undefined) return undefined;
    const body = parseTerm(def);
    head = body ? typeHead(body) : undefined;
  }
  return undefined;
}

/** The lemmas `@[simps]` on `decl` generates. */
export function simpsLemmas(decl: Declaration, p: PendingSimps, t: SimpsTable): Declaration[] {
  const comps = nameComponents(decl.name);
  const last = comps[comps.length - 1];
  const parent = comps.slice(0, -1).join('.');
  const stem = p.isInstance && last.startsWith('inst') ? [] : [last];
  const struct = targetStructure(t, decl.signature, p.ns);
  const projs = struct ? projectionsOf(t, struct) : [];
  const wanted: { proj?: Projection; path: string }[] = [];
  if (p.projs.length) {
    for (const x of p.projs) wanted.push({ proj: projs.find((q) => q.newName === x || x.startsWith(`${q.newName}_`)), path: x });
  } else {
    if (!struct) return [];
    for (const q of projs) if (q.isDefault) wanted.push({ proj: q, path: q.newName });
  }
  const out: Declaration[] = [];
  const names = new Set<string>();
  for (const w of wanted) {
    const parts = w.proj?.isPrefix ? [w.proj.newName, ...stem, ...(w.path === w.proj.newName ? [] : [w.path.slice(w.proj.newName.length + 1)])] : [...stem, w.path];
    const local = parts.length === 1 ? `${parts[0]}_def` : parts.join('_');
    const name = parent ? `${parent}.${local}` : local;
    if (names.has(name) || name === decl.name) continue;
    names.add(name);
    const lemma: Declaration = {
      name,
      kind: 'theorem',
      signature: simpsStatement(decl, w.proj, w.path, p.body, struct ? t.structures.get(struct) : undefined, t),
      module: decl.module,
      file: decl.file,
      line: decl.line,
      pkg: decl.pkg,
      generatedFrom: decl.name,
      attrs: [...new Set(['simp', ...p.attrs])],
      origin: 'simps',
    };
    if (decl.isPrivate) lemma.isPrivate = true;
    out.push(lemma);
  }
  return out;
}

/** `binders : lhs = rhs` for one projection lemma, as far as the text gives the field's value. */
function simpsStatement(
  decl: Declaration,
  proj: Projection | undefined,
  path: string,
  body: SimpsBody | undefined,
  info: StructureInfo | undefined,
  t: SimpsTable,
): string {
  const sig = parseSignature(decl.signature);
  const binders = sig ? sig.binders : [];
  const explicit: string[] = [];
  let firstType: Node | undefined;
  for (const b of binders) {
    if (b.open !== '(') continue;
    const names = binderNames([b]);
    if (!explicit.length && names.length && b.seps[0] === ':') firstType = b.items[1];
    explicit.push(...names);
  }
  // Lean prints `C.f x …` as `x.f …` when `x : C …` (generalized field notation): `(e₁.trans e₂) x`
  const comps = nameComponents(decl.name);
  const ns = comps.length > 1 ? comps[comps.length - 2] : undefined;
  const argHead = firstType && typeHead(firstType);
  const dotted = ns && argHead && (argHead === ns || argHead.endsWith(`.${ns}`)) && /^[A-Za-z_α-ωΑ-Ω][\w'₀-₉]*$/u.test(explicit[0]);
  const base = !explicit.length
    ? decl.name
    : dotted
      ? `${explicit[0]}.${comps[comps.length - 1]}${explicit.length > 1 ? ' ' + explicit.slice(1).join(' ') : ''}`
      : `${decl.name} ${explicit.join(' ')}`;
  const baseArg = explicit.length > (dotted ? 1 : 0) ? `(${base})` : base;
  const strName = proj?.strName ?? path;
  const value = fieldValue(body, strName, info, t);
  const vars: string[] = [];
  let rhs = value?.value;
  const extra: string[] = [];
  if (value) {
    // `toFun x y := e` / `toFun := fun x y => e`: the lemma is stated fully applied
    const bs = value.binders.trim();
    if (bs) {
      const names = (parseSignature(bs)?.binders ?? []).flatMap((g) => binderNames([g]));
      const plain = bs.split(/\s+/).filter((x) => /^[A-Za-z_α-ωΑ-Ω][\w'₀-₉]*$/u.test(x));
      vars.push(...(names.length ? names : plain));
      if (names.length) extra.push(bs);
      else extra.push(...plain.map((x) => `(${x})`));
    }
    // only a lambda needs reading (its binders become the lemma's); other values stay as written
    let v = rhs && /^(?:fun\b|λ)/.test(rhs) ? parseTerm(rhs) : undefined;
    while (v && v.k === 'binder' && (v.op === 'fun' || v.op === 'λ')) {
      let names = binderNames(v.head);
      if (!names.length && v.head.some((h) => h.k === 'atom' && h.text === '_')) names = [freshVar(decl.signature + ' ' + printTerm(v))];
      vars.push(...names);
      const typed = v.head.some((h) => h.k === 'group') || v.head.some((h) => h.k === 'atom' && h.text === ':');
      extra.push(typed ? v.head.map((h) => printTerm(h)).map((h) => (h.startsWith('(') || h.startsWith('{') || h.startsWith('⦃') ? h : `(${h})`)).join(' ').replace(/\(\((.*)\)\)/, '($1)') : names.map((x) => `(${x})`).join(' '));
      v = v.body;
    }
    if (v) rhs = printTerm(v);
  }
  // a coercion to functions (`apply`, `coe`) or a field of function type is stated applied (`fullyApplied`)
  const field = info && t ? fieldType(info, strName, t) : undefined;
  const fnLike = !!proj && (proj.newName === 'apply' || proj.newName.endsWith('_apply') || proj.newName === 'coe' || (field !== undefined && isFunctionField(field)));
  let lhs: string;
  if (proj?.newName === 'apply' || proj?.newName === 'coe') lhs = baseArg;
  else if (proj?.newName.endsWith('_apply')) lhs = `${baseArg}.${proj.newName.slice(0, -'_apply'.length).split('_').join('.')}`;
  else lhs = `${baseArg}.${strName}`;
  if (fnLike && !vars.length) {
    // a function given without binders: state it applied to a fresh variable
    const x = freshVar(decl.signature + ' ' + (rhs ?? ''));
    vars.push(x);
    extra.push(`(${x})`);
    if (rhs !== undefined) rhs = /^[\w.'₀-₉]+$/u.test(rhs) ? `${rhs} ${x}` : `(${rhs}) ${x}`;
  }
  if (vars.length) lhs = `${lhs} ${vars.join(' ')}`;
  const colon = binders.length ? topColon(decl.signature) : -1;
  const head = [...(colon > 0 ? [decl.signature.slice(0, colon).trim()] : []), ...extra].filter((x) => x).join(' ');
  return `${head ? head + ' ' : ''}: ${lhs} = ${rhs === undefined ? '…' : rightOfEq(rhs)}`;
}

/** A value as the right side of `=` (read at 51): a relation or connective is parenthesized, as Lean prints
 *  `(refl ι).Rel i j = (i = j)` for a field of propositions. */
function rightOfEq(value: string): string {
  const n = parseTerm(value);
  return n?.k === 'bin' && (binop(n.op, !!n.opArg)?.[0] ?? 50) <= 50 ? `(${value})` : value;
}

/** A field's declared type (the structure's own fields, then its parents'). */
function fieldType(info: StructureInfo, name: string, t: SimpsTable, depth = 0): string | undefined {
  const f = info.fields.find((x) => x.name === name);
  if (f) return f.type;
  if (depth > 5) return undefined;
  for (const q of info.parents) {
    const r = resolveStructure(t, q, info.ns);
    const p = r && t.structures.get(r);
    const found = p && fieldType(p, name, t, depth + 1);
    if (found) return found;
  }
  return undefined;
}
function isFunctionField(type: string): boolean {
  const n = parseTerm(type.replace(/^\s*:\s*/, ''));
  return !!n && ((n.k === 'bin' && n.op === '→') || (n.k === 'binder' && (n.op === '∀' || n.op === 'Π')));
}

function freshVar(text: string): string {
  for (const x of ['x', 'a', 'y', 'b', 'z']) if (!new RegExp(`(?<![\\w'.₀-₉])${x}(?![\\w'₀-₉])`, 'u').test(text)) return x;
  return 'x✝';
}

/** Offset of the colon that ends a signature's binders (depth 0, not `:=`), or -1. */
function topColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('([{⦃⟨'.includes(c)) depth++;
    else if (')]}⦄⟩'.includes(c)) depth--;
    else if (c === ':' && depth === 0 && s[i + 1] !== '=') return i;
  }
  return -1;
}

/** The value written for field `name` in the definition, if the text gives it. */
function fieldValue(body: SimpsBody | undefined, name: string, info: StructureInfo | undefined, t: SimpsTable): { binders: string; value: string } | undefined {
  if (!body) return undefined;
  if (body.fields) {
    const f = body.fields.find((x) => x.name === name);
    return f && { binders: f.binders, value: f.value };
  }
  if (body.items && info) {
    // `⟨a, b, …⟩`: the constructor's fields in order (parents' subobjects first, then own fields)
    const order: string[] = [];
    const flat = (s: StructureInfo, depth: number) => {
      for (const q of s.parents) {
        const r = resolveStructure(t, q, s.ns);
        const p = r && t.structures.get(r);
        if (p && depth < 5) flat(p, depth + 1);
      }
      for (const f of s.fields) if (!order.includes(f.name)) order.push(f.name);
    };
    if (info.parents.length) return undefined; // subobjects make positions ambiguous
    flat(info, 0);
    let items = body.items;
    if (items.length > order.length && order.length > 0) {
      // `⟨a, b, c⟩` for two fields is `⟨a, ⟨b, c⟩⟩`; `(a, b, c)` is `(a, (b, c))`
      const rest = items.slice(order.length - 1).join(', ');
      items = [...items.slice(0, order.length - 1), body.tuple ? `(${rest})` : `⟨${rest}⟩`];
    }
    const k = order.indexOf(name);
    if (k >= 0 && k < items.length && items.length === order.length) return { binders: '', value: items[k] };
  }
  return undefined;
}

// Candidates that need no model, checked in Lean like any other candidate:
// - automation chosen by the goal's head and shape (its relation, the types of the variables it mentions, its
//   connectives and predicate heads) and by the hypotheses (an exact match, an ordered pair `gcongr` can use);
// - premise candidates (`exact`/`apply`/`rw`/`simp` with a retrieved premise) only from premises that fit: their
//   conclusion matches the goal's conclusion (the premise's variables as holes), or, for a rewrite lemma, its
//   left (or right) side matches a subterm of the goal or of a hypothesis.
// Every candidate gets a score; the list is ordered by it, so a weak premise cannot push good automation out.
import { parseGoal } from '../goal';
import { parseSignature } from '../informal/signature';
import { asArg, freeIdentifiers, headOf, identifiers, isAutoBoundName, matchTerm, parseTerm, show, specificity, splitProjections, subterms, type MatchResult, type Term } from './term';

export type CandidateSource = 'model' | 'premise' | 'automation';

export interface RawCandidate {
  tactic: string;
  source: CandidateSource;
  premises?: string[];
  /** How promising the candidate is for this goal (higher first); model-free candidates only. */
  score?: number;
}

export interface PremiseLike {
  name: string;
  signature: string;
  kind?: string;
  attrs?: string[];
}

export interface ModelFreeOptions {
  /** Premises looked at (in retrieval order). */
  maxPremises?: number;
  /** Length of the list. */
  max?: number;
}

/** Model-free candidates, best first: premise candidates that fit the goal and automation for its shape. */
export function modelFreeCandidates(goalText: string, premises: PremiseLike[], opts: ModelFreeOptions = {}): RawCandidate[] {
  const facts = readGoal(goalText);
  const max = opts.max ?? 16;
  const all = [...premiseScored(facts, premises, opts.maxPremises ?? 8), ...automationScored(facts)];
  const list = rank(all).slice(0, max);
  // `simp` is always worth a check as the last resort.
  if (!list.some((c) => c.tactic === 'simp') && list.length > 0) {
    const simp = all.find((c) => c.tactic === 'simp');
    if (simp) list.splice(Math.min(list.length, max - 1), 1, simp);
  }
  return list;
}

/** Premise candidates only (premises that do not fit the goal give none), best first. */
export function premiseCandidates(goalText: string, premises: PremiseLike[], maxPremises = 5): RawCandidate[] {
  return rank(premiseScored(readGoal(goalText), premises, maxPremises));
}

/** Standard automation, most promising first for the goal's shape. */
export function automationCandidates(goalText: string): RawCandidate[] {
  return rank(automationScored(readGoal(goalText)));
}

function rank(cands: RawCandidate[]): RawCandidate[] {
  const best = new Map<string, RawCandidate>();
  for (const c of cands) {
    const key = c.tactic.replace(/\s+/g, ' ').trim();
    if (!key) continue;
    const prev = best.get(key);
    if (!prev || (c.score ?? 0) > (prev.score ?? 0)) best.set(key, { ...c, tactic: key });
  }
  return [...best.values()].map((c, i) => ({ c, i })).sort((a, b) => (b.c.score ?? 0) - (a.c.score ?? 0) || a.i - b.i).map((x) => x.c);
}

// ---------------------------------------------------------------------------------------------------------------
// The goal

type NumKind = 'nat' | 'int' | 'real';

interface Hyp {
  name: string;
  type: string;
  term: Term;
  /** A proof of a proposition (not a variable of some type). */
  isProp: boolean;
}

interface GoalFacts {
  target: Term;
  targetText: string;
  hyps: Hyp[];
  props: Hyp[];
  /** Variables of the context and their types. */
  varTypes: Map<string, string>;
  /** Names already in the context (for fresh names). */
  used: Set<string>;
}

const RELS = new Set(['=', '≠', '<', '≤', '∈', '∉', '⊆', '⊂', '∣', '↔', '≡']);
const LOGIC = new Set(['∧', '∨', '↔', '→']);
const DATA_TYPE_HEADS = new Set([
  'Set', 'Finset', 'List', 'Multiset', 'Fin', 'Matrix', 'Polynomial', 'Option', 'Array', 'Type', 'Sort', 'Prop', 'Bool', 'ℕ', 'ℤ', 'ℝ', 'ℚ', 'ℂ',
  'Nat', 'Int', 'Real', 'Rat', 'Complex', 'NNReal', 'ENNReal', 'EReal', 'ZMod', 'Filter', 'Measure',
]);

function lastComponent(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i + 1) : name;
}

function numKind(type: string): NumKind | undefined {
  const t = type.trim();
  if (/^(ℕ|Nat|ℕ\+|PNat)$/.test(t)) return 'nat';
  if (/^(ℤ|Int)$/.test(t)) return 'int';
  if (/^(ℝ|ℚ|ℂ|Real|Rat|Complex|NNReal|ℝ≥0|ℝ≥0∞|ENNReal|EReal)$/.test(t)) return 'real';
  return undefined;
}

function isPropType(name: string, type: string, term: Term): boolean {
  if (term.k === 'bin' && (RELS.has(term.op) || LOGIC.has(term.op))) {
    // `α → β` between data types is a function type.
    if (term.op === '→' && isDataTerm(term.l) && isDataTerm(term.r)) return false;
    return true;
  }
  if (term.k === 'un' && term.op === '¬') return true;
  if (term.k === 'bind' && (term.op === '∀' || term.op === '∃' || term.op === '∃!')) return true;
  if (term.k === 'id' && (term.name === 'True' || term.name === 'False')) return true;
  if (isDataTerm(term) || numKind(type)) return false;
  return /^(h|this)/.test(name);
}

function isDataTerm(t: Term): boolean {
  const head = lastComponent(headOf(t));
  if (DATA_TYPE_HEADS.has(head)) return true;
  if (t.k === 'id' && /^[α-ωA-Z][₀-₉']*$/u.test(t.name)) return true;
  if (t.k === 'bin' && (t.op === '→' || t.op === '×')) return isDataTerm(t.l) && isDataTerm(t.r);
  return false;
}

function readGoal(goalText: string): GoalFacts {
  const goal = parseGoal(goalText);
  const targetText = goal.target.trim();
  const hyps: Hyp[] = [];
  const varTypes = new Map<string, string>();
  const used = new Set<string>();
  const names = new Set(goal.hypotheses.flatMap((h) => h.names));
  const read = (text: string) => splitProjections(parseTerm(text), (n) => names.has(n));
  for (const h of goal.hypotheses) {
    const term = read(h.type);
    for (const name of h.names) {
      used.add(name);
      if (name.includes('✝')) continue;
      const isProp = isPropType(name, h.type, term);
      hyps.push({ name, type: h.type, term, isProp });
      if (!isProp) varTypes.set(name, h.type.trim());
    }
  }
  return { target: read(targetText), targetText, hyps, props: hyps.filter((h) => h.isProp), varTypes, used };
}

function fresh(used: Set<string>, base: string): string {
  const subs = ['', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
  for (const s of subs) {
    const n = base + s;
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
  return base + "'";
}

// ---------------------------------------------------------------------------------------------------------------
// Premises

interface ExplicitArg {
  name?: string;
  type: string;
}

interface PremiseStatement {
  conclusion: Term;
  vars: Set<string>;
  args: ExplicitArg[];
}

function readPremise(signature: string): PremiseStatement | undefined {
  const sh = parseSignature(signature);
  if (!sh.conclusion.trim()) return undefined;
  const parsed = parseTerm(sh.conclusion);
  if (parsed.k === 'raw') return undefined;
  const vars = new Set<string>();
  const args: ExplicitArg[] = [];
  for (const b of sh.binders) {
    for (const n of b.names) vars.add(n);
    if (b.kind === 'explicit') for (const n of b.names.length ? b.names : ['_']) args.push({ name: n === '_' ? undefined : n, type: b.type });
  }
  for (const f of sh.foralls) {
    // `x y : ℝ`, `ε > 0` (a variable and a hypothesis), `x ∈ s`.
    const pred = /^(.*?)\s*(>|<|≥|≤|≠|∈|∉|⊆)\s*(.+)$/.exec(f);
    const namesPart = (pred ? pred[1] : f.split(':')[0]).replace(/[()\[\]{}⦃⦄]/g, ' ');
    const names = namesPart.split(/\s+/).filter((n) => n && n !== ':');
    for (const n of names) {
      vars.add(n);
      args.push({ name: n, type: '' });
    }
    if (pred) for (const n of names) args.push({ type: `${n} ${pred[2]} ${pred[3]}` });
  }
  for (const a of sh.arrows) args.push({ type: a });
  // Names the statement uses without binding them (section variables, auto-bound implicits).
  for (const t of [sh.conclusion, ...sh.binders.map((b) => b.type), ...sh.arrows]) {
    for (const id of identifiers(parseTerm(t))) if (!vars.has(id) && isAutoBoundName(id)) vars.add(id);
  }
  const conclusion = splitProjections(parsed, (n) => vars.has(n));
  return { conclusion, vars, args };
}

/** A hole-only pattern (a variable, or a variable applied to arguments) would rewrite anything. */
function isHoleOnly(t: Term, vars: Set<string>): boolean {
  if (t.k === 'id') return vars.has(t.name);
  if (t.k === 'app') return t.fn.k === 'id' && vars.has(t.fn.name);
  return false;
}

/** Where the pattern matches a subterm of `t` (consistently), the first such match. */
function findSubterm(pattern: Term, t: Term, vars: Set<string>): MatchResult | undefined {
  for (const s of subterms(t)) {
    const m = matchTerm(pattern, s, vars);
    if (m && m.inconsistent === 0 && m.loose === 0) return m;
  }
  return undefined;
}

/** The explicit arguments of `exact p a b h`: bound variables from the match, hypotheses from the context. */
function fillArgs(st: PremiseStatement, m: MatchResult, facts: GoalFacts): string[] | undefined {
  let cur = m;
  const out: string[] = [];
  for (const a of st.args) {
    const bound = a.name ? cur.subst.get(a.name) : undefined;
    if (bound) {
      out.push(asArg(bound));
      continue;
    }
    if (!a.type) return undefined;
    const pattern = splitProjections(parseTerm(a.type), (n) => st.vars.has(n));
    if (pattern.k === 'raw') return undefined;
    let found = false;
    for (const h of facts.props) {
      const r = matchTerm(pattern, h.term, st.vars, cur);
      if (r && r.inconsistent === cur.inconsistent && r.loose === cur.loose) {
        cur = r;
        out.push(h.name);
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return out;
}

function premiseScored(facts: GoalFacts, premises: PremiseLike[], maxPremises: number): RawCandidate[] {
  const out: RawCandidate[] = [];
  let taken = 0;
  for (const [idx, p] of premises.slice(0, maxPremises).entries()) {
    if (!p.name || /\s/.test(p.name)) continue;
    const st = readPremise(p.signature);
    if (!st) continue;
    const name = p.name;
    const penalty = 0.06 * idx;
    const mine: RawCandidate[] = [];
    const add = (tactic: string, score: number) => mine.push({ tactic, source: 'premise', premises: [name], score: score - penalty });

    // 1. The conclusion fits the goal: exact / apply.
    const m = matchTerm(st.conclusion, facts.target, st.vars);
    if (m) {
      const spec = specificity(st.conclusion, st.vars);
      const general = spec <= 1; // `a ≤ b`, `a = b`: fits every goal with that relation
      const clean = m.inconsistent === 0 && m.loose === 0;
      if (st.args.length === 0) add(`exact ${name}`, general ? 4 : clean ? 9.5 : 4);
      else {
        const filled = clean ? fillArgs(st, m, facts) : undefined;
        if (filled && !general) add(`exact ${name} ${filled.join(' ')}`, 9.4);
        add(`apply ${name}`, general ? 3.5 : m.inconsistent ? 3.8 : m.loose ? 6.6 : 7.2);
      }
    }

    // 2. A rewrite lemma whose side occurs in the goal (or in a hypothesis).
    const c = st.conclusion;
    if (c.k === 'bin' && (c.op === '=' || c.op === '↔')) {
      const lhsOk = !isHoleOnly(c.l, st.vars) && specificity(c.l, st.vars) >= 1;
      const rhsOk = !isHoleOnly(c.r, st.vars) && specificity(c.r, st.vars) >= 1;
      const bonus = Math.min(4, specificity(c.l, st.vars)) * 0.1;
      if (lhsOk && findSubterm(c.l, facts.target, st.vars)) {
        add(`rw [${name}]`, 6 + bonus);
        add(`simp [${name}]`, 4.6 + bonus);
      } else if (rhsOk && findSubterm(c.r, facts.target, st.vars)) {
        add(`rw [← ${name}]`, 5 + bonus);
      } else if (lhsOk) {
        const h = facts.props.find((x) => findSubterm(c.l, x.term, st.vars));
        if (h) add(`rw [${name}] at ${h.name}`, 4.4 + bonus);
      }
    }
    if (mine.length === 0) continue;
    out.push(...rank(mine).slice(0, 3));
    if (++taken >= 6) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Automation

const FUN_PROP = new Set([
  'Continuous', 'ContinuousOn', 'ContinuousAt', 'ContinuousWithinAt', 'Differentiable', 'DifferentiableAt', 'DifferentiableOn',
  'DifferentiableWithinAt', 'ContDiff', 'ContDiffAt', 'ContDiffOn', 'Measurable', 'AEMeasurable', 'StronglyMeasurable', 'AEStronglyMeasurable',
]);
const CONTINUITY = new Set(['Continuous', 'ContinuousOn', 'ContinuousAt']);
const MEASURABILITY = new Set(['Measurable', 'AEMeasurable', 'StronglyMeasurable', 'AEStronglyMeasurable', 'MeasurableSet']);
const MONOTONE = new Set(['Monotone', 'Antitone', 'StrictMono', 'StrictAnti', 'MonotoneOn', 'AntitoneOn', 'StrictMonoOn', 'StrictAntiOn']);
const BIG_OPS = new Set(['∑', '∏']);

interface Arith {
  degree: number;
  /** Non-polynomial parts (function applications, big operators, …), read as atoms. */
  atoms: number;
  /** Division by something that is not a numeral. */
  divVar: boolean;
  /** Truncated subtraction or division might matter (on ℕ/ℤ). */
  subOrDiv: boolean;
  numeralsOnly: boolean;
}

function arith(t: Term, locals: Set<string>): Arith {
  const leaf = (degree: number, atoms = 0): Arith => ({ degree, atoms, divVar: false, subOrDiv: false, numeralsOnly: degree === 0 && atoms === 0 });
  const join = (a: Arith, b: Arith, degree: number, extra: Partial<Arith> = {}): Arith => ({
    degree,
    atoms: a.atoms + b.atoms,
    divVar: a.divVar || b.divVar || !!extra.divVar,
    subOrDiv: a.subOrDiv || b.subOrDiv || !!extra.subOrDiv,
    numeralsOnly: a.numeralsOnly && b.numeralsOnly,
  });
  switch (t.k) {
    case 'num':
      return leaf(0);
    case 'id':
      return locals.has(t.name) || isAutoBoundName(t.name) ? leaf(1) : leaf(0, 1);
    case 'un':
      if (t.op === '-') return arith(t.a, locals);
      if (t.op === '⁻¹') {
        const a = arith(t.a, locals);
        return { ...a, divVar: a.divVar || a.degree > 0, degree: a.degree > 0 ? 2 : 0 };
      }
      return { ...leaf(1, 1), numeralsOnly: false };
    case 'bin': {
      const a = arith(t.l, locals);
      const b = arith(t.r, locals);
      switch (t.op) {
        case '+':
          return join(a, b, Math.max(a.degree, b.degree));
        case '-':
          return join(a, b, Math.max(a.degree, b.degree), { subOrDiv: true });
        case '*':
          return join(a, b, a.degree + b.degree);
        case '/':
        case '%':
          return join(a, b, b.degree === 0 ? a.degree : a.degree + b.degree, { divVar: b.degree > 0, subOrDiv: true });
        case '^':
          if (t.r.k === 'num') return join(a, leaf(0), a.degree * Number(t.r.value));
          return { ...join(a, b, Math.max(1, a.degree) + 1), atoms: a.atoms + b.atoms + 1 };
        default:
          return { ...join(a, b, 1), atoms: a.atoms + b.atoms + 1, numeralsOnly: false };
      }
    }
    default:
      return { ...leaf(1, 1), numeralsOnly: false };
  }
}

/** The number type the goal's terms live in, from the types of the variables it mentions and its ascriptions. */
function domainOf(facts: GoalFacts, t: Term, text: string): Set<NumKind> {
  const kinds = new Set<NumKind>();
  for (const id of identifiers(t)) {
    const ty = facts.varTypes.get(id);
    const k = ty ? numKind(ty) : undefined;
    if (k) kinds.add(k);
  }
  if (/ℝ|ℚ|ℂ|\bReal\b|\bRat\b/.test(text)) kinds.add('real');
  if (/ℤ|\bInt\b/.test(text)) kinds.add('int');
  if (/ℕ|\bNat\b/.test(text)) kinds.add('nat');
  return kinds;
}

function splitConj(t: Term): Term[] {
  return t.k === 'bin' && t.op === '∧' ? [...splitConj(t.l), ...splitConj(t.r)] : [t];
}

/** Names for `intro`: ∀-bound variables (with a name for a binder predicate), then one per `→`. */
function introNames(t: Term, facts: GoalFacts): string[] {
  const used = new Set(facts.used);
  const names: string[] = [];
  let cur: Term = t;
  for (let depth = 0; depth < 6 && names.length < 6; depth++) {
    if (cur.k === 'bind' && cur.op === '∀') {
      const header = cur.text.slice(1, cur.text.indexOf(',') >= 0 ? cur.text.indexOf(',') : undefined);
      for (const v of cur.vars) names.push(fresh(used, v));
      if (/[<>≤≥≠∈∉⊆]/.test(header) && cur.vars.length > 0) for (const v of cur.vars) names.push(fresh(used, `h${v}`));
      cur = cur.body;
    } else if (cur.k === 'bin' && cur.op === '→' && !isDataTerm(cur.l)) {
      names.push(fresh(used, 'h'));
      cur = cur.r;
    } else if (cur.k === 'un' && cur.op === '¬') {
      names.push(fresh(used, 'h'));
      break;
    } else break;
  }
  return names;
}

function automationScored(facts: GoalFacts, depth = 0): RawCandidate[] {
  const out: RawCandidate[] = [];
  const push = (tactic: string, score: number) => out.push({ tactic, source: 'automation', score });
  const t = facts.target;
  const text = facts.targetText;
  const head = lastComponent(headOf(t));

  // Fallbacks, always listed.
  push('simp', 3);
  push('norm_num', 2.5);
  push('aesop', 1);
  push('exact?', 0.6);
  push('decide', 0.2);
  if (facts.props.length > 0) push('simp_all', 1.5);

  // A hypothesis that is the goal.
  const targetShown = show(t);
  for (const h of facts.props) if (show(h.term) === targetShown && t.k !== 'raw') push(`exact ${h.name}`, 9.8);
  if (t.k === 'raw' && facts.props.some((h) => h.type.replace(/\s+/g, ' ').trim() === text.replace(/\s+/g, ' '))) push('assumption', 9.8);

  // A hypothesis `∀ …, P` / `A → P` whose conclusion fits.
  for (const h of facts.props) {
    if (h.term.k !== 'bind' && !(h.term.k === 'bin' && h.term.op === '→')) continue;
    const vars = new Set<string>();
    let c: Term = h.term;
    while ((c.k === 'bind' && c.op === '∀') || (c.k === 'bin' && c.op === '→')) {
      if (c.k === 'bind') {
        c.vars.forEach((v) => vars.add(v));
        c = c.body;
      } else c = c.r;
    }
    if (c === h.term) continue;
    const m = matchTerm(c, t, vars);
    if (m && m.inconsistent === 0 && specificity(c, vars) > 1) push(`apply ${h.name}`, 6.8);
  }

  // Equations among the hypotheses whose side occurs in the goal.
  let rewrites = 0;
  for (const h of facts.props) {
    if (rewrites >= 2 || h.term.k !== 'bin' || h.term.op !== '=') continue;
    const [l, r] = [h.term.l, h.term.r];
    const occurs = (x: Term) => x.k !== 'num' && x.k !== 'raw' && [...subterms(t)].some((s) => show(s) === show(x));
    if (occurs(l)) {
      push(`rw [${h.name}]`, 4.2);
      rewrites++;
    } else if (occurs(r)) {
      push(`rw [← ${h.name}]`, 3.8);
      rewrites++;
    }
  }

  // Binders and connectives.
  const intros = introNames(t, facts);
  if (intros.length > 0) {
    push(`intro ${intros.join(' ')}`, 8.8);
    const first = t.k === 'bind' ? t.vars.length : 1;
    if (first < intros.length) push(`intro ${intros.slice(0, first).join(' ')}`, 8);
    // What closes the goal after the intros, as one candidate.
    if (depth === 0) for (const [tac, score] of afterIntro(facts, t, intros)) push(`intro ${intros.join(' ')}; ${tac}`, Math.min(8.6, score - 0.3));
  }
  if (t.k === 'un' && t.op === '¬') push('push_neg', 6);
  if (t.k === 'bin' && t.op === '∧') {
    const parts = splitConj(t);
    const proofs = parts.map((p) => facts.props.find((h) => show(h.term) === show(p))?.name);
    if (proofs.every(Boolean)) push(`exact ⟨${proofs.join(', ')}⟩`, 9.7);
    push('constructor', 8.5);
    push(`refine ⟨${parts.map(() => '?_').join(', ')}⟩`, 7);
  }
  if (t.k === 'bin' && t.op === '↔') {
    push('constructor', 8.5);
    push('refine ⟨fun h => ?_, fun h => ?_⟩', 6.5);
  }
  if (t.k === 'bin' && t.op === '∨') {
    const l = facts.props.find((h) => show(h.term) === show(t.l));
    const r = facts.props.find((h) => show(h.term) === show(t.r));
    if (l) push(`exact Or.inl ${l.name}`, 9.7);
    if (r) push(`exact Or.inr ${r.name}`, 9.7);
    push('left', 6);
    push('right', 5.9);
  }
  if (t.k === 'bind' && (t.op === '∃' || t.op === '∃!')) {
    const parts = t.op === '∃' ? 1 + splitConj(t.body).length : 2;
    push(`refine ⟨${Array(Math.min(parts, 4)).fill('?_').join(', ')}⟩`, 7);
    push('constructor', 5);
    // A witness that is a number: try the small ones.
    const v = t.vars[0];
    const header = t.text.slice(0, Math.max(0, t.text.indexOf(',')));
    const arithmeticUse = [...subterms(t.body)].some(
      (s) => s.k === 'bin' && ['+', '-', '*', '/', '^', '%'].includes(s.op) && (identifiers(s.l).includes(v) || identifiers(s.r).includes(v)),
    );
    if (t.vars.length === 1 && (/:\s*(ℕ|ℤ|ℝ|ℚ|ℂ)\s*$/.test(header) || arithmeticUse)) {
      push('use 1', 5.5);
      push('use 0', 5.4);
    }
  }
  if (t.k === 'id' && t.name === 'True') push('trivial', 9);
  if (t.k === 'bin' && (t.op === '∧' || t.op === '∨' || t.op === '↔' || t.op === '→')) push('tauto', 3.5);

  // Predicate heads with their own automation.
  if (FUN_PROP.has(head)) push('fun_prop', 9);
  if (CONTINUITY.has(head)) push('continuity', 8.6);
  if (MEASURABILITY.has(head)) push('measurability', 8.6);
  if (MONOTONE.has(head)) {
    const used = new Set(facts.used);
    const [a, b, h] = [fresh(used, 'a'), fresh(used, 'b'), fresh(used, 'hab')];
    push(`intro ${a} ${b} ${h}`, 7.5);
    push('exact fun _ _ h => by gcongr', 6.5);
  }

  // Relations.
  const locals = new Set(facts.varTypes.keys());
  const isLocal = (id: string) => locals.has(id) || locals.has(id.split('.')[0]) || isAutoBoundName(id);
  const kinds = domainOf(facts, t, text);
  const closed = freeIdentifiers(t).every((id) => !isLocal(id)) && !(t.k === 'bind' && (t.op === '∀' || t.op === '∃'));
  const real = kinds.has('real');
  const a = arith(t, locals);
  const relation = t.k === 'bin' && ['=', '≠', '<', '≤', '∣'].includes(t.op);
  // Arithmetic: a relation whose sides are built from numbers and + - * / % ^ (other parts read as atoms).
  const arithmetic = relation && t.k === 'bin' && [t.l, t.r].every((x) => {
    const ar = arith(x, locals);
    return ar.atoms === 0 || x.k === 'num' || (x.k === 'bin' && ['+', '-', '*', '/', '%', '^'].includes(x.op)) || (x.k === 'id' && isLocal(x.name));
  });
  // Numerals with no type in sight are natural numbers.
  const natInt = ((kinds.has('nat') || kinds.has('int')) && !real) || (closed && kinds.size === 0);
  const numeric = real || natInt || (kinds.size === 0 && arithmetic);

  if (closed && t.k !== 'raw') {
    const numeral = arithmetic || (t.k === 'bin' && ['∧', '∨', '↔'].includes(t.op)) || (t.k === 'un' && t.op === '¬');
    push('norm_num', numeral ? 9 : 4);
    if (!real) push('decide', numeral ? 7 : 1);
    push('simp', 4.5);
    if (t.k === 'bin' && t.op === '=') push('rfl', 5.5);
  }
  if (t.k === 'id' && t.name === 'False') {
    if (real) push('linarith', 6);
    if (natInt || kinds.size === 0) push('omega', 6);
    push('contradiction', 5.5);
    push('simp_all', 5);
  }

  if (t.k === 'bin' && ['=', '≠', '<', '≤'].includes(t.op)) {
    const l = arith(t.l, locals);
    const r = arith(t.r, locals);
    const degree = Math.max(l.degree, r.degree);
    const linear = degree <= 1;
    const atoms = l.atoms + r.atoms;
    const hasBigOp = [...subterms(t)].some((s) => s.k === 'bind' && BIG_OPS.has(s.op));
    const zero = (x: Term) => x.k === 'num' && x.value === '0';

    if ((t.op === '<' || t.op === '≤') && zero(t.l)) push('positivity', 8.5);
    if (t.op === '≠' && zero(t.r)) push('positivity', 7.5);
    if (t.op === '≠') push('intro h', 4);

    if (numeric && t.op !== '≠') {
      if (closed) {
        push(natInt ? 'omega' : 'linarith', 5);
      } else if (natInt) {
        push('omega', linear && !hasBigOp ? (atoms > 0 ? 5.8 : 8) : 3.5);
        push('linarith', linear ? (atoms > 0 ? 5.5 : 6) : 4);
      } else if (real) {
        push('linarith', linear ? (atoms > 0 ? 6.5 : 7.5) : 4);
        if (linear) push('omega', 0.5);
      } else {
        // The number type is not known: both.
        push('linarith', linear ? 6 : 4);
        push('omega', linear ? 5.8 : 3);
      }
    } else if (natInt && t.op === '≠') push('omega', linear ? 7 : 3.5);

    if (t.op === '=') {
      if (show(t.l) === show(t.r)) push('rfl', 9);
      // An identity: both sides mention variables and at least one is built up (a numeral side needs the hypotheses).
      const hasVar = (x: Term) => identifiers(x).some(isLocal);
      const identity = hasVar(t.l) && hasVar(t.r) && (degree >= 2 || (t.l.k !== 'id' && t.l.k !== 'num') || (t.r.k !== 'id' && t.r.k !== 'num'));
      const ringOk = !(natInt && (l.subOrDiv || r.subOrDiv));
      if (!closed && arithmetic) push('ring', identity && atoms === 0 && ringOk ? 7.6 : identity ? 5 : 3);
      if (!closed && arithmetic && identity) push('ring_nf', 4.5);
      if ((l.divVar || r.divVar) && !natInt) push('field_simp', identity ? 7 : 5.5);
      // Sets and functions: extensionality.
      const setLike = [t.l, t.r].some((x) => {
        if (x.k === 'bind' && x.op === 'fun') return true;
        if ((x.k === 'bin' && ['∩', '∪', '\\', "''", "⁻¹'"].includes(x.op)) || (x.k === 'un' && x.op === 'ᶜ')) return true;
        const ty = x.k === 'id' ? facts.varTypes.get(x.name) : undefined;
        return !!ty && (/^(Set|Finset)\b/.test(ty) || (parseTerm(ty).k === 'bin' && /→/.test(ty)));
      });
      if (setLike) push(`ext ${fresh(new Set(facts.used), 'x')}`, 6.5);
    }

    // Nonlinear polynomial inequalities: nlinarith with square hints.
    if ((t.op === '<' || t.op === '≤') && numeric && !closed && degree >= 2 && !a.divVar) {
      for (const [tac, score] of nlinarithCandidates(facts, t)) push(tac, score);
    }
    // Both sides built the same way, differing in places: gcongr.
    if ((t.op === '<' || t.op === '≤') && !closed) {
      const g = gcongrScore(facts, t.l, t.r);
      if (g > 0) push('gcongr', g);
    }
    if (hasBigOp || /Finset|Set\./.test(text)) push('simp', 5.5);
  }

  if (t.k === 'bin' && (t.op === '∈' || t.op === '∉')) {
    push('simp', 6);
    if (t.op === '∉') push('intro h', 4.5);
    push('constructor', t.op === '∈' ? 4 : 0);
  }
  if (t.k === 'bin' && (t.op === '⊆' || t.op === '⊂')) {
    const used = new Set(facts.used);
    push(`intro ${fresh(used, 'x')} ${fresh(used, 'hx')}`, 8);
    push('simp', 4);
  }
  if (t.k === 'bin' && t.op === '∣') {
    if (natInt || kinds.size === 0) push('omega', t.l.k === 'num' ? 6 : 2);
    push('norm_num', closed ? 9 : 4);
  }

  // Casts between number types.
  if (relation && /↑|\(\s*[^()]*:\s*(ℝ|ℚ|ℤ|ℂ)\s*\)/.test(text) && [...kinds].length > 1) {
    push('push_cast', 5);
    push('norm_cast', 5.2);
    push('exact_mod_cast', 4.8);
  }

  // Induction on a natural-number variable of the goal.
  if (relation) for (const [n, score] of inductionVars(facts, t)) push(`induction ${n}`, score);

  return out;
}

/** The best automation for the goal left by `intro names` (names as bound; none renamed). */
function afterIntro(facts: GoalFacts, t: Term, names: string[]): [string, number][] {
  const lines: string[] = facts.hyps.map((h) => `${h.name} : ${h.type}`);
  let cur: Term = t;
  let k = 0;
  while (k < names.length) {
    if (cur.k === 'bind' && cur.op === '∀') {
      const header = cur.text.slice(1, cur.text.indexOf(',') >= 0 ? cur.text.indexOf(',') : undefined);
      const type = /:\s*([^,]+)$/.exec(header)?.[1]?.replace(/[)}\]]+\s*$/, '').trim();
      for (const v of cur.vars) {
        if (names[k++] !== v) return [];
        lines.push(`${v} : ${type ?? '_'}`);
      }
      if (/[<>≤≥≠∈∉⊆]/.test(header)) {
        const pred = /([<>≤≥≠∈∉⊆].*)$/.exec(header)![1].trim();
        for (const v of cur.vars) lines.push(`${names[k++]} : ${v} ${pred}`);
      }
      cur = cur.body;
    } else if (cur.k === 'bin' && cur.op === '→') {
      lines.push(`${names[k++]} : ${cur.l.text}`);
      cur = cur.r;
    } else if (cur.k === 'un' && cur.op === '¬') {
      lines.push(`${names[k++]} : ${cur.a.text}`);
      cur = { k: 'id', name: 'False', text: 'False' };
    } else return [];
  }
  const inner = readGoal(`${lines.join('\n')}\n⊢ ${cur.text}`);
  return rank(automationScored(inner, 1))
    .filter((c) => (c.score ?? 0) >= 6.5 && !c.tactic.startsWith('intro'))
    .slice(0, 2)
    .map((c) => [c.tactic, c.score ?? 0]);
}

function nlinarithCandidates(facts: GoalFacts, t: Term): [string, number][] {
  // The goal's number variables (from the context; without one, names that look like variables).
  const typed = identifiers(t).filter((id) => {
    const ty = facts.varTypes.get(id);
    return ty !== undefined && !!numKind(ty);
  });
  const vs = (typed.length ? typed : freeIdentifiers(t).filter((id) => isAutoBoundName(id) && !facts.varTypes.has(id))).slice(0, 3);
  const diffs: string[] = [];
  const sums: string[] = [];
  for (let i = 0; i < vs.length; i++) for (let j = i + 1; j < vs.length; j++) {
    diffs.push(`sq_nonneg (${vs[i]} - ${vs[j]})`);
    sums.push(`sq_nonneg (${vs[i]} + ${vs[j]})`);
  }
  const squares = vs.map((v) => `sq_nonneg ${v}`);
  // Products of positivity hypotheses `0 < x`.
  const pos = facts.props.filter((h) => h.term.k === 'bin' && h.term.op === '<' && h.term.l.k === 'num' && h.term.l.value === '0').map((h) => h.name);
  const nonneg = facts.props.filter((h) => h.term.k === 'bin' && h.term.op === '≤' && h.term.l.k === 'num' && h.term.l.value === '0').map((h) => h.name);
  const products: string[] = [];
  for (let i = 0; i < pos.length; i++) for (let j = i + 1; j < pos.length; j++) products.push(`mul_pos ${pos[i]} ${pos[j]}`);
  for (let i = 0; i < nonneg.length; i++) for (let j = i + 1; j < nonneg.length; j++) products.push(`mul_nonneg ${nonneg[i]} ${nonneg[j]}`);
  const hints = (xs: string[]) => `nlinarith [${xs.slice(0, 6).join(', ')}]`;
  const out: [string, number][] = [];
  if (diffs.length) {
    out.push([hints([diffs[0]]), 7.6]);
    out.push([hints([...diffs, ...sums, ...products]), 7.4]);
    out.push([hints([...diffs, ...squares]), 7.0]);
  } else if (squares.length) {
    out.push([hints([...squares, ...vs.map((v) => `sq_nonneg (${v} - 1)`)]), 7.2]);
  }
  if (products.length) out.push([hints(products), 7.1]);
  out.push(['nlinarith', 6.6]);
  return out;
}

/** Where the two sides have the same skeleton, the pairs of subterms that differ. */
function diffPairs(a: Term, b: Term, out: [Term, Term][]): void {
  if (show(a) === show(b)) return;
  if (a.k === 'bin' && b.k === 'bin' && a.op === b.op) {
    diffPairs(a.l, b.l, out);
    diffPairs(a.r, b.r, out);
    return;
  }
  if (a.k === 'app' && b.k === 'app' && show(a.fn) === show(b.fn) && a.args.length === b.args.length) {
    a.args.forEach((x, i) => diffPairs(x, b.args[i], out));
    return;
  }
  if (a.k === 'un' && b.k === 'un' && a.op === b.op) return diffPairs(a.a, b.a, out);
  if (a.k === 'bind' && b.k === 'bind' && a.op === b.op && show(a.dom ?? a) === show(b.dom ?? b)) return diffPairs(a.body, b.body, out);
  out.push([a, b]);
}

function gcongrScore(facts: GoalFacts, l: Term, r: Term): number {
  const pairs: [Term, Term][] = [];
  diffPairs(l, r, pairs);
  if (pairs.length === 0 || (pairs.length === 1 && pairs[0][0] === l)) return 0;
  const ordered = (x: Term, y: Term) =>
    facts.props.some((h) => h.term.k === 'bin' && (h.term.op === '≤' || h.term.op === '<') && show(h.term.l) === show(x) && show(h.term.r) === show(y));
  return pairs.every(([x, y]) => ordered(x, y)) ? 7.8 : 5.5;
}

function inductionVars(facts: GoalFacts, t: Term): [string, number][] {
  const nats = freeIdentifiers(t).filter((id) => {
    const ty = facts.varTypes.get(id);
    return ty !== undefined && numKind(ty) === 'nat';
  });
  if (nats.length === 0) return [];
  const out: [string, number][] = [];
  for (const n of nats) {
    // Recursive structure in `n`: a big operator over a range of it, `n !`, `x ^ n`, `n + 1`.
    let strong = false;
    for (const s of subterms(t)) {
      if (s.k === 'bind' && BIG_OPS.has(s.op) && s.dom && identifiers(s.dom).includes(n)) strong = true;
      if (s.k === 'un' && s.op === '!' && identifiers(s.a).includes(n)) strong = true;
      if (s.k === 'bin' && s.op === '^' && identifiers(s.r).includes(n)) strong = true;
    }
    if (strong || nats.length === 1) out.push([n, strong ? 7.2 : 2.9]);
  }
  return out.sort((a, b) => b[1] - a[1]).slice(0, 2);
}

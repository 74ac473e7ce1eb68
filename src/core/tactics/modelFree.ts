// Candidates that need no model: from the retrieved premises by their shape, and standard automation
// chosen by the goal's shape. They are checked in Lean like any other candidate.
import { parseGoal } from '../goal';
import { headSymbol, parseSignature, topRelation } from '../informal/signature';

export type CandidateSource = 'model' | 'premise' | 'automation';

export interface RawCandidate {
  tactic: string;
  source: CandidateSource;
  premises?: string[];
}

export interface PremiseLike {
  name: string;
  signature: string;
  kind?: string;
  attrs?: string[];
}

/** `exact p`, `apply p`, `rw [p]`, `simp [p]` as the premise's statement suggests. */
export function premiseCandidates(goalText: string, premises: PremiseLike[], maxPremises = 5): RawCandidate[] {
  const goal = parseGoal(goalText);
  const goalHead = headSymbol(goal.target);
  const out: RawCandidate[] = [];
  for (const p of premises.slice(0, maxPremises)) {
    if (!p.name || /\s/.test(p.name)) continue;
    const shape = parseSignature(p.signature);
    const explicitArgs = shape.binders.filter((b) => b.kind === 'explicit').reduce((n, b) => n + Math.max(1, b.names.length), 0);
    const hasPremises = explicitArgs > 0 || shape.arrows.length > 0 || shape.foralls.length > 0;
    const rel = topRelation(shape.conclusion);
    const sameHead = headSymbol(shape.conclusion) === goalHead;
    const name = p.name;
    const add = (tactic: string) => out.push({ tactic, source: 'premise', premises: [name] });
    if (!hasPremises && sameHead) add(`exact ${name}`);
    if (hasPremises && sameHead) add(`apply ${name}`);
    if (rel && (rel.rel === '=' || rel.rel === '↔')) {
      add(`rw [${name}]`);
      add(`simp [${name}]`);
    } else if (!sameHead) {
      // Not obviously about the goal: let simp try it as a rewrite/closing lemma.
      add(`simp [${name}]`);
    }
    if (!hasPremises && !sameHead && !rel) add(`exact ${name}`);
  }
  return out;
}

/** Standard automation, most promising first for the goal's shape. */
export function automationCandidates(goalText: string): RawCandidate[] {
  const goal = parseGoal(goalText);
  const t = goal.target;
  const hypTypes = goal.hypotheses.map((h) => h.type).join(' ; ');
  const rel = topRelation(t);
  const natInt = /ℕ|ℤ|\bNat\b|\bInt\b|Fin\b/.test(t + ' ' + hypTypes);
  const realish = /ℝ|ℚ|ℂ|\bReal\b/.test(t + ' ' + hypTypes);
  const numeralsOnly = !/[a-zA-Zα-ωΑ-Ω_]/.test(t.replace(/\b(ℕ|ℤ|ℝ|ℚ|ℂ)\b/g, ''));
  const ranked: [string, number][] = [];
  const push = (tac: string, score: number) => ranked.push([tac, score]);
  push('simp', 1);
  push('norm_num', numeralsOnly ? 5 : 2);
  if (rel && ['≤', '<', '≥', '>', '=', '≠'].includes(rel.rel)) {
    push('omega', natInt && !realish ? 4 : 0.5);
    push('linarith', realish || natInt ? 3 : 1);
  }
  if (rel && (rel.rel === '<' || rel.rel === '≤') && /^0$/.test(rel.lhs.trim())) push('positivity', 6);
  if (rel && rel.rel === '=') push('ring', 2.5);
  push('decide', numeralsOnly && natInt ? 3 : 0.2);
  push('aesop', 0.8);
  push('exact?', 0.6);
  return ranked
    .sort((a, b) => b[1] - a[1])
    .map(([tactic]) => ({ tactic, source: 'automation' as const }));
}

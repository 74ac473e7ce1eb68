// One overall percentage for the index build from the Engine's per-phase progress, so the notification and
// the status bar move forward only. Weights: share of a full Mathlib build measured per phase
// (extract ≈ 21 s, build ≈ 40 s, save ≈ 6 s of ≈ 70 s on the 2-core dev machine).
import type { Progress } from '../core/types';

const PHASES: readonly (readonly [string, number])[] = [
  ['discover', 1],
  ['load', 2],
  ['extract', 30],
  ['resolve', 3],
  ['ilean', 3],
  ['build', 53],
  ['save', 8],
];
const TOTAL = PHASES.reduce((s, [, w]) => s + w, 0);

/** 0..99 while building (100 is said only when the index is ready); unknown phases keep the last value. */
export function overallPercent(p: Progress, previous = 0): number {
  const i = PHASES.findIndex(([name]) => name === p.phase);
  if (i < 0) return previous;
  const before = PHASES.slice(0, i).reduce((s, [, w]) => s + w, 0);
  const frac = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  const pct = Math.floor((100 * (before + frac * PHASES[i][1])) / TOTAL);
  return Math.max(previous, Math.min(99, pct));
}

/** The panel's and status bar's note while premises are learned from proofs; undefined once done. */
export function learningNote(p: { done: number; total: number }): string | undefined {
  if (!(p.total > 0) || p.done >= p.total) return undefined;
  return `learning from proofs ${Math.min(99, Math.floor((100 * p.done) / p.total))}%`;
}

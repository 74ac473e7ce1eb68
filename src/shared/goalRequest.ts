// Asks Lean for the goal at a position: `$/lean/plainGoal`, then `$/lean/plainTermGoal` when there is no
// tactic goal. Pure over `LeanConnection` (unit-tested with a fake connection).
import type { LeanConnection, PlainGoal, PlainTermGoal } from '../core/lean/connection';
import type { GoalQuery } from './goalFollower';
import type { GoalView, GoalSource } from './protocol';

/** LSP / Lean error codes that matter here. */
export const RequestCancelled = -32800;
export const ContentModified = -32801;
export const WorkerExited = -32901;
export const WorkerCrashed = -32902;

export function errorCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}

/** True for cancellations (ours or the server's) and for answers the server withdrew because the file changed. */
export function isCancellation(e: unknown): boolean {
  const code = errorCode(e);
  return code === RequestCancelled || code === ContentModified || (e instanceof Error && e.name === 'AbortError');
}

/** True when the error means the server is gone (stopped, crashed, not connected). */
export function isServerDown(e: unknown): boolean {
  const code = errorCode(e);
  if (code === WorkerExited || code === WorkerCrashed) return true;
  return /no connection to lean|connection (got )?(disposed|closed)|could not start|client is not running|server (is )?not running|stopped/i.test(errorMessage(e));
}

export function validPlainGoal(x: unknown): x is PlainGoal {
  return typeof x === 'object' && x !== null && Array.isArray((x as PlainGoal).goals) &&
    (x as PlainGoal).goals.every((g) => typeof g === 'string');
}

export function validPlainTermGoal(x: unknown): x is PlainTermGoal {
  return typeof x === 'object' && x !== null && typeof (x as PlainTermGoal).goal === 'string';
}

export async function fetchGoalView(
  conn: LeanConnection,
  query: GoalQuery,
  source: GoalSource,
  signal: AbortSignal,
): Promise<GoalView> {
  const base = { uri: query.uri, version: query.version, position: query.position, source };
  const params = { textDocument: { uri: query.uri }, position: query.position };
  const plain = await conn.sendRequest<unknown>('$/lean/plainGoal', params, signal);
  if (plain !== null && plain !== undefined) {
    if (!validPlainGoal(plain)) return { ...base, state: 'error', goals: [], message: 'Lean answered $/lean/plainGoal with something unexpected.' };
    if (plain.goals.length === 0) return { ...base, state: 'noGoals', goals: [], message: 'No goals: this proof is done here.' };
    return { ...base, state: 'goals', goals: plain.goals };
  }
  const term = await conn.sendRequest<unknown>('$/lean/plainTermGoal', params, signal);
  if (term !== null && term !== undefined && validPlainTermGoal(term)) {
    return { ...base, state: 'term', goals: [term.goal], message: 'No tactic goal at the cursor: showing the expected type.' };
  }
  return { ...base, state: 'none', goals: [], message: 'No goal at the cursor. Put the cursor inside a proof.' };
}

// Tactic suggestions for one goal: model-free candidates at once, model candidates from a premise-conditioned
// prompt, every candidate checked in Lean when a checker is given, repair rounds with Lean's errors, ranked
// (closes, progress by fewest goals, unchecked, fails). Never throws: faults become `message` and the
// model-free candidates remain.
import { ModelError, isCancelled, type ModelProvider } from '../models/types';
import { parseTacticCandidates } from './parse';
import { buildRepairPrompt, buildTacticPrompt, type PromptPremise } from './prompt';
import { modelFreeCandidates, type CandidateSource, type RawCandidate } from './modelFree';
import type { CheckContext, CheckOutcome, CheckStatus, TacticChecker } from './check';

export interface Candidate {
  tactic: string;
  source: CandidateSource;
  status: CheckStatus;
  premises?: string[];
  remainingGoals?: string[];
  error?: string;
}

export interface SuggestOptions {
  /** Candidates asked of the model. */
  count: number;
  /** Repair rounds when every candidate fails (0 = none). */
  repairRounds: number;
  maxPremises: number;
  temperature: number;
  maxTokens: number;
  /** Include model-free candidates. */
  modelFree: boolean;
  /** Upper bound on candidates checked in Lean per round. */
  maxChecked: number;
  /** Name of the declaration being proved (self-referencing candidates are dropped). */
  declName?: string;
}

export const DEFAULT_SUGGEST_OPTIONS: SuggestOptions = {
  count: 6,
  repairRounds: 1,
  maxPremises: 8,
  temperature: 0.7,
  maxTokens: 400,
  modelFree: true,
  maxChecked: 16,
};

export interface SuggestInput {
  goals: string[];
  fileBefore?: string;
  premises: PromptPremise[];
  provider?: ModelProvider;
  checker?: TacticChecker;
  checkContext?: CheckContext;
  options?: Partial<SuggestOptions>;
  signal?: AbortSignal;
  /** Partial results as they come (model-free first, then model, then checked). */
  onUpdate?: (u: SuggestResult) => void;
}

export interface SuggestResult {
  candidates: Candidate[];
  /** For the user: why there is no model output, what failed (plain text). */
  message?: string;
  /** Model label or "model-free". */
  source: string;
  /** True once everything (model + checks) finished. */
  done: boolean;
  /** Version of the document the checks were made against. */
  version?: number;
  timings: { modelMs?: number; checkMs?: number; totalMs: number };
  modelError?: { kind: string; message: string };
}

const STATUS_RANK: Record<CheckStatus, number> = { closes: 0, progress: 1, unchecked: 2, fails: 3 };
// Model-free candidates (premise and automation) keep their own order: best for the goal's shape first.
const SOURCE_RANK: Record<CandidateSource, number> = { model: 0, premise: 1, automation: 1 };

export function rankCandidates(cands: Candidate[]): Candidate[] {
  return cands
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const s = STATUS_RANK[a.c.status] - STATUS_RANK[b.c.status];
      if (s) return s;
      if (a.c.status === 'progress') {
        const g = (a.c.remainingGoals?.length ?? 0) - (b.c.remainingGoals?.length ?? 0);
        if (g) return g;
      }
      return SOURCE_RANK[a.c.source] - SOURCE_RANK[b.c.source] || a.i - b.i;
    })
    .map((x) => x.c);
}

const norm = (t: string) => t.replace(/\s+/g, ' ').trim();

export async function suggestTactics(input: SuggestInput): Promise<SuggestResult> {
  const start = performance.now();
  const opts = { ...DEFAULT_SUGGEST_OPTIONS, ...input.options };
  const goalText = input.goals[0] ?? '';
  const source = input.provider?.label ?? 'model-free';
  const byKey = new Map<string, Candidate>();
  let message: string | undefined;
  let modelError: SuggestResult['modelError'];
  let modelMs: number | undefined;
  let checkMs = 0;
  const checkable = !!(input.checker && input.checkContext);

  const snapshot = (done: boolean): SuggestResult => ({
    candidates: rankCandidates([...byKey.values()]),
    message,
    source,
    done,
    version: input.checkContext?.version,
    timings: { modelMs, checkMs: checkable ? checkMs : undefined, totalMs: performance.now() - start },
    modelError,
  });
  const emit = () => {
    try {
      input.onUpdate?.(snapshot(false));
    } catch {
      // A listener's failure must not break the suggestion.
    }
  };
  const addAll = (raws: RawCandidate[]): Candidate[] => {
    const added: Candidate[] = [];
    for (const r of raws) {
      const key = norm(r.tactic);
      if (!key || byKey.has(key)) continue;
      const c: Candidate = { tactic: key, source: r.source, status: 'unchecked', premises: r.premises };
      byKey.set(key, c);
      added.push(c);
    }
    return added;
  };
  const check = async (cands: Candidate[]) => {
    if (!checkable || cands.length === 0 || input.signal?.aborted) return;
    const t0 = performance.now();
    const list = cands.slice(0, opts.maxChecked);
    await input.checker!.check(input.checkContext!, list.map((c) => c.tactic), input.signal, (o: CheckOutcome) => {
      const c = byKey.get(norm(o.tactic));
      if (!c) return;
      c.status = o.status;
      c.remainingGoals = o.remainingGoals;
      c.error = o.error;
      if (o.suggestion && o.status !== 'fails') c.tactic = norm(o.suggestion);
      emit();
    });
    checkMs += performance.now() - t0;
  };

  if (!goalText.trim()) return { ...snapshot(true), message: 'No goal at the cursor.' };

  // 1. Model-free candidates: available at once, checked while the model thinks.
  const modelFree = opts.modelFree
    ? addAll(modelFreeCandidates(goalText, input.premises, { maxPremises: opts.maxPremises, max: opts.maxChecked }))
    : [];
  emit();
  const modelFreeChecked = check(modelFree);

  // 2. Model candidates.
  const promptInput = { goals: input.goals, fileBefore: input.fileBefore, premises: input.premises, count: opts.count, maxPremises: opts.maxPremises };
  const askModel = async (messages: ReturnType<typeof buildTacticPrompt>): Promise<Candidate[]> => {
    if (!input.provider) return [];
    const t0 = performance.now();
    try {
      const res = await input.provider.generate({ messages, temperature: opts.temperature, maxTokens: opts.maxTokens, signal: input.signal });
      const tactics = parseTacticCandidates(res.text, { declName: opts.declName, max: opts.count * 2 });
      if (tactics.length === 0) message = `${input.provider.label} answered, but no tactic could be read from its answer.`;
      const premiseNames = input.premises.map((p) => p.name);
      return addAll(tactics.map((t) => ({ tactic: t, source: 'model' as const, premises: premiseNames.filter((n) => t.includes(n)) })));
    } catch (err) {
      const e = err instanceof ModelError ? err : new ModelError('bad-response', String((err as Error)?.message ?? err));
      if (!isCancelled(e)) {
        modelError = { kind: e.kind, message: e.message };
        message = `${e.message} — showing model-free candidates.`;
      }
      return [];
    } finally {
      modelMs = (modelMs ?? 0) + (performance.now() - t0);
    }
  };
  const fromModel = await askModel(buildTacticPrompt(promptInput));
  emit();
  await modelFreeChecked;
  await check(fromModel);

  // 3. Repair rounds: only when a model is configured, checks ran, and nothing succeeded.
  for (let round = 0; round < opts.repairRounds && input.provider && checkable && !modelError && !input.signal?.aborted; round++) {
    const all = [...byKey.values()];
    if (all.some((c) => c.status === 'closes' || c.status === 'progress')) break;
    const failed = all.filter((c) => c.status === 'fails' && c.error).map((c) => ({ tactic: c.tactic, error: c.error! }));
    if (failed.length === 0) break;
    const repaired = await askModel(buildRepairPrompt(promptInput, failed));
    emit();
    if (repaired.length === 0) break; // nothing new to check: another round would repeat itself
    await check(repaired);
  }
  if (input.signal?.aborted) message = message ?? 'cancelled';
  if (!input.provider && !message) message = 'No model configured — showing model-free candidates.';
  return snapshot(true);
}

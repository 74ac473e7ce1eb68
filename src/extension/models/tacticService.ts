// Everything between "a goal at a position" and "ranked, checked tactics": provider choice from settings, premises
// from the host's index, a TacticChecker per Lean connection, and the shared cache with in-flight reuse.
import * as vscode from 'vscode';
import type { ModelFeatureHost } from '../modelHost';
import { createHttpProvider, ModelError, type ModelProvider } from '../../core/models';
import { suggestTactics, type SuggestResult } from '../../core/tactics/suggest';
import { TacticChecker, type CheckContext, type CheckOutcome } from '../../core/tactics/check';
import { InFlightCache, cacheKey } from '../../core/tactics/cache';
import { tailOfFile } from '../../core/tactics/prompt';
import type { LeanConnection, PlainGoal } from '../../core/lean/connection';
import { readModelSettings, type ModelSettings, type ModelTask } from './settings';
import { ApiKeyStore } from './secrets';
import { VsCodeLmProvider } from './lmProvider';

export interface GoalAt {
  document: vscode.TextDocument;
  version: number;
  position: vscode.Position;
  goals: string[];
}

export class TacticService implements vscode.Disposable {
  readonly cache = new InFlightCache<SuggestResult>(200);
  private readonly checkers = new WeakMap<LeanConnection, TacticChecker>();
  private readonly allCheckers = new Set<TacticChecker>();
  private providerMemo = new Map<string, Promise<ModelProvider | undefined>>();

  constructor(private readonly host: ModelFeatureHost, private readonly keys: ApiKeyStore) {}

  /** Forget built providers (settings or the API key changed). */
  resetProviders(): void {
    this.providerMemo.clear();
  }

  /** The provider for a task, or undefined for 'none'. Throws ModelError with a clear message on bad config. */
  provider(task: ModelTask, s: ModelSettings = readModelSettings()): Promise<ModelProvider | undefined> {
    const choice = s[task];
    const memoKey = JSON.stringify([choice, s.ollamaHost, s.ollamaKeepAlive, s.openaiBaseUrl, s.timeoutMs, s.retries]);
    let p = this.providerMemo.get(memoKey);
    if (!p) {
      p = (async () => {
        const policy = { timeoutMs: s.timeoutMs, retries: s.retries, backoffMs: 400 };
        switch (choice.provider) {
          case 'none':
            return undefined;
          case 'vscode-lm':
            return VsCodeLmProvider.select(choice.model);
          case 'ollama':
            return createHttpProvider({ provider: 'ollama', host: s.ollamaHost, model: choice.model, keepAlive: s.ollamaKeepAlive, policy });
          case 'openai':
            return createHttpProvider({ provider: 'openai', host: s.openaiBaseUrl, model: choice.model, apiKey: await this.keys.get(), policy });
        }
      })();
      p.catch(() => this.providerMemo.delete(memoKey));
      this.providerMemo.set(memoKey, p);
    }
    return p;
  }

  private checkerFor(conn: LeanConnection, s: ModelSettings): TacticChecker {
    let c = this.checkers.get(conn);
    if (!c) {
      c = new TacticChecker(conn, { perCandidateMs: s.checkTimeoutMs });
      this.checkers.set(conn, c);
      this.allCheckers.add(c);
    }
    return c;
  }

  /** Ask Lean for the goal at a position (the inline provider cannot wait for the panel's debounced goal). */
  async goalAt(document: vscode.TextDocument, position: vscode.Position, signal: AbortSignal): Promise<string[] | undefined> {
    const g = this.host.currentGoal();
    if (g && g.uri === document.uri.toString() && g.version === document.version && g.position.line === position.line && g.position.character === position.character)
      return g.goals;
    const conn = await this.host.leanConnectionFor(document.uri);
    if (!conn || signal.aborted) return undefined;
    try {
      const res = await conn.sendRequest<PlainGoal | null>('$/lean/plainGoal', { textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } }, signal);
      return res && Array.isArray(res.goals) && res.goals.length > 0 ? res.goals : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Ranked candidates for a goal; shared and cached by everything the answer depends on. Resolves undefined when
   * the caller's signal aborted first.
   */
  async suggest(at: GoalAt, signal: AbortSignal | undefined, onUpdate?: (r: SuggestResult) => void): Promise<SuggestResult | undefined> {
    const s = readModelSettings();
    const t0 = performance.now();
    let provider: ModelProvider | undefined;
    let configError: string | undefined;
    try {
      provider = await this.provider('tactics', s);
    } catch (err) {
      configError = `${err instanceof Error ? err.message : String(err)} — showing model-free candidates.`;
    }
    const search = await this.host.premisesAt(at.document, at.position, at.goals[0] ?? '', 8).catch(() => undefined);
    const premises = (search?.hits ?? []).map((h) => ({ name: h.decl.name, signature: h.decl.signature }));
    const conn = s.checkInLean ? await this.host.leanConnectionFor(at.document.uri).catch(() => undefined) : undefined;
    const text = at.document.getText();
    const fileBefore = tailOfFile(at.document.getText(new vscode.Range(new vscode.Position(0, 0), at.position)), s.contextChars);
    const key = cacheKey({
      goals: at.goals,
      premises: premises.map((p) => p.name),
      model: provider?.label ?? 'none',
      settings: [s.candidates, s.repairRounds, s.checkInLean && !!conn],
      // A check depends on the whole file; a model answer on the text before the cursor.
      text: conn ? text : fileBefore,
      position: conn ? [at.position.line, at.position.character] : undefined,
    });
    const checkContext: CheckContext | undefined = conn
      ? { uri: at.document.uri.toString(), version: at.version, text, position: { line: at.position.line, character: at.position.character }, goals: at.goals }
      : undefined;
    const result = await this.cache.join(
      key,
      (shared) =>
        suggestTactics({
          goals: at.goals,
          fileBefore,
          premises,
          provider,
          checker: conn ? this.checkerFor(conn, s) : undefined,
          checkContext,
          options: { count: s.candidates, repairRounds: s.repairRounds },
          signal: shared,
          onUpdate,
        }),
      signal,
      (r) => !r.modelError || r.modelError.kind === 'model-missing', // don't cache transient failures
    );
    if (result && configError) return { ...result, message: configError };
    if (result) this.host.log.info(`tactics: ${result.candidates.length} candidates (${result.candidates.filter((c) => c.status === 'closes').length} close) in ${Math.round(performance.now() - t0)} ms, model ${provider?.label ?? 'none'}${result.message ? ` — ${result.message}` : ''}`);
    return result;
  }

  /** Checks tactics at a position (for agents' tools); a string says why no check could run. */
  async check(document: vscode.TextDocument, position: vscode.Position, goals: string[], tactics: string[], signal?: AbortSignal): Promise<CheckOutcome[] | string> {
    const conn = await this.host.leanConnectionFor(document.uri).catch(() => undefined);
    if (!conn) return 'No Lean server serves this file (see the LeanScout panel for why).';
    const ctx: CheckContext = { uri: document.uri.toString(), version: document.version, text: document.getText(), position: { line: position.line, character: position.character }, goals };
    return this.checkerFor(conn, readModelSettings()).check(ctx, tactics, signal);
  }

  dispose(): void {
    for (const c of this.allCheckers) c.dispose();
    this.allCheckers.clear();
  }
}

export function describeError(err: unknown): string {
  return err instanceof ModelError ? err.message : err instanceof Error ? err.message : String(err);
}

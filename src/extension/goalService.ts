// Follows the cursor in Lean editors: asks Lean for the goal (debounced, one request in flight, stale
// answers dropped), shows it in the panel, and retrieves the premises that fit it.
import * as vscode from 'vscode';
import { relative } from 'node:path';
import type { SearchHit, SearchResponse } from '../core/types';
import { GoalFollower, type GoalQuery } from '../shared/goalFollower';
import { fetchGoalView, isCancellation, isServerDown, errorMessage, errorCode, ContentModified } from '../shared/goalRequest';
import { goalKey, type GoalView, type PanelHit, type PanelState } from '../shared/protocol';
import { moduleFromRelativePath, proofPlace, suggestedAction } from '../shared/insertion';
import { parseGoal } from '../core/goal';
import type { LeanBridge } from './lean/bridge';
import type { IndexService } from './indexService';
import type { EmbeddingSettings, WorkerSearchResponse } from '../node/indexWorkerClient';
import type { Settings } from './settings';

export function isLeanDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'lean4' || doc.languageId === 'lean' || doc.fileName.endsWith('.lean');
}

export function toPanelHits(hits: SearchHit[], goalTarget?: string): PanelHit[] {
  return hits.map((h) => ({ decl: h.decl, score: h.score, inScope: h.inScope, suggested: suggestedAction(h.decl, goalTarget) }));
}

function targetOf(goalText: string): string | undefined {
  try {
    return parseGoal(goalText).target || undefined;
  } catch {
    return undefined;
  }
}

/** Carries the reason there is no connection through the follower's failure path. */
class NoConnection extends Error {
  constructor(readonly state: PanelState) {
    super(state.message);
  }
}

export interface GoalTimings {
  /** Lean's answer time for the last goal (ms). */
  leanMs?: number;
  /** From Lean's answer to the premises message posted (ms): retrieval + messaging on the host. */
  answerToPostMs?: number;
  /** From Lean's answer to the panel reporting the premises rendered (ms). */
  answerToRenderMs?: number;
  searchMs?: number;
  /** The goal (goalKey) whose premises answerToRenderMs measured: tells a reader which goal the figures are for. */
  renderedGoalKey?: string;
}

export class GoalService implements vscode.Disposable {
  private readonly follower: GoalFollower<GoalView>;
  private readonly disposables: vscode.Disposable[] = [];
  private current: GoalView | undefined;
  /** The goal request waiting for Lean, as shown in the panel. */
  private pending: GoalView | undefined;
  private lastEditor: vscode.TextEditor | undefined;
  private premisesFor: { text: string; hits: PanelHit[]; ms: number; message?: string } | undefined;
  private premiseAbort: AbortController | undefined;
  /** The dense stage's settings when embeddings are configured and built (set by the composition root). */
  denseSettings: () => Promise<EmbeddingSettings | undefined> = async () => undefined;
  private answeredAt = new Map<string, number>();
  private contentModifiedRetries = 0;
  readonly timings: GoalTimings = {};
  private readonly leanStatus: vscode.StatusBarItem;
  private readonly goalChanged = new vscode.EventEmitter<GoalView>();
  readonly onDidChangeGoal = this.goalChanged.event;

  constructor(
    private readonly bridge: LeanBridge,
    private readonly index: IndexService,
    private readonly post: (msg: import('../shared/protocol').ExtensionToWebview) => void,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => Settings,
  ) {
    this.follower = new GoalFollower<GoalView>({
      debounceMs: () => this.settings().goalDebounceMs,
      currentVersion: (uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.version,
      started: (q) => this.showGoal({ state: 'pending', goals: this.current?.goals ?? [], uri: q.uri, version: q.version, position: q.position }),
      fetch: async (q, signal) => {
        const res = await this.bridge.connectionFor(vscode.Uri.parse(q.uri));
        if (!res.ok) throw new NoConnection(res.state);
        const view = await fetchGoalView(res.conn, q, res.source, signal);
        return res.note ? { ...view, note: res.note } : view;
      },
      deliver: (q, goal, ms) => this.onGoal(q, { ...goal, ms: Math.round(ms) }),
      fail: (q, e, ms) => this.onGoalError(q, e, ms),
    });
    this.leanStatus = vscode.window.createStatusBarItem('leanscout.lean', vscode.StatusBarAlignment.Right, 99);
    this.leanStatus.name = 'LeanScout Lean connection';
    this.leanStatus.command = 'leanscout.openPanel';
    this.disposables.push(
      this.leanStatus,
      this.goalChanged,
      { dispose: () => this.follower.dispose() },
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (isLeanDocument(e.textEditor.document)) this.follow(e.textEditor);
      }),
      vscode.window.onDidChangeActiveTextEditor((ed) => {
        if (ed && isLeanDocument(ed.document)) this.follow(ed, true);
        // Another file: Lean's goal no longer applies (output/log editors and the like do not count).
        else if (ed && (ed.document.uri.scheme === 'file' || ed.document.uri.scheme === 'untitled')) this.noLeanEditor();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const ed = vscode.window.activeTextEditor;
        if (ed && e.document === ed.document && isLeanDocument(e.document) && e.contentChanges.length > 0) this.follow(ed);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.lastEditor?.document === doc) this.noLeanEditor();
      }),
      this.bridge.onDidChange(() => {
        if (this.lastEditor) this.follow(this.lastEditor, true);
      }),
      this.bridge.onFileProgress((p) => this.onFileProgress(p.uri, p.processing)),
    );
  }

  /** Starts following the active editor (called after activation and when the panel opens). */
  start(): void {
    const ed = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => isLeanDocument(e.document));
    if (ed && isLeanDocument(ed.document)) this.follow(ed, true);
    else this.noLeanEditor();
  }

  /** The Lean editor the panel acts on (insertions, imports). */
  editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isLeanDocument(active.document)) return active;
    if (this.lastEditor && !this.lastEditor.document.isClosed) {
      // The panel has focus: find the editor for the same document that is still visible.
      return vscode.window.visibleTextEditors.find((e) => e.document === this.lastEditor!.document) ?? this.lastEditor;
    }
    return undefined;
  }

  goal(): GoalView | undefined {
    return this.current;
  }

  /** Module of a file from its project root, for "in scope" flags. */
  moduleOf(doc: vscode.TextDocument): string | undefined {
    const root = this.index.project();
    if (!root || doc.uri.scheme !== 'file') return undefined;
    return moduleFromRelativePath(relative(root, doc.fileName));
  }

  /** Notes that the panel rendered the premises of a goal (timing from Lean's answer to pixels). */
  rendered(key: string): void {
    const at = this.answeredAt.get(key);
    if (at === undefined) return;
    this.answeredAt.delete(key); // the first render of this goal's premises is the one that counts
    this.timings.answerToRenderMs = Math.round(performance.now() - at);
    this.timings.renderedGoalKey = key;
    const t = this.timings;
    this.log.info(`Goal ${key.slice(key.lastIndexOf('@'))}: Lean ${t.leanMs ?? '?'} ms; premises rendered ${t.answerToRenderMs} ms after Lean answered (retrieval + posting ${t.answerToPostMs ?? '?'} ms)`);
  }

  private follow(editor: vscode.TextEditor, immediate = false): void {
    this.lastEditor = editor;
    const pos = editor.selection.active;
    const query: GoalQuery = { uri: editor.document.uri.toString(), version: editor.document.version, position: { line: pos.line, character: pos.character } };
    this.follower.request(query, { immediate });
  }

  private noLeanEditor(): void {
    this.follower.clear();
    this.lastEditor = undefined;
    this.current = undefined;
    this.pending = undefined;
    this.post({ type: 'panelState', state: { kind: 'noEditor', message: 'Open a Lean file and put the cursor in a proof to see its goal and the premises that fit it. Search works any time.' } });
    this.post({ type: 'goal', goal: { state: 'none', goals: [] } });
    this.setLeanStatus(undefined);
  }

  /** While a goal request waits for Lean, say which line Lean is elaborating (the request blocks until then). */
  private onFileProgress(uri: string, processing: { range: { start: { line: number } }; kind?: number }[]): void {
    const g = this.pending;
    if (!g || g.uri !== uri) return;
    const busy = processing.filter((r) => r.kind !== 2);
    const failed = processing.some((r) => r.kind === 2);
    const message = busy.length > 0
      ? `Lean is elaborating line ${Math.min(...busy.map((r) => r.range.start.line)) + 1}…`
      : failed ? 'Lean stopped elaborating this file with an error (see Problems).' : undefined;
    if (message === g.message) return;
    this.pending = { ...g, message };
    this.showGoal(this.pending);
  }

  private showGoal(goal: GoalView): void {
    this.pending = goal.state === 'pending' ? goal : undefined;
    this.post({ type: 'goal', goal });
  }

  private onGoal(q: GoalQuery, goal: GoalView): void {
    this.current = goal;
    this.contentModifiedRetries = 0;
    this.timings.leanMs = goal.ms;
    const answeredAt = performance.now();
    const key = goalKey(q.uri, q.version, q.position);
    this.answeredAt.clear();
    this.answeredAt.set(key, answeredAt);
    this.post({ type: 'panelState', state: { kind: 'ready', message: '' } });
    this.setLeanStatus(undefined);
    this.showGoal(goal);
    this.goalChanged.fire(goal);
    if (goal.state === 'goals' || goal.state === 'term') void this.retrievePremises(q, goal, key, answeredAt);
    else this.post({ type: 'premises', goalKey: key, hits: [], ms: 0, message: goal.state === 'noGoals' ? 'No goals here.' : 'No goal at the cursor.' });
  }

  private onGoalError(q: GoalQuery, e: unknown, ms: number): void {
    if (e instanceof NoConnection) {
      this.post({ type: 'panelState', state: e.state });
      // Starting is no error: the goal is pending, and the bridge asks again when Lean is up.
      const shown = e.state.kind === 'leanStarting' ? 'pending' : 'error';
      this.showGoal({ state: shown, goals: shown === 'pending' ? this.current?.goals ?? [] : [], uri: q.uri, version: q.version, position: q.position, message: e.state.message });
      this.setLeanStatus(e.state);
      return;
    }
    if (isCancellation(e)) {
      // Superseded or withdrawn: a newer request follows — unless Lean withdrew it for a document that did not
      // change (ContentModified for a file it does not have open yet, right after a restart): ask again.
      if (errorCode(e) === ContentModified && this.contentModifiedRetries < 5 && this.lastEditor?.document.uri.toString() === q.uri && this.lastEditor.document.version === q.version) {
        this.contentModifiedRetries++;
        const ed = this.lastEditor;
        setTimeout(() => { if (this.lastEditor === ed) this.follow(ed, true); }, 300 * this.contentModifiedRetries);
      }
      return;
    }
    const starting = isServerDown(e) && this.bridge.isStarting(vscode.Uri.parse(q.uri));
    if (starting) {
      // The server restarts: the bridge asks again when it is up.
      const state: PanelState = { kind: 'leanStarting', message: 'Lean is starting…' };
      this.post({ type: 'panelState', state });
      this.setLeanStatus(state);
      this.showGoal({ state: 'pending', goals: this.current?.goals ?? [], uri: q.uri, version: q.version, position: q.position, message: state.message });
      return;
    }
    const down = isServerDown(e);
    const state: PanelState = down
      ? { kind: 'leanNotRunning', message: `The Lean server is not running (${errorMessage(e)}). Run "LeanScout: Restart Lean Server"; LeanScout asks again when it is back.` }
      : { kind: 'ready', message: '' };
    this.log.warn(`Goal request failed after ${Math.round(ms)} ms: ${errorMessage(e)}`);
    if (down) {
      this.post({ type: 'panelState', state });
      this.setLeanStatus(state);
    }
    this.showGoal({ state: 'error', goals: [], uri: q.uri, version: q.version, position: q.position, ms: Math.round(ms), message: `Lean could not give the goal: ${errorMessage(e)}` });
  }

  /** Premises for `query` that a proof at `line` of `doc` may use: the theorem being proved and later
   *  declarations of the same file are dropped (Lean would reject them). */
  async usablePremises(doc: vscode.TextDocument | undefined, line: number, query: string, k: number, signal?: AbortSignal, dense?: EmbeddingSettings): Promise<WorkerSearchResponse> {
    const fromModule = doc ? this.moduleOf(doc) : undefined;
    // The index leaves out the theorem being proved and what the file declares after it (same first k for any k).
    // (the theorem's name as the editor has it, an unsaved one too: its words are a hint for its premises)
    const place = doc ? proofPlace(doc.getText().split('\n'), line) : {};
    return this.index.search({ query, k, fromModule, preferInScope: true, usableBeforeLine: place.usableBeforeLine, theorem: place.theorem }, signal, dense);
  }

  private async retrievePremises(q: GoalQuery, goal: GoalView, key: string, answeredAt: number): Promise<void> {
    const text = goal.goals[0] ?? '';
    const t0 = performance.now();
    if (this.premisesFor?.text !== text) {
      this.premiseAbort?.abort();
      const abort = new AbortController();
      this.premiseAbort = abort;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === q.uri);
      const res = await this.usablePremises(doc, q.position.line, text, this.settings().resultCount, abort.signal);
      if (abort.signal.aborted) return;
      // An empty answer while the index builds is not cached: ask again once it is ready.
      const cacheable = res.hits.length > 0 || this.index.current().state === 'ready';
      const noneFound = res.hits.length === 0
        ? this.index.current().state === 'ready' ? 'No premise in the index fits this goal. Try the search box with other words.' : 'The index is not ready yet: premises appear when it is.'
        : undefined;
      const entry = { text, hits: toPanelHits(res.hits, targetOf(text)), ms: Math.round(res.ms), message: res.message ?? noneFound };
      this.premisesFor = cacheable ? entry : undefined;
      this.timings.searchMs = Math.round(performance.now() - t0);
      this.postPremises(q, key, answeredAt, entry);
      // With embeddings configured, the dense stage's order replaces the lexical one when the model answers
      // (the lexical premises are on screen meanwhile: the model never delays them).
      const dense = cacheable && res.hits.length > 0 ? await this.denseSettings().catch(() => undefined) : undefined;
      if (!dense || abort.signal.aborted) return;
      const fused = await this.usablePremises(doc, q.position.line, text, this.settings().resultCount, abort.signal, dense);
      if (abort.signal.aborted || this.premisesFor !== entry) return;
      if (!fused.dense) {
        if (fused.message) this.log.debug(`premises: dense stage not used: ${fused.message}`);
        return;
      }
      const denseEntry = { text, hits: toPanelHits(fused.hits, targetOf(text)), ms: Math.round(performance.now() - t0), message: `dense: ${fused.dense.model}, ${fused.dense.ms} ms` };
      this.premisesFor = denseEntry;
      this.postPremises(q, key, answeredAt, denseEntry, false);
      return;
    }
    this.postPremises(q, key, answeredAt, this.premisesFor);
  }

  private postPremises(q: GoalQuery, key: string, answeredAt: number, entry: { hits: PanelHit[]; ms: number; message?: string }, timed = true): void {
    const latest = this.follower.latest();
    if (latest && goalKey(latest.uri, latest.version, latest.position) !== key && latest.uri === q.uri && latest.version !== q.version) return; // document moved on
    this.post({ type: 'premises', goalKey: key, hits: entry.hits, ms: entry.ms, message: entry.message });
    if (timed) this.timings.answerToPostMs = Math.round(performance.now() - answeredAt);
  }

  /** The index became ready: premises for the current goal can now be found. */
  refreshPremises(): void {
    this.premisesFor = undefined;
    if (this.lastEditor) this.follow(this.lastEditor, true);
  }

  private setLeanStatus(state: PanelState | undefined): void {
    if (!state || state.kind === 'ready' || state.kind === 'noEditor') {
      this.leanStatus.hide();
      return;
    }
    this.leanStatus.text = state.kind === 'untrusted' ? '$(shield) LeanScout: no Lean (untrusted)' : state.kind === 'leanStarting' ? '$(sync~spin) LeanScout: waiting for Lean' : '$(warning) LeanScout: Lean not running';
    this.leanStatus.tooltip = state.message;
    this.leanStatus.show();
  }

  dispose(): void {
    this.premiseAbort?.abort();
    for (const d of this.disposables) d.dispose();
  }
}

// The one composition root: activate() builds every service once, passes dependencies through
// constructors and pushes every disposable to the context. Nothing heavy happens here: the index worker
// starts on first use, Lean is asked only when a Lean editor's cursor moves.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchRequest, SearchResponse } from '../core/types';
import type { LeanConnection } from '../core/lean/connection';
import { boundedQuery } from '../core/search/bounded';
import type { ExtensionToWebview, GoalView, IndexStatus, WebviewToExtension } from '../shared/protocol';
import { IndexWorkerClient } from '../node/indexWorkerClient';
import { readSettings } from './settings';
import { LeanBridge } from './lean/bridge';
import { PROJECT_MARKERS, findOuterProjectRoot } from './lean/projectRoot';
import { IndexService } from './indexService';
import { GoalService, isLeanDocument, type GoalTimings } from './goalService';
import { PanelProvider, PANEL_VIEW_ID } from './panel';
import { PanelActions } from './actions';
import { registerModelFeatures } from './modelFeatures';
import type { ModelFeatureHost, ModelFeatures } from './modelHost';
import { EmbeddingsService } from './embeddingsService';
import { PanelSearch } from './panelSearch';
import { ApiKeyStore } from './models/secrets';
import { registerAgentTools, cliPathOf } from './lmTools';
import { fetchGoalView, errorMessage } from '../shared/goalRequest';

/** What activate() returns: used by integration tests and benchmarks. */
export interface LeanScoutApi {
  /** Milliseconds activate() took. */
  activationMs: number;
  /** The latest message of each kind sent to the panel. */
  panelState(): Partial<Record<ExtensionToWebview['type'], ExtensionToWebview>>;
  /** Resolves when a panel webview loaded and asked for its state. */
  panelReady(): Promise<void>;
  /** Opens (builds or loads) the index; resolves when it is ready, rejects with the reason it is not. */
  engineReady(): Promise<void>;
  indexStatus(): IndexStatus;
  goal(): GoalView | undefined;
  timings(): GoalTimings;
  search(req: SearchRequest): Promise<SearchResponse>;
  /** Runs `query` as the panel's search box does (dense stage and reranking included); the answer is the
   *  `searchResults` of panelState() with this request id (negative: never one of the webview's own). */
  panelSearch(query: string): Promise<number>;
  leanConnectionFor(uri: vscode.Uri): Promise<LeanConnection | undefined>;
  /** How goals are obtained now (Lean 4 extension or own client). */
  leanPath(): string;
}

export function activate(context: vscode.ExtensionContext): LeanScoutApi {
  const t0 = performance.now();
  const subs = context.subscriptions;
  const log = vscode.window.createOutputChannel('LeanScout', { log: true });
  subs.push(log);

  let projectRoot: string | undefined;
  /** The Lean project of this window: the active Lean file's project, else the first workspace folder with one. */
  const findProject = (): string | undefined => {
    if (projectRoot) return projectRoot;
    const ed = vscode.window.activeTextEditor;
    if (ed && ed.document.uri.scheme === 'file' && isLeanDocument(ed.document)) projectRoot = findOuterProjectRoot(ed.document.fileName);
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (projectRoot) break;
      if (f.uri.scheme === 'file' && PROJECT_MARKERS.some((m) => existsSync(join(f.uri.fsPath, m)))) projectRoot = f.uri.fsPath;
    }
    return projectRoot;
  };

  const indexClient = new IndexWorkerClient(context.asAbsolutePath(join('dist', 'indexWorker.js')), {
    onExit: (reason) => index.workerExited(reason),
  });
  const index = new IndexService(indexClient, findProject, log, readSettings);
  subs.push(index);
  const bridge = new LeanBridge(log, readSettings);
  subs.push(bridge);

  let models: ModelFeatures | undefined;
  const panel = new PanelProvider(context.extensionUri, (msg) => onPanelMessage(msg), log);
  subs.push(panel, vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, panel));
  const post = (msg: ExtensionToWebview) => panel.post(msg);

  const goals = new GoalService(bridge, index, post, log, readSettings);
  // Re-indexed files (saved, changed on disk, imports edited): the marks of the shown premises and results refresh.
  subs.push(index.onDidUpdateFiles(() => {
    goals.refreshPremises();
    post({ type: 'refreshSearch' });
  }));
  subs.push(goals);
  const actions = new PanelActions(() => goals.editor(), findProject, log, () => index.sourceFolders());

  const leanConnectionFor = async (uri: vscode.Uri): Promise<LeanConnection | undefined> => {
    const res = await bridge.connectionFor(uri);
    return res.ok ? res.conn : undefined;
  };

  const host: ModelFeatureHost = {
    log,
    search: (req) => index.search(req),
    premisesAt: (document, position, goal, k) => goals.usablePremises(document, position.line, goal, k),
    leanConnectionFor,
    currentGoal: () => {
      const g = goals.goal();
      if (!g || !g.uri || g.version === undefined || !g.position || (g.state !== 'goals' && g.state !== 'term')) return undefined;
      return { uri: g.uri, version: g.version, position: g.position, goals: g.goals };
    },
    postToPanel: post,
  };
  const tModels = performance.now();
  try {
    models = registerModelFeatures(context, host);
  } catch (e) {
    log.error(`Model features failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
  const modelsMs = performance.now() - tModels;

  // Tools for agents (VS Code's agent mode): search, the goal and premises at the cursor, tactic checks; and the MCP server.
  subs.push(...registerAgentTools({
    log,
    search: (req) => index.search(req),
    goalAt: async (document, position) => {
      const res = await bridge.connectionFor(document.uri);
      if (!res.ok) return { state: 'error', goals: [], message: res.state.message };
      const query = { uri: document.uri.toString(), version: document.version, position: { line: position.line, character: position.character } };
      try {
        return await fetchGoalView(res.conn, query, res.source, AbortSignal.timeout(30_000));
      } catch (e) {
        return { state: 'error', goals: [], message: `Lean could not give the goal: ${errorMessage(e)}` };
      }
    },
    premises: (document, line, goal, k) => goals.usablePremises(document, line, goal, k),
    checkTactics: async (document, position, goalTexts, tactics, signal) =>
      models ? models.checkTactics(document, position, goalTexts, tactics, signal) : 'Tactic checks are not available (the model features failed to start; see the LeanScout log).',
    projectRoot: findProject,
    moduleOf: (document) => goals.moduleOf(document),
    cliPath: cliPathOf(context.extensionPath),
  }));
  subs.push(goals.onDidChangeGoal(() => models?.onGoalChanged()));
  // The optional dense stage (embeddings built in the index worker) and reranking of the panel's search.
  const embeddings = new EmbeddingsService(index, new ApiKeyStore(context.secrets), log);
  subs.push(embeddings);
  goals.denseSettings = () => embeddings.searchSettings();
  const panelSearch = new PanelSearch(index, embeddings, async () => models?.rerankProvider(), post, log);
  subs.push(panelSearch);

  subs.push(
    index.onDidChangeStatus((status) => {
      post({ type: 'indexStatus', status });
      if (status.state === 'ready') {
        // Warm the index worker (JIT, library mask, import closure of this file's module): otherwise the first
        // goal's premises take 150–450 ms longer than later ones on Mathlib (measured by bench:extension).
        const ed = goals.editor();
        void index.search({ query: 'a b : ℕ\n⊢ a + b = b + a', k: 1, fromModule: ed ? goals.moduleOf(ed.document) : undefined, preferInScope: true });
        goals.refreshPremises();
      }
    }),
    index.onDidChangeNotes((status) => post({ type: 'indexStatus', status })),
  );
  post({ type: 'indexStatus', status: index.current() });

  function onPanelMessage(msg: WebviewToExtension): void {
    if (models?.handlePanelMessage(msg)) return;
    switch (msg.type) {
      case 'ready':
        goals.start();
        void index.ensureOpen().catch(() => undefined); // opening the panel is the first use
        return;
      case 'search': {
        const ed = goals.editor();
        const req: SearchRequest = {
          query: msg.query,
          k: readSettings().resultCount,
          kinds: msg.filters.kinds,
          modulePrefix: msg.filters.modulePrefix || undefined,
          namespacePrefix: msg.filters.namespacePrefix || undefined,
          fromModule: ed ? goals.moduleOf(ed.document) : undefined,
        };
        void panelSearch.run(msg.requestId, req);
        return;
      }
      case 'insert':
        void actions.insert(msg.action, msg.name);
        return;
      case 'insertTactic':
        void actions.insertText(msg.tactic);
        return;
      case 'goToDefinition':
        void actions.goToDefinition(msg.decl);
        return;
      case 'copy':
        void actions.copy(msg.text);
        return;
      case 'addImport':
        void actions.addImport(msg.module);
        return;
      case 'informalize':
        void models?.informalize(msg.name);
        return;
      case 'suggestTactics':
        post({ type: 'tactics', state: 'error', message: 'Tactic suggestions are not available.', candidates: [] });
        return;
      case 'rebuildIndex':
        void index.rebuild();
        return;
      case 'showLog':
        log.show(true);
        return;
      case 'focusEditor':
        void vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        return;
      case 'rendered':
        goals.rendered(msg.goalKey);
        return;
    }
  }

  /** What "Search Premises…" starts with: the selection, else the goal at the cursor, else nothing (a word under
   *  the cursor such as `sorry` or `by` is no query). */
  const selectedText = (): string | undefined => {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return undefined;
    if (!ed.selection.isEmpty) return boundedQuery(ed.document.getText(ed.selection).trim(), 2000) || undefined;
    const g = goals.goal();
    if (g && (g.state === 'goals' || g.state === 'term') && g.uri === ed.document.uri.toString() && g.goals[0]) return boundedQuery(g.goals[0], 2000);
    return undefined;
  };

  subs.push(
    vscode.commands.registerCommand('leanscout.openPanel', () => panel.reveal(false)),
    vscode.commands.registerCommand('leanscout.search', async (query?: unknown) => {
      const text = typeof query === 'string' ? query : selectedText();
      await panel.reveal(false);
      // A panel opened just now must have loaded its script before it can take the query.
      await Promise.race([panel.ready(), new Promise((r) => setTimeout(r, 5000))]);
      post({ type: 'focusSearch', query: text });
    }),
    vscode.commands.registerCommand('leanscout.rebuildIndex', () => index.rebuild()),
    vscode.commands.registerCommand('leanscout.buildEmbeddings', () => embeddings.build()),
    vscode.commands.registerCommand('leanscout.informalize', async (name?: unknown) => {
      if (!models) return void vscode.window.showWarningMessage('LeanScout: informalization is not available.');
      await panel.reveal(true);
      await models.informalize(typeof name === 'string' ? name : undefined);
    }),
    vscode.commands.registerCommand('leanscout.suggestTactics', async () => {
      await panel.reveal(true);
      onPanelMessage({ type: 'suggestTactics' });
    }),
    vscode.commands.registerCommand('leanscout.showLog', () => log.show()),
    vscode.commands.registerCommand('leanscout.restartLeanServer', async () => {
      const ed = goals.editor() ?? vscode.window.activeTextEditor;
      try {
        const outcome = await bridge.restartServer(ed?.document.uri);
        log.info(`Restart Lean Server: ${outcome}`);
        void vscode.window.setStatusBarMessage(`LeanScout: ${outcome}`, 5000);
        return outcome;
      } catch (e) {
        const message = `LeanScout: the Lean server could not be restarted: ${e instanceof Error ? e.message : String(e)}`;
        log.error(message);
        void vscode.window.showErrorMessage(message);
        return message;
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => goals.start()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('leanscout.lean.serverCommand')) bridge.resetOwnClients();
      if (e.affectsConfiguration('leanscout.useLeanExtension') || e.affectsConfiguration('leanscout.lean.serverCommand')) goals.start();
    }),
  );

  // Follow the cursor from now on (cheap: no request until a Lean editor is active).
  goals.start();
  if (readSettings().indexOnStartup) setTimeout(() => void index.ensureOpen().catch(() => undefined), 0);

  let apiSearchId = 0;
  const activationMs = performance.now() - t0;
  log.info(`LeanScout activated in ${activationMs.toFixed(1)} ms (model features ${modelsMs.toFixed(1)} ms; VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);

  return {
    activationMs,
    panelState: () => panel.snapshot(),
    panelReady: () => panel.ready(),
    engineReady: () => index.ensureOpen().then(() => undefined),
    indexStatus: () => index.current(),
    goal: () => goals.goal(),
    timings: () => ({ ...goals.timings }),
    search: (req) => index.search(req),
    panelSearch: async (query) => {
      const requestId = --apiSearchId;
      await panelSearch.run(requestId, { query, k: readSettings().resultCount });
      return requestId;
    },
    leanConnectionFor,
    leanPath: () => bridge.describe(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

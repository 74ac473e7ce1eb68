// VS Code side of the model features: tactic suggestions for the panel and as inline ghost text, "Informalize
// this declaration", the VS Code LM API provider, the API key in SecretStorage, the status bar item.
// The work itself is done by the editor-free core (src/core/models, tactics, informal).
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelFeatureHost, ModelFeatures } from './modelHost';
import type { WebviewToExtension, TacticCandidate } from '../shared/protocol';
import type { Declaration } from '../core/types';
import type { SuggestResult } from '../core/tactics/suggest';
import type { ModelProvider } from '../core/models/types';
import { informalize as informalizeCore } from '../core/informal/informalize';
import { InformalCache } from '../core/informal/cache';
import { neighbourDeclarations } from '../core/informal/neighbours';
import { readModelSettings } from './models/settings';
import { ApiKeyStore } from './models/secrets';
import { ModelStatusBar } from './models/statusBar';
import { TacticService, describeError } from './models/tacticService';
import { TacticInlineProvider } from './models/inlineProvider';
import { VsCodeLmProvider } from './models/lmProvider';

const LEAN_SELECTOR: vscode.DocumentSelector = [{ language: 'lean4' }, { scheme: 'file', pattern: '**/*.lean' }];
const DECL_HEADER = /^\s*(?:@\[[^\]]*\]\s*)?(?:(?:private|protected|noncomputable|nonrec|partial|unsafe)\s+)*(?:theorem|lemma|def|abbrev|instance|structure|class|inductive|axiom|opaque)\s+([^\s(:{[⦃]+)/;

export function registerModelFeatures(context: vscode.ExtensionContext, host: ModelFeatureHost): ModelFeatures {
  const disposables: vscode.Disposable[] = [];
  const keys = new ApiKeyStore(context.secrets);
  const service = new TacticService(host, keys);
  const status = new ModelStatusBar();
  const informalCache = new InformalCache(path.join(context.globalStorageUri.fsPath, 'informal'));
  disposables.push(service, status);

  const statusLabel = () => {
    const s = readModelSettings();
    return s.tactics.provider === 'none' ? 'model-free' : s.tactics.model || s.tactics.provider;
  };
  status.set('idle', statusLabel());

  disposables.push(
    vscode.languages.registerInlineCompletionItemProvider(LEAN_SELECTOR, new TacticInlineProvider(service, status, host.log)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('leanscout.model')) return;
      service.resetProviders();
      service.cache.clear();
      status.set('idle', statusLabel());
    }),
    keys.onDidChange(() => {
      service.resetProviders();
      service.cache.clear();
    }),
    vscode.commands.registerCommand('leanscout.setApiKey', () => keys.promptAndStore()),
    vscode.commands.registerCommand('leanscout.chooseModel', () => chooseModel()),
  );

  // ------------------------------------------------------------------ panel: tactics
  let panelRun: AbortController | undefined;
  let panelGeneration = 0;
  /** The goal the panel's tactics belong to; a goal event for the same goal (a re-read) keeps them. */
  let panelGoalKey: string | undefined;
  const goalKeyOf = (g: ReturnType<ModelFeatureHost['currentGoal']>) =>
    g ? JSON.stringify([g.uri, g.version, g.position.line, g.position.character, g.goals]) : undefined;

  const toPanel = (r: SuggestResult): TacticCandidate[] =>
    r.candidates.map((c) => ({ tactic: c.tactic, source: c.source, status: c.status, remainingGoals: c.remainingGoals, error: c.error, premises: c.premises }));

  async function suggestForPanel(): Promise<void> {
    panelRun?.abort();
    const run = new AbortController();
    panelRun = run;
    const gen = ++panelGeneration;
    const current = () => gen === panelGeneration && !run.signal.aborted;
    const g = host.currentGoal();
    panelGoalKey = goalKeyOf(g);
    if (!g || g.goals.length === 0) {
      host.postToPanel({ type: 'tactics', state: 'error', message: 'No goal at the cursor: put the cursor inside a tactic block.', candidates: [] });
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === g.uri);
    if (!document || document.version !== g.version) {
      host.postToPanel({ type: 'tactics', state: 'error', message: 'The document changed since the goal was read; try again in a moment.', candidates: [] });
      return;
    }
    const source = statusLabel();
    host.postToPanel({ type: 'tactics', state: 'running', source, candidates: [] });
    status.set('thinking', source);
    const t0 = performance.now();
    try {
      const res = await service.suggest(
        { document, version: g.version, position: new vscode.Position(g.position.line, g.position.character), goals: g.goals },
        run.signal,
        (partial) => {
          if (current()) host.postToPanel({ type: 'tactics', state: 'running', source: partial.source, message: partial.message, candidates: toPanel(partial) });
        },
      );
      if (!res || !current()) return;
      if (document.version !== g.version) {
        host.postToPanel({ type: 'tactics', state: 'error', message: 'The document changed while checking; the results were dropped.', candidates: [] });
        return;
      }
      const ms = performance.now() - t0;
      status.set(res.modelError ? 'error' : 'idle', source, res.message, ms);
      host.postToPanel({ type: 'tactics', state: 'done', source: res.source, message: res.message, candidates: toPanel(res) });
    } catch (err) {
      if (!current()) return;
      status.set('error', source, describeError(err));
      host.postToPanel({ type: 'tactics', state: 'error', message: describeError(err), candidates: [] });
    }
  }

  // ------------------------------------------------------------------ informalize
  let informalRun: AbortController | undefined;

  async function findDecl(name: string): Promise<Declaration | undefined> {
    const res = await host.search({ query: name, k: 20 });
    return res.hits.find((h) => h.decl.name === name)?.decl;
  }

  /** The declaration whose header is at or above the cursor, qualified by the enclosing namespaces. */
  function declarationAtCursor(): string[] {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return [];
    const doc = ed.document;
    for (let l = ed.selection.active.line; l >= 0; l--) {
      const m = DECL_HEADER.exec(doc.lineAt(l).text);
      if (!m) continue;
      const namespaces: string[] = [];
      for (let i = 0; i < l; i++) {
        const t = doc.lineAt(i).text;
        const ns = /^\s*namespace\s+(\S+)/.exec(t);
        const end = /^\s*end\s+(\S+)/.exec(t);
        if (ns) namespaces.push(...ns[1].split('.'));
        else if (end && namespaces.length) namespaces.splice(namespaces.length - end[1].split('.').length);
      }
      const short = m[1].replace(/^_root_\./, '');
      const names: string[] = [];
      for (let i = namespaces.length; i >= 0; i--) names.push([...namespaces.slice(0, i), short].join('.'));
      return names;
    }
    return [];
  }

  function neighboursOf(d: Declaration) {
    const candidates = [
      ...vscode.workspace.textDocuments.filter((doc) => doc.uri.fsPath.replace(/\\/g, '/').endsWith('/' + d.file)).map((doc) => doc.getText()),
    ];
    if (!candidates.length) {
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        const p = path.join(f.uri.fsPath, d.file);
        try {
          candidates.push(fs.readFileSync(p, 'utf8'));
          break;
        } catch {
          // not in this folder
        }
      }
    }
    return candidates.length ? neighbourDeclarations(candidates[0], d.line) : [];
  }

  async function informalize(name?: string): Promise<void> {
    informalRun?.abort();
    const run = new AbortController();
    informalRun = run;
    const names = name ? [name] : declarationAtCursor();
    if (names.length === 0) {
      host.postToPanel({ type: 'informal', name: '', text: '', done: true, origin: 'structure', error: 'Put the cursor on a declaration (theorem, def, …) or pick one in the panel.' });
      return;
    }
    let decl: Declaration | undefined;
    for (const n of names) {
      decl = await findDecl(n).catch(() => undefined);
      if (decl) break;
    }
    const shown = decl?.name ?? names[0];
    let provider: ModelProvider | undefined;
    let configError: string | undefined;
    try {
      provider = await service.provider('informal');
    } catch (err) {
      configError = describeError(err);
    }
    host.postToPanel({ type: 'informal', name: shown, text: '', done: false, origin: provider ? 'model' : 'structure', model: provider?.label });
    const res = await informalizeCore({
      name: shown,
      source: { lookup: async (n) => (decl && n === decl.name ? decl : findDecl(n)), neighbours: neighboursOf },
      provider,
      cache: informalCache,
      signal: run.signal,
      onText: (text) => {
        if (informalRun === run) host.postToPanel({ type: 'informal', name: shown, text, done: false, origin: 'model', model: provider?.label });
      },
      onProgress: (m) => host.log.info(`informalize ${shown}: ${m}`),
    });
    if (informalRun !== run) return;
    const error = configError ? `${configError} — showing the docstring and the statement’s structure instead.` : res.error;
    // Without a model the docstring and structure are what was asked for: information, not an error.
    const info = !provider && !configError ? error : undefined;
    host.postToPanel({ type: 'informal', name: res.name, text: res.text, done: true, origin: res.origin, model: res.origin === 'model' ? res.model : undefined, ...(info ? { note: info } : { error }) });
    host.log.info(`informalize ${res.name}: ${res.origin}${res.cached ? ' (cached)' : ''} in ${Math.round(res.ms)} ms${error ? ` — ${error}` : ''}`);
  }

  // ------------------------------------------------------------------ model choice
  async function chooseModel(): Promise<void> {
    const s = readModelSettings();
    let models: string[] = [];
    try {
      if (s.tactics.provider === 'vscode-lm') models = await VsCodeLmProvider.list();
      else if (s.tactics.provider !== 'none') {
        const p = await service.provider('tactics', { ...s, tactics: { ...s.tactics, model: s.tactics.model || 'unset' } });
        models = (await p?.listModels?.()) ?? [];
      }
    } catch (err) {
      void vscode.window.showErrorMessage(`LeanScout: ${describeError(err)}`);
      return;
    }
    if (s.tactics.provider === 'none') {
      void vscode.window.showInformationMessage('LeanScout: set leanscout.model.tactics.provider first (ollama, openai or vscode-lm).');
      return;
    }
    if (models.length === 0) {
      void vscode.window.showWarningMessage(`LeanScout: the ${s.tactics.provider} provider lists no models.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(models, { title: 'LeanScout: model for tactics and informalization' });
    if (pick) await vscode.workspace.getConfiguration('leanscout.model').update('tactics.model', pick, vscode.ConfigurationTarget.Global);
  }

  const features: ModelFeatures = {
    onGoalChanged(): void {
      const key = goalKeyOf(host.currentGoal());
      if (key !== undefined && key === panelGoalKey) return; // the same goal read again
      panelGoalKey = key;
      // A new goal supersedes the panel's running suggestion (its HTTP request is aborted).
      if (panelRun) {
        panelRun.abort();
        panelRun = undefined;
        panelGeneration++;
      }
      if (readModelSettings().autoSuggest && host.currentGoal()) void suggestForPanel();
      else host.postToPanel({ type: 'tactics', state: 'idle', candidates: [] });
    },
    handlePanelMessage(msg: WebviewToExtension): boolean {
      switch (msg.type) {
        case 'suggestTactics':
          void suggestForPanel();
          return true;
        case 'informalize':
          void informalize(msg.name);
          return true;
        default:
          return false; // insertTactic is inserted by the host's editor actions (user action only)
      }
    },
    informalize,
    rerankProvider: () => service.provider('rerank'),
    checkTactics: (document, position, goals, tactics, signal) => service.check(document, position, goals, tactics, signal),
    dispose(): void {
      panelRun?.abort();
      informalRun?.abort();
      for (const d of disposables.splice(0)) d.dispose();
    },
  };
  context.subscriptions.push(features);
  return features;
}

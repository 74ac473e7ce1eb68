// The optional dense stage in the editor: which embedding model (leanscout.model.embeddings.*), building the
// embeddings in the index worker (command "LeanScout: Build Embeddings", cancellable progress notification,
// resumable, started by itself once the index is ready in a trusted workspace), and the "embeddings …" note of the
// status bar and panel. The panel's search asks for `searchSettings()` and the worker fuses the vectors in.
import * as vscode from 'vscode';
import type { EmbeddingSettings, EmbedSummary } from '../node/indexWorkerClient';
import type { IndexService } from './indexService';
import { readModelSettings } from './models/settings';
import { ApiKeyStore } from './models/secrets';

export class EmbeddingsService implements vscode.Disposable {
  private running: { abort: AbortController; done: Promise<EmbedSummary | undefined> } | undefined;
  /** Counts the times the index became ready (a rebuild is a new index: its embeddings are checked again). */
  private indexGeneration = 0;
  private lastIndexState: string | undefined;
  /** Settings + index generation for which the automatic build was already started (once each). */
  private autoStartedFor: string | undefined;
  /** Set when the embeddings of the configured model are known to be usable. */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly index: IndexService,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      index.onDidChangeStatus((s) => {
        // `ready` again after a save only updated the user's files (not the stored index the embeddings follow).
        const becameReady = s.state === 'ready' && this.lastIndexState !== 'ready';
        this.lastIndexState = s.state;
        if (becameReady) {
          this.indexGeneration++;
          void this.onIndexReady();
        } else if (s.state !== 'ready') this.ready = false;
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['leanscout.model.embeddings', 'leanscout.model.ollama.host', 'leanscout.model.openai.baseUrl'].some((k) => e.affectsConfiguration(k))) this.settingsChanged();
      }),
      keys.onDidChange(() => this.settingsChanged()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.onIndexReady()),
    );
    this.showNote();
  }

  /** The configured embedding model as plain settings for the worker, or undefined when the dense stage is off. */
  async settings(): Promise<EmbeddingSettings | undefined> {
    const s = readModelSettings();
    const e = s.embeddings;
    if (e.provider === 'none' || !e.model) return undefined;
    return e.provider === 'ollama'
      ? { provider: 'ollama', host: s.ollamaHost, model: e.model, keepAlive: s.ollamaKeepAlive }
      : { provider: 'openai', host: s.openaiBaseUrl, model: e.model, apiKey: (await this.keys.get()) ?? undefined };
  }

  /** Settings for a search: only once the embeddings are built (until then searches stay lexical, without a note). */
  async searchSettings(): Promise<EmbeddingSettings | undefined> {
    return this.ready ? this.settings() : undefined;
  }

  /** The command: build (or resume, or confirm up to date) the embeddings of the index's declarations. */
  async build(opts: { rebuild?: boolean; quiet?: boolean } = {}): Promise<EmbedSummary | undefined> {
    const settings = await this.settings();
    if (!settings) {
      if (!opts.quiet) {
        void vscode.window.showInformationMessage(
          'LeanScout: embeddings are off. Set leanscout.model.embeddings.provider (ollama or openai) and leanscout.model.embeddings.model to use the dense search stage.',
        );
      }
      return undefined;
    }
    if (this.running) return this.running.done;
    const abort = new AbortController();
    const done = this.run(settings, abort, opts.rebuild === true);
    this.running = { abort, done };
    try {
      return await done;
    } finally {
      if (this.running?.done === done) this.running = undefined;
    }
  }

  private async run(settings: EmbeddingSettings, abort: AbortController, rebuild: boolean): Promise<EmbedSummary | undefined> {
    try {
      await this.index.ensureOpen();
    } catch (e) {
      this.showNote(`embeddings wait for the index`);
      this.log.warn(`Embeddings: the index is not ready (${e instanceof Error ? e.message : String(e)})`);
      return undefined;
    }
    const t0 = performance.now();
    this.log.info(`Embeddings: building with ${settings.provider} model ${settings.model}`);
    this.showNote('embeddings 0%');
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `LeanScout: embeddings (${settings.model})`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await this.index.worker().embed(settings, {
            rebuild,
            signal: abort.signal,
            onProgress: (p) => {
              const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
              if (percent > reported || p.message) {
                progress.report({ increment: Math.max(0, percent - reported), message: `${percent}%${p.message ? ` — ${p.message}` : ''}` });
                reported = Math.max(reported, percent);
              }
              this.showNote(`embeddings ${percent}%`);
            },
          });
        } catch (e) {
          const cancelled = abort.signal.aborted;
          return { ok: false, cancelled, upToDate: false, declarations: 0, embedded: 0, resumed: 0, reused: 0, ms: 0, bytes: 0, message: cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e) } satisfies EmbedSummary;
        }
      },
    );
    const ms = Math.round(performance.now() - t0);
    if (summary.ok) {
      this.ready = true;
      this.log.info(
        `Embeddings ready: ${summary.declarations} declarations (${summary.upToDate ? 'already up to date' : `${summary.embedded} embedded, ${summary.resumed} resumed, ${summary.reused} reused`}) in ${ms} ms, ${(summary.bytes / 1e6).toFixed(1)} MB${summary.message ? ` — ${summary.message}` : ''}`,
      );
      this.showNote(`embeddings ready (${settings.model})`);
    } else {
      this.ready = false;
      const why = summary.message ?? 'unknown reason';
      (summary.cancelled ? this.log.info : this.log.warn).call(this.log, `Embeddings stopped after ${ms} ms: ${why}`);
      this.showNote(summary.cancelled ? 'embeddings paused (run “Build Embeddings” to resume)' : 'embeddings stopped (see the log)');
      if (!summary.cancelled) void vscode.window.showWarningMessage(`LeanScout: embeddings stopped — ${why} Search stays lexical; “LeanScout: Build Embeddings” resumes.`);
    }
    return summary;
  }

  /** After the index opened: check the stored embeddings and start the build when needed (trusted workspaces only). */
  private async onIndexReady(): Promise<void> {
    const settings = await this.settings();
    if (!settings) return this.showNote();
    if (this.running) return;
    try {
      const info = await this.index.worker().embeddingsInfo(settings);
      this.ready = info.state === 'ready';
      if (this.ready) return this.showNote(`embeddings ready (${settings.model})`);
      this.showNote(info.state === 'stale' ? 'embeddings out of date' : 'embeddings not built');
    } catch (e) {
      this.log.warn(`Embeddings: cannot check the stored ones (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    // Same trust rule as the rest of LeanScout: nothing starts by itself in an untrusted workspace.
    if (!vscode.workspace.isTrusted) return;
    const token = JSON.stringify([settings.provider, settings.host, settings.model, this.indexGeneration]);
    if (this.autoStartedFor === token) return;
    this.autoStartedFor = token;
    void this.build({ quiet: true });
  }

  private settingsChanged(): void {
    const previous = this.running;
    previous?.abort.abort();
    this.ready = false;
    this.autoStartedFor = undefined;
    // A running build for the old settings stops first (its finished batches stay in its journal).
    void Promise.resolve(previous?.done).then(() => {
      if (this.index.current().state === 'ready') void this.onIndexReady();
      else void this.settings().then((s) => this.showNote(s ? 'embeddings not built' : undefined));
    });
  }

  private showNote(note?: string): void {
    this.index.setEmbeddingsNote(note);
  }

  dispose(): void {
    this.running?.abort.abort();
    for (const d of this.disposables) d.dispose();
  }
}

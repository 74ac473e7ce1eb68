// The index lifecycle in the editor: built on first use (cancellable progress notification), a status bar
// item, rebuild, incremental update on save, timings in the log. All heavy work runs in the index worker.
import * as vscode from 'vscode';
import { relative, isAbsolute } from 'node:path';
import type { SearchRequest, Progress } from '../core/types';
import type { IndexStatus } from '../shared/protocol';
import { learningNote, overallPercent } from '../shared/progress';
import { importHeader } from '../core/tactics/check';
import { IndexWorkerClient, type EmbeddingSettings, type IndexStats, type WorkerSearchResponse } from '../node/indexWorkerClient';
import type { Settings } from './settings';

export class IndexService implements vscode.Disposable {
  private status: IndexStatus = { state: 'idle' };
  /** The embeddings' line ("embeddings 42%", "embeddings ready (model)"); undefined when none are configured. */
  private embeddingsNote: string | undefined;
  /** While the learned stage runs: "learning from proofs 42%" (src/shared/progress learningNote). */
  private learningNote: string | undefined;
  private opening: Promise<IndexStats> | undefined;
  private openAbort: AbortController | undefined;
  private stats: IndexStats | undefined;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<IndexStatus>();
  readonly onDidChangeStatus = this.changed.event;
  private readonly notesChanged = new vscode.EventEmitter<IndexStatus>();
  /** Fires when only a note changed (embeddings, learning), not the index: premises need no refresh. */
  readonly onDidChangeNotes = this.notesChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly filesUpdated = new vscode.EventEmitter<void>();
  /** Fires after files of the project were re-indexed (saved, changed on disk, imports edited): marks may change. */
  readonly onDidUpdateFiles = this.filesUpdated.event;
  private readonly pendingUpdates = new Map<string, ReturnType<typeof setTimeout>>();
  /** The import header last seen per open document: an edit there changes what the file can use. */
  private readonly headers = new Map<string, string>();

  constructor(
    private readonly client: IndexWorkerClient,
    private readonly projectRoot: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => Settings,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('leanscout.index', vscode.StatusBarAlignment.Right, 100);
    this.statusBar.name = 'LeanScout index';
    this.statusBar.command = 'leanscout.openPanel';
    this.disposables.push(this.statusBar, this.changed, this.notesChanged, this.filesUpdated);
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((doc) => this.onSaved(doc)));
    // Files changed outside the editor (git checkout, another tool) and dependency changes (lake-manifest.json).
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.lean,lake-manifest.json}');
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.onDiskChange(uri)),
      watcher.onDidCreate((uri) => this.onDiskChange(uri)),
      watcher.onDidDelete((uri) => this.onDiskChange(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdited(e)),
    );
    this.client.onLearnProgress((p) => {
      const note = learningNote(p);
      if (note === this.learningNote) return;
      this.learningNote = note;
      if (!note) this.log.info('Premises learned from the library\'s proofs.');
      this.render();
      this.notesChanged.fire(this.current());
    });
    this.render();
  }

  current(): IndexStatus {
    return { ...this.status, ...(this.embeddingsNote ? { embeddings: this.embeddingsNote } : {}), ...(this.learningNote ? { learning: this.learningNote } : {}) };
  }

  /** Shown next to the index state in the status bar and the panel (set by the embeddings service). */
  setEmbeddingsNote(note: string | undefined): void {
    if (note === this.embeddingsNote) return;
    this.embeddingsNote = note;
    this.render();
    this.notesChanged.fire(this.current());
  }

  /** The worker client (the embeddings service shares it: the index and its embeddings live in one worker). */
  worker(): IndexWorkerClient {
    return this.client;
  }

  /** The project the index is built for. */
  project(): string | undefined {
    return this.projectRoot();
  }

  /** Opens (builds or loads) the index once; later calls share the same promise. */
  /** Folders outside the project the open index read sources from (Lean core's toolchain), for go-to-definition. */
  sourceFolders(): string[] {
    const core = this.stats?.engine?.core?.dir;
    return core ? [core] : [];
  }

  ensureOpen(opts: { rebuild?: boolean } = {}): Promise<IndexStats> {
    if (this.opening) return this.opening;
    const project = this.projectRoot();
    if (!project) {
      // Not an error of the index: there is nothing to index yet.
      this.setStatus({ state: 'idle', message: 'No Lean project in this workspace (no lean-toolchain or lakefile): open a Lean project folder to search it.' });
      return Promise.reject(new Error(this.status.message));
    }
    const abort = new AbortController();
    this.openAbort = abort;
    const t0 = performance.now();
    this.log.info(`Index: ${opts.rebuild ? 'rebuilding' : 'opening'} ${project}`);
    this.setStatus({ state: 'building', percent: 0, message: 'Starting…' });
    const opening = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'LeanScout: indexing', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        const onProgress = (p: Progress) => {
          const percent = overallPercent(p, reported);
          if (percent > reported) {
            progress.report({ increment: percent - reported, message: `${p.phase} ${percent}%` });
            reported = percent;
          }
          this.setStatus({ state: 'building', percent, message: p.message ?? p.phase });
        };
        const maxFileMB = vscode.workspace.getConfiguration('leanscout').get<number>('index.maxFileSizeMB');
        return this.client.open({ project, rebuild: opts.rebuild, maxFileMB }, { onProgress, signal: abort.signal });
      },
    );
    this.opening = Promise.resolve(opening).then(
      (stats) => {
        this.stats = stats;
        const e = stats.engine;
        const detail = e ? ` (${e.source === 'cache' ? `loaded from cache in ${e.loadMs} ms` : `extract ${e.extractMs} ms, build ${e.buildMs} ms, save ${e.saveMs} ms`}; ${e.files} files, ${e.skipped.length} skipped${e.cacheNote ? `; ${e.cacheNote}` : ''})` : '';
        this.log.info(`Index ready: ${stats.declarations} declarations, ${stats.modules ?? 0} modules in ${Math.round(performance.now() - t0)} ms${detail}`);
        const skipped = (e?.skipped ?? []).map((x) => `${x.file}: ${x.reason}`);
        if (skipped.length) this.log.warn(`Index: ${skipped.length} file(s) not indexed: ${skipped.join('; ')}`);
        // (the "Index ready" line above has it too, in its cache note)
        if (e?.saveError) void vscode.window.showWarningMessage(`LeanScout: the index could not be saved (${e.saveError}). Search works now; the next start builds the index again.`);
        this.setStatus({ state: 'ready', declarations: stats.declarations, modules: stats.modules, ...(skipped.length ? { skipped } : {}) });
        return stats;
      },
      (e: unknown) => {
        const cancelled = abort.signal.aborted;
        const message = cancelled ? 'Indexing cancelled. Run "LeanScout: Rebuild Index" to build it.' : `Index failed: ${e instanceof Error ? e.message : String(e)}`;
        (cancelled ? this.log.info : this.log.error).call(this.log, message);
        this.opening = undefined; // the next use tries again
        this.setStatus({ state: cancelled ? 'idle' : 'error', message });
        throw new Error(message);
      },
    );
    return this.opening;
  }

  /** Searches once the index is open; never throws (the message says what is wrong). With `dense`, the worker
   *  fuses that embedding model's stored vectors in (or says why not). */
  async search(req: SearchRequest, signal?: AbortSignal, dense?: EmbeddingSettings): Promise<WorkerSearchResponse> {
    const t0 = performance.now();
    if (this.status.state !== 'ready') {
      void this.ensureOpen().catch(() => undefined);
      const st = this.status;
      const message = st.state === 'building'
        ? `Index building ${st.percent ?? 0}% — results appear when it is ready.`
        : st.message ?? 'The index is not ready.';
      return { hits: [], message, ms: performance.now() - t0 };
    }
    try {
      const packages = this.settings().indexPackages;
      if (packages.length === 0) return await this.client.search(req, signal, dense);
      // Restricted to some packages: ask for more, keep those packages (and the project's own), cut to k.
      const k = req.k ?? 20;
      const res = await this.client.search({ ...req, k: Math.min(1000, k * 5) }, signal, dense);
      const keep = new Set(packages.map((p) => p.toLowerCase()));
      res.hits = res.hits.filter((h) => h.decl.pkg === '' || keep.has(h.decl.pkg.toLowerCase())).slice(0, k);
      if (res.hits.length === 0 && !res.message) res.message = `No match in the packages of leanscout.indexPackages (${packages.join(', ')}).`;
      return res;
    } catch (e) {
      return { hits: [], message: `Search failed: ${e instanceof Error ? e.message : String(e)}`, ms: performance.now() - t0 };
    }
  }

  async rebuild(): Promise<void> {
    this.log.info('Index: rebuild requested');
    this.openAbort?.abort();
    await this.client.terminate(); // a fresh worker: the old index's memory goes with it
    this.opening = undefined;
    this.stats = undefined;
    this.setStatus({ state: 'idle' });
    await this.ensureOpen({ rebuild: true }).catch(() => undefined);
  }

  /** The worker stopped unexpectedly. */
  workerExited(reason: string): void {
    this.log.error(reason);
    this.opening = undefined;
    this.setStatus({ state: 'error', message: `${reason} Run "LeanScout: Rebuild Index" to try again.` });
  }

  private onSaved(doc: vscode.TextDocument): void {
    if (!this.settings().updateOnSave) return;
    if (doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.lean')) return;
    this.scheduleUpdate(doc.fileName, () => doc.getText(), 0);
  }

  private onDiskChange(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || this.status.state !== 'ready') return;
    const project = this.projectRoot();
    if (!project) return;
    if (uri.fsPath.endsWith('lake-manifest.json')) {
      if (relative(project, uri.fsPath) !== 'lake-manifest.json') return;
      // Other dependency versions: their declarations and modules change, so the index is built again.
      this.log.info('Index: lake-manifest.json changed — rebuilding for the new dependencies');
      void this.rebuild();
      return;
    }
    // An open document with unsaved edits is the truth for its file until it is saved.
    if (vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath && d.isDirty)) return;
    this.scheduleUpdate(uri.fsPath, undefined, 300);
  }

  /** An edit to a document's imports changes what it can use: re-index it from the editor's text. */
  private onEdited(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (e.contentChanges.length === 0 || doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.lean')) return;
    if (!e.contentChanges.some((c) => c.range.start.line < 200)) return; // imports sit at the top
    const header = importHeader(doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 400), 0)));
    const before = this.headers.get(doc.fileName);
    this.headers.set(doc.fileName, header);
    if (before !== undefined && before !== header) this.scheduleUpdate(doc.fileName, () => doc.getText(), 300);
  }

  /** Re-indexes one of the project's own files after `delayMs` (later calls for the same file restart the wait). */
  private scheduleUpdate(file: string, text: (() => string) | undefined, delayMs: number): void {
    const project = this.projectRoot();
    if (!project || this.status.state !== 'ready') return;
    const rel = relative(project, file);
    // Only the user's own files: not outside the project, not dependencies under .lake.
    if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.split(/[\\/]/)[0] === '.lake') return;
    clearTimeout(this.pendingUpdates.get(file));
    this.pendingUpdates.set(file, setTimeout(() => {
      this.pendingUpdates.delete(file);
      void this.updateNow(file, rel, text?.());
    }, delayMs));
  }

  private async updateNow(file: string, rel: string, text: string | undefined): Promise<void> {
    const t0 = performance.now();
    try {
      const r = (await this.client.updateFile(file, text)) as { ok?: boolean; decls?: number; message?: string } | undefined;
      if (r && r.ok === false) {
        this.log.warn(`Index: ${rel} not updated: ${r.message ?? 'unknown reason'}`);
        return;
      }
      const stats = await this.client.stats().catch(() => undefined);
      if (stats) {
        this.stats = stats;
        this.setStatus({ ...this.status, state: 'ready', declarations: stats.declarations, modules: stats.modules });
      }
      this.log.info(`Index: updated ${rel} (${r?.decls ?? '?'} declarations) in ${Math.round(performance.now() - t0)} ms`);
      this.filesUpdated.fire();
    } catch (e) {
      this.log.warn(`Index: update of ${rel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private setStatus(status: IndexStatus): void {
    this.status = status;
    this.render();
    this.changed.fire(this.current());
  }

  private render(): void {
    const s = this.status;
    const sb = this.statusBar;
    const emb = this.embeddingsNote;
    sb.backgroundColor = undefined;
    switch (s.state) {
      case 'idle':
        sb.text = '$(search) LeanScout';
        sb.tooltip = s.message ?? 'LeanScout: the index is built on first use. Click to open the panel.';
        break;
      case 'building':
        // A still icon: the percentage shows the progress. A spinning one animates the window for the whole build,
        // which took ~7 s of CPU in Chromium's GPU process and ~4 s of the cold index in code-server (bench:extension).
        sb.text = `$(sync) LeanScout: indexing ${s.percent ?? 0}%`;
        sb.tooltip = `Building the premise index: ${s.message ?? ''}`;
        break;
      case 'ready':
        sb.text = `$(search) LeanScout: ${(s.declarations ?? 0).toLocaleString('en-US')} decls${emb ? ` · ${emb}` : ''}${this.learningNote ? ` · ${this.learningNote}` : ''}`;
        sb.tooltip = `Index ready: ${(s.declarations ?? 0).toLocaleString('en-US')} declarations${s.modules ? ` in ${s.modules.toLocaleString('en-US')} modules` : ''}.${emb ? ` ${emb[0].toUpperCase()}${emb.slice(1)}.` : ''}`;
        break;
      case 'error':
        sb.text = '$(error) LeanScout: index error';
        sb.tooltip = s.message ?? 'The index failed.';
        sb.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    sb.show();
  }

  dispose(): void {
    for (const t of this.pendingUpdates.values()) clearTimeout(t);
    this.openAbort?.abort();
    void this.client.terminate();
    for (const d of this.disposables) d.dispose();
  }
}

// LeanScout's own Lean client (vscode-languageclient), used when the Lean 4 extension is absent or disabled:
// starts `leanscout.lean.serverCommand` (default `lake serve`) in the project root, one per project.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { LeanConnection, PublishDiagnosticsParams, LeanDiagnostic, Disposable as CoreDisposable } from '../../core/lean/connection';
import { abortError, type FileProgressRange } from './lean4Api';
import { splitCommandLine } from '../../shared/commandLine';
import { isScratchUri } from '../../core/tactics/check';

/** A server that stops this often within CRASH_WINDOW_MS is not restarted again until the user asks. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 180_000;

export class OwnLeanClient implements LeanConnection, vscode.Disposable {
  private readonly client: LanguageClient;
  private readonly diagnosticListeners = new Set<(p: PublishDiagnosticsParams) => void>();
  private startPromise: Promise<void> | undefined;
  private lastError: string | undefined;
  private restarts: number[] = [];
  private readonly command: string;

  constructor(
    readonly root: string,
    commandLine: string,
    private readonly log: vscode.LogOutputChannel,
    serverOutput: vscode.LogOutputChannel,
  ) {
    const [command, ...args] = splitCommandLine(commandLine);
    if (!command) throw new Error('leanscout.lean.serverCommand is empty.');
    this.command = command;
    const serverOptions: ServerOptions = { command, args, options: { cwd: root, shell: false } };
    const pattern = `${root.replace(/\\/g, '/')}/**/*.lean`;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', pattern }],
      initializationOptions: { hasWidgets: true },
      outputChannel: serverOutput,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // Failures are shown in the panel and the status bar, not as pop-ups; a crashed server is restarted
      // a few times (then LeanScout says it is not running).
      initializationFailedHandler: (e) => {
        this.log.error(`Lean server initialization failed: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      },
      errorHandler: {
        error: (e, _msg, count) => {
          this.log.warn(`Lean server connection error (${count ?? 0}): ${e.message}`);
          return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
        },
        closed: () => {
          const now = Date.now();
          this.restarts = this.restarts.filter((t) => now - t < CRASH_WINDOW_MS);
          this.restarts.push(now);
          const restart = this.restarts.length < MAX_CRASHES;
          const gaveUp = `${MAX_CRASHES} times in ${CRASH_WINDOW_MS / 60_000} minutes`;
          this.log.warn(`Lean server stopped${restart ? '; restarting it' : ` ${gaveUp}; not restarting`}`);
          if (!restart) this.lastError = `it stopped ${gaveUp}`;
          return { action: restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
        },
      },
      workspaceFolder: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)),
      middleware: {
        // Lean's diagnostics reach VS Code as usual; listeners (the tactic checker) get them as plain data.
        handleDiagnostics: (uri, diagnostics, next) => {
          if (this.diagnosticListeners.size > 0) {
            const params: PublishDiagnosticsParams = { uri: uri.toString(), diagnostics: diagnostics.map(toLeanDiagnostic) };
            for (const l of this.diagnosticListeners) {
              try { l(params); } catch (e) { this.log.warn(`diagnostics listener failed: ${String(e)}`); }
            }
          }
          if (!isScratchUri(uri.toString())) next(uri, diagnostics);
        },
      },
    };
    this.client = new LanguageClient('leanscout.lean', `LeanScout: Lean server (${root})`, serverOptions, clientOptions);
  }

  /** `$/lean/fileProgress`: what Lean is still elaborating in a file (empty = done). */
  onFileProgress(listener: (uri: string, processing: FileProgressRange[]) => void): vscode.Disposable {
    return this.client.onNotification('$/lean/fileProgress', (params: { textDocument?: { uri?: string }; processing?: FileProgressRange[] }) => {
      if (typeof params?.textDocument?.uri === 'string' && Array.isArray(params.processing)) listener(params.textDocument.uri, params.processing);
    });
  }

  /** Starts the server once; later calls wait for the same start. */
  start(): Promise<void> {
    if (!this.startPromise) {
      const t0 = performance.now();
      this.log.info(`Starting own Lean server in ${this.root}`);
      this.startPromise = this.client.start().then(
        () => this.log.info(`Own Lean server ready in ${Math.round(performance.now() - t0)} ms (${this.root})`),
        (e: unknown) => {
          const raw = e instanceof Error ? e.message : String(e);
          this.lastError = /ENOENT/.test(raw)
            ? `"${this.command}" was not found. Install Lean (elan), or set leanscout.lean.serverCommand.`
            : raw;
          this.log.error(`Own Lean server failed to start: ${raw}`);
          this.startPromise = undefined; // a later request may try again
          throw new Error(`The Lean server could not start: ${this.lastError}`);
        },
      );
    }
    return this.startPromise;
  }

  error(): string | undefined {
    return this.lastError;
  }

  /** Whether the server stopped for good (it crashed too often): only a restart by the user starts it again. */
  gaveUp(): boolean {
    return this.restarts.length >= MAX_CRASHES && this.client.state === State.Stopped;
  }

  /** "LeanScout: Restart Lean Server": stops the server if it runs, clears the crash count, starts it again. */
  async restart(): Promise<void> {
    this.log.info(`Restarting own Lean server in ${this.root}`);
    this.restarts = [];
    this.lastError = undefined;
    if (this.client.state !== State.Stopped) await this.client.stop().catch((e: unknown) => this.log.warn(`stopping the Lean server: ${String(e)}`));
    this.startPromise = undefined;
    await this.start();
  }

  async sendRequest<R = unknown>(method: string, params: unknown, signal?: AbortSignal): Promise<R> {
    if (signal?.aborted) throw abortError();
    await this.start();
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.client.sendRequest<R>(method, params, cts.token);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  sendNotification(method: string, params: unknown): void {
    void this.start()
      .then(() => this.client.sendNotification(method, params))
      .catch((e: unknown) => this.log.warn(`notification ${method} failed: ${String(e)}`));
  }

  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): CoreDisposable {
    this.diagnosticListeners.add(listener);
    return { dispose: () => this.diagnosticListeners.delete(listener) };
  }

  isRunning(): boolean {
    return this.client.state === State.Running;
  }

  onRestarted(listener: () => void): CoreDisposable {
    return this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) listener();
    });
  }

  onStateChange(listener: (running: boolean) => void): vscode.Disposable {
    return this.client.onDidChangeState((e) => listener(e.newState === State.Running));
  }

  dispose(): void {
    this.diagnosticListeners.clear();
    void this.client.dispose().catch(() => undefined);
  }
}

function toLeanDiagnostic(d: vscode.Diagnostic): LeanDiagnostic {
  const pos = (p: vscode.Position) => ({ line: p.line, character: p.character });
  return {
    range: { start: pos(d.range.start), end: pos(d.range.end) },
    // vscode.DiagnosticSeverity is 0-based (Error = 0); LSP's is 1-based (Error = 1).
    severity: d.severity + 1,
    message: d.message,
    code: typeof d.code === 'object' ? d.code.value : d.code,
  };
}

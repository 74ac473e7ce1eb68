// A LeanConnection over JSON-RPC on the stdio of a spawned Lean server: `lake serve` in the project root, or any
// command that speaks the same protocol (e.g. the Lean-protocol test server). Used by the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Disposable, LeanConnection, PublishDiagnosticsParams } from '../core/lean/connection';

export interface StdioLeanOptions {
  /** The command line, split on spaces unless quoted: `lake serve`, `node server.js --script s.json`. */
  command: string;
  cwd: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Longest wait for `initialize` (ms). */
  initTimeoutMs?: number;
  /** Where to send the server's stderr lines (default: dropped). */
  onStderr?: (line: string) => void;
}

/** Split a command line on whitespace, honouring "double" and 'single' quotes. */
export function splitCommandLine(cmd: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of cmd.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export class StdioLeanConnection implements LeanConnection {
  private running = true;
  private disposed = false;
  private readonly listeners = new Set<(p: PublishDiagnosticsParams) => void>();

  private constructor(private readonly child: ChildProcess, private readonly rpc: MessageConnection) {
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      for (const l of this.listeners) l(p);
    });
    // When the server dies, pending requests must fail now (vscode-jsonrpc only rejects them on dispose).
    child.on('exit', () => this.dispose());
    rpc.onClose(() => this.dispose());
  }

  static async start(opts: StdioLeanOptions): Promise<StdioLeanConnection> {
    const [cmd, ...args] = splitCommandLine(opts.command);
    if (!cmd) throw new Error('empty Lean server command');
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`cannot start "${opts.command}": ${e.message}`))));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the Lean server "${opts.command}" exited (code ${code}) before it was ready`))),
    );
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      for (const line of d.split('\n')) if (line.trim()) opts.onStderr?.(line);
    });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    rpc.listen();
    const conn = new StdioLeanConnection(child, rpc);
    const timeoutMs = opts.initTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the Lean server did not initialize within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        rpc.sendRequest('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
          initializationOptions: { hasWidgets: true },
        }),
        spawnError,
        exited,
        timeout,
      ]);
      rpc.sendNotification('initialized', {});
    } catch (err) {
      conn.dispose();
      throw err;
    } finally {
      clearTimeout(timer);
      spawnError.catch(() => undefined);
      exited.catch(() => undefined);
    }
    return conn;
  }

  async sendRequest<R = unknown>(method: string, params: unknown, signal?: AbortSignal): Promise<R> {
    if (!this.running) throw new Error('No connection to Lean');
    if (signal?.aborted) throw new Error('cancelled');
    const cts = new CancellationTokenSource();
    let onAbort = () => cts.cancel();
    // The jsonrpc client waits for the server's answer even after $/cancelRequest: stop waiting ourselves.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        cts.cancel();
        reject(new Error('cancelled'));
      };
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([this.rpc.sendRequest<R>(method, params, cts.token), aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  sendNotification(method: string, params: unknown): void {
    if (!this.running) return;
    this.rpc.sendNotification(method, params).catch(() => undefined); // a dead server is noticed via isRunning()
  }

  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Ask the server to shut down, then make sure the process is gone. */
  async close(): Promise<void> {
    if (this.running) {
      try {
        await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
        await this.rpc.sendNotification('exit').catch(() => undefined);
      } catch {
        // already gone
      }
    }
    this.dispose();
  }

  dispose(): void {
    if (!this.running && this.disposed) return;
    this.disposed = true;
    this.running = false;
    this.listeners.clear();
    this.rpc.dispose();
    if (this.child.exitCode === null && !this.child.killed) this.child.kill();
  }
}

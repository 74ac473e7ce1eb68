// The small slice of the Lean 4 extension's API (`leanprover.lean4`) LeanScout uses. Its types are not
// published, so they are declared here and every member is treated as possibly missing.
import * as vscode from 'vscode';
import type { LeanConnection, PublishDiagnosticsParams, Disposable as CoreDisposable } from '../../core/lean/connection';

export const LEAN4_EXTENSION_ID = 'leanprover.lean4';

/** The extension's own URI type: `findClient` wants this shape, not a `vscode.Uri`. */
export interface ExtUri {
  scheme: 'file';
  fsPath: string;
  isInFolder(folder: ExtUri): boolean;
  toString(): string;
}

export interface Lean4Client {
  /** Rejects with the string 'No connection to Lean' when not running (v0.0.239). */
  sendRequest(method: string, params: unknown, token?: vscode.CancellationToken): Promise<unknown>;
  /** Drops the message silently when not running. */
  sendNotification?(method: string, params: unknown): void | Promise<void>;
  /** `undefined` before the first start. */
  isRunning(): boolean | undefined;
  getClientFolder?(): { fsPath?: string; toString(): string } | undefined;
  diagnostics?: vscode.Event<PublishDiagnosticsParams>;
  /** Before every start and restart. */
  restarting?: vscode.Event<unknown>;
  /** After every start and restart (the same client object is kept). */
  restarted?: vscode.Event<unknown>;
  /** Unexpected stops only. */
  stopped?: vscode.Event<unknown>;
  restartedWorker?: vscode.Event<unknown>;
  serverFailed?: vscode.Event<unknown>;
}

export interface Lean4ClientProvider {
  findClient?(uri: ExtUri): Lean4Client | undefined;
  getClients?(): Lean4Client[];
  getActiveClient?(): Lean4Client | undefined;
  clientAdded?: vscode.Event<Lean4Client>;
  clientRemoved?: vscode.Event<Lean4Client>;
  clientStopped?: vscode.Event<unknown>;
  /** `[uriString, processing[]]`, from `$/lean/fileProgress`. */
  progressChanged?: vscode.Event<[string, FileProgressRange[]]>;
}

export interface FileProgressRange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  kind?: number;
}

export interface Lean4Exports {
  lean4EnabledFeatures?: Promise<{ clientProvider?: Lean4ClientProvider }>;
}

export function extUri(fsPath: string): ExtUri {
  const uri = vscode.Uri.file(fsPath);
  const self: ExtUri = {
    scheme: 'file',
    fsPath,
    isInFolder: (folder: ExtUri) => isInside(fsPath, folder.fsPath),
    toString: () => uri.toString(),
  };
  return self;
}

export function isInside(file: string, folder: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = norm(file);
  const d = norm(folder);
  return f === d || f.startsWith(d + '/');
}

/** The Lean 4 extension's client for a file: `findClient` with its URI shape, else the client whose folder holds the file. */
export function findLean4Client(provider: Lean4ClientProvider, fsPath: string): Lean4Client | undefined {
  try {
    const c = provider.findClient?.(extUri(fsPath));
    if (c) return c;
  } catch {
    // older / newer API shapes: fall through to the scan
  }
  let best: { client: Lean4Client; len: number } | undefined;
  for (const client of provider.getClients?.() ?? []) {
    const folder = client.getClientFolder?.();
    const path = folder?.fsPath;
    if (path && isInside(fsPath, path) && (!best || path.length > best.len)) best = { client, len: path.length };
  }
  return best?.client;
}

/**
 * Since v0.0.235 the Lean 4 extension's `diagnostics` event carries the accumulated diagnostics of the URI (with
 * `isIncremental` of the latest raw batch); older versions pass Lean's raw batches on.
 */
export function accumulatesDiagnostics(version: string): boolean {
  return compareVersions(version, '0.0.235') >= 0;
}

/** Numeric comparison of dotted versions ('0.0.239' > '0.0.99'); a suffix such as '-pre' is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0].split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `LeanConnection` over the Lean 4 extension's client. */
export class Lean4ClientConnection implements LeanConnection {
  /** The extension's diagnostics event runs through an asynchronous queue: it may follow Lean's answers. */
  readonly diagnosticsLag = true;

  constructor(private readonly client: Lean4Client, private readonly accumulated: boolean) {}

  async sendRequest<R = unknown>(method: string, params: unknown, signal?: AbortSignal): Promise<R> {
    if (signal?.aborted) throw abortError();
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return (await this.client.sendRequest(method, params, cts.token)) as R;
    } catch (e) {
      // The extension rejects with a bare string when its server is not running ('No connection to Lean').
      throw typeof e === 'string' ? new Error(e) : e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  sendNotification(method: string, params: unknown): void {
    void Promise.resolve(this.client.sendNotification?.(method, params)).catch(() => undefined);
  }

  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): CoreDisposable {
    // The accumulated form is the whole list: it replaces, whatever `isIncremental` the last batch had.
    const forward = this.accumulated ? (p: PublishDiagnosticsParams) => listener({ ...p, isIncremental: false }) : listener;
    return this.client.diagnostics?.(forward) ?? { dispose() {} };
  }

  onRestarted(listener: () => void): CoreDisposable {
    return this.client.restarted?.(() => listener()) ?? { dispose() {} };
  }

  isRunning(): boolean {
    try {
      return this.client.isRunning() === true;
    } catch {
      return false;
    }
  }
}

export function abortError(): Error {
  const e = new Error('Request cancelled');
  e.name = 'AbortError';
  return e;
}

// Finds a Lean connection for a document: the Lean 4 extension's client when that extension is installed
// and enabled by setting, else LeanScout's own client (`lake serve` in the project root). Says why when
// there is none (no project, untrusted workspace, server not running, still starting).
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { LeanConnection } from '../../core/lean/connection';
import type { GoalSource, PanelState } from '../../shared/protocol';
import type { Settings } from '../settings';
import { LEAN4_EXTENSION_ID, Lean4ClientConnection, accumulatesDiagnostics, findLean4Client, type FileProgressRange, type Lean4ClientProvider, type Lean4Exports, type Lean4Client } from './lean4Api';
import { OwnLeanClient } from './ownClient';
import { findProjectRoot } from './projectRoot';

export type ConnectionResult =
  | { ok: true; conn: LeanConnection; source: GoalSource; root: string | undefined; note?: string }
  | { ok: false; state: PanelState };

type Lean4State =
  | { kind: 'unknown' }
  | { kind: 'waiting'; since: number }
  | { kind: 'ready'; provider: Lean4ClientProvider; version: string }
  | { kind: 'unavailable'; reason: string };

/** What LeanScout saw of a Lean 4 extension client: `isRunning()` alone cannot tell "starting" from "stopped". */
type Lean4ClientState = 'starting' | 'running' | 'stopped';

export class LeanBridge implements vscode.Disposable {
  private lean4: Lean4State = { kind: 'unknown' };
  private lean4Wait: Promise<void> | undefined;
  private readonly ownClients = new Map<string, OwnLeanClient>();
  private readonly lean4Connections = new WeakMap<Lean4Client, Lean4ClientConnection>();
  private readonly lean4ClientStates = new WeakMap<Lean4Client, Lean4ClientState>();
  /** The Lean 4 extension was not ready within `leanExtensionTimeoutMs`: the own client serves until it is. */
  private lean4Late: string | undefined;
  private serverOutput: vscode.LogOutputChannel | undefined;
  /** Project root per folder: looked up once (a few stat calls), not on every cursor move. */
  private readonly roots = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly fireProgress = (uri: string, processing: FileProgressRange[]) => this.progress.fire({ uri, processing });
  /** Fires when a server started, stopped or restarted: the goal should be asked again. */
  readonly onDidChange = this.changed.event;
  private readonly progress = new vscode.EventEmitter<{ uri: string; processing: FileProgressRange[] }>();
  /** What Lean is still elaborating, per file (from either kind of client). */
  readonly onFileProgress = this.progress.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => Settings,
  ) {}

  async connectionFor(uri: vscode.Uri): Promise<ConnectionResult> {
    if (uri.scheme !== 'file') {
      return { ok: false, state: { kind: 'noEditor', message: 'Save this Lean file inside a Lean project to see its goals.' } };
    }
    const s = this.settings();
    if (s.useLeanExtension) {
      const viaLean4 = await this.viaLean4Extension(uri, s);
      if (viaLean4) return viaLean4;
      if (this.lean4Late) {
        const own = this.viaOwnClient(uri, s);
        return own.ok ? { ...own, note: this.lean4Late } : own;
      }
    }
    return this.viaOwnClient(uri, s);
  }

  /** True while the Lean 4 extension's server for this file is (re)starting: errors then are not "stopped". */
  isStarting(uri: vscode.Uri): boolean {
    if (this.lean4.kind !== 'ready' || uri.scheme !== 'file') return false;
    const client = findLean4Client(this.lean4.provider, uri.fsPath);
    return !!client && this.clientState(client) === 'starting';
  }

  /** A result when the Lean 4 extension serves (or will serve) this file; undefined to fall back. */
  private async viaLean4Extension(uri: vscode.Uri, s: Settings): Promise<ConnectionResult | undefined> {
    if (this.lean4.kind === 'unknown') this.lean4Wait = this.watchLean4();
    if (this.lean4.kind === 'waiting' && this.lean4Wait) {
      // Wait (once, up to the timeout) for the extension's Lean features; they resolve only after a Lean file was
      // shown and its setup checks passed, and never when a check fails (no toolchain, a setup dialog left open).
      const waited = performance.now() - this.lean4.since;
      const left = s.leanExtensionTimeoutMs - waited;
      if (left > 0) await Promise.race([this.lean4Wait, new Promise((r) => setTimeout(r, left))]);
    }
    const st = this.lean4 as Lean4State;
    if (st.kind === 'unavailable') return undefined;
    if (st.kind === 'waiting') {
      if (!this.lean4Late) {
        this.lean4Late = `The Lean 4 extension is not ready after ${Math.round(s.leanExtensionTimeoutMs / 1000)} s: LeanScout's own Lean server serves goals until it is.`;
        this.log.warn(this.lean4Late);
      }
      return undefined;
    }
    if (st.kind !== 'ready') {
      return { ok: false, state: { kind: 'leanStarting', message: 'Waiting for the Lean 4 extension to start Lean for this file…' } };
    }
    const client = findLean4Client(st.provider, uri.fsPath);
    if (!client) {
      return { ok: false, state: { kind: 'leanStarting', message: 'The Lean 4 extension has no Lean server for this file yet. Open the file in a Lean project.' } };
    }
    const conn = this.connectionOf(client, st.version);
    if (!conn.isRunning()) {
      if (this.clientState(client) === 'starting') return { ok: false, state: { kind: 'leanStarting', message: 'Lean is starting…' } };
      return { ok: false, state: { kind: 'leanNotRunning', message: 'The Lean server for this file is not running. Run "LeanScout: Restart Lean Server" (or "Lean 4: Restart Server"); LeanScout asks again when it is back.' } };
    }
    return { ok: true, conn, source: 'lean4-extension', root: this.rootOf(uri.fsPath) };
  }

  /** The connection over a Lean 4 extension client, made once per client; follows the client's starts and stops. */
  private connectionOf(client: Lean4Client, version: string): Lean4ClientConnection {
    let conn = this.lean4Connections.get(client);
    if (conn) return conn;
    conn = new Lean4ClientConnection(client, accumulatesDiagnostics(version));
    this.lean4Connections.set(client, conn);
    const on = (ev: vscode.Event<unknown> | undefined, state: Lean4ClientState | undefined) => {
      if (!ev) return;
      this.disposables.push(ev(() => {
        if (state) this.lean4ClientStates.set(client, state);
        this.changed.fire();
      }));
    };
    on(client.restarting, 'starting');
    on(client.restarted, 'running');
    on(client.stopped, 'stopped');
    on(client.serverFailed, 'stopped');
    on(client.restartedWorker, undefined);
    return conn;
  }

  private clientState(client: Lean4Client): Lean4ClientState {
    const seen = this.lean4ClientStates.get(client);
    if (seen) return seen;
    let running: boolean | undefined;
    try {
      running = client.isRunning();
    } catch {
      running = false;
    }
    // `isRunning()` is undefined before the first start (the client was added, its server not started yet).
    return running === true ? 'running' : running === undefined ? 'starting' : 'stopped';
  }

  private watchLean4(): Promise<void> {
    const ext = vscode.extensions.getExtension<Lean4Exports>(LEAN4_EXTENSION_ID);
    if (!ext) {
      this.lean4 = { kind: 'unavailable', reason: 'the Lean 4 extension is not installed' };
      this.log.info('Lean 4 extension not installed: LeanScout uses its own Lean client.');
      return Promise.resolve();
    }
    const version = String((ext.packageJSON as { version?: unknown } | undefined)?.version ?? 'unknown');
    this.lean4 = { kind: 'waiting', since: performance.now() };
    const t0 = performance.now();
    return Promise.resolve(ext.isActive ? ext.exports : ext.activate())
      .then(async (exports) => {
        if (!exports?.lean4EnabledFeatures) throw new Error('it offers no lean4EnabledFeatures (versions before 0.0.145 do not)');
        const features = await exports.lean4EnabledFeatures;
        const provider = features?.clientProvider;
        if (!provider) throw new Error('it offers no clientProvider');
        this.lean4 = { kind: 'ready', provider, version };
        this.log.info(`Lean 4 extension ${version} ready after ${Math.round(performance.now() - t0)} ms`);
        if (this.lean4Late) {
          // It became ready after LeanScout fell back: it takes over, and LeanScout's own servers stop.
          this.log.info('The Lean 4 extension takes over from LeanScout\'s own Lean client.');
          this.lean4Late = undefined;
          this.resetOwnClients();
        }
        if (provider.clientAdded) {
          this.disposables.push(provider.clientAdded((client) => {
            // Fired before the client starts: follow its start, so that "starting" is not taken for "stopped".
            if (client) {
              if (!this.lean4ClientStates.has(client)) this.lean4ClientStates.set(client, 'starting');
              this.connectionOf(client, version);
            }
            this.changed.fire();
          }));
        }
        for (const ev of [provider.clientRemoved, provider.clientStopped]) {
          if (ev) this.disposables.push(ev(() => this.changed.fire()));
        }
        for (const client of provider.getClients?.() ?? []) this.connectionOf(client, version);
        if (provider.progressChanged) {
          this.disposables.push(provider.progressChanged((p) => {
            if (Array.isArray(p) && typeof p[0] === 'string' && Array.isArray(p[1])) this.fireProgress(p[0], p[1]);
          }));
        }
        this.changed.fire();
      })
      .catch((e: unknown) => {
        const reason = `the Lean 4 extension ${version} failed: ${e instanceof Error ? e.message : String(e)}`;
        this.lean4 = { kind: 'unavailable', reason };
        this.log.warn(`${reason}; falling back to LeanScout's own Lean client.`);
        this.changed.fire();
      });
  }

  private viaOwnClient(uri: vscode.Uri, s: Settings): ConnectionResult {
    const root = this.rootOf(uri.fsPath);
    if (!root) {
      return { ok: false, state: { kind: 'noProject', message: 'This Lean file is not inside a Lean project (no lean-toolchain or lakefile above it). Open the project folder to see goals.' } };
    }
    if (!vscode.workspace.isTrusted) {
      return { ok: false, state: { kind: 'untrusted', message: `This workspace is not trusted, so LeanScout starts no "${s.serverCommand}". Trust the workspace to see goals; search still works.` } };
    }
    let client = this.ownClients.get(root);
    if (!client) {
      try {
        this.serverOutput ??= vscode.window.createOutputChannel('LeanScout: Lean server', { log: true });
        client = new OwnLeanClient(root, s.serverCommand, this.log, this.serverOutput);
      } catch (e) {
        return { ok: false, state: { kind: 'leanNotRunning', message: `Cannot start Lean: ${e instanceof Error ? e.message : String(e)}` } };
      }
      this.ownClients.set(root, client);
      this.disposables.push(client.onStateChange(() => this.changed.fire()), client.onFileProgress(this.fireProgress));
    }
    const err = client.error();
    if (err && !client.isRunning()) {
      // A failed start is tried again by the next request; a server that crashed too often waits for the user.
      if (client.gaveUp()) return { ok: false, state: { kind: 'leanNotRunning', message: `The Lean server ("${s.serverCommand}" in ${root}) is not running: ${err}. Run "LeanScout: Restart Lean Server" to start it again.` } };
      void client.start().catch(() => undefined);
      return { ok: false, state: { kind: 'leanNotRunning', message: `The Lean server ("${s.serverCommand}" in ${root}) is not running: ${err}` } };
    }
    return { ok: true, conn: client, source: 'leanscout-client', root };
  }

  private rootOf(file: string): string | undefined {
    const dir = dirname(file);
    const known = this.roots.get(dir);
    if (known) return known;
    const root = findProjectRoot(file); // not cached when missing: the user may still create the project
    if (root) {
      if (this.roots.size > 500) this.roots.clear();
      this.roots.set(dir, root);
    }
    return root;
  }

  /**
   * "LeanScout: Restart Lean Server": the Lean 4 extension's own restart when it serves goals, else LeanScout's
   * server for the file's project (or all of them). Says what it did.
   */
  async restartServer(uri: vscode.Uri | undefined): Promise<string> {
    if (this.settings().useLeanExtension && this.lean4.kind === 'ready') {
      await vscode.commands.executeCommand('lean4.restartServer');
      return 'Asked the Lean 4 extension to restart Lean.';
    }
    const root = uri?.scheme === 'file' ? this.rootOf(uri.fsPath) : undefined;
    const own = root ? this.ownClients.get(root) : undefined;
    const clients = own ? [own] : root ? [] : [...this.ownClients.values()];
    if (clients.length === 0) return 'No Lean server was started yet: open a Lean file of the project to start one.';
    await Promise.all(clients.map((c) => c.restart()));
    this.changed.fire();
    return `Restarted the Lean server${clients.length > 1 ? 's' : ''} (${clients.map((c) => c.root).join(', ')}).`;
  }

  /** The server command changed: stop LeanScout's own servers so that the next request starts the new one. */
  resetOwnClients(): void {
    for (const c of this.ownClients.values()) c.dispose();
    this.ownClients.clear();
  }

  /** For the panel/status: which path serves goals now. */
  describe(): string {
    switch (this.lean4.kind) {
      case 'ready': return `Lean 4 extension ${this.lean4.version}`;
      case 'waiting': return this.lean4Late ? 'own Lean client (the Lean 4 extension is not ready yet)' : 'waiting for the Lean 4 extension';
      case 'unavailable': return `own Lean client (${this.lean4.reason})`;
      default: return 'not connected yet';
    }
  }

  dispose(): void {
    for (const c of this.ownClients.values()) c.dispose();
    this.ownClients.clear();
    this.serverOutput?.dispose();
    this.progress.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

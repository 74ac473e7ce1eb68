// The MCP server's index: opened once (Engine.open: from the cache when it matches, else built) and kept warm.
// Before an answer, the project's own .lean files are checked for changes — their mtimes and sizes, at most once
// a second, files under the project root only (not .lake, nor hidden folders), compared with how they were when
// the index was opened or last checked — and each changed, new or deleted file is re-indexed (Engine.updateFile). Progress of the open goes to every caller waiting for it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../core/engine';
import type { Progress } from '../core/types';
import { DEFAULT_MAX_FILE_BYTES } from '../core/extract/project';

export interface ProjectStateOptions {
  project: string;
  cacheDir?: string;
  maxFileBytes?: number;
  /** Lean core's toolchain folder (`--toolchain DIR`, `none` = leave core out); default: elan's. */
  toolchainDir?: string;
  log: (line: string) => void;
  /** How often at most the files are checked for changes (ms). */
  rescanMs?: number;
}

/** Folders never walked (as the index's own discovery). */
const SKIPPED_DIRS = new Set(['.lake', '.git', 'lake-packages', 'node_modules']);
/** Test folders at the top of a package checkout, which the index leaves out (Mathlib's `MathlibTest`). */
const TEST_DIR = /^(tests?|Tests?|[A-Za-z]*Tests?)$/;

interface FileMark {
  mtimeMs: number;
  size: number;
}

export class ProjectState {
  readonly root: string;
  private engine?: Engine;
  private opening?: Promise<Engine>;
  private readonly listeners = new Set<(p: Progress) => void>();
  private lastProgress?: Progress;
  /** The files as last seen (rel → mark), first taken just before the index is opened. */
  private marks?: Map<string, FileMark>;
  private lastScanAt = 0;
  private scanning?: Promise<void>;
  private readonly rescanMs: number;
  private skipTopTests?: boolean;

  constructor(private readonly opts: ProjectStateOptions) {
    this.root = path.resolve(opts.project);
    this.rescanMs = opts.rescanMs ?? 1000;
  }

  /** Starts opening the index now (at server start, so the first call finds it warm). */
  start(): void {
    void this.open().catch(() => undefined);
  }

  /** The engine, once open; `onProgress` sees the open's progress meanwhile. Rejects with the reason it cannot open. */
  async ready(onProgress?: (p: Progress) => void): Promise<Engine> {
    if (this.engine) return this.engine;
    if (onProgress) {
      this.listeners.add(onProgress);
      if (this.lastProgress) onProgress(this.lastProgress);
    }
    try {
      return await this.open();
    } finally {
      if (onProgress) this.listeners.delete(onProgress);
    }
  }

  /** The engine with the project's changed files re-indexed (checked at most once per `rescanMs`). */
  async fresh(onProgress?: (p: Progress) => void): Promise<Engine> {
    const engine = await this.ready(onProgress);
    if (Date.now() - this.lastScanAt >= this.rescanMs) {
      this.scanning ??= Promise.resolve()
        .then(() => this.rescan(engine))
        .finally(() => (this.scanning = undefined));
    }
    if (this.scanning) await this.scanning;
    return engine;
  }

  /** True once the index is open. */
  isReady(): boolean {
    return this.engine !== undefined;
  }

  private open(): Promise<Engine> {
    if (this.engine) return Promise.resolve(this.engine);
    this.opening ??= (async () => {
      try {
        if (!fs.existsSync(this.root) || !fs.statSync(this.root).isDirectory()) throw new Error(`project folder not found: ${this.root}`);
        // The files as they are before the index reads them: a change from here on shows up in the next scan.
        this.marks = this.walk();
        this.lastScanAt = Date.now();
        const engine = await Engine.open({
          project: this.root,
          cacheDir: this.opts.cacheDir,
          maxFileBytes: this.opts.maxFileBytes,
          toolchainDir: this.opts.toolchainDir,
          onProgress: (p) => this.progress(p),
        });
        const s = engine.stats();
        for (const note of s.notes ?? []) this.opts.log(`note: ${note}`);
        this.opts.log(`index ready: ${s.decls} declarations in ${s.modules} modules, ${s.source === 'cache' ? `loaded from cache in ${s.loadMs} ms` : `built in ${s.totalMs} ms`}${s.cacheNote ? ` (${s.cacheNote})` : ''}`);
        this.engine = engine;
        return engine;
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        this.opts.log(`the index could not be opened: ${msg}`);
        // The next call tries again (the folder may appear, a full disk may be freed).
        this.opening = undefined;
        throw new Error(`the index could not be opened: ${msg}`);
      }
    })();
    return this.opening;
  }

  private progress(p: Progress): void {
    this.lastProgress = p;
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // A listener's fault (a closed client) must not stop the build.
      }
    }
  }

  /** Compares the project's own .lean files with the last scan and re-indexes what changed. */
  private rescan(engine: Engine): void {
    const t0 = performance.now();
    const now = this.walk();
    this.lastScanAt = Date.now();
    const before = this.marks ?? new Map<string, FileMark>();
    const changed: string[] = [];
    for (const [rel, m] of now) {
      const old = before.get(rel);
      if (!old || old.mtimeMs !== m.mtimeMs || old.size !== m.size) changed.push(rel);
    }
    for (const rel of before.keys()) if (!now.has(rel)) changed.push(rel);
    this.marks = now;
    for (const rel of changed) {
      const r = engine.updateFile(path.join(this.root, rel));
      this.opts.log(r.ok ? `re-indexed ${rel}: ${r.decls} declarations (${r.ms.toFixed(0)} ms)` : `could not re-index ${rel}: ${r.message ?? 'unknown error'}`);
    }
    const ms = performance.now() - t0;
    if (ms > 200) this.opts.log(`checking ${now.size} files for changes took ${ms.toFixed(0)} ms`);
  }

  /** The project's own .lean files (not those of .lake/packages) with their mtimes and sizes. */
  private walk(): Map<string, FileMark> {
    const out = new Map<string, FileMark>();
    // The index leaves a package checkout's top-level test folders out (a project with dependencies keeps them).
    this.skipTopTests ??= safeReaddir(path.join(this.root, '.lake', 'packages')).length === 0;
    const maxBytes = this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const stack: { dir: string; rel: string; depth: number }[] = [{ dir: this.root, rel: '', depth: 0 }];
    while (stack.length) {
      const { dir, rel, depth } = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const ent of entries) {
        const name = ent.name;
        const entRel = rel ? `${rel}/${name}` : name;
        if (ent.isDirectory()) {
          if (SKIPPED_DIRS.has(name) || name.startsWith('.')) continue;
          if (depth === 0 && this.skipTopTests && TEST_DIR.test(name)) continue;
          if (depth < 64) stack.push({ dir: path.join(dir, name), rel: entRel, depth: depth + 1 });
        } else if ((ent.isFile() || ent.isSymbolicLink()) && name.endsWith('.lean')) {
          if (depth === 0 && /^lakefile\.lean$/i.test(name)) continue;
          try {
            const st = fs.statSync(path.join(dir, name));
            if (st.isFile() && st.size <= maxBytes) out.set(entRel, { mtimeMs: st.mtimeMs, size: st.size });
          } catch {
            // Gone between readdir and stat: a deletion, seen as such.
          }
        }
      }
    }
    return out;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

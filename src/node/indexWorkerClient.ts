// Typed request/response client for the index worker (dist/indexWorker.js, a worker_threads Worker that
// runs the Engine), with progress and cancellation. Editor-free: used by the extension and by tests.
import { Worker } from 'node:worker_threads';
import type { Progress, SearchRequest, SearchResponse, SkippedFile } from '../core/types';
import type { EngineStats } from '../core/engine';

/**
 * The index worker's heap: each search leaves short-lived arrays behind; V8's default young generation (up to 48 MB
 * on 64-bit) then stays committed after a burst of searches. A smaller one is scavenged as fast and keeps the steady
 * footprint down. `npm run bench:retrieval` runs the engine in a worker with these limits, as the extension does.
 */
export const INDEX_WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 16 };

export interface IndexOpenOptions {
  /** Absolute path of the Lean project root. */
  project: string;
  /** Default: the Engine's per-user cache (shared with the CLI). */
  cacheDir?: string;
  /** Ignore a stored index and build it again. */
  rebuild?: boolean;
  /** Skip source files larger than this many MB (setting `leanscout.index.maxFileSizeMB`; 0 = no cap; default 64). */
  maxFileMB?: number;
}

/** What the worker reports about an open index (the Engine's stats, passed through, plus timings). */
export interface IndexStats {
  declarations: number;
  modules?: number;
  /** Files left out of the index, each with its reason (too large, unreadable, binary, …), for the panel to show. */
  skipped?: SkippedFile[];
  /** The Engine's own stats. */
  engine?: EngineStats;
  openMs?: number;
}

/**
 * The embedding model of the optional dense stage, as plain settings: the worker builds the provider itself
 * (createHttpProvider). `apiKey` comes from the editor's secret storage; it is never logged.
 */
export interface EmbeddingSettings {
  provider: 'ollama' | 'openai';
  /** Ollama host or OpenAI-compatible base URL. */
  host: string;
  model: string;
  apiKey?: string;
  keepAlive?: string;
}

/** A search answer, with what the dense stage did when it was asked for. */
export interface WorkerSearchResponse extends SearchResponse {
  /** Set when the dense scores were fused in: the embedding model and the dense stage's milliseconds. */
  dense?: { model: string; ms: number };
}

/** What the worker knows about the embeddings of the open index for one model. */
export interface EmbeddingsInfo {
  state: 'ready' | 'missing' | 'stale' | 'error';
  model: string;
  count?: number;
  dim?: number;
  message?: string;
}

/** The answer of a build (`op: 'embed'`). */
export interface EmbedSummary {
  ok: boolean;
  cancelled: boolean;
  upToDate: boolean;
  declarations: number;
  embedded: number;
  resumed: number;
  reused: number;
  ms: number;
  bytes: number;
  message?: string;
}

export type WorkerRequest =
  | { id: number; op: 'open'; options: IndexOpenOptions }
  | { id: number; op: 'search'; req: SearchRequest; dense?: EmbeddingSettings }
  | { id: number; op: 'embed'; settings: EmbeddingSettings; rebuild?: boolean }
  | { id: number; op: 'embeddingsInfo'; settings: EmbeddingSettings }
  | { id: number; op: 'updateFile'; absPath: string; text?: string }
  | { id: number; op: 'stats' }
  | { id: number; op: 'cancel'; target: number };

export type WorkerReply =
  | { id: number; kind: 'progress'; progress: Progress }
  /** Learning premises from proofs in the background, after `open` has answered (src/core/learn). */
  | { id: number; kind: 'learn'; progress: Progress }
  | { id: number; kind: 'result'; result: unknown; ms: number }
  | { id: number; kind: 'error'; message: string; cancelled?: boolean };

export class IndexWorkerError extends Error {
  constructor(message: string, readonly cancelled = false) {
    super(message);
    this.name = cancelled ? 'AbortError' : 'IndexWorkerError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: Progress) => void;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

export class IndexWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopping = false;

  /** `workerScript`: path of the worker bundle (or, with `eval`, its source — tests use that). */
  constructor(
    private readonly workerScript: string,
    private readonly options: { eval?: boolean; onExit?: (reason: string) => void } = {},
  ) {}

  open(options: IndexOpenOptions, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<IndexStats> {
    return this.call<IndexStats>({ op: 'open', options }, opts);
  }

  /** With `dense`, the worker fuses the stored embeddings of that model into the ranking (or says why not). */
  search(req: SearchRequest, signal?: AbortSignal, dense?: EmbeddingSettings): Promise<WorkerSearchResponse> {
    return this.call<WorkerSearchResponse>({ op: 'search', req, dense }, { signal });
  }

  /** Computes (or resumes, or finds up to date) the embeddings of the open index's declarations. */
  embed(settings: EmbeddingSettings, opts: { rebuild?: boolean; onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<EmbedSummary> {
    return this.call<EmbedSummary>({ op: 'embed', settings, rebuild: opts.rebuild }, opts);
  }

  embeddingsInfo(settings: EmbeddingSettings): Promise<EmbeddingsInfo> {
    return this.call<EmbeddingsInfo>({ op: 'embeddingsInfo', settings });
  }

  updateFile(absPath: string, text?: string): Promise<unknown> {
    return this.call({ op: 'updateFile', absPath, text });
  }

  stats(): Promise<IndexStats> {
    return this.call<IndexStats>({ op: 'stats' });
  }

  isStarted(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker; pending calls reject. A later call starts a fresh worker (with nothing open). */
  async terminate(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.stopping = true;
    this.worker = undefined;
    this.rejectAll(new IndexWorkerError('The index worker was stopped.', true));
    try {
      await w.terminate();
    } finally {
      this.stopping = false;
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerScript, { eval: this.options.eval === true, resourceLimits: INDEX_WORKER_RESOURCE_LIMITS });
    w.unref(); // kept alive only while a call is pending (see call / settle)
    w.on('message', (msg: WorkerReply) => this.onMessage(msg));
    w.on('error', (e) => this.onGone(w, `The index worker failed: ${e.message}`));
    w.on('exit', (code) => this.onGone(w, `The index worker exited (code ${code}).`));
    this.worker = w;
    return w;
  }

  private onGone(w: Worker, reason: string): void {
    if (this.worker !== w) return; // already replaced or terminated on purpose
    this.worker = undefined;
    this.rejectAll(new IndexWorkerError(reason));
    if (!this.stopping) this.options.onExit?.(reason);
  }

  private rejectAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  private learnListener?: (p: Progress) => void;

  /** Progress of the learned stage, which runs in the background once the index is open. */
  onLearnProgress(listener: (p: Progress) => void): void {
    this.learnListener = listener;
  }

  private onMessage(msg: WorkerReply): void {
    if (msg?.kind === 'learn') {
      try { this.learnListener?.(msg.progress); } catch { /* a listener's error is not the worker's */ }
      return;
    }
    const p = this.pending.get(msg?.id);
    if (!p) return; // cancelled or unknown: ignore
    if (msg.kind === 'progress') {
      try { p.onProgress?.(msg.progress); } catch { /* a listener's error is not the worker's */ }
      return;
    }
    this.pending.delete(msg.id);
    this.refWhilePending();
    if (msg.kind === 'result') p.resolve(msg.result);
    else p.reject(new IndexWorkerError(msg.message, msg.cancelled === true));
  }

  private call<T>(req: Distribute<WorkerRequest>, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<T> {
    if (opts.signal?.aborted) return Promise.reject(new IndexWorkerError('Cancelled.', true));
    const id = this.nextId++;
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      return Promise.reject(new IndexWorkerError(`Cannot start the index worker: ${e instanceof Error ? e.message : String(e)}`));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.refWhilePending();
        worker.postMessage({ id: this.nextId++, op: 'cancel', target: id } satisfies WorkerRequest);
        reject(new IndexWorkerError('Cancelled.', true));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => opts.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => { cleanup(); resolve(v as T); },
        reject: (e) => { cleanup(); reject(e); },
        onProgress: opts.onProgress,
      });
      this.refWhilePending();
      worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  /** An idle worker never keeps the process alive (the CLI exits when done); a busy one does. */
  private refWhilePending(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

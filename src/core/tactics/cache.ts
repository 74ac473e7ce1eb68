// A cache of suggestion results keyed by everything the answer depends on (goal, premises, model, settings,
// document version when checked), with in-flight reuse: asking again while the first request runs shares it.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export class InFlightCache<V extends {}> {
  private readonly done: LRUCache<string, V>;
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly shared = new Map<string, { controller: AbortController; waiters: number; promise: Promise<V> }>();

  constructor(max = 200, ttlMs = 10 * 60_000) {
    this.done = new LRUCache<string, V>({ max, ttl: ttlMs });
  }

  get(key: string): V | undefined {
    return this.done.get(key);
  }

  /** The cached value, the running computation for the key, or a new one (cached only when `keep` says so). */
  getOrCompute(key: string, compute: () => Promise<V>, keep: (v: V) => boolean = () => true): Promise<V> {
    const hit = this.done.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const running = this.inFlight.get(key);
    if (running) return running;
    const p: Promise<V> = compute().then(
      (v) => {
        if (this.inFlight.get(key) === p) this.inFlight.delete(key);
        if (keep(v)) this.done.set(key, v);
        return v;
      },
      (err) => {
        if (this.inFlight.get(key) === p) this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, p);
    return p;
  }

  /**
   * Like getOrCompute, for callers that may give up: each caller passes its own signal; the shared computation
   * gets a signal that aborts only when every caller waiting on it has aborted (so a cancelled keystroke aborts
   * the HTTP request, but a second editor asking the same thing keeps it alive). A caller that aborts gets
   * `undefined` at once.
   */
  join(key: string, compute: (signal: AbortSignal) => Promise<V>, callerSignal: AbortSignal | undefined, keep: (v: V) => boolean = () => true): Promise<V | undefined> {
    const hit = this.done.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    if (callerSignal?.aborted) return Promise.resolve(undefined);
    let shared = this.shared.get(key);
    if (!shared) {
      const controller = new AbortController();
      const entry = { controller, waiters: 0, promise: undefined as unknown as Promise<V> };
      entry.promise = this.getOrCompute(key, () => compute(controller.signal), (v) => !controller.signal.aborted && keep(v)).finally(() => {
        if (this.shared.get(key) === entry) this.shared.delete(key);
      });
      this.shared.set(key, entry);
      shared = entry;
    }
    const entry = shared;
    entry.waiters++;
    return new Promise<V | undefined>((resolve, reject) => {
      const onAbort = () => {
        entry.waiters--;
        if (entry.waiters <= 0) {
          entry.controller.abort();
          if (this.shared.get(key) === entry) this.shared.delete(key);
          if (this.inFlight.get(key) === entry.promise || this.inFlight.has(key)) this.inFlight.delete(key);
        }
        resolve(undefined);
      };
      callerSignal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (v) => {
          callerSignal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err) => {
          callerSignal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  isInFlight(key: string): boolean {
    return this.inFlight.has(key);
  }

  clear(): void {
    this.done.clear();
  }
}

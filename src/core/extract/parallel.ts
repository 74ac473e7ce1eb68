// Scan source files in worker threads (the worker is src/node/extractWorker.ts, built to
// dist/extractWorker.js). Work is handed out in small batches, biggest files first, so a worker slowed
// down by a busy machine simply takes fewer batches. Results come back per file; the caller assembles
// them in file order, so the output is the same as a sequential run. Never throws for worker
// trouble: files a failed worker did not finish are left for the caller to scan in-process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Declaration } from '../types';
import type { SourceFile } from './project';
import type { NamingRules } from './translate';
import type { ScanOutcome } from './extractProject';
import { computeNameOrders, tokenizeDeclTexts, type DeclTexts, type DeclTokens, type NameOrders } from '../search/searchIndex';

/** Sent once to each worker (workerData). */
export interface ExtractWorkerInit {
  rules: NamingRules;
  countUsages: boolean;
  maxBytes?: number;
}
/** main → worker: scan these files (`i` is the caller's index), or finish. */
export type ExtractWorkerRequest = { op: 'scan'; files: (SourceFile & { i: number })[] } | { op: 'finish' };
/** worker → main. Declarations come without module/file/pkg (the file's own values are put back here). */
export type ExtractWorkerReply =
  | { op: 'scanned'; results: { i: number; outcome: ScanOutcome }[] }
  | { op: 'finished'; usage?: Map<string, number> }
  | { op: 'failed'; message: string };

export interface ScanInWorkersOptions {
  script: string;
  count: number;
  rules: NamingRules;
  countUsages: boolean;
  maxBytes?: number;
  signal?: AbortSignal;
  onResult(i: number, outcome: ScanOutcome): void;
  onProgress?(done: number): void;
}

const BATCH_BYTES = 512 * 1024;
const BATCH_FILES = 48;
/** Batches queued per worker, so it never waits for the main thread between two. */
const IN_FLIGHT = 2;
/** Scanning makes much short-lived garbage: a larger young generation than V8's default collects it with fewer
 *  scavenges and promotes less of it (Mathlib cold index, paired runs: extraction 9.9 → 9.0 s, CPU −2 s, peak RSS
 *  about the same; 128 MB raised the peak above 600 MB). */
const EXTRACT_YOUNG_GEN_MB = 64;

/**
 * Blank the per-file strings every declaration repeats (structured clone would copy them 265k times).
 * Blanking, not deleting, keeps each object's property order, so results equal a sequential run's.
 */
export function stripFileFields(decls: Declaration[], src: SourceFile): void {
  for (const d of decls) {
    if (d.module === src.module) d.module = '';
    if (d.file === src.rel) d.file = '';
    if (d.pkg === src.pkg) d.pkg = '';
  }
}
function restoreFileFields(decls: Declaration[], src: SourceFile): void {
  for (const d of decls) {
    if (d.module === '') d.module = src.module;
    if (d.file === '') d.file = src.rel;
    if (d.pkg === '') d.pkg = src.pkg;
  }
}

/**
 * Scan `indexes` of `files` in `count` workers. Resolves when all are done or the workers gave up;
 * `error` says why some files were left (the caller scans those itself).
 */
export async function scanInWorkers(
  files: SourceFile[],
  indexes: number[],
  opts: ScanInWorkersOptions,
): Promise<{ usage?: Map<string, number>; error?: string }> {
  // Biggest first: the long files start early and the small ones fill the gaps at the end.
  const order = indexes.slice().sort((a, b) => sizeOf(files[b]) - sizeOf(files[a]));
  const batches: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const i of order) {
    cur.push(i);
    bytes += Math.max(0, sizeOf(files[i]));
    if (cur.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
  }
  if (cur.length) batches.push(cur);
  const init: ExtractWorkerInit = { rules: opts.rules, countUsages: opts.countUsages, maxBytes: opts.maxBytes };
  let next = 0;
  let done = 0;
  let error: string | undefined;
  const usage = opts.countUsages ? new Map<string, number>() : undefined;

  const runOne = (): Promise<void> =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(opts.script, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: EXTRACT_YOUNG_GEN_MB } });
      } catch (e) {
        error ??= `could not start a worker: ${e instanceof Error ? e.message : String(e)}`;
        resolve();
        return;
      }
      let inFlight = 0;
      let settled = false;
      const pending = new Set<number>();
      const finish = (why?: string) => {
        if (settled) return;
        settled = true;
        if (why) error ??= why;
        opts.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        resolve();
      };
      const onAbort = () => finish('cancelled');
      opts.signal?.addEventListener('abort', onAbort);
      const feed = () => {
        while (inFlight < IN_FLIGHT && next < batches.length && !opts.signal?.aborted) {
          const batch = batches[next++];
          for (const i of batch) pending.add(i);
          worker.postMessage({ op: 'scan', files: batch.map((i) => ({ ...files[i], i })) } satisfies ExtractWorkerRequest);
          inFlight++;
        }
        if (inFlight === 0) worker.postMessage({ op: 'finish' } satisfies ExtractWorkerRequest);
      };
      worker.on('message', (msg: ExtractWorkerReply) => {
        if (msg.op === 'scanned') {
          for (const { i, outcome } of msg.results) {
            if (outcome.result) restoreFileFields(outcome.result.decls, files[i]);
            pending.delete(i);
            opts.onResult(i, outcome);
            done++;
          }
          inFlight--;
          opts.onProgress?.(done);
          feed();
        } else if (msg.op === 'finished') {
          if (msg.usage && usage) for (const [k, v] of msg.usage) usage.set(k, (usage.get(k) ?? 0) + v);
          finish();
        } else if (msg.op === 'failed') {
          finish(msg.message);
        }
      });
      // Files a dead worker held are simply not reported: the caller scans them in-process.
      worker.on('error', (e) => finish(`worker failed: ${e.message}`));
      worker.on('exit', (code) => finish(code === 0 ? undefined : `worker exited with code ${code}`));
      feed();
    });

  await Promise.all(Array.from({ length: opts.count }, runOne));
  return { usage, error };
}

/** workerData of a worker that tokenizes declarations for the search index build (same script). */
export interface TokenizeWorkerInit {
  mode: 'tokenize';
}
export type TokenizeWorkerRequest = { op: 'tokenize'; id: number; texts: EncodedTexts | DeclTexts } | { op: 'sortNames'; id: number; names: string[] };

/**
 * A run's texts as UTF-8 in one buffer: what a run costs while it waits for a worker (kept here in case the worker fails,
 * and copied into the message) is about half of what its joined strings cost (two-byte strings: one non-Latin-1
 * character makes the whole join so).
 */
export interface EncodedTexts {
  count: number;
  lengths: Uint32Array;
  /** The names, signatures, docs and bodies, one after another. */
  bytes: Uint8Array;
  /** Bytes of each of the four. */
  fieldBytes: [number, number, number, number];
}

/** The texts as UTF-8, or as they are where UTF-8 cannot say them (a lone surrogate, e.g. in a clipped body). */
export function encodeTexts(t: DeclTexts): EncodedTexts | DeclTexts {
  if (![t.names, t.sigs, t.docs, t.bodies].every(isWellFormed)) return t;
  const encoder = new TextEncoder();
  const parts = [t.names, t.sigs, t.docs, t.bodies].map((text) => encoder.encode(text));
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    bytes.set(b, at);
    at += b.length;
  }
  return { count: t.count, lengths: t.lengths, bytes, fieldBytes: [parts[0].length, parts[1].length, parts[2].length, parts[3].length] };
}

function isWellFormed(text: string): boolean {
  const check = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof check === 'function' && check.call(text);
}

export function decodeTexts(e: EncodedTexts | DeclTexts): DeclTexts {
  if (!('bytes' in e)) return e;
  const decoder = new TextDecoder();
  const fields: string[] = [];
  let at = 0;
  for (const n of e.fieldBytes) {
    fields.push(decoder.decode(e.bytes.subarray(at, at + n)));
    at += n;
  }
  return { count: e.count, names: fields[0], sigs: fields[1], docs: fields[2], bodies: fields[3], lengths: e.lengths };
}
export type TokenizeWorkerReply =
  | { op: 'tokens'; id: number; tokens: DeclTokens }
  | { op: 'sorted'; id: number; orders: NameOrders }
  | { op: 'failed'; id: number; message: string };

type PoolJob =
  | { kind: 'tokenize'; make: () => DeclTexts; texts?: EncodedTexts | DeclTexts; resolve: (t: DeclTokens) => void; reject: (e: unknown) => void }
  | { kind: 'sortNames'; names: string[]; resolve: (o: NameOrders) => void; reject: (e: unknown) => void };

/** Runs queued per tokenizing worker, so it never waits for the (busy) main thread between two. */
const TOKENIZE_IN_FLIGHT = 2;
/** …and while the main thread stores the declarations, a long step in which it reads no reply (`runsAhead`): with two,
 *  the worker of a 2-core machine sat idle most of it (the main thread then waited 3.6–4.4 s for it, 1.9–2.1 s with
 *  ten). Mathlib's cold build, paired runs (three each): build 9.5 / 9.3 / 10.8 → 8.6 / 9.0 / 9.5 s, peak RSS the same
 *  (555 / 534 / 554 → 547 / 566 / 552 MB); six runs ahead all along instead: the peak up to 588 MB. The same while it
 *  sorts the names (~1 s): build 10.8 / 9.0 / 11.5 / 11.1 → 9.2 / 8.5 / 8.8 / 10.0 s, peak RSS 546 / 552 / 545 / 551 →
 *  561 / 556 / 558 / 558 MB (paid for by sending texts as UTF-8: 555 → 542 MB, medians). */
export const TOKENIZE_RUNS_AHEAD = 10;
const TOKENIZE_YOUNG_GEN_MB = 12;

/**
 * Worker threads that tokenize runs of declarations for `SearchIndex.buildAsync`. Never fails: a run
 * whose worker failed (or could not start) is tokenized in this thread, by the same function.
 */
export class TokenizePool {
  private readonly workers: { worker: Worker; inFlight: Set<number> }[] = [];
  private readonly queue: number[] = [];
  private readonly jobs = new Map<number, PoolJob>();
  private nextId = 0;
  private closed = false;
  private sealed = false;
  private inFlightPerWorker = TOKENIZE_IN_FLIGHT;

  constructor(script: string, count: number) {
    for (let k = 0; k < count; k++) {
      let worker: Worker;
      try {
        // A small young generation: the tokenizer's garbage is short-lived, and with the default one
        // each worker's heap grew to ~50 MB instead of ~20 MB (measured on Mathlib).
        worker = new Worker(script, { workerData: { mode: 'tokenize' } satisfies TokenizeWorkerInit, resourceLimits: { maxYoungGenerationSizeMb: TOKENIZE_YOUNG_GEN_MB } });
      } catch {
        break;
      }
      const slot = { worker, inFlight: new Set<number>() };
      this.workers.push(slot);
      worker.on('message', (msg: TokenizeWorkerReply) => {
        slot.inFlight.delete(msg.id);
        if (msg.op === 'tokens') this.settle(msg.id, msg.tokens);
        else if (msg.op === 'sorted') this.settle(msg.id, msg.orders);
        else this.runHere(msg.id);
        this.feed();
      });
      const fail = () => {
        const i = this.workers.indexOf(slot);
        if (i < 0) return;
        this.workers.splice(i, 1);
        // Its runs go back to the front of the queue (order is kept by the caller, not here).
        this.queue.unshift(...slot.inFlight.keys());
        slot.inFlight.clear();
        void worker.terminate();
        this.feed();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
    }
  }

  /** Tokenize the texts `make` gives (called once, when a worker is about to take them). */
  tokenize(make: () => DeclTexts): Promise<DeclTokens> {
    return new Promise<DeclTokens>((resolve, reject) => {
      const id = this.nextId++;
      this.jobs.set(id, { kind: 'tokenize', make, resolve, reject });
      this.queue.push(id);
      this.feed();
    });
  }

  /** The stored name orders of these names (queued behind the jobs asked for so far). */
  sortNames(names: string[]): Promise<NameOrders> {
    return new Promise<NameOrders>((resolve, reject) => {
      const id = this.nextId++;
      this.jobs.set(id, { kind: 'sortNames', names, resolve, reject });
      this.queue.push(id);
      this.feed();
    });
  }

  /** How many runs each worker holds: more while the caller will not read replies for a while, back to the default after. */
  runsAhead(runs = TOKENIZE_IN_FLIGHT): void {
    this.inFlightPerWorker = Math.max(1, runs);
    this.feed();
  }

  /** No more jobs will come: each worker stops as soon as it has nothing left to do (frees its memory early). */
  seal(): void {
    this.sealed = true;
    this.feed();
  }

  /** Stop the workers (resolves once they are gone and their memory is returned); queued runs are done here. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = this.workers.splice(0).map(({ worker }) => worker.terminate().catch(() => undefined));
    for (const id of this.queue.splice(0)) this.runHere(id);
    await Promise.all(stopping);
  }

  private feed(): void {
    if (!this.workers.length || this.closed) {
      // No worker left: do the rest here.
      for (const id of this.queue.splice(0)) this.runHere(id);
      return;
    }
    for (const slot of this.workers.slice()) {
      if (this.sealed && !this.queue.length && !slot.inFlight.size) {
        this.workers.splice(this.workers.indexOf(slot), 1);
        void slot.worker.terminate().catch(() => undefined);
        continue;
      }
      while (slot.inFlight.size < this.inFlightPerWorker && this.queue.length) {
        const id = this.queue.shift()!;
        const job = this.jobs.get(id);
        if (!job) continue;
        if (job.kind === 'sortNames') {
          slot.inFlight.add(id);
          slot.worker.postMessage({ op: 'sortNames', id, names: job.names } satisfies TokenizeWorkerRequest);
          continue;
        }
        let texts: EncodedTexts | DeclTexts;
        try {
          // Kept until the worker answers, in case it fails and the run must be done here.
          texts = job.texts ??= encodeTexts(job.make());
        } catch (e) {
          this.jobs.delete(id);
          job.reject(e);
          continue;
        }
        slot.inFlight.add(id);
        slot.worker.postMessage({ op: 'tokenize', id, texts } satisfies TokenizeWorkerRequest);
      }
    }
  }

  private settle(id: number, result: DeclTokens | NameOrders): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (job.kind === 'tokenize') job.resolve(result as DeclTokens);
    else job.resolve(result as NameOrders);
  }

  private runHere(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    try {
      this.settle(id, job.kind === 'tokenize' ? tokenizeDeclTexts(job.texts ? decodeTexts(job.texts) : job.make()) : computeNameOrders(job.names));
    } catch (e) {
      this.jobs.delete(id);
      job.reject(e);
    }
  }
}

function sizeOf(f: SourceFile): number {
  return f.size;
}

/**
 * Where the built worker is: next to the running bundle (dist/cli.js, dist/indexWorker.js), else in
 * a `dist/` folder above it (test and bench bundles under out/). Undefined when not built.
 */
export function findExtractWorkerScript(from: string = __dirname): string | undefined {
  let dir = from;
  for (let up = 0; up < 5; up++) {
    for (const candidate of [path.join(dir, 'extractWorker.js'), path.join(dir, 'dist', 'extractWorker.js')]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Worker threads to use: LEANSCOUT_EXTRACT_WORKERS when set (0 or 1 = none), else 2 on machines with ≥ 2 cores. */
export function defaultExtractWorkers(cpus: number): number {
  const env = process.env.LEANSCOUT_EXTRACT_WORKERS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.min(8, Math.floor(Number(env))));
  return cpus >= 2 ? 2 : 0;
}

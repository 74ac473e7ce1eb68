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
        worker = new Worker(opts.script, { workerData: init });
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

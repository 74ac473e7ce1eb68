// The index worker: runs the Engine (src/core/engine.ts) in a worker_threads Worker so that building and
// searching the index never runs on the extension host thread. Speaks WorkerRequest/WorkerReply
// (src/node/indexWorkerClient.ts).
import { parentPort } from 'node:worker_threads';
import { Engine } from '../core/engine';
import { createHttpProvider, type ModelProvider } from '../core/models';
import { indexFilePath } from '../core/store/indexStore';
import { maxFileBytesOf } from '../core/extract/project';
import { buildDenseIndex, corpusFromStoredIndex, denseExtraScores, loadDenseCached, readIndexKey, rememberDenseIndex } from '../core/dense';
import type { EmbeddingSettings, EmbeddingsInfo, EmbedSummary, IndexStats, WorkerReply, WorkerRequest, WorkerSearchResponse } from './indexWorkerClient';

const port = parentPort;
if (!port) throw new Error('indexWorker must run in a worker thread');

let engine: Engine | undefined;
let openMs: number | undefined;
/** Key of the open lexical index as stored on disk (the embeddings must have been computed for it). */
let indexKey: string | undefined;
const controllers = new Map<number, AbortController>();

function reply(msg: WorkerReply): void {
  port!.postMessage(msg);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------- the optional dense stage
// Providers are built here from plain settings, so embedding never runs on the extension host thread.
const providers = new Map<string, ModelProvider>();

/** `use`: 'query' = one short request per search (fails fast), 'build' = long batches with retries. */
function embeddingProvider(s: EmbeddingSettings, use: 'query' | 'build'): ModelProvider {
  const key = JSON.stringify([use, s.provider, s.host, s.model, s.apiKey ?? '', s.keepAlive ?? '']);
  let p = providers.get(key);
  if (!p) {
    const policy = use === 'query' ? { timeoutMs: 5000, retries: 0, backoffMs: 100 } : { timeoutMs: 120_000, retries: 3, backoffMs: 1000 };
    p = createHttpProvider({ provider: s.provider, host: s.host, model: s.model, apiKey: s.apiKey, keepAlive: s.keepAlive ?? '10m', policy });
    if (!p) throw new Error('no embedding provider configured');
    providers.set(key, p);
  }
  return p;
}

// After the embedding server failed, searches stay lexical for a while instead of waiting on it every time.
const PAUSE_AFTER_FAILURE_MS = 15_000;
let denseFailure: { settingsKey: string; until: number; reason: string } | undefined;

async function denseSearch(e: Engine, req: WorkerRequest & { op: 'search' }, signal: AbortSignal): Promise<WorkerSearchResponse> {
  const t0 = performance.now();
  const s = req.dense!;
  const settingsKey = JSON.stringify([s.provider, s.host, s.model]);
  let note: string | undefined;
  let extraScores: Record<string, number> | undefined;
  let denseMs = 0;
  if (denseFailure && denseFailure.settingsKey === settingsKey && Date.now() < denseFailure.until) {
    note = `dense search paused for ${Math.ceil((denseFailure.until - Date.now()) / 1000)} s after: ${denseFailure.reason}`;
  } else {
    const provider = embeddingProvider(s, 'query');
    const d = await denseExtraScores({ cacheDir: e.cacheDir, provider, query: req.req.query, indexKey, signal });
    extraScores = d.extraScores;
    denseMs = d.ms;
    note = d.message;
    // A server problem pauses the dense stage; missing or stale embeddings do not (a build may fix them any moment).
    const serverProblem = !extraScores && d.message !== undefined && !signal.aborted && loadDenseCached(e.cacheDir, provider, indexKey).ok;
    denseFailure = serverProblem ? { settingsKey, until: Date.now() + PAUSE_AFTER_FAILURE_MS, reason: d.message!.replace(/^dense search skipped: /, '') } : undefined;
  }
  const res: WorkerSearchResponse = e.search(req.req, { extraScores });
  if (extraScores) res.dense = { model: s.model, ms: Math.round(denseMs * 10) / 10 };
  if (note) res.message = res.message ? `${res.message} (${note})` : note;
  res.ms = performance.now() - t0;
  return res;
}

async function embedAll(e: Engine, req: WorkerRequest & { op: 'embed' }, signal: AbortSignal): Promise<EmbedSummary> {
  const corpus = corpusFromStoredIndex(e.cacheDir);
  const failed = (message: string): EmbedSummary => ({ ok: false, cancelled: false, upToDate: false, declarations: 0, embedded: 0, resumed: 0, reused: 0, ms: 0, bytes: 0, message });
  if (!corpus.ok) return failed(corpus.message);
  const r = await buildDenseIndex({
    cacheDir: e.cacheDir,
    corpus: corpus.corpus,
    provider: embeddingProvider(req.settings, 'build'),
    rebuild: req.rebuild === true,
    signal,
    onProgress: (progress) => reply({ id: req.id, kind: 'progress', progress }),
  });
  if (r.ok && r.index) {
    rememberDenseIndex(r.index, corpus.corpus.indexKey);
    denseFailure = undefined;
  }
  return {
    ok: r.ok,
    cancelled: r.cancelled,
    upToDate: r.upToDate,
    declarations: corpus.corpus.count,
    embedded: r.embedded,
    resumed: r.resumed,
    reused: r.reused,
    ms: Math.round(r.ms),
    bytes: r.bytes,
    message: r.message,
  };
}

function embeddingsInfo(e: Engine, s: EmbeddingSettings): EmbeddingsInfo {
  const got = loadDenseCached(e.cacheDir, { kind: s.provider, model: s.model }, indexKey);
  if (got.ok) return { state: 'ready', model: s.model, count: got.index.count, dim: got.index.dim };
  const state = got.error === 'missing' ? 'missing' : got.error === 'stale' ? 'stale' : 'error';
  return { state, model: s.model, message: got.message };
}

function statsOf(e: Engine): IndexStats {
  const s = e.stats();
  return { declarations: s.decls, modules: s.modules, skipped: s.skipped, engine: s, openMs };
}

async function handle(req: WorkerRequest): Promise<void> {
  if (req.op === 'cancel') {
    controllers.get(req.target)?.abort();
    return;
  }
  const t0 = performance.now();
  const abort = new AbortController();
  controllers.set(req.id, abort);
  try {
    let result: unknown;
    switch (req.op) {
      case 'open': {
        const opened = await Engine.open({
          project: req.options.project,
          cacheDir: req.options.cacheDir,
          rebuild: req.options.rebuild === true,
          maxFileBytes: req.options.maxFileMB === undefined ? undefined : maxFileBytesOf(req.options.maxFileMB),
          signal: abort.signal,
          // The learned stage reports after `open` has answered: its progress goes out on its own.
          onProgress: (progress) => reply(progress.phase === 'learn' ? { id: req.id, kind: 'learn', progress } : { id: req.id, kind: 'progress', progress }),
        });
        engine = opened;
        indexKey = readIndexKey(indexFilePath(opened.cacheDir));
        openMs = Math.round(performance.now() - t0);
        result = statsOf(opened);
        // Once learned premises are in, a few searches in the background, so the user's first ones run warm.
        void opened
          .learned()
          .then(() => (engine === opened ? opened.warmUp() : 0))
          .catch(() => undefined);
        break;
      }
      case 'search':
        if (!engine) throw new Error('The index is not open yet.');
        result = req.dense ? await denseSearch(engine, req, abort.signal) : engine.search(req.req);
        break;
      case 'embed':
        if (!engine) throw new Error('The index is not open yet.');
        result = await embedAll(engine, req, abort.signal);
        break;
      case 'embeddingsInfo':
        if (!engine) throw new Error('The index is not open yet.');
        result = embeddingsInfo(engine, req.settings);
        break;
      case 'updateFile':
        if (!engine) throw new Error('The index is not open yet.');
        result = await engine.updateFile(req.absPath, req.text);
        break;
      case 'stats':
        if (!engine) throw new Error('The index is not open yet.');
        result = statsOf(engine);
        break;
    }
    reply({ id: req.id, kind: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    reply({ id: req.id, kind: 'error', message: errorText(e), cancelled: abort.signal.aborted });
  } finally {
    controllers.delete(req.id);
  }
}

port.on('message', (req: WorkerRequest) => {
  void handle(req);
});

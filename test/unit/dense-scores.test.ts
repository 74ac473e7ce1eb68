// The shared dense stage for one query (src/core/dense/queryScores.ts), used by both the CLI and the extension's
// index worker, against the Ollama-API TEST SERVER (real loopback HTTP through the `ollama` client); and the real
// index worker bundle (dist/indexWorker.js) building embeddings and fusing them into its search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tempDir } from './tempProject';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { OllamaProvider } from '../../src/core/models/ollama';
import { buildDenseIndex, corpusFromStoredIndex, denseExtraScores, denseFilePath, forgetDenseIndexes, loadDenseCached, rememberDenseIndex } from '../../src/core/dense';
import { denseExtraScoresForCli } from '../../src/cli/denseCommands';
import { IndexWorkerClient } from '../../src/node/indexWorkerClient';
import { startOllamaApiTestServer, type ModelTestServer } from '../servers/ollama-api-test-server';

const FIXTURE = path.resolve('test/fixtures/dense');
const WORKER = path.resolve('dist/indexWorker.js');
const fast = { timeoutMs: 2000, retries: 0, backoffMs: 10 };
let server: ModelTestServer;
before(async () => {
  server = await startOllamaApiTestServer({ embedDim: 128 });
});
after(async () => {
  await server.close();
});

const tempCache = () => path.join(tempDir('leanscout-dense-scores-'), 'cache');
const embedCalls = () => server.requests.filter((r) => r.path.startsWith('/api/embed')).length;

async function builtFixture() {
  const engine = await Engine.open({ project: FIXTURE, cacheDir: tempCache() });
  const corpus = corpusFromStoredIndex(engine.cacheDir);
  if (!corpus.ok) throw new Error(corpus.message);
  const provider = new OllamaProvider({ host: server.url, model: 'embed-test', policy: fast });
  const built = await buildDenseIndex({ cacheDir: engine.cacheDir, corpus: corpus.corpus, provider, batchSize: 8 });
  assert.equal(built.ok, true, built.message);
  return { engine, provider, corpus: corpus.corpus, built };
}

test('denseExtraScores: fuses the nearest declarations; the CLI wrapper gives the same scores', async () => {
  server.set({ mode: 'answer' });
  const { engine, provider } = await builtFixture();
  const query = 'commutativity of join';
  const d = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query, topN: 5 });
  assert.ok(d.extraScores, d.message);
  const names = Object.keys(d.extraScores);
  assert.ok(names.length > 0 && names.length <= 5, names.join(', '));
  assert.equal(Math.max(...Object.values(d.extraScores)), 0.5, 'the nearest gets the default weight');
  assert.equal(engine.search({ query, k: 5 }, { extraScores: d.extraScores }).hits[0]?.decl.name, 'DenseDemo.join_comm');
  const viaCli = await denseExtraScoresForCli({ engine, provider, query, topN: 5 });
  assert.deepEqual(viaCli.extraScores, d.extraScores);
});

test('denseExtraScores loads the vectors once per lexical index key, and reloads for another key', async () => {
  server.set({ mode: 'answer' });
  const { engine, provider } = await builtFixture();
  forgetDenseIndexes();
  const first = loadDenseCached(engine.cacheDir, provider);
  assert.ok(first.ok);
  // Loaded once: the file can go and queries still work (the worker keeps the vectors in memory).
  fs.rmSync(denseFilePath(engine.cacheDir, 'ollama', 'embed-test'));
  const again = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query: 'continuous' });
  assert.ok(again.extraScores, again.message);
  // For another lexical index (its key changed) the file is read again: here it is gone, so a clear message.
  const other = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query: 'continuous', indexKey: 'another-index' });
  assert.equal(other.extraScores, undefined);
  assert.match(other.message ?? '', /^dense search skipped: no embeddings for embed-test yet/);
  // A finished build is remembered without reading the file.
  rememberDenseIndex(first.index, 'another-index');
  const remembered = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query: 'continuous', indexKey: 'another-index' });
  assert.ok(remembered.extraScores, remembered.message);
});

test('denseExtraScores never throws: empty query sends nothing, a dead server gives a message', async () => {
  server.set({ mode: 'answer' });
  const { engine, provider } = await builtFixture();
  const before = embedCalls();
  const empty = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query: '   ' });
  assert.equal(empty.extraScores, undefined);
  assert.equal(empty.message, undefined);
  assert.equal(embedCalls(), before, 'no request for an empty query');
  server.set({ mode: 'garbage' });
  const garbage = await denseExtraScores({ cacheDir: engine.cacheDir, provider, query: 'continuous' });
  server.set({ mode: 'answer' });
  assert.equal(garbage.extraScores, undefined);
  assert.match(garbage.message ?? '', /^dense search skipped: /);
  const gone = new OllamaProvider({ host: 'http://127.0.0.1:9', model: 'embed-test', policy: fast });
  const down = await denseExtraScores({ cacheDir: engine.cacheDir, provider: gone, query: 'continuous' });
  assert.equal(down.extraScores, undefined);
  assert.match(down.message ?? '', /^dense search skipped: /);
});

test('the index worker builds embeddings (progress; up to date on a second run), fuses them into search, and falls back when the server is down', { skip: !fs.existsSync(WORKER) && 'dist/indexWorker.js not built (npm run build)' }, async () => {
  server.set({ mode: 'answer' });
  const client = new IndexWorkerClient(WORKER);
  try {
    await client.open({ project: FIXTURE, cacheDir: tempCache() });
    const settings = { provider: 'ollama' as const, host: server.url, model: 'embed-worker-test' };
    assert.equal((await client.embeddingsInfo(settings)).state, 'missing');
    const progress: number[] = [];
    const summary = await client.embed(settings, { onProgress: (p) => progress.push(p.done) });
    assert.equal(summary.ok, true, summary.message);
    assert.equal(summary.embedded, summary.declarations);
    assert.ok(progress.length >= 2 && progress.at(-1) === summary.declarations, progress.join(','));
    assert.equal((await client.embeddingsInfo(settings)).state, 'ready');
    const again = await client.embed(settings);
    assert.equal(again.upToDate, true);

    const query = 'commutativity of join';
    const lexical = await client.search({ query, k: 5 });
    const fused = await client.search({ query, k: 5 }, undefined, settings);
    assert.ok(fused.dense, fused.message);
    assert.equal(fused.dense.model, 'embed-worker-test');
    assert.notEqual(lexical.hits[0]?.decl.name, 'DenseDemo.join_comm');
    assert.equal(fused.hits[0]?.decl.name, 'DenseDemo.join_comm');

    const port = new URL(server.url).port;
    const dead = { ...settings, host: `http://127.0.0.1:${Number(port) === 9 ? 10 : 9}` };
    // Another host: the stored vectors are the same model's (provider + model name), the server is not there.
    const down = await client.search({ query, k: 5 }, undefined, dead);
    assert.equal(down.dense, undefined);
    assert.match(down.message ?? '', /dense search skipped: /);
    assert.deepEqual(down.hits.map((h) => h.decl.name), lexical.hits.map((h) => h.decl.name), 'lexical results');
    const paused = await client.search({ query, k: 5 }, undefined, dead);
    assert.match(paused.message ?? '', /dense search paused for \d+ s/);
  } finally {
    await client.terminate();
  }
});

test('cancelling a build in the worker aborts its HTTP request; the next build completes', { skip: !fs.existsSync(WORKER) && 'dist/indexWorker.js not built (npm run build)' }, async () => {
  server.set({ mode: 'stall' });
  const client = new IndexWorkerClient(WORKER);
  try {
    await client.open({ project: FIXTURE, cacheDir: tempCache() });
    const settings = { provider: 'ollama' as const, host: server.url, model: 'embed-cancel-test' };
    const abort = new AbortController();
    const aborted = server.nextAbort();
    const building = client.embed(settings, { signal: abort.signal });
    await waitUntil(() => server.requests.some((r) => r.path === '/api/embed' && (r.body as { model?: string }).model === 'embed-cancel-test'));
    abort.abort();
    await assert.rejects(building, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    // The server stalls and the request timeout is minutes: only the abort closes the socket (hang guard 10 s).
    const rec = await Promise.race([aborted, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the stalled request was never aborted')), 10_000).unref())]);
    assert.equal(rec.path, '/api/embed');
    assert.ok(rec.abortedAt !== undefined, 'the server saw the socket close');
    server.set({ mode: 'answer' });
    const done = await client.embed(settings);
    assert.equal(done.ok, true, done.message);
  } finally {
    server.set({ mode: 'answer' });
    await client.terminate();
  }
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// The dense stage end to end against the Ollama-API and OpenAI-API TEST SERVERS (real loopback HTTP; the
// Ollama path goes through the real `ollama` npm client): embedding, storage beside the index, resumption after
// cancellation / a failing server / a torn journal, corrupted files rebuilt, fusion, reranking with fallbacks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tempDir } from './tempProject';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { Engine } from '../../src/core/engine';
import { ModelError } from '../../src/core/models/types';
import { OllamaProvider } from '../../src/core/models/ollama';
import { OpenAIProvider } from '../../src/core/models/openai';
import {
  buildDenseIndex,
  corpusFromStoredIndex,
  DenseIndex,
  denseFilePath,
  embeddingText,
  fuseScores,
  journalFilePath,
  parseRerankAnswer,
  rerank,
  type DenseCorpus,
} from '../../src/core/dense';
import { createRowScanner } from '../../src/core/dense/scan';
import { denseExtraScoresForCli } from '../../src/cli/denseCommands';
import { startOllamaApiTestServer, testEmbedding, type ModelTestServer } from '../servers/ollama-api-test-server';
import { startOpenAIApiTestServer } from '../servers/openai-api-test-server';

const FIXTURE = path.resolve('test/fixtures/dense');
const fast = { timeoutMs: 2000, retries: 0, backoffMs: 10 };

let ollama: ModelTestServer;
let openai: ModelTestServer;
before(async () => {
  ollama = await startOllamaApiTestServer({ embedDim: 128 });
  openai = await startOpenAIApiTestServer({ embedDim: 128 });
});
after(async () => {
  await ollama.close();
  await openai.close();
});

function tempCache(): string {
  return path.join(tempDir('leanscout-dense-'), 'cache');
}

async function fixtureEngine(cache = tempCache()): Promise<{ engine: Engine; corpus: DenseCorpus; cache: string }> {
  const engine = await Engine.open({ project: FIXTURE, cacheDir: cache });
  const c = corpusFromStoredIndex(engine.cacheDir);
  if (!c.ok) throw new Error(c.message);
  return { engine, corpus: c.corpus, cache: engine.cacheDir };
}

const embedRequests = (s: ModelTestServer) => s.requests.filter((r) => r.path.startsWith('/api/embed') || r.path.endsWith('/embeddings'));

test('Ollama embed goes through the ollama client to /api/embed with a batched input', async () => {
  ollama.set({ mode: 'answer' });
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: fast });
  const before = ollama.requests.length;
  const v = await p.embed(['sum of continuous functions', 'join of an element with itself']);
  const req = ollama.requests[before];
  assert.equal(req.path, '/api/embed');
  assert.deepEqual((req.body as { input: string[] }).input, ['sum of continuous functions', 'join of an element with itself']);
  assert.equal((req.body as { model: string }).model, 'embed-test');
  assert.match(String(req.headers['user-agent']), /ollama-js/, 'the request comes from the real ollama client');
  assert.equal(v.length, 2);
  assert.equal(v[0].length, 128);
  assert.deepEqual(v[0], testEmbedding('sum of continuous functions', 128));
});

test('Ollama embed faults: garbage, missing model, 500 then success, stall, cancel', async () => {
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: fast });
  ollama.set({ mode: 'garbage' });
  await assert.rejects(p.embed(['x']), (e: unknown) => e instanceof ModelError && e.kind === 'bad-response');
  ollama.set({ mode: 'missing-model' });
  await assert.rejects(p.embed(['x']), (e: unknown) => e instanceof ModelError && e.kind === 'model-missing' && /ollama pull embed-test/.test(e.message));
  ollama.set({ mode: 'fail500', failTimes: 1 });
  const retrying = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: { ...fast, retries: 1 } });
  assert.equal((await retrying.embed(['x']))[0].length, 128);
  ollama.set({ mode: 'stall' });
  const slow = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: { ...fast, timeoutMs: 200 } });
  await assert.rejects(slow.embed(['x']), (e: unknown) => e instanceof ModelError && e.kind === 'timeout');
  const ac = new AbortController();
  const pending = p.embed(['x'], ac.signal);
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(pending, (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
  ollama.set({ mode: 'answer' });
});

test('OpenAI-compatible embed: POST /embeddings, answers put back in input order, faults classified', async () => {
  openai.set({ mode: 'answer' });
  const p = new OpenAIProvider({ baseUrl: `${openai.url}/v1`, model: 'text-embed-test', apiKey: 'sk-test', policy: fast });
  const before = openai.requests.length;
  const v = await p.embed(['alpha beta', 'gamma', 'delta epsilon']);
  const req = openai.requests[before];
  assert.equal(req.path, '/v1/embeddings');
  assert.equal(req.headers.authorization, 'Bearer sk-test');
  // The test server lists data in reverse: the client must order by `index`.
  assert.deepEqual(v[0], testEmbedding('alpha beta', 128));
  assert.deepEqual(v[2], testEmbedding('delta epsilon', 128));
  openai.set({ mode: 'garbage' });
  await assert.rejects(p.embed(['x']), (e: unknown) => e instanceof ModelError && e.kind === 'bad-response');
  openai.set({ mode: 'missing-model' });
  await assert.rejects(p.embed(['x']), (e: unknown) => e instanceof ModelError && e.kind === 'model-missing');
  openai.set({ mode: 'answer' });
});

test('embeddingText: kind, name, signature, docstring; whitespace collapsed; bounded', () => {
  assert.equal(embeddingText('theorem', 'A.b', '(x : α)\n   : x = x', ' Self equality. '), 'theorem A.b : (x : α) : x = x — Self equality.');
  assert.equal(embeddingText('def', 'f', ''), 'def f');
  assert.ok(embeddingText('def', 'f', 'x'.repeat(5000)).length <= 1200);
});

test('build stores the vectors beside the index; a second run is up to date and sends nothing', async () => {
  ollama.set({ mode: 'answer' });
  const { corpus, cache } = await fixtureEngine();
  assert.ok(corpus.count >= 10, `fixture declarations: ${corpus.count}`);
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: fast });
  const phases: number[] = [];
  const r1 = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 4, onProgress: (x) => phases.push(x.done) });
  assert.equal(r1.ok, true, r1.message);
  assert.equal(r1.embedded, corpus.count);
  assert.equal(r1.index?.dim, 128);
  assert.ok(fs.existsSync(denseFilePath(cache, 'ollama', 'embed-test')));
  assert.ok(fs.existsSync(path.join(cache, 'index.bin')), 'same folder as the lexical index');
  assert.ok(!fs.existsSync(journalFilePath(cache, 'ollama', 'embed-test')), 'journal removed when finished');
  assert.deepEqual(phases.slice(-1), [corpus.count]);
  const before = embedRequests(ollama).length;
  const r2 = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 4 });
  assert.equal(r2.upToDate, true);
  assert.equal(embedRequests(ollama).length, before);
  // The stored Int8 vectors rank like the exact float cosines.
  const name = 'DenseDemo.IsContinuous.add';
  const row = corpus.count > 0 ? Array.from({ length: corpus.count }, (_, i) => corpus.name(i)).indexOf(name) : -1;
  const hits = r2.index!.searchVector(testEmbedding(corpus.text(row), 128), 3);
  assert.equal(hits[0].name, name);
  assert.ok(Math.abs(hits[0].cosine - 1) < 0.01, `self-cosine ${hits[0].cosine}`);
});

test('resume: a cancelled run keeps its batches and the next run embeds only the rest, with identical vectors', async () => {
  ollama.set({ mode: 'answer' });
  const { corpus, cache } = await fixtureEngine();
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-resume', policy: fast });
  const ac = new AbortController();
  const r1 = await buildDenseIndex({
    cacheDir: cache,
    corpus,
    provider: p,
    batchSize: 3,
    signal: ac.signal,
    onProgress: (x) => {
      if (x.done >= 6) ac.abort();
    },
  });
  assert.equal(r1.ok, false);
  assert.equal(r1.cancelled, true);
  assert.match(r1.message ?? '', /run again to resume/);
  assert.equal(r1.embedded, 6);
  assert.ok(fs.existsSync(journalFilePath(cache, 'ollama', 'embed-resume')));
  assert.ok(!fs.existsSync(denseFilePath(cache, 'ollama', 'embed-resume')));

  const before = embedRequests(ollama);
  const r2 = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 3 });
  assert.equal(r2.ok, true, r2.message);
  assert.equal(r2.resumed, 6);
  assert.equal(r2.embedded, corpus.count - 6);
  const sent = embedRequests(ollama).slice(before.length).flatMap((r) => (r.body as { input: string[] }).input);
  assert.equal(sent.length, corpus.count - 6, 'only the missing declarations were sent');
  assert.ok(!sent.includes(corpus.text(0)));

  // Same vectors as one uninterrupted run.
  const fresh = await fixtureEngine();
  const full = await buildDenseIndex({ cacheDir: fresh.cache, corpus: fresh.corpus, provider: p, batchSize: 3 });
  const q = testEmbedding('continuous functions sum', 128);
  assert.deepEqual(r2.index!.searchVector(q, 5), full.index!.searchVector(q, 5));
});

test('resume after a failing server, and a torn journal tail is cut off', async () => {
  ollama.set({ mode: 'answer' });
  const { corpus, cache } = await fixtureEngine();
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-fail', policy: fast });
  const r1 = await buildDenseIndex({
    cacheDir: cache,
    corpus,
    provider: p,
    batchSize: 4,
    onProgress: (x) => {
      if (x.done >= 4) ollama.set({ mode: 'fail500' });
    },
  });
  assert.equal(r1.ok, false);
  assert.equal(r1.cancelled, false);
  assert.match(r1.message ?? '', /stopped after 4 of .*HTTP 500.*resume/);
  // A crash in the middle of an append: garbage after the last record.
  fs.appendFileSync(journalFilePath(cache, 'ollama', 'embed-fail'), Buffer.from([1, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 128, 0]));
  ollama.set({ mode: 'answer' });
  const r2 = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 4 });
  assert.equal(r2.ok, true, r2.message);
  assert.equal(r2.resumed, 4);
  assert.equal(r2.embedded, corpus.count - 4);
});

test('a journal from other settings is discarded; a corrupted dense file is detected and rebuilt', async () => {
  ollama.set({ mode: 'answer' });
  const { corpus, cache } = await fixtureEngine();
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-corrupt', policy: fast });
  const ac = new AbortController();
  await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 2, signal: ac.signal, onProgress: (x) => x.done >= 2 && ac.abort() });
  const other = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 5 });
  assert.equal(other.ok, true);
  assert.equal(other.resumed, 0, 'a different batch size starts over');
  assert.match(other.message ?? '', /discarded/);

  const file = denseFilePath(cache, 'ollama', 'embed-corrupt');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 10] ^= 0x55;
  fs.writeFileSync(file, bytes);
  const loaded = DenseIndex.load(cache, 'ollama', 'embed-corrupt');
  assert.equal(loaded.ok, false);
  assert.match(!loaded.ok ? loaded.message : '', /corrupt.*checksum/);
  const rebuilt = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 5 });
  assert.equal(rebuilt.ok, true);
  assert.equal(rebuilt.embedded, corpus.count);
  assert.match(rebuilt.message ?? '', /corrupt.*rebuilding/);
  assert.equal(DenseIndex.load(cache, 'ollama', 'embed-corrupt').ok, true);

  fs.writeFileSync(file, 'this is not a LeanScout dense file at all');
  const bad = DenseIndex.load(cache, 'ollama', 'embed-corrupt');
  assert.ok(!bad.ok && /bad magic/.test(bad.message));
  // Stale: vectors of another lexical index.
  await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 5 });
  const stale = DenseIndex.load(cache, 'ollama', 'embed-corrupt', 'some-other-index-key');
  assert.ok(!stale.ok && stale.error === 'stale');
});

test('after the declarations change, unchanged texts reuse their vectors and only new ones are embedded', async () => {
  ollama.set({ mode: 'answer' });
  const base = tempDir('leanscout-dense-reuse-');
  const root = path.join(base, 'proj');
  fs.cpSync(FIXTURE, root, { recursive: true });
  const cache = path.join(base, 'cache');
  const p = new OllamaProvider({ host: ollama.url, model: 'embed-reuse', policy: fast });
  const open = async () => {
    const engine = await Engine.open({ project: root, cacheDir: cache, rebuild: true });
    const c = corpusFromStoredIndex(engine.cacheDir);
    if (!c.ok) throw new Error(c.message);
    return c.corpus;
  };
  const first = await open();
  const r1 = await buildDenseIndex({ cacheDir: cache, corpus: first, provider: p, batchSize: 4 });
  assert.equal(r1.ok, true, r1.message);
  // One docstring changes and one theorem is added.
  const file = path.join(root, 'DenseDemo', 'Analysis.lean');
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace('The identity function is continuous.', 'The identity map is continuous.').replace('end DenseDemo', '/-- A new lemma. -/\ntheorem fresh_lemma : True := trivial\n\nend DenseDemo'),
  );
  const second = await open();
  assert.equal(second.count, first.count + 1);
  const before = embedRequests(ollama).length;
  const r2 = await buildDenseIndex({ cacheDir: cache, corpus: second, provider: p, batchSize: 4 });
  assert.equal(r2.ok, true, r2.message);
  const sent = embedRequests(ollama).slice(before).flatMap((r) => (r.body as { input: string[] }).input);
  assert.equal(sent.length, 2, `sent: ${sent.join(' | ')}`);
  assert.ok(sent.some((t) => t.includes('identity map')) && sent.some((t) => t.includes('fresh_lemma')));
  assert.equal(r2.reused, first.count - 1);
  assert.match(r2.message ?? '', /reused/);
  // Reused rows score exactly as freshly embedded ones.
  const fresh = await buildDenseIndex({ cacheDir: path.join(base, 'cache2'), corpus: second, provider: p, batchSize: 4 });
  const q = testEmbedding('continuous sum of functions', 128);
  assert.deepEqual(r2.index!.searchVector(q, 6), fresh.index!.searchVector(q, 6));
});

test('fusion: scaled cosine over the top N', () => {
  const s = fuseScores([{ name: 'a', cosine: 0.9 }, { name: 'b', cosine: 0.7 }, { name: 'c', cosine: 0.5 }], 0.5);
  assert.equal(s.a, 0.5);
  assert.ok(Math.abs(s.b - 0.25) < 1e-9);
  assert.equal(s.c, undefined, 'the N-th gets nothing');
  assert.equal(Object.keys(fuseScores([], 0.5)).length, 0);
  assert.deepEqual({ ...fuseScores([{ name: 'x', cosine: 0.3 }], 0.4) }, { x: 0.4 });
});

test('fusion changes the ranking sensibly on the fixture corpus (through the OpenAI-compatible path)', async () => {
  openai.set({ mode: 'answer' });
  const { engine, corpus, cache } = await fixtureEngine();
  const p = new OpenAIProvider({ baseUrl: `${openai.url}/v1`, model: 'text-embed-test', policy: fast });
  const built = await buildDenseIndex({ cacheDir: cache, corpus, provider: p, batchSize: 8 });
  assert.equal(built.ok, true, built.message);
  // The lexical stage puts the class first (its name matches `join` exactly); the docstring of `join_comm`
  // ("Join is commutative.") is what the query paraphrases, and the dense stage lifts it to the top.
  const query = 'commutativity of join';
  const lexical = engine.search({ query, k: 10 }).hits.map((h) => h.decl.name);
  const dense = await denseExtraScoresForCli({ engine, provider: p, query, topN: 5 });
  assert.ok(dense.extraScores, dense.message);
  const fused = engine.search({ query, k: 10 }, { extraScores: dense.extraScores }).hits.map((h) => h.decl.name);
  assert.notEqual(lexical[0], 'DenseDemo.join_comm', `lexical: ${lexical.join(', ')}`);
  assert.ok(lexical.includes('DenseDemo.join_comm'));
  assert.equal(fused[0], 'DenseDemo.join_comm', `fused: ${fused.join(', ')}`);
  // Lexical hits stay: fusion adds, it does not replace.
  for (const name of lexical.slice(0, 3)) assert.ok(fused.includes(name), `${name} kept`);
  // A query the lexical stage answers well keeps its first hit.
  const q2 = 'product of continuous functions';
  const d2 = await denseExtraScoresForCli({ engine, provider: p, query: q2, topN: 5 });
  assert.equal(engine.search({ query: q2, k: 5 }, { extraScores: d2.extraScores }).hits[0]?.decl.name, 'DenseDemo.IsContinuous.mul');
  assert.ok(Number.isFinite(dense.ms) && dense.ms >= 0, 'the dense stage reports its time');
});

test('denseExtraScoresForCli never throws: missing embeddings, a provider without embed, a dead server', async () => {
  const { engine } = await fixtureEngine();
  const missing = await denseExtraScoresForCli({ engine, provider: new OllamaProvider({ host: ollama.url, model: 'never-embedded', policy: fast }), query: 'x' });
  assert.equal(missing.extraScores, undefined);
  assert.match(missing.message ?? '', /no embeddings for never-embedded yet: run `leanscout embed/);
  const noEmbed = await denseExtraScoresForCli({ engine, provider: { kind: 'ollama', model: 'm', label: 'm', generate: async () => ({ text: '', model: 'm', ms: 0 }) }, query: 'x' });
  assert.match(noEmbed.message ?? '', /cannot compute embeddings/);
  const dead = new OllamaProvider({ host: ollama.url, model: 'embed-test', policy: fast });
  await buildDenseIndex({ cacheDir: engine.cacheDir, corpus: (corpusFromStoredIndex(engine.cacheDir) as { corpus: DenseCorpus }).corpus, provider: dead });
  ollama.set({ mode: 'fail500' });
  const down = await denseExtraScoresForCli({ engine, provider: dead, query: 'continuous' });
  ollama.set({ mode: 'answer' });
  assert.equal(down.extraScores, undefined);
  assert.match(down.message ?? '', /dense search skipped: .*HTTP 500/);
});

test('rerank: the model order is applied; garbage, failures and timeouts keep the input order', async () => {
  const { engine } = await fixtureEngine();
  const hits = engine.search({ query: 'continuous', k: 5 }).hits;
  assert.ok(hits.length >= 3);
  const p = new OllamaProvider({ host: ollama.url, model: 'rerank-test', policy: fast });

  ollama.set({ mode: 'answer', text: '<think>1 or 2? maybe 3</think>\n3, 1' });
  const before = ollama.requests.length;
  const ok = await rerank('continuous', hits, p);
  assert.equal(ok.reordered, true);
  assert.deepEqual(ok.hits.map((h) => h.decl.name), [hits[2], hits[0], ...hits.filter((_, i) => i !== 0 && i !== 2)].map((h) => h.decl.name));
  const prompt = (ollama.requests[before].body as { messages: { content: string }[] }).messages[1].content;
  assert.match(prompt, /Query: continuous/);
  assert.match(prompt, new RegExp(`\\[1\\] \\w+ ${hits[0].decl.name.replace(/\./g, '\\.')}`));

  for (const text of ['I think they are all equally relevant!', '0, 99, 100', '']) {
    ollama.set({ mode: 'answer', text });
    const g = await rerank('continuous', hits, p);
    assert.equal(g.reordered, false, `answer ${JSON.stringify(text)}`);
    assert.deepEqual(g.hits, hits);
    assert.match(g.message ?? '', /reranking skipped/);
  }
  ollama.set({ mode: 'garbage' });
  const garbage = await rerank('continuous', hits, p);
  assert.equal(garbage.reordered, false);
  assert.match(garbage.message ?? '', /reranking skipped.*showing the search order/);
  ollama.set({ mode: 'stall' });
  const slow = await rerank('continuous', hits, new OllamaProvider({ host: ollama.url, model: 'rerank-test', policy: { ...fast, timeoutMs: 200 } }));
  assert.equal(slow.reordered, false);
  assert.match(slow.message ?? '', /no answer within 200 ms/);
  ollama.set({ mode: 'answer', text: '```lean\nsimp\n```' });
});

test('parseRerankAnswer: ranges, repeats, names instead of numbers', () => {
  const names = ['A.x', 'B.y', 'C.z'];
  assert.deepEqual(parseRerankAnswer('2, 2, 7, 1', names), [1, 0]);
  assert.deepEqual(parseRerankAnswer('Most relevant: C.z, then A.x', names), [2, 0]);
  assert.equal(parseRerankAnswer('none of them', names), undefined);
  assert.equal(parseRerankAnswer('<think>3, 2, 1', names), undefined, 'an unfinished thought is not an answer');
});

test('brute-force Int8 scan agrees with float cosine on random vectors', () => {
  const dim = 48;
  const count = 500;
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const rows = Array.from({ length: count }, () => Array.from({ length: dim }, rand));
  const corpus: DenseCorpus = { indexKey: 'k', count, name: (i) => `d${i}`, text: (i) => `t${i}` };
  const provider = {
    kind: 'ollama' as const,
    model: 'random',
    label: 'random',
    generate: async () => ({ text: '', model: 'random', ms: 0 }),
    embed: async (texts: string[]) => texts.map((t) => rows[Number(t.slice(1))]),
  };
  return buildDenseIndex({ cacheDir: tempCache(), corpus, provider, batchSize: 100 }).then((r) => {
    assert.equal(r.ok, true, r.message);
    const q = Array.from({ length: dim }, rand);
    const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    const exact = rows.map((v, i) => ({ i, c: cos(q, v) })).sort((a, b) => b.c - a.c).slice(0, 10);
    const got = r.index!.searchVector(q, 10);
    assert.equal(got[0].name, `d${exact[0].i}`);
    for (const h of got) {
      const c = cos(q, rows[Number(h.name.slice(1))]);
      assert.ok(Math.abs(h.cosine - c) < 0.02, `${h.name}: ${h.cosine} vs ${c}`);
    }
    const overlap = got.filter((h) => exact.some((e) => `d${e.i}` === h.name)).length;
    assert.ok(overlap >= 8, `top-10 overlap ${overlap}`);
  });
});

const CLI = path.resolve('dist/cli.js');
test('CLI: leanscout embed prints progress, resumes nothing when up to date, and fuses a query', { skip: !fs.existsSync(CLI) && 'dist/cli.js not built (npm run build)' }, async () => {
  ollama.set({ mode: 'answer' });
  const cache = tempCache();
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('node', [CLI, 'embed', '--project', FIXTURE, '--cache', cache, '--provider', 'ollama', '--host', ollama.url, '--model', 'cli-embed', ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  const r1 = await run(['--batch', '5']);
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stderr, /\[embed\] \d+\/\d+ \(\d+%\)/);
  assert.match(r1.stdout, /embeddings: \d+ declarations, 128 dimensions, \d+ embedded now, 0 resumed, 0 reused/);
  const r2 = await run(['--json', '--query', 'commutativity of join', '-k', '3']);
  assert.equal(r2.code, 0, r2.stderr);
  // --json: stdout is JSON only, one document per line (the summary, then the query's results).
  const [summary, fusedQuery, ...more] = r2.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(more, []);
  assert.equal(summary.upToDate, true);
  assert.equal(fusedQuery.lexical[0].name, 'DenseDemo.JoinMeetOrder');
  assert.equal(fusedQuery.fused[0].name, 'DenseDemo.join_comm');
  const r3 = await run(['--query', 'commutativity of join', '-k', '3']);
  assert.equal(r3.code, 0, r3.stderr);
  assert.match(r3.stdout, /lexical:\n 1\. DenseDemo\.JoinMeetOrder /);
  assert.match(r3.stdout, /lexical \+ dense \(\d+ ms for the dense stage\):\n 1\. DenseDemo\.join_comm/);
  const bad = await run(['--batch', 'zero']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--batch expects a positive integer/);
});

test('the WebAssembly SIMD scan gives exactly the integer dot products of the JS loop', () => {
  for (const [count, dim] of [[300, 64], [17, 8], [50, 1024]]) {
    let seed = count * dim;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const rows = new Int8Array(count * dim).map(() => Math.round(rand() * 127));
    const query = new Float32Array(dim).map(() => rand());
    const fast = createRowScanner(rows, count, dim);
    const plain = createRowScanner(rows, count, dim, { forceJs: true });
    assert.equal(plain.kind, 'js');
    const a = fast.scan(query);
    const b = plain.scan(query);
    assert.equal(a.queryScale, b.queryScale);
    assert.deepEqual(Array.from(a.dots), Array.from(b.dots), `${fast.kind} vs js at ${count}×${dim}`);
  }
  // A dimension that is not a multiple of 8 uses the JS loop.
  assert.equal(createRowScanner(new Int8Array(30), 3, 10).kind, 'js');
});

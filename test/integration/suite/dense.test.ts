// The optional dense stage and reranking inside a real VS Code, against the Ollama-API test server (started in this
// extension host, reached by the index worker over loopback HTTP through the real `ollama` client): embeddings
// configured in settings are built by "LeanScout: Build Embeddings" in the worker, the panel's search fuses them
// (and a reranking model reorders the results), and a stopped server falls back to the lexical results with a note.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionToWebview } from '../../../src/shared/protocol';
import type { EmbedSummary } from '../../../src/node/indexWorkerClient';
import { leanScout, lineOf, openAt, shownGoal, waitFor } from './helpers';
import { startOllamaApiTestServer, type ModelTestServer } from '../../servers/ollama-api-test-server';

type Results = Extract<ExtensionToWebview, { type: 'searchResults' }>;
const KEYS = ['embeddings.provider', 'embeddings.model', 'rerank.provider', 'rerank.model', 'ollama.host'];

suite('Dense stage and reranking (Ollama-API test server)', () => {
  let server: ModelTestServer;
  let closed = false;
  const cfg = () => vscode.workspace.getConfiguration('leanscout.model');
  const set = (key: string, value: unknown) => cfg().update(key, value, vscode.ConfigurationTarget.Global);

  suiteSetup(async () => {
    server = await startOllamaApiTestServer({ embedDim: 128, text: '2, 1' });
    const api = await leanScout();
    await api.engineReady();
    await set('ollama.host', server.url);
    await set('embeddings.model', 'embed-test');
    await set('embeddings.provider', 'ollama');
  });

  suiteTeardown(async () => {
    for (const key of KEYS) await set(key, undefined);
    if (!closed) await server.close();
  });

  /** Runs a search as the panel's box does and waits for its final answer (after reranking, when configured). */
  async function panelSearch(query: string, final: (r: Results) => boolean = () => true): Promise<Results> {
    const api = await leanScout();
    const id = await api.panelSearch(query);
    return waitFor(`the results of "${query}"`, () => {
      const r = api.panelState().searchResults as Results | undefined;
      return r && r.requestId === id && final(r) ? r : undefined;
    }, 20_000, () => JSON.stringify(api.panelState().searchResults?.type === 'searchResults' ? (api.panelState().searchResults as Results).message : undefined));
  }

  test('Build Embeddings runs in the worker against the Ollama-API test server; the status says ready', async () => {
    const api = await leanScout();
    const t0 = Date.now();
    const summary = (await vscode.commands.executeCommand('leanscout.buildEmbeddings')) as EmbedSummary | undefined;
    const ms = Date.now() - t0;
    assert.ok(summary?.ok, JSON.stringify(summary));
    assert.ok(summary.declarations > 0);
    const embedCalls = server.requests.filter((r) => r.path === '/api/embed');
    assert.ok(embedCalls.length > 0, 'the ollama client called /api/embed');
    assert.equal((embedCalls[0].body as { model?: string }).model, 'embed-test');
    await waitFor('the embeddings note', () => (/ready \(embed-test\)/.test(api.indexStatus().embeddings ?? '') ? true : undefined), 5000, () => String(api.indexStatus().embeddings));
    // A second run finds them up to date and sends nothing.
    const before = server.requests.length;
    const again = (await vscode.commands.executeCommand('leanscout.buildEmbeddings')) as EmbedSummary | undefined;
    assert.equal(again?.upToDate, true, JSON.stringify(again));
    assert.equal(server.requests.length, before);
    console.log(`[measure] Build Embeddings: ${summary.declarations} fixture declarations, ${ms} ms (command round trip; ${summary.embedded} embedded now, ${summary.resumed} resumed)`);
  });

  test('the panel search fuses the dense scores', async () => {
    const query = 'Two cubed leaves remainder one modulo seven';
    const embedsBefore = server.requests.filter((r) => r.path === '/api/embed').length;
    const t0 = Date.now();
    const res = await panelSearch(query);
    const ms = Date.now() - t0;
    assert.match(res.message ?? '', /dense: embed-test, [\d.]+ ms/);
    assert.ok(server.requests.filter((r) => r.path === '/api/embed').length > embedsBefore, 'the query was embedded');
    assert.equal(res.hits[0]?.decl.name, 'LeanscoutFixture.two_pow_three_mod_seven', res.hits.map((h) => h.decl.name).join(', '));
    const lexical = await (await leanScout()).search({ query, k: 20 });
    const fusedTop = res.hits.find((h) => h.decl.name === 'LeanscoutFixture.two_pow_three_mod_seven')!;
    const lexicalTop = lexical.hits.find((h) => h.decl.name === 'LeanscoutFixture.two_pow_three_mod_seven')!;
    assert.ok(fusedTop.score > lexicalTop.score, `fused ${fusedTop.score} > lexical ${lexicalTop.score}`);
    // Warm latency of the panel's search with the dense stage (query embedding over loopback + scan + fusion).
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const r = await panelSearch(`${query} ${i}`);
      assert.match(r.message ?? '', /dense: embed-test/);
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    console.log(`[measure] panel search with dense (test server): first ${ms} ms round trip; warm p50 ${times[7]} ms, max ${times[14]} ms in the extension over 15 queries`);
  });

  test('the premises of the goal at the cursor: lexical at once, then the dense order with its note', async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const line = (await lineOf(file, 'theorem mathd_numbertheory_81')) + 1;
    const embedsBefore = server.requests.filter((r) => r.path === '/api/embed').length;
    await openAt(file, line, 2);
    await waitFor('the goal', () => (shownGoal(api)?.state === 'goals' && shownGoal(api)?.position?.line === line ? true : undefined), 30_000, () => JSON.stringify(shownGoal(api)));
    const premises = await waitFor('premises with the dense note', () => {
      const p = api.panelState().premises;
      return p?.type === 'premises' && /dense: embed-test/.test(p.message ?? '') ? p : undefined;
    }, 20_000, () => JSON.stringify(api.panelState().premises));
    assert.ok(premises.hits.length > 0);
    assert.ok(server.requests.filter((r) => r.path === '/api/embed').length > embedsBefore, 'the goal was embedded');
  });

  test('a reranking model reorders the panel results ("reranked by …")', async () => {
    const plain = await panelSearch('two cubed modulo seven');
    assert.ok(plain.hits.length >= 2, 'needs two hits to rerank');
    assert.doesNotMatch(plain.message ?? '', /rerank/, 'reranking is off unless configured');
    await set('rerank.model', 'rerank-test');
    await set('rerank.provider', 'ollama');
    const res = await panelSearch('two cubed modulo seven', (r) => !/reranking by/.test(r.message ?? ''));
    assert.match(res.message ?? '', /reranked by rerank-test/);
    const chat = server.requests.filter((r) => r.path === '/api/chat').at(-1);
    assert.ok(chat && JSON.stringify(chat.body).includes('two cubed modulo seven'), 'the model saw the query');
    // The test model answers "2, 1": the second candidate comes first.
    assert.equal(res.hits[0].decl.name, plain.hits[1].decl.name);
    assert.equal(res.hits[1].decl.name, plain.hits[0].decl.name);
  });

  test('a stopped server: lexical results with a short note, never an error state', async () => {
    const api = await leanScout();
    await server.close();
    closed = true;
    const res = await panelSearch('two cubed modulo seven', (r) => !/reranking by/.test(r.message ?? ''));
    assert.ok(res.hits.length > 0, 'lexical results are still shown');
    assert.match(res.message ?? '', /dense search (skipped|paused)/);
    assert.match(res.message ?? '', /reranking skipped/);
    assert.equal(api.indexStatus().state, 'ready');
  });
});

// Model providers against the Ollama-API and OpenAI-API test servers (real HTTP on loopback).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OllamaProvider } from '../../src/core/models/ollama';
import { OpenAIProvider } from '../../src/core/models/openai';
import { ModelError, type ModelProvider } from '../../src/core/models/types';
import { suggestTactics } from '../../src/core/tactics/suggest';
import { InFlightCache, cacheKey } from '../../src/core/tactics/cache';
import { startOllamaApiTestServer, type ModelTestServer, type TestServerMode } from '../servers/ollama-api-test-server';
import { startOpenAIApiTestServer } from '../servers/openai-api-test-server';

// A real miniF2F goal (mathd_algebra_478-style) from /work/shared/goals.
const GOAL = 'b h v : ℝ\nh₀ : 0 < b ∧ 0 < h ∧ 0 < v\nh₁ : v = 1 / 3 * (b * h)\nh₂ : b = 30\nh₃ : h = 13 / 2\n⊢ v = 65';
const PREMISES = [
  { name: 'mul_comm', signature: '{G : Type u_1} [CommMagma G] (a b : G) : a * b = b * a' },
  { name: 'div_mul_eq_mul_div', signature: '{α : Type u_1} [DivisionCommMonoid α] (a b c : α) : a / b * c = a * c / b' },
];
const ANSWER = 'Here are some tactics:\n```lean\nrw [h₁, h₂, h₃]\nnorm_num [h₁, h₂, h₃]\nlinarith\n```\nHope this helps.';
const FAST = { timeoutMs: 2000, retries: 1, backoffMs: 10 };

type Kind = 'ollama' | 'openai';
const kinds: Kind[] = ['ollama', 'openai'];

function providerFor(kind: Kind, server: ModelTestServer, policy = FAST, apiKey?: string): ModelProvider {
  return kind === 'ollama'
    ? new OllamaProvider({ host: server.url, model: 'test-model', keepAlive: '10m', policy })
    : new OpenAIProvider({ baseUrl: `${server.url}/v1`, model: 'test-model', apiKey, policy });
}
const start = (kind: Kind, mode: TestServerMode = 'answer') =>
  (kind === 'ollama' ? startOllamaApiTestServer : startOpenAIApiTestServer)({ mode, text: ANSWER, chunkDelayMs: 15 });

for (const kind of kinds) {
  describe(`${kind} provider against the ${kind}-API test server`, () => {
    let server: ModelTestServer;
    before(async () => {
      server = await start(kind);
    });
    after(() => server.close());

    test('the prompt carries the goal and the retrieved premises with signatures; candidates are parsed', async () => {
      server.set({ mode: 'answer', text: ANSWER });
      const before = server.requests.length;
      const res = await suggestTactics({ goals: [GOAL], premises: PREMISES, provider: providerFor(kind, server), fileBefore: 'theorem t : True := by\n' });
      assert.equal(server.requests.length, before + 1);
      const body = server.requests.at(-1)!.body as { messages: { content: string }[]; keep_alive?: string };
      const prompt = body.messages.map((m) => m.content).join('\n');
      assert.match(prompt, /mul_comm \{G : Type u_1\} \[CommMagma G\] \(a b : G\) : a \* b = b \* a/);
      assert.match(prompt, /div_mul_eq_mul_div/);
      assert.ok(prompt.includes('⊢ v = 65'));
      if (kind === 'ollama') assert.equal(body.keep_alive, '10m');
      const model = res.candidates.filter((c) => c.source === 'model').map((c) => c.tactic);
      // `linarith` is also a model-free candidate: a duplicate keeps its first source.
      assert.deepEqual(model, ['rw [h₁, h₂, h₃]', 'norm_num [h₁, h₂, h₃]']);
      assert.ok(res.candidates.some((c) => c.tactic === 'linarith'));
      assert.ok(res.candidates.some((c) => c.source === 'automation'), 'model-free candidates are kept too');
      assert.equal(res.message, undefined);
    });

    test('streaming: text arrives in pieces', async () => {
      server.set({ mode: 'stream', text: ANSWER, chunkDelayMs: 5 });
      const seen: string[] = [];
      const r = await providerFor(kind, server).generate({ messages: [{ role: 'user', content: 'x' }], onText: (t) => seen.push(t) });
      assert.equal(r.text, ANSWER);
      assert.ok(seen.length >= 3, `expected several pieces, got ${seen.length}`);
    });

    for (const mode of ['stall', 'stall-after-headers'] as const) {
      test(`cancellation aborts the HTTP request (${mode}): the server sees the socket close, the caller a cancellation`, async () => {
        server.set({ mode });
        for (let i = 0; i < 5; i++) {
          const ac = new AbortController();
          const n = server.requests.length;
          const p = providerFor(kind, server, { ...FAST, timeoutMs: 30_000 }).generate({ messages: [{ role: 'user', content: 'x' }], signal: ac.signal });
          const outcome = p.then(() => undefined, (e: unknown) => e);
          const aborted = server.nextAbort();
          await waitFor(() => server.requests.length > n);
          await new Promise((r) => setTimeout(r, 10));
          ac.abort();
          // The request timeout is 30 s: only the abort can close the socket within the hang guard.
          const rec = await withinHangGuard(aborted, 'the server never saw the socket close');
          assert.ok(rec.abortedAt !== undefined, 'the server saw the socket close');
          const err = await withinHangGuard(outcome, 'the caller never got an answer');
          assert.ok(err instanceof ModelError && err.kind === 'cancelled', String(err));
        }
      });
    }

    const faults: [TestServerMode, string, RegExp][] = [
      ['fail500', 'server', /server error HTTP 500/],
      ['cut', 'bad-response', /ended early|cut/],
      ['garbage', 'bad-response', /garbled|not a chat|no text|ended early/],
      ['missing-model', 'model-missing', /test-model/],
    ];
    for (const [mode, errKind, re] of faults) {
      test(`fault "${mode}" gives a clear message and falls back to model-free candidates`, async () => {
        server.set({ mode, text: ANSWER, chunkDelayMs: 2 });
        const res = await suggestTactics({ goals: [GOAL], premises: PREMISES, provider: providerFor(kind, server) });
        assert.equal(res.modelError?.kind, errKind, JSON.stringify(res.modelError));
        assert.match(res.message ?? '', re);
        assert.match(res.message ?? '', /model-free/);
        assert.ok(res.candidates.length > 0 && res.candidates.every((c) => c.source !== 'model'));
        assert.ok(res.candidates.some((c) => c.source === 'premise'));
      });
    }

    test('a transient 500 is retried with backoff and then succeeds', async () => {
      server.set({ mode: 'fail500', failTimes: 1, text: ANSWER });
      const n = server.requests.length;
      const r = await providerFor(kind, server).generate({ messages: [{ role: 'user', content: 'x' }] });
      assert.equal(r.text, ANSWER);
      assert.equal(server.requests.length - n, 2);
    });

    test('a missing model is not retried', async () => {
      server.set({ mode: 'missing-model' });
      const n = server.requests.length;
      await assert.rejects(providerFor(kind, server).generate({ messages: [{ role: 'user', content: 'x' }] }), /not (pulled|available)/);
      assert.equal(server.requests.length - n, 1);
    });

    test('a stalled server times out with a clear message', async () => {
      server.set({ mode: 'stall' });
      await assert.rejects(
        providerFor(kind, server, { timeoutMs: 80, retries: 0, backoffMs: 1 }).generate({ messages: [{ role: 'user', content: 'x' }] }),
        (e: unknown) => e instanceof ModelError && e.kind === 'timeout' && /80 ms/.test(e.message),
      );
    });

    test('lists the served models', async () => {
      server.set({ mode: 'answer', models: ['a:1', 'b:2'] });
      assert.deepEqual(await providerFor(kind, server).listModels!(), ['a:1', 'b:2']);
    });

    test('a cache hit sends nothing; the same key in flight is shared', async () => {
      server.set({ mode: 'stream', text: ANSWER, chunkDelayMs: 5 });
      const cache = new InFlightCache<Awaited<ReturnType<typeof suggestTactics>>>();
      const provider = providerFor(kind, server);
      const key = cacheKey({ goal: GOAL, premises: PREMISES.map((p) => p.name), model: provider.label });
      const run = () => cache.getOrCompute(key, () => suggestTactics({ goals: [GOAL], premises: PREMISES, provider }));
      const n = server.requests.length;
      const [a, b] = await Promise.all([run(), run()]);
      assert.equal(server.requests.length - n, 1, 'two concurrent asks, one request');
      assert.equal(a, b);
      // A stalled server: a hit that went to it would never come back (caught by the hang guard).
      server.set({ mode: 'stall' });
      const c = await withinHangGuard(run(), 'the cache hit waited for the server');
      assert.equal(server.requests.length - n, 1, 'the cache hit sent nothing');
      assert.equal(c, a);
    });
  });
}

test('unreachable server: clear message, model-free candidates', async () => {
  const s = await startOllamaApiTestServer();
  const url = s.url;
  await s.close(); // the port is now closed
  const res = await suggestTactics({ goals: [GOAL], premises: PREMISES, provider: new OllamaProvider({ host: url, model: 'm', policy: FAST }) });
  assert.equal(res.modelError?.kind, 'unreachable');
  assert.match(res.message ?? '', /not reachable.*Is the server running/);
  assert.ok(res.candidates.length > 0);
});

test('the OpenAI provider sends the API key as a bearer token', async () => {
  const s = await startOpenAIApiTestServer({ text: ANSWER });
  try {
    await new OpenAIProvider({ baseUrl: `${s.url}/v1`, model: 'm', apiKey: 'sk-test-123', policy: FAST }).generate({ messages: [{ role: 'user', content: 'x' }] });
    assert.equal(s.requests[0].headers.authorization, 'Bearer sk-test-123');
  } finally {
    await s.close();
  }
});

test('the Ollama host is honoured exactly (path prefix kept)', async () => {
  const s = await startOllamaApiTestServer({ text: ANSWER });
  try {
    await assert.rejects(new OllamaProvider({ host: `${s.url}/prefix`, model: 'm', policy: FAST }).generate({ messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(s.requests[0].path, '/prefix/api/chat');
  } finally {
    await s.close();
  }
});

/** Hang guard: `p`, or a failure with `what` after 10 s (no test here asserts how fast anything is). */
function withinHangGuard<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (no answer within ${ms / 1000} s)`)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('shared in-flight request: aborted only when every waiting caller gave up (then the server sees the close)', async () => {
  const s = await startOllamaApiTestServer({ mode: 'stall' });
  try {
    const cache = new InFlightCache<Awaited<ReturnType<typeof suggestTactics>>>();
    const provider = new OllamaProvider({ host: s.url, model: 'm', policy: { timeoutMs: 30_000, retries: 0, backoffMs: 1 } });
    const compute = (signal: AbortSignal) => suggestTactics({ goals: [GOAL], premises: PREMISES, provider, signal });
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.join('k', compute, a.signal);
    const pb = cache.join('k', compute, b.signal);
    await waitFor(() => s.requests.length === 1);
    a.abort();
    assert.equal(await pa, undefined, 'the first caller gets nothing at once');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(s.requests[0].abortedAt, undefined, 'still running for the second caller');
    const aborted = s.nextAbort();
    b.abort();
    await aborted;
    assert.equal(await pb, undefined);
    assert.equal(s.requests.length, 1);
    assert.equal(cache.get('k'), undefined, 'a cancelled computation is not cached');
  } finally {
    await s.close();
  }
});

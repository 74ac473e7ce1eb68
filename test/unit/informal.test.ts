// Informalization: the model-free structure rendering, neighbours, and the Herald-style path against the
// Ollama-API test server (dependency order, on-disk cache by (declaration hash, model), faults).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Declaration } from '../../src/core/types';
import { renderStatementInWords, STRUCTURE_LABEL } from '../../src/core/informal/structure';
import { neighbourDeclarations } from '../../src/core/informal/neighbours';
import { informalize, mentionedNames } from '../../src/core/informal/informalize';
import { InformalCache } from '../../src/core/informal/cache';
import { OllamaProvider } from '../../src/core/models/ollama';
import { startOllamaApiTestServer, type ModelTestServer } from '../servers/ollama-api-test-server';
import { tempDir } from './tempProject';

const decl = (name: string, signature: string, doc?: string, kind: Declaration['kind'] = 'theorem'): Declaration => ({
  name, kind, signature, doc, module: 'Demo.Basic', file: 'Demo/Basic.lean', line: 1, pkg: '',
});

// Signatures as the index stores them (from Mathlib's sources).
const DECLS = [
  decl('Continuous', '{X Y : Type*} [TopologicalSpace X] [TopologicalSpace Y] (f : X → Y) : Prop', 'A function between topological spaces is continuous if the preimage of every open set is open.', 'structure'),
  decl('Continuous.add', '{M : Type*} {X : Type*} [TopologicalSpace X] [TopologicalSpace M] [Add M] [ContinuousAdd M] {f g : X → M} (hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x + g x'),
  decl('ContinuousAdd', '(M : Type u) [TopologicalSpace M] [Add M] : Prop', 'Basic hypothesis to talk about a topological additive monoid.', 'class'),
];
const source = { lookup: (n: string) => DECLS.find((d) => d.name === n) };

test('structure rendering names binders, hypotheses and the conclusion, labelled as model-free', () => {
  const text = renderStatementInWords(DECLS[1]);
  assert.ok(text.startsWith(STRUCTURE_LABEL));
  assert.match(text, /Implicitly, for any M : Type\*/);
  assert.match(text, /With the structure: .*ContinuousAdd M/);
  assert.match(text, /Assuming hf : Continuous f; and hg : Continuous g/);
  assert.match(text, /Then: Continuous fun x => f x \+ g x/);
  const eq = renderStatementInWords(decl('mul_comm', '{G : Type u_1} [CommMagma G] (a b : G) : a * b = b * a'));
  assert.match(eq, /For all a, b : G/);
  assert.match(eq, /Then: a \* b = b \* a \(an equation\)/);
});

test('mentioned names exclude binders and keywords', () => {
  assert.deepEqual(mentionedNames(DECLS[1]), ['TopologicalSpace', 'Add', 'ContinuousAdd', 'Continuous']);
});

test('neighbours: ±2 declarations around a line', () => {
  const file = ['theorem a : True := trivial', 'def b := 1', '/-- doc -/', 'theorem c (n : Nat) :', '    n = n := rfl', 'lemma d : 1 = 1 := rfl', 'instance e : Inhabited Nat := ⟨0⟩', 'theorem f : True := trivial'].join('\n');
  const n = neighbourDeclarations(file, 4);
  assert.deepEqual(n.map((x) => x.line), [1, 2, 6, 7]);
  assert.equal(n[0].header, 'theorem a : True');
});

test('no model: says so, and gives the docstring and the structure rendering', async () => {
  const r = await informalize({ name: 'ContinuousAdd', source });
  assert.equal(r.origin, 'docstring');
  assert.match(r.text, /^Docstring: Basic hypothesis/);
  assert.ok(r.text.includes(STRUCTURE_LABEL));
  assert.match(r.error ?? '', /No model configured/);
  const missing = await informalize({ name: 'No.such', source });
  assert.match(missing.error ?? '', /No declaration named No.such/);
});

describe('with the Ollama-API test server', () => {
  let server: ModelTestServer;
  const cacheDir = tempDir('leanscout-informal-');
  before(async () => {
    server = await startOllamaApiTestServer({ mode: 'stream', chunkDelayMs: 1, text: 'If $f$ and $g$ are continuous, so is $x \\mapsto f(x) + g(x)$.' });
  });
  after(() => server.close());
  const provider = () => new OllamaProvider({ host: server.url, model: 'test-model', policy: { timeoutMs: 3000, retries: 0, backoffMs: 1 } });

  test('dependencies first, their texts in the prompt, streamed, then cached on disk', async () => {
    const cache = new InformalCache(cacheDir);
    const streamed: string[] = [];
    const n = server.requests.length;
    const r = await informalize({ name: 'Continuous.add', source, provider: provider(), cache, onText: (t) => streamed.push(t) });
    assert.equal(r.origin, 'model');
    assert.equal(r.error, undefined);
    assert.deepEqual(r.deps.map((d) => d.name), ['ContinuousAdd', 'Continuous']);
    const prompts = server.requests.slice(n).map((q) => (q.body as { messages: { content: string }[] }).messages[1].content);
    assert.equal(prompts.length, 3, 'two dependencies, then the declaration');
    assert.match(prompts[0], /ContinuousAdd/);
    assert.match(prompts[2], /Informal statements of declarations it uses:\n- ContinuousAdd: If \$f\$/);
    assert.match(prompts[2], /Its docstring|theorem Continuous.add/);
    assert.ok(streamed.length > 1 && streamed.at(-1) === r.text);
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 3);

    // A second run (fresh memory, same directory) sends nothing.
    const again = await informalize({ name: 'Continuous.add', source, provider: provider(), cache: new InformalCache(cacheDir) });
    assert.equal(server.requests.length - n, 3);
    assert.equal(again.cached, true);
    assert.equal(again.text, r.text);
  });

  test('another model misses the cache', async () => {
    const n = server.requests.length;
    const other = new OllamaProvider({ host: server.url, model: 'other-model', policy: { timeoutMs: 3000, retries: 0, backoffMs: 1 } });
    await informalize({ name: 'ContinuousAdd', source, provider: other, cache: new InformalCache(cacheDir) });
    assert.equal(server.requests.length - n, 1);
  });

  test('a failing model: clear error, docstring + structure still shown', async () => {
    server.set({ mode: 'fail500' });
    const r = await informalize({ name: 'Continuous', source, provider: provider(), cache: new InformalCache(undefined) });
    server.set({ mode: 'stream' });
    assert.equal(r.origin, 'docstring');
    assert.match(r.error ?? '', /HTTP 500/);
    assert.ok(r.text.includes(STRUCTURE_LABEL));
  });
});

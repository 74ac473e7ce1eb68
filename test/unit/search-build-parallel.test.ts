// The index build with its tokenizing split into runs (in worker threads or here) gives the same
// index, byte for byte, as the build in one thread — whatever the run size, and when workers fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex, declTexts, orderByStrings, tokenizeDeclTexts } from '../../src/core/search/searchIndex';
import { TokenizePool, decodeTexts, encodeTexts, findExtractWorkerScript } from '../../src/core/extract/parallel';

const MODULES: ModuleInfo[] = [
  { name: 'Demo.Order', file: 'Demo/Order.lean', pkg: 'demo', imports: [], doc: '# Orders\nWe prove `le_trans_3` and `Demo.Thing.mk`, the main results.' },
  { name: 'Demo.Topology', file: 'Demo/Topology.lean', pkg: 'demo', imports: ['Demo.Order'] },
];

/** A corpus with every field in use: docs with backticks, bodies, structures with fields, unicode. */
function corpus(): Declaration[] {
  const out: Declaration[] = [];
  const mod = (i: number) => (i % 3 === 0 ? 'Demo.Topology' : 'Demo.Order');
  out.push({ name: 'Demo.Thing', kind: 'structure', signature: '(α : Type) extends Demo.Base α', module: 'Demo.Order', file: 'Demo/Order.lean', line: 1, pkg: 'demo' });
  out.push({ name: 'Demo.Base', kind: 'structure', signature: '(α : Type)', module: 'Demo.Order', file: 'Demo/Order.lean', line: 2, pkg: 'demo' });
  out.push({ name: 'Demo.Base.carrier', kind: 'field', signature: ': Set α', module: 'Demo.Order', file: 'Demo/Order.lean', line: 3, pkg: 'demo' });
  out.push({ name: 'Demo.Thing.mk', kind: 'constructor', signature: '(x : α) (h : 0 ≤ x) : Demo.Thing α', module: 'Demo.Order', file: 'Demo/Order.lean', line: 4, pkg: 'demo' });
  for (let i = 0; i < 400; i++) {
    const d: Declaration = {
      name: i % 7 === 0 ? `Filter.Tendsto.lemma${i}_of_𝓝` : `le_trans_${i}`,
      kind: i % 5 === 0 ? 'def' : 'theorem',
      signature: `{a b c : α} [Preorder α] (h₁ : a ≤ b) (h₂ : b <= c) : a ≤ c ∧ ∑ i ∈ Finset.range ${i}, f i = ${i % 11} ⁻¹ ∘ g`,
      module: mod(i),
      file: 'x.lean',
      line: i + 10,
      pkg: 'demo',
    };
    if (i % 2 === 0) d.doc = `The ${i}th transitivity lemma, using \`le_trans_${(i * 7) % 400}\` and \`Finset.sum_comm\`; it does what it says.`;
    if (i % 5 === 0) d.body = i % 10 === 0 ? `fun x => x + ${i} \ud835` : 'Continuous.comp hf hg';
    out.push(d);
  }
  return out;
}

function sectionsEqual(a: SearchIndex, b: SearchIndex): void {
  const sa = a.toSections();
  const sb = b.toSections();
  assert.deepEqual(Object.keys(sb).sort(), Object.keys(sa).sort());
  for (const k of Object.keys(sa)) assert.ok(Buffer.from(sa[k]).equals(Buffer.from(sb[k])), `section ${k} differs`);
}

const usageCounts = new Map([['le_trans_3', 5]]);

test('run by run, in this thread, the build gives the same index for any run size', async () => {
  const reference = SearchIndex.build(corpus(), MODULES, { usageCounts });
  for (const chunkSize of [1, 7, 100, 10000]) {
    const decls = corpus();
    const built = await SearchIndex.buildAsync(decls, MODULES, {
      usageCounts,
      consume: true,
      chunkSize,
      tokenize: async (make) => tokenizeDeclTexts(make()),
    });
    sectionsEqual(reference, built);
    assert.equal(decls.length, 0, 'consume empties the array');
  }
  // The in-thread sorts (no sortNames) give the stored orders too.
  assert.ok(reference.byFullName('le_trans_3') >= 0);
});

test('worker threads tokenize and sort to the same index', { skip: findExtractWorkerScript() ? false : 'dist/extractWorker.js is not built' }, async () => {
  const reference = SearchIndex.build(corpus(), MODULES, { usageCounts });
  const pool = new TokenizePool(findExtractWorkerScript()!, 2);
  let closedEarly = false;
  try {
    const built = await SearchIndex.buildAsync(corpus(), MODULES, {
      usageCounts,
      chunkSize: 50,
      tokenize: (make) => pool.tokenize(make),
      sortNames: (names) => pool.sortNames(names),
      onTokenized: async () => {
        closedEarly = true;
        await pool.close();
      },
    });
    sectionsEqual(reference, built);
    assert.ok(closedEarly);
  } finally {
    await pool.close();
  }
});

test('one worker holding more runs while this thread stores the declarations gives the same index', { skip: findExtractWorkerScript() ? false : 'dist/extractWorker.js is not built' }, async () => {
  const reference = SearchIndex.build(corpus(), MODULES, { usageCounts });
  const pool = new TokenizePool(findExtractWorkerScript()!, 1);
  const busy: boolean[] = [];
  try {
    const built = await SearchIndex.buildAsync(corpus(), MODULES, {
      usageCounts,
      chunkSize: 20,
      consume: true,
      tokenize: (make) => pool.tokenize(make),
      onQueued: () => pool.seal(),
      onBusy: (b) => {
        busy.push(b);
        pool.runsAhead(b ? 5 : undefined);
      },
      onTokenized: () => pool.close(),
    });
    sectionsEqual(reference, built);
    assert.deepEqual(busy, [true, false, true, false, true, false], 'told before and after each long step (storing and their members; sorting the names; the module docs)');
  } finally {
    await pool.close();
  }
});

test('runs of a worker that cannot start are tokenized in this thread, with the same result', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-tok-'));
  const broken = path.join(dir, 'broken-worker.js');
  fs.writeFileSync(broken, 'throw new Error("this test worker fails on purpose");\n');
  const pool = new TokenizePool(broken, 2);
  try {
    const reference = SearchIndex.build(corpus(), MODULES);
    const built = await SearchIndex.buildAsync(corpus(), MODULES, {
      chunkSize: 64,
      tokenize: (make) => pool.tokenize(make),
      sortNames: (names) => pool.sortNames(names),
    });
    sectionsEqual(reference, built);
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('texts go to a worker as UTF-8 and come back the same; a text UTF-8 cannot say goes as it is', () => {
  const texts = declTexts(corpus(), 5, 14); // (the corpus's bodies 0, 10, 20… end in a lone surrogate)
  const encoded = encodeTexts(texts);
  assert.ok('bytes' in encoded, 'well-formed texts are encoded');
  assert.ok(encoded.bytes.length < 2 * (texts.names.length + texts.sigs.length + texts.docs.length + texts.bodies.length), 'smaller than the two-byte strings');
  assert.deepEqual(decodeTexts(encoded), texts);
  // A lone surrogate (a body clipped inside a pair) would come back as U+FFFD: those texts are sent as strings.
  const withLone = declTexts(corpus(), 0, 20);
  assert.ok(withLone.bodies.includes('\ud835'));
  assert.equal(encodeTexts(withLone), withLone);
});

test("a run's tokens are 16-bit where every count fits, 32-bit where one does not, and read the same", async () => {
  const plain = tokenizeDeclTexts(declTexts(corpus(), 0, 30));
  assert.ok(plain.stream instanceof Uint16Array);
  const huge: Declaration = { name: 'Demo.huge', kind: 'def', signature: ': Nat', module: 'Demo.Order', file: 'x.lean', line: 1, pkg: 'demo', body: 'Nat.succ '.repeat(70000) };
  const big = tokenizeDeclTexts(declTexts([huge], 0, 1));
  assert.ok(big.stream instanceof Uint32Array);
  // name, signature, doc, body: each a length, k, then k (term, count) pairs
  const s = big.stream;
  let p = 0;
  for (let field = 0; field < 3; field++) p += 2 + 2 * s[p + 1];
  const counts = Array.from({ length: s[p + 1] }, (_, j) => s[p + 3 + 2 * j]);
  assert.ok(counts.includes(70000), `the body's counts ${counts.join(', ')} include 70,000`);
  // …and the build reads both kinds alike: one 32-bit run of all, or the huge one alone and the rest in 16-bit runs.
  const all = () => [...corpus().slice(0, 30), huge];
  const oneRun = SearchIndex.build(all(), MODULES);
  const runs = await SearchIndex.buildAsync(all(), MODULES, { chunkSize: 1, tokenize: async (make) => tokenizeDeclTexts(make()) });
  sectionsEqual(oneRun, runs);
});

test('names are ordered as a comparator sort orders them: by UTF-16 code unit, a prefix first, equal names by position', () => {
  // Few letters, so names share long prefixes and repeat; astral and accented characters, empty names, long runs.
  const letters = ['a', 'b', 'B', '.', '_', 'é', '𝓝', '₀', 'Z'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const names: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let s = i % 5 === 0 ? 'CategoryTheory.Limits.' : '';
    const len = next() % 9;
    for (let k = 0; k < len; k++) s += letters[next() % letters.length];
    names.push(s);
  }
  const byComparator = (keys: string[]) =>
    keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  // Sorted and reversed inputs, and names sharing a prefix longer than the code units compared one at a time.
  const sorted = [...names].sort();
  const long = names.slice(0, 400).map((s, i) => 'x'.repeat(300 + (i % 3)) + s);
  for (const keys of [names, names.slice(0, 5), [], ['b', 'a', 'b', '', 'a'], sorted, [...sorted].reverse(), long]) {
    assert.deepEqual([...orderByStrings(keys)], byComparator(keys));
  }
});

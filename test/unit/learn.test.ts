// The learned stage (src/core/learn): premises that the proofs of similar statements use, fused into the lexical
// ranking of goal and statement queries — and never learned from the theorem being proved, nor from what its file
// declares after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { tempDir } from './tempProject';
import { fileDependencies, resolverFor, type DeclTable } from '../../src/core/learn/proofs';

/**
 * A project where lemmas about `frob`/`glim` are proved with `Demo.wobble_ne_zero`, whose statement shares no word or
 * symbol with them (the lexical ranker alone never finds it for such a goal). `Demo.Solo` holds a theorem whose own
 * proof uses `Demo.secret_step` and, after it, one whose proof uses `Demo.later_step`: no other proof uses those two.
 */
function project(): { root: string; cache: string } {
  const base = tempDir('leanscout-learn-');
  const root = path.join(base, 'proj');
  fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
  const write = (rel: string, lines: string[]) => fs.writeFileSync(path.join(root, rel), lines.join('\n') + '\n');
  write('Demo/Base.lean', [
    'namespace Demo',
    '',
    'def wobble (n : Nat) : Nat := n + 1',
    '',
    'theorem wobble_ne_zero (n : Nat) : wobble n ≠ 0 := by simp [wobble]',
    '',
    'theorem secret_step (n : Nat) : wobble (wobble n) ≠ 1 := by simp [wobble]',
    '',
    'theorem later_step (n : Nat) : wobble n ≠ wobble (n + 1) := by simp [wobble]',
    '',
    'end Demo',
  ]);
  write('Demo/Frob.lean', [
    'import Demo.Base',
    '',
    'namespace Demo',
    '',
    'structure Widget where',
    '  size : Nat',
    '',
    'def frob (a b : Widget) : Widget := ⟨a.size * b.size + 1⟩',
    '',
    'def glim (a : Widget) : Prop := 0 < a.size',
    '',
    'theorem frob_glim_left (a b : Widget) (h : glim a) : glim (frob a b) := by',
    '  have := wobble_ne_zero b.size',
    '  simp [frob, glim] at *',
    '',
    'theorem frob_glim_right (a b : Widget) (h : glim b) : glim (frob a b) := by',
    '  have := wobble_ne_zero a.size',
    '  simp [frob, glim] at *',
    '',
    'theorem frob_glim_both (a b : Widget) (ha : glim a) (hb : glim b) : glim (frob a b) := by',
    '  exact (wobble_ne_zero a.size).elim',
    '',
    'end Demo',
  ]);
  write('Demo/Solo.lean', [
    'import Demo.Frob',
    '',
    'namespace Demo',
    '',
    'theorem solo_target (a b : Widget) (h : glim b) (h2 : glim a) : glim (frob b a) := by',
    '  exact secret_step a.size',
    '',
    'theorem solo_later (a b : Widget) (h : glim b) (h2 : glim a) : glim (frob b a) := by',
    '  exact later_step a.size',
    '',
    'end Demo',
  ]);
  return { root, cache: path.join(base, 'cache') };
}

const GOAL = 'a b : Widget\nh : glim b\nh2 : glim a\n⊢ glim (frob b a)';
const names = (engine: Engine, req: Parameters<Engine['search']>[0]) => engine.search(req).hits.map((h) => h.decl.name);

test('neighbours’ proofs bring a premise the lexical ranker alone misses; stored and loaded from the cache', async () => {
  const { root, cache } = project();
  const lexical = await Engine.open({ project: root, cacheDir: cache, learn: 'off', noSave: true });
  // k = 30 is every declaration the ranker scores at all in this small project.
  assert.ok(!names(lexical, { query: GOAL, k: 30 }).includes('Demo.wobble_ne_zero'), 'the lexical ranker alone does not find it');

  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  const status = await engine.learned();
  assert.equal(status.state, 'ready');
  assert.equal(status.source, 'built');
  const hits = names(engine, { query: GOAL, k: 10 });
  assert.ok(hits.includes('Demo.wobble_ne_zero'), `learned premise in the first 10: ${hits.join(', ')}`);
  // As a proof in a new file importing Demo.Frob would ask (the panel, `--from M --line N`).
  const fromNew = names(engine, { query: GOAL, k: 10, fromModule: 'Demo.New', usableBeforeLine: 3, preferInScope: true });
  assert.ok(fromNew.includes('Demo.wobble_ne_zero'));
  // The same first n for every k.
  assert.deepEqual(names(engine, { query: GOAL, k: 3 }), hits.slice(0, 3));
  // Words and names are not goals: no learned premises there.
  assert.ok(!names(engine, { query: 'glim frob', k: 30 }).includes('Demo.wobble_ne_zero'));

  // Stored beside the index: a later start loads it.
  const again = await Engine.open({ project: root, cacheDir: cache, learn: 'cached' });
  const st = await again.learned();
  assert.equal(st.state, 'ready');
  assert.equal(st.source, 'cache');
  assert.deepEqual(names(again, { query: GOAL, k: 10 }), hits);
  // A rebuilt index learns again.
  const rebuilt = await Engine.open({ project: root, cacheDir: cache, learn: 'wait', rebuild: true });
  assert.equal((await rebuilt.learned()).source, 'built');
  // Off: no learned premises.
  const off = await Engine.open({ project: root, cacheDir: cache, learn: 'off' });
  assert.equal((await off.learned()).state, 'off');
  assert.ok(!names(off, { query: GOAL, k: 30 }).includes('Demo.wobble_ne_zero'));
});

test('a cache directory removed while learning in the background is not made again for what was learned', async () => {
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'background' });
  assert.ok(fs.existsSync(cache), 'the index is stored');
  fs.rmSync(cache, { recursive: true, force: true });
  const status = await engine.learned();
  assert.equal(status.state, 'ready');
  assert.ok(names(engine, { query: GOAL, k: 10 }).includes('Demo.wobble_ne_zero'), 'learned, and used');
  assert.ok(!fs.existsSync(cache), 'nothing written where the cache was');
});

test('honesty: the theorem’s own proof and later declarations of its file never inform its premises', async (t) => {
  // The learned stage alone brings the two steps here; unfolding `frob`/`glim` (lexical: definitions, never proofs;
  // see unfold.test.ts for its own honesty) would find `later_step` by its `+`, and the words of the name of the
  // theorem asked from (`solo_later`: `later`) would find it by its name, so both are off for this test.
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  const saved = { unfold: RANK_PARAMS.unfold, theoremNameWords: RANK_PARAMS.theoremNameWords };
  RANK_PARAMS.unfold = 0;
  RANK_PARAMS.theoremNameWords = 0;
  t.after(() => {
    RANK_PARAMS.unfold = saved.unfold;
    RANK_PARAMS.theoremNameWords = saved.theoremNameWords;
  });
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait', noSave: true });
  assert.equal((await engine.learned()).state, 'ready');
  // Without a place, every proof of the library is evidence: both steps come from the Solo theorems' proofs.
  const anywhere = names(engine, { query: GOAL, k: 30 });
  assert.ok(anywhere.includes('Demo.secret_step') && anywhere.includes('Demo.later_step'), `control: ${anywhere.join(', ')}`);

  // As the proof of `solo_target` (line 5 of Demo.Solo) asks: its own proof and `solo_later` (line 8) are no evidence.
  const atTarget = names(engine, { query: GOAL, k: 30, fromModule: 'Demo.Solo', usableBeforeLine: 5, preferInScope: true });
  assert.ok(!atTarget.includes('Demo.secret_step'), `own proof leaked: ${atTarget.join(', ')}`);
  assert.ok(!atTarget.includes('Demo.later_step'), `a later declaration leaked: ${atTarget.join(', ')}`);
  assert.ok(atTarget.includes('Demo.wobble_ne_zero'), 'earlier evidence still counts');

  // MaSh's prior, how many proofs use a premise, counts only the proofs such a line could know.
  const inner = engine as unknown as { learner: { usesBefore(c: { moduleIdx: number; line: number }[]): { of(d: number): number; bound: Float32Array } }; index: { byFullName(n: string): number; store: { modules: { name: string }[] } } };
  const solo = inner.index.store.modules.findIndex((m) => m.name === 'Demo.Solo');
  const id = (n: string) => inner.index.byFullName(n);
  const atLine5 = inner.learner.usesBefore([{ moduleIdx: solo, line: 5 }]);
  assert.equal(atLine5.of(id('Demo.secret_step')), 0, 'the proof being written does not count');
  assert.equal(atLine5.of(id('Demo.later_step')), 0, 'a later proof of the file does not count');
  assert.equal(atLine5.bound[id('Demo.secret_step')], Math.fround(Math.log1p(1)), 'the bound is the whole library’s count');
  assert.equal(atLine5.of(id('Demo.wobble_ne_zero')), Math.fround(Math.log1p(3)), 'three earlier proofs use it');
  assert.equal(inner.learner.usesBefore([{ moduleIdx: solo, line: 8 }]).of(id('Demo.secret_step')), Math.fround(Math.log1p(1)));

  // As the proof of `solo_later` asks: the earlier theorem's proof is evidence, its own is not.
  const atLater = names(engine, { query: GOAL, k: 30, fromModule: 'Demo.Solo', usableBeforeLine: 8, preferInScope: true });
  assert.ok(atLater.includes('Demo.secret_step'));
  assert.ok(!atLater.includes('Demo.later_step'));

  // A pasted statement is the theorem being written: a proof the library has under its name is no evidence.
  const pasted = names(engine, { query: 'theorem solo_target (a b : Widget) (h : glim b) (h2 : glim a) : glim (frob b a)', k: 30 });
  assert.ok(!pasted.includes('Demo.secret_step'), `pasted statement's own proof leaked: ${pasted.join(', ')}`);
  // …nor what its file declares after it, as from its line (`solo_later`'s proof), in neighbours and in MaSh's prior.
  assert.ok(!pasted.includes('Demo.later_step'), `a later declaration leaked into a pasted statement: ${pasted.join(', ')}`);
  const pastedLater = names(engine, { query: 'theorem solo_later (a b : Widget) (h : glim b) (h2 : glim a) : glim (frob b a)', k: 30 });
  assert.ok(pastedLater.includes('Demo.secret_step') && !pastedLater.includes('Demo.later_step'), `pasted solo_later: ${pastedLater.join(', ')}`);
  // A statement the library does not state: every proof is evidence.
  const pastedNew = names(engine, { query: 'theorem brand_new (a b : Widget) (h : glim b) (h2 : glim a) : glim (frob b a)', k: 30 });
  assert.ok(pastedNew.includes('Demo.secret_step') && pastedNew.includes('Demo.later_step'), `pasted new statement: ${pastedNew.join(', ')}`);
  // Pasted with its file's head (imports, namespace, a `variable`, a docstring): read as the same goal, same rule.
  const snippet = names(engine, {
    query: 'import Demo.Frob\n\nnamespace Demo\n\nvariable (a b : Widget)\n\n/-- The theorem. -/\ntheorem solo_target (h : glim b) (h2 : glim a) :\n    glim (frob b a) := sorry\n\nend Demo\n',
    k: 30,
  });
  assert.ok(!snippet.includes('Demo.secret_step') && !snippet.includes('Demo.later_step'), `pasted snippet leaked: ${snippet.join(', ')}`);

  // A re-indexed file's old proofs are no evidence either: rewrite Solo without those proofs.
  fs.writeFileSync(path.join(root, 'Demo/Solo.lean'), 'import Demo.Frob\n\nnamespace Demo\n\ntheorem solo_target (a b : Widget) : glim (frob b a) := sorry\n\nend Demo\n');
  engine.updateFile(path.join(root, 'Demo/Solo.lean'));
  const after = names(engine, { query: GOAL, k: 30 });
  assert.ok(!after.includes('Demo.secret_step') && !after.includes('Demo.later_step'), `replaced proofs leaked: ${after.join(', ')}`);
});

test('what the proofs of the best hits use: shared by 1/√(their number), from the first hits only, never from a proof the place could not know', async () => {
  const { LEARN_PARAMS } = await import('../../src/core/learn/knn');
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait', noSave: true });
  assert.equal((await engine.learned()).state, 'ready');
  type Deps = { offsets: Uint32Array; ids: Uint32Array };
  const inner = engine as unknown as {
    learner: { usedByProofsOf(hits: number[], unknownFrom: { moduleIdx: number; line: number }[]): Map<number, number>; ranker: { deps: Deps } };
    index: { byFullName(n: string): number; store: { modules: { name: string }[] } };
  };
  const id = (n: string) => inner.index.byFullName(n);
  const solo = inner.index.store.modules.findIndex((m) => m.name === 'Demo.Solo');
  const deps = inner.learner.ranker.deps;
  const uses = (n: string) => deps.offsets[id(n) + 1] - deps.offsets[id(n)];
  const atLine5 = [{ moduleIdx: solo, line: 5 }];

  const used = inner.learner.usedByProofsOf([id('Demo.frob_glim_left')], atLine5);
  assert.ok(uses('Demo.frob_glim_left') >= 1);
  assert.equal(used.get(id('Demo.wobble_ne_zero')), LEARN_PARAMS.hitProofs / Math.sqrt(uses('Demo.frob_glim_left')));
  // Two hits whose proofs use it: their shares add up.
  const both = inner.learner.usedByProofsOf([id('Demo.frob_glim_left'), id('Demo.frob_glim_right')], atLine5);
  assert.equal(both.get(id('Demo.wobble_ne_zero')), used.get(id('Demo.wobble_ne_zero'))! + LEARN_PARAMS.hitProofs / Math.sqrt(uses('Demo.frob_glim_right')));
  // From line 5 of Demo.Solo, the proofs there and after it (solo_target's own, solo_later's) are no evidence.
  assert.equal(inner.learner.usedByProofsOf([id('Demo.solo_target'), id('Demo.solo_later')], atLine5).size, 0);
  assert.ok(inner.learner.usedByProofsOf([id('Demo.solo_target')], [{ moduleIdx: solo, line: 8 }]).has(id('Demo.secret_step')));
  // Only the first LEARN_PARAMS.hitProofsOf hits are read.
  const filler = Array.from({ length: LEARN_PARAMS.hitProofsOf }, () => id('Demo.wobble'));
  assert.equal(inner.learner.usedByProofsOf([...filler, id('Demo.frob_glim_left')], atLine5).size, 0);
  // The best hits are the same whatever k is asked for, so the first n results are too.
  for (const req of [{ fromModule: 'Demo.Solo', usableBeforeLine: 8, preferInScope: true }, {}]) {
    const ten = names(engine, { query: GOAL, k: 10, ...req });
    for (const k of [1, 2, 3, 6]) assert.deepEqual(names(engine, { query: GOAL, k, ...req }), ten.slice(0, k), `k = ${k}`);
  }
});

test('dependencies: namespaces, opens, `open … in`, _root_, field notation on hypotheses, tactic words', () => {
  const decls = [
    { name: 'Foo.bar', line: 2, kind: 0 },
    { name: 'Foo.baz', line: 3, kind: 0 },
    { name: 'LE.le.trans', line: 4, kind: 0 },
    { name: 'Continuous.comp', line: 5, kind: 0 },
    { name: 'Bar.qux', line: 6, kind: 0 },
    { name: 'Foo.ext', line: 7, kind: 0 },
    { name: 'top', line: 8, kind: 0 },
    { name: 'Continuous', line: 9, kind: 1 },
    { name: 'Foo.uses', line: 12, kind: 0 },
    { name: 'uses_open', line: 18, kind: 0 },
    { name: 'uses_in', line: 22, kind: 0 },
  ];
  const text = [
    'namespace Foo', //                                          1
    'theorem bar : True := trivial', //                          2
    'theorem baz : True := trivial', //                          3
    'theorem LE.le.trans : True := trivial', //                  4 (names as stored; text only needs lines)
    'theorem Continuous.comp : True := trivial', //              5
    'theorem Bar.qux : True := trivial', //                      6
    'theorem ext : True := trivial', //                          7
    'theorem top : True := trivial', //                          8
    'def Continuous : Prop := True', //                          9
    'end Foo', //                                                10
    'namespace Foo', //                                          11
    'theorem uses (h : a ≤ b) (hf : Continuous f) : True := by', // 12
    '  ext', //                                                  13
    '  rw [bar, h.trans, hf.comp]', //                           14
    '  exact _root_.top', //                                     15
    'end Foo', //                                                16
    'open Bar', //                                               17
    'theorem uses_open : True := by simp [qux, Foo.baz]', //     18
    'section', //                                                19
    'end', //                                                    20
    'open Foo in', //                                            21
    'theorem uses_in : True := by exact baz', //                 22
  ].join('\n');
  const table: DeclTable = {
    names: decls.map((d) => d.name),
    kinds: Uint8Array.from(decls, (d) => d.kind),
    moduleIdx: new Uint32Array(decls.length),
    lines: Uint32Array.from(decls, (d) => d.line),
    modules: [{ name: 'M', file: 'M.lean' }],
    isGenerated: () => false,
    signature: (i) => (decls[i].name === 'Foo.uses' ? '(h : a ≤ b) (hf : Continuous f) : True' : ': True'),
  };
  const resolver = resolverFor(table.names);
  const deps = fileDependencies(text, decls.map((_, i) => i), table, resolver);
  const depNames = (name: string) => (deps.get(table.names.indexOf(name)) ?? []).map((i) => table.names[i]).sort();
  // `ext` at the start of a tactic step is the tactic, not Foo.ext.
  assert.deepEqual(depNames('Foo.uses'), ['Continuous.comp', 'Foo.bar', 'LE.le.trans', 'top']);
  assert.deepEqual(depNames('uses_open'), ['Bar.qux', 'Foo.baz']);
  assert.deepEqual(depNames('uses_in'), ['Foo.baz']);
});

test('premises used nearby: what the proofs of a file above the line use, scaled by how many use it (the nearest weigh more); nothing from below', async () => {
  const { LearnedRanker, LEARN_PARAMS } = await import('../../src/core/learn/knn');
  const { SearchIndex } = await import('../../src/core/search/searchIndex');
  const d = (name: string, module: string, line: number) => ({ name, kind: 'theorem' as const, signature: ': True', module, file: module + '.lean', line, pkg: '' });
  const decls = [d('x', 'Lib', 1), d('y', 'Lib', 2), d('z', 'Lib', 3), d('a', 'Here', 1), d('b', 'Here', 5), d('c', 'Here', 10)];
  const index = SearchIndex.build(decls, ['Lib', 'Here'].map((name) => ({ name, file: name + '.lean', pkg: '', imports: [] })));
  // a uses x; b uses x, y; c (below the line) uses z.
  const rows = [[], [], [], [0], [0, 1], [2]];
  const offsets = new Uint32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
  const ranker = new LearnedRanker(index, { offsets, ids: Uint32Array.from(rows.flat()) });
  const here = index.store.modules.findIndex((m) => m.name === 'Here');
  const saved = LEARN_PARAMS.nearbyRecency;
  try {
    LEARN_PARAMS.nearbyRecency = 0;
    const counted = ranker.nearby(here, 8);
    assert.equal(counted.get(0), LEARN_PARAMS.nearbyWeight);
    assert.equal(counted.get(1), LEARN_PARAMS.nearbyWeight / 2);
    LEARN_PARAMS.nearbyRecency = 1;
    // b, the nearest proof above line 8, counts 2; a, the next, 1.5: x (used by both) 3.5, y (by b) 2.
    const near = ranker.nearby(here, 8);
    assert.equal(near.get(0), LEARN_PARAMS.nearbyWeight);
    assert.ok(Math.abs(near.get(1)! - (LEARN_PARAMS.nearbyWeight * 2) / 3.5) < 1e-9);
    assert.equal(near.has(2), false, 'c is below the line');
  } finally {
    LEARN_PARAMS.nearbyRecency = saved;
  }
  assert.equal(ranker.nearby(here, 8, (id) => id === 4).get(1), undefined, 'an excluded proof counts for nothing');
});

test('dependencies from a real .ilean (Lean 4, v5) and the source it was built from: what Lean resolved in each proof', async () => {
  const { extractFile } = await import('../../src/core/extract/scanner');
  const { parseIleanUses } = await import('../../src/core/extract/ilean');
  const dir = path.join(process.cwd(), 'test/fixtures/ilean');
  const base = 'v5_physical-laws-of-form_PhysicalLoF.Foundations.Distinction';
  const text = fs.readFileSync(path.join(dir, base + '.lean'), 'utf8');
  const ileanText = fs.readFileSync(path.join(dir, base + '.ilean'), 'utf8');
  const uses = parseIleanUses(ileanText);
  assert.ok(Array.isArray(uses) && uses.length > 0);
  // The module's declarations (as the scanner reads them), then the constants of Lean core its code uses.
  const own = extractFile(text, { module: 'PhysicalLoF.Foundations.Distinction', file: 'D.lean', pkg: '' }).decls;
  const coreNames = [...new Set(uses.map((u) => u.name))].filter((n) => !own.some((d) => d.name === n));
  const decls = [...own.map((d) => ({ name: d.name, kind: d.kind, line: d.line })), ...coreNames.map((name) => ({ name, kind: 'theorem', line: 0 }))];
  const kindIdx = (k: string) => ['theorem', 'def', 'abbrev', 'instance'].indexOf(k);
  const table: DeclTable = {
    names: decls.map((d) => d.name),
    kinds: Uint8Array.from(decls, (d) => Math.max(0, kindIdx(d.kind))),
    moduleIdx: Uint32Array.from(decls, (d) => (d.line > 0 ? 0 : 1)),
    lines: Uint32Array.from(decls, (d) => d.line),
    modules: [{ name: 'PhysicalLoF.Foundations.Distinction', file: 'D.lean' }, { name: 'Init', file: '' }],
    isGenerated: () => false,
    signature: () => '',
  };
  const resolver = resolverFor(table.names);
  const ownIds = own.map((_, i) => i);
  const fromIlean = fileDependencies(text, ownIds, table, resolver, uses as never);
  const depNames = (deps: Map<number, number[]>, name: string) => (deps.get(table.names.indexOf(name)) ?? []).map((i) => table.names[i]).sort();
  const T = 'PhysicalLoF.Foundations.';
  // Lean's own attribution (v5 writes each use's declaration).
  const parents = new Map<string, Set<string>>();
  for (const [key, info] of Object.entries((JSON.parse(ileanText) as { references: Record<string, { usages: unknown[][] }> }).references)) {
    const name = (JSON.parse(key) as { c?: { n: string } }).c?.n;
    for (const u of info.usages ?? []) if (name && typeof u[4] === 'string') parents.set(u[4], (parents.get(u[4]) ?? new Set()).add(name));
  }
  // Lean's attribution counts the statement's constants too (`Distinguishable false true`): those are left out here.
  const statementOf = (thm: string) => new RegExp(`theorem ${thm}\\b([^]*?):=`).exec(text)?.[1] ?? '';
  for (const thm of ['bit_distinguishable', 'zero_one_distinguishable', 'true_ne_false_prop', 'logical_distinction_theorem']) {
    const words = new Set(statementOf(thm).match(/[\w.]+/g) ?? []);
    const lean = [...(parents.get(T + thm) ?? [])].filter((n) => !words.has(n.slice(n.lastIndexOf('.') + 1))).sort();
    assert.deepEqual(depNames(fromIlean, T + thm), lean, thm);
  }
  assert.deepEqual(depNames(fromIlean, T + 'bit_distinguishable'), ['Bool.false_ne_true']);
  assert.deepEqual(depNames(fromIlean, T + 'logical_distinction_theorem'), [T + 'true_ne_false_prop']);
  // `h.mp` with `h : True = False`: the text cannot know it is `Eq.mp`; Lean's references do.
  assert.ok(depNames(fromIlean, T + 'true_ne_false_prop').includes('Eq.mp'));
  assert.ok(!depNames(fileDependencies(text, ownIds, table, resolver), T + 'true_ne_false_prop').includes('Eq.mp'));
});

test('an .ilean older than its source is not read (its positions may have moved); the text is', async () => {
  const { buildDependencies } = await import('../../src/core/learn/dependencies');
  const base = tempDir('leanscout-ilean-deps-');
  const names = ['M.helper', 'M.thm', 'Other.hidden'];
  fs.writeFileSync(path.join(base, 'M.lean'), 'namespace M\ntheorem helper : True := trivial\ntheorem thm : True := by\n  exact helper\nend M\n');
  const ilean = path.join(base, 'M.ilean');
  // As Lean would write it (v5 keys), but naming a constant the text does not: read only when fresh.
  fs.writeFileSync(ilean, JSON.stringify({ version: 5, module: 'M', references: { '{"c":{"m":"Other","n":"Other.hidden"}}': { definition: null, usages: [[3, 8, 3, 14, 'M.thm']] } } }));
  const table = {
    names,
    kinds: new Uint8Array(3),
    moduleIdx: Uint32Array.from([0, 0, 1]),
    lines: Uint32Array.from([2, 3, 0]),
    modules: [{ name: 'M', file: 'M.lean' }, { name: 'Other', file: '' }],
    isGenerated: () => false,
    signature: () => ': True',
    generatedFrom: () => undefined,
  };
  const depsOf = async () => {
    const deps = await buildDependencies(table, { root: base, ileanOf: (m) => (m === 0 ? ilean : undefined) });
    return Array.from(deps.ids.subarray(deps.offsets[1], deps.offsets[2]), (i) => names[i]);
  };
  const now = Date.now() / 1000;
  fs.utimesSync(path.join(base, 'M.lean'), now - 100, now - 100);
  fs.utimesSync(ilean, now, now);
  assert.deepEqual(await depsOf(), ['Other.hidden']);
  fs.utimesSync(ilean, now - 200, now - 200);
  assert.deepEqual(await depsOf(), ['M.helper']);
});

test('neighbours of a pasted theorem count by how closely the nearest resembles it (LEARN_PARAMS.fullShare)', async () => {
  const { LearnedRanker, LEARN_PARAMS } = await import('../../src/core/learn/knn');
  const { SearchIndex } = await import('../../src/core/search/searchIndex');
  const { analyzeQuery } = await import('../../src/core/search/query');
  const d = (name: string, signature: string) => ({ name, kind: 'theorem' as const, signature, module: 'Lib', file: 'Lib.lean', line: 1, pkg: '' });
  // `near` states `Wibble.frob x`, and its proof uses `used`; `other` states `Wobble.zap y` (no proof to learn from).
  const decls = [d('used', ': True'), d('near', '(x : Nat) : Wibble.frob x'), d('other', '(y : Nat) : Wobble.zap y')];
  for (let i = 0; i < 40; i++) decls.push(d(`filler${i}`, `: Filler${i}.thing`));
  const index = SearchIndex.build(decls, [{ name: 'Lib', file: 'Lib.lean', pkg: '', imports: [] }]);
  const rows: number[][] = decls.map((x) => (x.name === 'near' ? [0] : []));
  const offsets = new Uint32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
  const ranker = new LearnedRanker(index, { offsets, ids: Uint32Array.from(rows.flat()) });
  const score = (goal: string, byResemblance: boolean) => ranker.scores({ terms: analyzeQuery(goal).terms, byResemblance }).get(0) ?? 0;
  // The same statement: the neighbour shares all of it, full weight either way.
  const same = '⊢ Wibble.frob x';
  assert.equal(score(same, false), LEARN_PARAMS.weight);
  assert.equal(score(same, true), LEARN_PARAMS.weight);
  // A statement half of which no neighbour has: its evidence counts less, and only when asked to.
  const half = '⊢ Wibble.frob x ∧ Wobble.zap y';
  assert.equal(score(half, false), LEARN_PARAMS.weight);
  const scaled = score(half, true);
  assert.ok(scaled > 0 && scaled < 0.8 * LEARN_PARAMS.weight, `scaled ${scaled}`);
});

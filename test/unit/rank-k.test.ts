// The ranking does not depend on k: the first n results are the same for every k ≥ n (ties and the goal-shape
// prior included), so a caller asking for 10 sees what a caller asking for 200 sees first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { tempProject } from './tempProject';

/** A project where many declarations tie on every signal, and one lemma matches a goal mostly by its shape. */
function project(): { root: string; cache: string } {
  const lines = ['namespace Demo', ''];
  for (let i = 0; i < 150; i++) {
    const n = String(i).padStart(3, '0');
    // Equal scores, names of equal token count but different lengths, the longer ones first in the file.
    const filler = i % 2 === 0 ? 'extraordinarily' : 'x';
    lines.push(`/-- A product bound over the naturals. -/`, `theorem prod_bound_${filler}_${n} (a b : Nat) : 2 * a * b = 2 * a * b + 0 * a := sorry`, '');
    lines.push(`/-- A lattice of bounds. -/`, `def bound_lattice_${filler}_${n} (a b : Nat) : Nat := a + b`, '');
    // Lexically closer to the goal below than the lemma of its shape is.
    lines.push(`theorem sq_add_sq_bound_${n} (a b : Nat) : a ^ 2 + b ^ 2 ≤ 2 * a * b + a ^ 2 + b ^ 2 + ${i} := sorry`, '');
  }
  lines.push('theorem quad_mean_le (a b : Nat) : 2 * a * b ≤ a ^ 2 + b ^ 2 := sorry', '', 'end Demo', '');
  // A file that imports the first and declares its own bounds: asked from a line of it, the file's lemmas above the
  // line and the imported ones gain their bonuses.
  const use = ['import Demo.Bounds', '', 'namespace Demo.Use', ''];
  // Lexically weaker than the imported and the other file's lemmas (no `+ 0 * a`): they lead only by their bonuses.
  for (let i = 0; i < 40; i++) use.push(`theorem local_prod_bound_${i} (a b : Nat) : 2 * a * b = 2 * a * b := sorry`, '');
  use.push('end Demo.Use', '');
  return tempProject('leanscout-rank-k-', { 'Demo/Bounds.lean': lines.join('\n'), 'Demo/Use.lean': use.join('\n'), 'Demo/Other.lean': lines.join('\n').replace(/namespace Demo/, 'namespace Other').replace(/end Demo/, 'end Other') });
}

test('the first n results are the same for every k ≥ n (ties, prose, names, goals with the shape prior)', async () => {
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache });
  const queries = [
    'product bound',
    'lattice of bounds',
    'bound',
    'Demo.prod_bound_x_007',
    'a b : ℕ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2',
    '_ * _ * _ ≤ _ ^ 2 + _ ^ 2',
  ];
  for (const query of queries) {
    const names = (k: number) => engine.search({ query, k }).hits.map((h) => h.decl.name);
    const wide = names(200);
    assert.ok(wide.length > 10, `${JSON.stringify(query)} finds more than 10 declarations`);
    for (const k of [1, 3, 10, 50]) assert.deepEqual(names(k), wide.slice(0, k), `${JSON.stringify(query)}: k = ${k} is a prefix of k = 200`);
  }
  // Asked from a line of a file (its imports preferred, what it declares above the line gaining, the rest left out).
  for (const query of ['a b : ℕ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2', 'a b : ℕ\n⊢ 2 * a * b = 2 * a * b + 0 * a', 'product bound']) {
    const names = (k: number) => engine.search({ query, k, fromModule: 'Demo.Use', preferInScope: true, usableBeforeLine: 41 }).hits.map((h) => h.decl.name);
    const wide = names(200);
    if (query.includes('⊢')) assert.ok(wide.some((n) => n.startsWith('Demo.Use.')) && wide.some((n) => n.startsWith('Other.')), `${JSON.stringify(query)} from a line finds the file's own, imported and other declarations`);
    assert.ok(!wide.includes('Demo.Use.local_prod_bound_30'), 'nothing at or after the line');
    if (query.includes('+ 0 * a')) assert.ok(wide[0].startsWith('Demo.Use.'), `the file's own lemma just above the line leads: ${wide.slice(0, 3).join(', ')}`);
    for (const k of [1, 3, 10, 50]) assert.deepEqual(names(k), wide.slice(0, k), `${JSON.stringify(query)} from a line: k = ${k} is a prefix of k = 200`);
  }
  const goal = engine.search({ query: 'a b : ℕ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2', k: 10 }).hits.map((h) => h.decl.name);
  assert.ok(goal.slice(0, 3).includes('Demo.quad_mean_le'), `the lemma of the goal's shape is in the top 3 at k = 10: ${goal.join(', ')}`);
});

test('asked from a line, a lemma of the asking file that leads only by its place bonuses is found at every k', async () => {
  // The imported file's lemmas match the goal best by their words; the asking file's, a little less, but they gain
  // both the in-scope and the same-file bonus. They are scored after the top is full, so a bound that left out a bonus
  // would skip them at small k.
  const bounds = ['namespace Demo', ''];
  for (let i = 0; i < 30; i++) bounds.push(`theorem glim_frob_${i} (a b : Nat) : glim (frob a b) (wobble a) := sorry`, '');
  bounds.push('end Demo', '');
  const use = ['import Demo.Bounds', '', 'namespace Demo.Use', ''];
  for (let i = 0; i < 3; i++) use.push(`theorem far_bound_${i} (a b : Nat) : glim (frob a b) (wobble b) := sorry`, '');
  for (let i = 0; i < 12; i++) use.push(`theorem unrelated_${i} (s : List Nat) : s.length = s.length := sorry`, '');
  use.push('end Demo.Use', '');
  const { root, cache } = tempProject('leanscout-rank-k-place-', { 'Demo/Bounds.lean': bounds.join('\n'), 'Demo/Use.lean': use.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off' });
  const names = (k: number) =>
    engine.search({ query: 'a b : ℕ\n⊢ glim (frob a b) (wobble a)', k, fromModule: 'Demo.Use', preferInScope: true, usableBeforeLine: 100 }).hits.map((h) => h.decl.name);
  const wide = names(200);
  assert.ok(wide[0].startsWith('Demo.Use.far_bound_'), `the asking file's lemma leads: ${wide.slice(0, 4).join(', ')}`);
  assert.ok(wide.includes('Demo.glim_frob_0'));
  for (const k of [1, 2, 5]) assert.deepEqual(names(k), wide.slice(0, k), `k = ${k} is a prefix of k = 200`);
});

test('words that tie lexically are ordered by how much declarations are used, the same at every k (usage read first, bounding the rest)', async () => {
  // Forty widget lemmas with the same docstring; other declarations' statements use some of them, each a different
  // number of times, so only the usage prior (and the kind, name and place priors after it) orders them.
  const lines = ['namespace Demo', ''];
  for (let i = 0; i < 40; i++) lines.push(`/-- A widget bound. -/`, `theorem widget_bound_${i} (a : Nat) : a ≤ a + ${i} := sorry`, '');
  for (let i = 0; i < 40; i++) for (let u = 0; u < i % 7; u++) lines.push(`theorem user_${i}_${u} : Demo.widget_bound_${i} = Demo.widget_bound_${i} := rfl`, '');
  lines.push('/-- A widget. -/', 'structure Widget where', '  size : Nat', '', 'end Demo', '');
  const { root, cache } = tempProject('leanscout-rank-usage-', { 'Demo/Widgets.lean': lines.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache });
  for (const query of ['widget bound', 'a widget', 'bound']) {
    const hits = (k: number) => engine.search({ query, k }).hits.map((h) => `${h.decl.name} ${h.score}`);
    const wide = hits(200);
    assert.ok(wide.length > 20, `${JSON.stringify(query)} finds more than 20 declarations`);
    for (const k of [1, 3, 10]) assert.deepEqual(hits(k), wide.slice(0, k), `${JSON.stringify(query)}: k = ${k} is a prefix of k = 200`);
  }
  // The most used of the tied lemmas (i % 7 = 6: used six times) come first.
  const top = engine.search({ query: 'widget bound', k: 3 }).hits.map((h) => h.decl.name);
  assert.ok(top.every((n) => /^Demo\.widget_bound_(6|13|20|27|34)$/.test(n)), top.join(', '));
});

test('a ranking redone with scores added to a few documents (rerank) equals a fresh ranking with them, at every k', async () => {
  const { Ranker } = await import('../../src/core/search/ranker');
  const { analyzeQuery } = await import('../../src/core/search/query');
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off' });
  const index = (engine as unknown as { index: ConstructorParameters<typeof Ranker>[0] }).index;
  const ranker = new Ranker(index);
  const id = (name: string) => index.byFullName(name);
  // Added: a lemma the words already find (to the top), one they do not find at all, a definition, and a small share.
  const added = new Map([[id('Demo.prod_bound_x_149'), 3], [id('Demo.quad_mean_le'), 2.5], [id('Demo.bound_lattice_x_003'), 5], [id('Other.prod_bound_x_021'), 0.01]]);
  assert.ok([...added.keys()].every((d) => d >= 0));
  const base = new Map([[id('Demo.bound_lattice_x_003'), 0.5], [id('Demo.prod_bound_x_005'), 0.3]]);
  const withAdded = new Map(base);
  for (const [d, u] of added) withAdded.set(d, (withAdded.get(d) ?? 0) + u);
  const lateBoost = { max: 0.4, of: (d: number) => (d % 3 === 0 ? 0.4 : 0) };
  const optionSets = [{}, { extraScores: base }, { extraScores: base, lateBoost }, { kinds: ['theorem' as const] }];
  for (const query of ['a b : ℕ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2', 'product bound']) {
    const plan = analyzeQuery(query);
    const expanded = ranker.expandPlan(plan);
    for (const opts of optionSets) {
      const extraScores = 'extraScores' in opts ? withAdded : added;
      const fresh = (k: number) => new Ranker(index).rank(plan, { ...opts, k, extraScores }, ranker.expandPlan(plan));
      for (const k of [1, 3, 20]) {
        ranker.rank(plan, { ...opts, k: 20 }, expanded);
        const again = ranker.rerank(added, k);
        assert.deepEqual(again, fresh(k), `${JSON.stringify(query)} ${JSON.stringify(Object.keys(opts))}, k = ${k}`);
      }
      const names = ranker.rerank(added, 20).map((h) => index.store.names[h.id]);
      assert.ok(names.includes('Demo.prod_bound_x_149') && names.includes('Demo.quad_mean_le'), `the added scores count: ${names.slice(0, 5).join(', ')}`);
      assert.equal(names.includes('Demo.bound_lattice_x_003'), !('kinds' in opts), 'a filter leaves out an added document');
    }
  }
  assert.throws(() => ranker.rerank(added, 21), /at least k/);
  assert.throws(() => new Ranker(index).rerank(added, 1), /ranking just before/);
});

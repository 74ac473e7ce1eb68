// The shape of a statement (operators of its conclusion) and pattern queries with holes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conclusionOf, shapeOf } from '../../src/core/search/shape';
import { analyzeQuery } from '../../src/core/search/query';
import * as path from 'node:path';
import { tempProject } from './tempProject';

const LAKEFILE = 'import Lake\nopen Lake DSL\npackage demo\n@[default_target] lean_lib Demo\n';

/** Run `body` with these ranking parameters set, then put the previous values back (also when it throws). */
async function withRankParams<T>(set: Partial<typeof import('../../src/core/search/ranker').RANK_PARAMS>, body: () => T | Promise<T>): Promise<T> {
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  const params = RANK_PARAMS as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, params[k]]));
  Object.assign(params, set);
  try {
    return await body();
  } finally {
    Object.assign(params, saved);
  }
}

test('conclusionOf: after the last top-level colon of a signature, then after binders and hypotheses', () => {
  assert.equal(conclusionOf('(a b : α) (h : a ≤ b) : a + c ≤ b + c', true), 'a + c ≤ b + c');
  assert.equal(conclusionOf('{s : Set α} : IsOpen s → ∀ x ∈ s, f x = 0', true), 'f x = 0');
  assert.equal(conclusionOf('(f : ℕ → ℕ) : f 0 = 0', true), 'f 0 = 0', 'an arrow inside a binder is not a hypothesis');
  assert.equal(conclusionOf('a * (2 - a) ≤ 1', false), 'a * (2 - a) ≤ 1');
  assert.equal(conclusionOf('(l : List α) : (a :: l).length = l.length + 1', true), '(a :: l).length = l.length + 1');
});

test('shapeOf: operators in order; names, numbers and brackets left out; ≥ spelt ≤', () => {
  assert.equal(shapeOf('a * (2 - a) ≤ 1'), '* - ≤');
  assert.equal(shapeOf('x * (y - x) ≤ z'), '* - ≤');
  assert.equal(shapeOf('Real.sqrt x * Real.sqrt y = Real.sqrt (x * y)'), '* = *');
  assert.equal(shapeOf('b ≥ a + 1'), '≤ +');
  assert.equal(shapeOf('p₁ = p₂'), '=');
});

test('pattern queries with holes are searched like a goal target; backticked Lean and LaTeX are not patterns', () => {
  const p = analyzeQuery('_ + _ ≤ _');
  assert.equal(p.mode, 'goal');
  assert.equal(shapeOf(conclusionOf(p.target ?? '', false)), '+ ≤');
  assert.equal(analyzeQuery('?a * (?b + ?c) = ?a * ?b + ?a * ?c').mode, 'goal');
  assert.equal(analyzeQuery('`algebraMap R _ (Q m)` in the Clifford relation').mode, 'text');
  assert.equal(analyzeQuery('sum of a_i').mode, 'text');
  // led in as Lean or a request leads into a statement: the same pattern
  for (const lead of ['show ', 'have : ', 'prove ']) assert.equal(analyzeQuery(`${lead}f = .refl _`).target, analyzeQuery('f = .refl _').target, lead);
});

test('goal queries: among close candidates, the lemma whose conclusion has the goal shape comes first', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    // More of the goal's symbols (a closer lexical match), another shape:
    'theorem Demo.mul_sub_le_mul_sub (a b c : Nat) (h : b ≤ c) : a * b - c ≤ a * c - b := sorry',
    // named by its conclusion, as the naming convention has it (so both names spell the goal's operators)
    'theorem Demo.mul_sub_le_of_le (x y z : Nat) (h : y ≤ z) : x * (y - x) ≤ z := sorry',
    '',
  ];
  const { root, cache } = tempProject('leanscout-shape-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const e = await Engine.open({ project: root, cacheDir: cache });
  const hits = e.search({ query: 'a b c : Nat\nh : b ≤ c\n⊢ a * (b - a) ≤ c', k: 2 }).hits.map((h) => h.decl.name);
  assert.equal(hits[0], 'Demo.mul_sub_le_of_le');
  const pattern = e.search({ query: '_ * (_ - _) ≤ _', k: 2 }).hits.map((h) => h.decl.name);
  assert.equal(pattern[0], 'Demo.mul_sub_le_of_le');
});

test('a Lean statement (backticked, or a bare formula of variables and Lean names) or a LaTeX formula is searched like a goal target', () => {
  const goal = (q: string) => analyzeQuery(q).mode === 'goal';
  assert.ok(goal('`a ≤ b → a + c ≤ b + c`'));
  assert.ok(goal('`(hx : 0 < x) : Real.log x < x`'));
  assert.ok(goal('x * y ∈ s'));
  assert.ok(goal('Real.sqrt x * Real.sqrt y = Real.sqrt (x * y)'));
  assert.equal(analyzeQuery('`a ≤ b → a + c ≤ b + c`').target, 'a ≤ b → a + c ≤ b + c');
  assert.ok(goal('$x \\cdot y \\in s$'));
  // A type (a definition's content), prose, LaTeX inside prose and a `name : type` are not statements.
  assert.ok(!goal('`M ≃ₗ[R] N`'));
  assert.ok(!goal('f x = 0 for all x'));
  assert.ok(!goal('if $x \\cdot y \\in s$ then'));
  assert.ok(!goal('`mul_comm : a * b = b * a`'));
});

test('a backticked Lean statement among words gives a text query the shape to match', () => {
  const plan = analyzeQuery('`a ≤ b → a + c ≤ b + c` in an ordered group');
  assert.equal(plan.mode, 'text');
  assert.equal(plan.target, 'a ≤ b → a + c ≤ b + c');
  assert.equal(analyzeQuery('`toFun : M → N` with continuity').target, undefined, 'a `name : type` is not a statement');
  assert.equal(analyzeQuery('sum of continuous functions').target, undefined);
  // A predicate applied, in backticks among words, is Lean too (bare, `Nonempty` and words could be prose).
  assert.equal(analyzeQuery('`Nonempty (Fintype α)` for finite `α`').target, 'Nonempty (Fintype α)');
  assert.equal(analyzeQuery('Nonempty (Fintype α) for finite α').target, undefined);
  assert.equal(analyzeQuery('a `Group` with `G`').target, undefined, 'a class named alone is no statement');
  // A formula between dollars that states a relation, read as Lean; the last of several (what the others give).
  assert.equal(analyzeQuery('$x$ with $f(x) = x$').target, 'f(x) = x');
  assert.equal(analyzeQuery('for $a, b \\ge 0$ we have $\\sqrt{ab} \\le \\frac{a+b}{2}$').target, '√(a * b) ≤ (a+b) / (2)');
  assert.equal(analyzeQuery('a poset with binary $\\sqcup$ and $\\sqcap$').target, undefined, 'no relation, no statement');
});

test('the target symbols of a goal count as the words lemma names spell them with (`+ 0` → add, zero)', async () => {
  const { SearchIndex } = await import('../../src/core/search/searchIndex');
  const { Ranker } = await import('../../src/core/search/ranker');
  const { QUERY_PARAMS } = await import('../../src/core/search/query');
  const plan = analyzeQuery('a : G\n⊢ a + 0 = a');
  const nameOnly = plan.terms.filter((t) => t.fields.join() === '1,0,0,0,0,0').map((t) => t.term).sort();
  assert.deepEqual(nameOnly, ['add', 'zero']);
  const d = (name: string) => ({ name, kind: 'theorem' as const, signature: '(a : G) : a + 0 = a', module: 'Demo', file: 'Demo.lean', line: 1, pkg: 'demo' });
  const index = SearchIndex.build([d('Demo.foo'), d('Demo.foo_add_zero')], [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }]);
  const ranker = new Ranker(index);
  const first = () => index.store.names[ranker.rank(analyzeQuery('a : G\n⊢ a + 0 = a'), { k: 2 })[0].id];
  const saved = QUERY_PARAMS.symbolNameWords;
  try {
    QUERY_PARAMS.symbolNameWords = 0;
    assert.equal(first(), 'Demo.foo', 'without them the tie goes to the shorter name');
  } finally {
    QUERY_PARAMS.symbolNameWords = saved;
  }
  assert.equal(first(), 'Demo.foo_add_zero');
  // The factorial's notation has no token of its own: its name word still counts (`n !`, `(n + 1)!`; not `get!`).
  const nameWords = (q: string) => analyzeQuery(q).terms.filter((t) => t.fields.join() === '1,0,0,0,0,0').map((t) => t.term);
  assert.ok(nameWords('n : ℕ\n⊢ 0 < n !').includes('factorial'));
  assert.ok(nameWords('⊢ (n + 1)! = (n + 1) * n !').includes('factorial'));
  assert.ok(!nameWords('⊢ l.get! 0 = a').includes('factorial'));
});

test('a bar is an absolute value (`abs`) unless it is set-builder notation or starts a match arm', async () => {
  const { symbolNameWordsOf } = await import('../../src/core/search/query');
  const nameWords = (goal: string) => analyzeQuery(goal).terms.filter((t) => t.fields.join() === '1,0,0,0,0,0').map((t) => t.term).sort();
  assert.ok(nameWords('x : ℝ\n⊢ |x| = |-x|').includes('abs'));
  assert.ok(!nameWords('f : ℝ → ℝ\n⊢ volume {x | f x = 0} = 0').includes('abs'));
  assert.ok(!nameWords('s : Set ℝ\n⊢ {x ∈ s | 0 < x} ⊆ s').includes('abs'));
  assert.ok(nameWords('⊢ {x : ℝ | |x| < 1} = Set.Ioo (-1) 1').includes('abs'), 'an absolute value inside set-builder');
  // Definition bodies (unfolded for goals): match arms are not absolute values; numerals are not read there.
  assert.deepEqual([...symbolNameWordsOf('fun | 0 => 1 | n + 1 => n * 2', true)].sort(), ['add', 'mul']);
  assert.deepEqual([...symbolNameWordsOf('fun x => |x| + 1', true)].sort(), ['abs', 'add']);
});

test('every declaration’s shape is computed with the learned stage, stored with it and loaded from the cache: the same results as shapes computed on demand', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    'theorem Demo.mul_sub_le_mul_sub (a b c : Nat) (h : b ≤ c) : a * b - c ≤ a * c - b := sorry',
    'theorem Demo.mul_sub_le_of_le (x y z : Nat) (h : y ≤ z) : x * (y - x) ≤ z := sorry',
    'theorem Demo.add_mul_le (x y z : Nat) : (x + y) * z ≤ x * z + y * z := by rw [Nat.add_mul]',
    'theorem Demo.sub_le_self (x y : Nat) : x - y ≤ x := Nat.sub_le x y',
    'def Demo.twice (n : Nat) : Nat := n + n',
    '',
  ];
  const { base, root, cache } = tempProject('leanscout-shapes-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  type WithLearner = { learner?: { shapes(): { ids: Int32Array; shapes: string[] } | undefined } };
  const shapesOf = (e: unknown) => (e as WithLearner).learner?.shapes();
  const onDemand = await Engine.open({ project: root, cacheDir: path.join(base, 'off'), learn: 'off' });
  const built = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  const loaded = await Engine.open({ project: root, cacheDir: cache, learn: 'cached' });
  assert.equal(shapesOf(onDemand), undefined);
  const stored = shapesOf(built);
  assert.ok(stored, 'shapes computed with the learned stage');
  assert.equal(stored.ids.length, built.stats().decls);
  assert.ok(stored.shapes.includes('* - ≤') && stored.shapes.includes('- ≤'), stored.shapes.join(' | '));
  const reread = shapesOf(loaded);
  assert.ok(reread, 'shapes loaded from the cache');
  assert.deepEqual([...reread.ids], [...stored.ids]);
  assert.deepEqual(reread.shapes, stored.shapes);
  const queries = ['a b c : Nat\nh : b ≤ c\n⊢ a * (b - a) ≤ c', '_ - _ ≤ _', '⊢ (a + b) * c ≤ a * c + b * c', '_ * (_ - _) ≤ _'];
  // (The lemmas concluding just what is asked are known only with every declaration's key: see the test below.)
  await withRankParams({ sameConclusion: 0 }, () => {
    for (const query of queries) {
      const results = [onDemand, built, loaded].map((e) => e.search({ query, k: 5 }).hits.map((h) => `${h.decl.name} ${h.score}`));
      assert.deepEqual(results[1], results[0], query);
      assert.deepEqual(results[2], results[0], query);
    }
  });
  assert.equal(onDemand.search({ query: '_ * (_ - _) ≤ _', k: 1 }).hits[0]?.decl.name, 'Demo.mul_sub_le_of_le');
});

test('a statement made of common symbols only finds the lemma stating it (its shape finds it, not its name)', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    // The lemma asked for: no word of its name is in the query.
    'theorem Demo.combo_self {a b : Nat} (h : a + b = 1) (x : Nat) : a * x + b * x = x := sorry',
    // Lemmas named by their symbols (as the naming convention names them), of other shapes.
    ...'abcdefghijkl'.split('').map((c) => `theorem Demo.add_mul_${c} (a b x : Nat) : (a + b) * x + 1 = a * x + b * x + 1 := sorry`),
    ...'abcdefghijkl'.split('').map((c) => `theorem Demo.mul_add_${c} (a b : Nat) : a * (b + 1) = a * b + a * 1 := sorry`),
  ];
  const { base, root, cache } = tempProject('leanscout-shape-candidates-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  // As in a whole library: `+`, `=`, `*` are common terms there (in more than 3% of declarations) and only re-score.
  await withRankParams({ commonTermShare: 0.1, commonTermMinDf: 2 }, async () => {
    const query = '`a + b = 1 → a * x + b * x = x`';
    const withShapes = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
    assert.equal(withShapes.search({ query, k: 3 }).hits[0]?.decl.name, 'Demo.combo_self');
    // Before every shape is known (learning off), only terms find candidates: the name words `add`, `mul`.
    const termsOnly = await Engine.open({ project: root, cacheDir: path.join(base, 'off'), learn: 'off' });
    assert.ok(!termsOnly.search({ query, k: 30 }).hits.some((h) => h.decl.name === 'Demo.combo_self'));
    // A goal wants premises: its shape's lemmas are not made candidates, but the few that conclude just the goal are
    // (what `exact` closes it with).
    const goal = 'a b x : Nat\nh : a + b = 1\n⊢ a * x + b * x = x';
    assert.equal(withShapes.search({ query: goal, k: 3 }).hits[0]?.decl.name, 'Demo.combo_self');
    await withRankParams({ sameConclusion: 0 }, () =>
      assert.ok(!withShapes.search({ query: goal, k: 30 }).hits.some((h) => h.decl.name === 'Demo.combo_self')),
    );
  });
});

test('conclusionKey: a conclusion up to the names of its variables', async () => {
  const { conclusionKey, keyNamesSomething } = await import('../../src/core/statement');
  assert.equal(conclusionKey('G.Reachable u v ↔ G.Reachable v u'), 'Reachable v0 v1 ↔ Reachable v1 v0');
  assert.equal(conclusionKey('G.Reachable x y ↔ G.Reachable y x'), conclusionKey('G.Reachable u v ↔ G.Reachable v u'));
  assert.notEqual(conclusionKey("G'.Reachable (f v) (f w) ↔ G.Reachable v w"), conclusionKey('G.Reachable u v ↔ G.Reachable v u'), 'another pattern of variables');
  assert.equal(conclusionKey('Continuous fun x => f x + g x'), conclusionKey('Continuous fun y => u y + w y'));
  // Binder types are what Lean infers and users leave out; a cast in a term stays.
  const { normalizeStatement } = await import('../../src/core/statement');
  const keyOf = (s: string) => conclusionKey(normalizeStatement(s));
  assert.equal(keyOf('Injective fun a : α => (a, a)'), keyOf('Function.Injective fun b => (b, b)'));
  assert.equal(keyOf('Injective fun (a : List (Option α)) => (a, a)'), keyOf('Injective fun a => (a, a)'));
  assert.equal(keyOf('∃ x : ℝ, 0 < x'), keyOf('∃ y, 0 < y'));
  assert.equal(keyOf('∀ᶠ n : ℕ in atTop, p n'), keyOf('∀ᶠ n in atTop, p n'));
  assert.equal(keyOf('∑ i : Fin n, f i = 0'), keyOf('∑ j, f j = 0'));
  assert.notEqual(keyOf('(n : ℝ) = 0'), keyOf('n = 0'), 'a cast is not a binder');
  // Universe levels the library writes (`Cardinal.{u}`) are Lean's detail too: a type or statement typed without them.
  const { typeChainOf } = await import('../../src/core/statement');
  assert.equal(conclusionKey(typeChainOf('(g : Cardinal.{u} → Cardinal.{v}) (c : Cardinal.{u}) : Cardinal.{v}')), conclusionKey('(Cardinal → Cardinal) → Cardinal → Cardinal'));
  assert.equal(keyOf('Cardinal.lift.{max u v, w} (#α) = #β'), keyOf('Cardinal.lift (#α) = #β'));
  assert.notEqual(keyOf('Sort u → Prop'), keyOf('Prop → Prop'), 'the level of a sort is kept (not a constant with levels)');
  // So is an argument's default value or tactic: not part of the type asked for.
  assert.equal(conclusionKey(typeChainOf('(f : α → E) (μ : Measure α := by volume_tac) : Prop')), conclusionKey('(α → E) → Measure α → Prop'));
  assert.equal(conclusionKey(typeChainOf('(n : ℕ) (k : ℕ := (2 : ℕ)) : ℕ')), conclusionKey('ℕ → ℕ → ℕ'));
  // The number types are constants, whether written as Mathlib does or by Lean core's names.
  assert.equal(conclusionKey(typeChainOf('(n : ℕ) (x : ℝ) : ℝ')), conclusionKey('Nat → Real → Real'));
  assert.notEqual(conclusionKey('ℕ → ℕ'), conclusionKey('α → α'), 'ℕ is not a variable');
  assert.notEqual(conclusionKey('ℕ → ℕ'), conclusionKey('ℤ → ℤ'));
  assert.equal(keyNamesSomething(conclusionKey('a = b')), false, 'variables and operators only: says little');
  assert.equal(keyNamesSomething(conclusionKey('Real.exp (Real.log x) = x')), true);
});

test('a statement asked for puts a lemma concluding it first, up to variable names, with keys stored or computed on demand', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    // Closer in words (`symm`, `meets`, `iff`, `comm` all in the query's neighbourhood), other conclusions:
    'theorem Demo.Rel.meets_iff_map (r : Nat → Nat → Prop) (f : Nat → Nat) (a b : Nat) : r (f a) (f b) ↔ r a b := sorry',
    'theorem Demo.Rel.meets_iff_meets (r : Nat → Nat → Prop) (a b : Nat) (h : r a b) : r a b ↔ r a b := sorry',
    // The lemma concluding the statement asked for (another name for each variable):
    'theorem Demo.Rel.swap_of_symm (r : Nat → Nat → Prop) (hr : Symm r) (x y : Nat) : Demo.Rel.Meets r x y ↔ Demo.Rel.Meets r y x := sorry',
    'def Demo.Rel.Meets (r : Nat → Nat → Prop) (a b : Nat) : Prop := r a b',
  ];
  const { base, root, cache } = tempProject('leanscout-conclusion-key-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const query = '`Demo.Rel.Meets r a b ↔ Demo.Rel.Meets r b a`';
  const stored = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  const onDemand = await Engine.open({ project: root, cacheDir: path.join(base, 'off'), learn: 'off' });
  for (const engine of [stored, onDemand]) assert.equal(engine.search({ query, k: 3 }).hits[0]?.decl.name, 'Demo.Rel.swap_of_symm');
  // (Which lemmas conclude just the statement, and how few, is known only with every declaration's key.)
  await withRankParams({ sameConclusion: 0 }, () =>
    assert.deepEqual(
      stored.search({ query, k: 4 }).hits.map((h) => `${h.decl.name} ${h.score}`),
      onDemand.search({ query, k: 4 }).hits.map((h) => `${h.decl.name} ${h.score}`),
      'keys stored by the learned stage and computed on demand agree',
    ),
  );
});

test('statementKey: a statement with its hypotheses, up to variable names and the order of the hypotheses', async () => {
  const { statementKey, statedHypotheses } = await import('../../src/core/statement');
  assert.deepEqual(statedHypotheses('0 ≤ b → a ≤ a + b'), ['0 ≤ b']);
  assert.deepEqual(statedHypotheses('x ≥ 0 → y ≥ 0 → 0 ≤ x * y'), ['0 ≤ x', '0 ≤ y'], 'read as conclusions are: ≥ turned around');
  assert.deepEqual(statedHypotheses('∀ x, p x → q x'), [], 'a leading ∀ binds variables: not a statement of hypotheses');
  assert.deepEqual(statedHypotheses('a ≤ a + b'), []);
  const key = statementKey(['0 ≤ b'], 'a ≤ a + b');
  assert.equal(key, statementKey(['0 ≤ y'], 'x ≤ x + y'));
  assert.notEqual(key, statementKey(['0 ≤ a', '0 ≤ b'], 'a ≤ a + b'), 'another hypothesis more');
  assert.notEqual(key, statementKey(['0 ≤ a'], 'a ≤ a + b'), 'the hypothesis about another variable');
  assert.equal(statementKey(['0 ≤ a', 'a ≤ b'], 'a ≤ b + a'), statementKey(['x ≤ y', '0 ≤ x'], 'x ≤ y + x'), 'in any order');
});

test('a statement asked with its hypotheses puts first the lemma assuming just them, among the lemmas concluding it', async () => {
  const { Engine } = await import('../../src/core/engine');
  // Pairs concluding alike, one assuming a hypothesis more (and closer in words: a shorter name); hypotheses as
  // binders named h… in one pair, as premises of the type in the other.
  const basic = [
    'theorem Demo.Box.le_add {a b : Int} (ha : 0 ≤ a) (hb : 0 ≤ b) : a ≤ a + b := sorry',
    'theorem Demo.Box.le_add_right {a b : Int} (h : 0 ≤ b) : a ≤ a + b := sorry',
    'theorem Demo.Pot.le_mul {a b : Nat} : 1 ≤ a → 1 ≤ b → a ≤ a * b := sorry',
    'theorem Demo.Pot.le_mul_right {a b : Nat} : 1 ≤ b → a ≤ a * b := sorry',
  ];
  const { root, cache } = tempProject('leanscout-statement-key-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  const scores = (query: string) => new Map(engine.search({ query, k: 4 }).hits.map((h) => [h.decl.name, h.score]));
  const asked = ['`0 ≤ y → x ≤ x + y`', '0 ≤ y → x ≤ x + y', '1 ≤ y → x ≤ x * y'];
  const withIt = asked.map(scores);
  const without = await withRankParams({ sameStatement: 0 }, () => asked.map(scores));
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  asked.forEach((query, i) => {
    const [just, more] = query.includes('*') ? ['Demo.Pot.le_mul_right', 'Demo.Pot.le_mul'] : ['Demo.Box.le_add_right', 'Demo.Box.le_add'];
    assert.ok(Math.abs(withIt[i].get(just)! - without[i].get(just)! - RANK_PARAMS.sameStatement) < 0.002, `${query}: the lemma assuming just that gains`);
    assert.equal(withIt[i].get(more), without[i].get(more), `${query}: the one assuming more does not`);
    assert.ok(withIt[i].get(just)! > withIt[i].get(more)!, query);
  });
  // Where the words put the other first, the hypotheses decide.
  assert.ok(without[2].get('Demo.Pot.le_mul')! > without[2].get('Demo.Pot.le_mul_right')!);
});

test('a definition is found by the term that defines it, typed bare', async () => {
  const { Engine, definingTerm } = await import('../../src/core/engine');
  const { analyzeQuery } = await import('../../src/core/search/query');
  assert.equal(definingTerm('∑ i, v i * w i'), '∑ i, v i * w i');
  for (const body of ['| 0 => 1 | n + 1 => 2', 'by simp', '⟨fun n => n, by simp⟩', '{ toFun := f, map_one := rfl }', 'match n with | 0 => 1 | _ => 2', 'x'.repeat(199)])
    assert.equal(definingTerm(body), undefined, body);
  // A term with an operator, in Lean, is asked like a statement; words and declarations are not.
  assert.equal(analyzeQuery('∑ i, v i * w i').target, '∑ i, v i * w i');
  for (const q of ['self-adjoint operator', 'C*-algebra', 'L^p space', '`inductive Rel ... | of (m : M) : Rel (m * m) m`'])
    assert.equal(analyzeQuery(q).target, undefined, q);
  const basic = [
    // Lemmas whose statements share the term's symbols and words, and come first by them:
    'theorem Demo.sum_mul_sum (v w : Nat → Nat) (s : Finset Nat) : (∑ i ∈ s, v i) * (∑ i ∈ s, w i) = ∑ i ∈ s, ∑ j ∈ s, v i * w j := sorry',
    'theorem Demo.mul_sum (c : Nat) (v : Nat → Nat) (s : Finset Nat) : c * ∑ i ∈ s, v i = ∑ i ∈ s, c * v i := sorry',
    'theorem Demo.sum_mul (c : Nat) (v : Nat → Nat) (s : Finset Nat) : (∑ i ∈ s, v i) * c = ∑ i ∈ s, v i * c := sorry',
    // The definition, whose signature has none of them:
    'def Demo.dot (s : Finset Nat) (v w : Nat → Nat) : Nat := ∑ i ∈ s, v i * w i',
  ];
  const { root, cache } = tempProject('leanscout-defining-term-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  const { QUERY_PARAMS } = await import('../../src/core/search/query');
  const ranks = (query: string) => engine.search({ query, k: 4 }).hits.map((h) => h.decl.name);
  for (const query of ['∑ j ∈ t, f j * g j', '`∑ j ∈ t, f j * g j`']) {
    // Second only to the lemma whose statement has every symbol twice, above those that share most of them…
    assert.deepEqual(ranks(query).slice(0, 2), ['Demo.sum_mul_sum', 'Demo.dot'], query);
    // …which it is below when its body is not read for a term asked for.
    const was = QUERY_PARAMS.statementBody;
    QUERY_PARAMS.statementBody = 0;
    try {
      assert.equal(ranks(query).indexOf('Demo.dot'), 3, query);
    } finally {
      QUERY_PARAMS.statementBody = was;
    }
  }
  // …and by an equation defining a function as texts do (`φ x = …`): its right side is the term.
  const { definingSide } = await import('../../src/core/statement');
  assert.equal(definingSide('φ x = x * log x + 1 - x'), 'x * log x + 1 - x');
  assert.equal(definingSide('d (x, y) = card {i | x i ≠ y i}'), 'card {i | x i ≠ y i}');
  for (const c of ['a + b = b + a', 'f x = x', 'f x ≤ g x', 'Real.log x = y * z']) assert.equal(definingSide(c), undefined, c);
  assert.equal(ranks('φ t = ∑ j ∈ t, f j * g j')[0], 'Demo.dot');
});

test('a type asked for finds the declarations of just that type, as Loogle is asked', async () => {
  const { Engine } = await import('../../src/core/engine');
  const { typeChainOf, typeKeyHash } = await import('../../src/core/statement');
  // Explicit arguments, then the result; implicit and instance arguments left out; brackets do not count.
  assert.equal(typeChainOf('{α β : Type} [Inhabited α] (f : α → β) (s : Box α) : Box β'), 'α → β → Box α → Box β');
  assert.equal(typeKeyHash(typeChainOf(': (γ → δ) → Box γ → Box δ')), typeKeyHash(typeChainOf('(f : α → β) (s : Box α) : Box β')));
  assert.equal(analyzeQuery('(α → β) → Box α → Box β').typeChain, '(α → β) → Box α → Box β');
  assert.equal(analyzeQuery('`(f : α → β) (s : Box α) : Box β` applied to each element').typeChain, 'α → β → Box α → Box β');
  for (const q of ['a map from boxes to boxes', 'a ≤ b → f a ≤ f b', 'Continuous f → Continuous (f + g)'])
    assert.equal(analyzeQuery(q).typeChain, undefined, q);
  const basic = [
    'structure Demo.Box (α : Type) where',
    '  items : List α',
    // Declarations whose words the type's share (`Box`), of other types:
    'def Demo.Box.first {α : Type} [Inhabited α] (b : Demo.Box α) : α := sorry',
    'def Demo.Box.size {α : Type} (b : Demo.Box α) : Nat := sorry',
    'theorem Demo.Box.ext {α : Type} (a b : Demo.Box α) (h : a.items = b.items) : a = b := sorry',
    'def Demo.Box.bind {α β : Type} (b : Demo.Box α) (f : α → Demo.Box β) : Demo.Box β := sorry',
    'def Demo.Box.bindBoth {α β : Type} (b : Demo.Box α) (f : α → Demo.Box β) (g : α → Demo.Box β) : Demo.Box β := sorry',
    'def Demo.Box.join {α : Type} (b : Demo.Box (Demo.Box α)) : Demo.Box α := sorry',
    // The one of the type asked for:
    'def Demo.Box.transform {α β : Type} (f : α → β) (b : Demo.Box α) : Demo.Box β := sorry',
  ];
  const { root, cache } = tempProject('leanscout-type-query-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  for (const query of ['(α → β) → Demo.Box α → Demo.Box β', '`(g : γ → δ) (x : Demo.Box γ) : Demo.Box δ`'])
    assert.equal(engine.search({ query, k: 3 }).hits[0]?.decl.name, 'Demo.Box.transform', query);
  assert.equal(engine.search({ query: 'Demo.Box α → Nat', k: 3 }).hits[0]?.decl.name, 'Demo.Box.size');
});

test('a statement written with ≥ or > is the one Mathlib states with ≤ or <: same shape and key; numerals are part of the key', async () => {
  const { conclusionKey, greaterTurnedAround } = await import('../../src/core/statement');
  assert.equal(greaterTurnedAround('x ^ 2 ≥ 0'), '0 ≤ x ^ 2');
  assert.equal(greaterTurnedAround('a + b > a'), 'a < a + b');
  assert.equal(conclusionOf('∀ x : ℝ, x ^ 2 ≥ 0', false), '0 ≤ x ^ 2');
  assert.equal(shapeOf(conclusionOf('x ^ 2 ≥ 0', false)), shapeOf('0 ≤ a ^ 2'));
  // Not a relation turned around: a binder's bound, a type's `ℝ≥0`, an arrow, two relations.
  for (const s of ['∃ x > 0, p x', 'f x = (y : ℝ≥0)', 'a ≥ b ↔ b ≤ a', 'f = fun x => x', 'a -> b']) assert.equal(greaterTurnedAround(s), s);
  assert.equal(conclusionKey('0 ≤ a ^ 2'), '0 ≤ v0 ^ 2');
  assert.notEqual(conclusionKey('0 ≤ a ^ 2'), conclusionKey('1 ≤ a ^ 3'));
  // `n!` as typed is `n !` (the factorial; Lean would read a name): the same key and shape; `get!` stays a name.
  assert.equal(conclusionKey('0 < n!'), conclusionKey('0 < m !'));
  assert.equal(shapeOf('0 < n!'), shapeOf('0 < m !'));
  assert.equal(conclusionKey('l.get! 0 = a'), 'get! 0 = v0');
  // Typed as a user types a statement: bare, with ≥ or >, without spaces.
  for (const q of ['x^2 ≥ 0', 'a + b > a', '`x ^ 2 ≥ 0`']) assert.equal(analyzeQuery(q).mode, 'goal', q);
  assert.ok(!analyzeQuery('{x : ℝ≥0∞ // x ≠ ⊤}').target?.includes('≤'), 'ℝ≥0∞ is a type, not a relation');
});

test('functions Mathlib writes as notation are keyed and asked as written there: `abs (a + b)` is `|a + b|`, `Real.sqrt x` is `√x`, `norm v` is `‖v‖`, `nhds x` is `𝓝 x`', async () => {
  const { asNotation, conclusionKey } = await import('../../src/core/statement');
  const { leanNotation } = await import('../../src/core/search/query');
  assert.equal(asNotation('abs (a + b) ≤ abs a + abs b'), '|a + b| ≤ |a| + |b|');
  assert.equal(asNotation('sqrt (x * y) = sqrt x * Real.sqrt y'), '√(x * y) = √x * √y');
  assert.equal(asNotation('norm (f (x + 1)) ≤ norm x'), '‖f (x + 1)‖ ≤ ‖x‖');
  assert.equal(asNotation('Real.pi < 4'), 'π < 4');
  assert.equal(asNotation('Tendsto (fun n => 1 / n) atTop (nhds 0)'), 'Tendsto (fun n => 1 / n) atTop (𝓝 0)');
  // A longer name that begins like one is another function.
  assert.equal(asNotation('nhds (a + b) ≤ nhdsWithin a s'), '𝓝 (a + b) ≤ nhdsWithin a s');
  assert.equal(asNotation('norm x ≤ normSq x + absNorm y'), '‖x‖ ≤ normSq x + absNorm y');
  // Not another namespace's function, a lemma's name, or a word.
  for (const s of ['Complex.abs z = 1', 'NNReal.sqrt x = y', 'abs_add_le a b', 'x.norm = 1']) assert.equal(asNotation(s), s);
  assert.equal(leanNotation('sqrt of 2 is irrational'), 'sqrt of 2 is irrational', 'prose is left alone');
  // A statement written either way has one conclusion key (stored keys and queries meet).
  assert.equal(conclusionKey(conclusionOf('(a b : ℝ) : abs (a * b) = abs a * abs b', true)), conclusionKey(conclusionOf('(x y : ℝ) : |x * y| = |x| * |y|', true)));
  assert.deepEqual(analyzeQuery('abs (a + b) ≤ abs a + abs b'), analyzeQuery('|a + b| ≤ |a| + |b|'));
  assert.equal(conclusionKey(conclusionOf('Tendsto f atTop (nhds 0)', false)), conclusionKey(conclusionOf('Tendsto g atTop (𝓝 0)', false)));
});

test('a statement or a goal puts first the few lemmas concluding just it, found whatever their words (`0 ≤ x ^ 2`: `sq_nonneg`)', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    // The lemma asked for, named by the naming convention (`sq`, `nonneg`): no word of its name is in the query.
    'theorem Demo.sq_nonneg (a : Nat) : 0 ≤ a ^ 2 := sorry',
    // Lemmas named by the query's symbols' words (`pow`, `le`, `zero`, `two`), of other conclusions.
    ...'abcdefghijkl'.split('').map((c) => `theorem Demo.pow_le_pow_${c} (a b : Nat) (h : a ≤ b) : a ^ 2 ≤ b ^ 2 := sorry`),
    ...'abcdefghijkl'.split('').map((c) => `theorem Demo.zero_lt_two_add_${c} (a : Nat) : 0 < 2 + a := sorry`),
  ];
  const { root, cache } = tempProject('leanscout-same-conclusion-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  // As in a whole library: `0`, `≤`, `^`, `2` are common terms there and only re-score.
  await withRankParams({ commonTermShare: 0.1, commonTermMinDf: 2 }, async () => {
    const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
    for (const query of ['x ^ 2 ≥ 0', 'x^2 ≥ 0', '`0 ≤ x ^ 2`', '$x^2 \\geq 0$', 'x : Nat\n⊢ 0 ≤ x ^ 2', '⊢ x ^ 2 ≥ 0'])
      assert.equal(engine.search({ query, k: 3 }).hits[0]?.decl.name, 'Demo.sq_nonneg', query);
    // Without it, nothing finds the lemma for the goal: its words are not the goal's, its symbols too common (a
    // statement also looks among the lemmas of its shape, when they are few: here, but not in Mathlib).
    await withRankParams({ sameConclusion: 0 }, () =>
      assert.ok(!engine.search({ query: '⊢ 0 ≤ x ^ 2', k: 30 }).hits.some((h) => h.decl.name === 'Demo.sq_nonneg')),
    );
  });
});

test('numeralsAsVariables: a statement about particular numbers as the general statement it instantiates', async () => {
  const { conclusionKey, numeralsAsVariables } = await import('../../src/core/statement');
  const general = (s: string) => conclusionKey(numeralsAsVariables(s) ?? s);
  // Each numeral but 0 and 1 a variable, with its own sign (not the `- 3` of a subtraction), the same numeral the same one.
  assert.equal(general('|(-3) * 5| = |-3| * |5|'), conclusionKey('|a * b| = |a| * |b|'));
  assert.equal(general('√(2 * 3) = √2 * √3'), conclusionKey('√(x * y) = √x * √y'));
  assert.equal(general('x - 3 ≤ x + 1'), conclusionKey('x - c ≤ x + 1'));
  assert.equal(general('a ^ 2 * a ^ 3 = a ^ 5'), conclusionKey('a ^ m * a ^ n = a ^ k'));
  assert.equal(general('2.5 * 4 = 10'), conclusionKey('a * b = c'));
  // Nothing to generalize: no numeral, or only 0 and 1; numerals inside names and subscripts stay.
  for (const s of ['a * 1 = a', '0 ≤ x', 'f x₂ = H₃ x', 'log2 x = 0']) assert.equal(numeralsAsVariables(s), undefined, s);
});

test('a statement about particular numbers finds the lemma it is an instance of, above the declarations that mention its numbers', async () => {
  const { Engine } = await import('../../src/core/engine');
  const basic = [
    // The general lemma: none of the query's numbers.
    'theorem Demo.abs_mul (a b : Int) : |a * b| = |a| * |b| := sorry',
    // Declarations that mention the query's numbers.
    'def Demo.H₃ : Fin 3 → Fin 5 := sorry',
    'theorem Demo.three_five (h : 3 ∣ 5 * 3) : |(3 : Int)| = 3 := sorry',
    'theorem Demo.neg_three (a : Int) : |(-3 : Int) * a| = 3 * |a| := sorry',
  ];
  const { root, cache } = tempProject('leanscout-general-conclusion-', { 'lakefile.lean': LAKEFILE, 'Demo/Basic.lean': basic.join('\n') });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'wait' });
  for (const query of ['$|(-3) \\cdot 5| = |-3| \\cdot |5|$', '`|(-3) * 5| = |-3| * |5|`'])
    assert.equal(engine.search({ query, k: 3 }).hits[0]?.decl.name, 'Demo.abs_mul', query);
  await withRankParams({ generalConclusion: 0 }, () =>
    assert.notEqual(engine.search({ query: '`|(-3) * 5| = |-3| * |5|`', k: 3 }).hits[0]?.decl.name, 'Demo.abs_mul', 'without it the numbers lead'),
  );
  // A goal's numbers are what it is about (its premises are not the general lemma): not generalized.
  const goal = analyzeQuery('⊢ |(-3) * 5| = |-3| * |5|');
  assert.ok(goal.proof && goal.terms.some((t) => t.term === '5' && t.weight > 1), 'a goal keeps its numbers');
});

test('a name being typed (no name yet) finds the names it begins: with a namespace the full name, without it the last part', async () => {
  const { SearchIndex } = await import('../../src/core/search/searchIndex');
  const { Ranker } = await import('../../src/core/search/ranker');
  const d = (name: string, signature: string) => ({ name, kind: 'theorem' as const, signature, module: 'Demo', file: 'Demo.lean', line: 1, pkg: 'demo' });
  const index = SearchIndex.build(
    [
      d('Demo.exp', '(x : ℝ) : ℝ'),
      d('Demo.Tactic.le_of_po', '(h : p) : q'), // the typed part's last word as a whole name part
      d('Demo.exp_pos', '(x : ℝ) : 0 < Demo.exp x'),
      d('Demo.Other.sqrt', '(x : ℝ) : ℝ'),
      d('Demo.Real.sqrt_nonneg', '(x : ℝ) : 0 ≤ Demo.Other.sqrt x'),
    ],
    [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }],
  );
  const ranker = new Ranker(index);
  const first = (q: string) => index.store.names[ranker.rank(analyzeQuery(q), { k: 3 })[0].id];
  assert.equal(first('Demo.exp_po'), 'Demo.exp_pos');
  assert.equal(first('sqrt_nonn'), 'Demo.Real.sqrt_nonneg');
  assert.equal(first('Demo.exp'), 'Demo.exp', 'a whole name is itself');
  await withRankParams({ prefixName: 0 }, () => assert.notEqual(first('Demo.exp_po'), 'Demo.exp_pos'));
});

test('an operation\'s result said in words to be a constant ("the product of two integers is zero iff one of them is zero") is the statement it describes', async () => {
  const { analyzeQuery } = await import('../../src/core/search/query');
  const target = (q: string) => analyzeQuery(q).target;
  assert.equal(target('the product of two integers is zero iff one of them is zero'), target('`a * b = 0 ↔ a = 0 ∨ b = 0`'));
  assert.equal(target('The sum of two natural numbers is zero if and only if both are zero.'), target('`a + b = 0 ↔ a = 0 ∧ b = 0`'));
  assert.equal(target('the difference of two elements is zero iff they are equal'), target('`a - b = 0 ↔ a = b`'));
  assert.equal(target('the quotient of two numbers is one'), target('`a / b = 1`'));
  assert.equal(target('the product of two integers is zero iff the moon is full'), undefined, 'a condition it cannot read: no statement');
  assert.equal(analyzeQuery('the sum of two ordinals is zero iff both are zero').nameGuesses, undefined, '"zero" is no property the sum preserves');
  // (the statement then ranks as a Lean statement among words does, tested above)
});

// "The sum of two continuous functions is continuous", asked in words or as the goal Lean prints
// (`Continuous fun x => f x + g x`), is `Continuous.add` — a lemma without a docstring, among many `Continuous.*`
// lemmas (every one matches "continuous") and many `*.add` lemmas (semicontinuous ones whose docstrings say "the sum
// of two … functions"). Mathlib's naming convention names it: a property preserved by an operation is
// `Property.operation`; and the goal's lambda is the pointwise `f + g` the lemma states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { RANK_PARAMS, Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

function decl(name: string, signature: string, module: string, doc?: string): Declaration {
  return { name, kind: 'theorem', signature, module, file: module.split('.').join('/') + '.lean', line: 1, pkg: 'demo', ...(doc ? { doc } : {}) };
}

/** Runs `check` with a ranking parameter at 0 (the mechanism it weighs off), then restores it. */
function withoutParam(name: 'impliedProperty' | 'distributedOver', check: () => void): void {
  const saved = RANK_PARAMS[name];
  RANK_PARAMS[name] = 0;
  try {
    check();
  } finally {
    RANK_PARAMS[name] = saved;
  }
}

const OPS: [string, string][] = [
  ['add', '+'],
  ['mul', '*'],
  ['sub', '-'],
  ['div', '/'],
  ['smul', '•'],
];

function library(): { decls: Declaration[]; modules: ModuleInfo[] } {
  const decls: Declaration[] = [];
  const topo = 'Demo.Topology.Algebra';
  // The lemmas wanted (no docstrings), written as Mathlib writes them.
  decls.push(decl('Continuous.add', '(hf : Continuous f) (hg : Continuous g) : Continuous (f + g)', topo));
  decls.push(decl('Continuous.fun_add', '(hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x + g x', topo));
  // Many `Continuous.*` lemmas.
  for (const [w, op] of OPS.slice(1)) {
    decls.push(decl(`Continuous.${w}`, `(hf : Continuous f) (hg : Continuous g) : Continuous (f ${op} g)`, topo));
    decls.push(decl(`Continuous.fun_${w}`, `(hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x ${op} g x`, topo));
  }
  for (const w of ['neg', 'inv', 'exp', 'log', 'sin', 'cos', 'norm', 'abs', 'fst', 'snd', 'prodMk', 'comp', 'pow', 'max', 'min', 'sqrt', 'star', 'conj', 're', 'im']) {
    decls.push(decl(`Continuous.${w}`, `(hf : Continuous f) : Continuous fun x => ${w} (f x)`, topo));
    decls.push(decl(`Continuous.${w}_const`, `(hf : Continuous f) (c : ℝ) : Continuous fun x => ${w} (f x) c`, topo));
  }
  // Parity: a property of three letters (`Odd.mul`), among other lemmas about odd numbers.
  decls.push(decl('Odd.mul', '(hm : Odd m) (hn : Odd n) : Odd (m * n)', 'Demo.Algebra.Group.Even'));
  decls.push(decl('Odd.add_odd', '(hm : Odd m) (hn : Odd n) : Even (m + n)', 'Demo.Algebra.Group.Even'));
  for (const w of ['pow', 'neg', 'natCast', 'intCast', 'pos', 'ne_two_of_dvd_nat', 'of_mul_right', 'of_mul_left'])
    decls.push(decl(`Odd.${w}`, `(hm : Odd m) : Odd (${w} m)`, 'Demo.Algebra.Group.Even', `An odd number's ${w} is odd.`));
  decls.push(decl('Nat.odd_mul', ': Odd (m * n) ↔ Odd m ∧ Odd n', 'Demo.Algebra.Group.Nat.Even'));
  // Order properties: names state them as the result's, after the operation (`div_nonneg`, `mul_pos`), among lemmas
  // whose docstrings teach the library's shortening of "nonnegative".
  decls.push(decl('div_nonneg', '(ha : 0 ≤ a) (hb : 0 ≤ b) : 0 ≤ a / b', 'Demo.Algebra.Order.Field'));
  decls.push(decl('mul_pos', '(ha : 0 < a) (hb : 0 < b) : 0 < a * b', 'Demo.Algebra.Order.Ring'));
  const measures = ['sq', 'abs', 'norm', 'dist', 'sqrt', 'nnnorm', 'card', 'edist', 'area', 'volume', 'mass', 'energy', 'height', 'width', 'length', 'depth', 'radius', 'diameter', 'perimeter', 'girth', 'span', 'density', 'entropy', 'variance'];
  measures.forEach((w, i) => decls.push(decl(`${w}_nonneg`, `(a : α) : 0 ≤ ${w} a`, 'Demo.Algebra.Order.Basic', i < 6 ? `The ${w} is nonnegative.` : undefined)));
  measures.forEach((w, i) => decls.push(decl(`${w}_pos`, `(h : a ≠ 0) : 0 < ${w} a`, 'Demo.Algebra.Order.Basic', i < 6 ? `The ${w} is positive away from zero.` : undefined)));
  decls.push(decl('continuous_add_left', '(a : M) : Continuous fun b : M => a + b', topo));
  decls.push(decl('continuous_add_right', '(a : M) : Continuous fun b : M => b + a', topo));
  decls.push(decl('continuous_add', ': Continuous fun p : M × M => p.1 + p.2', topo));
  decls.push(decl('AddMonoidHom.toRealLinearMap', '(f : E →+ F) (hf : Continuous f) : E →L[ℝ] F', 'Demo.Topology.Instances.Real'));
  decls.push(decl('Continuous.vadd', '(hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x +ᵥ g x', topo));
  decls.push(
    decl('continuous_tsum', '(hu : Summable u) (hfu : ∀ n x, ‖f n x‖ ≤ u n) : Continuous fun x => ∑\' n, f n x', 'Demo.Analysis.FunctionSeries', 'The sum of a series of continuous functions, dominated by a summable series, is continuous.'),
  );
  // Many `*.add` lemmas, the semicontinuous ones with the query's very words in their docstrings.
  for (const side of ['Lower', 'Upper']) {
    for (const at of ['', 'At', 'On', 'WithinAt']) {
      const p = `${side}Semicontinuous${at}`;
      const doc = `The sum of two ${side.toLowerCase()} semicontinuous functions is ${side.toLowerCase()} semicontinuous.`;
      decls.push(decl(`${p}.add`, `(hf : ${p} f) (hg : ${p} g) : ${p} fun z => f z + g z`, 'Demo.Topology.Semicontinuity', doc));
      decls.push(decl(`${p}.add'`, `{f g : α → γ} (hf : ${p} f) (hg : ${p} g) (hcont : ContinuousAt (fun p : γ × γ => p.1 + p.2) (f x, g x)) : ${p} fun z => f z + g z`, 'Demo.Topology.Semicontinuity', doc + ' Formulated with an explicit continuity assumption on addition.'));
    }
  }
  for (const p of ['Measurable', 'Differentiable', 'Monotone', 'Antitone', 'Summable', 'Integrable', 'UniformContinuous', 'ContDiff', 'AEMeasurable', 'StronglyMeasurable']) {
    decls.push(decl(`${p}.add`, `(hf : ${p} f) (hg : ${p} g) : ${p} fun x => f x + g x`, `Demo.${p}`));
    decls.push(decl(`${p}.const_add`, `(hf : ${p} f) (c : β) : ${p} fun x => c + f x`, `Demo.${p}`));
  }
  // The rest of a library: "continuous" is one word among many (as in Mathlib, where a few percent of declarations say it).
  const words = ['ring', 'group', 'order', 'lattice', 'module', 'ideal', 'field', 'norm', 'measure', 'filter', 'finset', 'list', 'nat', 'int', 'real', 'matrix', 'polynomial', 'graph', 'set', 'map'];
  for (let i = 0; i < 3000; i++) {
    const a = words[i % words.length];
    const b = words[(i * 7 + 3) % words.length];
    decls.push(decl(`${a[0].toUpperCase()}${a.slice(1)}.${b}_lemma_${i}`, `(x y : ${b[0].toUpperCase()}${b.slice(1)} α) (h : x ≤ y) : ${a} x ≤ ${a} y`, `Demo.${a}.${b}`, i % 3 === 0 ? `A fact about ${a} and ${b}.` : undefined));
  }
  const modules = [...new Set(decls.map((d) => d.module))].map((name) => ({ name, file: name.split('.').join('/') + '.lean', pkg: 'demo', imports: [] }));
  return { decls, modules };
}

function top(query: string, k = 3): string[] {
  const { decls, modules } = library();
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  return ranker.rank(analyzeQuery(query), { k }).map((h) => index.store.names[h.id]);
}

const WANTED = (names: string[]) => names.includes('Continuous.add') || names.includes('Continuous.fun_add');

test('words: "sum of two continuous functions is continuous" puts Continuous.add in the top 3', () => {
  const names = top('sum of two continuous functions is continuous');
  assert.ok(WANTED(names), names.join(', '));
});

test('goal: ⊢ Continuous fun x => f x + g x puts Continuous.add (or fun_add) in the top 3', () => {
  const names = top('f g : ℝ → ℝ\nhf : Continuous f\nhg : Continuous g\n⊢ Continuous fun x => f x + g x');
  assert.ok(WANTED(names), names.join(', '));
  // The lemma stated pointwise the other way round is found from the goal `Continuous (f + g)` too.
  assert.ok(WANTED(top('f g : ℝ → ℝ\nhf : Continuous f\nhg : Continuous g\n⊢ Continuous (f + g)')));
});

test('the guess follows the operation and the property, not the words of one example', () => {
  assert.equal(top('product of two continuous functions is continuous', 1)[0], 'Continuous.mul');
  assert.equal(top('f g : ℝ → ℝ\nhf : Measurable f\nhg : Measurable g\n⊢ Measurable fun x => f x + g x', 1)[0], 'Measurable.add');
  const plan = analyzeQuery('the sum of two lower semicontinuous functions is lower semicontinuous');
  assert.deepEqual(plan.nameGuesses?.map((g) => g.last), ['add']);
  // A property of three letters, as the convention names it (`Odd.mul`).
  assert.deepEqual(analyzeQuery('the product of two odd numbers is odd').nameGuesses?.map((g) => [g.namespaces, g.last]), [[['odd', 'isodd'], 'mul']]);
  // The operation done ("adding", "negating") or its result as an adjective's noun ("the negative of") says it too.
  assert.deepEqual(analyzeQuery('adding two continuous functions gives a continuous function').nameGuesses?.map((g) => [g.namespaces, g.last]), [[['continuous', 'iscontinuous'], 'add']]);
  assert.deepEqual(analyzeQuery('negating a prime keeps it prime').nameGuesses?.map((g) => [g.namespaces, g.last]), [[['prime', 'isprime'], 'neg']]);
  assert.deepEqual(analyzeQuery('the negative of an even number is even').nameGuesses?.map((g) => [g.namespaces, g.last]), [[['even', 'iseven'], 'neg']]);
  assert.equal(top('product of two odd numbers is odd', 1)[0], 'Odd.mul');
  // The image and the preimage are operations too (`IsCompact.image`, `IsOpen.preimage`).
  assert.deepEqual(analyzeQuery('the image of a compact set under a continuous map is compact').nameGuesses?.map((g) => [g.namespaces, g.last]), [[['compact', 'iscompact'], 'image']]);
  assert.deepEqual(analyzeQuery('the preimage of an open set by a continuous function is open').nameGuesses?.map((g) => g.last), ['preimage']);
  // …and in a goal, Lean's `''` and `⁻¹'` (not the `⁻¹` of an inverse).
  assert.deepEqual(analyzeQuery("hs : IsCompact s\n⊢ IsCompact (f '' s)").nameGuesses?.map((g) => g.last), ['image']);
  assert.deepEqual(analyzeQuery("⊢ IsOpen (f ⁻¹' s)").nameGuesses?.map((g) => g.last), ['preimage']);
  assert.deepEqual(analyzeQuery('⊢ IsOpen (s⁻¹)').nameGuesses?.map((g) => g.last), ['inv']);
  // A property of an operation in backticks among words guesses as the goal does, the other formulas its hypotheses.
  const words = analyzeQuery('`Measurable f` and `Measurable g` give `Measurable (f + g)`').nameGuesses ?? [];
  assert.deepEqual(words.map((g) => [g.namespaces, g.last, g.weight]), (analyzeQuery('hf : Measurable f\nhg : Measurable g\n⊢ Measurable (f + g)').nameGuesses ?? []).map((g) => [g.namespaces, g.last, g.weight]));
  assert.equal(top('`Measurable f` and `Measurable g` give `Measurable (f + g)`', 1)[0], 'Measurable.add');
  // (the conclusion alone is no hypothesis: the weaker guess, as for the goal without them)
  assert.deepEqual(analyzeQuery('is `Measurable (f + g)` true').nameGuesses?.map((g) => g.weight), analyzeQuery('⊢ Measurable (f + g)').nameGuesses?.map((g) => g.weight));
  // A property said once is not one the operation preserves; a relation is not a property.
  assert.equal(analyzeQuery('sum of continuous functions').nameGuesses, undefined);
  assert.equal(analyzeQuery('a b : ℕ\n⊢ a + b = b + a').nameGuesses, undefined);
});

test('an order property preserved by an operation is also named as the result\'s (`div_nonneg`, `mul_pos`): in the top 10 among lemmas whose docstrings say the property', () => {
  const quotient = top('the quotient of two nonnegative numbers is nonnegative', 10);
  assert.ok(quotient.includes('div_nonneg'), quotient.join(', '));
  const product = top('the product of two positive numbers is positive', 10);
  assert.ok(product.includes('mul_pos'), product.join(', '));
});

test('goal: hypotheses that state the property of the operands make the guess as strong as the same words in a query', () => {
  const goal = 'f g : ℝ → ℝ\nhf : Differentiable ℝ f\nhg : Differentiable ℝ g\n⊢ Differentiable ℝ fun x => f x * g x';
  const withHyps = analyzeQuery(goal).nameGuesses ?? [];
  const bare = analyzeQuery('f g : ℝ → ℝ\n⊢ Differentiable ℝ fun x => f x * g x').nameGuesses ?? [];
  assert.deepEqual(withHyps.map((g) => g.last), ['mul']);
  assert.deepEqual(bare.map((g) => g.last), ['mul']);
  assert.ok(withHyps[0].weight > bare[0].weight, `${withHyps[0].weight} vs ${bare[0].weight}`);
  // Among lemmas about concrete functions on ℝ (they share the goal's `ℝ`), the general lemma stated over `𝕜` is found.
  const { decls, modules } = library();
  decls.push(decl('Differentiable.mul', '(ha : Differentiable 𝕜 a) (hb : Differentiable 𝕜 b) : Differentiable 𝕜 (a * b)', 'Demo.Calculus.Mul'));
  for (const fn of ['sin', 'cos', 'exp', 'sinh', 'cosh', 'arctan', 'sigmoid', 'log', 'sqrt', 'rpow']) {
    decls.push(decl(`Real.differentiable_${fn}`, `: Differentiable ℝ ${fn}`, 'Demo.Calculus.Real'));
    decls.push(decl(`Real.differentiableAt_${fn}`, `{x : ℝ} : DifferentiableAt ℝ ${fn} x`, 'Demo.Calculus.Real'));
  }
  const index = SearchIndex.build(decls, modules);
  const names = new Ranker(index).rank(analyzeQuery(goal), { k: 3 }).map((h) => index.store.names[h.id]);
  assert.ok(names.includes('Differentiable.mul'), names.join(', '));
});

test('a property said to give another is the lemma named after both: "a differentiable function is continuous" → `Differentiable.continuous`', () => {
  const { decls, modules } = library();
  const topo = 'Demo.Topology.Compact';
  decls.push(decl('Differentiable.continuous', '(h : Differentiable 𝕜 f) : Continuous f', 'Demo.Calculus.FDeriv'));
  decls.push(decl('UniformContinuous.continuous', '(hf : UniformContinuous f) : Continuous f', 'Demo.Topology.Uniform'));
  decls.push(decl('IsClosed.isCompact', '[CompactSpace X] (h : IsClosed s) : IsCompact s', topo));
  decls.push(decl('Real.exp_pos', '(x : ℝ) : 0 < exp x', 'Demo.Analysis.Exp'));
  decls.push(decl('Nat.factorial_pos', '(n : ℕ) : 0 < n !', 'Demo.Data.Nat.Factorial'));
  decls.push(decl('Nat.factorial_lt', '(hn : 0 < n) : n ! < m ! ↔ n < m', 'Demo.Data.Nat.Factorial', 'The factorial is strictly monotone on positive natural numbers.'));
  decls.push(decl('Nat.Prime.two_le', '{p : ℕ} (hp : p.Prime) : 2 ≤ p', 'Demo.Data.Nat.Prime'));
  decls.push(decl('Nat.exists_prime_and_dvd', '{n : ℕ} (hn : n ≠ 1) : ∃ p, p.Prime ∧ p ∣ n', 'Demo.Data.Nat.Prime', 'Every natural number other than one has a prime factor, a number at least two.'));
  decls.push(decl('Ideal.IsMaximal.isPrime', '{I : Ideal α} (H : I.IsMaximal) : I.IsPrime', 'Demo.RingTheory.Ideal'));
  decls.push(decl('Ideal.exists_le_maximal', '(I : Ideal α) (hI : I ≠ ⊤) : ∃ M, M.IsMaximal ∧ I ≤ M', 'Demo.RingTheory.Ideal', 'Every proper ideal is contained in a maximal ideal, a prime ideal.'))
  // Declarations whose docstrings have the sentences' words.
  decls.push(decl('DiffContOnCl', '(f : E → F) (s : Set E) : Prop', 'Demo.Calculus.DiffContOnCl', 'A function is differentiable on a set and continuous on its closure.'));
  decls.push(decl('TendstoUniformly.continuous', '(h : TendstoUniformly F f p) (hc : ∀ n, Continuous (F n)) : Continuous f', 'Demo.Topology.Uniform', 'A uniform limit of continuous functions is continuous.'));
  decls.push(decl('IsCompact.of_isClosed_subset', '(hs : IsCompact s) (ht : IsClosed t) (h : t ⊆ s) : IsCompact t', topo, 'A closed subset of a compact set is compact.'));
  decls.push(decl('expChar_pos', '[ExpChar R p] : 0 < p', 'Demo.Algebra.CharP', 'The exponential characteristic is positive.'));
  // ("uniform" is a name word of many declarations, as in Mathlib: the form names give "uniformly".)
  // (…and names shorten "exponential" to `exp` and "positive" to `pos`, as the docstrings of such lemmas show.)
  for (let i = 0; i < 30; i++) decls.push(decl(`Real.exp_lemma_${i}`, `(x : ℝ) : exp x ≤ exp (x + ${i})`, 'Demo.Analysis.Exp', 'A fact about the exponential function.'));
  for (let i = 0; i < 30; i++) decls.push(decl(`Nat.pos_lemma_${i}`, `(n : ℕ) : 0 < n + ${i + 1}`, 'Demo.Order.Pos', 'A successor is positive.'));
  for (let i = 0; i < 30; i++) decls.push(decl(`UniformSpace.uniform_lemma_${i}`, `(x : UniformSpace α) : x.uniformity ≤ x.uniformity`, 'Demo.Topology.Uniform'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const first = (query: string) => index.store.names[ranker.rank(analyzeQuery(query), { k: 1 })[0]?.id ?? -1];
  assert.equal(first('a differentiable function is continuous'), 'Differentiable.continuous');
  assert.equal(first('every uniformly continuous map is continuous'), 'UniformContinuous.continuous', 'the words in the form the name gives them');
  assert.equal(first('closed subsets of a compact space are compact'), 'IsClosed.isCompact', 'the predicates `IsX`');
  assert.equal(first('the exponential function is positive'), 'Real.exp_pos', 'said of one object: its name, then the property');
  assert.equal(first('in a commutative ring every maximal ideal is a prime ideal'), 'Ideal.IsMaximal.isPrime', 'a noun of its own');
  assert.equal(first('every prime number is at least two'), 'Nat.Prime.two_le', 'a bound as names state it');
  assert.equal(first('the factorial of every natural number is positive'), 'Nat.factorial_pos', "a function's value said of one object");
  assert.equal(first('factorials are positive'), 'Nat.factorial_pos', 'a notion of one word');
  assert.deepEqual(analyzeQuery('measures are monotone').impliedProperty, { from: ['measure'], to: ['monotone'] });
  withoutParam('impliedProperty', () =>
    assert.notEqual(first('a differentiable function is continuous'), 'Differentiable.continuous', 'without the guess the docstrings lead'),
  );
  assert.deepEqual(analyzeQuery('a uniformly continuous function is continuous').impliedProperty, { from: ['uniformly', 'continuous'], to: ['continuous'] });
  // Any noun the property qualifies, the noun said again after the property, a setting said first.
  assert.deepEqual(analyzeQuery('maximal ideals are prime').impliedProperty, { from: ['maximal'], to: ['prime'] });
  assert.deepEqual(analyzeQuery('every maximal ideal is a prime ideal').impliedProperty, { from: ['maximal'], to: ['prime'] });
  assert.deepEqual(analyzeQuery('In a Hausdorff space, every compact subset is closed.').impliedProperty, { from: ['compact'], to: ['closed'] });
  assert.deepEqual(analyzeQuery('a prime number is greater than one').impliedProperty, { from: ['prime'], to: ['onelt'] });
  assert.deepEqual(analyzeQuery('The sine of a real number is at most one.').impliedProperty, { from: ['sine'], to: ['leone'] }, '"at most one" ending a sentence is a bound');
  assert.equal(analyzeQuery('there is at most one fixed point').impliedProperty, undefined);
  assert.deepEqual(analyzeQuery('every maximal ideal $\\mathfrak{m}$ of a commutative ring is prime').impliedProperty, { from: ['maximal'], to: ['prime'] }, 'its name and what qualifies it left aside');
  // Not a property giving another: an operation's result, a relation, a noun said of a noun.
  for (const q of ['the sum of two continuous functions is continuous', 'a subset is closed under addition', 'the map is a function', 'continuous functions', 'the set of primes is infinite', 'the derivative of sin is cos', 'every maximal ideal is a prime number'])
    assert.equal(analyzeQuery(q).impliedProperty, undefined, q);
});

test('a function of an operation stated by the operation of its values is named after both: "the logarithm of a product is the sum of logarithms" → `Real.log_mul`', () => {
  const { decls, modules } = library();
  const an = 'Demo.Analysis.Log';
  decls.push(decl('Real.log_mul', '(hx : x ≠ 0) (hy : y ≠ 0) : log (x * y) = log x + log y', an));
  decls.push(decl('norm_add_le', '(a b : E) : ‖a + b‖ ≤ ‖a‖ + ‖b‖', 'Demo.Analysis.Normed'));
  decls.push(decl('norm_add_eq', '(h : SameRay ℝ a b) : ‖a + b‖ = ‖a‖ + ‖b‖', 'Demo.Analysis.Normed'));
  decls.push(decl('Multiset.card_add', '(s t : Multiset α) : card (s + t) = card s + card t', 'Demo.Data.Multiset'));
  decls.push(decl('mul_inv', '(a b : α) : (a * b)⁻¹ = a⁻¹ * b⁻¹', 'Demo.Algebra.Group'));
  // Docstrings with the sentences' words, and the name forms ("logarithm" → `log`, "cardinality" → `card`).
  decls.push(decl('Real.log_prod', '(s : Finset ι) (f : ι → ℝ) (hf : ∀ x ∈ s, f x ≠ 0) : log (∏ i ∈ s, f i) = ∑ i ∈ s, log (f i)', an, 'The logarithm of a finite product of nonzero numbers.'));
  decls.push(decl('norm_sum_le', '(s : Finset ι) (f : ι → E) : ‖∑ i ∈ s, f i‖ ≤ ∑ i ∈ s, ‖f i‖', 'Demo.Analysis.Normed', 'The norm of a finite sum is at most the sum of the norms.'));
  for (let i = 0; i < 30; i++) decls.push(decl(`Real.log_lemma_${i}`, `(x : ℝ) : log x ≤ log (x + ${i})`, an, 'A fact about the logarithm.'));
  for (let i = 0; i < 30; i++) decls.push(decl(`Multiset.card_lemma_${i}`, `(s : Multiset α) : card s ≤ card s + ${i}`, 'Demo.Data.Multiset', 'A fact about the cardinality.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const first = (query: string) => index.store.names[ranker.rank(analyzeQuery(query), { k: 1 })[0]?.id ?? -1];
  assert.equal(first('the logarithm of a product is the sum of logarithms'), 'Real.log_mul');
  assert.equal(first('The norm of a sum is at most the sum of the norms.'), 'norm_add_le', 'the relation as names end');
  assert.equal(first('the cardinality of the sum of two multisets is the sum of their cardinalities'), 'Multiset.card_add');
  const top3 = (query: string) => ranker.rank(analyzeQuery(query), { k: 3 }).map((h) => index.store.names[h.id]);
  assert.ok(top3('the inverse of a product is the product of the inverses').includes('mul_inv'), 'a postfix inverse named after what it inverts');
  withoutParam('distributedOver', () =>
    assert.notEqual(first('the logarithm of a product is the sum of logarithms'), 'Real.log_mul', 'without the guess the docstrings lead'),
  );
  assert.deepEqual(analyzeQuery('the image of a union is the union of the images').distributedOver, { before: '', outer: 'image', after: 'union' });
  assert.deepEqual(analyzeQuery('Over a field, the Bochner integral of a sum is the sum of the integrals.').distributedOver, { before: '', outer: 'integral', after: 'add' }, 'a setting and a qualifying word aside');
  // Not a function of an operation said again after the verb.
  for (const q of ['the sum of two continuous functions is continuous', 'the kernel of a linear map', 'the product of gcd and lcm equals the original product up to a unit', 'the norm of a sum is positive'])
    assert.equal(analyzeQuery(q).distributedOver, undefined, q);
  // …and said as a slogan: the function, then the operation it turns into another.
  assert.ok(top3('the logarithm turns products into sums').includes('Real.log_mul'));
  assert.ok(top3('the inverse takes products to products').includes('mul_inv'));
  assert.deepEqual(analyzeQuery('complement turns unions into intersections').distributedOver, { before: '', outer: 'compl', after: 'union' });
  assert.deepEqual(analyzeQuery('the absolute value sends products to products').distributedOver, { before: '', outer: 'absolute value', after: 'mul' });
  assert.deepEqual(analyzeQuery('multiplication distributes over addition').distributedOver, { before: '', outer: 'mul', after: 'add' });
  assert.ok(analyzeQuery('the exponential turns sums into products').notion < 0.5, 'a fact, not a notion');
  for (const q of ['a functor takes objects to objects', 'the map sends x to its square', 'it turns out to be continuous'])
    assert.equal(analyzeQuery(q).distributedOver, undefined, q);
});

test('an operation a function preserves is named after both; a homomorphism\'s by `map_` ("ring homomorphisms preserve multiplication" → `map_mul`)', () => {
  const { decls, modules } = library();
  decls.push(decl('map_mul', '[MulHomClass F M N] (f : F) (x y : M) : f (x * y) = f x * f y', 'Demo.Algebra.Group.Hom'));
  decls.push(decl('map_add', '[AddHomClass F M N] (f : F) (x y : M) : f (x + y) = f x + f y', 'Demo.Algebra.Group.Hom'));
  decls.push(decl('Matrix.det_mul', '(M N : Matrix n n R) : det (M * N) = det M * det N', 'Demo.LinearAlgebra.Matrix.Determinant'));
  // A few docstrings with the words, which lead without the guess.
  for (let i = 0; i < 2; i++) decls.push(decl(`Algebra.fact_${i}`, `(f : R →+* S) : f ${i} = ${i}`, 'Demo.Algebra.Ring.Hom', 'A fact about homomorphisms.'));
  for (let i = 0; i < 2; i++) decls.push(decl(`Matrix.det_lemma_${i}`, `(M : Matrix n n R) : det M = det M`, 'Demo.LinearAlgebra.Matrix.Determinant', 'A fact about the determinant of matrices.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const top3 = (query: string) => ranker.rank(analyzeQuery(query), { k: 3 }).map((h) => index.store.names[h.id]);
  for (const [query, wanted] of [
    ['ring homomorphisms preserve multiplication', 'map_mul'],
    ['a homomorphism sends a sum to the sum of the images', 'map_add'],
    ['the determinant preserves products of matrices', 'Matrix.det_mul'],
  ]) {
    const names = top3(query);
    assert.ok(names.includes(wanted), `${query}: ${names.join(', ')}`);
  }
  assert.deepEqual(analyzeQuery('additive group homomorphisms preserve subtraction').distributedOver, { before: '', outer: 'map', after: 'sub' });
  assert.deepEqual(analyzeQuery('the preimage respects unions').distributedOver, { before: '', outer: 'preimage', after: 'union' });
  assert.deepEqual(analyzeQuery('monoid homomorphisms preserve finite products').distributedOver, { before: '', outer: 'map', after: 'prod' }, 'the big operator');
  for (const q of ['continuous maps preserve compactness', 'the functor preserves limits', 'this is preserved by products'])
    assert.equal(analyzeQuery(q).distributedOver, undefined, q);
});

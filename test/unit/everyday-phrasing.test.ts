// Statements and questions as people type them in a search box or a chat: the question's framing is dropped ("which
// lemma gives …", "…, what's it called?"), a function's value said of one object needs no "the" ("factorial of a
// natural number is positive" → `factorial_pos`; "square root of …" → `sqrt_…`: two words as the one name word the
// docstrings tie them to), one function's values compared name `card_le_card`, a yes-or-no question asks its statement,
// and a word whose names shorten it to two letters is found so ("square" → `sq`, where the docstrings tie the two most).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery, withoutFraming } from '../../src/core/search/query';

test('the framing of a question is dropped, what it asks is kept', () => {
  const cases: [string, string][] = [
    ["what's the name of the lemma that x*x is nonnegative", 'x*x is nonnegative'],
    ['which lemma gives log x ≤ x - 1', 'log x ≤ x - 1'],
    ['looking for: square of a real number is nonnegative', 'square of a real number is nonnegative'],
    ['every natural number is even or odd - how to get this in Lean', 'every natural number is even or odd'],
    ['triangle inequality for absolute value lemma name', 'triangle inequality for absolute value'],
    ['I need the fact that a subset of a finite set is finite', 'a subset of a finite set is finite'],
    ['need a proof that n factorial is positive', 'n factorial is positive'],
    ['can someone point me to the reverse triangle inequality', 'the reverse triangle inequality'],
    ['is the limit of a sequence unique? which lemma', 'the limit of a sequence is unique'],
    ["degree of a product is the sum of the degrees, what's it called?", 'degree of a product is the sum of the degrees'],
    ['how to show the composition of continuous maps is continuous', 'the composition of continuous maps is continuous'],
    ["I'm trying to prove that gcd is commutative", 'gcd is commutative'],
  ];
  for (const [asked, kept] of cases) assert.equal(withoutFraming(asked), kept, asked);
  // a yes-or-no question asks its statement
  assert.equal(withoutFraming('is the norm of a vector nonnegative?'), 'the norm of a vector is nonnegative');
  assert.equal(withoutFraming('are all compact sets closed'), 'all compact sets are closed');
  assert.equal(withoutFraming('is a group'), 'is a group');
  // a name that says "lemma" or "fact" stays whole
  for (const q of ["Zorn's lemma", 'Schur lemma', 'fact']) assert.equal(withoutFraming(q), q);
});

test('a formula naming functions bare, as Lean prints them under `open Real`, is a statement, and so is a term said to be of a sign; prose is not', () => {
  for (const q of ['log x ≤ x - 1', 'exp x > 0', 'gcd a b = gcd b a', 'card s ≤ card t']) assert.equal(analyzeQuery(q).mode, 'goal', q);
  for (const q of ['log is monotone', 'the log of x is at most x']) assert.equal(analyzeQuery(q).mode, 'text', q);
  // a term said in words to be of a sign is the statement it says
  assert.equal(analyzeQuery('x*x is nonnegative').target, '0 ≤ x*x');
  assert.equal(analyzeQuery('exp x is always positive').target, '0 < exp x');
  for (const q of ['the norm is nonnegative', 'f is positive']) assert.equal(analyzeQuery(q).mode, 'text', q);
});

test('a value said of one object with or without "the"; one function compared on both sides', () => {
  assert.deepEqual(analyzeQuery('factorial of a natural number is positive').impliedProperty, { from: ['factorial'], to: ['positive'] });
  assert.deepEqual(analyzeQuery('the card of a subset is at most the card of the set').comparedBy, { outer: 'card', relation: 'le' });
  assert.deepEqual(analyzeQuery('the logarithm of x is less than that of y').comparedBy, { outer: 'logarithm', relation: 'lt' });
  // an operation's result is distributedOver's ("the norm of a sum is at most the sum of the norms" is `norm_add_le`)
  const plan = analyzeQuery('the norm of a sum is at most the sum of the norms');
  assert.equal(plan.comparedBy, undefined);
  assert.ok(plan.distributedOver);
  assert.equal(analyzeQuery('the card of a subset is finite').comparedBy, undefined);
  // a function of two words ("square root"), not a generic noun after one ("the encoding function" is the encoding's)
  assert.deepEqual(analyzeQuery('square root of a real number is nonnegative').impliedProperty, { from: ['square', 'root'], to: ['nonnegative'] });
  assert.deepEqual(analyzeQuery('the encoding function of an encodable type is injective').impliedProperty?.from, ['encoding']);
  assert.deepEqual(analyzeQuery('the square root of x is less than the square root of y').comparedBy, { outer: 'square root', relation: 'lt' });
});

const modules: ModuleInfo[] = ['Demo.A', 'Demo.B', 'Demo.C', 'Demo.D'].map((name) => ({ name, file: `${name}.lean`, pkg: 'demo', imports: [] }));
const decl = (name: string, module: string, signature: string, doc?: string): Declaration => ({
  name,
  kind: 'theorem',
  signature,
  ...(doc ? { doc } : {}),
  module,
  file: `${module}.lean`,
  line: 1,
  pkg: 'demo',
});

test('"the square of a real number is nonnegative" finds sq_nonneg, "square root of …" sqrt_nonneg; "the card of a subset is at most the card of the set" card_le_card', () => {
  const decls: Declaration[] = [
    // Docstrings that say "square" of lemmas named `sq_…`, in several files: the library's own tie of the two.
    decl('sq_abs', 'Demo.A', '(a : α) : |a| ^ 2 = a ^ 2', 'The square of the absolute value is the square.'),
    decl('sq_sqrt', 'Demo.B', '(h : 0 ≤ a) : √a ^ 2 = a', 'The square of a square root.'),
    decl('sq_eq_zero_iff', 'Demo.C', '{a : α} : a ^ 2 = 0 ↔ a = 0', 'A square is zero iff the number is.'),
    decl('abs_sq', 'Demo.A', '(a : α) : |a ^ 2| = a ^ 2', 'The absolute value of a square.'),
    decl('sq_le_one_iff', 'Demo.B', '(h : 0 ≤ a) : a ^ 2 ≤ 1 ↔ a ≤ 1', 'A square is at most one iff the number is.'),
    decl('sq_nonneg', 'Demo.C', '(a : α) : 0 ≤ a ^ 2'),
    ...['sq_add', 'sq_sub', 'sq_neg', 'sq_mul', 'sq_div', 'sq_inv', 'sq_pos', 'sq_lt_sq'].map((name, i) =>
      decl(name, modules[i % 4].name, `(a b : α) : (a + b) ^ 2 = a ^ 2 + ${i}`, 'The square of an expression, expanded.'),
    ),
    // …and "nonnegative" of lemmas named `…_nonneg`
    decl('abs_nonneg', 'Demo.A', '(a : α) : 0 ≤ |a|', 'The absolute value is nonnegative.'),
    decl('norm_nonneg', 'Demo.B', '(a : E) : 0 ≤ ‖a‖', 'The norm is nonnegative.'),
    decl('dist_nonneg', 'Demo.C', '{x y : α} : 0 ≤ dist x y', 'Distances are nonnegative.'),
    decl('exp_nonneg', 'Demo.D', '(x : ℝ) : 0 ≤ exp x', 'The exponential is nonnegative.'),
    decl('NNReal.sqrt', 'Demo.D', ': ℝ≥0 ≃o ℝ≥0', 'The square root of a nonnegative real number, as an order isomorphism.'),
    decl('Real.nonneg_of_real_number', 'Demo.D', '(x : ℝ) (h : 0 ≤ x) : 0 ≤ x', 'A real number that is nonnegative is nonnegative.'),
    // "square root" in docstrings of lemmas named `sqrt`, in several files: the one name word the two words make
    decl('Real.sqrt_sq', 'Demo.A', '(h : 0 ≤ a) : √(a ^ 2) = a', 'The square root of a square.'),
    decl('Real.sqrt_mul_self', 'Demo.B', '(h : 0 ≤ a) : √(a * a) = a', 'The square root of a product with itself.'),
    decl('Real.sqrt_one', 'Demo.C', ': √1 = 1', 'The square root of one is one.'),
    decl('Real.sqrt_zero', 'Demo.D', ': √0 = 0', 'The square root of zero is zero.'),
    decl('Real.sqrt_le_sqrt', 'Demo.A', '(h : x ≤ y) : √x ≤ √y', 'The square root is monotone.'),
    decl('Real.sqrt_nonneg', 'Demo.B', '(x : ℝ) : 0 ≤ √x'),
    decl('Finset.card_le_card', 'Demo.A', '{s t : Finset α} (h : s ⊆ t) : s.card ≤ t.card'),
    decl('Finset.exists_subset_card_eq', 'Demo.A', '(h : n ≤ s.card) : ∃ t ⊆ s, t.card = n', 'A set has a subset of each card at most its card.'),
  ];
  // (names use `sq` often, and less often than other words: a corpus's proportions)
  for (let i = 0; i < 20; i++) decls.push(decl(`sq_aux_${i}`, modules[i % 4].name, `(a : α) : a ^ 2 = a * a + ${i} - ${i}`));
  for (let i = 0; i < 20; i++) decls.push(decl(`nonneg_aux_${i}`, modules[i % 4].name, `(a : α) : 0 ≤ a * a + ${i}`));
  for (let i = 0; i < 300; i++) decls.push(decl(`Demo.filler_${i}`, modules[i % 4].name, `(n : ℕ) : n + ${i} = ${i} + n`, 'Addition of a number commutes.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const first = (q: string) => index.store.names[ranker.rank(analyzeQuery(q), { k: 1 })[0].id];
  assert.equal(first('the square of a real number is nonnegative'), 'sq_nonneg');
  assert.equal(first('the card of a subset is at most the card of the set'), 'Finset.card_le_card');
  assert.equal(first('square root of a real number is nonnegative'), 'Real.sqrt_nonneg');
  assert.equal(first('the square root of x is at most the square root of y'), 'Real.sqrt_le_sqrt');
});

/** The first result for a query over these declarations among a hundred unrelated ones; `outside`: modules outside
 *  the importable library (as Mathlib's Archive is). */
function firstAmongFiller(decls: Declaration[], outside: string[] = []): (query: string) => string {
  for (let i = 0; i < 100; i++) decls.push(decl(`Demo.filler_${i}`, modules[i % 4].name, `(n : ℕ) : n + ${i} = ${i} + n`, 'Addition of a number commutes.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  if (outside.length) ranker.outsideLibrary = Uint8Array.from(modules, (m) => (outside.includes(m.name) ? 1 : 0));
  return (query) => index.store.names[ranker.rank(analyzeQuery(query), { k: 1 })[0].id];
}

const termsOf = (query: string) => analyzeQuery(query).terms.map((t) => t.term);

test('a set said to have an element ("has a point", "contains some element", "is not empty") is nonempty, as names say it', () => {
  const said = (q: string) => analyzeQuery(q).impliedProperty;
  assert.deepEqual(said('a connected set has a point'), { from: ['connected'], to: ['nonempty'] });
  assert.deepEqual(said('every dense set contains some element'), { from: ['dense'], to: ['nonempty'] });
  assert.deepEqual(said('the support of a polynomial is not empty'), { from: ['support'], to: ['nonempty'] });
  assert.ok(analyzeQuery('irreducible spaces are non-empty').terms.some((t) => t.term === 'nonempty'));
  // what exists is named when it is not just "an element"
  assert.ok(!analyzeQuery('every polynomial has a root').terms.some((t) => t.term === 'nonempty'));
  assert.ok(!analyzeQuery('a group of order divisible by p has an element of order p').terms.some((t) => t.term === 'nonempty'));
  assert.deepEqual(said('the closed interval from a to b has a point when a ≤ b')?.to, undefined);
  assert.ok(analyzeQuery('the closed interval from a to b has a point when a ≤ b').terms.some((t) => t.term === 'nonempty'));
  const decls: Declaration[] = [
    decl('IsConnected', 'Demo.A', '(s : Set α) : Prop', 'A set is connected if it is nonempty and preconnected.'),
    decl('IsConnected.nonempty', 'Demo.A', '{s : Set α} (h : IsConnected s) : s.Nonempty'),
    decl('IsConnected.isPreconnected', 'Demo.A', '{s : Set α} (h : IsConnected s) : IsPreconnected s'),
    decl('isConnected_singleton', 'Demo.B', '{x : α} : IsConnected {x}', 'A point is a connected set.'),
    decl('Set.Nonempty', 'Demo.C', '(s : Set α) : Prop', 'A set is nonempty if it has an element.'),
  ];
  const first = firstAmongFiller(decls);
  assert.equal(first('a connected set has a point'), 'IsConnected.nonempty');
  assert.equal(first('a connected set is not empty'), 'IsConnected.nonempty');
});

test('an interval said in words is the interval Lean names (`Icc`, `Ioo`, `Ico`), an upper or lower limit `limsup`, `liminf`', () => {
  assert.ok(termsOf('a closed interval is convex').includes('icc'));
  assert.ok(termsOf('open intervals are open sets').includes('ioo'));
  assert.ok(termsOf('two adjacent half-open intervals').includes('ico'));
  assert.ok(!termsOf('a closed subset of a compact space').includes('icc'));
  // upper and lower limits likewise
  const bounds = termsOf('the limit inferior is at most the limit superior');
  assert.ok(bounds.includes('liminf') && bounds.includes('limsup') && !bounds.includes('tendsto'));
  const decls: Declaration[] = [
    decl('convex_Icc', 'Demo.A', '(a b : α) : Convex 𝕜 (Set.Icc a b)'),
    decl('Set.Icc', 'Demo.A', '(a b : α) : Set α', 'The closed interval from `a` to `b`: the points `x` with `a ≤ x ≤ b`.'),
    decl('Convex.closure', 'Demo.B', '{s : Set E} (h : Convex 𝕜 s) : Convex 𝕜 (closure s)', 'The closure of a convex set is convex.'),
    decl('IsClosed.convex_of_midpoint', 'Demo.B', '{s : Set E} (h : IsClosed s) (hm : ∀ x ∈ s, ∀ y ∈ s, midpoint x y ∈ s) : Convex ℝ s', 'A closed set closed under midpoints is convex.'),
  ];
  assert.equal(firstAmongFiller(decls)('a closed interval is convex'), 'convex_Icc');
});

test('a limit of analysis said in words is `Tendsto`, infinity its filter; category theory keeps its limits', () => {
  assert.ok(termsOf('the limit of a sum is the sum of the limits').includes('tendsto'));
  const atInfinity = termsOf('log x has limit infinity as x goes to infinity');
  assert.ok(atInfinity.includes('tendsto') && atInfinity.includes('top') && !atInfinity.includes('infinity'));
  assert.ok(termsOf('exp x tends to zero at minus infinity').includes('bot'));
  // infinity where nothing tends to it is not a filter: the point at infinity, `∞` as a value
  for (const q of ['the point at infinity of the one-point compactification', 'a + ∞ = ∞ in the extended nonnegative reals'])
    assert.ok(!termsOf(q).includes('top'), q);
  for (const q of ['a functor preserving limits', 'limits in a category with a terminal object', 'a limit point of a set', 'every ordinal is zero, a successor or a limit ordinal', 'the direct limit of modules', 'the ω-limit of a set'])
    assert.ok(!termsOf(q).includes('tendsto'), q);
  const decls: Declaration[] = [
    decl('Filter.Tendsto.add', 'Demo.A', '{f g : α → M} (hf : Tendsto f l (𝓝 a)) (hg : Tendsto g l (𝓝 b)) : Tendsto (fun x => f x + g x) l (𝓝 (a + b))'),
    decl('Filter.Tendsto', 'Demo.A', '(f : α → β) (l₁ : Filter α) (l₂ : Filter β) : Prop', '`Filter.Tendsto` is the generic "limit of a function" predicate.'),
    decl('CategoryTheory.Limits.limit', 'Demo.B', '(F : J ⥤ C) [HasLimit F] : C', 'An arbitrary choice of limit object of a functor.'),
    decl('CategoryTheory.Limits.HasLimit', 'Demo.B', '(F : J ⥤ C) : Prop', '`HasLimit F` asserts the existence of some limit cone for `F`.'),
    decl('Finset.sum_add_distrib', 'Demo.C', ': ∑ i ∈ s, (f i + g i) = ∑ i ∈ s, f i + ∑ i ∈ s, g i', 'The sum of a sum is the sum of the sums.'),
  ];
  assert.equal(firstAmongFiller(decls)('the limit of a sum is the sum of the limits'), 'Filter.Tendsto.add');
  // a function commuting with the limit names the limit's fact about it
  assert.deepEqual(analyzeQuery('the limit of the norm is the norm of the limit').impliedProperty, { from: ['tendsto'], to: ['norm'] });
  assert.deepEqual(analyzeQuery('the limit of exp of f is exp of the limit of f').impliedProperty, { from: ['tendsto'], to: ['exp'] });
  assert.equal(analyzeQuery('the limit of the sum is the sum of the limits').impliedProperty, undefined);
});

test('a property said to imply another with no noun ("differentiable implies continuous") or alone in a setting, one composed with itself', () => {
  assert.deepEqual(analyzeQuery('differentiable implies continuous').impliedProperty, { from: ['differentiable'], to: ['continuous'] });
  assert.deepEqual(analyzeQuery('uniformly continuous implies continuous').impliedProperty, { from: ['uniformly', 'continuous'], to: ['continuous'] });
  assert.equal(analyzeQuery('a continuous function implies nothing').impliedProperty, undefined);
  // a property alone in a setting, or the setting said first with no article after it
  assert.deepEqual(analyzeQuery('compact in Hausdorff is closed').impliedProperty, { from: ['compact'], to: ['closed'] });
  assert.deepEqual(analyzeQuery('in a Hausdorff space, compact sets are closed').impliedProperty, { from: ['compact'], to: ['closed'] });
  assert.ok(analyzeQuery('monotone composed with monotone is monotone').nameGuesses?.some((g) => g.last === 'comp' && g.namespaces.includes('monotone')));
});

test("a group's order is its `card`, an element's `orderOf`; a trivial or whole substructure is `⊥` or `⊤`; a verb states a fact", () => {
  const element = termsOf('the order of an element divides the order of the group');
  assert.ok(element.includes('order|of') && element.includes('card'), element.join(' '));
  assert.ok(termsOf('a group of prime order is cyclic').includes('card'));
  assert.ok(termsOf('an element of order two').includes('order|of'));
  // "group element" is an element, a partial order no group's
  assert.ok(!termsOf('the order of a group element').includes('card'));
  assert.ok(!termsOf('a partial order on the subsets').includes('card'));
  // an order said of something named before, where groups or elements are spoken of; a subgroup's index in brackets
  assert.ok(termsOf('an element and its inverse have the same order').includes('order|of'));
  assert.ok(!termsOf('a lattice and its order dual').includes('order|of'));
  assert.ok(termsOf('$[G:H] \\cdot |H| = |G|$').includes('index'));
  const kernel = termsOf('a linear map is injective iff its kernel is trivial');
  assert.ok(kernel.includes('eq|bot'), kernel.join(' '));
  assert.ok(termsOf('an ideal is the whole ring iff it contains one').includes('top'));
  assert.ok(termsOf('the measure of the whole space').includes('univ'));
  // a sentence whose verb is not "is" asks for a fact, not a definition
  for (const q of ['the sequence converges to zero', 'the transpositions generate the symmetric group', 'the order of an element divides the order of the group'])
    assert.ok(analyzeQuery(q).notion < 0.5, q);
  assert.ok(analyzeQuery('the splitting field of a polynomial').notion > 0.5);
  const decls: Declaration[] = [
    decl('orderOf_dvd_card', 'Demo.A', '{x : G} : orderOf x ∣ Fintype.card G'),
    decl('Order.Ideal', 'Demo.B', '(P : Type*) [LE P] : Type*', 'An ideal on an order `P` is a subset of `P` that is nonempty, upward directed and downward closed.'),
    decl('Subgroup.card_subgroup_dvd_card', 'Demo.A', '(s : Subgroup α) : Nat.card s ∣ Nat.card α'),
    decl('LinearMap.ker_eq_bot', 'Demo.C', '{f : M →ₗ[R] M₂} : ker f = ⊥ ↔ Injective f'),
    decl('LinearMap.ker', 'Demo.C', '(f : M →ₗ[R] M₂) : Submodule R M', 'The kernel of a linear map.'),
    decl('LinearMap.injective_of_comp', 'Demo.C', '{f : M →ₗ[R] M₂} (h : Injective (g ∘ f)) : Injective f', 'A linear map is injective if its composition with another is.'),
  ];
  const first = firstAmongFiller(decls);
  assert.equal(first('the order of an element divides the order of the group'), 'orderOf_dvd_card');
  assert.equal(first('a linear map is injective iff its kernel is trivial'), 'LinearMap.ker_eq_bot');
});

test('a case with specific numbers asks for the general lemma: solutions outside the importable library (Archive) come after it', () => {
  assert.equal(analyzeQuery('$2^3 \\cdot 2^4 = 2^7$').specificNumbers, true);
  assert.equal(analyzeQuery('distributing 11 balls into 3 boxes').specificNumbers, true);
  for (const q of ['the square of a sum', 'a group of order 2 is cyclic', "Fermat's little theorem"]) assert.equal(analyzeQuery(q).specificNumbers, undefined, q);
  const decls: Declaration[] = [
    decl('Imo.seven_dvd', 'Demo.D', ': 7 ∣ 2 ^ 3 - 1', 'Seven divides a power minus one.'),
    decl('Nat.dvd_pow_sub_one', 'Demo.A', '{p : ℕ} (hp : p.Prime) : p ∣ a ^ (p - 1) - 1', 'A prime divides a power minus one.'),
  ];
  const first = firstAmongFiller(decls, ['Demo.D']);
  assert.equal(first('$7$ divides a power minus one'), 'Nat.dvd_pow_sub_one');
  // words without specific numbers look for a formalization wherever it is
  assert.equal(first('seven divides a power minus one'), 'Imo.seven_dvd');
});

test("a substructure's image and preimage are its `map` and `comap`; a substructure said to be trivial states a fact", () => {
  assert.ok(termsOf('the image of the trivial subgroup is trivial').includes('map'));
  assert.ok(termsOf('the preimage of an ideal under a ring homomorphism').includes('comap'));
  assert.ok(!termsOf('the inverse image of an ideal').includes('map'));
  // an image where no substructure is spoken of is the set's
  assert.ok(!termsOf('the image of a connected set is connected').includes('map'));
  assert.ok(analyzeQuery('the image of the trivial subgroup is trivial').notion < 0.5);
  const decls: Declaration[] = [
    { ...decl('Subgroup.map', 'Demo.A', '(f : G →* N) (H : Subgroup G) : Subgroup N', 'The image of a subgroup along a monoid homomorphism is a subgroup.'), kind: 'def' },
    decl('Subgroup.map_bot', 'Demo.A', '(f : G →* N) : (⊥ : Subgroup G).map f = ⊥'),
    decl('Subgroup.map_map', 'Demo.A', '(g : N →* P) (f : G →* N) : (H.map f).map g = H.map (g.comp f)'),
    decl('Subgroup.bot_le', 'Demo.A', '(H : Subgroup G) : ⊥ ≤ H'),
  ];
  assert.equal(firstAmongFiller(decls)('the image of the trivial subgroup is trivial'), 'Subgroup.map_bot');
});

test("a case's particular numbers weigh less than its words, in prose as in a formula; a tag's digits are not a number", () => {
  const weight = (q: string, term: string) => analyzeQuery(q).terms.find((t) => t.term === term)?.weight;
  const cubic = 'the polynomial $x^3 - 2x + 1$ is continuous';
  assert.ok(weight(cubic, '3')! < weight(cubic, 'continuous')!, JSON.stringify(analyzeQuery(cubic).terms));
  assert.ok(weight('distributing 11 balls into 3 boxes', '11')! < weight('distributing 11 balls into 3 boxes', 'ball')!);
  assert.equal(weight('Stacks Tag 09HY', '09'), 1);
  const decls: Declaration[] = [
    decl('Polynomial.continuous', 'Demo.A', '(p : R[X]) : Continuous fun x => p.eval x', 'A polynomial is continuous.'),
    decl('Demo.three_cube', 'Demo.D', ': (3 : ℕ) ^ 3 - 3 = 24', 'Three cubed minus three.'),
    decl('Demo.cube_three', 'Demo.D', ': (3 : ℕ) ^ 3 = 3 * 3 * 3'),
  ];
  assert.equal(firstAmongFiller(decls)(cubic), 'Polynomial.continuous');
});

test('formulas among words: the one stated, not the one said as a condition; two joined by a relation in words are one', () => {
  assert.equal(analyzeQuery('$(1+x)^5 \\ge 1 + 5x$ when $x \\ge -1$').target, '(1+x)^5 ≥ 1 + 5 * x');
  assert.equal(analyzeQuery('for $x > 0$, $\\log x < x$').target, 'log x < x');
  // with only a condition stated, it is what is asked
  assert.equal(analyzeQuery('a bound for $x \\ge 1$').target, 'x ≥ 1');
  assert.equal(analyzeQuery('$4$ divides $6!$').target, '4 ∣ 6!');
  assert.equal(analyzeQuery('$91$ is divisible by $7$').target, '7 ∣ 91');
  assert.equal(analyzeQuery('$x$ and $y$ commute').target, undefined);
});

test("a textbook's one-to-one, onto and one-to-one correspondence are Mathlib's injective, surjective and bijection", () => {
  assert.ok(termsOf('a function that is both one-to-one and onto').includes('injective'));
  assert.ok(termsOf('a function that is both one-to-one and onto').includes('surjective'));
  assert.ok(termsOf('the composite of onto maps is onto').includes('surjective'));
  assert.ok(termsOf('a one-to-one correspondence between two types').includes('bijection'));
  assert.ok(termsOf('1-1 and onto').includes('injective'));
  // "onto" as a preposition says where, not what kind of map
  assert.ok(!termsOf('the orthogonal projection onto a subspace').includes('surjective'));
  assert.ok(!termsOf('a map from X onto Y').includes('surjective'));
  const decls: Declaration[] = [
    decl('Function.Injective.comp', 'Demo.A', '{g : β → γ} {f : α → β} (hg : Injective g) (hf : Injective f) : Injective (g ∘ f)', 'Composition of injective functions.'),
    decl('Function.Surjective.comp', 'Demo.A', '{g : β → γ} {f : α → β} (hg : Surjective g) (hf : Surjective f) : Surjective (g ∘ f)'),
    decl('Function.comp_assoc', 'Demo.A', '(f : γ → δ) (g : β → γ) (h : α → β) : (f ∘ g) ∘ h = f ∘ g ∘ h', 'Composition of functions is associative.'),
  ];
  const first = firstAmongFiller(decls);
  assert.equal(first('the composition of two one-to-one functions is one-to-one'), 'Function.Injective.comp');
  assert.equal(first('the composite of onto functions is onto'), 'Function.Surjective.comp');
});

test("a textbook's number of elements and null space are Mathlib's card and kernel", () => {
  assert.ok(termsOf('the number of elements of a finite set').includes('card'));
  assert.ok(termsOf('the null space of a matrix').includes('kernel'));
  assert.ok(termsOf('the nullspace of a linear map').includes('kernel'));
  const decls: Declaration[] = [
    decl('Finset.card_powerset', 'Demo.A', '(s : Finset α) : (powerset s).card = 2 ^ s.card'),
    decl('Finset.powerset_mono', 'Demo.A', '{s t : Finset α} : powerset s ⊆ powerset t ↔ s ⊆ t', 'The power set of a subset is a subset of the power set: elements of elements.'),
  ];
  const first = firstAmongFiller(decls);
  assert.equal(first('the number of elements of the power set'), 'Finset.card_powerset');
});

test('"one" said in words is the number, not the pronoun or determiner', () => {
  assert.ok(termsOf('the logarithm of one is zero').includes('one'));
  assert.ok(termsOf('one-point compactification').includes('one'));
  for (const q of ['if a product is zero then one of the factors is zero', 'one can show that each one is positive', 'at least one root', 'at least one of the factors'])
    assert.ok(!termsOf(q).includes('one'), q);
  // (nor a bound: "at least one of them" is no `≥`)
  assert.ok(!termsOf('at least one of the factors is zero').includes('≥'));
  const decls: Declaration[] = [
    decl('Real.log_one', 'Demo.A', ': Real.log 1 = 0'),
    decl('Real.log_zero', 'Demo.A', ': Real.log 0 = 0'),
    decl('Real.log_exp', 'Demo.A', '(x : ℝ) : Real.log (Real.exp x) = x'),
  ];
  assert.equal(firstAmongFiller(decls)('the logarithm of one is zero'), 'Real.log_one');
});

test('"not" is a word of names (`not_le`), and "is not zero" states `≠` (`pi_ne_zero`)', () => {
  assert.ok(termsOf('a prime does not divide one').includes('not'));
  assert.ok(termsOf('pi is not zero').includes('≠'));
  assert.ok(termsOf('the exponential is never zero').includes('≠'));
  assert.ok(termsOf('a is not equal to b').includes('≠'));
  // a negation of something else is no `≠`
  assert.ok(!termsOf('a prime does not divide one').includes('≠'));
  const decls: Declaration[] = [
    decl('Real.pi_ne_zero', 'Demo.A', ': Real.pi ≠ 0'),
    decl('Real.pi_pos', 'Demo.A', ': 0 < Real.pi'),
    decl('Real.pi_gt_three', 'Demo.A', ': 3 < Real.pi'),
  ];
  assert.equal(firstAmongFiller(decls)('pi is not zero'), 'Real.pi_ne_zero');
});

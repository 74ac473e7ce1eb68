// A Greek letter in prose is said also as Lean names spell it: "σ-compact space" is `SigmaCompactSpace` (not the
// `CompactSpace` that the words without the letter name exactly), "the Γ function" is `Gamma`, typed in Unicode or as
// LaTeX between dollars ("$\sigma$-finite"). A letter in a formula among the words ("for ε > 0", "Γ(s)") is left as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery, QUERY_PARAMS } from '../../src/core/search/query';

const decl = (name: string, kind: Declaration['kind'], signature: string, doc?: string): Declaration => ({
  name,
  kind,
  signature,
  ...(doc ? { doc } : {}),
  module: 'Demo.Top',
  file: 'Demo/Top.lean',
  line: 1,
  pkg: 'demo',
});
const modules: ModuleInfo[] = [{ name: 'Demo.Top', file: 'Demo/Top.lean', pkg: 'demo', imports: [] }];

/** The names a text query ranks first, over an index of just `decls`. */
function rankerOver(decls: Declaration[]): (query: string, k?: number) => string[] {
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  return (query, k = 3) => ranker.rank(analyzeQuery(query), { k }).map((h) => index.store.names[h.id]);
}

test('a Greek letter of prose, alone or joined by a hyphen, is also its name; one in a formula is not', () => {
  const plan = analyzeQuery('σ-compact space');
  assert.ok(plan.exactKeys.includes('sigmacompactspace'), plan.exactKeys.join(' '));
  assert.ok(!plan.exactKeys.includes('compactspace'));
  assert.equal(plan.terms.find((t) => t.term === 'sigma')?.weight, QUERY_PARAMS.greekName);
  assert.ok(analyzeQuery('the Γ function').terms.some((t) => t.term === 'gamma'));
  assert.ok(analyzeQuery('the ω-limit of a union').terms.some((t) => t.term === 'omega'));
  // in a formula among the words, in dollars or backticks: a variable or notation
  for (const q of ['for ε > 0 there is a bound', 'Γ(s + 1) = s Γ(s)', 'the set $σ(a)$ is compact', 'the measure `μ` is finite']) {
    const terms = analyzeQuery(q).terms.map((t) => t.term);
    assert.ok(!terms.some((t) => ['epsilon', 'gamma', 'sigma', 'mu'].includes(t)), `${q}: ${terms.join(' ')}`);
  }
  // typed as LaTeX alone between dollars, the same words (a letter in a formula, `$\varepsilon > 0$`, stays one)
  for (const [latex, unicode] of [['a $\\sigma$-finite measure', 'a σ-finite measure'], ['the $\\Gamma$ function', 'the Γ function'], ['a $\\pi$-system, closed', 'a π-system, closed']]) {
    const a = analyzeQuery(latex);
    const b = analyzeQuery(unicode);
    assert.deepEqual([a.terms, a.exactKeys], [b.terms, b.exactKeys], latex);
  }
  assert.ok(!analyzeQuery('for $\\varepsilon > 0$ a bound').terms.some((t) => t.term === 'epsilon'));
  // a word that says the letter's name itself keeps its full weight
  assert.equal(analyzeQuery('sigma algebra').terms.find((t) => t.term === 'sigma')?.weight, 1);
});

test('"σ-compact space" finds SigmaCompactSpace before CompactSpace; "the Γ function" finds Gamma', () => {
  const ranked = rankerOver([
    decl('CompactSpace', 'class', '(X : Type u) [TopologicalSpace X] : Prop', 'Type class for compact spaces.'),
    decl('SigmaCompactSpace', 'class', '(X : Type u) [TopologicalSpace X] : Prop', 'A space that is a countable union of compact subspaces.'),
    decl('Module.Free.function', 'theorem', '(ι : Type v) : Module.Free R (ι → M)'),
    decl('Real.Gamma', 'def', '(s : ℝ) : ℝ', 'The Gamma function (of a real variable).'),
  ]);
  const first = (query: string) => ranked(query)[0];
  assert.equal(first('σ-compact space'), 'SigmaCompactSpace');
  assert.equal(first('compact space'), 'CompactSpace');
  assert.equal(first('the Γ function'), 'Real.Gamma');
});

// A Lebesgue or sequence space as analysts write it (`$L^p$`, L², `$\ell^2$`) is the word Mathlib's names spell it with:
// `Lp`, `L2` (the words `l` and `2` in a name), `lp` for ℓ^p — not a power of a variable.
test('function spaces with a raised exponent are the names that spell them', () => {
  const terms = (query: string) => analyzeQuery(query).terms.map((t) => t.term);
  for (const q of ['$L^p$ space', 'L^p space', 'the $\\mathrm{L}^p$ norm', 'L^q functions']) {
    assert.ok(terms(q).includes('lp'), q);
    assert.ok(!terms(q).includes('^'), q);
  }
  for (const q of ['completeness of $L^2$', 'L² space', 'the $L^{2}$ inner product']) assert.ok(terms(q).includes('l|2') && terms(q).includes('lp'), q);
  assert.ok(terms('the integral of an $L^1$ function').includes('l|1'));
  assert.ok(terms('the $\\ell^2$ space').includes('lp'));
  assert.ok(terms('completeness of $l^2$').includes('lp') && !terms('completeness of $l^2$').includes('l|2'));
  assert.ok(terms('the $L^\\infty$ norm').includes('linfty'));
  // a power in a formula of Lean or among the words stays a power
  assert.ok(!terms('$x^2 + L^2 \\ge 0$ for reals').includes('lp'));
});

test('"$L^p$ space" finds MeasureTheory.Lp before a space that only has a power in its statement', () => {
  const ranked = rankerOver([
    decl('MeasureTheory.Lp', 'def', '(E : Type*) (p : ℝ≥0∞) (μ : Measure α) : AddSubgroup (α →ₘ[μ] E)', 'Lp space'),
    decl('MeasureTheory.L2.inner_def', 'theorem', '(f g : α →₂[μ] E) : ⟪f, g⟫ = ∫ a, ⟪f a, g a⟫ ∂μ'),
    decl('ChartedSpace', 'class', '(H : Type*) (M : Type*) : Type _', 'A charted space is a topological space with an atlas.'),
    decl('MeasurablePow', 'class', '(β γ : Type*) : Prop', 'We say that a type has a measurable power if `x ^ y` is measurable.'),
  ]);
  const first = (query: string) => ranked(query)[0];
  assert.equal(first('$L^p$ space'), 'MeasureTheory.Lp');
  assert.equal(first('L² space'), 'MeasureTheory.Lp');
  // (an `L2` lemma comes with the `Lp` it is an instance of, before what only has a power in its statement)
  assert.deepEqual(ranked('$\\mathrm{L}^2$ inner product', 2).sort(), ['MeasureTheory.L2.inner_def', 'MeasureTheory.Lp']);
});

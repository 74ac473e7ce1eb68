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
  const index = SearchIndex.build(
    [
      decl('CompactSpace', 'class', '(X : Type u) [TopologicalSpace X] : Prop', 'Type class for compact spaces.'),
      decl('SigmaCompactSpace', 'class', '(X : Type u) [TopologicalSpace X] : Prop', 'A space that is a countable union of compact subspaces.'),
      decl('Module.Free.function', 'theorem', '(ι : Type v) : Module.Free R (ι → M)'),
      decl('Real.Gamma', 'def', '(s : ℝ) : ℝ', 'The Gamma function (of a real variable).'),
    ],
    modules,
  );
  const ranker = new Ranker(index);
  const first = (query: string) => index.store.names[ranker.rank(analyzeQuery(query), { k: 3 })[0].id];
  assert.equal(first('σ-compact space'), 'SigmaCompactSpace');
  assert.equal(first('compact space'), 'CompactSpace');
  assert.equal(first('the Γ function'), 'Real.Gamma');
});

// A word as names shorten it ("derivative" → `deriv`), where the library's own names and docstrings confirm the
// shortening, is searched in names: a lemma without a docstring is found by the word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { RANK_PARAMS, Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

const at = (name: string, doc?: string): Declaration => ({ name, kind: 'theorem', signature: '(x : ℝ) : P x', ...(doc ? { doc } : {}), module: 'Demo.Calc', file: 'Demo/Calc.lean', line: 1, pkg: 'demo' });
const modules: ModuleInfo[] = [{ name: 'Demo.Calc', file: 'Demo/Calc.lean', pkg: 'demo', imports: [] }];
// (a shortening counts once 20 names use it: RANK_PARAMS.variantMinNameDf)
const fns = Array.from({ length: 24 }, (_, i) => `fn${String.fromCharCode(97 + i)}`);
const decls = [
  // the corpus pairs the word with the shortening: docstrings saying "derivative" on names saying `deriv`
  ...fns.map((f) => at(`Demo.deriv_${f}`, `The derivative of \`${f}\`.`)),
  // unrelated names (the shortening must be over-represented among the first ones)
  ...Array.from({ length: 100 }, (_, i) => at(`Demo.filler_${String.fromCharCode(97 + (i % 26))}${i}`, `Filler number ${i}.`)),
  at('Demo.deriv_cosh'),
  at('Demo.cosh_pos', 'The hyperbolic cosine is positive.'),
];

test('shortened words: "derivative" is searched as `deriv` in names, confirmed by the corpus', () => {
  // (words that names use often, as Mathlib's names use "derivative", get no learned expansion: only the shortening)
  const savedLearned = RANK_PARAMS.expandMaxNameDf;
  RANK_PARAMS.expandMaxNameDf = -1;
  try {
    shortened();
  } finally {
    RANK_PARAMS.expandMaxNameDf = savedLearned;
  }
});

function shortened(): void {
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const terms = (q: string) => ranker.expandPlan(analyzeQuery(q)).map((t) => t.term);
  assert.ok(terms('derivative of cosh').includes('deriv'));
  assert.ok(!terms('filler').includes('fil'), 'no shortening the names do not confirm');
  const first = (q: string) => index.store.names[ranker.rank(analyzeQuery(q), { k: 3 })[0].id];
  assert.equal(first('cosh derivative'), 'Demo.deriv_cosh');
  const saved = RANK_PARAMS.shortenedWord;
  try {
    RANK_PARAMS.shortenedWord = 0;
    assert.notEqual(first('cosh derivative'), 'Demo.deriv_cosh');
  } finally {
    RANK_PARAMS.shortenedWord = saved;
  }
}

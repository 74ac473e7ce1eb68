// British and American spellings ask the same: a question is respelled as the library spells each word most
// (Mathlib writes American English), and the other spelling still finds the docstrings that use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker, otherSpellings } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

const at = (name: string, doc: string): Declaration => ({ name, kind: 'theorem', signature: '(x : X) : P x', doc, module: 'Demo.Top', file: 'Demo/Top.lean', line: 1, pkg: 'demo' });
const modules: ModuleInfo[] = [{ name: 'Demo.Top', file: 'Demo/Top.lean', pkg: 'demo', imports: [] }];
const decls = [
  at('Demo.nbhd_basis', 'The neighborhood filter of a point has a basis of open sets.'),
  at('Demo.nbhd_le', 'Every neighborhood contains the point.'),
  at('Demo.nbhd_open', 'An open set is a neighbourhood of each of its points.'),
  at('Demo.normalize_idem', 'A normalized vector stays normalized.'),
  at('Demo.contour_int', 'A contour integral over a closed curve.'),
];

test('other spellings: -our/-or, -ise/-ize, -yse/-yze, -re/-er, -ogue/-og', () => {
  assert.deepEqual(otherSpellings('neighbourhood'), ['neighborhood']);
  assert.deepEqual(otherSpellings('normalised'), ['normalized']);
  assert.deepEqual(otherSpellings('factorization'), ['factorisation']);
  assert.deepEqual(otherSpellings('analyse'), ['analyze']);
  assert.deepEqual(otherSpellings('centre'), ['center']);
  assert.deepEqual(otherSpellings('fibered'), ['fibred']);
  assert.deepEqual(otherSpellings('analogue'), ['analog']);
  assert.deepEqual(otherSpellings('four'), []);
});

test('a question is respelled as the library spells it most; the other spelling still finds its docstrings', () => {
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  // "neighborhood" (2 docstrings) over "neighbourhood" (1); "contour" has no "contor" to become
  assert.equal(ranker.commonSpelling('Neighbourhood of a point, normalised'), 'Neighborhood of a point, normalized');
  assert.equal(ranker.commonSpelling('contour integral of `neighbourhood`'), 'contour integral of `neighbourhood`');
  const names = (query: string) => ranker.rank(analyzeQuery(ranker.commonSpelling(query)), { k: 5 }).map((h) => index.store.names[h.id]);
  assert.deepEqual(names('neighbourhood of a point'), names('neighborhood of a point'));
  // one word: the docstrings of either spelling, and nothing else
  assert.deepEqual(names('neighbourhood').sort(), ['Demo.nbhd_basis', 'Demo.nbhd_le', 'Demo.nbhd_open']);
  assert.deepEqual(names('neighborhood').sort(), ['Demo.nbhd_basis', 'Demo.nbhd_le', 'Demo.nbhd_open']);
});

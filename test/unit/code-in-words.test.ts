// A text query's formulas and code (between `$` or backticks) are written as statements are: their terms count more in
// signatures than the prose's words do. A term the prose also says is a word of the query like any other. (What it
// does to the ranking is measured by `npm run bench:retrieval`: the lean and LaTeX styles of MathlibQR.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_SIG } from '../../src/core/search/searchIndex';
import { analyzeQuery } from '../../src/core/search/query';

const sigWeight = (query: string, term: string) => {
  const t = analyzeQuery(query).terms.find((x) => x.term === term);
  assert.ok(t, `${query}: no term ${term} among ${analyzeQuery(query).terms.map((x) => x.term).join(' ')}`);
  return t.fields[FIELD_SIG];
};

test('terms only in backticks or dollars weigh more in signatures; words of prose do not', () => {
  const q = '`Associated (gcd a b * lcm a b) (a * b)` in a `GCDMonoid`';
  assert.ok(sigWeight(q, 'associated') > 1);
  assert.ok(sigWeight(q, 'lcm') > 1);
  assert.ok(sigWeight('$\\gcd(a,b)\\cdot\\operatorname{lcm}(a,b) \\sim a\\,b$ for integers', 'lcm') > 1);
  // said in the prose too: a word like the others
  assert.equal(sigWeight('the gcd times the lcm is associated to `gcd a b * lcm a b`', 'lcm'), 1);
  // prose alone, as before
  assert.equal(sigWeight('the gcd times the lcm is associated to the product', 'associated'), 1);
  assert.equal(sigWeight('finite-dimensional normed spaces are proper', 'proper'), 1);
});

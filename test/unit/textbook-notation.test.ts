// A formula that is wholly a textbook notation for an object (`$GL_n(\R)$`, `$\Z/n\Z$`, `$C^\infty$`, `$K[X]$`) is read
// as the words that name the object; where Lean writes the object so too (`GL`, `ℙ`), the formula stays beside them.
// A formula that only looks like one (a partial sum `S_n`, a bound `O(n)`, a function applied `f(x)`) is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';
import { readTextbookNotation, textbookNotationWords } from '../../src/core/search/textbookNotation';

test('standard notations are read as the words for their objects, however the letters are typed', () => {
  const words = (formula: string, prose = '') => textbookNotationWords(formula, prose)?.words;
  for (const f of ['GL_n(\\R)', '\\mathrm{GL}(n, \\mathbb{R})', 'GL_{2}', '\\operatorname{GL}(V)']) assert.equal(words(f), 'general linear group', f);
  assert.equal(words('SL_2(\\Z)'), 'special linear group');
  assert.equal(words('\\mathrm{SO}(3)'), 'special orthogonal group');
  assert.equal(words('\\mathrm{O}(n, \\R)'), 'orthogonal group');
  for (const f of ['\\Z/n\\Z', '\\mathbb{Z}/n\\mathbb{Z}', 'ℤ/pℤ', '\\Z/(n)']) assert.equal(words(f), 'integers modulo', f);
  assert.equal(words('(\\Z/n\\Z)^\\times'), 'units of integers modulo');
  for (const f of ['\\mathbb{F}_p', '\\F_q', '𝔽_{p^n}']) assert.equal(words(f), 'finite field', f);
  assert.equal(words('C^\\infty'), 'smooth continuously differentiable');
  assert.equal(words('C^k(U)'), 'continuously differentiable');
  for (const f of ['K[X]', '\\Z[x]', '\\mathbb{Q}[X]']) assert.equal(words(f), 'polynomial', f);
  assert.equal(words('R[X_1, \\dots, X_n]'), 'multivariate polynomial');
  assert.equal(words('R[[X]]'), 'power series');
  assert.equal(words('\\R(X)'), 'rational function');
  assert.equal(words('M_n(\\R)'), 'matrix');
  assert.equal(words('A^T'), 'transpose');
  assert.equal(words('V^*'), 'dual space');
  assert.equal(words('\\mathcal{P}(X)'), 'power set');
  // …and not what only looks like one
  for (const f of ['O(n)', 'f(x)', 'K(x)', 'M_n', 'C^2 + 1', 'x^2', 'a_n', 'GL_n(\\R) \\subseteq M_n(\\R)']) assert.equal(words(f), undefined, f);
  // a letter with an index names a group only where the query speaks of groups
  assert.equal(words('S_n', 'the partial sums converge'), undefined);
  assert.equal(words('S_n', 'the sign of a permutation'), 'symmetric group permutation');
  assert.equal(words('A_5', 'is a simple group'), 'alternating group');
});

test('the reading replaces the formula, or stands beside it where Lean writes it so, without repeating the prose', () => {
  assert.equal(readTextbookNotation('$\\Z[X]$').trim(), 'polynomial');
  assert.match(readTextbookNotation('the group $GL_n(\\R)$'), /^the group \$GL_n\(\\R\)\$ general linear\s*$/);
  assert.equal(readTextbookNotation('the transpose $A^T$').trim(), 'the transpose');
  // typed without dollars, as a word of its own
  assert.match(readTextbookNotation('units of ℤ/nℤ'), /units of\s+integers modulo/);
  // Lean in backticks and formulas of other kinds are as typed
  for (const q of ['`Polynomial R` is `R[X]`', 'the sum $S_n$ of the first n terms', '$f(x) = O(n)$', 'for $x \\in K$']) assert.equal(readTextbookNotation(q), q);
  // the query's plan has the words (and the exact key of the object's name)
  assert.ok(analyzeQuery('$\\Z[X]$').exactKeys.includes('polynomial'));
});

test('a group written as a textbook writes it finds its definition', () => {
  const decl = (name: string, signature: string, doc: string): Declaration => ({ name, kind: 'def', signature, doc, module: 'Demo.Top', file: 'Demo/Top.lean', line: 1, pkg: 'demo' });
  const modules: ModuleInfo[] = [{ name: 'Demo.Top', file: 'Demo/Top.lean', pkg: 'demo', imports: [] }];
  const index = SearchIndex.build(
    [
      decl('Matrix.specialOrthogonalGroup', '(n : Type u) (β : Type v) : Submonoid (Matrix n n β)', 'The special orthogonal group: orthogonal matrices of determinant one.'),
      decl('Matrix.GeneralLinearGroup', '(n : Type u) (R : Type v) : Type', 'The general linear group: the invertible matrices.'),
      decl('Polynomial', '(R : Type u) : Type u', 'Polynomials in one variable over a semiring.'),
      decl('Nat.sqrt', '(n : ℕ) : ℕ', 'The square root of a natural number, rounded down.'),
    ],
    modules,
  );
  const ranker = new Ranker(index);
  const first = (query: string) => index.store.names[ranker.rank(analyzeQuery(query), { k: 1 })[0]?.id ?? -1];
  assert.equal(first('$\\mathrm{SO}(n)$'), 'Matrix.specialOrthogonalGroup');
  assert.equal(first('$GL_n(\\mathbb{R})$'), 'Matrix.GeneralLinearGroup');
  assert.equal(first('$\\mathbb{Q}[X]$'), 'Polynomial');
});

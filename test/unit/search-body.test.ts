// Definition bodies are searchable: a definition described by what it is made of is found through
// the start of its body, which is indexed as its own field and survives storing and loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration } from '../../src/core/types';
import { FIELD_BODY, SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

function decl(name: string, kind: Declaration['kind'], signature: string, body?: string): Declaration {
  return { name, kind, signature, module: 'Demo.Poly', file: 'Demo/Poly.lean', line: 1, pkg: 'demo', ...(body ? { body } : {}) };
}

const decls = (): Declaration[] => [
  decl('Poly.Separable', 'def', '(f : Poly R) : Prop', 'IsCoprime f (derivative f)'),
  decl('Poly.Monic', 'def', '(p : Poly R) : Prop', 'leadingCoeff p = 1'),
  decl('Poly.natDegree', 'def', '(p : Poly R) : ℕ', 'p.degree.unbot'),
  decl('Poly.eval_add', 'theorem', '(p q : Poly R) (x : R) : (p + q).eval x = p.eval x + q.eval x'),
  decl('Poly.derivative_mul', 'theorem', '(f g : Poly R) : derivative (f * g) = derivative f * g + f * derivative g'),
];

test('a definition is found by the words of its body', () => {
  const index = SearchIndex.build(decls(), []);
  const ranker = new Ranker(index);
  const names = (q: string) => ranker.rank(analyzeQuery(q), { k: 3 }).map((h) => index.store.names[h.id]);
  // Only Separable's body says "coprime"; Monic's says what a leading coefficient is.
  assert.deepEqual(names('coprime polynomial'), ['Poly.Separable']);
  assert.ok(names('polynomial coprime to its derivative').includes('Poly.Separable'));
  assert.equal(names('leading coeff')[0], 'Poly.Monic');
});

test('body terms are stored with the index; declarations without a body have an empty body field', () => {
  const built = SearchIndex.build(decls(), []);
  const loaded = SearchIndex.fromSections(built.toSections());
  const body = loaded.fields[FIELD_BODY];
  const coprime = loaded.termIds.get('coprime');
  assert.ok(coprime !== undefined, 'the body word is a term of the index');
  assert.equal(body.df(coprime), 1);
  assert.equal(body.docLen[3], 0, 'a theorem has no body');
  assert.ok(body.docLen[0] > 0);
  // Body words do not leak into the signature field.
  assert.equal(loaded.fields[1].df(coprime), 0);
});

test('name and goal queries do not search bodies', () => {
  const index = SearchIndex.build(decls(), []);
  for (const q of ['derivative_mul', '⊢ derivative (f * g) = derivative f * g + f * derivative g']) {
    const plan = analyzeQuery(q);
    assert.notEqual(plan.mode, 'text');
    const hits = new Ranker(index).rank(plan, { k: 5 });
    assert.ok(!hits.some((h) => index.store.names[h.id] === 'Poly.Separable'), `${q} should not reach a body-only match`);
  }
});

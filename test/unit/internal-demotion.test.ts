// Tactic code, `Internal` namespaces and auxiliary lemmas are not premises a user wants: searches in words or
// from a goal rank them after the lemmas they serve; a search for the name still finds them first, and an
// auxiliary lemma is not demoted in its own file (a proof there may use it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { RANK_PARAMS, Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';
import { internalMask } from '../../src/core/search/libraries';

const decl = (name: string, signature: string, module: string, line = 1): Declaration => ({ name, kind: 'theorem', signature, module, file: module.split('.').join('/') + '.lean', line, pkg: 'demo' });

const decls = [
  decl('Mathlib.Tactic.Widget.mul_comm_step', '(a b : α) : a * b = b * a', 'Mathlib.Tactic.Widget'),
  decl('Widget.mul_comm_aux', '(a b : α) : a * b = b * a', 'Demo.Algebra', 5),
  decl('Widget.mul_comm_of_widget', '(a b : α) : a * b = b * a', 'Demo.Algebra', 9),
];
const modules: ModuleInfo[] = ['Mathlib.Tactic.Widget', 'Demo.Algebra'].map((name) => ({ name, file: name + '.lean', pkg: 'demo', imports: [] }));

test('internal declarations: which names count', () => {
  const names = ['Mathlib.Tactic.Ring.add_pf', 'Lean.Elab.Term.elabApp', 'Foo.Internal.bar', 'foo_aux', "foo_aux2'", 'Nat.rec.match_1', 'f.proof_3', 'CategoryTheory.Monoidal.Mon_', 'Nat.add_comm', 'Lean.Omega.foo', 'auxiliary'];
  assert.deepEqual([...internalMask(names)], [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
});

test('internal declarations come after the lemma in words and goals, first by name, and not in their own file', () => {
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const names = (query: string, cutoff?: { moduleIdx: number; line: number }) => ranker.rank(analyzeQuery(query), { k: 3, cutoff }).map((h) => index.store.names[h.id]);
  const saved = RANK_PARAMS.internal;
  try {
    RANK_PARAMS.internal = 0; // without the demotion the shorter internal names come first
    assert.notEqual(names('widget mul comm')[0], 'Widget.mul_comm_of_widget');
    assert.notEqual(names('a b : α\n⊢ a * b = b * a')[0], 'Widget.mul_comm_of_widget');
  } finally {
    RANK_PARAMS.internal = saved;
  }
  assert.equal(names('widget mul comm')[0], 'Widget.mul_comm_of_widget');
  assert.equal(names('a b : α\n⊢ a * b = b * a')[0], 'Widget.mul_comm_of_widget');
  assert.equal(names('Mathlib.Tactic.Widget.mul_comm_step')[0], 'Mathlib.Tactic.Widget.mul_comm_step');
  // Asked from line 8 of Demo.Algebra: the auxiliary lemma above is usable there and not demoted; the lemma after is cut.
  const fromFile = names('a b : α\n⊢ a * b = b * a', { moduleIdx: 1, line: 8 });
  assert.equal(fromFile[0], 'Widget.mul_comm_aux');
  assert.ok(!fromFile.includes('Widget.mul_comm_of_widget'));
});

test('@[simps] lemmas: indexed with their origin; the definition asked in words comes first; a name search finds the lemma', () => {
  const defn: Declaration = { name: 'Demo.widgetEquiv', kind: 'def', signature: ': Widget ≃ Gadget', module: 'Demo.Algebra', file: 'Demo/Algebra.lean', line: 3, pkg: 'demo', doc: 'Widgets are gadgets.' };
  const lemma: Declaration = { ...decl('Demo.widgetEquiv_apply', '(w : Widget) : widgetEquiv w = w.toGadget', 'Demo.Algebra', 3), generatedFrom: 'Demo.widgetEquiv', origin: 'simps' };
  const index = SearchIndex.build([lemma, defn], modules);
  const ranker = new Ranker(index);
  const names = (query: string) => ranker.rank(analyzeQuery(query), { k: 2 }).map((h) => index.store.names[h.id]);
  assert.equal(names('widget equiv')[0], 'Demo.widgetEquiv');
  assert.equal(names('Demo.widgetEquiv_apply')[0], 'Demo.widgetEquiv_apply');
  assert.equal(index.store.materialize(0).origin, 'simps');
});

test('asked from a line of a file, what that file declares above the line ranks before an equal lemma elsewhere', () => {
  const same = [
    decl('Other.twist_le', '(a b : α) : a ≤ a ⊔ b', 'Mathlib.Tactic.Widget'),
    decl('Widget.twist_le', '(a b : α) : a ≤ a ⊔ b', 'Demo.Algebra', 4),
  ];
  const index = SearchIndex.build(same, modules);
  const ranker = new Ranker(index);
  const goal = 'a b : α\n⊢ a ≤ a ⊔ b';
  const first = (cutoff?: { moduleIdx: number; line: number }) => index.store.names[ranker.rank(analyzeQuery(goal), { k: 2, cutoff })[0].id];
  const saved = RANK_PARAMS.internal;
  try {
    RANK_PARAMS.internal = 0; // only the file matters here
    assert.equal(first(), 'Other.twist_le', 'without a line, the tie goes to the shorter name');
    assert.equal(first({ moduleIdx: 1, line: 9 }), 'Widget.twist_le');
  } finally {
    RANK_PARAMS.internal = saved;
  }
});

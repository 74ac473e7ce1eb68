// What an attribute says a declaration is (`@[ext]`: an extensionality lemma) is searchable in words: "widget
// extensionality" finds `Widget.ext`, though its docstring never says so and other docstrings do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';
import { extractFile } from '../../src/core/extract/scanner';

const at = (d: Omit<Declaration, 'module' | 'file' | 'line' | 'pkg'>): Declaration => ({ ...d, module: 'Demo.Widget', file: 'Demo/Widget.lean', line: 1, pkg: 'demo' });
const modules: ModuleInfo[] = [{ name: 'Demo.Widget', file: 'Demo/Widget.lean', pkg: 'demo', imports: [] }];

const decls = [
  at({ name: 'Widget', kind: 'structure', signature: '(α : Type*)', attrs: ['ext'], doc: 'A widget over `α`.' }),
  at({ name: 'Widget.ext', kind: 'theorem', signature: '{x y : Widget α} (h : x.val = y.val) : x = y', attrs: ['ext'] }),
  at({ name: 'Gadget.ext', kind: 'theorem', signature: '{x y : Gadget} (h : x.val = y.val) : x = y', doc: '`Gadget` extensionality.' }),
  at({ name: 'Widget.val_ne', kind: 'theorem', signature: '{x y : Widget α} (h : x.val ≠ y.val) : x ≠ y', doc: 'Widgets with different values differ (widget extensionality, the other way).' }),
  at({ name: 'Widget.rec_on', kind: 'theorem', signature: '{C : Widget α → Prop} (w : Widget α) (h : ∀ a, C ⟨a⟩) : C w', attrs: ['elab_as_elim'] }),
];

test('attribute words: an @[ext] lemma is found as "T extensionality", an @[elab_as_elim] one as an induction principle', () => {
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const names = (query: string) => ranker.rank(analyzeQuery(query), { k: 3 }).map((h) => index.store.names[h.id]);
  assert.equal(names('widget extensionality')[0], 'Widget.ext');
  assert.equal(names('induction principle for widgets')[0], 'Widget.rec_on');
  // the structure tagged @[ext] is not itself an extensionality lemma: the word is its generated lemma's
  assert.ok(!names('extensionality').includes('Widget'));
});

test('a Stacks Project or Kerodon tag (`@[stacks 09HY "…"]`) is searchable and shown', () => {
  const text = ['namespace Demo', '/-- Finite fields have prime power order. -/', '@[stacks 09HY "first part", simp]', 'theorem card_eq : True := trivial', '@[kerodon 003A] theorem other : True := trivial', 'end Demo'].join('\n');
  const r = extractFile(text, { module: 'Demo.Widget', file: 'Demo/Widget.lean', pkg: 'demo' });
  const byName = new Map(r.decls.map((d) => [d.name, d]));
  assert.deepEqual(byName.get('Demo.card_eq')?.tags, ['Stacks Tag 09HY']);
  assert.deepEqual(byName.get('Demo.other')?.tags, ['Kerodon Tag 003A']);
  const index = SearchIndex.build([...r.decls, ...decls], modules);
  const ranker = new Ranker(index);
  const first = (q: string) => index.store.names[ranker.rank(analyzeQuery(q), { k: 1 })[0].id];
  assert.equal(first('Stacks Tag 09HY'), 'Demo.card_eq');
  assert.equal(first('kerodon 003A'), 'Demo.other');
  assert.deepEqual(index.store.materialize(index.byFullName('Demo.card_eq')).tags, ['Stacks Tag 09HY']);
});

// Module docs list a file's main results with a sentence each; that sentence is tied to the declaration it names
// and searched where the declaration has no docstring of its own (it is not shown as one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proseItems, proseOfModuleDocs } from '../../src/core/extract/prose';
import { extractFile } from '../../src/core/extract/scanner';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

const FILE = `/-!
# Widgets

## Main results

* \`Widget.card_le\`: a widget never has more gadgets than its frame allows.
* \`frame_bound\` and \`Widget.card_le\` together bound every widget.
* \`Widget.spin\`
- \`twirl\`: the twirl of a widget is a
  gadget-preserving rotation.

\`\`\`
* \`Widget.card_le\`: code blocks are not prose
\`\`\`
-/

namespace Widget

theorem card_le (w : Nat) : w ≤ w + 1 := Nat.le_succ w

/-- Its own docstring. -/
theorem frame_bound (w : Nat) : w ≤ w * 1 := sorry

def spin (w : Nat) : Nat := w

def twirl (w : Nat) : Nat := w

end Widget

namespace Other
def twirl (w : Nat) : Nat := w
end Other
`;

test('list items and their continuation lines are items; code blocks and headings are not', () => {
  const items = proseItems('## Main\n\n* `a`: one\n  more\n- `b`: two\n\n```\n* `c`: code\n```\nA paragraph.');
  assert.deepEqual(items, ['`a`: one more', '`b`: two', 'A paragraph.']);
});

test('module-doc sentences are tied to the declarations they name (full or short names; not ambiguous ones, not name-only items)', () => {
  const out = extractFile(FILE, { module: 'Demo.Widget', file: 'Demo/Widget.lean', pkg: 'demo' });
  const prose = (name: string) => out.decls.find((d) => d.name === name)?.prose;
  assert.match(prose('Widget.card_le') ?? '', /never has more gadgets than its frame allows/);
  assert.match(prose('Widget.card_le') ?? '', /together bound every widget/);
  assert.match(prose('Widget.frame_bound') ?? '', /together bound every widget/);
  assert.equal(prose('Widget.spin'), undefined, 'an item that only names it says nothing');
  assert.equal(prose('Widget.twirl'), undefined, '`twirl` names two declarations of the file');
  assert.ok(!(prose('Widget.card_le') ?? '').includes('code blocks'));
  assert.equal(proseOfModuleDocs(['* `x`: words about a thing'], ['y']).size, 0);
});

test('a declaration without a docstring is found by the words of its module doc', () => {
  const out = extractFile(FILE, { module: 'Demo.Widget', file: 'Demo/Widget.lean', pkg: 'demo' });
  const decls = [...out.decls, { name: 'Gadget.count', kind: 'theorem' as const, signature: '(g : Nat) : g = g', module: 'Demo.Gadget', file: 'Demo/Gadget.lean', line: 1, pkg: 'demo', doc: 'The gadgets of a frame.' }];
  const index = SearchIndex.build(decls, [out.module, { name: 'Demo.Gadget', file: 'Demo/Gadget.lean', pkg: 'demo', imports: [] }]);
  const hits = new Ranker(index).rank(analyzeQuery('never more gadgets than the frame allows'), { k: 3 }).map((h) => index.store.names[h.id]);
  assert.equal(hits[0], 'Widget.card_le');
  assert.equal(index.store.materialize(index.byFullName('Widget.card_le')).doc, undefined, 'searched, not shown');
});

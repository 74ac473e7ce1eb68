// Asked from a line of a file, a goal's premises take a hint from the name of the theorem being proved there: it is
// typed before its proof and names what the theorem states (`widget_le_twice` is about `widget` and `le`). So does
// the name of a theorem pasted whole (`theorem widget_le_add_two … := by sorry`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { RANK_PARAMS } from '../../src/core/search/ranker';
import { tempProject } from './tempProject';

test('a goal asked from a line takes the words of the theorem proved there as a hint, a pasted theorem its own name; a bare goal from nowhere none', async () => {
  const { root, cache } = tempProject('leanscout-theorem-name-', {
    'Demo/Widget.lean':
      [
        'namespace Demo',
        '',
        // Same statement, in the order of their names: without a hint the first comes first.
        'theorem aa_le_succ (n : Nat) : n ≤ n + 1 := Nat.le_succ n',
        '',
        'theorem widget_le_succ (n : Nat) : n ≤ n + 1 := Nat.le_succ n',
        '',
        ...Array.from({ length: 12 }, (_, i) => [`theorem filler_${i} (n : Nat) : n + ${i} = ${i} + n := Nat.add_comm _ _`, '']).flat(),
        'theorem widget_le_twice (n : Nat) : n ≤ n + 1 + 1 := by',
        '  exact Nat.le_trans (widget_le_succ n) (Nat.le_succ _)',
        '',
        'end Demo',
      ].join('\n') + '\n',
  });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off', noSave: true });
  const line = engine.lookup('Demo.widget_le_twice')!.line;
  const goal = 'n : Nat\n⊢ n ≤ n + 1 + 1';
  const names = (at?: number) => engine.search({ query: goal, k: 5, fromModule: 'Demo.Widget', preferInScope: true, usableBeforeLine: at }).hits.map((h) => h.decl.name);
  const saved = { name: RANK_PARAMS.theoremNameWords, above: RANK_PARAMS.justAbove };
  try {
    RANK_PARAMS.justAbove = 0; // (the lemma just above is not the one asked about here)
    RANK_PARAMS.theoremNameWords = 0;
    const flat = names(line);
    assert.ok(flat.indexOf('Demo.aa_le_succ') < flat.indexOf('Demo.widget_le_succ'), `equal lemmas tie by name without the hint: ${flat}`);
    RANK_PARAMS.theoremNameWords = saved.name;
    const hinted = names(line);
    assert.equal(hinted[0], 'Demo.widget_le_succ', `the theorem's words (\`widget\`) point at its premise: ${hinted}`);
    assert.ok(!hinted.includes('Demo.widget_le_twice'), 'never the theorem itself');
    // Asked from nowhere (no line), no theorem is known: no hint.
    const anywhere = names(undefined);
    assert.ok(anywhere.indexOf('Demo.aa_le_succ') < anywhere.indexOf('Demo.widget_le_succ'), `no hint without a line: ${anywhere}`);
    // A theorem pasted from nowhere names itself (`theorem widget_le_add_two …`): its words are the hint.
    // (`widget_le_twice` states it already: first, as the same statement)
    const pasted = engine.search({ query: 'theorem widget_le_add_two (n : Nat) : n ≤ n + 1 + 1 := by sorry', k: 5 }).hits.map((h) => h.decl.name);
    assert.ok(pasted.indexOf('Demo.widget_le_succ') >= 0 && pasted.indexOf('Demo.widget_le_succ') < pasted.indexOf('Demo.aa_le_succ'), `the pasted theorem's words: ${pasted}`);
    // The file as last re-indexed (an edit renames the theorem): its new name is the hint.
    const file = path.join(root, 'Demo/Widget.lean');
    const edited = fs.readFileSync(file, 'utf8').replace('theorem widget_le_succ', 'theorem gadget_le_succ').replace('theorem widget_le_twice', 'theorem gadget_le_twice').replace('(widget_le_succ n)', '(gadget_le_succ n)');
    engine.updateFile(file, edited);
    const renamed = names(line);
    assert.equal(renamed[0], 'Demo.gadget_le_succ', `the re-indexed theorem's words: ${renamed}`);
    // A name the caller reads from unsaved text (`theorem`) is the hint before the index knows it.
    const unsaved = engine.search({ query: goal, k: 5, fromModule: 'Demo.Widget', preferInScope: true, usableBeforeLine: line, theorem: 'Demo.aa_le_twice' }).hits.map((h) => h.decl.name);
    assert.equal(unsaved[0], 'Demo.aa_le_succ', `the caller's name: ${unsaved}`);
  } finally {
    RANK_PARAMS.theoremNameWords = saved.name;
    RANK_PARAMS.justAbove = saved.above;
  }
});

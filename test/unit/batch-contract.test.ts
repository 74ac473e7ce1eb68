// The batch contract: every field a single search takes may be given per input line, and `from` + `line` asks as a
// proof at that line would — the declaration being proved and later ones of its file are left out, in the engine
// (so the first n results are the same for every k).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { batchRequest } from '../../src/cli/indexCommands';
import { tempProject } from './tempProject';

function project(): { root: string; cache: string } {
  return tempProject('leanscout-batch-', {
    'Demo/Sq.lean': [
    'namespace Demo',
    '',
    'theorem sq_bound_first (a : Nat) : a * a ≤ a * a + 1 := by omega',
    '',
    'theorem sq_bound_second (a : Nat) : a * a ≤ a * a + 2 := by',
    '  omega',
    '',
    'theorem sq_bound_third (a : Nat) : a * a ≤ a * a + 3 := by omega',
    '',
    'def sq_helper (a : Nat) : Nat := a * a',
    '',
    'end Demo',
    '',
  ].join('\n'),
  });
}

test('batch lines: k, kind, module, namespace per line; from + line leaves out the theorem being proved and later ones', async () => {
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache });
  const names = (obj: Record<string, unknown>) => engine.search(batchRequest({ query: 'sq bound', ...obj }, 10, {}, root)).hits.map((h) => h.decl.name);

  assert.deepEqual(new Set(names({})), new Set(['Demo.sq_bound_first', 'Demo.sq_bound_second', 'Demo.sq_bound_third', 'Demo.sq_helper']));
  assert.equal(names({ k: 2 }).length, 2);
  assert.deepEqual(names({ kind: 'def' }), ['Demo.sq_helper']);
  assert.deepEqual(names({ kind: ['def'] }), ['Demo.sq_helper']);
  assert.equal(names({ module: 'Other' }).length, 0);
  assert.equal(names({ namespace: 'Demo' }).length, 4);
  // Line 6 is inside the proof of sq_bound_second (which starts on line 5): only sq_bound_first is usable there.
  assert.deepEqual(names({ from: 'Demo.Sq', line: 6 }), ['Demo.sq_bound_first']);
  // From another module everything is usable.
  assert.equal(names({ from: 'Demo.Other', line: 6 }).length, 4);
  // The cut is in the engine: k = 1 is the first of k = 10.
  assert.deepEqual(names({ from: 'Demo.Sq', line: 9, k: 1 }), names({ from: 'Demo.Sq', line: 9 }).slice(0, 1));
  assert.throws(() => batchRequest({ query: 'x', line: 3 }, 10, {}, root), /needs "from"/);
  assert.equal(batchRequest({ query: 'x', from: 'Demo.Sq', line: 6, theorem: 'Demo.sq_bound_second' }, 10, {}, root).theorem, 'Demo.sq_bound_second');
  assert.throws(() => batchRequest({ query: 'x', theorem: 'Demo.sq_bound_second' }, 10, {}, root), /needs "from" and "line"/);
  assert.throws(() => batchRequest({ query: 'x', from: 'Demo.Sq', line: 6, theorem: 3 }, 10, {}, root), /declaration name/);
  assert.throws(() => batchRequest({ query: 'x', k: -1 }, 10, {}, root), /positive/);
  assert.throws(() => batchRequest({ query: 'x', kind: 'lemma' }, 10, {}, root), /unknown kind/);
});

// A statement's premises include lemmas about what the definitions it names are made of (MePo's relevance spreading
// through definitions): `glorp` is defined by `wibble`, so a proof about `glorp` may well use a lemma about `wibble`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { RANK_PARAMS } from '../../src/core/search/ranker';
import { tempProject } from './tempProject';

/** A definition, a lemma about it and two lemmas about nothing in particular (lines 1–10 of `Demo/Basic.lean`). */
const ABOUT_WIBBLE = [
  'namespace Demo',
  '',
  'def wibble (n : Nat) : Nat := n / 2',
  '',
  'theorem wibble_twice_le (n : Nat) : wibble n * 2 ≤ n := sorry',
  '',
  'theorem le_succ_self (n : Nat) : n ≤ n + 1 := sorry',
  '',
  'theorem le_mul_one (m : Nat) : m ≤ m * 1 := sorry',
  '',
];

test('a pasted theorem about a definition brings lemmas about what the definition unfolds to', async () => {
  const { root, cache } = tempProject('leanscout-unfold-', {
    'Demo/Basic.lean': [...ABOUT_WIBBLE, 'def glorp (n : Nat) : Nat := wibble (wibble n)', '', 'end Demo'].join('\n') + '\n',
  });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off', noSave: true });
  const query = 'theorem glorp_le (n : Nat) : Demo.glorp n ≤ n := by\n  sorry';
  const theorems = () => engine.search({ query, k: 10 }).hits.filter((h) => h.decl.kind === 'theorem').map((h) => h.decl.name);
  const saved = RANK_PARAMS.unfold;
  try {
    RANK_PARAMS.unfold = 0;
    assert.notEqual(theorems()[0], 'Demo.wibble_twice_le', 'without unfolding, nothing ties the goal to wibble');
  } finally {
    RANK_PARAMS.unfold = saved;
  }
  assert.equal(theorems()[0], 'Demo.wibble_twice_le');
  // Asked from a line above the definition (line 11), it is not unfolded: what the file declares there is not known yet.
  const fromLine10 = () => engine.search({ query, k: 10, fromModule: 'Demo.Basic', usableBeforeLine: 10 }).hits.map((h) => `${h.decl.name} ${h.score}`);
  const withUnfold = fromLine10();
  try {
    RANK_PARAMS.unfold = 0;
    assert.deepEqual(withUnfold, fromLine10());
  } finally {
    RANK_PARAMS.unfold = saved;
  }
  assert.ok(withUnfold.some((h) => h.startsWith('Demo.wibble_twice_le ')), 'the lemma itself is usable there');
});

test('a pasted snippet’s own definition, which the index does not know, is unfolded from the snippet (and its notation)', async () => {
  const { root, cache } = tempProject('leanscout-unfold-own-', {
    'Demo/Basic.lean': [...ABOUT_WIBBLE, 'end Demo'].join('\n') + '\n',
  });
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off', noSave: true });
  const theorems = (query: string) => engine.search({ query, k: 10 }).hits.filter((h) => h.decl.kind === 'theorem').map((h) => h.decl.name);
  const statement = 'theorem zonk_le (n : Nat) : zonk n ≤ n := by\n  sorry';
  assert.notEqual(theorems(statement)[0], 'Demo.wibble_twice_le', 'without its definition, nothing ties `zonk` to wibble');
  const defined = ['import Demo.Basic', '', 'open Demo', '', '/-- Twice halved. -/', 'def zonk (n : Nat) : Nat :=', '  wibble (wibble n)', '', statement].join('\n');
  assert.equal(theorems(defined)[0], 'Demo.wibble_twice_le', 'the snippet says what `zonk` is made of');
  // Through the notation the snippet gives it.
  const noted = ['def zonk (n : Nat) : Nat := wibble (wibble n)', '', 'local notation "Ƶ" => zonk', '', 'theorem zonk_le (n : Nat) : Ƶ n ≤ n := sorry'].join('\n');
  assert.equal(theorems(noted)[0], 'Demo.wibble_twice_le');
  // A definition the conclusion does not name adds nothing.
  const unrelated = ['def zonk (n : Nat) : Nat := wibble (wibble n)', '', 'theorem other_le (n : Nat) : n ≤ n := sorry'].join('\n');
  assert.notEqual(theorems(unrelated)[0], 'Demo.wibble_twice_le');
});

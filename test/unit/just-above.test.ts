// Asked from a line of a file (`from` + `line`), a goal's premises favour what the file declares just above that line:
// proofs use the lemmas proved just before them. Nothing at or after the line counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { RANK_PARAMS } from '../../src/core/search/ranker';
import { tempProject } from './tempProject';


function project(): { root: string; cache: string } {
  const filler = Array.from({ length: 12 }, (_, i) => [`theorem filler_${i} (n : Nat) : n + ${i} = ${i} + n := Nat.add_comm _ _`, '']).flat();
  return tempProject('leanscout-above-', {
    'Demo/Twirl.lean':
      [
        'namespace Demo',
        '',
        'def twirl (n : Nat) : Nat := n + 2',
        '',
        'theorem a_twirl_pos (n : Nat) : 0 < twirl n := by simp [twirl]',
        '',
        ...filler,
        'theorem b_twirl_pos (n : Nat) : 0 < twirl n := by simp [twirl]',
        '',
        'theorem twirl_twirl_pos (n : Nat) : 0 < twirl (twirl n) := by',
        '  exact b_twirl_pos _',
        '',
        'theorem c_twirl_pos (n : Nat) : 0 < twirl n := by simp [twirl]',
        '',
        'end Demo',
      ].join('\n') + '\n',
  });
}

test('a goal asked from a line favours the declarations just above it; nothing at or after the line', async () => {
  const { root, cache } = project();
  const engine = await Engine.open({ project: root, cacheDir: cache, learn: 'off', noSave: true });
  const line = engine.lookup('Demo.twirl_twirl_pos')!.line;
  const goal = 'n : Nat\n⊢ 0 < Demo.twirl n';
  const names = () => engine.search({ query: goal, k: 5, fromModule: 'Demo.Twirl', preferInScope: true, usableBeforeLine: line }).hits.map((h) => h.decl.name);
  const saved = RANK_PARAMS.justAbove;
  try {
    RANK_PARAMS.justAbove = 0;
    const flat = names();
    assert.ok(flat.indexOf('Demo.a_twirl_pos') < flat.indexOf('Demo.b_twirl_pos'), `equal lemmas tie by name without the prior: ${flat}`);
  } finally {
    RANK_PARAMS.justAbove = saved;
  }
  const near = names();
  assert.equal(near[0], 'Demo.b_twirl_pos', `the lemma just above comes first: ${near}`);
  assert.ok(!near.includes('Demo.c_twirl_pos') && !near.includes('Demo.twirl_twirl_pos'), 'nothing at or after the line');
  // Without a line nothing is "above": the tie is back.
  const anywhere = engine.search({ query: goal, k: 5 }).hits.map((h) => h.decl.name);
  assert.ok(anywhere.indexOf('Demo.a_twirl_pos') < anywhere.indexOf('Demo.b_twirl_pos'));
});

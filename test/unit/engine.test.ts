import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { tempDir } from './tempProject';
import type { Progress } from '../../src/core/types';

function tempProject(): { root: string; cache: string } {
  const base = tempDir('leanscout-engine-');
  const root = path.join(base, 'proj');
  fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'Demo', 'Order.lean'),
    [
      'namespace Demo',
      '',
      '/-- A poset in which every two elements have a join. -/',
      'class JoinOrder (α : Type) extends LE α where',
      '  join : α → α → α',
      '  le_join_left : ∀ a b : α, a ≤ join a b',
      '',
      '/-- The join of `a` with itself is `a`. -/',
      'theorem join_self_eq {α : Type} [JoinOrder α] (a : α) : JoinOrder.join a a = a := sorry',
      '',
      'end Demo',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(root, 'Demo', 'Arith.lean'),
    ['import Demo.Order', '', 'theorem twice_add (n : Nat) : n + n = 2 * n := by omega', ''].join('\n'),
  );
  return { root, cache: path.join(base, 'cache') };
}

test('open builds, saves, and a second open loads from the cache', async () => {
  const { root, cache } = tempProject();
  const phases = new Set<string>();
  const e1 = await Engine.open({ project: root, cacheDir: cache, onProgress: (p: Progress) => phases.add(p.phase) });
  const s1 = e1.stats();
  assert.equal(s1.source, 'built');
  assert.ok(s1.decls >= 3, `expected declarations, got ${s1.decls}`);
  assert.ok(phases.has('build'));
  assert.ok(s1.indexBytes > 0);
  const hit = e1.search({ query: 'the join of a with itself equals a', k: 3 });
  assert.equal(hit.hits[0]?.decl.name, 'Demo.join_self_eq');

  const e2 = await Engine.open({ project: root, cacheDir: cache });
  assert.equal(e2.stats().source, 'cache');
  assert.deepEqual(
    e2.search({ query: 'the join of a with itself equals a', k: 3 }).hits.map((h) => h.decl.name),
    hit.hits.map((h) => h.decl.name),
  );
  // The result is plain data (the extension sends it across a worker boundary).
  assert.deepEqual(structuredClone(hit), hit);
});

test('filters, in-scope flags and bad queries', async () => {
  const { root, cache } = tempProject();
  const e = await Engine.open({ project: root, cacheDir: cache });
  const inScope = e.search({ query: 'join', k: 10, fromModule: 'Demo.Arith' });
  assert.ok(inScope.hits.length > 0);
  for (const h of inScope.hits) assert.equal(h.inScope, h.decl.module === 'Demo.Order' || h.decl.module === 'Demo.Arith');
  const classes = e.search({ query: 'join', k: 10, kinds: ['class'] });
  assert.deepEqual(classes.hits.map((h) => h.decl.name), ['Demo.JoinOrder']);
  assert.ok(e.search({ query: 'join', kinds: ['bogus' as never] }).message?.includes('unknown kind'));
  assert.equal(e.search({ query: '   ' }).message, 'empty query');
  assert.ok(e.search({ query: 42 as unknown as string }).message);
  assert.ok(Array.isArray(e.search({ query: '⊢'.repeat(50000) }).hits));
});

test('updateFile re-indexes one file and replaces its declarations', async () => {
  const { root, cache } = tempProject();
  const e = await Engine.open({ project: root, cacheDir: cache });
  const file = path.join(root, 'Demo', 'Arith.lean');
  const res = e.updateFile(file, 'theorem thrice_add (n : Nat) : n + n + n = 3 * n := by omega\n');
  assert.ok(res.ok, res.message);
  assert.equal(res.decls, 1);
  assert.ok(Number.isFinite(res.ms) && res.ms >= 0, 'the update reports its time');
  const names = e.search({ query: 'add', k: 10 }).hits.map((h) => h.decl.name);
  assert.ok(names.includes('thrice_add'));
  assert.ok(!names.includes('twice_add'));
  assert.equal(e.lookup('twice_add'), undefined);
  assert.equal(e.updateFile('/elsewhere/x.lean').ok, false);
});

test('a corrupted cache is detected and rebuilt', async () => {
  const { root, cache } = tempProject();
  await Engine.open({ project: root, cacheDir: cache });
  const file = path.join(cache, 'index.bin');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 5] ^= 0xff;
  fs.writeFileSync(file, bytes);
  const e = await Engine.open({ project: root, cacheDir: cache });
  assert.equal(e.stats().source, 'built');
  assert.match(e.stats().cacheNote ?? '', /corrupt/);
  assert.equal(e.search({ query: 'twice add', k: 1 }).hits[0]?.decl.name, 'twice_add');
});

test('an index that cannot be saved still searches, and the stats say why it was not saved', async () => {
  const { root, cache } = tempProject();
  fs.writeFileSync(cache, 'a file where the cache folder should be');
  const e = await Engine.open({ project: root, cacheDir: cache });
  assert.equal(e.stats().saveError, `${cache} is a file, not a folder`);
  assert.match(e.stats().cacheNote ?? '', /could not save the index: .* is a file, not a folder/);
  assert.equal(e.search({ query: 'twice add', k: 1 }).hits[0]?.decl.name, 'twice_add');
  assert.equal(fs.readFileSync(cache, 'utf8'), 'a file where the cache folder should be', 'the file in the way is left as it was');
});

test('goal queries: what the file imports is a hint — it wins among equals, a clearly better lemma needing an import still shows', async () => {
  const base = tempDir('leanscout-engine-scope-');
  const root = path.join(base, 'proj');
  fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
  fs.writeFileSync(path.join(root, 'lakefile.lean'), 'import Lake\nopen Lake DSL\npackage demo\n@[default_target] lean_lib Demo\n');
  fs.writeFileSync(path.join(root, 'Demo', 'Basic.lean'), 'theorem Demo.swap_le (a b : Nat) (h : a ≤ b) : a ≤ b := h\ntheorem Demo.le_add_of_le\' (a b c : Nat) (h : a ≤ b) : a ≤ b + c := sorry\n');
  // Not imported by Demo/Use.lean: one states the goal exactly, one is as good as an imported one.
  fs.writeFileSync(path.join(root, 'Demo', 'Other.lean'), 'theorem Demo.swap_le_max (a b : Nat) (h : a ≤ b) : a ≤ max a b := sorry\ntheorem Demo.le_add_of_le (a b c : Nat) (h : a ≤ b) : a ≤ b + c := sorry\n');
  fs.writeFileSync(path.join(root, 'Demo', 'Use.lean'), 'import Demo.Basic\n\nexample (a b : Nat) (h : a ≤ b) : a ≤ max a b := sorry\n');
  const e = await Engine.open({ project: root, cacheDir: path.join(base, 'cache') });
  const goal = 'a b : Nat\nh : a ≤ b\n⊢ a ≤ max a b';
  const fromUse = e.search({ query: goal, k: 5, fromModule: 'Demo.Use', preferInScope: true }).hits;
  assert.equal(fromUse[0].decl.name, 'Demo.swap_le_max', `the lemma stating the goal shows first though it needs an import: ${fromUse.map((h) => h.decl.name).join(', ')}`);
  assert.equal(fromUse[0].inScope, false);
  // Between two equally good lemmas, the imported one comes first (without a module the shorter name does).
  const sum = e.search({ query: 'a b c : Nat\nh : a ≤ b\n⊢ a ≤ b + c', k: 5, fromModule: 'Demo.Use', preferInScope: true }).hits.map((h) => `${h.decl.name}:${h.inScope}`);
  assert.ok(sum.indexOf("Demo.le_add_of_le':true") >= 0 && sum.indexOf("Demo.le_add_of_le':true") < sum.indexOf('Demo.le_add_of_le:false'), sum.join(', '));
  const plainSum = e.search({ query: 'a b c : Nat\nh : a ≤ b\n⊢ a ≤ b + c', k: 5 }).hits.map((h) => h.decl.name);
  assert.ok(plainSum.indexOf('Demo.le_add_of_le') < plainSum.indexOf("Demo.le_add_of_le'"), plainSum.join(', '));
  // Without preferInScope (the panel's search box), the flag only.
  const flagged = e.search({ query: goal, k: 5, fromModule: 'Demo.Use' }).hits;
  assert.equal(flagged[0].decl.name, 'Demo.swap_le_max');
  assert.equal(flagged[0].inScope, false);
  // A module the index does not know (mistyped, never indexed) has no known imports or lines: asked as from nowhere, and
  // the answer says so — not every result flagged as needing an import.
  const unknown = e.search({ query: goal, k: 5, fromModule: 'Demo.Usee', preferInScope: true, usableBeforeLine: 3 });
  assert.deepEqual(
    unknown.hits.map((h) => `${h.decl.name} ${h.score} ${h.inScope}`),
    e.search({ query: goal, k: 5 }).hits.map((h) => `${h.decl.name} ${h.score} ${h.inScope}`),
  );
  assert.match(unknown.message ?? '', /module Demo\.Usee is not in the index/);
  assert.equal(e.search({ query: goal, k: 5, fromModule: 'Demo.Use' }).message, undefined);
  // A file created since the index was built is known once re-indexed (as the extension does on open and save).
  const created = path.join(root, 'Demo', 'New.lean');
  fs.writeFileSync(created, 'import Demo.Basic\n\nexample (a b : Nat) (h : a ≤ b) : a ≤ b := sorry\n');
  e.updateFile(created);
  const fromNew = e.search({ query: 'a b : Nat\nh : a ≤ b\n⊢ a ≤ b', k: 5, fromModule: 'Demo.New' });
  assert.equal(fromNew.message, undefined);
  assert.equal(fromNew.hits.find((h) => h.decl.name === 'Demo.swap_le')?.inScope, true);
  // A goal pasted with every line indented (from a list, a message, a code block) is the same goal.
  const names = (query: string) => e.search({ query, k: 5 }).hits.map((h) => `${h.decl.name} ${h.score}`).join(', ');
  assert.equal(names(goal.split('\n').map((l) => `    ${l}`).join('\n')), names(goal));
  assert.equal(names(`\n  ${goal.replace(/\n/g, '\r\n  ')}\n`), names(goal));
});

test('in-scope flags follow the imports of a file re-indexed on save', async () => {
  const { root, cache } = tempProject();
  const e = await Engine.open({ project: root, cacheDir: cache });
  const flag = () => e.search({ query: 'join', k: 10, fromModule: 'Demo.Arith' }).hits.find((h) => h.decl.name === 'Demo.join_self_eq')?.inScope;
  assert.equal(flag(), true);
  // The user deletes the import and saves: the join lemma now needs an import.
  const file = path.join(root, 'Demo', 'Arith.lean');
  e.updateFile(file, 'theorem twice_add (n : Nat) : n + n = 2 * n := by omega\n');
  assert.equal(flag(), false);
  e.updateFile(file, 'import Demo.Order\n\ntheorem twice_add (n : Nat) : n + n = 2 * n := by omega\n');
  assert.equal(flag(), true);
});

test('warmUp: searches of every kind over the index itself, in the background; results after it are the same; stops when aborted', async () => {
  const { root, cache } = tempProject();
  const e = await Engine.open({ project: root, cacheDir: cache });
  const before = e.search({ query: 'join', k: 5 }).hits.map((h) => h.decl.name);
  assert.equal(await e.warmUp({ searches: 12 }), 12);
  assert.deepEqual(e.search({ query: 'join', k: 5 }).hits.map((h) => h.decl.name), before);
  const abort = new AbortController();
  abort.abort();
  assert.equal(await e.warmUp({ signal: abort.signal }), 0);
});

// The library's notation commands say what a notation stands for: a query that is just the notation (`⌊x⌋`,
// `f =O[l] g`, `𝓝`) finds the declaration it unfolds to; a statement that merely uses the notation does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { notationsSaidIn, readNotation, writtenIn } from '../../src/core/extract/notation';
import { extractProject } from '../../src/core/extract/extractProject';
import { tempProject } from './tempProject';
import { extractFile } from '../../src/core/extract/scanner';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { Engine } from '../../src/core/engine';

test('notation commands as Mathlib writes them', () => {
  assert.deepEqual(readNotation('notation', '"⌊" a "⌋" => Int.floor a'), { pieces: ['⌊', null, '⌋'], head: 'Int.floor' });
  assert.deepEqual(readNotation('notation', ':50 f " =O[" l "] " g:50 => IsBigO l f g'), { pieces: [null, '=O[', null, ']', null], head: 'IsBigO' });
  assert.deepEqual(readNotation('notation', '"𝓝" => nhds'), { pieces: ['𝓝'], head: 'nhds' });
  assert.deepEqual(readNotation('infixl', ':65 " +ᵥ " => HVAdd.hVAdd'), { pieces: [null, '+ᵥ', null], head: 'HVAdd.hVAdd' });
  assert.deepEqual(readNotation('postfix', ':10000 "!" => Nat.factorial'), { pieces: [null, '!'], head: 'Nat.factorial' });
  // a binder notation unfolds to its `scoped` function's head
  assert.deepEqual(readNotation('notation3', '"⨆ " (...)", " r:60:(scoped f => iSup f) => r'), { pieces: ['⨆', null, ',', null], head: 'iSup' });
  // not one constant: the unfolding starts with notation of its own; a token of plain letters
  assert.equal(readNotation('notation3', '"𝔼[" X "]" => ∫ a, (X : _ → _) a'), undefined);
  assert.equal(readNotation('notation', '(name := d) "deriv" => deriv'), undefined);
});

test('a query written in a notation, whole, with simple arguments', () => {
  const floor: (string | null)[] = ['⌊', null, '⌋'];
  const bigO: (string | null)[] = [null, '=O[', null, ']', null];
  const smul: (string | null)[] = [null, '•', null];
  assert.ok(writtenIn(floor, '⌊x⌋'));
  assert.ok(writtenIn(floor, '⌊(x+1)⌋'));
  assert.ok(!writtenIn(floor, '⌊x⌋+1'));
  assert.ok(writtenIn(bigO, 'f=O[l]g'));
  assert.ok(writtenIn(smul, 'a•x'));
  assert.ok(!writtenIn(smul, 'a•x+b•x=x'), 'a statement using the notation is not the notation');
});

test('notation is read from a file, not a local one, and found by DeclStore.byNotation', () => {
  const text = ['namespace Demo', 'def floorOf (x : Nat) : Nat := x', 'notation "⌊" a "⌋" => floorOf a', 'local notation "⌈" a "⌉" => floorOf a', 'end Demo'].join('\n');
  const r = extractFile(text, { module: 'Demo', file: 'Demo.lean', pkg: '' });
  assert.deepEqual(r.notations, [{ pieces: ['⌊', null, '⌋'], candidates: ['Demo.floorOf', 'floorOf'] }]);
  const modules: ModuleInfo[] = [{ name: 'Demo', file: 'Demo.lean', pkg: '', imports: [] }];
  const decls: Declaration[] = [
    { name: 'Demo.floorOf', kind: 'def', signature: '(x : Nat) : Nat', module: 'Demo', file: 'Demo.lean', line: 2, pkg: '', notations: [['⌊', null, '⌋']] },
    { name: 'Demo.floorOf_le', kind: 'theorem', signature: '(x : Nat) : ⌊x⌋ ≤ x', module: 'Demo', file: 'Demo.lean', line: 4, pkg: '' },
    { name: 'Demo.count', kind: 'def', signature: '(s : Set Nat) : Nat', module: 'Demo', file: 'Demo.lean', line: 6, pkg: '', notations: [['#', null]] },
    { name: 'Demo.unit', kind: 'def', signature: ': Nat', module: 'Demo', file: 'Demo.lean', line: 7, pkg: '', notations: [['λ_']] },
    { name: 'Demo.dagger', kind: 'def', signature: '(x : Nat) : Nat', module: 'Demo', file: 'Demo.lean', line: 8, pkg: '', notations: [[null, '†']] },
    { name: 'Demo.boxPlus', kind: 'def', signature: '(a b : Nat) : Nat', module: 'Demo', file: 'Demo.lean', line: 9, pkg: '', notations: [[null, '⊞', null]] },
  ];
  const index = SearchIndex.build(decls, modules);
  assert.deepEqual(index.store.byNotation('⌊x⌋').map((id) => index.store.names[id]), ['Demo.floorOf']);
  assert.deepEqual(index.store.byNotation('⌊x⌋ ≤ x'), []);
  assert.deepEqual(index.store.materialize(0).notations, [['⌊', null, '⌋']]);
  // what reads as a name (the engine asks `withoutArguments` then) is a notation only without arguments
  const names = (q: string, withoutArguments = false) => index.store.byNotation(q, withoutArguments).map((id) => index.store.names[id]);
  assert.deepEqual(names('#s'), ['Demo.count']);
  assert.deepEqual(names('#check Demo.floorOf', true), []);
  assert.deepEqual(names('λ_', true), ['Demo.unit']);
  // an argument at either end or both (a literal at an end is looked for at that end of the query first)
  assert.deepEqual(names('x †'), ['Demo.dagger']);
  assert.deepEqual(names('a ⊞ (b + 1)'), ['Demo.boxPlus']);
  assert.deepEqual(names('a ⊞ b = c'), []);
  assert.deepEqual(names('† x'), []);
});

test('notation the prose states by example ("`∑ x ∈ s, f x` is notation for `Finset.sum s f`"), resolved project-wide', async () => {
  assert.deepEqual(notationsSaidIn('`∑ x ∈ s, f x` is notation for `Finset.sum s f`.'), [{ pieces: ['∑', null, '∈', null, ',', null], head: 'Finset.sum' }]);
  assert.deepEqual(notationsSaidIn('`a ≡ b [MOD n]` is notation for `Nat.ModEq n a b`'), [{ pieces: [null, '≡', null, '[MOD', null, ']'], head: 'Nat.ModEq' }]);
  // all variables, or notation for another notation: nothing to match
  assert.deepEqual(notationsSaidIn('`τ a f` is notation for `translate a f`'), []);
  assert.deepEqual(notationsSaidIn('`ω₁` is notation for `ω_ 1`'), []);
  const { root } = tempProject('leanscout-notation-', {
    'lakefile.toml': 'name = "demo"\n',
    'Demo/Sum.lean': ['namespace Demo.Big', 'def total (s : List Nat) : Nat := s.sum', 'end Demo.Big'].join('\n'),
    'Demo/Size.lean': ['namespace Demo', 'class HasSize (α : Type) where', '  size : α → Nat', 'end Demo'].join('\n'),
    'Demo/Syntax.lean': [
      'import Demo.Sum',
      '/-- `⅀ x ∈ s` is notation for `Big.total s`. -/',
      'syntax "⅀" term:max : term',
      '/-- `⟪ x ⟫` is notation for `size x`. -/',
      'syntax "⟪" term "⟫" : term',
    ].join('\n'),
  });
  const r = await extractProject(root, { useIlean: false });
  // written without its namespace's first part: the one declaration whose name ends so
  assert.deepEqual(r.decls.find((d) => d.name === 'Demo.Big.total')?.notations, [['⅀', null, '∈', null]]);
  // a class's operation written bare: the class's field so named
  assert.deepEqual(r.decls.find((d) => d.name === 'Demo.HasSize.size')?.notations, [['⟪', null, '⟫']]);
});

test('a query that is one LaTeX formula written in a notation finds what the notation stands for, as in Lean', async () => {
  const { root, cache } = tempProject('leanscout-notation-latex-', {
    'lakefile.toml': 'name = "demo"\n',
    'Demo/Floor.lean': [
      'namespace Demo',
      '/-- The floor of a natural number. -/',
      'def floorOf (x : Nat) : Nat := x',
      'notation "⌊" a "⌋" => floorOf a',
      '/-- The floor is at most the number. -/',
      'theorem floorOf_le_ceil (x : Nat) : floorOf x ≤ x := Nat.le_refl x',
      '/-- A box that floors. -/',
      'def floorBox (x : Nat) : Nat := x',
      'end Demo',
    ].join('\n'),
  });
  const engine = await Engine.open({ project: root, cacheDir: cache, extractWorkers: 0 });
  const first = (query: string) => engine.search({ query, k: 3 }).hits[0]?.decl.name;
  assert.equal(first('⌊x⌋'), 'Demo.floorOf');
  assert.equal(first('$\\lfloor x \\rfloor$'), 'Demo.floorOf');
});

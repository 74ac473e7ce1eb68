import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertionText, suggestedAction, importEdit, leanName, conclusion, moduleFromRelativePath, enclosingDeclarationLine, usableHere, declarationNameAt } from '../../src/shared/insertion';
import { splitCommandLine } from '../../src/shared/commandLine';
import { overallPercent } from '../../src/shared/progress';

test('insertion text per action', () => {
  assert.equal(insertionText('exact', 'Nat.add_comm'), 'exact Nat.add_comm');
  assert.equal(insertionText('apply', 'Continuous.add'), 'apply Continuous.add');
  assert.equal(insertionText('rw', 'Nat.add_zero'), 'rw [Nat.add_zero]');
  assert.equal(insertionText('simp', 'Finset.sum_range_succ'), 'simp [Finset.sum_range_succ]');
  assert.equal(insertionText('name', 'Real.sqrt_two_mul_self'), 'Real.sqrt_two_mul_self');
  assert.equal(insertionText('exact', '  mul_le_mul\'  '), "exact mul_le_mul'");
});

test('names that are not plain identifiers get guillemets', () => {
  assert.equal(leanName('Nat.lt_irrefl'), 'Nat.lt_irrefl');
  assert.equal(leanName('CategoryTheory.Limits.π_comp'), 'CategoryTheory.Limits.π_comp');
  assert.equal(leanName('Foo.termA+B'), 'Foo.«termA+B»');
  assert.equal(leanName('x₁'), 'x₁');
  assert.equal(insertionText('rw', 'Foo.bar baz'), 'rw [Foo.«bar baz»]');
});

test('suggested action follows the shape of the statement', () => {
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(a b : ℕ) : a + b = b + a' }), 'rw');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(a : ℕ) : a + 0 = a', attrs: ['simp'] }), 'simp');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '{p q : Prop} : p ∧ q ↔ q ∧ p' }), 'rw');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '{f g : α → β} (hf : Continuous f) (hg : Continuous g) : Continuous (f + g)' }), 'apply');
  assert.equal(suggestedAction({ kind: 'theorem', signature: ': Continuous id' }), 'exact');
  assert.equal(suggestedAction({ kind: 'def', signature: '(n : ℕ) : ℕ' }), 'name');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(a b : ℕ) : a ≤ b → a < b + 1' }), 'apply');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(h : a ≠ b) : b ≠ a' }), 'apply');
});

test('conclusion skips binders (colons inside brackets)', () => {
  assert.equal(conclusion('{f : α → β} (hf : Continuous f) : Continuous (f ∘ id)'), 'Continuous (f ∘ id)');
  assert.equal(conclusion(': True'), 'True');
});

test('import goes after the last import line', () => {
  const text = '/- Copyright -/\nimport Mathlib.Data.Nat.Basic\nimport Mathlib.Order.Basic\n\n/-! # Doc -/\n\ntheorem x : True := trivial\n';
  assert.deepEqual(importEdit(text, 'Mathlib.Topology.Basic'), { kind: 'insert', line: 3, text: 'import Mathlib.Topology.Basic\n' });
});

test('import already present is not added twice', () => {
  assert.deepEqual(importEdit('import Mathlib.Topology.Basic\nimport Foo\n', 'Mathlib.Topology.Basic'), { kind: 'present' });
  assert.deepEqual(importEdit('import A B Mathlib.Topology.Basic\n', 'Mathlib.Topology.Basic'), { kind: 'present' });
});

test('import in a file without imports goes at the top, or after module/prelude', () => {
  assert.deepEqual(importEdit('theorem x : True := trivial\n', 'M'), { kind: 'insert', line: 0, text: 'import M\n' });
  assert.deepEqual(importEdit('module\n\nimport A\ndef x := 1', 'M'), { kind: 'insert', line: 3, text: 'import M\n' });
  assert.deepEqual(importEdit('', 'M'), { kind: 'insert', line: 0, text: 'import M\n' });
});

test('import: multi-line comments before imports, and a doc comment ends the header', () => {
  const text = '/-\nCopyright (c) 2024\nAuthors: X\n-/\nimport A\n-- note\nimport B\n/-- doc -/\ntheorem t : True := trivial\nimport Z\n';
  assert.deepEqual(importEdit(text, 'C'), { kind: 'insert', line: 7, text: 'import C\n' });
  assert.deepEqual(importEdit('import A\r\nimport B\r\n\r\ndef x := 1\r\n', 'C'), { kind: 'insert', line: 2, text: 'import C\n' });
});

test('module name from a path relative to the project root', () => {
  assert.equal(moduleFromRelativePath('Mathlib/Data/Nat/Basic.lean'), 'Mathlib.Data.Nat.Basic');
  assert.equal(moduleFromRelativePath('Demo.lean'), 'Demo');
  assert.equal(moduleFromRelativePath('../x/Y.lean'), undefined);
  assert.equal(moduleFromRelativePath('README.md'), undefined);
});

test('server command line splitting', () => {
  assert.deepEqual(splitCommandLine('lake serve'), ['lake', 'serve']);
  assert.deepEqual(splitCommandLine('"/opt/my lean/bin/lake" serve -- -Dmaxheartbeats=0'), ['/opt/my lean/bin/lake', 'serve', '--', '-Dmaxheartbeats=0']);
  assert.deepEqual(splitCommandLine('   '), []);
});

test('a statement that is the goal itself is inserted with exact', () => {
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(a : ℝ) : a * (2 - a) ≤ 1' }, 'a * (2 - a) ≤ 1'), 'exact');
  assert.equal(suggestedAction({ kind: 'theorem', signature: '(a : ℝ) : a * (2 - a) ≤ 1' }, 'a ≤ 1'), 'apply');
});

test('the theorem being proved and later declarations of the same file are not offered', () => {
  const lines = ['import A', '', '/-- doc -/', '@[simp] theorem t1 : True := trivial', '', 'private lemma t2 (n : ℕ) : n = n := by', '  rfl', 'theorem t3 : 1 = 1 := by', '  sorry'];
  assert.equal(enclosingDeclarationLine(lines, 8), 7);
  assert.equal(enclosingDeclarationLine(lines, 6), 5);
  assert.equal(enclosingDeclarationLine(lines, 1), undefined);
  const mod = 'Proj.File';
  assert.equal(usableHere({ module: mod, line: 4 }, mod, 7), true, 't1 (line 4, 1-based) is usable in t3');
  assert.equal(usableHere({ module: mod, line: 8 }, mod, 7), false, 't3 itself');
  assert.equal(usableHere({ module: mod, line: 12 }, mod, 7), false, 'a later declaration');
  assert.equal(usableHere({ module: 'Other', line: 12 }, mod, 7), true);
  assert.equal(usableHere({ module: mod, line: 12 }, undefined, 7), true);
});

test('index progress: one percentage that only moves forward across phases', () => {
  let pct = 0;
  const seen: number[] = [];
  const steps: [string, number, number][] = [['discover', 0, 1], ['discover', 1, 1], ['load', 1, 1], ['extract', 0, 100], ['extract', 50, 100], ['extract', 100, 100], ['resolve', 1, 1], ['build', 0, 1000], ['build', 500, 1000], ['build', 1000, 1000], ['save', 0, 1], ['save', 1, 1], ['mystery', 3, 4]];
  for (const [phase, done, total] of steps) {
    pct = overallPercent({ phase, done, total }, pct);
    seen.push(pct);
  }
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `went back at ${i}: ${seen.join(',')}`);
  assert.ok(seen[4] > 0 && seen[4] < 50, `half of extract: ${seen[4]}`);
  assert.equal(seen[seen.length - 1], 99, 'never 100 before the index is ready');
  assert.equal(overallPercent({ phase: 'extract', done: 1, total: 0 }, 0), 3);
});

test('declarationNameAt: the name a declaration line declares, inside the namespaces open there', () => {
  const lines = [
    'namespace Finset', // 0
    '', // 1
    'theorem card_foo (s : Finset ℕ) : s.card = s.card := rfl', // 2
    'section Helpers', // 3
    '/-- doc mentioning', // 4
    'end of a sentence in a comment -/', // 5
    '@[simp] lemma Nested.bar : True := trivial', // 6
    'end Helpers', // 7
    'namespace Inner.Deep', // 8
    'protected theorem baz.{u} : True := trivial', // 9
    'end Inner.Deep', // 10
    'theorem _root_.top_level : True := trivial', // 11
    'end Finset', // 12
    'instance : Inhabited Nat := ⟨0⟩', // 13
    'example : True := trivial', // 14
  ];
  assert.equal(declarationNameAt(lines, 2), 'Finset.card_foo');
  assert.equal(declarationNameAt(lines, 6), 'Finset.Nested.bar', 'a section is no namespace; a comment line starting with "end" closes nothing');
  assert.equal(declarationNameAt(lines, 9), 'Finset.Inner.Deep.baz');
  assert.equal(declarationNameAt(lines, 11), 'top_level');
  assert.equal(declarationNameAt(lines, 13), undefined, 'an instance without a name');
  assert.equal(declarationNameAt(lines, 14), undefined, 'an example');
  assert.equal(declarationNameAt(lines, 1), undefined);
});

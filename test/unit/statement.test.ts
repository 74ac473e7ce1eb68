// Reading Lean statements (statement.ts): binders, hypotheses, conclusion, head, shape, and the normal form in which
// a goal as Lean prints it meets a lemma as its source states it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  conclusionOf,
  normalizeSignature,
  normalizeStatement,
  parseGoal,
  parseSignature,
  readGoal,
  readPastedTheorem,
  readSignature,
  shapeOf,
  typeHeads,
} from '../../src/core/statement';
import { signatureTerms } from '../../src/core/search/searchIndex';

const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
const terms = (s: string) => signatureTerms(s).sort().join(' ');

/** Pairs of spellings of one statement: as Lean's delaborator prints it (goals), as sources write it. */
const PAIRS: [string, string][] = [
  // Finset.card: `#s` ↔ `s.card` ↔ `Finset.card s`
  ['#s ≤ #t', 's.card ≤ t.card'],
  ['#s ≤ #t', 'Finset.card s ≤ Finset.card t'],
  // Finset.filter: `{x ∈ s | p x}` ↔ `s.filter p` ↔ `Finset.filter p s`
  ['#{x ∈ s | p x} ≤ #s', '#(s.filter p) ≤ #s'],
  ['#{x ∈ s | p x} ≤ #s', '(s.filter p).card ≤ s.card'],
  ['#{x ∈ s | p x} ≤ #s', 'Finset.card (Finset.filter p s) ≤ Finset.card s'],
  // pointwise operations: `fun x => f x + g x` ↔ `f + g`
  ['Continuous fun x => f x + g x', 'Continuous (f + g)'],
  ['Continuous (fun x ↦ f x * g x)', 'Continuous (f * g)'],
  ['Measurable fun x => -f x', 'Measurable (-f)'],
  ['Continuous fun x => c • f x', 'Continuous (c • f)'],
  ['Continuous fun x => (f x)⁻¹', 'Continuous f⁻¹'],
  ['Continuous fun x => f (g x)', 'Continuous (f ∘ g)'],
  ['Tendsto (fun n => f n + g n) atTop (𝓝 (a + b))', 'Tendsto (f + g) atTop (𝓝 (a + b))'],
  // eta
  ['Continuous fun x => f x', 'Continuous f'],
  // operators applied by name
  ['x⁻¹ = y', 'Inv.inv x = y'],
  ['a ∣ b', 'Dvd.dvd a b'],
  ['a + b = c', 'HAdd.hAdd a b = c'],
  // image and preimage
  ["f '' s ⊆ t", 'Set.image f s ⊆ t'],
  ["f ⁻¹' s ⊆ t", 'Set.preimage f s ⊆ t'],
  // the old big-operator binder
  ['∑ i ∈ s, f i = 0', '∑ i in s, f i = 0'],
];

test('normal form: each pair of spellings has the same tokens and the same shape', () => {
  for (const [printed, written] of PAIRS) {
    const a = normalizeStatement(printed);
    const b = normalizeStatement(written);
    assert.equal(terms(a), terms(b), `tokens of ${printed} / ${written}: ${a} / ${b}`);
    assert.equal(shapeOf(a), shapeOf(b), `shape of ${printed} / ${written}: ${a} / ${b}`);
  }
});

test('normal form: card by its name, filter by its name and its notation, image by its notation', () => {
  assert.equal(squash(normalizeStatement('#{x ∈ s | p x} ≤ #s')), 'card (filter {x ∈ s | p x}) ≤ card s');
  assert.equal(squash(normalizeStatement('(s.filter p).card ≤ s.card')), 'card (filter {∈ s |} p) ≤ card s');
  assert.equal(squash(normalizeStatement('Set.image f s ⊆ Set.preimage g t')), "'' f s ⊆ ⁻¹' g t");
  assert.match(terms(normalizeStatement('#{x ∈ s | p x} ≤ #s')), /card.*filter/);
  assert.equal(shapeOf(normalizeStatement('#{x ∈ s | p x} ≤ #s')), 'card filter ∈ | ≤ card');
  // Idempotent.
  for (const [printed, written] of PAIRS) {
    assert.equal(normalizeStatement(normalizeStatement(printed)), normalizeStatement(printed));
    assert.equal(normalizeStatement(normalizeStatement(written)), normalizeStatement(written));
  }
});

test('normal form: names that are also properties of a plain object (`constructor`, `toString`) stay as written', () => {
  // A proof body with the `constructor` tactic once became `function Object() { [native code] }`.
  const body = 'by by_cases h : s.card = 0 · constructor · exact fun x => toString x';
  assert.equal(normalizeStatement(body), 'by by_cases h : card s = 0 · constructor · exact toString');
  assert.doesNotMatch(normalizeStatement('fun x => constructor x + valueOf x'), /native code/);
});

test('normal form: a set-builder over a Set is `sep`, over a Finset `filter` (from binders, hypotheses or the namespace)', () => {
  assert.match(normalizeSignature('(s : Set α) (p : α → Prop) : {x ∈ s | p x} ⊆ s'), /\(sep \{x ∈ s \| p x\}\)/);
  assert.match(normalizeSignature('{s : Finset α} (p : α → Prop) [DecidablePred p] : {x ∈ s | p x} ⊆ s'), /\(filter \{x ∈ s \| p x\}\)/);
  assert.match(normalizeSignature('{x ∈ s | p x} ⊆ s', 'Set.sep_subset'), /\(sep \{/);
  const goal = readGoal('s : Set α\np : α → Prop\n⊢ {x ∈ s | p x} ⊆ s');
  assert.equal(squash(goal.normal), '(sep {x ∈ s | p x}) ⊆ s');
  assert.deepEqual([...typeHeads([{ names: ['s', 't'], type: 'Finset ℕ' }])], [['s', 'Finset'], ['t', 'Finset']]);
});

test('normal form: what it leaves alone', () => {
  for (const s of ['a + b = b + a', '#v[1, 2] = v', "h'' : a = b", 'Fintype.card α = n', 'l.sum = 0', 'f.sum g = 0', 'Nat.card α = 1', '{x | p x} = s', "f '' s ⊆ t", '↑n = x', "∑' n, f n = a"]) {
    assert.equal(normalizeStatement(s), s, s);
  }
  // A lambda that is not pointwise keeps its body; its arrow is not an implication (no `→` token).
  const generic = normalizeStatement('Continuous fun b : M => a + b');
  assert.equal(squash(generic), 'Continuous fun (b : M), a + b');
  assert.ok(!signatureTerms(generic).includes('→'));
  // A binder's comma inside a lambda body belongs to the binder.
  assert.equal(squash(normalizeStatement('fun x => ∑ i ∈ s, f i x')), 'fun x, ∑ i ∈ s, f i x');
  assert.equal(squash(normalizeStatement('⟨fun x => f x, h⟩')), '⟨f, h⟩');
});

test('signatures: binders, premises, conclusion (a lambda binder type is not the signature colon)', () => {
  const sh = parseSignature('{α : Type*} [Foo α] (a b : α) (h : P a) : Q a → a + b = b + a');
  assert.deepEqual(sh.binders.map((b) => [b.kind, b.names.join(' '), b.type]), [
    ['implicit', 'α', 'Type*'],
    ['instance', '', 'Foo α'],
    ['explicit', 'a b', 'α'],
    ['explicit', 'h', 'P a'],
  ]);
  assert.deepEqual(sh.arrows, ['Q a']);
  assert.equal(sh.conclusion, 'a + b = b + a');
  assert.equal(conclusionOf('(hf : Continuous f) : Continuous fun x : ℝ => f x', true), 'Continuous fun x : ℝ => f x');
  assert.equal(conclusionOf('{s : Set α} : IsOpen s → ∀ x ∈ s, f x = 0', true), 'f x = 0');
  assert.equal(conclusionOf('(h : a) : ∀ y : ℝ, P y → Q y', true), 'Q y');
  const st = readSignature('(s : Finset α) (p : α → Prop) [DecidablePred p] : #(s.filter p) ≤ #s');
  assert.equal(st.conclusion, '#(s.filter p) ≤ #s');
  assert.equal(st.head, '≤');
  assert.equal(st.shape, 'card filter ∈ | ≤ card');
  const c = readSignature('(hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x + g x');
  assert.equal(c.head, 'Continuous');
  assert.equal(c.normal, 'Continuous (f + g)');
});

test('goals: hypotheses and target as the infoview prints them; read like a signature', () => {
  const g = parseGoal('case h\nf g : ℝ → ℝ\nhf : Continuous f\n  ∧ True\n⊢ Continuous fun x =>\n  f x + g x');
  assert.equal(g.caseTag, 'h');
  assert.deepEqual(g.hypotheses.map((h) => h.names.join(' ')), ['f g', 'hf']);
  assert.equal(g.hypotheses[1].type, 'Continuous f ∧ True');
  const st = readGoal('f g : ℝ → ℝ\n⊢ Continuous fun x =>\n  f x + g x');
  assert.equal(st.normal, 'Continuous (f + g)');
  assert.equal(st.head, 'Continuous');
  assert.equal(st.shape, '+');
});

test('a goal as Lean prints it finds the lemma as its source states it (synthetic library)', async () => {
  const { Engine } = await import('../../src/core/engine');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-statement-'));
  try {
    const root = path.join(base, 'proj');
    fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lakefile.lean'), 'import Lake\nopen Lake DSL\npackage demo\n@[default_target] lean_lib Demo\n');
    const lines = [
      'namespace Finset',
      'variable {α : Type*}',
      // The lemma, each in a spelling sources use.
      'theorem card_filter_le (s : Finset α) (p : α → Prop) [DecidablePred p] : #(s.filter p) ≤ #s := sorry',
      'theorem card_image_le [DecidableEq β] (s : Finset α) (f : α → β) : (s.image f).card ≤ s.card := sorry',
      'theorem sum_filter_le_sum (s : Finset α) (p : α → Prop) [DecidablePred p] (f : α → ℕ) : Finset.sum (Finset.filter p s) f ≤ Finset.sum s f := sorry',
    ];
    // Distractors: the goal's raw symbols (`∈`, `|`, `≤`) and its hypotheses' words, in many lemmas.
    for (let i = 0; i < 30; i++) {
      lines.push(`theorem mem_sup_le_${i} (s : Finset α) (p : α → Prop) [DecidablePred p] (x : α) (h : x ∈ s) : {y ∈ s | p y} ≤ s ⊔ s := sorry`);
      lines.push(`theorem filter_le_sup_${i} (s t : Finset α) (p : α → Prop) [DecidablePred p] : s ≤ s ⊔ t ∧ ∀ x ∈ s, p x ≤ p x := sorry`);
      lines.push(`theorem card_le_card_${i} {s t : Finset α} (h : s ⊆ t) : #s ≤ #t := sorry`);
    }
    lines.push('end Finset', '');
    fs.writeFileSync(path.join(root, 'Demo', 'Basic.lean'), lines.join('\n'));
    const e = await Engine.open({ project: root, cacheDir: path.join(base, 'cache'), extractWorkers: 0 });
    const top = (query: string, k = 3) => e.search({ query, k }).hits.map((h) => h.decl.name);
    assert.ok(top('s : Finset α\np : α → Prop\ninst : DecidablePred p\n⊢ #{x ∈ s | p x} ≤ #s').includes('Finset.card_filter_le'));
    // The same goal with the lemma's statement as the source writes it, typed as a formula.
    assert.ok(top('`(s.filter p).card ≤ s.card`').includes('Finset.card_filter_le'));
    assert.ok(top('s : Finset α\nf : α → β\n⊢ #(Finset.image f s) ≤ #s').includes('Finset.card_image_le'));
    assert.ok(top('s : Finset α\np : α → Prop\nf : α → ℕ\n⊢ ∑ x ∈ s with p x, f x ≤ ∑ x ∈ s, f x').length > 0);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('a pasted theorem is read as the goal its proof starts from: its binders and the variables it takes become hypotheses', () => {
  const snippet = [
    'import Mathlib.Algebra.Group.Basic',
    '',
    'open Function',
    '',
    'namespace Foo',
    '',
    'variable {G : Type*} [Group G] {H : Type*} [Monoid H]',
    '  (x y : G) (hx : x ≠ 1) (u : H)',
    '',
    '/-- A def with a `theorem` in its docstring and a named argument (L := L) in its body. -/',
    'def aux (g : G) : G := g',
    '',
    'include hx in',
    '/-- **Main result.** -/',
    '@[simp] theorem mul_aux (z : G) (h : P (L := x)) :',
    '    aux (x * z) = x * aux z := by',
    '  simp [aux]',
    '',
    'end Foo',
  ].join('\n');
  const t = readPastedTheorem(snippet);
  assert.ok(t);
  assert.equal(t.name, 'Foo.mul_aux', 'named in the namespace the snippet opens');
  // Namespaces and sections opened and closed before it; `_root_` leaves them.
  const nested = ['namespace A.B', 'section S', 'end S', 'namespace C', 'end C', 'section', 'theorem t (n : Nat) : n = n := rfl'].join('\n');
  assert.equal(readPastedTheorem(nested)?.name, 'A.B.t');
  assert.equal(readPastedTheorem(nested.replace('theorem t', 'theorem _root_.t'))?.name, 't');
  assert.equal(readPastedTheorem(nested.replace('theorem t', 'theorem D.t'))?.name, 'A.B.D.t');
  // The definitions the snippet makes before the theorem: each up to the next command, its body after `:=` (a
  // structure's fields after `where`), and the notations given to it.
  const defs = readPastedTheorem(
    [
      'noncomputable def f (x : ℝ) : ℝ :=',
      '  (2 * x)⁻¹ * Real.exp x',
      'scoped notation "Φ" => f',
      '@[simps] def g : Foo where',
      '  val := 1',
      '  prop := by simp',
      'theorem t : Φ 0 = 0 := sorry',
    ].join('\n'),
  )?.localDefs;
  assert.deepEqual(defs, [
    { name: 'f', body: '(2 * x)⁻¹ * Real.exp x', notations: ['Φ'] },
    { name: 'g', body: 'val := 1 prop := by simp', notations: [] },
  ]);
  assert.equal(readPastedTheorem('theorem t (n : Nat) : n = n := rfl')?.localDefs, undefined);
  // `y`, `u` and `[Monoid H]` are not taken (not mentioned); `hx` is (`include`); the named argument's `:=` is no proof.
  assert.equal(t.goal, ['G : Type*', 'inst✝ : Group G', 'x : G', 'hx : x ≠ 1', 'z : G', 'h : P (L := x)', '⊢ aux (x * z) = x * aux z'].join('\n'));
  // Its goal reads back through the goal reader.
  assert.equal(parseGoal(t.goal).target, 'aux (x * z) = x * aux z');
  // One line, no variables.
  assert.equal(readPastedTheorem('theorem foo (a b : Nat) : a + b = b + a := Nat.add_comm a b')?.goal, 'a b : Nat\n⊢ a + b = b + a');
  // Lines joined into one (a one-line field): the theorem is still found, its binders still hypotheses.
  assert.equal(readPastedTheorem('import Mathlib open Real /-- doc -/ theorem foo (x : ℝ) (h : 0 < x) : 0 < x ^ 2 := by positivity')?.goal, 'x : ℝ\nh : 0 < x\n⊢ 0 < x ^ 2');
  assert.equal(readPastedTheorem('the Pythagorean theorem for right triangles: a^2 + b^2 = c^2'), undefined);
  // Words after `lemma` are not a statement; nor is a snippet without a theorem.
  assert.equal(readPastedTheorem('lemma about continuity of sums'), undefined);
  assert.equal(readPastedTheorem('def foo : Nat := 1'), undefined);
});

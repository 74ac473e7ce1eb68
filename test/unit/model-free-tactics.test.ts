// Model-free tactic candidates: automation chosen by the goal's head and shape, premise candidates only from
// premises whose conclusion fits the goal. Goals are written as Lean's infoview prints them.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { modelFreeCandidates, premiseCandidates } from '../../src/core/tactics/modelFree';
import { suggestTactics } from '../../src/core/tactics/suggest';
import { matchTerm, parseTerm, show } from '../../src/core/tactics/term';

const firstFive = (goal: string, premises: { name: string; signature: string }[] = []) => modelFreeCandidates(goal, premises).slice(0, 5).map((c) => c.tactic);

const CONT = 'f g : ℝ → ℝ\nhf : Continuous f\nhg : Continuous g\n⊢ Continuous fun x => f x + g x';
const WEAK = { name: 'AddMonoidHom.toRealLinearMap', signature: '(f : E →+ F) (hf : Continuous f) : E →L[ℝ] F' };
const FITS = { name: 'Continuous.add', signature: '(hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x + g x' };

describe('model-free candidates by the goal’s head and shape', () => {
  test('Continuous head → fun_prop / continuity in the first five', () => {
    const top = firstFive(CONT, [WEAK, FITS]);
    assert.ok(top.includes('fun_prop'), top.join(' | '));
    assert.ok(top.includes('continuity'), top.join(' | '));
    assert.ok(firstFive(CONT).slice(0, 2).includes('fun_prop'));
  });

  test('nonlinear polynomial inequality → nlinarith [sq_nonneg (a - b)] in the first five', () => {
    const top = firstFive('a b : ℝ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2');
    assert.ok(top.includes('nlinarith [sq_nonneg (a - b)]'), top.join(' | '));
  });

  test('monotone inequalities → gcongr in the first five', () => {
    for (const goal of [
      'a b c : ℝ\nh : a ≤ b\n⊢ a + c ≤ b + c',
      'x y z : ℝ\nh : y ≤ z\nhx : 0 ≤ x\n⊢ x * y ≤ x * z',
      'x y z : ℝ\nh : y ≤ z\n⊢ x ^ 2 * y ≤ x ^ 2 * z',
      'a b c : ℝ\nh : a < b\n⊢ c + a < c + b',
    ]) {
      const top = firstFive(goal);
      assert.ok(top.includes('gcongr'), `${goal}: ${top.join(' | ')}`);
    }
    // Sides of different shapes: no gcongr.
    assert.ok(!firstFive('a b : ℝ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2').includes('gcongr'));
  });

  test('a sum over a range of a natural number → induction on that variable in the first five', () => {
    const top = firstFive('n : ℕ\n⊢ ∑ i ∈ Finset.range (n + 1), i = n * (n + 1) / 2');
    assert.ok(top.includes('induction n'), top.join(' | '));
    const k = firstFive('k : ℕ\nx : ℝ\n⊢ 2 ^ k ≥ k + 1');
    assert.ok(k.includes('induction k'), k.join(' | '));
  });

  test('connectives, binders, closed numerals, positivity, linear arithmetic', () => {
    assert.equal(firstFive('⊢ ∀ x : ℝ, 0 ≤ x ^ 2')[0], 'intro x');
    assert.ok(firstFive('⊢ ∀ x : ℝ, 0 ≤ x ^ 2').includes('intro x; positivity'));
    assert.equal(firstFive('⊢ ∀ ε > 0, ε / 2 > 0')[0], 'intro ε hε');
    assert.ok(firstFive('p q : Prop\nhp : p\nhq : q\n⊢ p ∧ q').includes('constructor'));
    assert.equal(firstFive('p q : Prop\nhp : p\nhq : q\n⊢ p ∧ q')[0], 'exact ⟨hp, hq⟩');
    assert.ok(firstFive('a b : Prop\n⊢ a ∧ b ↔ b ∧ a').includes('constructor'));
    assert.ok(firstFive('⊢ ∃ n : ℕ, n * n = 4').includes('refine ⟨?_, ?_⟩'));
    assert.ok(firstFive('p q : Prop\nhq : q\n⊢ p ∨ q').includes('exact Or.inr hq'));
    assert.equal(firstFive('⊢ 71 % 3 = 2')[0], 'norm_num');
    assert.ok(firstFive('⊢ 71 % 3 = 2').includes('decide'));
    assert.equal(firstFive('x : ℝ\n⊢ 0 < x ^ 2 + 1')[0], 'positivity');
    assert.equal(firstFive('a b : ℕ\nh : a < b\n⊢ a + 1 ≤ b')[0], 'omega');
    assert.equal(firstFive('x y : ℝ\nh₀ : x + y = 10\nh₁ : x - y = 2\n⊢ x = 6')[0], 'linarith');
    assert.equal(firstFive('a b : ℝ\n⊢ (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2')[0], 'ring');
    assert.ok(firstFive('x : ℝ\nhx : x ≠ 0\n⊢ 1 / x * x = 1').includes('field_simp'));
    assert.ok(firstFive('f : ℝ → ℝ\nhf : Measurable f\n⊢ Measurable fun x => f x + 1').includes('measurability'));
    assert.ok(firstFive('f : ℝ → ℝ\n⊢ Differentiable ℝ fun x => x ^ 2 + f x').includes('fun_prop'));
    assert.ok(firstFive('s t : Set ℕ\n⊢ s ∩ t ⊆ s').includes('intro x hx'));
    assert.equal(firstFive('a b : ℝ\nh : a ≤ b\n⊢ a ≤ b')[0], 'exact h');
    assert.ok(firstFive('f : ℕ → ℕ\n⊢ Monotone fun n => n + 1').includes('intro a b hab'));
  });

  test('the list always ends with simp and stays bounded', () => {
    const list = modelFreeCandidates('a b c : ℝ\nh : a ≤ b\n⊢ a + c ≤ b + c', [], { max: 6 });
    assert.ok(list.length <= 6);
    assert.ok(list.some((c) => c.tactic === 'simp'));
  });
});

describe('premise candidates only from premises that fit', () => {
  test('a premise whose conclusion is not about the goal gives no candidate', () => {
    assert.deepEqual(premiseCandidates(CONT, [WEAK]), []);
    const all = modelFreeCandidates(CONT, [WEAK]);
    assert.ok(all.every((c) => !c.tactic.includes('AddMonoidHom.toRealLinearMap')), all.map((c) => c.tactic).join(' | '));
  });

  test('a fitting premise gives exact (with the hypotheses) and apply', () => {
    const c = premiseCandidates(CONT, [WEAK, FITS]).map((x) => x.tactic);
    assert.ok(c.includes('exact Continuous.add hf hg'), c.join(' | '));
    assert.ok(c.includes('apply Continuous.add'), c.join(' | '));
    assert.ok(firstFive(CONT, [WEAK, FITS]).includes('exact Continuous.add hf hg'));
  });

  test('relation and shape must agree: a ≤ goal takes ≤ premises, not = or < of other shapes', () => {
    const goal = 'x y z : ℝ\nh : y ≤ z\nhx : 0 ≤ x\n⊢ x * y ≤ x * z';
    const c = premiseCandidates(goal, [
      { name: 'mul_le_mul_of_nonneg_left', signature: '{α : Type u_1} [Mul α] [Zero α] [Preorder α] {a b c : α} [PosMulMono α] (h : b ≤ c) (a_nonneg : 0 ≤ a) : a * b ≤ a * c' },
      { name: 'sq_nonneg', signature: '{α : Type u_1} [LinearOrderedRing α] (a : α) : 0 ≤ a ^ 2' },
      { name: 'add_pos', signature: '{α : Type u_1} {a b : α} (ha : 0 < a) (hb : 0 < b) : 0 < a + b' },
      { name: 'Real.exp_pos', signature: '(x : ℝ) : 0 < Real.exp x' },
    ]).map((x) => x.tactic);
    assert.deepEqual(c, ['exact mul_le_mul_of_nonneg_left h hx', 'apply mul_le_mul_of_nonneg_left']);
  });

  test('a rewrite lemma only where its left side (or right side) occurs', () => {
    const goal = 'a b : ℕ\nh : a ≤ b\n⊢ a + 0 ≤ b';
    const c = premiseCandidates(goal, [
      { name: 'Nat.add_zero', signature: '(n : ℕ) : n + 0 = n' },
      { name: 'Nat.mul_one', signature: '(n : ℕ) : n * 1 = n' },
      { name: 'Nat.zero_add', signature: '(n : ℕ) : 0 + n = n' },
    ]).map((x) => x.tactic);
    assert.deepEqual(c, ['rw [Nat.add_zero]', 'simp [Nat.add_zero]']);
    const back = premiseCandidates('a : ℕ\n⊢ a = a + 0 * 1', [{ name: 'Nat.mul_one', signature: '(n : ℕ) : n * 1 = n' }]).map((x) => x.tactic);
    assert.deepEqual(back, ['rw [Nat.mul_one]', 'simp [Nat.mul_one]']);
    // Only in a hypothesis: rewrite there.
    const hyp = premiseCandidates('x y : ℝ\nh₁ : x = 1 / 3 * y\n⊢ x = 2', [{ name: 'div_mul_eq_mul_div', signature: '(a b c : α) : a / b * c = a * c / b' }]);
    assert.deepEqual(hyp.map((x) => x.tactic), ['rw [div_mul_eq_mul_div] at h₁']);
  });

  test('suggestTactics lists the fitting premise and the automation first, the weak premise nowhere', async () => {
    const res = await suggestTactics({ goals: [CONT], premises: [WEAK, FITS] });
    const top = res.candidates.slice(0, 5).map((c) => c.tactic);
    assert.ok(top.includes('fun_prop') && top.includes('exact Continuous.add hf hg'), top.join(' | '));
    assert.ok(res.candidates.every((c) => !c.premises?.includes(WEAK.name)));
    const ineq = await suggestTactics({ goals: ['a b : ℝ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2'], premises: [WEAK] });
    assert.ok(ineq.candidates.slice(0, 5).some((c) => c.tactic === 'nlinarith [sq_nonneg (a - b)]'));
  });
});

describe('reading terms', () => {
  test('precedence, binders, big operators, notation', () => {
    assert.equal(show(parseTerm('2 * a * b ≤ a ^ 2 + b ^ 2')), '(((2 * a) * b) ≤ ((a ^ 2) + (b ^ 2)))');
    assert.equal(show(parseTerm('∑ i ∈ Finset.range (n + 1), i = n * (n + 1) / 2')), '((∑ i ∈ (Finset.range (n + 1)), i) = ((n * (n + 1)) / 2))');
    assert.equal(show(parseTerm('Continuous fun x => f x + g x')), '(Continuous (fun x, ((f x) + (g x))))');
    assert.equal(show(parseTerm('(↑n : ℝ) + 1 > 0')), '(0 < (n + 1))');
    assert.equal(show(parseTerm('‖x + y‖ ≤ ‖x‖ + ‖y‖')), '((norm (x + y)) ≤ ((norm x) + (norm y)))');
    assert.equal(show(parseTerm('¬a = b')), '(¬ (a = b))');
    assert.equal(parseTerm('a + (b').k, 'raw');
  });
  test('matching binds holes, respects constants and bound variables', () => {
    const vars = new Set(['f', 'g']);
    const m = matchTerm(parseTerm('Continuous fun x => f x + g x'), parseTerm('Continuous fun y => u y + v y'), vars);
    assert.equal(show(m!.subst.get('f')!), 'u');
    assert.equal(matchTerm(parseTerm('Continuous fun x => f x * g x'), parseTerm('Continuous fun y => u y + v y'), vars), undefined);
    assert.equal(matchTerm(parseTerm('Continuous id'), parseTerm('Continuous fun y => u y'), vars), undefined);
    const le = matchTerm(parseTerm('a ≤ a'), parseTerm('x + 0 ≤ y'), new Set(['a']));
    assert.equal(le?.inconsistent, 1);
  });
});

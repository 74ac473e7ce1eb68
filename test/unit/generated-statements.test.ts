// Declarations Lean generates, extracted from Lean text without Lean: `to_additive` twins, `to_fun` copies,
// `simps` lemmas and unnamed instances, through the entry point the index uses (extractProject), on the
// fixture project test/fixtures/extract/generated. Expected statements follow Lean's output where Mathlib
// shows it (its `to_additive` / `to_fun` tests and documentation, hand-written twins linked with
// `to_additive existing`); expected names are names Mathlib's sources refer to.
// simps lemmas are in the index unless LEANSCOUT_SIMPS_LEMMAS=0 (see simpsLemmasOn).
delete process.env.LEANSCOUT_SIMPS_LEMMAS;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractProject, type ProjectExtraction } from '../../src/core/extract/extractProject';
import { extractFile } from '../../src/core/extract/scanner';
import { lastNamingRules } from '../../src/core/extract/extractProject';
import { parseSignature, printSignature } from '../../src/core/extract/leanTerm';
import type { Declaration } from '../../src/core/types';

function fixture(): string {
  for (const base of [path.join(__dirname, '../../../test/fixtures/extract/generated'), path.resolve('test/fixtures/extract/generated')]) {
    if (fs.existsSync(base)) return base;
  }
  throw new Error('fixture not found');
}
const ROOT = fixture();

let extraction: Promise<ProjectExtraction> | undefined;
async function decls(): Promise<Map<string, Declaration>> {
  extraction ??= extractProject(ROOT, { useIlean: false });
  const r = await extraction;
  return new Map(r.decls.map((d) => [d.name, d]));
}
async function get(name: string): Promise<Declaration> {
  const m = await decls();
  const d = m.get(name);
  assert.ok(d, `expected a declaration named ${name}`);
  return d;
}

/** [generated name, its source, the statement Lean gives it, why]. */
const STATEMENTS: [string, string, string, string][] = [
  // to_additive: notation follows the constants (`|·|ₘ` is `mabs`, `abs`; `1` becomes `0` on the translated type)
  ['abs_add_le', 'mabs_mul_le', '(a b : α) : |a + b| ≤ |a| + |b|', '|·|ₘ → |·|, * → +'],
  ['add_abs_nonneg', 'one_le_mul_mabs', '(a : α) : 0 ≤ a + |a|', '1 → 0 on α'],
  ['add_abs_nonneg\'\'', 'one_le_mul_mabs\'\'', '(a : α) : 0 ≤ a + |a|', '`attribute [to_additive]` of an alias: its target\'s statement'],
  ['abs_add_le\'', 'mabs_mul_le\'', '(a b : α) : |a + b| ≤ |a| + |b|', '`@[to_additive] alias`: its target\'s statement'],
  ['succ_nsmul', 'pow_succ', '(a : M) (n : ℕ) : (n + 1) • a = n • a + a', 'a ^ n → n • a; the exponent is ℕ: its 1 stays'],
  ['mul_nsmul', 'pow_mul', '(a : M) (m n : ℕ) : (m * n) • a = n • m • a', '* on ℕ stays; • is right-associative'],
  ['add_neg_rev', 'mul_inv_rev', '{G : Type*} [AddGroup G] (a b : G) : -(a + b) = -b + -a', 'x⁻¹ → -x'],
  ['sub_eq_add_neg', 'div_eq_mul_inv', '{G : Type*} [AddGroup G] (a b : G) : a - b = a + -b', '/ → -'],
  ['addOrderOf_eq_zero_iff', 'orderOf_eq_one_iff', '{G : Type*} [AddGroup G] {x : G} : addOrderOf x = 1 ↔ x = 0', 'orderOf is ℕ-valued: its 1 stays'],
  ['sum_add_distrib', 'prod_mul_distrib', '{ι : Type*} {s : Finset ι} {f g : ι → M} : ∑ i ∈ s, (f i + g i) = ∑ i ∈ s, f i + ∑ i ∈ s, g i', 'big-operator bodies are read at 67'],
  ['sum_const', 'prod_const', '{ι : Type*} (s : Finset ι) (b : M) : ∑ _x ∈ s, b = s.card • b', '∏ → ∑, ^ → • swapped'],
  ['AddUnits.val_add', 'Units.val_mul', '(u v : AddUnits M) : ((u + v : AddUnits M) : M) = u + v', 'Mˣ → AddUnits M'],
  ['AddMonoidHom.map_add', 'MonoidHom.map_mul', '{N : Type*} [AddMonoid N] (f : M →+ N) (a b : M) : f (a + b) = f a + f b', '→* → →+'],
  ['preimage_add', 'preimage_mul', '(f : α → M) (s t : Set M) : f ⁻¹\' (s + t) = f ⁻¹\' s + f ⁻¹\' t', '⁻¹\' (preimage) is not ⁻¹'],
  ['exists_zero_add', 'exists_one_mul', ': ∃ b : M, 0 + b = b ∧ ∃ c : M, c + 0 = c', '∃ conclusions translated whole'],
  ['smul_self_eq', 'pow_self_eq', '{β : Type*} [SMul β α] (a : α) (b : β) : b • a = b • a', 'Pow α β → SMul β α (reorder := 1 2)'],
  ['vadd_self_eq', 'smul_self_eq', '{β : Type*} [VAdd β α] (a : α) (b : β) : b +ᵥ a = b +ᵥ a', '(attr := to_additive): • → +ᵥ'],
  // MathlibTest/toAdditive.lean: `#check add_neg_iff_mul_inv` prints this statement
  ['add_neg_iff_mul_inv', 'mul_inv_iff_mul_inv', '{α β γ : Type} [AddGroup α] [MyRing β] [MyRing γ] (a : α) (b : β) (c : γ) : a + -a = 0 ↔ b * b⁻¹ = 1 ∨ c * c⁻¹ = 1', '(dont_translate := β γ)'],
  // MathlibTest/toAdditive.lean: `reorderAddThree z x y = x + y + z`
  ['reorderAddThree', 'reorderMulThree', '{α : Type _} [Add α] (z x y : α) : α', '(reorder := x y z)'],
  // to_dual: order notation follows the constants (`Max.max` ↔ `Min.min`, `Bot.bot` ↔ `Top.top`, `LE.le` and `LT.lt`
  // with their arguments swapped: Mathlib/Order/BoundedOrder/Lattice.lean states `inf_top_eq` as `a ⊓ ⊤ = a`)
  ['inf_top_eq', 'sup_bot_eq', '(a : α) : a ⊓ ⊤ = a', '⊔ → ⊓, ⊥ → ⊤'],
  ['inf_le_left', 'le_sup_left', '(a b : α) : a ⊓ b ≤ a', 'a ≤ b → b ≤ a'],
  ['lt_min_of_lt', 'max_lt_of_lt', '{a b c : α} (ha : c < a) (hb : c < b) : c < min a b', 'hypotheses turned around too; max → min'],
  ['exists_le_inf', 'exists_ge_sup', '(a b : α) : ∃ c ≤ a, c ≤ a ⊓ b', 'a binder bound ≥ → ≤ (∃ c, a ≥ c ∧ …: its meaning)'],
  ['Iic_top_eq', 'Ici_bot_eq', ': Set.Iic (⊤ : α) = Set.univ', 'Ici → Iic by the dictionary'],
  // @[ext] on a theorem (Lean's `realizeExtIffTheorem`; `LinearMap.ext_iff : f = g ↔ ∀ x, f x = g x`)
  ['Wrap.ext', 'Wrap', '{α : Type*} {x y : Wrap α} : x.val = y.val → x = y', 'params implicit; the proof field left out'],
  ['Wrap.ext_iff', 'Wrap', '{α : Type*} {x y : Wrap α} : x = y ↔ x.val = y.val', ''],
  ['Hom2.ext_iff', 'Hom2.ext', '{f g : Hom2 M N} : f = g ↔ ∀ x, f.toFun x = g.toFun x', 'the hypothesis after y'],
  ['Pair.ext_iff', 'Pair.ext', '{p q : Pair} : p = q ↔ p.fst = q.fst ∧ p.snd = q.snd', 'hypotheses conjoined'],
  ['Pair.ext_mem_iff', 'Pair.ext_mem', '{p q : Pair} : p = q ↔ ∀ n, n ∈ p ↔ n ∈ q', 'a ∀ reaches to the end: no brackets (`Subgroup.ext_iff`)'],
  ["Pair.ext'_iff", "Pair.ext'", '{p q : Pair} : p = q ↔ p.fst = q.fst ∧ p.snd = q.snd', 'explicit x y made implicit'],
  // @[mk_iff] (Mathlib/Tactic/MkIffOfInductiveProp.lean: `foo_iff : ∀ (m n : Nat), Foo m n ↔ m = n ∧ m + n = 2`)
  ['foo_iff', 'Foo', '(m n : ℕ) : Foo m n ↔ m = n ∧ m + n = 2', 'decapitalized + _iff'],
  ['isSmall_iff', 'IsSmall', ': IsSmall a ↔ a < 10', 'a variable it mentions is a parameter (`IsSmall a`)'],
  ['isTiny_iff', 'IsTiny', ": IsTiny a ↔ a < ab + Nat.b + b'", 'b is met only in `Nat.b` and `b\'`: not a parameter'],
  ['isGood_def', 'IsGood', '(p : Pair) : IsGood p ↔ 0 < p.fst', 'the name the attribute gives'],
  ['rev_iff', 'Rev', '(f : ℕ → ℕ) : Rev f ↔ (∀ (x y), f (x * f y) = f (x + y)) ∧ f 2 = 0', 'a field with binders is a ∀'],
  ['Rev.map_add_rev', 'Rev', '{f : ℕ → ℕ} (self : Rev f) (x y) : f (x * f y) = f (x + y)', 'its projection takes the parameters, the structure, the binders'],
  ['Rev.mk', 'Rev', '(map_add_rev : ∀ (x y), f (x * f y) = f (x + y)) (map_two : f 2 = 0)', ''],
  ['Zeros.hb', 'Zeros', '{a b : ℕ} (self : Zeros a b) : b = 0', 'several bracketed fields on one line'],
  ['Zeros.mk', 'Zeros', '(ha : a = 0) (hb : b = 0)', ''],
  // attributes applied in another file (Gen/Attributes.lean)
  ['Pair.ext_of_snd_iff', 'Pair.ext_of_snd', '{p q : Pair} : p = q ↔ p.snd = q.snd ∧ p.fst = q.fst', '`attribute [ext]` elsewhere'],
  ["comp_id'_assoc", "comp_id'", "(f : X ⟶ Y) {Z : _} (h : Y ⟶ Z) : f ≫ h = f ≫ h", '`attribute [reassoc]` elsewhere: the category is in the other file'],
  // @[reassoc] (Mathlib's `Iso.hom_inv_id_assoc : self.hom ≫ self.inv ≫ h = h`)
  ["Iso'.hom_inv_id_assoc", "Iso'.hom_inv_id", '(e : X ≅ Y) {Z : C} (h : X ⟶ Z) : e.hom ≫ e.inv ≫ h = h', '𝟙 X ≫ h = h'],
  ["Iso''.inv_hom_id_assoc", "Iso''.inv_hom_id", '{X Y : C} (self : Iso\'\' X Y) {Z : C} (h : Y ⟶ Z) : inv ≫ hom ≫ h = h', 'a Prop field, by `attribute [reassoc]` (as `Iso.inv_hom_id`: the projection\'s parameters and structure first)'],
  ['comp_eq_of_assoc', 'comp_eq_of', '(f : X ⟶ Y) (g : Y ⟶ W) (k : X ⟶ W) (hk : (f ≫ g) ≫ 𝟙 W = k) {Z : C} (h : W ⟶ Z) : f ≫ g ≫ h = k ≫ h', 'identities dropped; Y from k'],
  ['whisker_eq_assoc', 'whisker_eq', '(f : X ⟶ Y) (g : Y ⟶ W) {Z : C} (h : W ⟶ Z) : f ≫ g ≫ h = f ≫ g ≫ h', 'attribute [reassoc]; (f ≫ g) ≫ h reassociated'],
  // to_fun (Mathlib/Tactic/ToFun.lean: `pull fun _ ↦ _`; binder names are those of `Pi.mul_def` etc.)
  ['Continuous.fun_mul', 'Continuous.mul', '(hf : Continuous f) (hg : Continuous g) : Continuous fun i => f i * g i', 'Pi.mul_def'],
  ['Continuous.fun_add', 'Continuous.fun_mul', '(hf : Continuous f) (hg : Continuous g) : Continuous fun i => f i + g i', 'to_additive of the fun_ copy'],
  ['Continuous.add', 'Continuous.mul', '(hf : Continuous f) (hg : Continuous g) : Continuous (f + g)', 'to_additive of the source'],
  ['ContinuousAt.fun_mul', 'ContinuousAt.mul', '(hf : ContinuousAt f x) (hg : ContinuousAt g x) : ContinuousAt (fun i => f i * g i) x', 'a lambda that is not last keeps its parentheses'],
  ['Continuous.fun_mul_mul', 'Continuous.mul_mul', '(hf : Continuous f) (hg : Continuous g) (hh : Continuous h) : Continuous fun i => f i * g i * h i', 'inner lambdas beta-reduced'],
  ['Continuous.fun_pow', 'Continuous.pow', '(hf : Continuous f) (n : ℕ) : Continuous fun i => f i ^ n', 'Pi.pow_def'],
  ['Continuous.fun_inv', 'Continuous.inv', '{G : Type*} [Group G] {k : X → G} (hk : Continuous k) : Continuous fun i => (k i)⁻¹', 'Pi.inv_def'],
  ['Continuous.fun_neg', 'Continuous.neg', '{G : Type*} [AddGroup G] {k : X → G} (hk : Continuous k) : Continuous fun i => -k i', 'Pi.neg_def'],
  ['Continuous.fun_const_smul', 'Continuous.const_smul', '{R : Type*} [SMul R M] (hf : Continuous f) (c : R) : Continuous fun i => c • f i', 'Pi.smul_def'],
  ['Tendsto.fun_sub_self', 'Tendsto.sub_self', '{G : Type*} [AddGroup G] {k : X → G} (h : Tendsto (fun i => k i - k i) l l\') : Tendsto (fun i => k i - k i) l l\'', 'hypotheses too'],
  ['Continuous.fun_prod', 'Continuous.prod', '{ι : Type*} {s : Finset ι} {F : ι → X → M} (h : ∀ i, Continuous (F i)) : Continuous fun a => ∏ i ∈ s, F i a', 'Finset.prod_fn'],
  // MathlibTest/ToFun.lean: `#check Function.fun_mul_comm` prints this statement
  ['Function.fun_mul_comm', 'Function.mul_comm', '(f g : ℝ → ℝ) : (fun i => f i * g i) = fun i => g i * f i', 'MathlibTest/ToFun.lean'],
  // simps (statements as far as the definition's text gives the field values)
  ['bar_fst', 'bar', ': bar.fst = 1', 'Simps/Basic.lean docs: `foo.fst = 1`'],
  ['bar_snd', 'bar', ': bar.snd = 2', ''],
  ['foo.rfl_toFun', 'foo.rfl', '{α} (x) : foo.rfl.toFun x = id x', 'fully applied'],
  ['foo.rfl_invFun', 'foo.rfl', '{α} (x) : foo.rfl.invFun x = x', ''],
  ['Equiv.trans_apply', 'Equiv.trans', '{α β γ} (e₁ : α ≃ β) (e₂ : β ≃ γ) (x) : (e₁.trans e₂) x = e₂.toFun (e₁.toFun x)', 'toFun → apply; field notation as Lean prints'],
  ['Equiv.trans_symm_apply', 'Equiv.trans', '{α β γ} (e₁ : α ≃ β) (e₂ : β ≃ γ) (x) : (e₁.trans e₂).symm x = e₁.invFun (e₂.invFun x)', 'invFun → symm_apply'],
  ['Equiv.refl\'_apply', 'Equiv.refl\'', '(α : Sort*) (x) : (Equiv.refl\' α) x = id x', '@[simps apply]'],
  ['OneHom\'.coe_id', 'OneHom\'.id', '(M : Type*) [One M] (x) : (OneHom\'.id M) x = x', 'as_prefix coe'],
  ['Cone\'.trivial_pt', 'Cone\'.trivial', '(X : ℕ) : (Cone\'.trivial X).pt = X', 'fields separated by new lines, not commas'],
  ['Cone\'.trivial_π', 'Cone\'.trivial', '(X : ℕ) (n) : (Cone\'.trivial X).π n = n', 'a Greek field name'],
  ['Shape.refl_Rel', 'Shape.refl', '(ι : Type*) (i) (j) : (Shape.refl ι).Rel i j = (i = j)', 'a proposition as the right side of = (simps states Eq)'],
  // conclusions that start with `∃`
  ['exists_pair_lt', '', ': ∃ x y : ℕ, x < y ∧ ∃ z, y < z', 'multi-line ∃ kept whole'],
  ['exists_abs_lt_one', '', ': ∃ x : ℤ, |x| < 1', '|x| inside ∃'],
];

test('generated declarations carry the statements Lean gives them', async () => {
  const m = await decls();
  const wrong: string[] = [];
  for (const [name, from, statement, why] of STATEMENTS) {
    const d = m.get(name);
    if (!d) {
      wrong.push(`${name}: missing (${why})`);
      continue;
    }
    if (from) assert.equal(d.generatedFrom, from, `${name} is generated from ${from}`);
    if (d.signature !== statement) wrong.push(`${name} (${why}):\n    got      ${d.signature}\n    expected ${statement}`);
  }
  assert.deepEqual(wrong, []);
});

test('attributes and docstrings of generated declarations', async () => {
  // `(attr := …)` applies to the source and its twins; nothing else is copied (Translate/Core.lean applyAttributes)
  assert.deepEqual((await get('sum_const')).attrs, ['simp']);
  assert.ok((await get('prod_const')).attrs?.includes('simp'));
  assert.deepEqual((await get('Continuous.add')).attrs, ['continuity', 'fun_prop']);
  assert.ok((await get('Continuous.mul')).attrs?.includes('fun_prop'));
  assert.deepEqual((await get('vadd_self_eq')).attrs, ['simp']);
  // to_fun's docstring (Mathlib/Tactic/ToFun.lean: `docstringPrefix? := "Eta-expanded form of …"`)
  assert.equal((await get('Continuous.fun_mul')).doc, 'Eta-expanded form of `Continuous.mul`');
  assert.equal((await get('abs_add_le')).doc, 'The triangle inequality for `|·|`.');
  // `@[ext] structure`: Lean tags the `ext` lemma it generates `@[ext]`, not its `ext_iff`
  assert.deepEqual((await get('Wrap.ext')).attrs, ['ext']);
  assert.equal((await get('Wrap.ext_iff')).attrs, undefined);
  // simps lemmas are simp lemmas generated from their definition
  for (const n of ['bar_fst', 'Equiv.trans_apply', 'types.comp_def']) {
    const d = await get(n);
    assert.equal(d.kind, 'theorem');
    assert.ok(d.attrs?.includes('simp'), n);
  }
});

test('a lemma added by an attribute applied in another file is declared there', async () => {
  assert.equal((await get('Pair.ext_of_snd_iff')).module, 'Gen.Attributes');
  assert.equal((await get("comp_id'_assoc")).module, 'Gen.Attributes');
});

test('@[ext (iff := false)] adds no iff lemma', async () => {
  const m = await decls();
  assert.ok(m.has('Pair.ext_of_fst'));
  assert.equal(m.has('Pair.ext_of_fst_iff'), false);
});

test('to_additive existing: no twin is generated, the hand-written one keeps its statement', async () => {
  const m = await decls();
  assert.equal((await get('zero_add_twin')).signature, '(a : M) : a = a');
  assert.ok(![...m.values()].some((d) => d.generatedFrom === 'one_mul_twin'));
});

test('simps: the lemma names Mathlib refers to', async () => {
  const m = await decls();
  // MathlibTest/Simps.lean: `foo.rfl_toFun`, `foo.rfl_invFun` exist, the proof fields give none
  for (const n of ['foo.rfl_toFun', 'foo.rfl_invFun', 'bar_fst', 'bar_snd', 'Equiv.trans_apply', 'Equiv.trans_symm_apply', 'Equiv.refl\'_apply']) assert.ok(m.has(n), n);
  for (const n of ['foo.rfl_left_inv', 'foo.rfl_right_inv', 'Equiv.refl\'_symm_apply', 'OneHom\'.id_map_one\'']) assert.ok(!m.has(n), n);
  // `initialize_simps_projections … (toFun → coe, as_prefix coe)`: `coe_` in front (MathlibTest/Simps.lean: `Equiv.coe_trans`)
  assert.ok(m.has('OneHom\'.coe_id'));
  // a structure extending another: the parent's fields, renamed by its own rules
  assert.ok(m.has('MulEquiv\'.refl_apply') && m.has('MulEquiv\'.refl_symm_apply'));
  // an instance named `inst…`: its name is left out, one component gets `_def` (MathlibTest/Simps.lean: `types.comp_def`)
  for (const n of ['types.comp_def', 'types.id_def', 'types.hom_def']) assert.ok(m.has(n), n);
  // (`x = a → b` would read `(x = a) → b`)
  assert.equal((await get('types.hom_def')).signature, '(a) (b) : types.instCategoryStructType.hom a b = (a → b)');
});

test('unnamed instances: Lean 4 names, verified against names Mathlib refers to', async () => {
  const m = await decls();
  const expected = [
    // Mathlib/AlgebraicGeometry/AffineTransitionLimit.lean: `apply … PrimeSpectrum.instNonemptyOfNontrivial`
    'PrimeSpectrum.instNonemptyOfNontrivial',
    // Mathlib/Algebra/AffineMonoid/UniqueSums.lean (`[Add M]` is used by the type, `[TwoUniqueSums M]` is not)
    'Multiplicative.instTwoUniqueProdsOfTwoUniqueSums',
    // Mathlib/RingTheory/Kaehler/JacobiZariski.lean: `SemilinearEquivClass.instSemilinearMapClass` (the
    // `RingHomInvPair` binder is an instance argument of `SemilinearEquivClass`, so it is used)
    'SemilinearEquivClass.instSemilinearMapClass',
    // Mathlib/LinearAlgebra/Dual/Defs.lean: "See `Module.instIsReflexiveOfFiniteOfProjective`"
    'Module.instIsReflexiveOfFiniteOfProjective',
    // Mathlib/Analysis/LocallyConvex/SeparatingDual.lean: `→L[R]` is `ContinuousLinearMap (RingHom.id R)`
    'SeparatingDual.instNontrivialContinuousLinearMapIdOfContinuousSMul',
    'instInhabitedPoint',
    'instInhabitedListPoint',
  ];
  for (const n of expected) assert.ok(m.has(n), `${n}; have ${[...m.keys()].filter((k) => k.includes('inst')).join(', ')}`);
});

test('re-indexing one file gives the same generated statements and simps lemmas', async () => {
  await decls();
  const text = fs.readFileSync(path.join(ROOT, 'Gen/Statements.lean'), 'utf8');
  const one = extractFile(text, { module: 'Gen.Statements', file: 'Gen/Statements.lean', pkg: '', rules: lastNamingRules() });
  const byName = new Map(one.decls.map((d) => [d.name, d]));
  for (const [name, , statement] of STATEMENTS.filter(([n]) => ['abs_add_le', 'Continuous.fun_add', 'sum_add_distrib'].includes(n))) {
    assert.equal(byName.get(name)?.signature, statement, name);
  }
  const simps = extractFile(fs.readFileSync(path.join(ROOT, 'Gen/Simps.lean'), 'utf8'), { module: 'Gen.Simps', file: 'Gen/Simps.lean', pkg: '', rules: lastNamingRules() });
  assert.ok(simps.decls.some((d) => d.name === 'Equiv.trans_symm_apply'), 'simps lemmas from the structure table of the last full run');
  // no provisional twin named like its source is left in a file extracted alone
  const names = one.decls.map((d) => d.name);
  assert.equal(new Set(names).size, names.length);
});

test('the statement reader prints what it reads with the parentheses Lean needs', () => {
  const cases: [string, string][] = [
    [': (a * b) * c = a * (b * c)', ': a * b * c = a * (b * c)'],
    [': (∏ i ∈ s, f i) * ∏ i ∈ s, g i = x', ': (∏ i ∈ s, f i) * ∏ i ∈ s, g i = x'],
    [': -(a ^ 2) = (-a) * b', ': -a ^ 2 = -a * b'],
    ['(h) (hx : f ⁻¹\' s = t) : Continuous (fun x => f x)', '(h) (hx : f ⁻¹\' s = t) : Continuous fun x => f x'],
    [': R[X] = ‖x‖₊ + |y|ₘ', ': R[X] = ‖x‖₊ + |y|ₘ'],
    [': {x | p x} ⊆ s ∧ (if h : p then a else b) = c', ': {x | p x} ⊆ s ∧ (if h : p then a else b) = c'],
    [': f =ᶠ[𝓝 x] g ∧ ∑\'[L] i, g i = 0', ': f =ᶠ[𝓝 x] g ∧ ∑\'[L] i, g i = 0'],
    // the slash action of modular forms (`notation:73`) and the restriction of a morphism of schemes (`infixl:80`)
    [': (-a) ∣[k] g = -(a ∣[k] g) ∧ b ∣ c', ': -a ∣[k] g = -(a ∣[k] g) ∧ b ∣ c'],
    [': (f ∣_ U) ≫ g = h', ': f ∣_ U ≫ g = h'],
    // Mathlib notation read whole: filters within a set, the measure of `∀ᵐ`, arrows with marks, unitors, functors
    [': Tendsto f (𝓝[≠] x) (𝓝[>] a) ∧ ∀ᵐ x ∂(ν a), 0 ≤ f x', ': Tendsto f (𝓝[≠] x) (𝓝[>] a) ∧ ∀ᵐ x ∂(ν a), 0 ≤ f x'],
    ['(e : A ≃⋆ₐ[R] B) (f : A →⋆ₙₐ[R] C) (g : E ≃ₗᵢ[𝕜] F) : M ≃ₜ+ N', '(e : A ≃⋆ₐ[R] B) (f : A →⋆ₙₐ[R] C) (g : E ≃ₗᵢ[𝕜] F) : M ≃ₜ+ N'],
    [': (λ_ X).inv ≫ h = h ∧ (pure <$> F x) = y ∧ e ≪≫ f = g', ': (λ_ X).inv ≫ h = h ∧ pure <$> F x = y ∧ e ≪≫ f = g'],
    [': f (⋃₀ S) = 𝔼 i ∈ s, g i ∧ p ⊗ₜ[R] n = a •> x <• b', ': f (⋃₀ S) = 𝔼 i ∈ s, g i ∧ p ⊗ₜ[R] n = a •> x <• b'],
    // `α → β` reads its right side at 25: before `≃` it keeps its parentheses
    [': (α → β) ≃ (γ → δ)', ': (α → β) ≃ (γ → δ)'],
    // Lean's `‹T›` and the simplices of a simplicial object, `X _⦋n⦌` (its truncations `⦋m⦌ₙ₊₁`, `⦋0⦌₂`)
    [': generateFrom C = ‹_› ∧ ∀ x : X _⦋n⦌ₙ₊₁, f ⦋0⦌₂ = x', ': generateFrom C = ‹_› ∧ ∀ x : X _ ⦋n⦌ₙ₊₁, f ⦋0⦌₂ = x'],
    // `f^[n]` is an iterate, not a power; `![a, b]` a vector; a `·` function keeps the parentheses that are its scope
    [': f^[n] (x / y) = (· * a) ∘ ![a, b] ∧ StrictMono ((· ^ n) : α → α)', ': f^[n] (x / y) = (· * a) ∘ ![a, b] ∧ StrictMono ((· ^ n) : α → α)'],
    // the linear and algebra equivalences are `notation:50` whose sides read any term: `Basis.ofRepr`'s own text
    ['(e : M ≃ₗ[R] (κ →₀ S)) : (A × B) ≃ₐ[R] C', '(e : M ≃ₗ[R] κ →₀ S) : (A × B) ≃ₐ[R] C'],
  ];
  for (const [src, out] of cases) {
    const sig = parseSignature(src);
    assert.ok(sig, src);
    assert.equal(printSignature(sig), out);
  }
  // two relations in a row are no Lean term but a notation the reader does not know (EckmannHilton's local `a <m> b`):
  // it is not read, rather than read as `(a < m) > b`
  assert.equal(parseSignature('(distrib : ∀ a b c d, ((a * b) <m₁> c * d) = (a <m₁> c) * b <m₁> d) : CommMonoid X'), undefined);
  assert.equal(parseSignature(': a = b = c'), undefined);
});

test('to_dual notation: lattice symbols swap and relations turn; arrows, ℝ≥0 and pipes stay', async () => {
  const { dualNotation } = await import('../../src/core/extract/translate');
  const { relationsTurnedAround } = await import('../../src/core/statement');
  assert.equal(dualNotation('(f : ℕ → ℝ≥0) : (fun x => f x ⊔ ⊥) = f <| 0'), '(f : ℕ → ℝ≥0) : (fun x => f x ⊓ ⊤) = f <| 0');
  assert.equal(dualNotation('⨆ i, f i ≤ a'), '⨅ i, f i ≥ a');
  assert.equal(relationsTurnedAround('(h : a ≥ b) : ⨅ i, f i ≥ a'), '(h : b ≤ a) : ⨅ i, f i ≥ a', 'a comma at the top: a big operator, not a binder to look under');
  assert.equal(relationsTurnedAround('{a b : α} (h : a > b) : ∀ x ≥ a, x > b'), '{a b : α} (h : b < a) : ∀ x ≥ a, b < x');
  assert.equal(relationsTurnedAround('(a : α) : a ⊓ b = a'), '(a : α) : a ⊓ b = a');
  assert.equal(relationsTurnedAround('(a : α) : a ≥ b ∧ c ≥ d'), '(a : α) : a ≥ b ∧ c ≥ d', 'two relations: as stated');
});

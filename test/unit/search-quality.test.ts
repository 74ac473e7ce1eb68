// Tests for the retrieval-quality mechanisms: default-library demotion, word variants, corpus-confirmed
// name abbreviations, numerals in text queries, notion cues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { RANK_PARAMS, Ranker, wordVariants } from '../../src/core/search/ranker';
import { analyzeQuery, leanNotation, unicodeOperators, withoutFraming } from '../../src/core/search/query';
import type { QueryPlan } from '../../src/core/search/query';
import { defaultLibraryRoots, inLibrary, outsideLibraryMask, rootsFromLakefileLean, rootsFromLakefileToml } from '../../src/core/search/libraries';

function decl(name: string, kind: Declaration['kind'], signature: string, module: string, doc?: string): Declaration {
  return { name, kind, signature, module, file: module.split('.').join('/') + '.lean', line: 1, pkg: 'demo', ...(doc ? { doc } : {}) };
}

test('lakefile.lean: default-target library roots (plain, roots := , comments ignored)', () => {
  const lakefile = [
    'import Lake',
    'open Lake DSL',
    'package mathlib where',
    '  leanOptions := #[]',
    '-- @[default_target] lean_lib Commented',
    '@[default_target]',
    'lean_lib Mathlib where',
    '  leanOptions := mathlibLeanOptions',
    '',
    'lean_lib Archive where',
    '  leanOptions := mathlibLeanOptions',
    '@[default_target] lean_lib «My Lib» where',
    '  roots := #[`Foo, `Bar.Baz]',
    '@[default_target]',
    'lean_exe cache where',
    '  root := `Cache.Main',
  ].join('\n');
  assert.deepEqual(rootsFromLakefileLean(lakefile), ['Mathlib', 'Foo', 'Bar.Baz']);
  assert.equal(rootsFromLakefileLean('package foo\nlean_lib Foo'), undefined);
});

test('lakefile.toml: defaultTargets picks the libraries and their roots', () => {
  const toml = ['name = "demo"', 'defaultTargets = ["Demo"]', '', '[[lean_lib]]', 'name = "Demo"', '', '[[lean_lib]]', 'name = "Scratch"', '', '[[lean_lib]]', 'name = "Other"', 'roots = ["X"]'].join('\n');
  assert.deepEqual(rootsFromLakefileToml(toml), ['Demo']);
  assert.deepEqual(rootsFromLakefileToml(toml.replace('["Demo"]', '["Other"]')), ['X']);
  assert.equal(rootsFromLakefileToml('name = "x"'), undefined);
});

test('outsideLibraryMask: modules outside a package default library are marked; own files and unknown packages never', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-libs-'));
  try {
    fs.writeFileSync(path.join(dir, 'lakefile.lean'), '@[default_target]\nlean_lib Mathlib where\n\nlean_lib Archive where\n');
    assert.deepEqual(defaultLibraryRoots(dir), ['Mathlib']);
    assert.equal(defaultLibraryRoots(path.join(dir, 'missing')), undefined);
    const modules = [
      { name: 'Mathlib.Order.Lattice', pkg: 'mathlib' },
      { name: 'Mathlib', pkg: 'mathlib' },
      { name: 'Archive.Imo.Imo2005Q3', pkg: 'mathlib' },
      { name: 'Scratch.Test', pkg: '' },
      { name: 'Batteries.Data.List', pkg: 'batteries' },
    ];
    const mask = outsideLibraryMask(modules, [
      { name: '', dir: '/nonexistent-root' },
      { name: 'mathlib', dir },
      { name: 'batteries', dir: path.join(dir, 'no-such-package') },
    ]);
    assert.deepEqual([...mask], [0, 0, 1, 0, 0]);
    assert.ok(inLibrary('Mathlib.A', ['Mathlib']) && !inLibrary('MathlibTest.A', ['Mathlib']));
    // The extractor's verdict, when present, wins over the lakefile; the user's own files stay unmarked.
    const known = outsideLibraryMask(
      [
        { name: 'Archive.X', pkg: 'mathlib', inDefaultLib: true },
        { name: 'Mathlib.Y', pkg: 'mathlib', inDefaultLib: false },
        { name: 'Scratch.Z', pkg: '', inDefaultLib: false },
      ],
      [{ name: 'mathlib', dir }],
    );
    assert.deepEqual([...known], [0, 1, 0]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the ranker demotes declarations outside the default library as premises of a goal, not as answers to words', () => {
  const modules: ModuleInfo[] = [
    { name: 'Lib.Algebra', file: 'Lib/Algebra.lean', pkg: 'demo', imports: [] },
    { name: 'Archive.Olympiad', file: 'Archive/Olympiad.lean', pkg: 'demo', imports: [] },
  ];
  const decls = [
    decl('Olympiad.two_mul_le_add_sq', 'theorem', '(a b : ℕ) : 2 * a * b ≤ a ^ 2 + b ^ 2', 'Archive.Olympiad', 'Sum of squares bound.'),
    decl('Lib.Algebra.Extra.two_mul_le_add_sq', 'theorem', '(a b : ℕ) : 2 * a * b ≤ a ^ 2 + b ^ 2', 'Lib.Algebra', 'Sum of squares bound.'),
  ];
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const words = analyzeQuery('sum of squares bound');
  const goal = analyzeQuery('a b : ℕ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2');
  assert.equal(goal.mode, 'goal');
  const top = (plan: QueryPlan) => index.store.names[ranker.rank(plan, { k: 2 })[0].id];
  // The same statement and docstring: without the mask the archive lemma wins by its shorter name.
  assert.equal(top(words), 'Olympiad.two_mul_le_add_sq');
  assert.equal(top(goal), 'Olympiad.two_mul_le_add_sq');
  ranker.outsideLibrary = Uint8Array.from([0, 1]);
  assert.equal(top(goal), 'Lib.Algebra.Extra.two_mul_le_add_sq', 'a premise must be importable');
  assert.equal(top(words), 'Olympiad.two_mul_le_add_sq', 'words look for a formalization wherever it is');
});

test('wordVariants: suffix-stripped candidates, only for plain words', () => {
  assert.ok(wordVariants('uniquely').includes('unique'));
  assert.ok(wordVariants('separated').includes('separate'));
  assert.ok(wordVariants('mapped').includes('map'));
  assert.deepEqual(wordVariants('map'), []);
  assert.deepEqual(wordVariants('Ab1cd'), []);
  // A property's noun names the adjective its predicate is named by.
  assert.ok(wordVariants('continuity').includes('continuous'));
  assert.ok(wordVariants('compactness').includes('compact'));
  assert.ok(wordVariants('differentiability').includes('differentiable'));
  assert.ok(wordVariants('measurability').includes('measurable'));
  assert.ok(wordVariants('monotonicity').includes('monotone'));
  assert.ok(wordVariants('injectivity').includes('injective'));
});

test('a property asked by its noun or its adjective finds its predicate, named as Lean names it (`Continuous`, `IsCompact`, `IsOpenMap`)', () => {
  const modules: ModuleInfo[] = [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  // The adjectives are common name words (lemmas about the predicates); the nouns are not.
  for (const w of ['continuous', 'compact', 'open_map'])
    for (let i = 0; i < 25; i++) decls.push(decl(`Demo.${w}_lemma${i}`, 'theorem', '(s : Set ℕ) : s = s', 'Demo', 'A lemma about this property of a map or a set.'));
  for (let i = 0; i < 200; i++) decls.push(decl(`Demo.filler${i}`, 'theorem', '(x : ℕ) : x + 0 = x', 'Demo', 'Adding zero.'));
  decls.push(decl('Demo.Continuous', 'structure', '(f : ℕ → ℕ) : Prop', 'Demo', 'A map is continuous when preimages of open sets are open.'));
  decls.push(decl('Demo.IsCompact', 'def', '(s : Set ℕ) : Prop', 'Demo', 'A set is compact when every open cover has a finite subcover.'));
  decls.push(decl('Demo.IsOpenMap', 'def', '(f : ℕ → ℕ) : Prop', 'Demo', 'A map sending open sets to open sets.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const first = (q: string) => {
    const hit = ranker.rank(analyzeQuery(q), { k: 3 })[0];
    return hit && index.store.names[hit.id];
  };
  const saved = { ...RANK_PARAMS };
  try {
    assert.equal(first('continuity'), 'Demo.Continuous');
    assert.equal(first('compactness'), 'Demo.IsCompact');
    assert.equal(first('compact'), 'Demo.IsCompact');
    assert.equal(first('open map'), 'Demo.IsOpenMap');
    RANK_PARAMS.variantKeys = false;
    RANK_PARAMS.isKeys = false;
    assert.notEqual(first('compactness'), 'Demo.IsCompact', 'without the mechanism');
  } finally {
    Object.assign(RANK_PARAMS, saved);
  }
});

test('text queries: a concrete number makes no name bigram (the general lemma has none in its name)', () => {
  const plan = analyzeQuery('integer 36 factors as 4 times 9');
  assert.ok(plan.terms.some((t) => t.term === '36'));
  assert.ok(!plan.terms.some((t) => t.term.includes('36|') || t.term.includes('|36')), 'no name bigrams with a concrete number');
});

test('text queries: notion words without an implication lean to definitions', () => {
  assert.ok(analyzeQuery('$x \\in s$ with $s$ a subgroup $\\Rightarrow x^{-1} \\in s$').notion < 0.5, 'an implication states a fact');
  assert.ok(analyzeQuery('a group $G$ with a map $\\mu : G \\times X \\to X$ with $\\mu(e, x) = x$').notion > 0.5);
  assert.ok(analyzeQuery('$a \\le b \\Rightarrow a + c \\le b + c$').notion < 0.5);
});

test('a query that is one LaTeX formula stating a relation is searched as a statement, like a Lean one', () => {
  const plan = analyzeQuery('$a \\le b \\Rightarrow a \\cdot c \\le b \\cdot c$');
  assert.equal(plan.mode, 'goal');
  assert.equal(plan.target, analyzeQuery('`a ≤ b → a * c ≤ b * c`').target);
  assert.equal(analyzeQuery('\\(a + b = b + a\\)').mode, 'goal');
  assert.equal(analyzeQuery('$2^{10} = 1024$').mode, 'text', 'a concrete computation is an instance, not a statement');
  assert.equal(analyzeQuery('$\\mathbb{Q}(\\zeta_n)$').mode, 'text', 'no relation: a notion');
  assert.equal(analyzeQuery('for $x \\in U$ we have $f x = 0$').mode, 'text', 'formulas inside words stay words');
});

test('a proposition without a relation, a predicate of a term with operators, is searched as a statement; a name and words are not', () => {
  for (const q of ['Continuous fun x => f x + g x', 'Continuous (fun x ↦ f x + g x)', 'IsOpen (s ∩ t)', 'Summable (fun n => 1 / n ^ 2)', '(fun x => f x) = g'])
    assert.equal(analyzeQuery(q).mode, 'goal', q);
  assert.equal(analyzeQuery('Continuous fun x => f x + g x').target, analyzeQuery('x : ℝ\n⊢ Continuous fun x => f x + g x').target);
  for (const q of ['Nat.Prime 7', 'Monotone f', 'Continuous (sum of functions)', 'Continuous functions are measurable']) assert.notEqual(analyzeQuery(q).mode, 'goal', q);
});

test('a power typed with superscripts is the power Lean writes (`x²` is `x ^ 2`); `x⁻¹` and prose (`L² space`) are left alone', () => {
  assert.deepEqual(analyzeQuery('x² + y² = z²'), analyzeQuery('x ^ 2 + y ^ 2 = z ^ 2'));
  assert.deepEqual(analyzeQuery('2ⁿ > n'), analyzeQuery('2 ^ n > n'));
  assert.deepEqual(analyzeQuery('(a + b)³ = 0'), analyzeQuery('(a + b) ^ 3 = 0'));
  assert.equal(leanNotation('x⁻¹ * x = 1'), 'x⁻¹ * x = 1');
  assert.equal(leanNotation('L² space'), 'L² space');
});

test('a statement led in as Lean or a request leads into one (`show t`, `have : t`, "prove t", "for all x, t") is the statement', () => {
  for (const q of ['show x ^ 2 ≥ 0', 'have : x ^ 2 ≥ 0', 'prove x ^ 2 ≥ 0', 'example : x ^ 2 ≥ 0']) assert.deepEqual(analyzeQuery(q), analyzeQuery('x ^ 2 ≥ 0'), q);
  assert.deepEqual(analyzeQuery('for all x y, x + y = y + x'), analyzeQuery('∀ x y, x + y = y + x'));
  for (const q of ['show exact sequences split', 'for all groups, the identity is unique']) assert.equal(analyzeQuery(q).mode, 'text', q);
});

test('a formula typed in LaTeX without its dollars is the formula with them; prose with a LaTeX command is not a formula', () => {
  for (const q of ['x^2 \\geq 0', '|a+b| \\le |a| + |b|', '\\mathrm{ev}_x(f \\cdot g) = \\mathrm{ev}_x(f) \\cdot \\mathrm{ev}_x(g)', 'a \\mid b \\to a \\mid b c'])
    assert.deepEqual(analyzeQuery(q), analyzeQuery(`$${q}$`), q);
  assert.equal(analyzeQuery('if \\gcd(a, b) = 1 then a divides c').mode, 'text');
});

test('text queries: a leading article means a notion unless the words state a fact', () => {
  assert.ok(analyzeQuery('a normed space over the reals').notion > 0.5);
  assert.ok(analyzeQuery('the binomial theorem').notion < 0.5, 'a title naming a theorem wants the theorem');
  assert.ok(analyzeQuery('a compact set has a finite subcover').notion < 0.5, 'a verb of a fact');
});

test('text queries: a hyphen joining words in prose is not a minus sign; inside math it is', () => {
  const terms = (q: string) => analyzeQuery(q).terms.map((t) => t.term);
  assert.ok(!terms('$A_5$ has a 2-cycle').includes('-'));
  assert.ok(terms('$A_5$ has a 2-cycle').includes('cycle'));
  assert.ok(!terms('a self-adjoint operator').includes('-'));
  assert.ok(terms('$a - b \\le a$').includes('-'), 'subtraction in math mode stays');
  assert.ok(terms('`x-y` is small').includes('-'), 'code spans are left as written');
});

test('text queries: a concrete computation ("$2^2 \\cdot 3^2$") states a fact; its symbols count once', () => {
  const plan = analyzeQuery('integer $36$ factors uniquely as $2^2 \\cdot 3^2$');
  const w = (t: string) => plan.terms.find((x) => x.term === t)?.weight ?? 0;
  assert.equal(w('^'), 1);
  assert.equal(w('factor'), 1);
  assert.ok(plan.notion < 0.5, 'a statement about an instance wants theorems');
});

test('expandPlan: adjacent query words also match a name pair through another form of a word ("factors uniquely" → factors_unique)', () => {
  const modules: ModuleInfo[] = [{ name: 'U.Basic', file: 'U/Basic.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [decl('Monoid.factors_unique', 'theorem', '(a : α) : True', 'U.Basic', 'Factorizations are unique up to associates.')];
  for (let i = 0; i < 30; i++) decls.push(decl(`Thing.unique_lemma${i}`, 'theorem', '(x : ℕ) : x = x', 'U.Basic', 'A thing is determined uniquely.'));
  for (let i = 0; i < 6; i++) decls.push(decl(`Thing.factors_lemma${i}`, 'theorem', '(x : ℕ) : x = x', 'U.Basic'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const expanded = ranker.expandPlan(analyzeQuery('integer factors uniquely'));
  const pair = expanded.find((t) => t.term === 'factor|unique');
  assert.ok(pair?.expanded, `expanded terms: ${expanded.map((t) => t.term).join(' ')}`);
  assert.equal(index.store.names[ranker.rank(analyzeQuery('integer factors uniquely'), { k: 1 })[0].id], 'Monoid.factors_unique');
});

test('text queries: comparisons said in words become the relation symbol ("at most" → ≤)', () => {
  const terms = (q: string) => analyzeQuery(q).terms.map((t) => t.term);
  assert.ok(terms('the mean is at most the maximum').includes('≤'));
  assert.ok(terms('some hole gets at least 3 pigeons').includes('≤'), '≥ is stated as ≤ in Mathlib');
  assert.ok(terms('a root strictly less than one').includes('<'));
  assert.ok(!terms('a root strictly less than one').includes('less'));
  // "at least one" / "at most one" speak of existence and uniqueness, not of a comparison.
  assert.deepEqual(terms('every nonempty finite set has at least one maximal element'), terms('every nonempty finite set has a maximal element'));
  assert.ok(!terms('a map with at most one fixed point').includes('≤'));
});

test('text queries: "iff" (or "if and only if", "exactly when") is kept as the word names use for `↔`; other stop words still go', () => {
  const terms = (q: string) => analyzeQuery(q).terms.map((t) => t.term);
  assert.ok(terms('the product of two naturals is one iff both are one').includes('iff'));
  assert.deepEqual(terms('a set is compact if and only if it is closed'), terms('a set is compact iff it is closed'));
  // Mathematical English's other ways to say it: "exactly when", "precisely if", "just when".
  for (const said of ['exactly when', 'precisely when', 'exactly if', 'precisely if', 'just when'])
    assert.deepEqual(terms(`a set is compact ${said} it is closed`), terms('a set is compact iff it is closed'), said);
  assert.ok(!terms('a set is compact iff it is closed').includes('is'));
  // In a toy library, the `_iff` lemma comes before the one-way lemma with the same other words.
  const modules: ModuleInfo[] = [{ name: 'U.Basic', file: 'U/Basic.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [
    decl('List.length_eq_zero', 'theorem', '{l : List α} (h : l.length = 0) : l = []', 'U.Basic'),
    decl('List.length_eq_zero_iff', 'theorem', '{l : List α} : l.length = 0 ↔ l = []', 'U.Basic'),
  ];
  for (let i = 0; i < 20; i++) decls.push(decl(`Other.lemma_iff${i}`, 'theorem', '(x : ℕ) : x = x ↔ True', 'U.Basic'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  assert.equal(index.store.names[ranker.rank(analyzeQuery('the length of a list is zero if and only if it is empty'), { k: 1 })[0].id], 'List.length_eq_zero_iff');
});

test("Lean's ASCII operators are the relations and connectives Lean prints (`<=` is `≤`, `->` is `→`); LaTeX and `=>` are left alone", () => {
  assert.equal(unicodeOperators('0 <= x ^ 2'), '0 ≤ x ^ 2');
  assert.equal(unicodeOperators('x^2 >= 0'), 'x^2 ≥ 0');
  assert.equal(unicodeOperators('a != 0 -> a / a = 1'), 'a ≠ 0 → a / a = 1');
  assert.equal(unicodeOperators('a < b <-> ¬ b <= a'), 'a < b ↔ ¬ b ≤ a');
  assert.equal(unicodeOperators('p /\\ q -> q \\/ p'), 'p ∧ q → q ∨ p');
  assert.equal(unicodeOperators('rw [<- mul_comm]'), 'rw [← mul_comm]');
  assert.equal(unicodeOperators('$1/\\sqrt{2} < 1$'), '$1/\\sqrt{2} < 1$', 'a LaTeX command after a slash');
  assert.equal(unicodeOperators('fun x => x + 1'), 'fun x => x + 1');
  assert.equal(unicodeOperators('∑ i in range n, f i = 0'), '∑ i ∈ range n, f i = 0', 'the big operators’ old `in`');
  assert.equal(unicodeOperators('∏ i j in s, f i j'), '∏ i j ∈ s, f i j');
  assert.equal(unicodeOperators('x in s'), 'x in s');
  assert.equal(unicodeOperators('a | b → a | b * c'), 'a ∣ b → a ∣ b * c', 'a bar typed for divisibility');
  assert.equal(unicodeOperators('a · b = b · a'), 'a * b = b * a', 'a dot typed for multiplication');
  assert.deepEqual(analyzeQuery('a ∣ b ⇒ a ∣ b * c'), analyzeQuery('a ∣ b → a ∣ b * c'), 'the double arrows of mathematical writing');
  assert.deepEqual(analyzeQuery('x ∈ s ∩ t ⟺ x ∈ s ∧ x ∈ t'), analyzeQuery('x ∈ s ∩ t ↔ x ∈ s ∧ x ∈ t'));
  assert.equal(unicodeOperators('a⋅(b + c) = ‖x‖ · ‖y‖'), 'a * (b + c) = ‖x‖ * ‖y‖');
  for (const s of ['(· + 1) = fun x => x + 1', 'Finset.sum s (· * 2)', 'c • x = x']) assert.equal(unicodeOperators(s), s, 'Lean’s `·` and `•`');
  for (const s of ['|a + b| ≤ |a| + |b|', '| a + b | ≤ | a | + | b |', '{x | x > 0}', 'μ[t | s] ≤ 1', 'match n with | 0 => a | k + 1 => b'])
    assert.equal(unicodeOperators(s), s, 'absolute values, a set-builder, a conditional measure, a match');
  for (const [ascii, lean] of [
    ['0 <= x^2', '0 ≤ x^2'],
    ['a != 0 -> a / a = 1', 'a ≠ 0 → a / a = 1'],
    ['x : ℝ\n⊢ x ^ 2 >= 0', 'x : ℝ\n⊢ x ^ 2 ≥ 0'],
  ])
    assert.deepEqual(analyzeQuery(ascii), analyzeQuery(lean), ascii);
});

test('how a request is put does not change what it asks: end punctuation, "show that", "what is", "find …", "in Mathlib", quotes, Markdown, spacing, indentation', () => {
  const same = (framed: string, plain: string) => assert.deepEqual(analyzeQuery(framed), analyzeQuery(plain), framed);
  same("Zorn's lemma.", "Zorn's lemma");
  same('functor.', 'functor'); // not the name `functor.`
  same('$a * b = 1 \\iff a = 1 \\wedge b = 1$.', '$a * b = 1 \\iff a = 1 \\wedge b = 1$'); // still one formula: a statement
  same('Show that every compact set is closed', 'every compact set is closed');
  same('what is the free group?', 'the free group');
  same('theorem: the intermediate value theorem', 'the intermediate value theorem');
  same('the mean value theorem in Mathlib', 'the mean value theorem');
  same('some hole gets at  least 3 pigeons', 'some hole gets at least 3 pigeons');
  same('find me a lemma stating that the sum of continuous functions is continuous.', 'the sum of continuous functions is continuous');
  same('search for Zorn\'s lemma', "Zorn's lemma");
  same('I need the mean value theorem', 'the mean value theorem');
  same('"Zorn\'s lemma"', "Zorn's lemma");
  same('$f(s_1 \\cup s_2) = f(s_1) \\cup f(s_2)$!', '$f(s_1 \\cup s_2) = f(s_1) \\cup f(s_2)$');
  assert.equal(withoutFraming("'a' ≤ 'b'"), "'a' ≤ 'b'", 'straight single quotes are primes and possessives');
  same('- **a group with a total order**', 'a group with a total order');
  same('1. *Galois extensions*', 'Galois extensions');
  same('the **Pythagorean theorem**', 'the Pythagorean theorem');
  assert.equal(withoutFraming('- x ≤ 0'), '- x ≤ 0', 'a minus sign is no list marker');
  same('How do I prove that every compact set is closed?', 'every compact set is closed');
  same('Is there a lemma saying that compact sets are closed?', 'compact sets are closed');
  same('Does Mathlib have the mean value theorem?', 'the mean value theorem');
  same('What is the name of the lemma stating that $a + b = b + a$?', '$a + b = b + a$');
  same('the name of the lemma $f : X \\to X$ idempotent', '$f : X \\to X$ idempotent'); // words, not a pasted `lemma $j`
  assert.equal(withoutFraming('definition of a group'), 'definition of a group', 'what is asked for stays');
  assert.equal(withoutFraming('* a * b = b * a'), '* a * b = b * a');
  // A factorial is no exclamation: `n !`, `n!`, `(n + 1)!`, `5!` stay; a word's `!` goes.
  for (const f of ['0 < n !', '0 < n!', 'n ! ≠ 0', '(n + 1)! = (n + 1) * n !', '5!']) assert.equal(withoutFraming(f), f);
  same('Fermat\'s little theorem!', "Fermat's little theorem");
  // A goal pasted with every line indented alike is the same goal (its instance lines stay hypotheses of their own);
  // a hypothesis continued on an indented line stays one hypothesis.
  const goal = 'R : Type u_1\ninst✝¹ : Semifield R\ninst✝ : Algebra R A\nx : R\n⊢ x ∈ spectrum R a ↔ x = 0';
  assert.deepEqual(analyzeQuery(goal.split('\n').map((l) => `    ${l}`).join('\r\n')), analyzeQuery(goal));
  const continued = 'h : a ≤ b ∧\n  b ≤ c\n⊢ a ≤ c';
  assert.deepEqual(analyzeQuery(continued.split('\n').map((l) => `  ${l}`).join('\n')), analyzeQuery(continued));
  assert.equal(analyzeQuery('$a + b = 0 \\iff a = 0 \\wedge b = 0$.').mode, 'goal');
  // A name's own `?` or `!` is the name.
  assert.equal(withoutFraming('List.get?'), 'List.get?');
  assert.equal(withoutFraming('is every group abelian?'), 'every group is abelian', 'a yes-or-no question asks its statement');
  assert.equal(withoutFraming('what is ?'), '');
  assert.ok(analyzeQuery('what is ?').terms.some((t) => t.term === 'what'), 'nothing else asked: the query is kept as typed');
});

test('a name written as Lean code writes it is that name: in backticks, after #check, in a tactic, applied to hypotheses', () => {
  const plain = analyzeQuery('Continuous.add');
  assert.equal(plain.mode, 'name');
  for (const q of ['`Continuous.add`', '#check Continuous.add', '#check @Continuous.add', 'exact Continuous.add', 'exact Continuous.add hf hg', 'apply Continuous.add', 'Continuous.add hf hg', 'rw [Continuous.add]', 'simp only [Continuous.add]'])
    assert.deepEqual(analyzeQuery(q), plain, q);
  assert.deepEqual(analyzeQuery('rw [← mul_comm]'), analyzeQuery('mul_comm'));
  // Words stay words: "exact" and "apply" are mathematics too.
  assert.equal(analyzeQuery('exact sequence').mode, 'text');
  assert.equal(analyzeQuery('apply the mean value theorem').mode, 'text');
  assert.equal(analyzeQuery('`a ≤ b`').mode, 'goal', 'a backticked statement is a statement');
});

test('acronyms: "central simple algebra" finds `CSA` when the library spells it out, not another `csa`', () => {
  const modules: ModuleInfo[] = [
    { name: 'Alg.Brauer', file: 'Alg/Brauer.lean', pkg: 'demo', imports: [], doc: '# The Brauer group\nClasses of central simple algebras over a field.' },
    { name: 'Other.Stuff', file: 'Other/Stuff.lean', pkg: 'demo', imports: [], doc: 'Cyclic sieving arrangements.' },
  ];
  const decls: Declaration[] = [
    decl('CSA', 'structure', '(K : Type u) [Field K]', 'Alg.Brauer', '`CSA` is the set of all finite-dimensional central simple algebras over a field `K`.'),
    decl('Other.csa', 'def', '(n : ℕ) : ℕ', 'Other.Stuff', 'A cyclic sieving arrangement.'),
  ];
  for (let i = 0; i < 20; i++) decls.push(decl(`Alg.simple_lemma${i}`, 'theorem', '(n : ℕ) : n = n', 'Other.Stuff', 'A simple algebra is central here.'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const plan = analyzeQuery('central simple algebra');
  assert.deepEqual(plan.acronyms?.map((a) => a.key), ['csa']);
  assert.equal(index.store.names[ranker.rank(plan, { k: 3 })[0].id], 'CSA');
  // A phrase whose initials name something that does not stand for it gets no boost from them.
  const other = analyzeQuery('cold silver apples');
  assert.deepEqual(other.acronyms?.map((a) => a.key), ['csa']);
  assert.deepEqual(ranker.rank(other, { k: 3 }).map((h) => index.store.names[h.id]), []);
});

test('a very common term only re-scores what rarer terms found, by lookup or by scan, with the same scores', async () => {
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  const modules: ModuleInfo[] = [{ name: 'Big.Basic', file: 'Big/Basic.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  for (let i = 0; i < 4000; i++) decls.push(decl(`Big.filler${i}`, 'theorem', '(x : ℕ) : x = x', 'Big.Basic', i % 500 === 0 ? 'A rare widget, in common use.' : 'Of common use.'));
  const index = SearchIndex.build(decls, modules);
  const plan = analyzeQuery('rare widget common');
  const scores = () => new Ranker(index).rank(plan, { k: 10 }).map((h) => `${index.store.names[h.id]} ${h.score.toFixed(6)}`);
  const saved = RANK_PARAMS.commonTermMinDf;
  try {
    const lookedUp = scores(); // `common` (4000 docs) is late: 8 candidates are looked up in its postings
    RANK_PARAMS.commonTermMinDf = 1e9; // scanned in full instead (it then also finds the rest)
    assert.deepEqual(lookedUp, scores().slice(0, 8));
    assert.equal(lookedUp.length, 8);
  } finally {
    RANK_PARAMS.commonTermMinDf = saved;
  }
});

test('a very common term re-scores many candidates by its frequencies by declaration or by scanning its postings against them, with the same scores as a full scan', async () => {
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  const modules: ModuleInfo[] = [{ name: 'Big.Basic', file: 'Big/Basic.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  // `widget` in every tenth declaration: 400 candidates, too many to look up one by one in `common`'s 4000 postings.
  // Every fourth has `common` twice, so the re-scored candidates' scores show each one's share.
  for (let i = 0; i < 4000; i++) {
    const doc = i % 10 === 0 ? (i % 40 === 0 ? 'A widget of common use, in common use.' : 'A widget, in common use.') : 'Of common use.';
    decls.push(decl(`Big.filler${i}`, 'theorem', '(x : ℕ) : x = x', 'Big.Basic', doc));
  }
  const index = SearchIndex.build(decls, modules);
  const plan = analyzeQuery('widget common');
  const scores = () => new Ranker(index).rank(plan, { k: 400 }).map((h) => `${index.store.names[h.id]} ${h.score.toFixed(6)}`);
  const saved = RANK_PARAMS.commonTermMinDf;
  const savedDense = RANK_PARAMS.denseTfShare;
  try {
    const dense = scores(); // `common` is late and in every declaration: read for each of the 400 candidates
    RANK_PARAMS.denseTfShare = 1; // no term is dense: its postings are scanned against the candidates
    const scanned = scores();
    assert.deepEqual(dense, scanned);
    RANK_PARAMS.commonTermMinDf = 1e9; // every posting scored, candidates or not
    assert.deepEqual(scanned, scores());
    assert.equal(scanned.length, 400);
    // only widgets, and `common` told apart where it is written twice
    assert.ok(scanned.every((h) => Number(/filler(\d+)/.exec(h)![1]) % 10 === 0), scanned.slice(0, 5).join(', '));
    // `common` twice (1040) or once (1010): told apart only if the scan added its share to each candidate
    const scoreOf = (name: string) => scanned.find((h) => h.startsWith(`${name} `))!.split(' ')[1];
    assert.notEqual(scoreOf('Big.filler1040'), scoreOf('Big.filler1010'));
  } finally {
    RANK_PARAMS.commonTermMinDf = saved;
    RANK_PARAMS.denseTfShare = savedDense;
  }
});

test('once the candidates are many, a fairly common term only re-scores them: the top is the same, the documents only it finds are left out', async () => {
  const { RANK_PARAMS } = await import('../../src/core/search/ranker');
  const modules: ModuleInfo[] = [{ name: 'Big.Basic', file: 'Big/Basic.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  // `widget` and `sprocket` find 5,200 candidates (over manyCandidatesMin); `gadget` (2,860 declarations, fewer than
  // commonTermMinDf) comes last: in 260 widgets, and alone in 2,600 others.
  const docs = ['A widget.', 'A sprocket.', 'A gadget.', 'Nothing.'];
  for (let i = 0; i < 10400; i++) decls.push(decl(`Big.filler${i}`, 'theorem', '(x : ℕ) : x = x', 'Big.Basic', i % 40 === 0 ? 'A widget and a gadget.' : docs[i % 4]));
  const index = SearchIndex.build(decls, modules);
  const plan = analyzeQuery('widget sprocket gadget');
  const ranked = (k: number) => new Ranker(index).rank(plan, { k }).map((h) => `${index.store.names[h.id]} ${h.score.toFixed(6)}`);
  const fillerNumber = (hit: string) => Number(/filler(\d+)/.exec(hit)![1]);
  const gadgetOnly = (hit: string) => fillerNumber(hit) % 4 === 2;
  const saved = RANK_PARAMS.manyCandidatesMin;
  try {
    const reScored = ranked(10000);
    assert.equal(reScored.length, 5200);
    assert.ok(!reScored.some(gadgetOnly));
    RANK_PARAMS.manyCandidatesMin = 1e9; // `gadget` scanned in full: it adds its 2,600 declarations
    const full = ranked(10000);
    assert.equal(full.length, 7800);
    assert.ok(full.some(gadgetOnly));
    // The widgets with a gadget first, with the same scores either way.
    assert.deepEqual(reScored.slice(0, 260), full.slice(0, 260));
    assert.ok(reScored.slice(0, 260).every((h) => fillerNumber(h) % 40 === 0));
  } finally {
    RANK_PARAMS.manyCandidatesMin = saved;
  }
});

test('a field whose lengths do not fit a byte still tells a 260-term docstring from a 300-term one', () => {
  const modules: ModuleInfo[] = [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }];
  const words = (n: number) => Array.from({ length: n }, (_, i) => `q${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`).join(' ');
  const index = SearchIndex.build(
    [
      // Ties are broken by the shorter name: `Demo.a` would come first if both lengths counted as 255.
      decl('Demo.a', 'theorem', '(x : ℕ) : x = x', 'Demo', `A gadget. ${words(300)}`),
      decl('Demo.bbbbbb', 'theorem', '(x : ℕ) : x = x', 'Demo', `A gadget. ${words(260)}`),
      decl('Demo.cc', 'theorem', '(x : ℕ) : x = x', 'Demo', 'A gadget.'),
    ],
    modules,
  );
  const docLen = index.fields[2].docLen;
  assert.ok(docLen[0] > docLen[1] && docLen[1] > 255, `docstring lengths ${Array.from(docLen)}`);
  const hits = new Ranker(index).rank(analyzeQuery('gadget'), { k: 3 });
  assert.deepEqual(hits.map((h) => index.store.names[h.id]), ['Demo.cc', 'Demo.bbbbbb', 'Demo.a']);
  assert.ok(hits[1].score > hits[2].score);
});

/** The usage prior of each name in an index of `decls` (one module). */
function usageIn(decls: Declaration[]): (name: string) => number {
  const index = SearchIndex.build(decls, [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }]);
  return (name) => index.usage[index.byFullName(name)];
}

test('an instance takes an equal share of its class’s uses (its name is never written), so the usage prior does not bury it', () => {
  const decls: Declaration[] = [
    decl('Field', 'class', '(K : Type u) extends CommRing K', 'Demo'),
    decl('Rat.instField', 'instance', ': Field ℚ', 'Demo'),
    decl('Real.instField', 'instance', ': Field ℝ', 'Demo'),
    decl('Pi.field', 'instance', '[∀ i, Field (f i)] : Field (∀ i, f i)', 'Demo'),
    decl('Rat.sqrt', 'def', '(q : ℚ) : ℚ', 'Demo'),
    decl('Nat.instLinearOrder', 'instance', ': LinearOrder ℕ', 'Demo'),
  ];
  // Six uses of `Field` in other declarations' signatures, none of an instance's name.
  for (let k = 0; k < 6; k++) decls.push(decl(`lemma${k}`, 'theorem', `[Field K] (x : K) : x = x`, 'Demo'));
  const usage = usageIn(decls);
  const fieldUses = Math.expm1(usage('Field'));
  assert.ok(fieldUses >= 6, `Field used ${fieldUses} times`);
  for (const inst of ['Rat.instField', 'Real.instField', 'Pi.field']) assert.ok(Math.abs(usage(inst) - Math.log1p(fieldUses / 3)) < 1e-5, inst);
  assert.equal(usage('Rat.sqrt'), 0);
  // A class the index does not declare gives nothing to share.
  assert.equal(usage('Nat.instLinearOrder'), 0);
});

test('a use in dot notation (`h.mono`) is shared among the declarations whose last component it names', () => {
  const decls: Declaration[] = [
    decl('Monotone.mono', 'theorem', '(h : Monotone f) : f a ≤ f b', 'Demo'),
    decl('Antitone.mono', 'theorem', '(h : Antitone f) : f b ≤ f a', 'Demo'),
    decl('mono', 'def', ': Prop', 'Demo'),
    decl('Monotone.comp', 'theorem', '(hg : Monotone g) (hf : Monotone f) : Monotone (g ∘ f)', 'Demo'),
  ];
  // Three lemmas write `h.mono` twice each: six uses, no name says which `mono`.
  for (let k = 0; k < 3; k++) decls.push(decl(`lemma${k}`, 'theorem', `(h : Monotone f) : h.mono = h.mono`, 'Demo'));
  const usage = usageIn(decls);
  // (shared by the three names whose last component is `mono`; only the two with a dot can be called so)
  for (const name of ['Monotone.mono', 'Antitone.mono']) assert.ok(Math.abs(usage(name) - Math.log1p(2)) < 1e-6, `${name}: ${Math.expm1(usage(name))}`);
  assert.equal(usage('mono'), 0, 'a name without a dot is not what dot notation calls');
  assert.equal(usage('Monotone.comp'), 0);
});

test('a text query whose words name a lemma by their shortenings finds it ("sum of a constant" → `sum_const`), where docstrings confirm the shortening', () => {
  const modules: ModuleInfo[] = [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  // Docstrings that say "constant" belong to names that say `const`; those that say "sum" to names that say `sum`.
  for (let i = 0; i < 25; i++) decls.push(decl(`Demo.map_const${i}`, 'theorem', '(c : ℕ) : f (g c) = c', 'Demo', 'The image of a constant is constant.'));
  for (let i = 0; i < 25; i++) decls.push(decl(`Demo.sum_add${i}`, 'theorem', '(f g : ℕ → ℕ) : ∑ (f + g) = ∑ f + ∑ g', 'Demo', 'The sum is additive.'));
  // `int` is a name word of its own (integers), never said by docstrings about integrals.
  for (let i = 0; i < 25; i++) decls.push(decl(`Demo.integral_add${i}`, 'theorem', '(f g : ℕ → ℕ) : ∫ (f + g) = ∫ f + ∫ g', 'Demo', 'The integral is additive.'));
  for (let i = 0; i < 25; i++) decls.push(decl(`Demo.int_cast${i}`, 'theorem', '(n : ℕ) : ((n : ℤ) : ℚ) = n', 'Demo', 'Casting an integer.'));
  for (let i = 0; i < 200; i++) decls.push(decl(`Demo.filler${i}`, 'theorem', '(x : ℕ) : x + 0 = x', 'Demo', 'Adding zero.'));
  decls.push(decl('Demo.SumBound', 'def', '(c : ℕ) : ℕ', 'Demo', 'A constant bound on a sum, used by the sum of a constant.'));
  decls.push(decl('Demo.sum_const', 'theorem', '(c : ℕ) : ∑ (fun _ => c) = n * c', 'Demo'));
  decls.push(decl('Demo.sum_con', 'theorem', '(c : ℤ) : (c : ℤ) = c', 'Demo'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const word = (w: string) => ranker.shortenings(index.termIds.get(w)!).map((t) => index.terms[t]);
  assert.deepEqual(word('constant'), ['const']);
  assert.deepEqual(word('integral'), [], '`int` is not what docstrings about integrals call them');
  const top = ranker.rank(analyzeQuery('sum of a constant'), { k: 3 }).map((h) => index.store.names[h.id]);
  assert.equal(top[0], 'Demo.sum_const', top.join(', '));
  assert.ok(!top.includes('Demo.sum_con'), top.join(', '));
});

test('a declaration named exactly by the query (its words shortened as names shorten them) is scored by every query term, common ones too', () => {
  const modules: ModuleInfo[] = [{ name: 'Demo', file: 'Demo.lean', pkg: 'demo', imports: [] }];
  const decls: Declaration[] = [];
  for (let i = 0; i < 30; i++) decls.push(decl(`Demo.map_const${i}`, 'theorem', '(c : ℕ) : f (g c) = c', 'Demo', 'The image of a constant is constant.'));
  for (let i = 0; i < 30; i++) decls.push(decl(`Demo.deriv_add${i}`, 'theorem', '(f g : ℕ → ℕ) : D (f + g) = D f + D g', 'Demo', 'The derivative is additive.'));
  for (let i = 0; i < 200; i++) decls.push(decl(`Demo.filler${i}`, 'theorem', '(x : ℕ) : x + 0 = x', 'Demo', 'Adding zero.'));
  decls.push(decl('Demo.DerivBound', 'def', '(c : ℕ) : ℕ', 'Demo', 'A bound on the derivative of a function.'));
  decls.push(decl('Demo.ConstBound', 'def', '(c : ℕ) : ℕ', 'Demo', 'A constant bound.'));
  decls.push(decl('Demo.deriv_const', 'theorem', '(c : ℕ) : D (fun _ => c) = 0', 'Demo'));
  const index = SearchIndex.build(decls, modules);
  const ranker = new Ranker(index);
  const saved = { ...RANK_PARAMS };
  try {
    // As in a library where `deriv` and `const` are in thousands of names: expansions to them only re-score.
    RANK_PARAMS.expansionLateDf = 10;
    const top = ranker.rank(analyzeQuery('derivative of a constant'), { k: 3 });
    assert.equal(index.store.names[top[0].id], 'Demo.deriv_const', top.map((h) => index.store.names[h.id]).join(', '));
  } finally {
    Object.assign(RANK_PARAMS, saved);
  }
});

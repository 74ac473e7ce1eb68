import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex, nameTerms } from '../../src/core/search/searchIndex';
import { Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';
import { latexToLean } from '../../src/core/search/latex';
import { compactKey, scanText, splitIdentifier, tokenizeText } from '../../src/core/search/tokenize';

function decl(name: string, kind: Declaration['kind'], signature: string, module: string, doc?: string, extra: Partial<Declaration> = {}): Declaration {
  return { name, kind, signature, module, file: module.split('.').join('/') + '.lean', line: 1, pkg: 'demo', ...(doc ? { doc } : {}), ...extra };
}

const MODULES: ModuleInfo[] = [
  { name: 'Demo.Order.Lattice', file: 'Demo/Order/Lattice.lean', pkg: 'demo', imports: ['Demo.Order.Basic'] },
  { name: 'Demo.Order.Basic', file: 'Demo/Order/Basic.lean', pkg: 'demo', imports: [] },
  { name: 'Demo.Algebra.Group', file: 'Demo/Algebra/Group.lean', pkg: 'demo', imports: ['Demo.Order.Basic'] },
  { name: 'Demo.Topology.Continuous', file: 'Demo/Topology/Continuous.lean', pkg: 'demo', imports: [] },
  { name: 'Demo.Algebra.BigOperators', file: 'Demo/Algebra/BigOperators.lean', pkg: 'demo', imports: [] },
];

function corpus(): Declaration[] {
  const ds: Declaration[] = [
    decl('Lattice', 'class', '(α : Type u) extends SemilatticeSup α, SemilatticeInf α', 'Demo.Order.Lattice', 'A lattice is a join-semilattice which is also a meet-semilattice.'),
    decl('SemilatticeSup', 'class', '(α : Type u) extends PartialOrder α', 'Demo.Order.Lattice', 'A join-semilattice is a partial order with a join `⊔`.'),
    decl('SemilatticeInf', 'class', '(α : Type u) extends PartialOrder α', 'Demo.Order.Lattice', 'A meet-semilattice is a partial order with a meet `⊓`.'),
    decl('le_sup_left', 'theorem', '[SemilatticeSup α] {a b : α} : a ≤ a ⊔ b', 'Demo.Order.Lattice'),
    decl('le_sup_right', 'theorem', '[SemilatticeSup α] {a b : α} : b ≤ a ⊔ b', 'Demo.Order.Lattice'),
    decl('sup_le', 'theorem', '[SemilatticeSup α] {a b c : α} (h₁ : a ≤ c) (h₂ : b ≤ c) : a ⊔ b ≤ c', 'Demo.Order.Lattice'),
    decl('inf_le_left', 'theorem', '[SemilatticeInf α] {a b : α} : a ⊓ b ≤ a', 'Demo.Order.Lattice'),
    decl('Lattice.sup_inf_le', 'theorem', '[Lattice α] {a b c : α} : a ⊔ b ⊓ c ≤ (a ⊔ b) ⊓ (a ⊔ c)', 'Demo.Order.Lattice'),
    decl('mul_comm', 'theorem', '[CommMagma G] (a b : G) : a * b = b * a', 'Demo.Algebra.Group', 'Commutativity of multiplication.'),
    decl('add_comm', 'theorem', '[AddCommMagma G] (a b : G) : a + b = b + a', 'Demo.Algebra.Group', undefined, { generatedFrom: 'mul_comm' }),
    decl('mul_assoc', 'theorem', '[Semigroup G] (a b c : G) : a * b * c = a * (b * c)', 'Demo.Algebra.Group'),
    decl('Nat.mul_comm', 'theorem', '(n m : ℕ) : n * m = m * n', 'Demo.Algebra.Group', undefined, { isProtected: true }),
    decl('Continuous', 'structure', '{X Y : Type*} [TopologicalSpace X] [TopologicalSpace Y] (f : X → Y) : Prop', 'Demo.Topology.Continuous', 'A function between topological spaces is continuous if the preimage of every open set is open.'),
    decl('Continuous.add', 'theorem', '{f g : X → M} (hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x + g x', 'Demo.Topology.Continuous', 'The sum of two continuous functions is continuous.'),
    decl('Continuous.mul', 'theorem', '{f g : X → M} (hf : Continuous f) (hg : Continuous g) : Continuous fun x => f x * g x', 'Demo.Topology.Continuous'),
    decl('Continuous.comp', 'theorem', '{g : Y → Z} {f : X → Y} (hg : Continuous g) (hf : Continuous f) : Continuous (g ∘ f)', 'Demo.Topology.Continuous'),
    decl('Finset.sum_range_id_mul_two', 'theorem', '(n : ℕ) : (∑ i ∈ Finset.range n, i) * 2 = n * (n - 1)', 'Demo.Algebra.BigOperators', 'Gauss summation formula.'),
    decl('Finset.sum_comm', 'theorem', '{s : Finset γ} {t : Finset α} {f : γ → α → β} : ∑ x ∈ s, ∑ y ∈ t, f x y = ∑ y ∈ t, ∑ x ∈ s, f x y', 'Demo.Algebra.BigOperators'),
    decl('Finset.card_le_card', 'theorem', '{s t : Finset α} (h : s ⊆ t) : s.card ≤ t.card', 'Demo.Algebra.BigOperators'),
    decl('Finset.card_le_one', 'theorem', '{s : Finset α} : s.card ≤ 1 ↔ ∀ a ∈ s, ∀ b ∈ s, a = b', 'Demo.Algebra.BigOperators'),
    decl('old_mul_comm', 'theorem', '(a b : G) : a * b = b * a', 'Demo.Algebra.Group', undefined, { deprecated: { replacement: 'mul_comm', since: '2024-01-01' } }),
  ];
  // Background lemmas so document frequencies look like a library: many mention ≤ and ⊔.
  for (let i = 0; i < 40; i++) ds.push(decl(`sup_lemma_${i}`, 'theorem', `{a b : α} (h : a ≤ b) : a ⊔ b = b ⊔ a ⊔ b`, 'Demo.Order.Basic'));
  for (let i = 0; i < 20; i++) ds.push(decl(`Finset.sum_lemma_${i}`, 'theorem', `{s : Finset α} : ∑ x ∈ s, f x = ∑ x ∈ s, g x`, 'Demo.Algebra.BigOperators'));
  return ds;
}

function names(idx: SearchIndex, query: string, k = 5, extra = {}): string[] {
  const ranker = new Ranker(idx);
  return ranker.rank(analyzeQuery(query), { k, ...extra }).map((h) => idx.store.names[h.id]);
}

test('identifiers split into stems at dots, underscores and camel humps', () => {
  assert.deepEqual(splitIdentifier('Finset.card_le_card'), ['finset', 'card', 'le', 'card']);
  assert.deepEqual(splitIdentifier('IsCompact.exists_isMinOn'), ['is', 'compact', 'exist', 'is', 'min', 'on']);
  assert.deepEqual(splitIdentifier('LinearMap'), ['linear', 'map']);
  // capitals and Greek capitals are lowered; lowercase words, digits and subscripts as they are
  assert.deepEqual(splitIdentifier('ΔSet.HEq_x₂ab12'), ['δ', 'set', 'h', 'eq', 'x', 'ab', '12']);
});

test("a name's terms: its stems, then word pairs of its last component only", () => {
  assert.deepEqual(nameTerms('Finset.card_le_card'), ['finset', 'card', 'le', 'card', 'card|le', 'le|card']);
  assert.deepEqual(nameTerms('Mul.comm_x.le_of_lt'), ['mul', 'comm', 'x', 'le', 'of', 'lt', 'le|of', 'of|lt']);
  assert.deepEqual(nameTerms('mul_comm'), ['mul', 'comm', 'mul|comm']);
  assert.deepEqual(nameTerms('Real.pi'), ['real', 'pi']);
  assert.deepEqual(nameTerms('Foo.bar_baz.'), ['foo', 'bar', 'baz']);
});

test('symbols: brackets and lone subscripts ignored, spellings of one symbol made one, ⁻¹ and astral letters whole', () => {
  const seen: string[] = [];
  for (let round = 0; round < 2; round++) {
    seen.length = 0;
    // (twice: the second time from what the first remembered per character)
    scanText('(a⁻¹ ≥ 𝓝 x₁) ₂ ⬝ [b] ⋅ c ⁻ d', () => undefined, (sym) => seen.push(sym));
    assert.deepEqual(seen, ['⁻¹', '≤', '𝓝', '·', '·', '⁻']);
  }
});

test('symbols become tokens, ASCII operators map to unicode', () => {
  const terms = tokenizeText('a <= b ⊔ c -> d').map((t) => t.term);
  assert.deepEqual(terms.filter((t) => !/^[a-z]$/.test(t)), ['≤', '⊔', '→']);
});

test('LaTeX macros become Lean notation; style macros and layout vanish', () => {
  assert.equal(latexToLean('$a \\le b$'), 'a ≤ b');
  // A big operator's range under it is Mathlib's (`range n` for 0 to n - 1); other ranges stay as written.
  assert.equal(latexToLean('$\\sum_{i<n} i$'), '∑ i ∈ range n, i');
  assert.equal(latexToLean('$\\sum_{i=0}^{n-1} i$'), '∑ i ∈ range n, i');
  assert.equal(latexToLean('$\\sum_{k=0}^{n} \\binom{n}{k} = 2^n$'), '∑ k ∈ range (n + 1), choose n k = 2^n');
  // A capital between bars is a size (`card`), a small letter's an absolute value; \dim a vector space's `finrank`.
  assert.equal(latexToLean('$|H|$ divides $|G|$'), 'card H divides card G');
  assert.equal(latexToLean('$|x| \\le |y|$'), '|x| ≤ |y|');
  assert.equal(latexToLean('$\\dim V$'), 'finrank V');
  assert.equal(latexToLean('$\\prod_{i=1}^{n} x_i$'), '∏ i ∈ Icc 1 n, x i');
  assert.equal(latexToLean('$\\sum_{i \\in s} f(i) \\le \\sum_{d \\mid n} d$'), '∑ i ∈ s, f(i) ≤ ∑ d ∈ divisors n, d');
  assert.equal(latexToLean('$\\bigcup_i s_i$'), '⋃ i, s i');
  assert.equal(latexToLean('$\\sum_{d \\mid n,\\ d < n} d$'), '∑ d ∣ n, d < n d', 'a list of conditions is left as written');
  assert.equal(latexToLean('$f : \\mathbb{R} \\to \\mathbb{R}$'), 'f : ℝ → ℝ');
  assert.equal(latexToLean('$\\mathrm{Hom}(A, B)$'), 'Hom (A, B)');
  assert.equal(latexToLean('no latex here'), 'no latex here');
  // An indexed supremum or infimum is ⨆ / ⨅ (`iSup`, `iInf`); a bare one stays the word.
  assert.equal(latexToLean('$\\sup_i \\inf_{j} f(i, j)$'), '⨆ i ⨅ j f(i, j)');
  assert.equal(latexToLean('$\\sup S$'), 'sup S');
  // A set's braces are Lean's, and a set-builder's colon is Lean's bar (of two, the last); grouping braces go.
  assert.equal(latexToLean('$\\#\\{i : x_i \\ne 0\\}$'), '#{i | x i ≠ 0}');
  assert.equal(latexToLean('$\\{f : X \\to Y : f(a) = b\\}$'), '{f : X → Y | f(a) = b}');
  assert.equal(latexToLean('$\\{x \\mid x^{2} < 2\\}$'), '{x | x ^ 2 < 2}');
  assert.equal(latexToLean('$A = \\{1, 2\\}$'), 'A = {1, 2}');
  assert.equal(latexToLean('$b < |\\{x \\in s : f(x) = y\\}|$'), 'b < #{x ∈ s | f(x) = y}', 'the size of a set is its cardinality');
  // A function written after a term multiplies it; at the start it is applied.
  assert.equal(latexToLean('$x \\log x + 1 - x$'), 'x * log x + 1 - x');
  assert.equal(latexToLean('$2\\sin x \\cos x$'), '2 * sin x * cos x');
  assert.equal(latexToLean('$\\log x$'), 'log x');
  // Side by side in a formula, numerals, letters and absolute values multiply; in prose and in commands they do not.
  assert.equal(latexToLean('$|xy| = |x||y|$'), '|x * y| = |x| * |y|');
  assert.equal(latexToLean('$\\log(xy) = \\log x + \\log y$'), 'log (x * y) = log x + log y');
  assert.equal(latexToLean('$\\sum_{i<n} (2i+1) = n^2$'), '∑ i ∈ range n, (2 * i+1) = n^2');
  assert.equal(latexToLean('$GL_n$ acts on $\\mathrm{id}_X$ and $\\ln x$, $dx$, $f(x)$ if $x_2y > 0$'), 'GL n acts on id X and ln x , dx , f(x) if x 2 * y > 0');
  assert.equal(latexToLean('the derivative of $\\log x$'), 'the derivative of log x', 'a word before a formula does not multiply it');
  assert.equal(latexToLean('xy is a word, $ab = ba$'), 'xy is a word, a * b = b * a');
  // Brackets and powers side by side multiply, letters in a power's or a fraction's braces too (not a subscript's); a
  // power's braces holding more than one term group it; a function's power and its argument are no product.
  assert.equal(latexToLean('$a^2 - b^2 = (a+b)(a-b)$'), 'a^2 - b^2 = (a+b) * (a-b)');
  assert.equal(latexToLean('$a^{m+n} = a^m a^n$'), 'a^(m+n) = a^m * a^n');
  // A bracket applied to one letter is a function's value, not a product (`(f+g)(x)`: `Pi.add_apply`); values side by
  // side multiply; a prime on f, g, h or on a bracket is the derivative (`x'` stays a variable).
  assert.equal(latexToLean('$(f+g)(x) = f(x) + g(x)$'), '(f+g)(x) = f(x) + g(x)');
  assert.equal(latexToLean('$(fg)(x) = f(x)g(x)$'), '(f * g)(x) = f(x) * g(x)');
  assert.equal(latexToLean("$(f+g)' = f' + g'$"), 'deriv (f+g) = deriv f + deriv g');
  assert.equal(latexToLean("$(fg)'(x) = f'(x) g(x) + f(x) g'(x)$"), 'deriv (f * g)(x) = deriv f (x) * g(x) + f(x) * deriv g (x)');
  assert.equal(latexToLean("$x' = x + 1$"), "x' = x + 1");
  assert.equal(latexToLean('$(a^m)^n = a^{mn}$'), '(a^m)^n = a^(m * n)');
  assert.equal(latexToLean('$\\frac{a}{b} \\cdot \\frac{c}{d} = \\frac{ac}{bd}$'), '(a) / (b) * (c) / (d) = (a * c) / (b * d)');
  assert.equal(latexToLean('$a_{ij} = a_{ji}$'), 'a ij = a ji');
  assert.equal(latexToLean('$\\sin^2 x + \\cos^2 x = 1$'), 'sin ^2 x + cos ^2 x = 1');
  assert.equal(latexToLean('$e^{x+y} = e^x e^y$'), 'exp (x+y) = exp (x) * exp (y)');
  assert.equal(latexToLean('$\\sum_{i=0}^{n-1} i$'), '∑ i ∈ range n, i', "a big operator's bounds stay its range");
  // A set's `^c` is its complement, as is `^\\complement`; a number's `^c` is a power.
  assert.equal(latexToLean('$(A \\cup B)^c = A^c \\cap B^{c}$'), '(A ∪ B)ᶜ = Aᶜ ∩ Bᶜ');
  assert.equal(latexToLean('$s^\\complement \\subseteq t^{\\complement}$'), 'sᶜ ⊆ tᶜ');
  assert.equal(latexToLean('$x^c \\le y^c$'), 'x^c ≤ y^c');
  assert.equal(latexToLean('$0 < a \\Rightarrow 0 < a^{-1}$'), '0 < a → 0 < a⁻¹');
  // A function after a command is no product (`\\le` ends in a letter).
  assert.equal(latexToLean('$\\log 2 \\le \\log 3$'), 'log 2 ≤ log 3');
  assert.equal(latexToLean('$\\cos x \\cdot \\sin x$'), 'cos x * sin x');
  // A definite integral is Mathlib's interval integral, its differential gone.
  assert.equal(latexToLean('$\\int_0^1 x^2\\,dx = 1/3$'), '∫ x in 0..1, x^2 = 1/3');
  assert.equal(latexToLean('$\\int_{a}^{b} f(t) \\, \\mathrm{d}t$'), '∫ t in a..b, f(t)');
  assert.equal(latexToLean('$\\int f \\, d\\mu$'), '∫ f d μ', 'other integrals as written');
  // Intervals as Mathlib names them; `(a,b)` may be a pair, and brackets after a name are no interval.
  assert.equal(latexToLean('$f$ is continuous on $[a, b]$ and $[0,1)$'), 'f is continuous on Icc a b and Ico 0 1');
  assert.equal(latexToLean('$(0, 1]$, $[-1, \\infty)$, $(-\\infty, x)$'), 'Ioc 0 1 , Ici -1 , Iio x');
  assert.equal(latexToLean('$(1, 2)$ and $f[x, y]$'), '(1, 2) and f[x, y]');
  // Leibniz's derivative is Mathlib's `deriv`; a fraction of `d` by a number stays one.
  assert.equal(latexToLean('$\\frac{d}{dx} \\sin x = \\cos x$'), 'deriv sin x = cos x');
  assert.equal(latexToLean('$\\frac{\\mathrm{d}f}{\\mathrm{d}t}$'), 'deriv f');
  assert.equal(latexToLean('$\\frac{d}{2}$'), '(d) / (2)');
  // Matrices: a transpose is `ᵀ`, a trace `trace`; about matrices, capitals and transposes side by side multiply.
  assert.equal(latexToLean('$(AB)^T = B^T A^T$'), '(A * B)ᵀ = Bᵀ * Aᵀ');
  assert.equal(latexToLean('$\\det(AB) = \\det A \\det B$'), 'det (A * B) = det A * det B');
  assert.equal(latexToLean('$\\mathrm{tr}(AB) = \\operatorname{Tr}(BA)$'), 'trace (A * B) = trace (B * A)');
  assert.equal(latexToLean('$M^{\\top} = M$'), 'Mᵀ = M');
  assert.equal(latexToLean('$GL_n$ acts on $AB$, $x^{t}$'), 'GL n acts on AB , x ^ t', 'no matrix in sight: capitals stay a name');
  // A square root's braces hold its argument; roots side by side multiply.
  assert.equal(latexToLean('$\\sqrt{xy} = \\sqrt{x}\\sqrt{y}$'), '√(x * y) = √x * √y');
  assert.equal(latexToLean('$2\\sqrt{2} < 3$'), '2 * √2 < 3');
  // Images and preimages in a formula about sets; elsewhere `f(x)` is an application.
  assert.equal(latexToLean('$f^{-1}(A \\cap B) = f^{-1}(A) \\cap f^{-1}(B)$'), "f ⁻¹' (A ∩ B) = f ⁻¹' (A) ∩ f ⁻¹' (B)");
  assert.equal(latexToLean('$f(A \\cup B) \\subseteq f(A) \\cup f(B)$'), "f '' (A ∪ B) ⊆ f '' (A) ∪ f '' (B)");
  assert.equal(latexToLean('$f(X) = g(X)$'), 'f(X) = g(X)');
  // A series is `∑'`; a congruence `≡ … [MOD n]`; `\\bmod` is `%`.
  assert.equal(latexToLean('$\\sum_{n=1}^\\infty a_n$'), "∑' n, a n");
  assert.equal(latexToLean('$a \\equiv b \\pmod{n}$'), 'a ≡ b [MOD n]');
  assert.equal(latexToLean('$a \\bmod n < n$'), 'a % n < n');
  // A limit stated equal to something is a `Tendsto`; one that is not stays as written.
  assert.equal(latexToLean('$\\lim_{x \\to \\infty} f(x) = L$'), 'Tendsto (fun x => f(x)) atTop (𝓝 (L))');
  assert.equal(latexToLean('$\\lim_{h \\to 0} (f(h) - f(0)) = 0$'), 'Tendsto (fun h => (f(h) - f(0))) (𝓝 0) (𝓝 (0))');
  assert.equal(latexToLean('$\\lim_{x \\to a} f(x)$'), 'lim x → a f(x)');
  // A fraction reads numerator first, nested ones too.
  assert.equal(latexToLean('$\\frac{x+y}{2} \\le \\tfrac12$'), '(x+y) / (2) ≤ (1) / (2)');
  assert.equal(latexToLean('$\\dfrac{\\frac{1}{2}}{3}$'), '( (1) / (2) ) / (3)');
  // Euler's number to a power is the exponential; a name ending in e is not Euler's number.
  assert.equal(latexToLean('$e^{x} \\geq 1 + x$'), 'exp (x) ≥ 1 + x');
  assert.equal(latexToLean('$e^x > 0$'), 'exp (x) > 0');
  assert.equal(latexToLean('$e^{a+b} = e^a e^b$'), 'exp (a+b) = exp (a) * exp (b)');
  assert.equal(latexToLean('$x^2 + e$'), 'x^2 + e');
  assert.equal(latexToLean('$\\mathrm{exp}(x)$'), 'exp (x)');
  // A logarithm to a base is `logb`.
  assert.equal(latexToLean('$\\log_b b = 1$'), 'logb (b) b = 1');
  assert.equal(latexToLean('$\\log_{10} x$'), 'logb (10) x');
  // \mid divides, except as the first bar of set-builder braces or of square brackets (a condition).
  assert.equal(latexToLean('$\\gcd(m,n) \\mid n$'), 'gcd (m,n) ∣ n');
  assert.equal(latexToLean('$\\sum_{d \\mid n} d$'), '∑ d ∈ divisors n, d', 'under a sum: its divisors');
  assert.equal(latexToLean('$\\{x \\in S \\mid x > 0\\}$'), '{x ∈ S | x > 0}');
  assert.equal(latexToLean('$\\left\\{ n \\mid n \\mid 12 \\right\\}$'), '{ n | n ∣ 12 }');
  assert.equal(latexToLean('$\\mu[t \\mid s] = \\mu[t \\cap s] / \\mu s$'), 'μ [t | s] = μ [t ∩ s] / μ s');
  assert.equal(latexToLean('$a \\midpoint b$'), 'a midpoint b');
  // Macros Lean's table lacks or spells otherwise read as Mathlib writes them; sizing and spacing are layout.
  assert.equal(latexToLean('$\\varepsilon, \\varphi(n), \\phi$'), 'ε , φ (n), φ');
  assert.equal(latexToLean('$\\bigoplus_i M_i \\bigotimes N$'), '⨁ i M i ⨂ N');
  assert.equal(latexToLean('$a_1 + \\dotsb + a_n$'), 'a 1 + + a n');
  assert.equal(latexToLean('$M \\models \\varphi \\bigl( x \\bigr)$'), 'M ⊨ φ ( x )');
  assert.equal(latexToLean("$\\#\\{i\\} \\ge f\\'(x),\\ y$"), "#{i} ≥ f'(x), y");
  // Macro names that are properties of a plain object are just unknown macros.
  assert.doesNotMatch(latexToLean('$\\constructor x \\toString y$'), /native code|function/);
});

test('exact names come first', () => {
  const idx = SearchIndex.build(corpus(), MODULES);
  assert.equal(names(idx, 'lattice')[0], 'Lattice');
  assert.equal(names(idx, 'Continuous.add')[0], 'Continuous.add');
  assert.equal(names(idx, 'mul_comm')[0], 'mul_comm');
  assert.ok(names(idx, 'card_le').slice(0, 2).includes('Finset.card_le_card'));
});

test('words, LaTeX and Lean notation find the matching lemma', () => {
  const idx = SearchIndex.build(corpus(), MODULES);
  assert.equal(names(idx, 'sum of two continuous functions is continuous')[0], 'Continuous.add');
  assert.ok(names(idx, '$\\sum_{i<n} i = n(n-1)/2$').includes('Finset.sum_range_id_mul_two'));
});


test('a pasted goal state retrieves lemmas about its target', () => {
  const idx = SearchIndex.build(corpus(), MODULES);
  const goal = 'α : Type u_1\ninst✝ : SemilatticeSup α\na b c : α\nh₁ : a ≤ c\nh₂ : b ≤ c\n⊢ a ⊔ b ≤ c';
  assert.equal(analyzeQuery(goal).mode, 'goal');
  assert.ok(names(idx, goal, 5).includes('sup_le'));
  // Its lines joined into one (pasted into a one-line field): still a goal, with the same target.
  const joined = goal.replace(/\n/g, ' ');
  assert.equal(analyzeQuery(joined).mode, 'goal');
  assert.equal(analyzeQuery(joined).target, analyzeQuery(goal).target);
  assert.ok(names(idx, joined, 5).includes('sup_le'));
  // A long goal state (many hypotheses, past the characters a query reads): its target is what is read.
  const long = Array.from({ length: 500 }, (_, i) => `h${i} : a ≤ c`).join('\n') + '\n⊢ a ⊔ b ≤ c';
  assert.ok(long.length > 4000);
  assert.equal(analyzeQuery(long).mode, 'goal');
  assert.equal(analyzeQuery(long).target, analyzeQuery(goal).target);
});

test('a long query: a goal or pasted file keeps its end (target, last theorem), words their start', async () => {
  const { boundedQuery } = await import('../../src/core/search/bounded');
  const file = 'import Mathlib\n' + '-- a comment line\n'.repeat(400) + 'theorem last_one (x : ℕ) : x ≤ x + 1 := by omega\n';
  assert.ok(file.length > 4000);
  assert.equal(analyzeQuery(file).proof?.theorem, 'last_one');
  assert.ok(boundedQuery(file).startsWith('-- a comment line'), 'cut at a line start');
  const words = 'continuous '.repeat(500) + 'function';
  assert.equal(boundedQuery(words), words.slice(0, 4000));
  assert.equal(boundedQuery('short'), 'short');
});

test('filters restrict kinds, modules and namespaces; deprecated names sink', () => {
  const idx = SearchIndex.build(corpus(), MODULES);
  for (const n of names(idx, 'continuous', 10, { kinds: ['theorem'] })) assert.notEqual(n, 'Continuous');
  for (const n of names(idx, 'comm', 10, { modulePrefix: 'Demo.Algebra' })) assert.ok(!n.startsWith('Lattice'));
  assert.deepEqual(names(idx, 'comm', 10, { namespacePrefix: 'Nat' }), ['Nat.mul_comm']);
  const mc = names(idx, 'a * b = b * a', 10);
  assert.ok(mc.indexOf('mul_comm') < mc.indexOf('old_mul_comm'));
});

test('sections round-trip: a loaded index answers like the built one', () => {
  const built = SearchIndex.build(corpus(), MODULES);
  const sections = built.toSections();
  // Copy each section to an odd offset, as a store without alignment guarantees might hand them back.
  const copied: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(sections)) {
    const buf = new Uint8Array(v.byteLength + 1);
    buf.set(v, 1);
    copied[k] = buf.subarray(1);
  }
  const loaded = SearchIndex.fromSections(copied);
  for (const q of ['lattice', 'sum of two continuous functions', 'a ≤ a ⊔ b', 'mul_comm']) assert.deepEqual(names(loaded, q), names(built, q));
  const d = loaded.store.materialize(loaded.byFullName('old_mul_comm'));
  assert.deepEqual(d.deprecated, { replacement: 'mul_comm', since: '2024-01-01' });
  assert.equal(d.module, 'Demo.Algebra.Group');
  assert.equal(loaded.store.materialize(loaded.byFullName('add_comm')).generatedFrom, 'mul_comm');
  delete copied['post.name.docs'];
  assert.throws(() => SearchIndex.fromSections(copied), /post\.name\.docs/);
});

test('odd queries never throw', () => {
  const idx = SearchIndex.build(corpus(), MODULES);
  const ranker = new Ranker(idx);
  const weird = ['', '   ', '⊢', '$$', '\\', '((((', 'x'.repeat(100000), '\u0000\uffff', '🙂 ∑∑∑', '⊢ ⊢ ⊢\n---\n⊢', '@', '.....'];
  for (const q of weird) assert.ok(Array.isArray(ranker.rank(analyzeQuery(q), { k: 5 })));
});

test('letters with diacritics read as the plain letters names spell them with; × and ÷ stay symbols', () => {
  const terms = (q: string) => tokenizeText(q).map((t) => t.term);
  assert.deepEqual(terms("Hölder's inequality"), ['holder', 's', 'inequality']);
  assert.deepEqual(terms('Phragmén–Lindelöf'), ['phragmen', '–', 'lindelof']);
  assert.deepEqual(terms('Łoś and Erdős'), ['los', 'and', 'erdos']);
  assert.deepEqual(terms('α × β'), ['α', '×', 'β']);
  assert.equal(compactKey('Königsberg'), 'konigsberg');
  // Typed with or without the accent, a name is found the same way.
  const decls: Declaration[] = [
    { name: 'PhragmenLindelof.horizontal_strip', kind: 'theorem', signature: '(hfd : DiffContOnCl ℂ f U) : ‖f z‖ ≤ C', module: 'M', file: 'M.lean', line: 1, pkg: 'p' },
    { name: 'IsLindelof.image', kind: 'theorem', signature: '(hs : IsLindelof s) : IsLindelof (f \'\' s)', module: 'M', file: 'M.lean', line: 2, pkg: 'p' },
  ];
  const index = SearchIndex.build(decls, [{ name: 'M', file: 'M.lean', pkg: 'p', imports: [] }]);
  const ranker = new Ranker(index);
  for (const q of ['Phragmén–Lindelöf theorem', 'Phragmen-Lindelof theorem']) {
    assert.equal(index.store.names[ranker.rank(analyzeQuery(q), { k: 1 })[0].id], 'PhragmenLindelof.horizontal_strip', q);
  }
});

test('the exact key of a few words spells accented letters plainly, and is none where prose has a letter it cannot spell', () => {
  assert.deepEqual(analyzeQuery('Hölder inequality').exactKeys, ['holderinequality']);
  assert.deepEqual(analyzeQuery('Erdős–Szekeres theorem').exactKeys[0], 'erdosszekeres');
  // not `category` for "∞-category", nor `norm` for "the ℓ¹ norm": the words left are not the name asked for
  for (const q of ['∞-category', 'the ℓ¹ norm', 'norm on ℝ']) assert.deepEqual(analyzeQuery(q).exactKeys, [], q);
  // a Greek letter is spelled (`SigmaCompactSpace`), and formulas are not prose
  assert.deepEqual(analyzeQuery('σ-compact space').exactKeys, ['sigmacompactspace']);
  assert.ok(analyzeQuery('compact $x \\in \\R$').exactKeys.length > 0);
});

test('typographic quotes in pasted prose read as the plain ones, not as symbols to search for', () => {
  const termsOf = (q: string) => analyzeQuery(q).terms.map((t) => t.term);
  assert.deepEqual(termsOf('Taylor’s theorem'), termsOf("Taylor's theorem"));
  assert.deepEqual(termsOf('Fermat‘s “little” theorem'), termsOf('Fermat\'s "little" theorem'));
  for (const q of ['Taylor’s theorem', 'Fermat‘s “little” theorem']) assert.ok(!termsOf(q).some((t) => /[‘’“”]/.test(t)), q);
});

test('a word the library never uses is read as the library words one edit away (a misspelled name still finds it)', () => {
  const decls: Declaration[] = [
    { name: 'Pell.matiyasevic', kind: 'theorem', signature: '{a k x y : ℕ} : x = Pell.xn a k ∧ y = Pell.yn a k', module: 'M', file: 'M.lean', line: 1, pkg: 'p', doc: 'Matiyasevic\'s theorem on the Pell equation.' },
    { name: 'Pell.pell_eq', kind: 'theorem', signature: '(n : ℕ) : xn a n * xn a n - d a * yn a n * yn a n = 1', module: 'M', file: 'M.lean', line: 2, pkg: 'p', doc: 'The Pell equation.' },
    { name: 'Continuous.add', kind: 'theorem', signature: '(hf : Continuous f) (hg : Continuous g) : Continuous (f + g)', module: 'M', file: 'M.lean', line: 3, pkg: 'p' },
  ];
  const index = SearchIndex.build(decls, [{ name: 'M', file: 'M.lean', pkg: 'p', imports: [] }]);
  const ranker = new Ranker(index);
  assert.deepEqual(ranker.respellings('matiyasevich'), ['matiyasevic']);
  assert.deepEqual(ranker.respellings('contiuous'), ['continuous']);
  // Short words and words the index has are left alone.
  assert.deepEqual(ranker.respellings('pel'), []);
  assert.equal(index.store.names[ranker.rank(analyzeQuery("Matiyasevich's theorem"), { k: 1 })[0].id], 'Pell.matiyasevic');
});

// Unit tests of the declaration extractor on hand-written fixtures (test/fixtures/extract).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractFile } from '../../src/core/extract/scanner';
import { discoverProject, computeFingerprint, moduleNameOf } from '../../src/core/extract/project';
import { extractProject, decodeSource } from '../../src/core/extract/extractProject';
import { guessName, parseGuessNameData, splitCase, targetName } from '../../src/core/extract/translate';
import { instanceBaseName } from '../../src/core/extract/instanceName';
import { lex } from '../../src/core/extract/lexer';
import type { Declaration } from '../../src/core/types';

function fixtures(): string {
  for (const base of [path.join(__dirname, '../../../test/fixtures/extract'), path.resolve('test/fixtures/extract')]) {
    if (fs.existsSync(base)) return base;
  }
  throw new Error('fixtures not found');
}
const FIX = fixtures();
const rulesData = parseGuessNameData(fs.readFileSync(path.join(FIX, 'rules/Mathlib/Tactic/Translate/ToAdditive.lean'), 'utf8'))!;
const rules = { translators: new Map([['to_additive', rulesData]]) };
const basic = extractFile(fs.readFileSync(path.join(FIX, 'proj/Demo/Basic.lean'), 'utf8'), {
  module: 'Demo.Basic',
  file: 'Demo/Basic.lean',
  pkg: '',
  rules,
});
const byName = new Map<string, Declaration>(basic.decls.map((d) => [d.name, d]));
const get = (n: string): Declaration => {
  const d = byName.get(n);
  assert.ok(d, `expected a declaration named ${n}; have: ${[...byName.keys()].join(', ')}`);
  return d;
};

test('namespaces, sections and end', () => {
  assert.equal(get('Demo.Inner.double').kind, 'def');
  assert.equal(get('Demo.inSection').kind, 'def'); // `end Inner` closed one component only
  assert.equal(get('afterOpenIn').kind, 'theorem'); // `end Demo` closed the rest; `open … in` prefix
  assert.equal(get('Demo.Inner.double_eq').line, 17);
});

test('modifiers: protected, private, _root_', () => {
  assert.equal(get('Demo.Inner.add_comm\'').isProtected, true);
  assert.equal(get('Demo.Inner.helper').isPrivate, true);
  assert.equal(get('rootLevel').kind, 'theorem');
  assert.ok(!byName.has('Demo.Inner._root_.rootLevel'));
});

test('docstrings with nested comments; commented-out and string declarations are skipped', () => {
  assert.equal(get('Demo.Inner.double').doc, 'Doubling a number. /- a nested comment -/ still the docstring.');
  for (const n of ['commented_out', 'still_commented', 'inString']) assert.ok(![...byName.keys()].some((k) => k.endsWith(n)), n);
  assert.equal(basic.module.doc?.startsWith('# Demo module'), true);
  assert.deepEqual(basic.module.imports, ['Demo.Util', 'Demo.Other']);
});

test('signatures stop at := and collapse whitespace', () => {
  assert.equal(get('Demo.Inner.double_eq').signature, '(n : Nat) : double n = 2 * n');
  assert.equal(get('Demo.Inner.double').signature, '(n : Nat) : Nat');
  assert.equal(get('PMF').signature, '(α : Type u) : Type u'); // universe parameters are not part of the name
});

test('attributes and deprecation', () => {
  assert.deepEqual(get('Demo.Inner.double_zero').attrs, ['simp', 'norm_cast']);
  const old = get('old_name');
  assert.equal(old.kind, 'alias');
  assert.deepEqual(old.deprecated, { since: '2024-05-01', replacement: 'new_name' });
  assert.equal(get('very_old').deprecated?.since, '2025-01-01');
  assert.equal(get('very_old').deprecated?.replacement, undefined);
});

test('alias ⟨mp, mpr⟩ gives two names', () => {
  assert.equal(get('iff_mp').generatedFrom, 'Iff.rfl');
  assert.equal(get('iff_mpr').kind, 'alias');
});

test('structure fields, parents and constructors', () => {
  assert.equal(get('Point.x').kind, 'field');
  assert.equal(get('Point.x').doc, 'The x coordinate.');
  // a projection takes the structure's parameters and the structure, then the field's binders (`y (z : α) : α` is one
  // field with a binder)
  assert.equal(get('Point.y').signature, '{α : Type} (self : Point α) (z : α) : α');
  assert.ok(!byName.has('Point.z'));
  assert.equal(get('Point.u').kind, 'field'); // `(u v : α)` declares two
  assert.equal(get('Point.v').signature, '{α : Type} (self : Point α) : α');
  assert.equal(get('Point.w').signature, '{α : Type} (self : Point α) : α'); // default value is not part of the type
  assert.equal(get('Point.toInhabited').kind, 'field');
  assert.equal(get('Point.mk').kind, 'constructor');
  assert.equal(get('Pair.mkPair').kind, 'constructor'); // custom `name ::`
  assert.ok(!byName.has('Pair.mk'));
  assert.equal(get('Shape.area').signature, '{α : Type} [self : Shape α] : α → Nat'); // a class: `[self : …]`
});

test('inductive constructors, class inductive, mutual', () => {
  assert.equal(get('Color.red').doc, 'red!');
  assert.equal(get('Color.rgb').signature, '(r g b : Nat) : Color');
  assert.equal(get('Color.green').kind, 'constructor');
  assert.ok(!byName.has('Color.deriving'));
  assert.equal(get('Good').kind, 'class');
  assert.equal(get('Good.intro').kind, 'constructor');
  assert.equal(get('isEven').kind, 'def');
  assert.equal(get('isOdd').kind, 'def');
});

test('instances: named, unnamed (Lean naming), with priority', () => {
  assert.equal(get('instShapePoint').kind, 'instance');
  assert.equal(get('instNamed').kind, 'instance');
  assert.equal(get('instInhabitedPair').kind, 'instance');
  assert.ok(get('instNamed').attrs?.includes('instance'));
  assert.equal(instanceBaseName('Add (Foo α)', '{α : Type}', []), 'instAddFoo');
  assert.equal(instanceBaseName('Module R (M × N)', '', ['Prod']), 'instModule');
  assert.equal(instanceBaseName('TopologicalSpace ℕ', '', []), 'instTopologicalSpaceNat');
  assert.equal(instanceBaseName('Inhabited (Foo Foo)', '', []), 'instInhabitedFoo');
});

test('to_additive twins: auto, explicit, docstrings, attr, existing, structures', () => {
  const twin = get('Grp.add_zero_eq');
  assert.equal(twin.generatedFrom, 'Grp.mul_one_eq');
  assert.equal(twin.doc, 'The additive twin.');
  assert.equal(get('Grp.add_explicit_name').generatedFrom, 'Grp.mul_weird');
  assert.deepEqual(get('Grp.add_explicit_name').attrs, ['simp']);
  assert.equal(get('Grp.sum_neg').doc, 'old-style doc, with a comma');
  assert.ok(![...byName.keys()].some((k) => k.includes('already_has_twin') && k !== 'Grp.already_has_twin'));
  assert.equal(get("AddMonoid'").kind, 'structure');
  assert.equal(get("AddMonoid'.zero").kind, 'field');
  assert.equal(get("AddMonoid'.add_assoc").generatedFrom, "Monoid'.mul_assoc");
});

test('guessName follows Mathlib naming rules', () => {
  assert.deepEqual(splitCase('InvHMulLEConjugate₂_ne_top'), ['Inv', 'HMul', 'LE', 'Conjugate₂', '_', 'ne', '_', 'top']);
  assert.equal(guessName(rulesData, 'mul_one'), 'add_zero');
  assert.equal(guessName(rulesData, 'Monoid'), 'AddMonoid');
  assert.equal(guessName(rulesData, 'prod_pow'), 'sum_nsmul');
  assert.equal(guessName(rulesData, "one_le_mul'"), "nonneg_add'"); // `zero_le` → `nonneg` fix-up
  assert.equal(guessName(rulesData, 'mulSupport'), 'support'); // abbreviation fix-up
  assert.equal(targetName(rulesData, 'Subgroup.mul_mem', undefined, (p) => (p === 'Subgroup' ? 'AddSubgroup' : undefined)), 'AddSubgroup.add_mem');
  assert.equal(targetName(rulesData, 'Subgroup.foo', 'bar', (p) => (p === 'Subgroup' ? 'AddSubgroup' : undefined)), 'AddSubgroup.bar');
});

test('bad input never throws', () => {
  const inputs = [
    '',
    'theorem',
    '/- unterminated comment',
    'def x : String := "unterminated',
    'namespace A\nend A\nend B\nend C', // too many ends
    '@[simp',
    'structure S where\n  (',
    'theorem t : (((( := rfl',
    '\u0000\u0001\u0002 binary-ish \uFFFD',
    'x'.repeat(100000),
    'theorem a : True := trivial\n'.repeat(2000),
    "def c : Char := '\"'\ntheorem after_char : True := trivial",
  ];
  for (const text of inputs) {
    const r = extractFile(text, { module: 'M', file: 'M.lean', pkg: '' });
    assert.ok(Array.isArray(r.decls));
  }
  const char = extractFile("def c : Char := '\"'\ntheorem after_char : True := trivial", { module: 'M', file: 'M.lean', pkg: '' });
  assert.ok(char.decls.some((d) => d.name === 'after_char'), 'a quote in a char literal must not open a string');
  const unterminated = extractFile('theorem ok : True := trivial\n/- never closed\ntheorem hidden : True := trivial', { module: 'M', file: 'M.lean', pkg: '' });
  assert.deepEqual(unterminated.decls.map((d) => d.name), ['ok']);
  assert.ok(unterminated.problems?.some((p) => p.includes('unterminated comment')));
  // @ts-expect-error: wrong input type on purpose
  assert.ok(Array.isArray(extractFile(undefined, { module: 'M', file: 'M.lean', pkg: '' }).decls));
});

test('lexer keeps line count', () => {
  const text = 'a\n/- x\ny -/\n/-- d\ne -/\n"s\nt"\nb';
  assert.equal(lex(text).code.split('\n').length, text.split('\n').length);
});

test('decodeSource: binary skipped, invalid UTF-8 decoded with replacement', () => {
  assert.equal(decodeSource(new Uint8Array([0x74, 0x00, 0x01])).reason, 'binary file (NUL bytes)');
  const bad = decodeSource(new Uint8Array([0x74, 0x68, 0xff, 0xfe, 0x0a]));
  assert.equal(bad.invalidUtf8, true);
  assert.ok(bad.text?.includes('\uFFFD'));
});

test('module names from paths', () => {
  assert.equal(moduleNameOf('Mathlib/Topology/Basic.lean'), 'Mathlib.Topology.Basic');
});

test('project discovery and extraction with bad files, symlink loop, no manifest', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-extract-'));
  try {
    fs.cpSync(path.join(FIX, 'proj'), tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'Demo', 'Binary.lean'), Buffer.from([0x00, 0x01, 0x02, 0x03]));
    fs.writeFileSync(path.join(tmp, 'Demo', 'Latin1.lean'), Buffer.from('theorem caf\xe9 : True := trivial\n', 'latin1'));
    fs.writeFileSync(path.join(tmp, 'Demo', 'Huge.lean'), Buffer.alloc(3 * 1024 * 1024, 0x61));
    fs.symlinkSync(tmp, path.join(tmp, 'Demo', 'loop'));
    fs.mkdirSync(path.join(tmp, '.lake', 'build'), { recursive: true });
    fs.writeFileSync(path.join(tmp, '.lake', 'build', 'Skip.lean'), 'theorem built : True := trivial');
    const src = discoverProject(tmp, { maxFileBytes: 2 * 1024 * 1024 });
    assert.equal(src.rootPkg, ''); // no manifest, no lakefile: the user's own folder
    assert.equal(src.toolchain, 'leanprover/lean4:v4.29.0-rc1');
    assert.ok(src.skipped.some((s) => s.file.endsWith('Huge.lean') && s.reason.startsWith('too large')));
    assert.ok(src.skipped.some((s) => s.file.endsWith('loop') && s.reason.includes('symlink loop')));
    assert.ok(!src.files.some((f) => f.rel.includes('.lake')));
    const res = await extractProject(tmp, { sources: src });
    assert.ok(res.skipped.some((s) => s.file.endsWith('Binary.lean') && s.reason.startsWith('binary')));
    assert.ok(res.decls.some((d) => d.name === 'Demo.util' && d.module === 'Demo.Util'));
    assert.ok(res.decls.some((d) => d.name.startsWith('caf')), 'invalid UTF-8 file is still indexed');
    assert.equal(res.stats.invalidUtf8, 1);
    assert.equal(res.files.length, 3);
    // fingerprint: stable, and changes when the user's file changes
    const fp1 = computeFingerprint(discoverProject(tmp, { maxFileBytes: 2 * 1024 * 1024 }));
    assert.equal(fp1, res.fingerprint);
    fs.appendFileSync(path.join(tmp, 'Demo', 'Util.lean'), '\ntheorem more : True := trivial\n');
    assert.notEqual(computeFingerprint(discoverProject(tmp, { maxFileBytes: 2 * 1024 * 1024 })), fp1);
    // reuse of unchanged files
    const again = await extractProject(tmp, { previous: (await extractProject(tmp, { keepCache: true })).cache });
    assert.ok(again.stats.reused >= 2);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a package checkout names its package; dependencies come from the manifest', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-pkg-'));
  try {
    fs.writeFileSync(path.join(tmp, 'lakefile.lean'), 'import Lake\npackage mylib where\n');
    fs.mkdirSync(path.join(tmp, 'MyLib'));
    fs.writeFileSync(path.join(tmp, 'MyLib', 'A.lean'), 'theorem a : True := trivial');
    fs.mkdirSync(path.join(tmp, 'MyLibTest'));
    fs.writeFileSync(path.join(tmp, 'MyLibTest', 'T.lean'), 'theorem t : True := trivial');
    let src = discoverProject(tmp);
    assert.equal(src.rootPkg, 'mylib');
    assert.deepEqual(src.files.map((f) => f.module), ['MyLib.A']); // test folder of a package skipped
    // Now make it a user project with a dependency checked out by Lake.
    fs.writeFileSync(path.join(tmp, 'lake-manifest.json'), JSON.stringify({ version: '1.1.0', packagesDir: '.lake/packages', packages: [{ name: 'dep', type: 'git', rev: 'abc123' }], name: 'mylib' }));
    fs.mkdirSync(path.join(tmp, '.lake', 'packages', 'dep', 'Dep'), { recursive: true });
    fs.writeFileSync(path.join(tmp, '.lake', 'packages', 'dep', 'Dep', 'X.lean'), 'theorem x : True := trivial');
    src = discoverProject(tmp);
    assert.equal(src.rootPkg, '');
    const dep = src.files.find((f) => f.pkg === 'dep');
    assert.equal(dep?.module, 'Dep.X');
    assert.equal(dep?.pinned, true);
    assert.deepEqual(src.manifestRevs, { dep: 'abc123' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('discoverProject on a missing folder reports instead of throwing', () => {
  const src = discoverProject(path.join(os.tmpdir(), 'leanscout-does-not-exist-' + Date.now()));
  assert.equal(src.files.length, 0);
  assert.ok(src.skipped[0].reason.includes('not readable'));
});

test('usage counting (opt-in) counts identifiers in code, not in comments or strings', () => {
  const sink = new Map<string, number>();
  extractFile('theorem a : True := by\n  exact foo_bar\n-- foo_bar in a comment\ndef s := "foo_bar"\ntheorem b := Nat.succ_le.trans foo_bar', { module: 'M', file: 'M.lean', pkg: '', usageSink: sink });
  assert.equal(sink.get('foo_bar'), 2);
  assert.equal(sink.get('Nat.succ_le.trans'), 1);
});

test('CRLF line endings and a byte-order mark', () => {
  const text = '\uFEFFimport Foo.Bar\r\nnamespace N\r\n/-- doc -/\r\ntheorem t (a : Nat) :\r\n    a = a := rfl\r\nstructure S where\r\n  x : Nat\r\nend N\r\n';
  const r = extractFile(text, { module: 'M', file: 'M.lean', pkg: '' });
  assert.deepEqual(r.module.imports, ['Foo.Bar']);
  const t = r.decls.find((d) => d.name === 'N.t');
  assert.equal(t?.signature, '(a : Nat) : a = a');
  assert.equal(t?.doc, 'doc');
  assert.ok(r.decls.some((d) => d.name === 'N.S.x'));
});

test('to_additive twin signatures translate names and notation', async () => {
  const { additiveNotation } = await import('../../src/core/extract/translate');
  assert.equal(additiveNotation('(a b : G) : (a * b)⁻¹ = b⁻¹ * a⁻¹'), '(a b : G) : -(a + b) = -b + -a');
  assert.equal(additiveNotation('{α : Type*} (s : Finset α) : ∏ x ∈ s, f x = 1'), '{α : Type*} (s : Finset α) : ∑ x ∈ s, f x = 1');
  assert.equal(additiveNotation('(a : M) (n : ℕ) : a ^ (n + 1) = a ^ n * a'), '(a : M) (n : ℕ) : (n + 1) • a = n • a + a');
  assert.equal(additiveNotation('(a b : M) : (a * b) ^ n = a ^ n * b ^ n'), '(a b : M) : n • (a + b) = n • a + n • b');
  const r = extractFile('@[to_additive]\ntheorem mul_inv_rev [Group G] (a b : G) : (a * b)⁻¹ = b⁻¹ * a⁻¹ := by simp\n', { module: 'M', file: 'M.lean', pkg: '', rules });
  const twin = r.decls.find((d) => d.generatedFrom === 'mul_inv_rev');
  assert.equal(twin?.name, 'add_neg_rev');
  assert.equal(twin?.signature, '[AddGroup G] (a b : G) : -(a + b) = -b + -a');
});

test('to_fun: the `fun_` copy, and `(attr := to_additive …)` applied to both (`Continuous.add`, `Continuous.fun_add`)', () => {
  const src = [
    'variable {M : Type*} [Mul M] {f g : X → M}',
    '@[to_fun (attr := to_additive (attr := continuity, fun_prop))]',
    'theorem Continuous.mul (hf : Continuous f) (hg : Continuous g) :',
    '    Continuous (f * g) :=',
    '  continuous_mul.comp₂ hf hg',
    '',
    '@[to_fun (attr := fun_prop)]',
    'theorem Continuous.smul (hf : Continuous f) (hg : Continuous g) : Continuous (f • g) := sorry',
    '',
  ].join('\n');
  const r = extractFile(src, { module: 'M', file: 'M.lean', pkg: '', rules });
  const names = new Map(r.decls.map((d) => [d.name, d]));
  assert.ok(names.has('Continuous.mul'));
  assert.equal(names.get('Continuous.fun_mul')?.generatedFrom, 'Continuous.mul');
  assert.equal(names.get('Continuous.add')?.generatedFrom, 'Continuous.mul');
  assert.equal(names.get('Continuous.fun_add')?.generatedFrom, 'Continuous.fun_mul');
  assert.ok(names.get('Continuous.add')?.attrs?.includes('fun_prop'));
  assert.equal(names.get('Continuous.fun_smul')?.generatedFrom, 'Continuous.smul');
  assert.ok(!names.has('Continuous.fun_vadd'), 'no to_additive in the second: no additive twins');
  assert.ok(names.get('Continuous.fun_smul')?.attrs?.includes('fun_prop'));
});

test('a result copied out of its thread skips detaching its strings and is otherwise the same', () => {
  const src = ['namespace Foo', '/-- The sum. -/', "theorem add_comm' (a b : Nat) :", '    a + b = b + a := by omega', 'def twice (n : Nat) : Nat := n + n', 'end Foo'].join('\n');
  const opts = { module: 'Foo', file: 'Foo.lean', pkg: 'foo' };
  const kept = extractFile(src, opts);
  const copied = extractFile(src, { ...opts, copiedOut: true });
  assert.deepEqual(copied, kept);
  assert.deepEqual(kept.decls.map((d) => d.name), ["Foo.add_comm'", 'Foo.twice']);
});

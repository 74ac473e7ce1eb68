// Unit tests of the .ilean reader on real files (versions 3, 4, 5, in test/fixtures/ilean) and on small
// hand-written ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseIlean, isInternalName, guessKind } from '../../src/core/extract/ilean';

const SHARED = path.resolve(process.env.LEANSCOUT_LEAN_DATA ?? path.join(process.cwd(), 'test/fixtures/ilean'));

test('v1-style and v2+ keys, v5 decls map', () => {
  const v1 = parseIlean(JSON.stringify({ version: 1, references: { 'c:Foo.bar': { definition: [3, 4, 3, 10], usages: [[5, 0, 5, 7]] }, 'f:x': { usages: [] } } }));
  assert.ok(!('error' in v1));
  assert.deepEqual(v1.decls, [{ name: 'Foo.bar', line: 4, col: 4 }]);
  assert.equal(v1.usages.get('Foo.bar'), 1);
  const v5 = parseIlean(
    JSON.stringify({
      version: 5,
      module: 'M',
      decls: { 'M.thm': [9, 0, 11, 5, 10, 8, 10, 11] },
      directImports: [['Init', false, false, false]],
      references: { '{"c":{"m":"Other","n":"Other.x"}}': { definition: null, usages: [[1, 1, 1, 2], [2, 1, 2, 2]] } },
    }),
  );
  assert.ok(!('error' in v5));
  assert.deepEqual(v5.decls, [{ name: 'M.thm', line: 11, col: 8 }]);
  assert.deepEqual(v5.imports, ['Init']);
  assert.equal(v5.usages.get('Other.x'), 2);
});

test('garbage is an error value, not an exception', () => {
  for (const text of ['', 'not json', '[]', '{"version": 3}', 'null']) assert.ok('error' in parseIlean(text), text);
});

test('internal names and kind guesses', () => {
  assert.ok(isInternalName('Foo.match_1'));
  assert.ok(isInternalName('_private.Mathlib.Foo.0.bar'));
  assert.ok(isInternalName('Foo.bar._proof_1'));
  assert.ok(!isInternalName('Nat.add_comm'));
  assert.equal(guessKind('Nat.add_comm'), 'theorem');
  assert.equal(guessKind('Nat.succ'), 'def');
});

test('real .ilean samples (v3, v4, v5)', () => {
  const files = fs.readdirSync(SHARED).filter((f) => f.endsWith('.ilean'));
  assert.ok(files.length >= 3);
  const versions = new Set<number>();
  for (const f of files) {
    const r = parseIlean(fs.readFileSync(path.join(SHARED, f), 'utf8'));
    assert.ok(!('error' in r), `${f}: ${'error' in r ? r.error : ''}`);
    versions.add(r.version);
    if (f.startsWith('v5_physical-laws-of-form_PhysicalLoF.Foundations.Distinction')) {
      assert.ok(r.decls.some((d) => d.name === 'PhysicalLoF.Foundations.distinct_symm' && d.line === 24));
    }
    if (f.startsWith('v3_zklean_ZkLean.LookupTable')) {
      assert.ok(r.decls.some((d) => d.name === 'subtableFromMLE' && d.line === 15));
      assert.ok(!r.decls.some((d) => d.name === 'Vector.map'), 'references to other modules are not definitions');
    }
    if (f.startsWith('v4_gametheory_Gametheory.Scarf')) assert.ok((r.usages.get('rfl') ?? 0) > 10);
  }
  assert.deepEqual([...versions].sort(), [3, 4, 5]);
});

test('extractProject confirms names with .ilean and adds the ones the scanner missed', async () => {
  const os = await import('node:os');
  const { extractProject } = await import('../../src/core/extract/extractProject');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-ilean-'));
  try {
    fs.mkdirSync(path.join(tmp, 'Demo'));
    fs.writeFileSync(path.join(tmp, 'Demo', 'Util.lean'), 'namespace Demo\ndef util : Nat := 1\nmy_macro_generating hidden_lemma\nend Demo\n');
    const ileanDir = path.join(tmp, '.lake', 'build', 'lib', 'lean', 'Demo');
    fs.mkdirSync(ileanDir, { recursive: true });
    fs.writeFileSync(
      path.join(ileanDir, 'Util.ilean'),
      JSON.stringify({
        version: 5,
        module: 'Demo.Util',
        directImports: [],
        decls: { 'Demo.util': [1, 0, 1, 20, 1, 4, 1, 8], 'Demo.hidden_lemma': [2, 0, 2, 30, 2, 19, 2, 31], 'Demo.util.match_1': [1, 0, 1, 1, 1, 0, 1, 1] },
        references: {},
      }),
    );
    const res = await extractProject(tmp);
    assert.equal(res.stats.ilean.files, 1);
    assert.equal(res.stats.ilean.confirmed, 1);
    assert.equal(res.stats.ilean.added, 1);
    const added = res.decls.find((d) => d.name === 'Demo.hidden_lemma');
    assert.equal(added?.origin, 'ilean');
    assert.equal(added?.kind, 'theorem');
    assert.equal(added?.line, 3);
    assert.ok(!res.decls.some((d) => d.name.endsWith('match_1')));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('uses of constants, by position, from real .ilean files (v3, v4, v5)', async () => {
  const { parseIleanUses } = await import('../../src/core/extract/ilean');
  for (const f of fs.readdirSync(SHARED).filter((x) => x.endsWith('.ilean'))) {
    const uses = parseIleanUses(fs.readFileSync(path.join(SHARED, f), 'utf8'));
    assert.ok(Array.isArray(uses), f);
    for (let i = 1; i < uses.length; i++) assert.ok(uses[i - 1].line < uses[i].line || (uses[i - 1].line === uses[i].line && uses[i - 1].col <= uses[i].col), f);
    assert.ok(uses.every((u) => u.name && u.line >= 1 && u.col >= 0), f);
  }
  // 1-based lines: v5 writes `Nat.zero_ne_one` at 0-based line 43, column 66.
  const v5 = parseIleanUses(fs.readFileSync(path.join(SHARED, 'v5_physical-laws-of-form_PhysicalLoF.Foundations.Distinction.ilean'), 'utf8'));
  assert.ok(Array.isArray(v5) && v5.some((u) => u.name === 'Nat.zero_ne_one' && u.line === 44 && u.col === 66));
  // Private names as the index holds them; garbage is an error value.
  const priv = parseIleanUses(JSON.stringify({ version: 5, references: { '{"c":{"m":"M","n":"_private.M.0.Foo.bar"}}': { usages: [[0, 0, 0, 3]] } } }));
  assert.deepEqual(priv, [{ name: 'Foo.bar', line: 1, col: 0 }]);
  assert.ok('error' in (parseIleanUses('nope') as object));
});

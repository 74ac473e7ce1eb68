// Extraction in worker threads, default-target libraries, and the stat-free discovery of pinned packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeFingerprint, discoverProject, readDefaultLibRoots } from '../../src/core/extract/project';
import { extractProject } from '../../src/core/extract/extractProject';
import { findExtractWorkerScript } from '../../src/core/extract/parallel';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-par-'));
}
function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

test('readDefaultLibRoots reads lakefile.lean default targets and their roots', () => {
  const dir = tmpDir();
  try {
    write(dir, 'lakefile.lean', [
      'import Lake', 'open Lake DSL', 'package mathlib where', '',
      '@[default_target]', 'lean_lib Mathlib where', '  leanOptions := opts', '',
      'lean_lib Archive where', '  leanOptions := opts', '',
      '@[default_target]', 'lean_lib «Extra» where', '  roots := #[`ExtraA, `ExtraB]', '',
    ].join('\n'));
    assert.deepEqual(readDefaultLibRoots(dir), ['Mathlib', 'ExtraA', 'ExtraB']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readDefaultLibRoots reads lakefile.toml defaultTargets; undefined without a default library', () => {
  const dir = tmpDir();
  try {
    write(dir, 'lakefile.toml', [
      'name = "batteries"', 'defaultTargets = ["Batteries", "runLinter"]', '',
      '[[lean_lib]]', 'name = "Batteries"', '',
      '[[lean_lib]]', 'name = "BatteriesTest"', 'roots = ["Tests"]', '',
      '[[lean_exe]]', 'name = "runLinter"', '',
    ].join('\n'));
    assert.deepEqual(readDefaultLibRoots(dir), ['Batteries']);
    write(dir, 'lakefile.toml', 'name = "x"\n[[lean_lib]]\nname = "X"\n');
    assert.equal(readDefaultLibRoots(dir), undefined);
    fs.rmSync(path.join(dir, 'lakefile.toml'));
    assert.equal(readDefaultLibRoots(dir), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A project with a pinned dependency whose lakefile has a default library and an Archive. */
function makeProject(): string {
  const root = tmpDir();
  write(root, 'lakefile.lean', 'import Lake\nopen Lake DSL\npackage me\n@[default_target]\nlean_lib Me\n');
  write(root, 'Me/A.lean', 'theorem me_a : True := trivial\n');
  write(root, 'lake-manifest.json', JSON.stringify({ version: '1.1.0', packagesDir: '.lake/packages', name: 'me', packages: [{ name: 'dep', type: 'git', rev: 'r1' }] }));
  const dep = '.lake/packages/dep';
  write(root, `${dep}/lakefile.lean`, 'import Lake\nopen Lake DSL\npackage dep\n@[default_target]\nlean_lib Dep\nlean_lib Archive\n');
  write(root, `${dep}/Archive/Imo.lean`, 'theorem imo_1 : True := trivial\n');
  for (let i = 0; i < 200; i++) {
    write(root, `${dep}/Dep/F${i}.lean`, `namespace Dep${i}\n/-- doc ${i} -/\ntheorem t${i} (n : Nat) : n + ${i} = ${i} + n := by omega\ndef d${i} : Nat := ${i}\nstructure S${i} where\n  x : Nat\nend Dep${i}\n`);
  }
  return root;
}

test('discovery: pinned package files are not statted, keyed by rev; modules know their default library', async () => {
  const root = makeProject();
  try {
    const src = discoverProject(root);
    const imo = src.files.find((f) => f.module === 'Archive.Imo')!;
    assert.equal(imo.pinned, true);
    assert.equal(imo.size, -1);
    assert.equal(imo.inDefaultLib, false);
    assert.equal(src.files.find((f) => f.module === 'Dep.F1')?.inDefaultLib, true);
    assert.equal(src.files.find((f) => f.module === 'Me.A')?.inDefaultLib, true);
    // A pinned file's edit does not change the key (its rev does); an own file's edit does.
    const k1 = computeFingerprint(src);
    write(root, '.lake/packages/dep/Dep/F1.lean', 'theorem changed : True := trivial\n');
    assert.equal(computeFingerprint(discoverProject(root)), k1);
    write(root, 'Me/A.lean', 'theorem me_b : True := trivial\n');
    assert.notEqual(computeFingerprint(discoverProject(root)), k1);
    const res = await extractProject(root, { useIlean: false });
    const mods = new Map(res.modules.map((m) => [m.name, m.inDefaultLib]));
    assert.equal(mods.get('Archive.Imo'), false);
    assert.equal(mods.get('Dep.F2'), true);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a pinned file over the size cap is skipped with a reason when read', async () => {
  const root = makeProject();
  try {
    write(root, '.lake/packages/dep/Dep/Huge.lean', 'theorem h : True := trivial\n' + '-- x\n'.repeat(400));
    const res = await extractProject(root, { useIlean: false, discover: { maxFileBytes: 1000 } });
    const skip = res.skipped.find((s) => s.file.endsWith('Dep/Huge.lean'));
    assert.match(skip?.reason ?? '', /too large/);
    assert.ok(res.decls.some((d) => d.name === 'Dep1.t1'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('extraction in worker threads gives exactly the sequential result', async (t) => {
  const script = findExtractWorkerScript();
  if (!script) {
    t.skip('dist/extractWorker.js is not built (npm run build)');
    return;
  }
  const root = makeProject();
  try {
    const seq = await extractProject(root, { useIlean: false });
    const par = await extractProject(root, { useIlean: false, workers: 2, workerScript: script });
    assert.equal(par.problems.filter((p) => p.file === '(project)').length, 0, JSON.stringify(par.problems));
    assert.ok(seq.decls.length > 600);
    assert.equal(JSON.stringify(par.decls), JSON.stringify(seq.decls)); // same values and property order
    assert.deepEqual(par.modules, seq.modules);
    assert.deepEqual(par.files, seq.files);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a worker script that fails falls back to in-process extraction with a note', async () => {
  const root = makeProject();
  const bad = path.join(root, 'bad-worker.js');
  fs.writeFileSync(bad, 'throw new Error("broken worker");');
  try {
    const seq = await extractProject(root, { useIlean: false });
    const res = await extractProject(root, { useIlean: false, workers: 2, workerScript: bad });
    assert.equal(res.decls.length, seq.decls.length);
    assert.ok(res.problems.some((p) => p.file === '(project)' && /extraction workers/.test(p.problems[0])));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('definitions keep the start of their body; theorems do not', async () => {
  const { extractFile } = await import('../../src/core/extract/scanner');
  const text = [
    'namespace P',
    '/-- separable -/',
    'def Separable (f : Nat) : Prop :=',
    '  IsCoprime f (derivative f)',
    '',
    'theorem sep_iff : True := by',
    '  trivial',
    'instance : Inhabited Nat where',
    '  default := 0',
    'def long : Nat := ' + '1 + '.repeat(200) + '1',
    'end P',
  ].join('\n');
  const r = extractFile(text, { module: 'M', file: 'M.lean', pkg: '' });
  const get = (n: string) => r.decls.find((d) => d.name === n);
  assert.equal(get('P.Separable')?.body, 'IsCoprime f (derivative f)');
  assert.equal(get('P.sep_iff')?.body, undefined);
  assert.equal(get('P.instInhabitedNat')?.body, 'default := 0');
  const long = get('P.long')?.body ?? '';
  assert.ok(long.length <= 201 && long.endsWith('…'), long);
});

test('the store checksums with CRC-32 (standard check value)', async () => {
  const { crc32 } = await import('../../src/core/store/indexStore');
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  const a = new TextEncoder().encode('hello ');
  const b = new TextEncoder().encode('world');
  assert.equal(crc32(b, crc32(a)), crc32(new TextEncoder().encode('hello world')));
  assert.equal(crc32(new Uint8Array(0), crc32(a)), crc32(a)); // an empty section keeps the running value
});

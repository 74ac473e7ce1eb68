// A very large source file is indexed, not dropped: a generated 20 MiB file of 200,000+ declarations beside a
// normal file; its last declaration is found by name. The size cap (far above real files) is a setting and says
// which files it skipped. No speed is asserted: the test's timeout only guards against a hang (quadratic work
// on such a file took minutes); `npm run bench:extract -- --big` prints the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { DEFAULT_MAX_FILE_BYTES, maxFileBytesOf } from '../../src/core/extract/project';
import { extractFile } from '../../src/core/extract/scanner';
import { IndexWorkerClient } from '../../src/node/indexWorkerClient';
import { writeBigLeanProject, type BigLeanProject } from '../fixtures/bigLeanFile';

const WORKER = path.resolve('dist/indexWorker.js');

const HANG_GUARD_MS = 240_000;

let project: BigLeanProject | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-big-'));
function big(): BigLeanProject {
  project ??= writeBigLeanProject(path.join(tmp, 'project'));
  return project;
}
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the default size cap is far above real Lean files (≥ 64 MB); 0 MB means no cap', () => {
  assert.ok(DEFAULT_MAX_FILE_BYTES >= 64 * 1024 * 1024);
  assert.equal(maxFileBytesOf(undefined), DEFAULT_MAX_FILE_BYTES);
  assert.equal(maxFileBytesOf(0), Infinity);
  assert.equal(maxFileBytesOf(1.5), 1.5 * 1024 * 1024);
});

test('a 20 MiB file of 200,000+ declarations and a normal file beside it are indexed; the last declaration is found', { timeout: HANG_GUARD_MS }, async () => {
  const p = big();
  assert.ok(p.bigBytes >= 20 * 1024 * 1024, `generated ${p.bigBytes} bytes`);
  assert.ok(p.bigDecls >= 200_000);
  const engine = await Engine.open({ project: p.root, cacheDir: path.join(tmp, 'cache'), noSave: true });
  const stats = engine.stats();
  assert.deepEqual(stats.skipped, [], 'no file skipped');
  assert.equal(stats.files, 2);
  assert.ok(stats.decls >= p.bigDecls + 1, `${stats.decls} declarations indexed`);
  assert.equal(engine.lookup(p.lastName)?.file, p.bigFile);
  assert.equal(engine.lookup(p.normalName)?.file, 'Big/Normal.lean');
  assert.equal(engine.search({ query: 'last_declaration_of_huge_file', k: 3 }).hits[0]?.decl.name, p.lastName);
  assert.equal(engine.search({ query: 'normal_file_lemma', k: 3 }).hits[0]?.decl.name, p.normalName);
  // The 20,000 unnamed instances of one generated name are numbered like Lean does, each name once.
  assert.ok(engine.lookup('Big.instInhabitedFinHAdd'));
  assert.ok(engine.lookup('Big.instInhabitedFinHAdd_1'));
  const instances = Math.floor((p.bigDecls - 1) / 10); // every tenth generated declaration
  assert.ok(engine.lookup(`Big.instInhabitedFinHAdd_${instances - 1}`));
  assert.equal(engine.lookup(`Big.instInhabitedFinHAdd_${instances}`), undefined);
});

test('a file over a lowered cap is skipped and listed with its reason; the normal file is still indexed', { timeout: HANG_GUARD_MS }, async () => {
  const p = big();
  const engine = await Engine.open({ project: p.root, cacheDir: path.join(tmp, 'cache-capped'), noSave: true, maxFileBytes: maxFileBytesOf(1) });
  const stats = engine.stats();
  assert.equal(stats.skipped.length, 1);
  assert.equal(stats.skipped[0].file, p.bigFile);
  assert.match(stats.skipped[0].reason, /too large \(2\d(\.\d)? MB > 1 MB cap; raise it with --max-file-mb or leanscout\.index\.maxFileSizeMB\)/);
  assert.ok(engine.lookup(p.normalName));
  assert.equal(engine.lookup(p.lastName), undefined);
});

test('the index worker takes the cap in MB (setting leanscout.index.maxFileSizeMB) and returns the skipped files with the build result', { skip: !fs.existsSync(WORKER) && 'dist/indexWorker.js not built (npm run build)', timeout: HANG_GUARD_MS }, async () => {
  const root = path.join(tmp, 'worker-project');
  fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
  fs.writeFileSync(path.join(root, 'lean-toolchain'), 'leanprover/lean4:v4.15.0\n');
  fs.writeFileSync(path.join(root, 'Demo', 'Small.lean'), 'theorem small_one : 1 = 1 := rfl\n');
  fs.writeFileSync(path.join(root, 'Demo', 'Large.lean'), Array.from({ length: 200 }, (_, i) => `theorem large_${i} : ${i} = ${i} := rfl\n`).join(''));
  const client = new IndexWorkerClient(WORKER);
  try {
    const capped = await client.open({ project: root, cacheDir: path.join(tmp, 'worker-cache'), maxFileMB: 0.002 });
    assert.deepEqual(capped.skipped?.map((s) => s.file), ['Demo/Large.lean']);
    assert.match(capped.skipped?.[0].reason ?? '', /too large/);
    assert.equal(capped.declarations, 1);
  } finally {
    await client.terminate();
  }
  const client2 = new IndexWorkerClient(WORKER);
  try {
    // Another cap is another index (the cap is part of its key): nothing is skipped by the default one.
    const whole = await client2.open({ project: root, cacheDir: path.join(tmp, 'worker-cache') });
    assert.deepEqual(whole.skipped, []);
    assert.equal(whole.declarations, 201);
  } finally {
    await client2.terminate();
  }
});

test('one file of many same-named unnamed instances is numbered _1, _2, … like Lean, skipping names already taken', () => {
  const n = 5000;
  const text = 'instance instInhabitedFinHAdd_2 : Inhabited Nat := ⟨0⟩\n' + Array.from({ length: n }, (_, i) => `instance : Inhabited (Fin (${i} + 1)) := ⟨0⟩\n`).join('');
  const names = extractFile(text, { module: 'M', file: 'M.lean', pkg: '' }).decls.map((d) => d.name);
  assert.deepEqual(names.slice(0, 5), ['instInhabitedFinHAdd_2', 'instInhabitedFinHAdd', 'instInhabitedFinHAdd_1', 'instInhabitedFinHAdd_3', 'instInhabitedFinHAdd_4']);
  assert.equal(names[n], `instInhabitedFinHAdd_${n}`);
  assert.equal(new Set(names).size, names.length);
});

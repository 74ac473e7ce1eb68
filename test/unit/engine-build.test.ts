// The engine's open/build path: default-library flags and definition bodies survive the stored index;
// a project big enough for extraction workers indexes the same with and without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { loadIndex, readJsonSection } from '../../src/core/store/indexStore';
import type { ModuleInfo } from '../../src/core/types';

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-eng-'));
  write(root, 'lakefile.lean', 'import Lake\nopen Lake DSL\npackage lib\n@[default_target]\nlean_lib Lib\nlean_lib Archive\n');
  write(root, 'Archive/Imo.lean', 'theorem imo_one : 1 = 1 := rfl\n');
  for (let i = 0; i < 150; i++) {
    write(root, `Lib/M${i}.lean`, `namespace Lib\n/-- the ${i}th thing -/\ndef thing${i} (n : Nat) : Nat :=\n  n + ${i}\ntheorem thing${i}_eq (n : Nat) : thing${i} n = n + ${i} := rfl\nend Lib\n`);
  }
  return root;
}

test('module default-library flags and definition bodies are stored and loaded', async () => {
  const root = project();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-eng-cache-'));
  try {
    const built = await Engine.open({ project: root, cacheDir: cache });
    assert.equal(built.stats().source, 'built');
    assert.equal(built.lookup('Lib.thing7')?.body, 'n + 7');
    assert.equal(built.lookup('Lib.thing7_eq')?.body, undefined);
    const hitsBuilt = built.search({ query: 'the 7th thing', k: 5 }).hits;
    // Once learned, the built engine reads declaration text from the file it saved, as a loaded one does.
    const store = (e: Engine) => (e as unknown as { index: { store: { textInFile: boolean } } }).index.store;
    assert.equal(store(built).textInFile, false);
    await built.learned();
    await new Promise((r) => setImmediate(r));
    assert.equal(store(built).textInFile, true);
    assert.deepEqual(built.search({ query: 'the 7th thing', k: 5 }).hits, hitsBuilt);
    assert.equal(built.lookup('Lib.thing7')?.body, 'n + 7');
    const loaded = await Engine.open({ project: root, cacheDir: cache });
    assert.equal(loaded.stats().source, 'cache', loaded.stats().cacheNote);
    assert.equal(store(loaded).textInFile, true);
    assert.equal(loaded.lookup('Lib.thing7')?.body, 'n + 7');
    assert.deepEqual(loaded.search({ query: 'the 7th thing', k: 5 }).hits, hitsBuilt);
    const stored = loadIndex(cache, undefined);
    assert.ok(stored.ok);
    const modules = readJsonSection<ModuleInfo[]>(stored.ok ? stored.sections['decl.moduleInfo'] : undefined) ?? [];
    assert.equal(modules.find((m) => m.name === 'Archive.Imo')?.inDefaultLib, false);
    assert.equal(modules.find((m) => m.name === 'Lib.M3')?.inDefaultLib, true);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('indexing with extraction workers gives the same declarations as without', async () => {
  const root = project();
  try {
    const seq = await Engine.open({ project: root, noSave: true, extractWorkers: 0, cacheDir: path.join(root, '.cache-a') });
    const par = await Engine.open({ project: root, noSave: true, extractWorkers: 2, cacheDir: path.join(root, '.cache-b') });
    assert.equal(par.stats().decls, seq.stats().decls);
    assert.ok(seq.stats().decls >= 301);
    for (const name of ['Lib.thing0', 'Lib.thing149_eq', 'imo_one']) assert.deepEqual(par.lookup(name), seq.lookup(name));
    const r1 = seq.search({ query: 'thing42', k: 5 }).hits.map((h) => h.decl.name);
    const r2 = par.search({ query: 'thing42', k: 5 }).hits.map((h) => h.decl.name);
    assert.deepEqual(r2, r1);
    assert.ok(r1.includes('Lib.thing42'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the build tokenizes in one fewer worker than the cores (this thread stores the declarations meanwhile), none without extraction workers', async () => {
  const { tokenizeWorkers } = await import('../../src/core/engine');
  assert.equal(tokenizeWorkers(2, 2), 1);
  assert.equal(tokenizeWorkers(2, 8), 2);
  assert.equal(tokenizeWorkers(8, 4), 3);
  assert.equal(tokenizeWorkers(2, 1), 1);
  assert.equal(tokenizeWorkers(1, 8), 0);
  assert.equal(tokenizeWorkers(0, 8), 0);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DECL_STORE_DISK_SECTIONS, DECL_STORE_LINE_SECTIONS, DeclStore, decodeLines } from '../../src/core/search/declStore';
import { indexFilePath, loadIndex, saveIndex } from '../../src/core/store/indexStore';
import type { Declaration } from '../../src/core/types';

test('names survive the store round trip, ASCII and not, and imports share the module names', () => {
  const decl = (name: string, module: string): Declaration => ({ name, kind: 'theorem', signature: '(a : ℝ) : a = a', module, file: 'F.lean', line: 1, pkg: 'p' });
  const decls = [decl('Nat.add_comm', 'A'), decl('Real.π_pos', 'B'), decl('', 'A'), decl('x₁', 'B')];
  const store = DeclStore.build(decls, [
    { name: 'A', file: 'A.lean', pkg: 'p', imports: [], doc: '# A\nThe **A** module: ℝ.' },
    { name: 'B', file: 'B.lean', pkg: 'p', imports: ['A'] },
  ]);
  const back = DeclStore.fromSections({ ...store.toSections() });
  assert.deepEqual(back.names, ['Nat.add_comm', 'Real.π_pos', '', 'x₁']);
  assert.equal(back.materialize(1).signature, '(a : ℝ) : a = a');
  assert.equal(back.modules[1].imports[0], back.modules[0].name);
  // Module docs are kept as bytes, decoded on demand.
  assert.equal(back.moduleDoc(0), '# A\nThe **A** module: ℝ.');
  assert.equal(back.moduleDoc(1), '');
  assert.equal(back.modules[0].doc, undefined);
  // A store written before docs had their own section still loads them.
  const old = { ...store.toSections() } as Record<string, Uint8Array>;
  delete old['decl.moduleDocs'];
  old['decl.moduleInfo'] = new TextEncoder().encode(JSON.stringify([{ name: 'A', file: 'A.lean', pkg: 'p', imports: [], doc: 'old doc' }, { name: 'B', file: 'B.lean', pkg: 'p', imports: ['A'] }]));
  assert.equal(DeclStore.fromSections(old).moduleDoc(0), 'old doc');
  assert.equal(DeclStore.build([], []).moduleDoc(0), '');
  assert.deepEqual(decodeLines(new TextEncoder().encode('a\n\nβ\n')), ['a', '', 'β', '']);
  assert.deepEqual(decodeLines(new Uint8Array(0)), []);
});

test('a store loaded with its text and module docs left in the index file gives the same declarations, and survives the file being replaced or cut', () => {
  const decls: Declaration[] = [
    { name: 'A.one', kind: 'theorem', signature: '(a : ℝ) : a = a', module: 'A', file: 'A.lean', line: 3, pkg: 'p', doc: 'The **first** one: ∑ ∫.', attrs: ['simp'] },
    { name: 'A.two', kind: 'def', signature: ': ℕ', module: 'A', file: 'A.lean', line: 9, pkg: 'p', body: '2 + 0' },
    { name: 'B.gen', kind: 'theorem', signature: '', module: 'B', file: 'B.lean', line: 1, pkg: 'q', generatedFrom: 'A.one', deprecated: { since: '2025-01-01' } },
  ];
  const modules = [
    { name: 'A', file: 'A.lean', pkg: 'p', imports: [], doc: '# A\nDeterministic finite automata (DFA): ∑.' },
    { name: 'B', file: 'B.lean', pkg: 'p', imports: ['A'] },
    { name: 'C', file: 'C.lean', pkg: 'p', imports: [], doc: 'Third.' },
  ];
  const built = DeclStore.build(decls, modules);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-declstore-'));
  try {
    saveIndex(dir, 'k', { ...built.toSections() });
    const loaded = loadIndex(dir, 'k', { asLines: DECL_STORE_LINE_SECTIONS, onDisk: DECL_STORE_DISK_SECTIONS });
    assert.ok(loaded.ok);
    assert.equal(loaded.sections['decl.text'], undefined, 'the text stays in the file');
    assert.equal(loaded.sections['decl.moduleDocs'], undefined, 'the module docs stay in the file');
    const back = DeclStore.fromSections(loaded.sections, loaded);
    assert.deepEqual([0, 1, 2, 3].map((m) => back.moduleDoc(m)), ['# A\nDeterministic finite automata (DFA): ∑.', '', 'Third.', '']);
    assert.deepEqual(new Uint8Array(back.toSections()['decl.moduleDocs']), new Uint8Array(built.toSections()['decl.moduleDocs']));
    // A built store reads both from the file it was saved to, once it is known to hold the same bytes.
    const fresh = DeclStore.build(decls, modules);
    assert.ok(fresh.useStoredText(loaded.onDisk));
    assert.ok(fresh.textInFile);
    assert.equal(fresh.moduleDoc(2), 'Third.');
    assert.ok(!DeclStore.build(decls.slice(1), modules).useStoredText(loaded.onDisk), 'other text: kept in memory');
    for (let i = 0; i < decls.length; i++) {
      assert.deepEqual(back.materialize(i), built.materialize(i));
      assert.equal(back.signature(i), decls[i].signature);
      assert.equal(back.doc(i), decls[i].doc ?? '');
    }
    assert.deepEqual(back.toSections()['decl.text'], built.toSections()['decl.text']);
    // Another save replaces the file (a new file renamed over it): the loaded store still reads what it checked.
    saveIndex(dir, 'k2', { ...DeclStore.build([{ ...decls[0], signature: 'other' }], modules).toSections() });
    assert.equal(back.signature(0), '(a : ℝ) : a = a');
    assert.equal(back.materialize(2).generatedFrom, 'A.one');
    // A file cut short behind our back: the text reads as empty, nothing throws.
    const again = loadIndex(dir, 'k2', { asLines: DECL_STORE_LINE_SECTIONS, onDisk: DECL_STORE_DISK_SECTIONS });
    assert.ok(again.ok);
    const cut = DeclStore.fromSections(again.sections, again);
    fs.truncateSync(indexFilePath(dir), 0);
    assert.equal(cut.signature(0), '');
    assert.equal(cut.moduleDoc(0), '');
    assert.equal(cut.materialize(0).name, 'A.one');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('names the docs give, asked loosely: a close phrase matches by the share of words in common', () => {
  const decl = (name: string, doc: string): Declaration => ({ name, kind: 'theorem', signature: ': True', module: 'A', file: 'A.lean', line: 1, pkg: 'p', doc });
  const store = DeclStore.build(
    [decl('first', "**Wheel's first theorem**: wheels roll."), decl('formula', "**Axle's formula** holds."), decl('algebra', '**Fundamental theorem of carts**.'), decl('plain', 'Wheels roll.')],
    [{ name: 'A', file: 'A.lean', pkg: 'p', imports: [] }],
  );
  assert.deepEqual([...store.byNearPhrase("Wheel's theorem", 0.6)], [[0, 2 / 3]]);
  // Plurals, possessives and case do not matter; the exact phrase has share 1.
  assert.deepEqual([...store.byNearPhrase('Axle formulas', 0.6)], [[1, 1]]);
  // Linking words are not shared words: "theorem of wagons" and "theorem of carts" share only "fundamental theorem".
  assert.deepEqual([...store.byNearPhrase('fundamental theorem of wagons', 0.6)], []);
  assert.deepEqual([...store.byNearPhrase('theorem', 0.6)], []);
});

test("a name's head, before its qualifier, is asked for exactly: unless it is another result's name or a common label", () => {
  const decl = (name: string, doc: string, module = 'A'): Declaration => ({ name, kind: 'theorem', signature: ': True', module, file: `${module}.lean`, line: 1, pkg: 'p', doc });
  const modules = 'ABCDEFGHIJ'.split('').map((name) => ({ name, file: `${name}.lean`, pkg: 'p', imports: [] }));
  const store = DeclStore.build(
    [
      decl('spoke', "**Spoke's theorem on round wheels**: spokes hold."),
      decl('axle', "**Axle's formula**: axles turn."),
      decl('axleDeriv', "**Axle's formula for carts**: carts turn."),
      decl('hub', '**Hub theorem (cart version)**.'),
      decl('ruts', '**Fundamental theorem of ruts**.'),
      // "Main result" heads many modules' labels: not a name.
      ...modules.map((m) => decl(`main${m.name}`, `**Main result of this file**: see below.`, m.name)),
    ],
    modules,
  );
  assert.deepEqual([...store.byNearPhrase("Spoke's theorem", 0.6)], [[0, 1]]);
  assert.deepEqual([...store.byNearPhrase('hub theorem', 0.6)], [[3, 1]]);
  // The bare head names the unqualified result only (the qualified one is near it, as any close phrase is).
  assert.deepEqual([...store.byNearPhrase('Axle formula', 0.6)], [[1, 1], [2, 2 / 3]]);
  // A head is never near: "fundamental theorem of wagons" does not reach the fundamental theorem of ruts.
  assert.deepEqual([...store.byNearPhrase('fundamental theorem of wagons', 0.6)], []);
  assert.deepEqual([...store.byNearPhrase('fundamental theorem', 0.6)], [[4, 1]]);
  assert.deepEqual([...store.byNearPhrase('main result', 0.6)], []);
});

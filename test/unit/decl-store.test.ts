import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DeclStore, decodeLines } from '../../src/core/search/declStore';
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

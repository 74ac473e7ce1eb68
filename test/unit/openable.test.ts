import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openableFile } from '../../src/shared/openable';

test('go to definition opens Lean files of the project and of Lean core, nothing else', () => {
  const root = '/home/u/proj';
  const core = '/home/u/.elan/toolchains/leanprover--lean4---v4.29.0';
  assert.equal(openableFile(root, 'Proj/Basic.lean'), '/home/u/proj/Proj/Basic.lean');
  assert.equal(openableFile(root, '.lake/packages/mathlib/Mathlib/Order/Basic.lean'), '/home/u/proj/.lake/packages/mathlib/Mathlib/Order/Basic.lean');
  const coreFile = '../.elan/toolchains/leanprover--lean4---v4.29.0/src/lean/Init/Core.lean';
  assert.equal(openableFile(root, coreFile), undefined, 'outside the project without the toolchain folder');
  assert.equal(openableFile(root, coreFile, [core]), `${core}/src/lean/Init/Core.lean`);
  assert.equal(openableFile(root, '../../../etc/passwd', [core]), undefined);
  assert.equal(openableFile(root, 'secrets.txt'), undefined, 'only .lean files');
  assert.equal(openableFile(root, '../proj-other/X.lean'), undefined);
});

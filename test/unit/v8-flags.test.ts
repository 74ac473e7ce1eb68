// V8 flags held while indexing (TurboFan's inlining off while extracting, the heap's growth lowered while building):
// process-wide, so overlapping holds share them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutInlining } from '../../src/core/v8Flags';
import { limitHeapGrowth } from '../../src/core/heapGrowth';

// The module object itself (an ES namespace's bindings cannot be replaced): the code under test reads its methods from it.
const v8 = require('node:v8') as typeof import('node:v8');

test('the inlining comes back once the last extraction ends, each undo counting once', (t) => {
  const set = t.mock.method(v8, 'setFlagsFromString', () => undefined);
  const flags = () => set.mock.calls.map((c) => c.arguments[0]);
  const first = withoutInlining();
  const second = withoutInlining();
  assert.deepEqual(flags(), ['--no-turbo-inlining', '--no-turbo-inlining']);
  first();
  first(); // a second call of the same undo must not end the other extraction's hold
  assert.deepEqual(flags(), ['--no-turbo-inlining', '--no-turbo-inlining']);
  second();
  assert.deepEqual(flags(), ['--no-turbo-inlining', '--no-turbo-inlining', '--turbo-inlining']);
});

test('LEANSCOUT_TURBO_INLINING=1 keeps V8 as it is', (t) => {
  const set = t.mock.method(v8, 'setFlagsFromString', () => undefined);
  const before = process.env.LEANSCOUT_TURBO_INLINING;
  process.env.LEANSCOUT_TURBO_INLINING = '1';
  try {
    withoutInlining()();
  } finally {
    if (before === undefined) delete process.env.LEANSCOUT_TURBO_INLINING;
    else process.env.LEANSCOUT_TURBO_INLINING = before;
  }
  assert.equal(set.mock.callCount(), 0);
});

test('a runtime that refuses the flag changes nothing and the undo is harmless', (t) => {
  t.mock.method(v8, 'setFlagsFromString', () => {
    throw new Error('flags frozen');
  });
  assert.doesNotThrow(() => withoutInlining()());
});

test('the heap growth is restored once the last build or learning run ends', (t) => {
  const set = t.mock.method(v8, 'setFlagsFromString', () => undefined);
  const flags = () => set.mock.calls.map((c) => c.arguments[0]);
  const build = limitHeapGrowth();
  const learning = limitHeapGrowth();
  build();
  build();
  assert.equal(flags().filter((f) => f === '--heap-growing-percent=0').length, 0);
  learning();
  assert.equal(flags().at(-1), '--heap-growing-percent=0');
  assert.equal(flags().filter((f) => f === '--heap-growing-percent=0').length, 1);
});

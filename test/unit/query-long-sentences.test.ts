// A long sentence is read in time linear-ish in its length: a pattern that can split a word in many ways (the
// "for every x y, …" reader did) never returns on a sentence it does not match, and freezes the search.
// Read in a worker, so that such a regression fails here instead of hanging the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzeQuery } from '../../src/core/search/query';

const SENTENCES = [
  'for every Gaussian measure on a Banach space some exponential of a positive multiple of the squared norm is integrable',
  'for all continuous functions on a compact interval there is a polynomial uniformly close to the function within any tolerance',
  'show that for each natural number greater than one there exists a prime number dividing it and not exceeding it',
];
/** Inputs far longer than a query (a pasted file, a stuck key): read in time too, whatever they read as. */
const HUGE = [
  'for every ' + 'abc def '.repeat(2000),
  'a'.repeat(20000),
  "x'".repeat(5000),
  'the sum of '.repeat(1000) + 'is continuous',
  '$\\frac{'.repeat(2000),
  '`f '.repeat(3000),
  'h : a ≤ b\n'.repeat(2000) + '⊢ a ≤ b',
  'in a ring, '.repeat(2000) + 'x = x',
  '('.repeat(5000) + ')'.repeat(5000),
];

if (!isMainThread) {
  parentPort!.postMessage((workerData as string[]).map((q) => analyzeQuery(q).mode));
} else {
  test('long sentences without a comma after "for every …" are read as words, and huge inputs are read, promptly', async () => {
    const worker = new Worker(__filename, { workerData: [...SENTENCES, ...HUGE] });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const modes = await Promise.race([
      new Promise<string[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 20_000))),
    ]);
    clearTimeout(timer);
    await worker.terminate();
    assert.ok(modes, 'analyzeQuery did not return within 20 s');
    assert.equal(modes.length, SENTENCES.length + HUGE.length);
    assert.deepEqual(modes.slice(0, SENTENCES.length), SENTENCES.map(() => 'text'));
  });
}

// Giving freed heap pages back where V8 keeps them (V8 ≥ 12: Node 22 and 24, the extension hosts' runtimes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { IDLE_BEFORE_RELEASE_MS, V8_KEEPS_FREED_PAGES, gcFunction, noteBusy, releaseFreedHeapPages, whenShrunk } from '../../src/core/heapPages';

type HowReleased = 'not' | 'now' | 'after a rest';

/** In a worker (this file): fill the heap, let it go, give the pages back (now, after a rest) or not, report the
 *  process's RSS, and stay alive until told to stop — so what is measured is the worker's own pages, not V8's handling
 *  of a stopped worker. */
async function fillAndLetGo(how: HowReleased): Promise<void> {
  let keep: { i: number; s: string }[] | null = [];
  for (let i = 0; i < 1_500_000; i++) keep.push({ i, s: 'x' + i });
  const full = process.memoryUsage().rss;
  keep = null;
  // Garbage after it: plain GCs collect the objects without giving the pages back where V8 keeps them.
  for (let i = 0; i < 30; i++) {
    const t: { j: number }[] = [];
    for (let j = 0; j < 20_000; j++) t.push({ j });
  }
  if (how === 'now') releaseFreedHeapPages();
  if (how === 'after a rest') noteBusy();
  // Not released, or released after a rest: both rest as long, so V8 had the same time to give the pages back itself.
  if (how !== 'now') await new Promise((r) => setTimeout(r, IDLE_BEFORE_RELEASE_MS + 500));
  parentPort!.postMessage({ full, after: process.memoryUsage().rss });
  parentPort!.once('message', () => process.exit(0));
}

// This file is also the worker's script: the tests are the main thread's only.
if (!isMainThread) void fillAndLetGo((workerData as { how: HowReleased }).how);
else {
  test('the release is asked each time the heap is the given amount below its high mark, the mark starting again after', () => {
    const sizes = [100, 150, 130, 119, 118, 90, 130, 110, 99, 98, 200];
    let at = 0;
    const released: number[] = [];
    const check = whenShrunk(32, () => sizes[at], () => released.push(at));
    const steps = () => {
      at++;
      check();
    };
    // 150 is the high mark; 119 is 31 below it, 118 is 32 below: released, and the mark is 118 (the size after).
    for (let i = 0; i < 4; i++) steps();
    assert.deepEqual(released, [4]);
    // From 118 (the mark after the release) down to 90: 28 below, nothing. Up to 130 (a new mark), 110, 99: 31 below; 98: 32.
    for (let i = 0; i < 5; i++) steps();
    assert.deepEqual(released, [4, 9]);
    steps();
    assert.deepEqual(released, [4, 9], 'growth is never a release');
  });

  test("this thread's gc is had without leaving --expose-gc set for other contexts", { skip: typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'run with --expose-gc' : false }, () => {
    const gc = gcFunction();
    assert.equal(typeof gc, 'function');
    assert.equal(vm.runInNewContext('typeof gc'), 'undefined', 'a context made after has no gc');
    assert.equal(gcFunction(), gc, 'had once per thread');
  });

  test(
    'a worker that lets ~150 MB go gives its pages back, at once or after a rest (V8 ≥ 12)',
    { skip: V8_KEEPS_FREED_PAGES ? false : `V8 ${process.versions.v8} gives freed pages back by itself` },
    async () => {
      const run = (how: HowReleased) =>
        new Promise<{ full: number; after: number }>((resolve, reject) => {
          const w = new Worker(__filename, { workerData: { how } });
          w.once('message', (m: { full: number; after: number }) => {
            w.postMessage('stop');
            w.once('exit', () => resolve(m));
          });
          w.once('error', reject);
        });
      // One at a time: each measures the process's RSS.
      const kept = await run('not');
      const now = await run('now');
      const rested = await run('after a rest');
      const MB = 1 << 20;
      const say = `RSS after letting go: ${(now.after / MB) | 0} MB released at once, ${(rested.after / MB) | 0} MB after a rest, ${(kept.after / MB) | 0} MB not (full: ${(kept.full / MB) | 0} MB)`;
      assert.ok(now.after < kept.after - 50 * MB, say);
      assert.ok(rested.after < kept.after - 50 * MB, say);
    },
  );
}

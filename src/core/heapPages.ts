// Giving the heap pages V8 has freed back to the system, where V8 would keep them.
//
// Since V8 12 (Node 22, desktop VS Code's extension host; Node 24, the runtime code-server gives it), an isolate keeps
// the pages its GCs free for its own reuse, and when a worker stops, V8 13 keeps its pages eight seconds more for the
// other threads. Only a GC that reduces memory gives them back; V8's memory reducer, meant to run one once a thread
// idles, was not seen to. Mathlib's cold build, where the heap shrinks by half while the index's arrays (outside the
// heap) grow, peaked at 703 MB under Node 24 and 620 MB under Node 22 (against 522 MB under Node 20, which gives freed
// pages back at once); with the releases here, ~560 MB under both.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

export const V8_KEEPS_FREED_PAGES = Number(process.versions.v8.split('.')[0]) >= 12;
/** Heap shrinkage worth a memory-reducing GC (~0.25 s of a heap of ~150 MB, on this thread). */
const RELEASE_AFTER_SHRINK_BYTES = 32 << 20;

/**
 * Run a memory-reducing full GC in this thread (V8's "last resort" GC, which gives back the pages V8 keeps), where V8
 * keeps them. Never throws: where the GC cannot be had, V8 gives the pages back later, as it would have.
 */
export function releaseFreedHeapPages(): void {
  if (!V8_KEEPS_FREED_PAGES) return;
  try {
    gcFunction()?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    /* a GC function that takes no options: the pages are given back later */
  }
}

/**
 * A check to call now and then in a long step whose heap grows, then shrinks (the index build lets the declarations go
 * as it goes): each time the heap is RELEASE_AFTER_SHRINK_BYTES below its last high mark, the freed pages are given back.
 */
export function releaseWhenHeapShrinks(): () => void {
  if (!V8_KEEPS_FREED_PAGES) return () => undefined;
  return whenShrunk(RELEASE_AFTER_SHRINK_BYTES, () => v8.getHeapStatistics().total_heap_size, releaseFreedHeapPages);
}

/** Calls `release` each time `size()` is `by` below its high mark since the last call (then the mark starts again). */
export function whenShrunk(by: number, size: () => number, release: () => void): () => void {
  let high = size();
  return () => {
    const now = size();
    if (now > high) high = now;
    else if (high - now >= by) {
      release();
      high = size();
    }
  };
}

/** How long this thread rests before the pages its work freed are given back. V8's own memory reducer, which would do
 *  it, was not seen to run: a Node 24 process holding a cached Mathlib index stayed at 268 MB 16 s idle after 859 goal
 *  searches, and fell to 203 MB with one memory-reducing GC. That GC (40–56 ms) also drops compiled code: the first
 *  searches after it took 19–30 ms instead of ~3 ms — so only after a rest of V8's own order (its reducer waits 8 s),
 *  not between the searches of a working session. */
export const IDLE_BEFORE_RELEASE_MS = 10_000;
let lastBusy = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Note work done on this thread: once it has rested IDLE_BEFORE_RELEASE_MS, the pages freed meanwhile are given back. */
export function noteBusy(): void {
  if (!V8_KEEPS_FREED_PAGES) return;
  lastBusy = Date.now();
  if (!idleTimer) armIdleTimer(IDLE_BEFORE_RELEASE_MS);
}

function armIdleTimer(ms: number): void {
  idleTimer = setTimeout(() => {
    const rested = Date.now() - lastBusy;
    if (rested < IDLE_BEFORE_RELEASE_MS) return armIdleTimer(IDLE_BEFORE_RELEASE_MS - rested);
    idleTimer = undefined;
    releaseFreedHeapPages();
  }, ms);
  // (a process with nothing else to do exits without waiting for it)
  idleTimer.unref?.();
}

let gcOfThisThread: GcFunction | undefined | null = null;

/** This thread's `gc`: V8 gives it to a new context while --expose-gc is set. The flag is process-wide, so it is set
 *  only for the moment the context is made (a worker cannot be started with V8 flags of its own); another thread
 *  clearing it meanwhile costs a second try. */
export function gcFunction(): GcFunction | undefined {
  if (gcOfThisThread !== null) return gcOfThisThread;
  gcOfThisThread = (globalThis as { gc?: GcFunction }).gc;
  for (let attempt = 0; attempt < 3 && !gcOfThisThread; attempt++) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcOfThisThread = vm.runInNewContext('typeof gc === "function" ? gc : undefined') as GcFunction | undefined;
    } catch {
      gcOfThisThread = undefined;
    } finally {
      try {
        v8.setFlagsFromString('--no-expose-gc');
      } catch {
        /* nothing more to undo */
      }
    }
  }
  return gcOfThisThread;
}

// V8's heap growth while indexing: a cold build, and the learned stage reading every source file again, make much
// garbage between full GCs; with V8's default growth (up to 2× the live heap) it would set the process's peak.
import { HeldV8Flag } from './v8Flags';

/** Heap growth while indexing, as V8's --heap-growing-percent (0 = V8's default); LEANSCOUT_HEAP_GROWTH overrides.
 *  Mathlib's cold build (285,588 declarations), peak RSS of single child runs: 20 → 591, 589, 583 MB; 10 → 555, 568,
 *  573 MB (the peak is in the build phase; the cold time moves within its noise). */
const INDEXING_HEAP_GROWTH_PERCENT = 10;

/** Held by builds and learning runs in this process (process-wide: the last one to finish restores V8's default). */
const heapGrowth = new HeldV8Flag('--heap-growing-percent=0');

/** Lower V8's heap growth factor (a process-wide flag) for the duration of a build or of learning; returns the undo. */
export function limitHeapGrowth(): () => void {
  const env = process.env.LEANSCOUT_HEAP_GROWTH;
  const percent = env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Math.max(0, Math.floor(Number(env))) : INDEXING_HEAP_GROWTH_PERCENT;
  if (percent === 0) return () => undefined;
  return heapGrowth.hold(`--heap-growing-percent=${percent}`);
}

// V8 flags the engine holds while it indexes. They are process-wide: overlapping holds are counted, and the last one
// to end restores the flag.
import * as v8 from 'node:v8';

/** A process-wide V8 flag set while some work runs and restored (to `restoring`) when the last such work ends. */
export class HeldV8Flag {
  private holds = 0;

  constructor(private readonly restoring: string) {}

  /** Set the flag to `setting`; returns the undo (counted once however often it is called). A runtime that refuses the
   *  flag changes nothing, and its undo does nothing. */
  hold(setting: string): () => void {
    try {
      v8.setFlagsFromString(setting);
    } catch {
      return () => undefined;
    }
    this.holds++;
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      if (--this.holds > 0) return;
      try {
        v8.setFlagsFromString(this.restoring);
      } catch {
        /* the flag stays set: only a little slower code or more frequent GCs */
      }
    };
  }
}

// V8's optimizing compiler while extracting. Every extraction worker is a fresh isolate that optimizes the same large
// scanner functions again, and again as their type feedback settles: extracting half of Mathlib in one fresh thread
// (compiling on that thread, Node 20), TurboFan's compilations took ~2.9 s of ~6.5 s, and the same half after the
// other half took ~3.7 s in all. Without inlining each compilation is much smaller and the code about as fast here.
const inlining = new HeldV8Flag('--turbo-inlining');

/** Turn off TurboFan's inlining while extracting; returns the undo. The flag is process-wide: whatever else the process
 *  optimizes meanwhile (in an extension host, other extensions' code) is compiled without inlining too, for those
 *  seconds. LEANSCOUT_TURBO_INLINING=1 keeps V8's default. Half of Mathlib in a fresh thread, four pairs taking turns
 *  (Node 20): 8.8 / 8.7 / 8.3 / 6.9 → 6.8 / 7.2 / 6.9 / 5.7 s of CPU, background compiling included. The benchmark's
 *  cold build, learning off, four pairs under Node 24: extraction 9.5 / 10.4 / 9.4 / 9.5 → 8.0 / 8.8 / 8.8 / 8.8 s. */
export function withoutInlining(): () => void {
  if (process.env.LEANSCOUT_TURBO_INLINING === '1') return () => undefined;
  return inlining.hold('--no-turbo-inlining');
}

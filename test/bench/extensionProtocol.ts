// What the two halves of `npm run bench:extension` exchange: the config the outer script writes into
// the workspace (leanscout-bench.json) and the JSON lines the in-VS-Code half prints on the console.

export const BENCH_PREFIX = '[leanscout-bench]';

export interface StormSweep {
  /** Time between cursor moves (ms). */
  stepMs: number;
  /** How long the Lean-protocol test server takes for each goal answer during the sweep (ms). */
  leanDelayMs: number;
}

export interface BenchConfig {
  /** 'activation': report activate()'s time only; 'goals': also index, goal → premises, request storms. */
  mode: 'activation' | 'goals';
  /** The generated Lean file, relative to the workspace folder. */
  file: string;
  /** 0-based lines (the `sorry` of each theorem) where the Lean-protocol test server has a goal. */
  goalLines: number[];
  /** Pause after each measured goal (ms). */
  pauseMs: number;
  storms: StormSweep[];
}

export interface GoalSample {
  line: number;
  /** Lean's answer time (the test server answers at once: this is the request round trip). */
  leanMs: number;
  /** Premise retrieval on the host: index worker round trip + engine search + filtering. */
  searchMs: number;
  /** Engine search time inside the index worker. */
  engineMs: number;
  /** Lean answered → premises message posted to the webview. */
  answerToPostMs: number;
  /** Lean answered → the webview reported the premises rendered (next animation frame). */
  answerToRenderMs: number;
  hits: number;
  top?: string;
  goalKey: string;
  /** Date.now() when Lean's answer arrived (from the moment the render was seen, less answerToRenderMs;
   *  within a few ms): lets the outer script place the webview's own timestamps on the same clock. */
  wallAnsweredAt: number;
}

/** What the outer script records inside the panel's webview frame for one premises message (Date.now()). */
export interface WebviewMark {
  goalKey: string;
  /** The message event reached the webview. */
  received: number;
  /** The panel's own message handler returned (the list is in the DOM). */
  handled: number;
  /** The next animation frame (when the panel reports "rendered"). */
  frame: number;
  /** When the small `goal` message of the same goal reached the webview (posted as Lean answered). */
  goalReceived: number;
  /** Size of the premises message (JSON characters). */
  bytes: number;
}

export interface StormResult {
  stepMs: number;
  leanDelayMs: number;
  moves: number;
  sent: number;
  cancelled: number;
  maxInFlight: number;
  lastGoalShownMs: number;
}

export type BenchReport =
  | { kind: 'activation'; ms: number }
  | { kind: 'index'; ms: number; declarations: number; modules: number }
  | { kind: 'goals'; samples: GoalSample[] }
  | ({ kind: 'storm' } & StormResult)
  | { kind: 'error'; message: string }
  | { kind: 'done' };

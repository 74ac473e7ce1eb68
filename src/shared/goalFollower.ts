// Follows the cursor: debounces goal requests, keeps at most one request in flight, cancels superseded
// ones, and never delivers an answer for an older document version or an older cursor position as current.
// Pure (no vscode): timers and the clock are injected so the logic is unit-tested.

export interface Position {
  line: number;
  character: number;
}

export interface GoalQuery {
  uri: string;
  version: number;
  position: Position;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export interface GoalFollowerDeps<R> {
  /** Ask Lean; must reject or resolve soon after `signal` aborts. */
  fetch(query: GoalQuery, signal: AbortSignal): Promise<R>;
  /** The document's version now (undefined when it is closed). */
  currentVersion(uri: string): number | undefined;
  /** A current answer. */
  deliver(query: GoalQuery, result: R, ms: number): void;
  /** A current failure (not a cancellation). */
  fail(query: GoalQuery, error: unknown, ms: number): void;
  /** Called when a request starts (the panel shows "asking Lean…"). */
  started?(query: GoalQuery): void;
  debounceMs(): number;
  /** How long to wait for a cancelled request to settle before starting the next one anyway. */
  cancelGraceMs?: number;
  clock?: Clock;
}

export function sameQuery(a: GoalQuery | undefined, b: GoalQuery | undefined): boolean {
  return !!a && !!b && a.uri === b.uri && a.version === b.version &&
    a.position.line === b.position.line && a.position.character === b.position.character;
}

/** True when an answer to `answered` must not be shown as current, given the latest wanted query
 *  and the document's version now. */
export function isStale(answered: GoalQuery, latest: GoalQuery | undefined, versionNow: number | undefined): boolean {
  if (versionNow === undefined || versionNow !== answered.version) return true;
  return !sameQuery(answered, latest);
}

export class GoalFollower<R> {
  private readonly clock: Clock;
  private timer: unknown;
  /** The query the user wants answered now (latest cursor position). */
  private wanted: GoalQuery | undefined;
  private inFlight: { query: GoalQuery; abort: AbortController; settled: Promise<void> } | undefined;
  private waitingForCancel = false;
  private disposed = false;
  private pendingFetches = 0;
  /** Requests started (for tests and the log). */
  requestsStarted = 0;
  /** Highest number of requests in flight at once (should stay ≤ 1). */
  maxInFlight = 0;

  constructor(private readonly deps: GoalFollowerDeps<R>) {
    this.clock = deps.clock ?? realClock;
  }

  /** The cursor moved or the document changed: ask again after the debounce (or now). */
  request(query: GoalQuery, opts: { immediate?: boolean } = {}): void {
    if (this.disposed) return;
    this.wanted = query;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const delay = opts.immediate ? 0 : Math.max(0, this.deps.debounceMs());
    if (delay === 0) this.fire();
    else this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, delay);
  }

  /** Nothing to follow (no Lean editor): cancel everything. */
  clear(): void {
    this.wanted = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort.abort();
  }

  latest(): GoalQuery | undefined {
    return this.wanted;
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  private fire(): void {
    const query = this.wanted;
    if (!query || this.disposed) return;
    if (this.inFlight) {
      if (sameQuery(this.inFlight.query, query) && !this.inFlight.abort.signal.aborted) return; // already asking exactly this
      // Supersede: cancel, and start the new request once the old one settled (or after a grace period),
      // so that there is never more than one request in flight.
      this.inFlight.abort.abort();
      if (this.waitingForCancel) return;
      this.waitingForCancel = true;
      const grace = this.deps.cancelGraceMs ?? 1000;
      let graceTimer: unknown;
      const proceed = () => {
        if (!this.waitingForCancel) return;
        this.waitingForCancel = false;
        if (graceTimer !== undefined) this.clock.clearTimeout(graceTimer);
        this.inFlight = undefined;
        this.fire();
      };
      graceTimer = this.clock.setTimeout(proceed, grace);
      void this.inFlight.settled.then(proceed);
      return;
    }
    this.start(query);
  }

  private start(query: GoalQuery): void {
    const abort = new AbortController();
    const t0 = this.clock.now();
    this.requestsStarted++;
    this.pendingFetches++;
    this.maxInFlight = Math.max(this.maxInFlight, this.pendingFetches);
    this.deps.started?.(query);
    let settled: Promise<void>;
    const entry = { query, abort, settled: Promise.resolve() };
    settled = Promise.resolve()
      .then(() => this.deps.fetch(query, abort.signal))
      .then(
        (result) => this.finish(entry, () => this.deps.deliver(query, result, this.clock.now() - t0)),
        (error) => this.finish(entry, () => this.deps.fail(query, error, this.clock.now() - t0)),
      );
    entry.settled = settled;
    this.inFlight = entry;
  }

  private finish(entry: { query: GoalQuery; abort: AbortController }, report: () => void): void {
    this.pendingFetches--;
    if (this.inFlight === entry) this.inFlight = undefined;
    const current = !entry.abort.signal.aborted && !this.disposed &&
      !isStale(entry.query, this.wanted, this.deps.currentVersion(entry.query.uri));
    if (current) {
      try {
        report();
      } catch {
        // a failing listener must not break the follower
      }
    } else if (!this.disposed && !this.waitingForCancel && this.wanted && !sameQuery(this.wanted, entry.query) && this.timer === undefined) {
      // The answer was for something older and nothing else is scheduled: ask for what is wanted now.
      this.fire();
    }
  }
}

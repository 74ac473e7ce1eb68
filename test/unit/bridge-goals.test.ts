import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoalFollower, isStale, type Clock, type GoalQuery } from '../../src/shared/goalFollower';
import { fetchGoalView, isCancellation, isServerDown } from '../../src/shared/goalRequest';
import type { LeanConnection } from '../../src/core/lean/connection';
import { findProjectRoot, findOuterProjectRoot } from '../../src/extension/lean/projectRoot';

/** A manual clock: timers fire only when the test advances time. */
class ManualClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  now(): number {
    return this.t;
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function q(line: number, character: number, version = 1, uri = 'file:///p/A.lean'): GoalQuery {
  return { uri, version, position: { line, character } };
}

interface Call { query: GoalQuery; signal: AbortSignal; resolve(v: string): void; reject(e: unknown): void }

function setup(opts: { debounce?: number; version?: () => number; grace?: number; abortRejects?: boolean } = {}) {
  const clock = new ManualClock();
  const calls: Call[] = [];
  const delivered: { query: GoalQuery; result: string }[] = [];
  const failed: unknown[] = [];
  const follower = new GoalFollower<string>({
    clock,
    debounceMs: () => opts.debounce ?? 100,
    cancelGraceMs: opts.grace ?? 1000,
    currentVersion: () => (opts.version ? opts.version() : 1),
    fetch: (query, signal) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ query, signal, resolve, reject });
        if (opts.abortRejects !== false) signal.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { code: -32800 })));
      }),
    deliver: (query, result) => delivered.push({ query, result }),
    fail: (_q, e) => failed.push(e),
  });
  return { clock, calls, delivered, failed, follower };
}

test('debounce: a burst of cursor moves makes one request, for the last position', async () => {
  const { clock, calls, follower } = setup();
  for (let c = 0; c < 10; c++) {
    follower.request(q(3, c));
    await clock.advance(30);
  }
  assert.equal(calls.length, 0);
  await clock.advance(100);
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].query.position, { line: 3, character: 9 });
});

test('supersede: a newer position cancels the request in flight; never two in flight', async () => {
  const { clock, calls, delivered, follower } = setup();
  follower.request(q(1, 0), { immediate: true });
  await flush();
  assert.equal(calls.length, 1);
  follower.request(q(2, 0), { immediate: true });
  await flush();
  assert.equal(calls[0].signal.aborted, true);
  assert.equal(calls.length, 2, 'the new request starts once the cancelled one settled');
  calls[1].resolve('goal at line 2');
  await flush();
  assert.deepEqual(delivered.map((d) => d.result), ['goal at line 2']);
  assert.equal(follower.maxInFlight, 1);
  await clock.advance(2000);
});

test('a server that ignores cancellation: next request waits for the grace period only', async () => {
  const { clock, calls, delivered, follower } = setup({ abortRejects: false, grace: 500 });
  follower.request(q(1, 0), { immediate: true });
  await flush();
  follower.request(q(2, 0), { immediate: true });
  follower.request(q(3, 0), { immediate: true });
  await flush();
  assert.equal(calls.length, 1, 'waits for the cancelled request');
  await clock.advance(500);
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1].query.position, { line: 3, character: 0 });
  calls[0].resolve('late answer for line 1');
  calls[1].resolve('goal at line 3');
  await flush();
  assert.deepEqual(delivered.map((d) => d.result), ['goal at line 3'], 'the late answer is never shown');
});

test('an answer for an older document version is not delivered, and the current one is asked', async () => {
  let version = 1;
  const { calls, delivered, follower } = setup({ version: () => version });
  follower.request(q(5, 2, 1), { immediate: true });
  await flush();
  version = 2; // the user typed while Lean was elaborating
  calls[0].resolve('goal of version 1');
  await flush();
  assert.equal(delivered.length, 0);
  follower.request(q(5, 3, 2), { immediate: true });
  await flush();
  calls[calls.length - 1].resolve('goal of version 2');
  await flush();
  assert.deepEqual(delivered.map((d) => d.result), ['goal of version 2']);
});

test('errors are reported; cancellations are not', async () => {
  const { calls, failed, follower } = setup();
  follower.request(q(1, 0), { immediate: true });
  await flush();
  calls[0].reject(new Error('No connection to Lean'));
  await flush();
  assert.equal(failed.length, 1);
  follower.request(q(2, 0), { immediate: true });
  await flush();
  follower.clear();
  await flush();
  assert.equal(failed.length, 1);
});

test('isStale', () => {
  assert.equal(isStale(q(1, 1, 3), q(1, 1, 3), 3), false);
  assert.equal(isStale(q(1, 1, 3), q(1, 1, 3), 4), true);
  assert.equal(isStale(q(1, 1, 3), q(1, 2, 3), 3), true);
  assert.equal(isStale(q(1, 1, 3), q(1, 1, 3), undefined), true);
});

function fakeConnection(answers: Record<string, unknown>): LeanConnection & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async sendRequest<R>(method: string): Promise<R> {
      asked.push(method);
      const a = answers[method];
      if (a instanceof Error) throw a;
      return a as R;
    },
    sendNotification() {},
    onDiagnostics() {
      return { dispose() {} };
    },
    isRunning: () => true,
  };
}

const signal = new AbortController().signal;

test('plainGoal: goals as Lean prints them', async () => {
  const conn = fakeConnection({ '$/lean/plainGoal': { rendered: '```lean\nn : ℕ\n⊢ n + 0 = n\n```', goals: ['n : ℕ\n⊢ n + 0 = n', 'case b\n⊢ True'] } });
  const g = await fetchGoalView(conn, q(3, 4), 'lean4-extension', signal);
  assert.equal(g.state, 'goals');
  assert.deepEqual(g.goals, ['n : ℕ\n⊢ n + 0 = n', 'case b\n⊢ True']);
  assert.equal(g.version, 1);
  assert.deepEqual(conn.asked, ['$/lean/plainGoal']);
});

test('plainGoal: no goals', async () => {
  const g = await fetchGoalView(fakeConnection({ '$/lean/plainGoal': { rendered: 'no goals', goals: [] } }), q(1, 1), 'lean4-extension', signal);
  assert.equal(g.state, 'noGoals');
  assert.deepEqual(g.goals, []);
});

test('null plainGoal falls back to plainTermGoal, then to none', async () => {
  const term = await fetchGoalView(fakeConnection({ '$/lean/plainGoal': null, '$/lean/plainTermGoal': { goal: '⊢ ℕ', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } }), q(1, 1), 'leanscout-client', signal);
  assert.equal(term.state, 'term');
  assert.deepEqual(term.goals, ['⊢ ℕ']);
  const none = await fetchGoalView(fakeConnection({ '$/lean/plainGoal': null, '$/lean/plainTermGoal': null }), q(1, 1), 'leanscout-client', signal);
  assert.equal(none.state, 'none');
});

test('a malformed answer is an error state, not a crash', async () => {
  const g = await fetchGoalView(fakeConnection({ '$/lean/plainGoal': { goals: 'oops' } }), q(1, 1), 'lean4-extension', signal);
  assert.equal(g.state, 'error');
});

test('error classification', () => {
  assert.equal(isCancellation({ code: -32800, message: 'cancelled' }), true);
  assert.equal(isCancellation({ code: -32801, message: 'content modified' }), true);
  assert.equal(isCancellation(new Error('boom')), false);
  assert.equal(isServerDown(new Error('No connection to Lean')), true);
  assert.equal(isServerDown({ code: -32902, message: 'worker crashed' }), true);
  assert.equal(isServerDown(new Error('unknown identifier')), false);
});

test('project root: nearest folder with lean-toolchain or lakefile', () => {
  const files = new Set(['/w/proj/lean-toolchain', '/w/proj/lakefile.toml', '/w/proj/.lake/packages/mathlib/lakefile.lean']);
  const exists = (p: string) => files.has(p);
  assert.equal(findProjectRoot('/w/proj/Proj/Basic.lean', exists), '/w/proj');
  assert.equal(findProjectRoot('/w/other/X.lean', exists), undefined);
  assert.equal(findProjectRoot('/w/proj/.lake/packages/mathlib/Mathlib/Order/Basic.lean', exists), '/w/proj/.lake/packages/mathlib');
  assert.equal(findOuterProjectRoot('/w/proj/.lake/packages/mathlib/Mathlib/Order/Basic.lean', exists), '/w/proj');
});

test('asking again for a position whose request was just cancelled starts a fresh request', async () => {
  const { calls, delivered, follower } = setup();
  follower.request(q(4, 1), { immediate: true });
  await flush();
  follower.clear(); // e.g. the user looked at another file
  follower.request(q(4, 1), { immediate: true }); // and came back before the cancelled request settled
  await flush();
  assert.equal(calls.length, 2);
  assert.equal(calls[0].signal.aborted, true);
  calls[1].resolve('goal at line 4');
  await flush();
  assert.deepEqual(delivered.map((d) => d.result), ['goal at line 4']);
});

test('the same position asked twice while in flight makes one request', async () => {
  const { calls, follower } = setup();
  follower.request(q(4, 1), { immediate: true });
  await flush();
  follower.request(q(4, 1), { immediate: true });
  await flush();
  assert.equal(calls.length, 1);
});

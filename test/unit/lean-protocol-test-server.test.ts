// Checks the Lean-protocol TEST SERVER (a test double used by the integration tests and by the tactic
// checker's tests) against its contract: spawned as a real process, spoken to over stdio JSON-RPC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  CancellationTokenSource,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

const serverJs = resolve('out/test/servers/lean-protocol-test-server.js');
const fixtureScript = resolve('test/fixtures/lean-project/leanscout-test-script.json');
const miniF2F = resolve('test/fixtures/lean-project/LeanscoutFixture/MiniF2F.lean');
const miniF2FUri = 'file://' + miniF2F;

interface Started {
  proc: ChildProcess;
  conn: MessageConnection;
  notifications: { method: string; params: any }[];
  exited: Promise<number | null>;
}

async function start(args: string[]): Promise<Started> {
  const proc = spawn(process.execPath, [serverJs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const notifications: { method: string; params: any }[] = [];
  conn.onNotification((method, params) => {
    notifications.push({ method, params });
  });
  conn.onError(() => undefined);
  conn.listen();
  return { proc, conn, notifications, exited };
}

function stop(s: Started): void {
  s.conn.dispose();
  s.proc.kill();
}

const open = (s: Started, uri: string, text: string, version = 1) =>
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lean4', version, text } });

test('Lean-protocol test server: initialize answers like Lean 4 Server', async () => {
  const s = await start(['--script', fixtureScript, 'serve', '--']);
  try {
    const init: any = await s.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    assert.deepEqual(init.serverInfo, { name: 'Lean 4 Server', version: '0.3.0' });
    assert.equal(init.capabilities.experimental.rpcProvider.rpcWireFormat, 'v1');
  } finally {
    stop(s);
  }
});

test('Lean-protocol test server: plainGoal gives real fixture goals, needs didOpen, null elsewhere', async () => {
  const s = await start(['--script', fixtureScript]);
  try {
    await s.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    const params = { textDocument: { uri: miniF2FUri }, position: { line: 11, character: 2 } };
    await assert.rejects(s.conn.sendRequest('$/lean/plainGoal', params), /closed file/);
    open(s, miniF2FUri, readFileSync(miniF2F, 'utf8'));
    const goal: any = await s.conn.sendRequest('$/lean/plainGoal', params);
    assert.deepEqual(goal.goals, ['a : ℝ\n⊢ a * (2 - a) ≤ 1']);
    assert.equal(goal.rendered, '```lean\na : ℝ\n⊢ a * (2 - a) ≤ 1\n```');
    const none = await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri: miniF2FUri }, position: { line: 0, character: 0 } });
    assert.equal(none, null);
    await s.conn.sendRequest('textDocument/waitForDiagnostics', { uri: miniF2FUri, version: 1 });
    const progress = s.notifications.filter((n) => n.method === '$/lean/fileProgress');
    assert.deepEqual(progress.at(-1)?.params.processing, []);
    const diags = s.notifications.find((n) => n.method === 'textDocument/publishDiagnostics');
    assert.equal(diags?.params.version, 1);
    await assert.rejects(s.conn.sendRequest('$/lean/unknownThing', {}), /No request handler/);
  } finally {
    stop(s);
  }
});

test('Lean-protocol test server: several goals, "no goals", term goals', async () => {
  const s = await start(['--script', fixtureScript]);
  try {
    await s.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    const file = resolve('test/fixtures/lean-project/LeanscoutFixture/Induction.lean');
    const uri = 'file://' + file;
    open(s, uri, readFileSync(file, 'utf8'));
    const lines = readFileSync(file, 'utf8').split('\n');
    const inductionLine = lines.indexOf('  induction n');
    const two: any = await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri }, position: { line: inductionLine, character: 13 } });
    assert.equal(two.goals.length, 2);
    assert.equal(two.rendered.split('\n---\n').length, 2);
    const done: any = await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri }, position: { line: inductionLine + 2, character: 9 } });
    assert.deepEqual(done, { rendered: 'no goals', goals: [] });

    const pn = resolve('test/fixtures/lean-project/LeanscoutFixture/ProofNet.lean');
    const pnUri = 'file://' + pn;
    open(s, pnUri, readFileSync(pn, 'utf8'));
    const sorryLine = readFileSync(pn, 'utf8').split('\n').indexOf('  sorry');
    const pos = { textDocument: { uri: pnUri }, position: { line: sorryLine, character: 3 } };
    assert.equal(await s.conn.sendRequest('$/lean/plainGoal', pos), null);
    const term: any = await s.conn.sendRequest('$/lean/plainTermGoal', pos);
    assert.equal(term.goal, 'n : ℕ\nhn : Odd n\n⊢ 8 ∣ n ^ 2 - 1');
    assert.deepEqual(term.range.start, { line: sorryLine, character: 2 });
  } finally {
    stop(s);
  }
});

test('Lean-protocol test server: scripted tactics on a scratch document, incremental edits', async () => {
  const s = await start(['--script', fixtureScript]);
  try {
    await s.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    const uri = 'file:///tmp/scratch/Scratch.lean';
    const text = 'theorem algebra_sqineq_at2malt1 (a : ℝ) : a * (2 - a) ≤ 1 := by\n  exact noSuchTheorem\n';
    open(s, uri, text);
    await s.conn.sendRequest('textDocument/waitForDiagnostics', { uri, version: 1 });
    const d1 = s.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').at(-1)!.params;
    assert.equal(d1.diagnostics.length, 1);
    assert.equal(d1.diagnostics[0].severity, 1);
    assert.equal(d1.diagnostics[0].range.start.line, 1);
    assert.match(d1.diagnostics[0].message, /noSuchTheorem/);

    // Replace the failing tactic with a closing one through an incremental change.
    s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 21 } }, text: 'exact LeanscoutFixture.mul_two_sub_le_one a' }],
    });
    await s.conn.sendRequest('textDocument/waitForDiagnostics', { uri, version: 2 });
    const d2 = s.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').at(-1)!.params;
    assert.equal(d2.version, 2);
    assert.deepEqual(d2.diagnostics, []);
    const closed = await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri }, position: { line: 1, character: 100 } });
    assert.deepEqual(closed, { rendered: 'no goals', goals: [] });

    // The same tactic inside another theorem is not scripted (`inTheorem`): no outcome there.
    const other = 'file:///tmp/scratch/Other.lean';
    open(s, other, 'theorem mathd_numbertheory_81 : 71 % 3 = 2 := by\n  exact LeanscoutFixture.mul_two_sub_le_one a\n  norm_num\n');
    await s.conn.sendRequest('textDocument/waitForDiagnostics', { uri: other, version: 1 });
    assert.equal(await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri: other }, position: { line: 1, character: 100 } }), null);
    assert.deepEqual(await s.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri: other }, position: { line: 2, character: 10 } }), { rendered: 'no goals', goals: [] });
  } finally {
    stop(s);
  }
});

test('Lean-protocol test server: delayMs is cancellable; crashAfterRequests exits mid-request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lean-test-server-'));
  const scriptPath = join(dir, 'script.json');
  // A delay far longer than the test: the request can only end early by being cancelled.
  writeFileSync(scriptPath, JSON.stringify({ goals: [{ uriSuffix: 'A.lean', line: 0, goals: ['⊢ True'] }], delayMs: 600_000, crashAfterRequests: 3 }));
  const s2 = await start(['--script', scriptPath]);
  try {
    await s2.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    open(s2, 'file:///A.lean', 'x');
    const cts = new CancellationTokenSource();
    const pending = s2.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri: 'file:///A.lean' }, position: { line: 0, character: 0 } }, cts.token);
    setTimeout(() => cts.cancel(), 50);
    // Cancellation ends the delay: the server answers RequestCancelled (not the goal, 10 minutes later).
    await assert.rejects(pending, (e: unknown) => (e as { code?: number }).code === -32800);
    const stats: any = await s2.conn.sendRequest('$/leanscoutTest/stats');
    assert.equal(stats.cancelled, 1);
    assert.equal(stats.maxGoalRequestsInFlight, 1);
    await s2.conn.sendRequest('$/lean/rpc/connect', { uri: 'file:///A.lean' });
    await s2.conn.sendRequest('textDocument/waitForDiagnostics', { uri: 'file:///A.lean', version: 1 });
    // The 4th request crashes the server before it answers.
    s2.conn.sendRequest('$/lean/plainGoal', { textDocument: { uri: 'file:///A.lean' }, position: { line: 0, character: 0 } }).catch(() => undefined);
    assert.equal(await s2.exited, 1);
  } finally {
    stop(s2);
  }
});

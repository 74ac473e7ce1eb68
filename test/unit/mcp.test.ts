// `leanscout mcp` end to end: the built CLI (dist/cli.js, from `npm run build`) spawned by the MCP SDK's own Client +
// StdioClientTransport, on the fixture project. Goals and tactic checks go to the Lean-protocol TEST SERVER (a test
// double of `lake serve`, out/test/servers/lean-protocol-test-server.js) with the fixture's script, which says which
// tactics close which goals. Time limits here only guard against a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startOllamaApiTestServer } from '../servers/ollama-api-test-server';
import { LoggingMessageNotificationSchema, type CallToolResult, type Progress } from '@modelcontextprotocol/sdk/types.js';

const CLI = resolve('dist/cli.js');
const LEAN_SERVER = resolve('out/test/servers/lean-protocol-test-server.js');
const FIXTURE = resolve('test/fixtures/lean-project');
const SCRIPT = join(FIXTURE, 'leanscout-test-script.json');
const LEAN_CMD = `node ${LEAN_SERVER} --script ${SCRIPT}`;
const skip = (!existsSync(CLI) && 'dist/cli.js not built (npm run build)') || (!existsSync(LEAN_SERVER) && 'lean-protocol-test-server not built');

const tmp = mkdtempSync(join(tmpdir(), 'leanscout-mcp-'));
const CACHE = join(tmp, 'cache');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

interface Session {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
  logs: string[];
  close: () => Promise<void>;
}

async function connect(extraArgs: string[] = [], project = FIXTURE, cache = CACHE): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--project', project, '--cache', cache, ...extraArgs],
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'leanscout-test', version: '0' });
  const logs: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(String(n.params.data)));
  await client.connect(transport);
  return { client, transport, stderr: () => err, logs, close: () => client.close() };
}

type Result = CallToolResult & { structuredContent?: Record<string, any> };

async function call(s: Session, name: string, args: Record<string, unknown>): Promise<Result> {
  return (await s.client.callTool({ name, arguments: args })) as Result;
}

const text = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

function assertOk(r: Result, what: string): Record<string, any> {
  assert.ok(!r.isError, `${what} answered an error: ${text(r)}`);
  assert.ok(r.structuredContent, `${what}: no structuredContent`);
  assert.ok(text(r).length > 0, `${what}: no text`);
  return r.structuredContent!;
}

function assertToolError(r: Result, pattern: RegExp, what: string): void {
  assert.equal(r.isError, true, `${what} should be a tool error, got: ${text(r)}`);
  assert.match(text(r), pattern, what);
}

test('mcp: lists its seven tools, each with a description, an input schema and an output schema', { skip }, async () => {
  const s = await connect();
  try {
    const { tools } = await s.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ['check_tactics', 'declaration', 'goal', 'informalize', 'premises', 'search', 'suggest_tactics']);
    const required: Record<string, string[]> = {
      search: ['query'],
      premises: ['goal'],
      declaration: ['name'],
      goal: ['file', 'line'],
      check_tactics: ['file', 'line', 'tactics'],
      suggest_tactics: [],
      informalize: ['name'],
    };
    for (const [name, req] of Object.entries(required)) {
      const t = byName.get(name)!;
      assert.ok((t.description ?? '').length > 40, `${name}: description`);
      assert.equal(t.inputSchema.type, 'object');
      assert.deepEqual([...(t.inputSchema.required ?? [])].sort(), req.sort(), `${name}: required arguments`);
      assert.equal(t.outputSchema?.type, 'object', `${name}: output schema`);
    }
    const search = byName.get('search')!.inputSchema.properties as Record<string, { type?: string; maxLength?: number }>;
    for (const key of ['query', 'kind', 'module', 'namespace', 'from', 'line', 'k']) assert.ok(key in search, `search takes ${key}`);
    assert.equal(search.query.maxLength, 20_000);
    const check = byName.get('check_tactics')!.inputSchema.properties as Record<string, { type?: string }>;
    assert.equal(check.tactics.type, 'array');
  } finally {
    await s.close();
  }
});

test('mcp: search, premises, declaration, informalize and suggest_tactics answer on the fixture project', { skip }, async () => {
  const s = await connect();
  try {
    // search: a pattern, with the file and line it is asked from.
    const sr = assertOk(await call(s, 'search', { query: 'a * (2 - a) ≤ 1', k: 5 }), 'search');
    assert.equal(sr.hits[0].name, 'LeanscoutFixture.mul_two_sub_le_one');
    assert.equal(sr.hits[0].location, 'LeanscoutFixture/Basic.lean:21');
    assert.equal(sr.hits[0].module, 'LeanscoutFixture.Basic');
    assert.match(sr.hits[0].doc, /upper bound/);
    assert.equal(sr.hits[0].inScope, undefined);
    const from = assertOk(await call(s, 'search', { query: 'a * (2 - a) ≤ 1', from: 'LeanscoutFixture/MiniF2F.lean', line: 12, k: 10 }), 'search from');
    assert.equal(from.fromModule, 'LeanscoutFixture.MiniF2F');
    assert.ok(!from.hits.some((h: { name: string }) => h.name === 'algebra_sqineq_at2malt1'), 'the theorem being proved is left out');
    assert.equal(from.hits.find((h: { name: string }) => h.name === 'LeanscoutFixture.mul_two_sub_le_one')?.inScope, true);
    assert.equal(from.hits.find((h: { name: string }) => h.name === 'LeanscoutFixture.mul_two_sub_eq_old')?.inScope, false, 'Extra is not imported by MiniF2F');
    // A module the index lacks: asked as from no file, and the text an agent reads says so after the hits.
    const unknownFrom = await call(s, 'search', { query: 'a * (2 - a) ≤ 1', from: 'No.Such.Module', k: 3 });
    assert.equal(assertOk(unknownFrom, 'search from an unknown module').hits[0].name, 'LeanscoutFixture.mul_two_sub_le_one');
    assert.match(text(unknownFrom), /1\. LeanscoutFixture\.mul_two_sub_le_one[\s\S]*\n\nNote: module No\.Such\.Module is not in the index/);
    const defs = assertOk(await call(s, 'search', { query: 'triangular number', kind: 'def' }), 'search kind');
    assert.ok(defs.hits.length > 0 && defs.hits.every((h: { kind: string }) => h.kind === 'def'));
    const ns = assertOk(await call(s, 'search', { query: 'square', namespace: 'LeanscoutFixture', module: 'LeanscoutFixture.Extra', kind: ['theorem'] }), 'search filters');
    assert.ok(ns.hits.length > 0 && ns.hits.every((h: { module: string }) => h.module === 'LeanscoutFixture.Extra'));

    // premises: what the file can use at that line, with what to write.
    const pr = await call(s, 'premises', { goal: 'a : ℝ\n⊢ a * (2 - a) ≤ 1', file: 'LeanscoutFixture/MiniF2F.lean', line: 12, k: 5 });
    const p = assertOk(pr, 'premises');
    assert.equal(p.hits[0].name, 'LeanscoutFixture.mul_two_sub_le_one');
    assert.equal(p.hits[0].use, 'exact LeanscoutFixture.mul_two_sub_le_one');
    assert.equal(p.hits[0].inScope, true);
    assert.ok(!p.hits.some((h: { name: string }) => h.name === 'algebra_sqineq_at2malt1'));
    assert.match(text(pr), /LeanscoutFixture\/Basic\.lean:21 — use: exact LeanscoutFixture\.mul_two_sub_le_one/);

    // declaration: everything known, and a deprecated alias's replacement.
    const d = assertOk(await call(s, 'declaration', { name: 'LeanscoutFixture.mul_two_sub_le_one' }), 'declaration');
    assert.deepEqual(
      { kind: d.kind, signature: d.signature, module: d.module, file: d.file, line: d.line },
      { kind: 'theorem', signature: '(a : ℝ) : a * (2 - a) ≤ 1', module: 'LeanscoutFixture.Basic', file: 'LeanscoutFixture/Basic.lean', line: 21 },
    );
    // …with the notation the project declares for it, and that notation typed alone finds it
    const tri = await call(s, 'declaration', { name: 'LeanscoutFixture.triangular' });
    assert.deepEqual(assertOk(tri, 'declaration with notation').notation, ['△ _']);
    assert.match(text(tri), /^notation: △ _$/m);
    assert.equal(assertOk(await call(s, 'search', { query: '△ 4' }), 'notation search').hits[0].name, 'LeanscoutFixture.triangular');
    const old = await call(s, 'declaration', { name: 'LeanscoutFixture.mul_two_sub_eq_old' });
    const o = assertOk(old, 'deprecated declaration');
    assert.equal(o.deprecated.replacement, 'LeanscoutFixture.mul_two_sub_eq');
    assert.equal(o.deprecated.since, '2026-01-15');
    assert.equal(o.replacement.name, 'LeanscoutFixture.mul_two_sub_eq');
    assert.match(text(old), /deprecated since 2026-01-15: use LeanscoutFixture\.mul_two_sub_eq/);

    // informalize without a model: the docstring and the structural reading, labelled.
    const inf = await call(s, 'informalize', { name: 'LeanscoutFixture.mul_two_sub_le_one' });
    const i = assertOk(inf, 'informalize');
    assert.equal(i.modelFree, true);
    assert.equal(i.origin, 'docstring');
    assert.match(text(inf), /^\[model-free\]/);
    assert.match(i.structure, /a \* \(2 - a\) ≤ 1/);

    // suggest_tactics from a goal alone: model-free, unchecked, labelled.
    const sg = await call(s, 'suggest_tactics', { goal: 'a : ℝ\n⊢ a * (2 - a) ≤ 1' });
    const g = assertOk(sg, 'suggest_tactics');
    assert.equal(g.modelFree, true);
    assert.equal(g.checked, false);
    assert.equal(g.source, 'model-free');
    assert.ok(g.candidates.some((c: { tactic: string }) => c.tactic === 'exact LeanscoutFixture.mul_two_sub_le_one a'));
    assert.ok(g.candidates.every((c: { status: string }) => c.status === 'unchecked'));
    assert.match(text(sg), /^Model-free candidates, not checked/);
  } finally {
    await s.close();
  }
});

test('mcp: bad input gives tool errors with a clear message, and the server keeps answering', { skip }, async () => {
  const s = await connect();
  try {
    assertToolError(await call(s, 'no_such_tool', {}), /no_such_tool not found/, 'unknown tool');
    assertToolError(await call(s, 'search', { query: 42 }), /expected string/, 'query of the wrong type');
    assertToolError(await call(s, 'search', {}), /query/, 'query missing');
    assertToolError(await call(s, 'search', { query: '' }), /query is empty/, 'empty query');
    assertToolError(await call(s, 'search', { query: '   ' }), /query is empty/, 'blank query');
    assertToolError(await call(s, 'search', { query: 'x'.repeat(1024 * 1024) }), /query is too long/, '1 MB query');
    assertToolError(await call(s, 'search', { query: 'sum', k: 0 }), /k/, 'k = 0');
    assertToolError(await call(s, 'search', { query: 'sum', kind: 'lemma' }), /kind/, 'unknown kind');
    assertToolError(await call(s, 'search', { query: 'sum', line: 3 }), /`line` needs `from`/, 'line without from');
    assertToolError(await call(s, 'premises', { goal: '⊢ True', file: '../../package.json', line: 1 }), /inside the project/, 'file outside the project');
    assertToolError(await call(s, 'premises', { goal: '⊢ True', file: 'LeanscoutFixture/Nope.lean', line: 1 }), /no such file/, 'missing file');
    assertToolError(await call(s, 'declaration', { name: 'LeanscoutFixture.mul_two_sub_le' }), /No declaration named LeanscoutFixture\.mul_two_sub_le .*Did you mean: LeanscoutFixture\.mul_two_sub_le_one/, 'unknown name');
    assertToolError(await call(s, 'informalize', { name: 'Nope.nothing_here' }), /No declaration named Nope\.nothing_here/, 'informalize an unknown name');
    assertToolError(await call(s, 'check_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12, tactics: [] }), /at least one tactic/, 'no tactics');
    assertToolError(await call(s, 'goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 999 }), /past the end of the file/, 'line past the end');
    assertToolError(await call(s, 'goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 1.5 }), /line/, 'fractional line');
    assertToolError(await call(s, 'suggest_tactics', {}), /give a goal, or a file and line/, 'suggest without a goal');
    // Still answering.
    assertOk(await call(s, 'search', { query: 'triangular' }), 'search after the errors');
  } finally {
    await s.close();
  }
});

test('mcp: a missing project is a tool error that names it', { skip }, async () => {
  const missing = join(tmp, 'no-such-project');
  const s = await connect([], missing, join(tmp, 'cache-missing'));
  try {
    assertToolError(await call(s, 'search', { query: 'sum' }), /project folder not found: .*no-such-project/, 'search');
    assertToolError(await call(s, 'declaration', { name: 'Nat.succ' }), /project folder not found/, 'declaration');
  } finally {
    await s.close();
  }
});

test('mcp: ten concurrent calls all answer (Lean-protocol test server for goal and check_tactics)', { skip }, async () => {
  const s = await connect(['--lean-server', LEAN_CMD]);
  try {
    const calls: [string, Record<string, unknown>][] = [
      ['search', { query: 'a * (2 - a) ≤ 1' }],
      ['search', { query: 'powers of two modulo seven' }],
      ['premises', { goal: 'n : ℕ\n⊢ ¬7 ∣ 2 ^ n + 1', file: 'LeanscoutFixture/MiniF2F.lean', line: 17 }],
      ['declaration', { name: 'LeanscoutFixture.triangular' }],
      ['informalize', { name: 'LeanscoutFixture.seven_dvd_iff_mod_eq_zero' }],
      ['goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 }],
      ['goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 25 }],
      ['check_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 25, tactics: ['norm_num'] }],
      ['suggest_tactics', { goal: '⊢ 71 % 3 = 2' }],
      ['search', { query: 'Nat.mod_lt', kind: ['theorem'] }],
    ];
    const results = await Promise.all(calls.map(([name, args]) => call(s, name, args)));
    results.forEach((r, i) => assertOk(r, `${calls[i][0]} #${i}`));
    assert.equal(results[7].structuredContent!.results[0].status, 'closes');
  } finally {
    await s.close();
  }
});

test('goal with the Lean-protocol test server: goals, no goals, term mode', { skip }, async () => {
  const s = await connect(['--lean-server', LEAN_CMD]);
  try {
    const r = await call(s, 'goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 });
    const g = assertOk(r, 'goal');
    assert.deepEqual(g, { file: 'LeanscoutFixture/MiniF2F.lean', line: 12, column: 2, state: 'goals', goals: ['a : ℝ\n⊢ a * (2 - a) ≤ 1'] });
    assert.equal(text(r), 'Goal at LeanscoutFixture/MiniF2F.lean:12:2 (1 goal):\na : ℝ\n⊢ a * (2 - a) ≤ 1');
    // Two goals after `induction n`, none after the last bullet, and the expected type of a term-mode proof.
    const two = assertOk(await call(s, 'goal', { file: 'LeanscoutFixture/Induction.lean', line: 7, column: 13 }), 'goal after induction');
    assert.equal(two.goals.length, 2);
    assert.match(two.goals[1], /^case succ/);
    const done = assertOk(await call(s, 'goal', { file: 'LeanscoutFixture/Induction.lean', line: 9, column: 9 }), 'no goals');
    assert.equal(done.state, 'noGoals');
    const term = assertOk(await call(s, 'goal', { file: 'LeanscoutFixture/ProofNet.lean', line: 11 }), 'term goal');
    assert.equal(term.state, 'term');
    assert.deepEqual(term.goals, ['n : ℕ\nhn : Odd n\n⊢ 8 ∣ n ^ 2 - 1']);
    // An absolute path inside the project is the same file.
    const abs = assertOk(await call(s, 'goal', { file: join(FIXTURE, 'LeanscoutFixture/MiniF2F.lean'), line: 17 }), 'absolute path');
    assert.deepEqual(abs.goals, ['n : ℕ\n⊢ ¬7 ∣ 2 ^ n + 1']);
  } finally {
    await s.close();
  }
});

test('check_tactics with the Lean-protocol test server: closes, progress with the remaining goals, fails with Lean’s error', { skip }, async () => {
  const s = await connect(['--lean-server', LEAN_CMD]);
  try {
    const r = await call(s, 'check_tactics', {
      file: 'LeanscoutFixture/MiniF2F.lean',
      line: 12,
      tactics: ['nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]', 'apply LeanscoutFixture.mul_two_sub_le_one', 'exact noSuchTheorem', 'norm_num'],
    });
    const c = assertOk(r, 'check_tactics');
    assert.deepEqual(c.goals, ['a : ℝ\n⊢ a * (2 - a) ≤ 1']);
    const status = Object.fromEntries(c.results.map((x: { tactic: string; status: string }) => [x.tactic, x.status]));
    assert.deepEqual(status, {
      'nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]': 'closes',
      'apply LeanscoutFixture.mul_two_sub_le_one': 'closes',
      'exact noSuchTheorem': 'fails',
      // The script proves norm_num only for `71 % 3 = 2`: here it is not scripted, so Lean "reports no goal".
      norm_num: 'unchecked',
    });
    assert.equal(c.results[2].error, 'Unknown identifier `noSuchTheorem`');
    assert.match(text(r), /✓ apply LeanscoutFixture\.mul_two_sub_le_one — closes the goal/);
    assert.match(text(r), /✗ exact noSuchTheorem — fails: Unknown identifier `noSuchTheorem`/);

    // `induction n` at the second bullet's goal: progress, two goals remain.
    const p = assertOk(await call(s, 'check_tactics', { file: 'LeanscoutFixture/Induction.lean', line: 9, column: 2, tactics: ['induction n'] }), 'progress');
    assert.equal(p.results[0].status, 'progress');
    assert.equal(p.results[0].remainingGoals.length, 2);

    // suggest_tactics at the position: the model-free candidates, checked there.
    const sg = assertOk(await call(s, 'suggest_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 }), 'suggest_tactics checked');
    assert.equal(sg.checked, true);
    assert.equal(sg.modelFree, true);
    assert.deepEqual(sg.candidates[0], { tactic: 'exact LeanscoutFixture.mul_two_sub_le_one a', source: 'premise', status: 'closes', premises: ['LeanscoutFixture.mul_two_sub_le_one'] });
    assert.ok(!sg.premises.includes('algebra_sqineq_at2malt1'), 'the theorem being proved is no premise');

    // No tactic goal at the position: a tool error that says so.
    assertToolError(await call(s, 'check_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 1, tactics: ['simp'] }), /No tactic goal at LeanscoutFixture\/MiniF2F\.lean:1:0/, 'no goal there');
    // The file on disk is untouched.
    assert.ok(!existsSync(join(FIXTURE, 'LeanscoutFixture/LeanScoutScratch_MiniF2F.lean')));
  } finally {
    await s.close();
  }
});

test('goal without a Lean server that can run: a tool error that says why', { skip }, async () => {
  const s = await connect(['--lean-server', 'leanscout-no-such-program serve']);
  try {
    assertToolError(await call(s, 'goal', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 }), /no Lean server can run: `leanscout-no-such-program` was not found/, 'missing program');
    assertToolError(await call(s, 'check_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12, tactics: ['simp'] }), /no Lean server can run/, 'check_tactics');
    // suggest_tactics with a goal still answers, unchecked, and says why.
    const sg = await call(s, 'suggest_tactics', { goal: 'a : ℝ\n⊢ a * (2 - a) ≤ 1', file: 'LeanscoutFixture/MiniF2F.lean', line: 12 });
    const g = assertOk(sg, 'suggest_tactics');
    assert.equal(g.checked, false);
    assert.match(g.message, /Not checked in Lean: no Lean server can run/);
  } finally {
    await s.close();
  }
});

test('mcp: a changed, new or deleted project file is re-indexed before the next answer', { skip }, async () => {
  const project = join(tmp, 'changing');
  cpSync(FIXTURE, project, { recursive: true });
  const s = await connect([], project, join(tmp, 'cache-changing'));
  try {
    assertToolError(await call(s, 'declaration', { name: 'LeanscoutFixture.freshly_added' }), /No declaration named/, 'before');
    await new Promise((r) => setTimeout(r, 1100)); // files are checked at most once a second
    appendFileSync(join(project, 'LeanscoutFixture/Basic.lean'), '\nnamespace LeanscoutFixture\n/-- Added while the server runs. -/\ntheorem freshly_added (n : ℕ) : n + 0 = n := rfl\nend LeanscoutFixture\n');
    mkdirSync(join(project, 'LeanscoutFixture/New'), { recursive: true });
    writeFileSync(join(project, 'LeanscoutFixture/New/File.lean'), 'theorem brand_new_file_theorem : True := trivial\n');
    unlinkSync(join(project, 'LeanscoutFixture/Extra.lean'));
    const added = assertOk(await call(s, 'declaration', { name: 'LeanscoutFixture.freshly_added' }), 'after the change');
    assert.equal(added.doc, 'Added while the server runs.');
    assertOk(await call(s, 'declaration', { name: 'brand_new_file_theorem' }), 'a new file');
    assertToolError(await call(s, 'declaration', { name: 'LeanscoutFixture.triangular' }), /No declaration named/, 'a deleted file');
  } finally {
    await s.close();
  }
});

test('mcp: a client that sent a progressToken gets progress while the index builds, and logging messages', { skip }, async () => {
  // A project that takes a moment to index: 60 files of 400 theorems.
  const project = join(tmp, 'bigger');
  mkdirSync(join(project, 'Big'), { recursive: true });
  writeFileSync(join(project, 'lean-toolchain'), 'leanprover/lean4:v4.15.0\n');
  for (let f = 0; f < 60; f++) {
    const lines = [`namespace Big${f}`];
    for (let i = 0; i < 400; i++) lines.push(`/-- Lemma ${i} of file ${f} about sums. -/\ntheorem sum_le_${f}_${i} (a b : Nat) (h : a ≤ b) : a + ${i} ≤ b + ${i} := by omega\n`);
    lines.push(`end Big${f}`);
    writeFileSync(join(project, 'Big', `File${f}.lean`), lines.join('\n'));
  }
  const s = await connect([], project, join(tmp, 'cache-bigger'));
  try {
    const progress: Progress[] = [];
    const r = (await s.client.callTool({ name: 'search', arguments: { query: 'sum_le_59_399' } }, undefined, { onprogress: (p) => void progress.push(p), timeout: 120_000 })) as Result;
    const out = assertOk(r, 'search while building');
    assert.equal(out.hits[0].name, 'Big59.sum_le_59_399');
    assert.ok(progress.length > 0, 'progress notifications');
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress, 'progress increases');
    assert.ok(progress.every((p) => p.total === 100 && /indexing the project/.test(p.message ?? '')));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(s.logs.some((l) => /index ready: 24000 declarations/.test(l)), `logging messages: ${s.logs.join(' | ')}`);
  } finally {
    await s.close();
  }
});

test('mcp: stdout carries only protocol messages, and closing stdin ends the process and its Lean server', { skip }, async () => {
  const child = spawn(process.execPath, [CLI, 'mcp', '--project', FIXTURE, '--cache', CACHE, '--lean-server', LEAN_CMD], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const send = (m: unknown) => child.stdin.write(JSON.stringify(m) + '\n');
  const answer = async (id: number) => {
    for (let waited = 0; waited < 30_000; waited += 20) {
      const line = out.split('\n').find((l) => l.includes(`"id":${id}`));
      if (line) return JSON.parse(line) as { result?: Record<string, any>; error?: { message: string } };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no answer to ${id}; stderr:\n${err}`);
  };
  try {
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    assert.equal((await answer(1)).result?.serverInfo.name, 'leanscout');
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    child.stdin.write('this is not JSON\n'); // ignored, the server lives on
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'goal', arguments: { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 } } });
    const goal = await answer(2);
    assert.equal(goal.result?.isError, undefined, JSON.stringify(goal));
    assert.deepEqual(goal.result?.structuredContent.goals, ['a : ℝ\n⊢ a * (2 - a) ≤ 1']);
    // A message larger than the transport takes is refused, and the server still answers.
    send({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'search', arguments: { query: 'x'.repeat(9 * 1024 * 1024) } }, id: 3 });
    assert.match((await answer(3)).error?.message ?? '', /request too large/);
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'search', arguments: { query: 'triangular' } } });
    assert.equal((await answer(4)).result?.structuredContent.hits[0].name, 'LeanscoutFixture.triangular');
    const leanPids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
    assert.equal(leanPids.length, 1, 'one Lean server runs');

    child.stdin.end();
    const t0 = Date.now();
    let guard: NodeJS.Timeout | undefined;
    const { code, signal } = await Promise.race([exited, new Promise<never>((_, rej) => (guard = setTimeout(() => rej(new Error(`still running 10 s after stdin closed; stderr:\n${err}`)), 10_000)))]);
    clearTimeout(guard);
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(Date.now() - t0 < 5000);
    // Gone, or a zombie left to a container's init that does not reap (it has exited all the same).
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
      } catch {
        return false;
      }
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!leanPids.some(alive), 'the Lean server is gone');
    // Every line on stdout is a JSON-RPC message.
    for (const line of out.split('\n').filter(Boolean)) assert.equal(JSON.parse(line).jsonrpc, '2.0', line.slice(0, 200));
    assert.match(err, /stdin closed: stopping/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('suggest_tactics and informalize with a model (Ollama-API test server), checked by the Lean-protocol test server', { skip }, async () => {
  const tactics = await startOllamaApiTestServer({ text: '1. `nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]`\n2. `exact noSuchTheorem`' });
  const words = await startOllamaApiTestServer({ text: 'For every real number $a$, $a(2-a) \\le 1$.' });
  const a = await connect(['--lean-server', LEAN_CMD, '--provider', 'ollama', '--host', tactics.url, '--model', 'test-model']);
  const b = await connect(['--provider', 'ollama', '--host', words.url, '--model', 'test-model']);
  try {
    const sg = await call(a, 'suggest_tactics', { file: 'LeanscoutFixture/MiniF2F.lean', line: 12 });
    const g = assertOk(sg, 'suggest_tactics with a model');
    assert.equal(g.modelFree, false);
    assert.equal(g.checked, true);
    assert.match(g.source, /test-model/);
    const byTactic = new Map(g.candidates.map((c: { tactic: string }) => [c.tactic, c]));
    assert.deepEqual(byTactic.get('nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]'), { tactic: 'nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]', source: 'model', status: 'closes', premises: ['LeanscoutFixture.sub_one_sq_nonneg'] });
    assert.equal((byTactic.get('exact noSuchTheorem') as { status: string }).status, 'fails');
    assert.equal(tactics.requests[0].path, '/api/chat');
    assert.ok(JSON.stringify(tactics.requests[0].body).includes('LeanscoutFixture.mul_two_sub_le_one (a : ℝ) : a * (2 - a) ≤ 1'), 'the premises are in the prompt');
    assert.doesNotMatch(text(sg), /Model-free/);

    const inf = await call(b, 'informalize', { name: 'LeanscoutFixture.mul_two_sub_le_one' });
    const i = assertOk(inf, 'informalize with a model');
    assert.deepEqual({ origin: i.origin, modelFree: i.modelFree, text: i.text }, { origin: 'model', modelFree: false, text: 'For every real number $a$, $a(2-a) \\le 1$.' });
    assert.doesNotMatch(text(inf), /model-free/);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([tactics.close(), words.close()]);
  }
});

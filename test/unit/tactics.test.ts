// Tactic candidates: parsing model output, model-free candidates, and checking in Lean through the
// Lean-protocol TEST SERVER (a real stdio JSON-RPC process standing in for `lake serve`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTacticCandidates } from '../../src/core/tactics/parse';
import { automationCandidates, premiseCandidates } from '../../src/core/tactics/modelFree';
import { TacticChecker, placeCandidate } from '../../src/core/tactics/check';
import { suggestTactics, rankCandidates } from '../../src/core/tactics/suggest';
import { buildTacticPrompt } from '../../src/core/tactics/prompt';
import { OllamaProvider } from '../../src/core/models/ollama';
import { StdioLeanConnection } from '../../src/node/leanStdioConnection';
import { startOllamaApiTestServer, type ModelTestServer } from '../servers/ollama-api-test-server';
import { tempDir } from './tempProject';

describe('parsing model output', () => {
  test('fences, numbering, [TAC], inline code, prose', () => {
    assert.deepEqual(parseTacticCandidates('```lean\nsimp\n  linarith -- closes it\n```'), ['simp', 'linarith']);
    assert.deepEqual(parseTacticCandidates('1. `norm_num`\n2. `exact h₀`\n3) ring'), ['norm_num', 'exact h₀', 'ring']);
    assert.deepEqual(parseTacticCandidates('[TAC] rw [h1] [/TAC]'), ['rw [h1]']);
    assert.deepEqual(parseTacticCandidates('I think you should try\nomega\nbecause the goal is linear.'), ['omega']);
    assert.deepEqual(parseTacticCandidates('Try `apply Nat.succ_le_of_lt` then `exact h`.'), ['apply Nat.succ_le_of_lt', 'exact h']);
  });
  test('drops sorry/admit, declarations, duplicates, self-reference, unterminated fences still read', () => {
    assert.deepEqual(parseTacticCandidates('```lean\ntheorem foo : True := by\n  sorry\n  trivial\n  trivial\n  exact foo\n```', { declName: 'foo' }), ['trivial']);
    assert.deepEqual(parseTacticCandidates('```lean\nsimp [mul_comm]\nnlinarith [sq_nonneg (a - b)]'), ['simp [mul_comm]', 'nlinarith [sq_nonneg (a - b)]']);
    assert.deepEqual(parseTacticCandidates(''), []);
    assert.deepEqual(parseTacticCandidates('<html><body>garbage</body></html>'), []);
  });
});

describe('model-free candidates', () => {
  const goal = 'a b : ℕ\nh : a ≤ b\n⊢ a + 0 ≤ b';
  test('from premises by their shape', () => {
    const c = premiseCandidates(goal, [
      { name: 'Nat.add_zero', signature: '(n : ℕ) : n + 0 = n' },
      { name: 'Nat.le_of_lt_succ', signature: '{m n : ℕ} : m < n.succ → m ≤ n' },
      { name: 'le_refl', signature: '{α : Type u_1} [Preorder α] (a : α) : a ≤ a' },
    ]).map((x) => x.tactic);
    assert.ok(c.includes('rw [Nat.add_zero]') && c.includes('simp [Nat.add_zero]'));
    assert.ok(c.includes('apply Nat.le_of_lt_succ'));
    assert.ok(c.includes('apply le_refl'));
  });
  test('automation ordered by the goal shape', () => {
    assert.equal(automationCandidates('x : ℝ\n⊢ 0 < x ^ 2 + 1')[0].tactic, 'positivity');
    assert.equal(automationCandidates('⊢ 2 + 2 = 4')[0].tactic, 'norm_num');
    const lin = automationCandidates(goal).map((x) => x.tactic);
    assert.ok(lin.indexOf('omega') < lin.indexOf('aesop'));
    assert.ok(lin.includes('exact?') && lin.includes('decide'));
  });
  test('prompt lists the premises with their signatures before the state', () => {
    const [, user] = buildTacticPrompt({ goals: [goal], premises: [{ name: 'Nat.add_zero', signature: '(n : ℕ) : n + 0 = n' }], count: 4 });
    assert.ok(user.content.indexOf('Nat.add_zero (n : ℕ) : n + 0 = n') < user.content.indexOf('⊢ a + 0 ≤ b'));
  });
});

test('placeCandidate puts the tactic at the cursor line with the block indentation', () => {
  const text = 'theorem t (n : Nat) : n = n := by\n  \n';
  assert.deepEqual(placeCandidate(text, { line: 1, character: 2 }, 'rfl'), { text: 'theorem t (n : Nat) : n = n := by\n  rfl\n', line: 1 });
  assert.equal(placeCandidate('theorem t : True := by\n  skip', { line: 1, character: 6 }, 'trivial').text, 'theorem t : True := by\n  skip\n  trivial');
});

test('ranking: closes, then progress by fewest goals, unchecked, fails last', () => {
  const r = rankCandidates([
    { tactic: 'a', source: 'automation', status: 'fails' },
    { tactic: 'b', source: 'premise', status: 'progress', remainingGoals: ['x', 'y'] },
    { tactic: 'c', source: 'automation', status: 'closes' },
    { tactic: 'd', source: 'model', status: 'progress', remainingGoals: ['x'] },
    { tactic: 'e', source: 'model', status: 'unchecked' },
  ]);
  assert.deepEqual(r.map((c) => c.tactic), ['c', 'd', 'b', 'e', 'a']);
});

// Goal texts below are real Lean output (leanprover/lean4 tests/lean/interactive/plainGoal.lean, via /work/shared/lean-data).
const GOAL0 = 'n m : Nat\nh1 : n = m\nh2 : m = 0\n⊢ 0 = n';
const GOAL1 = 'n m : Nat\nh1 : n = m\nh2 : m = 0\n⊢ 0 = m';
const FILE = 'theorem ex (n m : Nat) (h1 : n = m) (h2 : m = 0) : 0 = n := by\n  \n';
const SERVER_JS = resolve('out/test/servers/lean-protocol-test-server.js');

describe('checking in Lean via the Lean-protocol test server (stdio)', { skip: !existsSync(SERVER_JS) && 'lean-protocol-test-server not built' }, () => {
  let conn: StdioLeanConnection;
  let model: ModelTestServer;
  const dir = tempDir('leanscout-tactics-');
  const ctx = { uri: `file://${dir}/Ex.lean`, version: 7, text: FILE, position: { line: 1, character: 2 }, goals: [GOAL0] };

  before(async () => {
    const script = {
      goals: [{ uriSuffix: 'Ex.lean', line: 1, goals: [GOAL0] }],
      tactics: [
        { tactic: 'rw [h1, h2]', outcome: 'closes' },
        { tactic: 'rw [h1]', outcome: 'progress', goals: [GOAL1] },
        { tactic: 'omega', outcome: 'closes' },
        { tactic: 'simp', outcome: 'error', message: 'simp made no progress' },
      ],
      unknownTacticsFail: true,
    };
    writeFileSync(join(dir, 'script.json'), JSON.stringify(script));
    conn = await StdioLeanConnection.start({ command: `node ${SERVER_JS} --script ${join(dir, 'script.json')}`, cwd: dir, initTimeoutMs: 20_000 });
    model = await startOllamaApiTestServer({ text: '```lean\nexact h2\nrw [h1]\nrw [h1, h2]\n```' });
  });
  after(async () => {
    await conn.close();
    await model.close();
  });

  test('marks candidates closes / progress / fails by the server’s answers', async () => {
    const checker = new TacticChecker(conn);
    const out = await checker.check(ctx, ['rw [h1, h2]', 'rw [h1]', 'simp', 'exact h2']);
    assert.deepEqual(out.map((o) => o.status), ['closes', 'progress', 'fails', 'fails']);
    assert.deepEqual(out[1].remainingGoals, [GOAL1]);
    assert.equal(out[2].error, 'simp made no progress');
    assert.equal(out[3].error, 'unknown tactic');
    checker.dispose();
  });

  test('suggestTactics: model + model-free candidates, checked and ranked, tied to the document version', async () => {
    const checker = new TacticChecker(conn);
    const updates: number[] = [];
    const res = await suggestTactics({
      goals: [GOAL0],
      premises: [{ name: 'Nat.add_zero', signature: '(n : Nat) : n + 0 = n' }],
      provider: new OllamaProvider({ host: model.url, model: 'test', policy: { timeoutMs: 5000, retries: 0, backoffMs: 1 } }),
      checker,
      checkContext: ctx,
      onUpdate: (u) => updates.push(u.candidates.length),
    });
    checker.dispose();
    assert.equal(res.version, 7);
    assert.ok(updates.length >= 2, 'partial results were emitted');
    const first = res.candidates[0];
    assert.equal(first.status, 'closes');
    assert.equal(first.tactic, 'rw [h1, h2]');
    assert.equal(first.source, 'model');
    const byTactic = new Map(res.candidates.map((c) => [c.tactic, c]));
    assert.equal(byTactic.get('omega')?.status, 'closes');
    assert.equal(byTactic.get('rw [h1]')?.status, 'progress');
    assert.equal(byTactic.get('exact h2')?.status, 'fails');
    assert.equal(byTactic.get('simp')?.status, 'fails');
    assert.equal(res.candidates.at(-1)?.status, 'fails');
  });

  test('repair: when every candidate fails, the model gets Lean’s errors (bounded rounds)', async () => {
    model.set({ text: '```lean\nexact h2\n```' });
    const n = model.requests.length;
    const checker = new TacticChecker(conn);
    const res = await suggestTactics({
      goals: [GOAL0],
      premises: [],
      provider: new OllamaProvider({ host: model.url, model: 'test', policy: { timeoutMs: 5000, retries: 0, backoffMs: 1 } }),
      checker,
      checkContext: ctx,
      options: { modelFree: false, repairRounds: 2 },
    });
    checker.dispose();
    assert.equal(model.requests.length - n, 2, 'the first ask + one repair round (the repeated answer adds nothing new to check)');
    const repair = model.requests.at(-1)!.body as { messages: { content: string }[] };
    const text = repair.messages.map((m) => m.content).join('\n');
    assert.match(text, /Tactic: exact h2\nLean error: unknown tactic/);
    assert.deepEqual(res.candidates.map((c) => c.status), ['fails']);
  });

  test('a crashed server leaves candidates unchecked with a reason', async () => {
    const script = join(dir, 'crash.json');
    writeFileSync(script, JSON.stringify({ crashAfterRequests: 1, tactics: [{ tactic: 'omega', outcome: 'closes' }] }));
    const c2 = await StdioLeanConnection.start({ command: `node ${SERVER_JS} --script ${script}`, cwd: dir });
    const checker = new TacticChecker(c2, { perCandidateMs: 3000 });
    const out = await checker.check(ctx, ['omega', 'simp', 'ring']);
    assert.ok(out.every((o) => o.status !== 'closes' || o.tactic === 'omega'));
    assert.ok(out.some((o) => o.status === 'unchecked' && /Lean|connection|closed|running|disposed/i.test(o.error ?? '')), JSON.stringify(out));
    checker.dispose();
    await c2.close();
  });
});

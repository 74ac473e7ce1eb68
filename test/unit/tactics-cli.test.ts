// `leanscout suggest` / `informalize` end to end: the built CLI (dist/cli.js) with an Ollama-API test server on
// loopback (`--host` honoured exactly) and the Lean-protocol test server as `--lean-server`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startOllamaApiTestServer } from '../servers/ollama-api-test-server';
import { tempDir } from './tempProject';

const CLI = resolve('dist/cli.js');
const LEAN_SERVER = resolve('out/test/servers/lean-protocol-test-server.js');
const skip = (!existsSync(CLI) && 'dist/cli.js not built (npm run build)') || (!existsSync(LEAN_SERVER) && 'lean-protocol-test-server not built');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile('node', [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolveRun({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function demoProject(): string {
  const dir = tempDir('leanscout-cli-');
  writeFileSync(join(dir, 'lean-toolchain'), 'leanprover/lean4:v4.15.0\n');
  writeFileSync(join(dir, 'lakefile.lean'), 'import Lake\nopen Lake DSL\npackage demo\nlean_lib Demo\n');
  mkdirSync(join(dir, 'Demo'));
  writeFileSync(
    join(dir, 'Demo', 'Basic.lean'),
    'namespace Demo\n\n/-- If `n = m` and `m = 0` then `0 = n`. -/\ntheorem zero_eq_of_eq (n m : Nat) (h1 : n = m) (h2 : m = 0) : 0 = n := by\n  rw [h1, h2]\n\nend Demo\n',
  );
  return dir;
}

test('suggest --json with an Ollama test server and the Lean-protocol test server', { skip }, async () => {
  const project = demoProject();
  // Real Lean goal text (leanprover/lean4 tests/lean/interactive/plainGoal.lean).
  writeFileSync(join(project, 'goal.txt'), 'n m : Nat\nh1 : n = m\nh2 : m = 0\n⊢ 0 = n\n');
  writeFileSync(join(project, 'script.json'), JSON.stringify({ tactics: [{ tactic: 'rw [h1, h2]', outcome: 'closes' }, { tactic: 'simp', outcome: 'error', message: 'simp made no progress' }] }));
  const server = await startOllamaApiTestServer({ text: '1. `rw [h1, h2]`\n2. `exact h2.symm ▸ h1`' });
  try {
    const r = await run([
      'suggest', '--project', project, '--goal-file', join(project, 'goal.txt'), '--provider', 'ollama', '--host', server.url, '--model', 'test-model',
      '--lean-server', `node ${LEAN_SERVER} --script ${join(project, 'script.json')}`, '--cache', join(project, '.cache'), '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { candidates: { tactic: string; source: string; status: string; premises: string[] }[]; premises: string[] };
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, '/api/chat');
    assert.ok(out.premises.includes('Demo.zero_eq_of_eq'));
    const prompt = JSON.stringify(server.requests[0].body);
    assert.ok(prompt.includes('Demo.zero_eq_of_eq (n m : Nat) (h1 : n = m) (h2 : m = 0) : 0 = n'), 'the retrieved premise is in the prompt');
    assert.deepEqual(out.candidates[0], { tactic: 'rw [h1, h2]', source: 'model', premises: [], status: 'closes' });
    assert.equal(out.candidates.find((c) => c.tactic === 'simp')?.status, 'fails');
    assert.ok(out.candidates.some((c) => c.source === 'premise' && c.premises.includes('Demo.zero_eq_of_eq')));
  } finally {
    await server.close();
  }
});

test('suggest with an unreachable model still answers with model-free candidates and says why', { skip }, async () => {
  const project = demoProject();
  writeFileSync(join(project, 'goal.txt'), 'n m : Nat\nh1 : n = m\nh2 : m = 0\n⊢ 0 = n\n');
  const s = await startOllamaApiTestServer();
  await s.close();
  const r = await run(['suggest', '--project', project, '--goal-file', join(project, 'goal.txt'), '--provider', 'ollama', '--host', s.url, '--model', 'm', '--cache', join(project, '.cache'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { candidates: unknown[]; message: string };
  assert.ok(out.candidates.length > 0);
  assert.match(out.message, /not reachable/);
});

test('informalize --json: no model → docstring and structure; with a model → its text', { skip }, async () => {
  const project = demoProject();
  const plain = await run(['informalize', 'Demo.zero_eq_of_eq', '--project', project, '--cache', join(project, '.cache'), '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  const a = JSON.parse(plain.stdout) as { origin: string; text: string; error: string };
  assert.equal(a.origin, 'docstring');
  assert.match(a.text, /Assuming h1 : n = m; and h2 : m = 0/);
  assert.match(a.error, /No model configured/);
  const server = await startOllamaApiTestServer({ text: 'If $n = m$ and $m = 0$, then $0 = n$.' });
  try {
    const withModel = await run(['informalize', 'Demo.zero_eq_of_eq', '--project', project, '--cache', join(project, '.cache'), '--provider', 'ollama', '--host', server.url, '--model', 'x', '--json']);
    assert.equal(withModel.code, 0, withModel.stderr);
    const b = JSON.parse(withModel.stdout) as { origin: string; text: string };
    assert.deepEqual([b.origin, b.text], ['model', 'If $n = m$ and $m = 0$, then $0 = n$.']);
  } finally {
    await server.close();
  }
});

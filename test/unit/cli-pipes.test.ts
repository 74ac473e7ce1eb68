// Every command's output arrives whole through a real OS pipe (`sh -c 'node dist/cli.js … | reader > file'`), to a
// reader that starts late, to jq and to a Python subprocess; with --json, stdout is JSON only, one document per
// line (progress and notes on stderr); a reader that stops early (`| head -1`) ends the CLI with status 0 and no
// stack trace. Time limits here only guard against a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOllamaApiTestServer } from '../servers/ollama-api-test-server';
import { writeBigLeanProject } from '../fixtures/bigLeanFile';

// LEANSCOUT_TEST_CLI: another build of the CLI to check (e.g. an older one, to see these tests catch what it lost).
const CLI = resolve(process.env.LEANSCOUT_TEST_CLI ?? 'dist/cli.js');
const FIXTURE = resolve('test/fixtures/lean-project');
const skip = !existsSync(CLI) && 'dist/cli.js not built (npm run build)';
const HANG_GUARD_MS = 120_000;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const tmp = mkdtempSync(join(tmpdir(), 'leanscout-pipes-'));
const CACHE = join(tmp, 'cache');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
let runs = 0;

interface Piped {
  /** The CLI's exit status (not the reader's). */
  status: number;
  stderr: string;
  /** What the reader wrote. */
  out: string;
}

/** `node dist/cli.js ARGS | READER > file` in sh: the CLI writes into an OS pipe that READER drains at its own pace. */
function piped(args: string[], reader: string): Promise<Piped> {
  const dir = join(tmp, `run${runs++}`);
  mkdirSync(dir);
  const [err, status, out] = ['stderr', 'status', 'out'].map((f) => join(dir, f));
  const cmd = `{ node ${q(CLI)} ${args.map(q).join(' ')} 2>${q(err)}; echo $? >${q(status)}; } | ${reader} >${q(out)}`;
  return new Promise<Piped>((resolveRun, reject) => {
    const child = spawn('sh', ['-c', cmd], { stdio: 'ignore' });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hung: ${cmd}`));
    }, HANG_GUARD_MS);
    child.on('exit', () => {
      clearTimeout(guard);
      const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
      resolveRun({ status: Number(read(status).trim() || NaN), stderr: read(err), out: read(out) });
    });
  });
}

/** Every line of `out` is one JSON object, and the output ends with a newline (no line cut off). */
function jsonLines(out: string): Record<string, unknown>[] {
  assert.ok(out.endsWith('\n'), `output ends mid-line: …${JSON.stringify(out.slice(-80))}`);
  return out
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let v: unknown;
      assert.doesNotThrow(() => (v = JSON.parse(line)), `line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      assert.ok(v && typeof v === 'object' && !Array.isArray(v), `line ${i + 1} is not a JSON object`);
      return v as Record<string, unknown>;
    });
}

function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+[:(]/, `stack trace on stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|Error:/, `error on stderr:\n${stderr}`);
}

const QUERIES = [
  'square of a real number minus one is nonnegative',
  'a * (2 - a) ≤ 1',
  'power of two modulo seven',
  'induction on natural numbers',
  'divisible by seven iff remainder zero',
  'Odd n',
  'x + y + x * y + 1',
  'triangular number',
  'sub_one_sq_nonneg',
  'nothing matches qqqzzzxxx',
];
function queriesFile(n: number): string {
  const file = join(tmp, `queries-${n}.jsonl`);
  if (!existsSync(file)) writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ id: i, query: QUERIES[i % QUERIES.length] })).join('\n') + '\n');
  return file;
}

function assertBatch(out: string, n: number): Record<string, unknown>[] {
  const lines = jsonLines(out);
  assert.equal(lines.length, n, `${lines.length} of ${n} lines arrived`);
  lines.forEach((l, i) => {
    assert.equal(l.id, i, `line ${i + 1} answers query ${String(l.id)}`);
    assert.ok(Array.isArray(l.results));
  });
  return lines;
}

/** The results of each line, without its timing. */
const answers = (lines: Record<string, unknown>[]) => lines.map((l) => JSON.stringify([l.id, l.results]));

test('index --json through a slow pipe: one JSON line with the skipped files as a field; progress on stderr', { skip, timeout: HANG_GUARD_MS }, async () => {
  const r = await piped(['index', '--project', FIXTURE, '--cache', CACHE, '--json'], '(sleep 1; cat)');
  assert.equal(r.status, 0, r.stderr);
  const [stats, ...rest] = jsonLines(r.out);
  assert.deepEqual(rest, []);
  assert.ok(Array.isArray(stats.skipped));
  assert.ok((stats.decls as number) > 0);
  assert.match(r.stderr, /\[extract\]/, 'progress goes to stderr');
  assertNoStackTrace(r.stderr);
});

test('search --queries: 500 queries with -k 100 arrive whole to a reader that starts 1 s late', { skip, timeout: HANG_GUARD_MS }, async () => {
  const r = await piped(['search', '--queries', queriesFile(500), '--project', FIXTURE, '--cache', CACHE, '--json', '-k', '100'], '(sleep 1; cat)');
  assert.equal(r.status, 0, r.stderr);
  const lines = assertBatch(r.out, 500);
  assert.ok(Buffer.byteLength(r.out) > 128 * 1024, `only ${Buffer.byteLength(r.out)} bytes: not more than a pipe holds`);
  assert.ok(lines.some((l) => (l.results as unknown[]).length > 10));
  assert.equal(r.stderr, '', 'nothing but JSON on stdout, nothing on stderr');
});

test('search --queries on a bigger project: hundreds of KB of JSON lines through jq and a slow Python reader; | head -1 exits 0 quietly', { skip, timeout: HANG_GUARD_MS }, async () => {
  const project = writeBigLeanProject(join(tmp, 'mid'), { decls: 3000, bytes: 0 });
  const cache = join(tmp, 'mid-cache');
  const args = ['search', '--queries', queriesFile(500), '--project', project.root, '--cache', cache, '--json', '-k', '100'];
  const slow = await piped(args, '(sleep 1; cat)');
  assert.equal(slow.status, 0, slow.stderr);
  assertBatch(slow.out, 500);
  assert.ok(Buffer.byteLength(slow.out) > 512 * 1024, `${Buffer.byteLength(slow.out)} bytes`);

  if (has('python3')) {
    // Reads a line, now and then sleeps: the CLI waits for the pipe instead of losing what it cannot write.
    const py = 'import sys, time\nfor i, line in enumerate(sys.stdin):\n    sys.stdout.write(line)\n    if i % 100 == 0: time.sleep(0.2)\n';
    const r = await piped(args, `python3 -c ${q(py)}`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(answers(assertBatch(r.out, 500)), answers(assertBatch(slow.out, 500)), 'the same answers through Python');
  }
  if (has('jq')) {
    const r = await piped(args, 'jq -c .id');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.out.trim().split('\n').map(Number), Array.from({ length: 500 }, (_, i) => i));
  }

  const head = await piped(args, 'head -1');
  assert.equal(head.status, 0, `exit status ${head.status} under | head -1:\n${head.stderr}`);
  assertNoStackTrace(head.stderr);
  assert.equal(jsonLines(head.out).length, 1);
  const headText = await piped(['search', 'big theorem', '--project', project.root, '--cache', cache, '-k', '200'], 'head -3');
  assert.equal(headText.status, 0, headText.stderr);
  assertNoStackTrace(headText.stderr);
  assert.equal(headText.out.split('\n').length, 4);
});

test('search "QUERY" --json -k 100: one JSON line', { skip, timeout: HANG_GUARD_MS }, async () => {
  const r = await piped(['search', 'a * (2 - a) ≤ 1', '--project', FIXTURE, '--cache', CACHE, '--json', '-k', '100'], '(sleep 1; cat)');
  assert.equal(r.status, 0, r.stderr);
  const [res, ...rest] = jsonLines(r.out);
  assert.deepEqual(rest, []);
  assert.ok((res.results as { name: string }[]).some((h) => h.name === 'LeanscoutFixture.mul_two_sub_le_one'));
});

test('suggest --json without a model (model-free candidates): one JSON line through a slow pipe', { skip, timeout: HANG_GUARD_MS }, async () => {
  const goal = join(tmp, 'goal.txt');
  writeFileSync(goal, 'a : ℝ\n⊢ a * (2 - a) ≤ 1\n');
  const r = await piped(['suggest', '--project', FIXTURE, '--cache', CACHE, '--goal-file', goal, '--json'], '(sleep 1; cat)');
  assert.equal(r.status, 0, r.stderr);
  const [out, ...rest] = jsonLines(r.out);
  assert.deepEqual(rest, []);
  assert.equal(out.model, null);
  assert.ok((out.candidates as unknown[]).length > 0);
  assert.ok((out.premises as string[]).includes('LeanscoutFixture.mul_two_sub_le_one'));
  assertNoStackTrace(r.stderr);
});

test('informalize --json without a model: one JSON line through a slow pipe', { skip, timeout: HANG_GUARD_MS }, async () => {
  const r = await piped(['informalize', 'LeanscoutFixture.mul_two_sub_le_one', '--project', FIXTURE, '--cache', CACHE, '--json'], '(sleep 1; cat)');
  assert.equal(r.status, 0, r.stderr);
  const [out, ...rest] = jsonLines(r.out);
  assert.deepEqual(rest, []);
  assert.equal(out.name, 'LeanscoutFixture.mul_two_sub_le_one');
  assert.equal(out.model, null);
  assert.equal(typeof out.text, 'string');
  assertNoStackTrace(r.stderr);
});

test('embed --json --query: the summary and the query each one JSON line; progress on stderr', { skip, timeout: HANG_GUARD_MS }, async () => {
  const server = await startOllamaApiTestServer();
  try {
    const r = await piped(
      ['embed', '--project', FIXTURE, '--cache', join(tmp, 'embed-cache'), '--provider', 'ollama', '--host', server.url, '--model', 'pipe-embed', '--json', '--query', 'square nonnegative', '-k', '3'],
      '(sleep 1; cat)',
    );
    assert.equal(r.status, 0, r.stderr);
    const [summary, query, ...rest] = jsonLines(r.out);
    assert.deepEqual(rest, []);
    assert.equal(summary.ok, true);
    assert.equal(query.query, 'square nonnegative');
    assert.ok(Array.isArray(query.lexical) && Array.isArray(query.fused));
    assert.match(r.stderr, /\[embed\]/);
  } finally {
    await server.close();
  }
});

test('index --max-file-mb: a file over the cap is skipped, named on stderr and in the JSON `skipped` field', { skip, timeout: HANG_GUARD_MS }, async () => {
  const root = join(tmp, 'capped');
  mkdirSync(join(root, 'Demo'), { recursive: true });
  writeFileSync(join(root, 'lean-toolchain'), 'leanprover/lean4:v4.15.0\n');
  writeFileSync(join(root, 'Demo', 'Small.lean'), 'theorem small_one : 1 = 1 := rfl\n');
  writeFileSync(join(root, 'Demo', 'Large.lean'), Array.from({ length: 100 }, (_, i) => `theorem large_${i} : ${i} = ${i} := rfl\n`).join(''));
  const r = await piped(['index', '--project', root, '--cache', join(tmp, 'capped-cache'), '--json', '--max-file-mb', '0.002'], 'cat');
  assert.equal(r.status, 0, r.stderr);
  const [stats] = jsonLines(r.out);
  assert.deepEqual((stats.skipped as { file: string }[]).map((s) => s.file), ['Demo/Large.lean']);
  assert.equal(stats.decls, 1);
  assert.match(r.stderr, /skipped Demo\/Large\.lean: too large \(\d\.\d KB > 2\.0 KB cap; raise it with --max-file-mb/);
  const bad = await piped(['index', '--project', root, '--max-file-mb', 'big'], 'cat');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--max-file-mb expects a size in MB/);
});

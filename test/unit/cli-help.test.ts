// `leanscout <command> --help` (or -h) prints that command's usage on stdout and exits 0, instead of running the
// command and failing on a missing query or project; a --queries file that cannot be read is said before the index
// opens. Runs the built CLI (dist/cli.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usageOf } from '../../src/cli/usage';

const CLI = resolve(process.env.LEANSCOUT_TEST_CLI ?? 'dist/cli.js');
const skip = !existsSync(CLI) && 'dist/cli.js not built (npm run build)';

test('each command answers --help and -h with its own usage, status 0, nothing run', { skip }, () => {
  // (an empty working directory: a command run by mistake would index or write a cache there)
  const cwd = mkdtempSync(join(tmpdir(), 'leanscout-help-'));
  try {
    for (const command of ['index', 'search', 'suggest', 'informalize', 'embed', 'mcp'])
      for (const flag of ['--help', '-h']) {
        const r = spawnSync(process.execPath, [CLI, command, flag], { cwd, encoding: 'utf8', timeout: 60_000 });
        assert.equal(r.status, 0, `${command} ${flag}: ${r.stderr}`);
        assert.match(r.stdout, /^usage:/, `${command} ${flag}`);
        assert.ok(r.stdout.includes(`leanscout ${command} `), `${command} ${flag}: ${r.stdout}`);
        assert.equal(r.stderr, '', `${command} ${flag}`);
      }
    assert.deepEqual(readdirSync(cwd), []);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('usageOf gives one command its lines (continuations included), not the others', () => {
  const search = usageOf('search')!;
  assert.ok(search.includes('--queries FILE.jsonl'));
  assert.ok(search.includes('[--dense] [--rerank]'), 'the continuation line of search');
  assert.ok(!search.includes('leanscout index'));
  assert.ok(!usageOf('index')!.includes('leanscout search'));
  assert.equal(usageOf('nosuchcommand'), undefined);
});

test('a --queries or --goal-file file that cannot be read is said at once, before the index is opened or built', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'leanscout-queries-'));
  try {
    const cache = join(dir, 'cache');
    const run = (file: string) => spawnSync(process.execPath, [CLI, 'search', '--queries', file, '--project', resolve('test/fixtures/lean-project'), '--cache', cache, '--json'], { encoding: 'utf8', timeout: 60_000 });
    const missing = run(join(dir, 'nosuch.jsonl'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^leanscout: --queries .*nosuch\.jsonl: no such file\n$/);
    const folder = run(dir);
    assert.equal(folder.status, 1);
    assert.match(folder.stderr, /: a folder, not a file\n$/);
    assert.equal(missing.stdout + folder.stdout, '');
    const goalFile = spawnSync(process.execPath, [CLI, 'suggest', '--goal-file', join(dir, 'goal.txt'), '--project', resolve('test/fixtures/lean-project'), '--cache', cache], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(goalFile.status, 1);
    assert.match(goalFile.stderr, /^leanscout: --goal-file .*goal\.txt: no such file\n$/);
    assert.ok(!existsSync(cache), 'the index was not opened');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('informalize NAME the index lacks: status 1, nothing on stdout, the names it may have meant', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'leanscout-informal-'));
  try {
    const r = spawnSync(process.execPath, [CLI, 'informalize', 'LeanscoutFixture.mul_two_sub_le', '--project', resolve('test/fixtures/lean-project'), '--cache', join(dir, 'cache'), '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^leanscout: No declaration named LeanscoutFixture\.mul_two_sub_le in the index\. Did you mean: LeanscoutFixture\.mul_two_sub_le_one[,?]/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// `leanscout <command> --help` (or -h) prints that command's usage on stdout and exits 0, instead of running the
// command and failing on a missing query or project. Runs the built CLI (dist/cli.js).
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

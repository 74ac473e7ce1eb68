// The MCP server's pure pieces: the stdin guard that drops oversized messages (the SDK's transport would close for
// good on one), the id read from such a message, index progress as a percentage, short docstrings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageSizeGuard, requestIdOf } from '../../src/cli/mcpStdio';
import { overallProgress, shortDoc } from '../../src/cli/mcpTools';
import { lspPosition, resolveProjectFile, whyNoServer } from '../../src/cli/mcpLean';
import { resolve } from 'node:path';

async function through(limit: number, chunks: string[]): Promise<{ lines: string[]; dropped: { id: unknown; bytes: number }[] }> {
  const dropped: { id: unknown; bytes: number }[] = [];
  const guard = new MessageSizeGuard(limit, (id, bytes) => dropped.push({ id, bytes }));
  let out = '';
  guard.on('data', (d: Buffer) => (out += d.toString()));
  const ended = new Promise((r) => guard.on('end', r));
  for (const c of chunks) guard.write(Buffer.from(c));
  guard.end();
  await ended;
  return { lines: out.split('\n').filter(Boolean), dropped };
}

test('MessageSizeGuard passes lines whole across chunks and drops only the oversized one', async () => {
  const big = `{"method":"tools/call","params":{"arguments":{"query":"${'x'.repeat(300)}"}},"jsonrpc":"2.0","id":7}`;
  const r = await through(200, ['{"jsonrpc":"2.0","id":1,', '"method":"ping"}\n{"a"', ':1}\n', big.slice(0, 150), big.slice(150) + '\n{"b":2}\n', '{"c":3}']);
  assert.deepEqual(r.lines, ['{"jsonrpc":"2.0","id":1,"method":"ping"}', '{"a":1}', '{"b":2}', '{"c":3}']);
  assert.deepEqual(r.dropped, [{ id: 7, bytes: big.length + 1 }]);
});

test('requestIdOf reads a top-level id at the end (the SDK’s order) or at the start, not one inside params', () => {
  assert.equal(requestIdOf('', '..."jsonrpc":"2.0","id":12}\n'), 12);
  assert.equal(requestIdOf('', '..."jsonrpc":"2.0","id":"a-1"}'), 'a-1');
  assert.equal(requestIdOf('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"id":9'), 3);
  assert.equal(requestIdOf('{"id":"x","method":"m"'), 'x');
  assert.equal(requestIdOf('{"method":"m","params":{"id":5,', '…"x"}}'), undefined);
});

test('overallProgress only grows through the build phases and ends at 100', () => {
  const seq = [
    { phase: 'discover', done: 0, total: 1 },
    { phase: 'load', done: 1, total: 1 },
    { phase: 'extract', done: 10, total: 100 },
    { phase: 'extract', done: 100, total: 100 },
    { phase: 'resolve', done: 1, total: 1 },
    { phase: 'build', done: 5, total: 10 },
    { phase: 'save', done: 1, total: 1 },
  ].map(overallProgress);
  for (let i = 1; i < seq.length; i++) assert.ok(seq[i] > seq[i - 1], `${seq}`);
  assert.equal(seq[seq.length - 1], 100);
});

test('shortDoc keeps the first paragraph, shortened', () => {
  assert.equal(shortDoc('First  line\ncontinues.\n\nSecond paragraph.'), 'First line continues.');
  assert.equal(shortDoc('x'.repeat(300), 20), 'x'.repeat(19) + '…');
  assert.equal(shortDoc('   '), undefined);
});

test('positions and files: 1-based lines, 0-based columns defaulting to the indentation; files inside the project only', () => {
  assert.deepEqual(lspPosition('a\n  sorry\n', 2, undefined), { line: 1, character: 2 });
  assert.deepEqual(lspPosition('a\n  sorry\n', 2, 7), { line: 1, character: 7 });
  assert.throws(() => lspPosition('a\n', 5, undefined), /past the end of the file/);
  assert.throws(() => lspPosition('a\n', 1, 4), /past the end of line 1/);
  const root = resolve('test/fixtures/lean-project');
  assert.equal(resolveProjectFile(root, 'LeanscoutFixture/Basic.lean').rel, 'LeanscoutFixture/Basic.lean');
  assert.throws(() => resolveProjectFile(root, '../../package.json'), /inside the project/);
  assert.throws(() => resolveProjectFile(root, 'lakefile.toml'), /not a Lean file/);
  assert.match(whyNoServer('lake serve', new Error('spawn lake ENOENT')), /`lake` was not found .*Install Lean \(elan\)/);
});

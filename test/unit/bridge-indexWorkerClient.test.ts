// The index worker client against a small worker written here that speaks the same protocol
// (the real worker runs the Engine; see dist/indexWorker.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexWorkerClient } from '../../src/node/indexWorkerClient';

const testWorker = `
const { parentPort } = require('node:worker_threads');
const pending = new Map();
parentPort.on('message', (req) => {
  if (req.op === 'cancel') { const t = pending.get(req.target); if (t) { clearTimeout(t); pending.delete(req.target); } return; }
  if (req.op === 'open') {
    for (let i = 1; i <= 4; i++) parentPort.postMessage({ id: req.id, kind: 'progress', progress: { phase: 'extract', done: i, total: 4 } });
    parentPort.postMessage({ id: req.id, kind: 'result', result: { declarations: 7, modules: 2 }, ms: 1 });
  } else if (req.op === 'search') {
    if (req.req.query === 'crash') process.exit(3);
    if (req.req.query === 'slow') { pending.set(req.id, setTimeout(() => parentPort.postMessage({ id: req.id, kind: 'result', result: { hits: [], ms: 0 }, ms: 0 }), 5000)); return; }
    if (req.req.query === 'bad') { parentPort.postMessage({ id: req.id, kind: 'error', message: 'bad query' }); return; }
    parentPort.postMessage({ id: req.id, kind: 'result', result: { hits: [], message: 'echo ' + req.req.query, ms: 0.5 }, ms: 0.5 });
  }
});
`;

test('open reports progress, then stats; search answers; errors reject', async () => {
  const client = new IndexWorkerClient(testWorker, { eval: true });
  try {
    const progress: number[] = [];
    const stats = await client.open({ project: '/tmp/p' }, { onProgress: (p) => progress.push(p.done) });
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.equal(stats.declarations, 7);
    const res = await client.search({ query: 'add comm' });
    assert.equal(res.message, 'echo add comm');
    await assert.rejects(client.search({ query: 'bad' }), /bad query/);
  } finally {
    await client.terminate();
  }
});

test('cancellation rejects at once and the worker drops the request', async () => {
  const client = new IndexWorkerClient(testWorker, { eval: true });
  try {
    const abort = new AbortController();
    const p = client.search({ query: 'slow' }, abort.signal);
    abort.abort();
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
    const after = await client.search({ query: 'still alive' });
    assert.equal(after.message, 'echo still alive');
  } finally {
    await client.terminate();
  }
});

test('a crashing worker rejects what is pending and reports the exit; the next call starts a new worker', async () => {
  let exitReason = '';
  const client = new IndexWorkerClient(testWorker, { eval: true, onExit: (r) => (exitReason = r) });
  try {
    await assert.rejects(client.search({ query: 'crash' }), /exited \(code 3\)/);
    assert.match(exitReason, /code 3/);
    const again = await client.search({ query: 'again' });
    assert.equal(again.message, 'echo again');
  } finally {
    await client.terminate();
  }
});

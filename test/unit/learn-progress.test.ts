// The learned stage runs in the index worker after `open` has answered; its progress reaches the editor on its own
// channel (the panel and status bar show "learning from proofs n%" meanwhile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IndexWorkerClient } from '../../src/node/indexWorkerClient';
import { learningNote } from '../../src/shared/progress';
import type { Progress } from '../../src/core/types';

const WORKER = path.resolve('dist/indexWorker.js');

test('the learning note: a percentage while learning, nothing once done', () => {
  assert.equal(learningNote({ done: 0, total: 10 }), 'learning from proofs 0%');
  assert.equal(learningNote({ done: 9, total: 10 }), 'learning from proofs 90%');
  assert.equal(learningNote({ done: 10, total: 10 }), undefined);
  assert.equal(learningNote({ done: 0, total: 0 }), undefined);
});

test('the index worker reports the learned stage after open has answered', { skip: !fs.existsSync(WORKER) && 'dist/indexWorker.js not built (npm run build)' }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-learn-progress-'));
  const client = new IndexWorkerClient(WORKER);
  try {
    fs.mkdirSync(path.join(root, 'Demo'));
    fs.writeFileSync(path.join(root, 'lakefile.lean'), 'import Lake\nopen Lake DSL\npackage demo\n@[default_target] lean_lib Demo\n');
    fs.writeFileSync(path.join(root, 'Demo', 'Basic.lean'), 'theorem Demo.a (n : Nat) : n = n := rfl\ntheorem Demo.b (n : Nat) : n = n := by exact Demo.a n\n');
    const learn: Progress[] = [];
    let openDone = false;
    const lastLearn = new Promise<void>((resolve) =>
      client.onLearnProgress((p) => {
        learn.push(p);
        if (p.done >= p.total) resolve();
      }),
    );
    const opened: Progress[] = [];
    await client.open({ project: root, cacheDir: path.join(root, '.cache') }, { onProgress: (p) => opened.push(p) });
    openDone = true;
    await Promise.race([lastLearn, new Promise((_, reject) => setTimeout(() => reject(new Error(`no end of learning; saw ${JSON.stringify(learn)}`)), 20000))]);
    assert.ok(openDone);
    assert.ok(learn.length > 0 && learn.every((p) => p.phase === 'learn'));
    // One bar from start to end (the proofs read, then the statements' shapes): the total never changes, done never
    // goes back, and only the last says it is over.
    assert.ok(learn.every((p, i) => p.total === learn[0].total && (i === 0 || p.done >= learn[i - 1].done)), JSON.stringify(learn));
    assert.ok(learn.slice(0, -1).every((p) => p.done < p.total), JSON.stringify(learn));
    assert.equal(learn[learn.length - 1].message, 'premises learned from proofs');
    assert.ok(!opened.some((p) => p.phase === 'learn'), 'learning progress does not go to the open request');
  } finally {
    await client.terminate();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

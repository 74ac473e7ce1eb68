// The index worker: runs the Engine (src/core/engine.ts) in a worker_threads Worker so that building and
// searching the index never runs on the extension host thread. Speaks WorkerRequest/WorkerReply
// (src/node/indexWorkerClient.ts).
import { parentPort } from 'node:worker_threads';
import { Engine } from '../core/engine';
import type { IndexStats, WorkerReply, WorkerRequest } from './indexWorkerClient';

const port = parentPort;
if (!port) throw new Error('indexWorker must run in a worker thread');

let engine: Engine | undefined;
let openMs: number | undefined;
const controllers = new Map<number, AbortController>();

function reply(msg: WorkerReply): void {
  port!.postMessage(msg);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function statsOf(e: Engine): IndexStats {
  const s = e.stats();
  return { declarations: s.decls, modules: s.modules, engine: s, openMs };
}

async function handle(req: WorkerRequest): Promise<void> {
  if (req.op === 'cancel') {
    controllers.get(req.target)?.abort();
    return;
  }
  const t0 = performance.now();
  const abort = new AbortController();
  controllers.set(req.id, abort);
  try {
    let result: unknown;
    switch (req.op) {
      case 'open': {
        const opened = await Engine.open({
          project: req.options.project,
          cacheDir: req.options.cacheDir,
          rebuild: req.options.rebuild === true,
          signal: abort.signal,
          onProgress: (progress) => reply({ id: req.id, kind: 'progress', progress }),
        });
        engine = opened;
        openMs = Math.round(performance.now() - t0);
        result = statsOf(opened);
        break;
      }
      case 'search':
        if (!engine) throw new Error('The index is not open yet.');
        result = await engine.search(req.req);
        break;
      case 'updateFile':
        if (!engine) throw new Error('The index is not open yet.');
        result = await engine.updateFile(req.absPath, req.text);
        break;
      case 'stats':
        if (!engine) throw new Error('The index is not open yet.');
        result = statsOf(engine);
        break;
    }
    reply({ id: req.id, kind: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    reply({ id: req.id, kind: 'error', message: errorText(e), cancelled: abort.signal.aborted });
  } finally {
    controllers.delete(req.id);
  }
}

port.on('message', (req: WorkerRequest) => {
  void handle(req);
});

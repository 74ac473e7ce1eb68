// Extraction worker: scans batches of source files for extractProject (src/core/extract/parallel.ts)
// in a worker_threads Worker, so two cores share the scanning and its garbage stays off the main heap.
// Speaks ExtractWorkerRequest / ExtractWorkerReply.
import { parentPort, workerData } from 'node:worker_threads';
import { scanSourceFile } from '../core/extract/extractProject';
import { stripFileFields, type ExtractWorkerInit, type ExtractWorkerReply, type ExtractWorkerRequest } from '../core/extract/parallel';
import { setDefaultNamingRules } from '../core/extract/scanner';

const port = parentPort;
if (!port) throw new Error('extractWorker must run in a worker thread');
const init = workerData as ExtractWorkerInit;
// Twins of files re-extracted later in this thread must use the same rules.
setDefaultNamingRules(init.rules);
const usage = init.countUsages ? new Map<string, number>() : undefined;

port.on('message', (req: ExtractWorkerRequest) => {
  try {
    if (req.op === 'finish') {
      port.postMessage({ op: 'finished', usage } satisfies ExtractWorkerReply);
      return;
    }
    const results: { i: number; outcome: ReturnType<typeof scanSourceFile> }[] = [];
    for (const f of req.files) {
      const outcome = scanSourceFile(f, { rules: init.rules, usageSink: usage, maxBytes: init.maxBytes });
      if (outcome.result) stripFileFields(outcome.result.decls, f);
      results.push({ i: f.i, outcome });
    }
    port.postMessage({ op: 'scanned', results } satisfies ExtractWorkerReply);
  } catch (e) {
    port.postMessage({ op: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies ExtractWorkerReply);
  }
});

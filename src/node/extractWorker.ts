// Extraction worker: scans batches of source files for extractProject (src/core/extract/parallel.ts)
// in a worker_threads Worker, so two cores share the scanning and its garbage stays off the main heap.
// Speaks ExtractWorkerRequest / ExtractWorkerReply. Started with `{ mode: 'tokenize' }` it instead
// tokenizes declarations for the search index build (TokenizeWorkerRequest / TokenizeWorkerReply).
import { parentPort, workerData } from 'node:worker_threads';
import { scanSourceFile } from '../core/extract/extractProject';
import {
  decodeTexts,
  stripFileFields,
  type ExtractWorkerInit,
  type ExtractWorkerReply,
  type ExtractWorkerRequest,
  type TokenizeWorkerInit,
  type TokenizeWorkerReply,
  type TokenizeWorkerRequest,
} from '../core/extract/parallel';
import { computeNameOrders, tokenizeDeclTexts } from '../core/search/searchIndex';
import { setDefaultNamingRules } from '../core/extract/scanner';
import { releaseFreedHeapPages } from '../core/heapPages';

const port = parentPort;
if (!port) throw new Error('extractWorker must run in a worker thread');

if ((workerData as TokenizeWorkerInit | undefined)?.mode === 'tokenize') {
  // Tokenizing declarations for the search index build (SearchIndex.buildAsync via TokenizePool).
  port.on('message', (req: TokenizeWorkerRequest) => {
    try {
      if (req.op === 'sortNames') {
        const orders = computeNameOrders(req.names);
        port.postMessage({ op: 'sorted', id: req.id, orders } satisfies TokenizeWorkerReply, [orders.name.buffer as ArrayBuffer, orders.lastKey.buffer as ArrayBuffer]);
        return;
      }
      const tokens = tokenizeDeclTexts(decodeTexts(req.texts));
      port.postMessage({ op: 'tokens', id: req.id, tokens } satisfies TokenizeWorkerReply, [tokens.stream.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ op: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) } satisfies TokenizeWorkerReply);
    }
  });
} else {
  const init = workerData as ExtractWorkerInit;
  // Twins of files re-extracted later in this thread must use the same rules.
  setDefaultNamingRules(init.rules);
  const usage = init.countUsages ? new Map<string, number>() : undefined;

  port.on('message', (req: ExtractWorkerRequest) => {
    try {
      if (req.op === 'finish') {
        // (else, under V8 ≥ 12, the pages this worker's GCs freed stay resident through the build that follows)
        releaseFreedHeapPages();
        port.postMessage({ op: 'finished', usage } satisfies ExtractWorkerReply);
        return;
      }
      const results: { i: number; outcome: ReturnType<typeof scanSourceFile> }[] = [];
      for (const f of req.files) {
        // (postMessage copies the strings: nothing here keeps the file's text alive)
        const outcome = scanSourceFile(f, { rules: init.rules, usageSink: usage, maxBytes: init.maxBytes, copiedOut: true });
        if (outcome.result) stripFileFields(outcome.result.decls, f);
        results.push({ i: f.i, outcome });
      }
      port.postMessage({ op: 'scanned', results } satisfies ExtractWorkerReply);
    } catch (e) {
      port.postMessage({ op: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies ExtractWorkerReply);
    }
  });
}

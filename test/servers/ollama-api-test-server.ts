// Ollama-API TEST SERVER — a test double, not Ollama.
//
// A real HTTP server on loopback that speaks the parts of Ollama's API LeanScout uses (/api/chat, /api/generate,
// /api/embed, /api/tags, /api/version) and can misbehave on demand: answer, stream slowly, stall (no headers), stall after
// headers, fail with 500 (optionally only the first N times), cut the stream, return garbage, say the model is
// missing. It records every request (body included) and notices when a client closes the socket early (an abort).
//
// In-process: `const s = await startOllamaApiTestServer({ mode: 'answer', text })`; `s.url`; `s.requests`; `s.close()`.
// As a process: `node out/test/servers/ollama-api-test-server.js [--port N] [--mode M] [--text T]` prints
// `listening <url>` on stdout (used by CLI tests with `--host <url>`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestServerMode = 'answer' | 'stream' | 'stall' | 'stall-after-headers' | 'fail500' | 'cut' | 'garbage' | 'missing-model';

export interface ModelTestServerOptions {
  mode?: TestServerMode;
  /** What the "model" says. */
  text?: string;
  /** Delay between streamed chunks (mode 'stream'). */
  chunkDelayMs?: number;
  /** With 'fail500': fail only the first N requests, then answer. */
  failTimes?: number;
  /** Models listed by /api/tags (Ollama) or /v1/models (OpenAI). */
  models?: string[];
  /** Length of the test embeddings (hashed bag of words, see `testEmbedding`). */
  embedDim?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: number;
  /** Set when the client closed the connection before the answer was complete. */
  abortedAt?: number;
}

export interface ModelTestServer {
  url: string;
  port: number;
  options: ModelTestServerOptions;
  requests: RecordedRequest[];
  /** Resolves with the next request the client aborts. */
  nextAbort(): Promise<RecordedRequest>;
  set(options: Partial<ModelTestServerOptions>): void;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, server: ModelTestServer) => void;

/** Shared plumbing of the model-API test servers: recording, abort detection, lifecycle. */
export async function startModelTestServer(options: ModelTestServerOptions, handler: Handler, port = 0): Promise<ModelTestServer> {
  const requests: RecordedRequest[] = [];
  const abortWaiters: ((r: RecordedRequest) => void)[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let failed = 0;
  const httpServer: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw text
      }
      const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, receivedAt: performance.now() };
      requests.push(rec);
      res.on('close', () => {
        if (!res.writableFinished) {
          rec.abortedAt = performance.now();
          for (const w of abortWaiters.splice(0)) w(rec);
        }
      });
      if (server.options.mode === 'fail500' && (server.options.failTimes === undefined || failed < server.options.failTimes)) {
        failed++;
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'test server: internal error (injected)' }));
        return;
      }
      handler(req, res, rec, server);
    });
  });
  httpServer.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  const actualPort = (httpServer.address() as AddressInfo).port;
  const server: ModelTestServer = {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    options: { mode: 'answer', text: '```lean\nsimp\n```', chunkDelayMs: 20, models: ['test-model:latest'], ...options },
    requests,
    nextAbort: () => new Promise((resolve) => abortWaiters.push(resolve)),
    set(o) {
      Object.assign(server.options, o);
      failed = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        httpServer.close(() => resolve());
      }),
  };
  return server;
}

/** Split the answer into a few pieces, as a model streams tokens. */
export function pieces(text: string, n = 4): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

/** Write `lines` with `delayMs` between them; optionally destroy the socket halfway (a cut stream). */
export function writeSlowly(res: ServerResponse, lines: string[], delayMs: number, cut: boolean, end = true): void {
  let i = 0;
  const stopAt = cut ? Math.max(1, Math.floor(lines.length / 2)) : lines.length;
  const step = () => {
    if (res.destroyed) return;
    if (i >= stopAt) {
      if (cut) res.socket?.destroy();
      else if (end) res.end();
      return;
    }
    res.write(lines[i++]);
    if (delayMs > 0) setTimeout(step, delayMs);
    else step();
  };
  step();
}

const ollamaHandler: Handler = (req, res, rec, server) => {
  const o = server.options;
  const path = (req.url ?? '').split('?')[0];
  const body = (rec.body ?? {}) as { model?: string; stream?: boolean };
  if (req.method === 'GET' && path === '/api/version') return json(res, 200, { version: '0.0.0-test' });
  if (req.method === 'GET' && path === '/api/tags')
    return json(res, 200, { models: (o.models ?? []).map((name) => ({ name, model: name, size: 1, digest: 'test', modified_at: new Date(0).toISOString() })) });
  if (req.method === 'POST' && path === '/api/embed') return embedAnswer(res, body as { model?: string; input?: unknown }, o);
  if (req.method !== 'POST' || (path !== '/api/chat' && path !== '/api/generate')) return json(res, 404, { error: `test server: no route ${req.method} ${path}` });
  const model = body.model ?? '';
  if (o.mode === 'missing-model') return json(res, 404, { error: `model "${model}" not found, try pulling it first` });
  if (o.mode === 'stall') return; // never answer: no headers at all
  const isChat = path === '/api/chat';
  const chunk = (content: string, done: boolean) =>
    JSON.stringify(isChat
      ? { model, created_at: new Date().toISOString(), message: { role: 'assistant', content }, done, ...(done ? { done_reason: 'stop' } : {}) }
      : { model, created_at: new Date().toISOString(), response: content, done }) + '\n';
  if (o.mode === 'garbage') {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    res.end('<html>this is not JSON</html>\n%%%garbage%%%\n');
    return;
  }
  const text = o.text ?? '';
  if (body.stream === false) {
    if (o.mode === 'stall-after-headers') return void res.writeHead(200, { 'Content-Type': 'application/json' });
    return json(res, 200, JSON.parse(chunk(text, true)));
  }
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  if (o.mode === 'stall-after-headers') {
    res.flushHeaders();
    return;
  }
  const lines = [...pieces(text).map((p) => chunk(p, false)), chunk('', true)];
  const delay = o.mode === 'stream' || o.mode === 'cut' ? o.chunkDelayMs ?? 20 : 0;
  if (delay === 0 && o.mode !== 'cut') return void res.end(lines.join(''));
  writeSlowly(res, lines, delay, o.mode === 'cut');
};

/** `/api/embed`: `{ model, input: string | string[] }` → `{ model, embeddings }`, with the fault modes. */
function embedAnswer(res: ServerResponse, body: { model?: string; input?: unknown }, o: ModelTestServerOptions): void {
  const model = body.model ?? '';
  if (o.mode === 'missing-model') return json(res, 404, { error: `model "${model}" not found, try pulling it first` });
  if (o.mode === 'stall') return;
  if (o.mode === 'garbage') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('<html>this is not JSON</html>');
    return;
  }
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : undefined;
  if (!inputs) return json(res, 400, { error: 'test server: input must be a string or a list of strings' });
  if (o.mode === 'stall-after-headers') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    return;
  }
  json(res, 200, { model, embeddings: inputs.map((t) => testEmbedding(t, o.embedDim)), total_duration: 1, load_duration: 0, prompt_eval_count: inputs.length });
}

/**
 * The test servers' deterministic "embedding model": a signed hashed bag of lower-cased words (and the
 * pieces of dotted/underscored names), L2-normalised. Texts sharing words get a high cosine; that is all
 * it promises — enough to test storage, resumption and fusion end to end.
 */
export function testEmbedding(text: string, dim = 256): number[] {
  const v = new Array<number>(dim).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    let h = 0x811c9dc5;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h >>>= 0;
    v[h % dim] += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v.map((_, i) => (i === 0 ? 1 : 0));
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

export function startOllamaApiTestServer(options: ModelTestServerOptions = {}, port = 0): Promise<ModelTestServer> {
  return startModelTestServer(options, ollamaHandler, port);
}

/** Command-line entry shared by both test servers. */
export async function runAsProcess(start: (o: ModelTestServerOptions, port: number) => Promise<ModelTestServer>): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const server = await start(
    { mode: (flag('mode') as TestServerMode) ?? 'answer', text: flag('text') ?? undefined, chunkDelayMs: flag('delay') ? Number(flag('delay')) : undefined },
    Number(flag('port') ?? 0),
  );
  process.stdout.write(`listening ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

// Bundled into a test file, `require.main === module` holds there too: check the script's own name.
if (require.main === module && /ollama-api-test-server\.js$/.test(process.argv[1] ?? '')) void runAsProcess(startOllamaApiTestServer);

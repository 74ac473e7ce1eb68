// OpenAI-API TEST SERVER — a test double, not an OpenAI-compatible model server.
//
// A real HTTP server on loopback answering POST /v1/chat/completions (streamed server-sent events or one JSON
// body), POST /v1/embeddings (the hashed bag-of-words test embeddings) and GET /v1/models, with the same fault modes as the Ollama-API test server: answer, stream, stall,
// stall-after-headers, fail500, cut, garbage, missing-model. Records requests (with headers, so tests can check
// the Authorization header) and early client closes.
//
// As a process: `node out/test/servers/openai-api-test-server.js [--port N] [--mode M] [--text T]` → `listening <url>`;
// the base URL to configure is `<url>/v1`.
import type { ServerResponse } from 'node:http';
import { json, pieces, runAsProcess, startModelTestServer, testEmbedding, writeSlowly, type ModelTestServer, type ModelTestServerOptions } from './ollama-api-test-server';

function sse(value: unknown): string {
  return `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;
}

export function startOpenAIApiTestServer(options: ModelTestServerOptions = {}, port = 0): Promise<ModelTestServer> {
  return startModelTestServer(options, (req, res: ServerResponse, rec, server) => {
    const o = server.options;
    const path = (req.url ?? '').split('?')[0];
    const body = (rec.body ?? {}) as { model?: string; stream?: boolean };
    if (req.method === 'GET' && path === '/v1/models') return json(res, 200, { object: 'list', data: (o.models ?? []).map((id) => ({ id, object: 'model' })) });
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const model = body.model ?? '';
      const input = (rec.body as { input?: unknown } | undefined)?.input;
      if (o.mode === 'missing-model') return json(res, 404, { error: { message: `The model \`${model}\` does not exist`, type: 'invalid_request_error' } });
      if (o.mode === 'stall') return;
      if (o.mode === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"data": [{"embedding": "not numbers"');
        return;
      }
      const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : undefined;
      if (!inputs) return json(res, 400, { error: { message: 'test server: input must be a string or a list of strings' } });
      // Listed in reverse to check that clients order the answers by `index`.
      const data = inputs.map((t, index) => ({ object: 'embedding', index, embedding: testEmbedding(t, o.embedDim) })).reverse();
      return json(res, 200, { object: 'list', model, data, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return json(res, 404, { error: { message: `test server: no route ${req.method} ${path}` } });
    const model = body.model ?? '';
    if (o.mode === 'missing-model') return json(res, 404, { error: { message: `The model \`${model}\` does not exist`, type: 'invalid_request_error' } });
    if (o.mode === 'stall') return;
    if (o.mode === 'garbage') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end('data: <html>not json</html>\n\n');
      return;
    }
    const text = o.text ?? '';
    const id = `chatcmpl-test-${rec.receivedAt.toFixed(0)}`;
    if (body.stream === false) {
      if (o.mode === 'stall-after-headers') return void res.writeHead(200, { 'Content-Type': 'application/json' });
      return json(res, 200, { id, object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    if (o.mode === 'stall-after-headers') {
      res.flushHeaders();
      return;
    }
    const events = [
      ...pieces(text).map((p) => sse({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })),
      sse({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      sse('[DONE]'),
    ];
    const delay = o.mode === 'stream' || o.mode === 'cut' ? o.chunkDelayMs ?? 20 : 0;
    if (delay === 0 && o.mode !== 'cut') return void res.end(events.join(''));
    writeSlowly(res, events, delay, o.mode === 'cut');
  }, port);
}

// Bundled into a test file, `require.main === module` holds there too: check the script's own name.
if (require.main === module && /openai-api-test-server\.js$/.test(process.argv[1] ?? '')) void runAsProcess(startOpenAIApiTestServer);

// OpenAI-compatible chat completions (vLLM, llama.cpp server, LM Studio, hosted APIs) over plain fetch,
// streaming server-sent events. The key is passed in by the caller (SecretStorage in the extension).
import { classifyNetworkError, httpError, withRetry } from './retry';
import { checkEmbeddings, DEFAULT_POLICY, ModelError, type GenerateRequest, type GenerateResult, type ModelProvider, type RequestPolicy } from './types';

export interface OpenAIConfig {
  /** Base URL including the version path, e.g. `http://127.0.0.1:8000/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  policy?: Partial<RequestPolicy>;
}

export class OpenAIProvider implements ModelProvider {
  readonly kind = 'openai' as const;
  readonly model: string;
  readonly label: string;
  private readonly policy: RequestPolicy;
  private readonly base: string;

  constructor(private readonly config: OpenAIConfig) {
    this.model = config.model;
    this.base = config.baseUrl.replace(/\/+$/, '');
    this.label = `${config.model} (${safeHost(this.base)})`;
    this.policy = { ...DEFAULT_POLICY, ...config.policy };
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    if (this.config.apiKey) h.Authorization = `Bearer ${this.config.apiKey}`;
    return h;
  }

  private classify = (err: unknown, timedOut: boolean) =>
    classifyNetworkError(err, timedOut, `OpenAI-compatible endpoint ${this.base}`, this.policy.timeoutMs);

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    if (!this.base || !this.model) throw new ModelError('config', 'The OpenAI-compatible provider needs a base URL and a model (settings leanscout.model.*)');
    const start = performance.now();
    const what = `OpenAI-compatible endpoint ${this.base}`;
    return withRetry(this.policy, req.signal, async (signal) => {
      const res = await fetch(`${this.base}/chat/completions`, {
        method: 'POST',
        headers: this.headers(),
        signal,
        body: JSON.stringify({
          model: this.model,
          messages: req.messages,
          stream: true,
          temperature: req.temperature,
          max_tokens: req.maxTokens,
          stop: req.stop,
        }),
      });
      if (!res.ok) throw httpError(res.status, await res.text().catch(() => ''), what, this.model);
      const type = res.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream')) {
        // Some servers ignore `stream: true` and answer with one JSON body.
        const body = await res.text();
        const text = parseCompletionBody(body);
        if (text === undefined) throw new ModelError('bad-response', `${what}: the answer is not a chat completion (${body.slice(0, 80)}…)`);
        req.onText?.(text);
        return { text, model: this.model, ms: performance.now() - start };
      }
      const text = await readEventStream(res, req.onText, what);
      return { text, model: this.model, ms: performance.now() - start };
    }, this.classify);
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const what = `OpenAI-compatible endpoint ${this.base}`;
    return withRetry({ ...this.policy, retries: 0 }, signal, async (s) => {
      const res = await fetch(`${this.base}/models`, { headers: this.headers(), signal: s });
      if (!res.ok) throw httpError(res.status, await res.text().catch(() => ''), what, this.model);
      const body = (await res.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
      if (!Array.isArray(body?.data)) throw new ModelError('bad-response', `${what}: unexpected answer to /models`);
      return body.data.map((m) => String(m.id));
    }, this.classify);
  }

  /** `POST {base}/embeddings` with a list input; answers are put back in input order by their `index`. */
  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (!this.base || !this.model) throw new ModelError('config', 'The OpenAI-compatible provider needs a base URL and a model (settings leanscout.model.*)');
    if (texts.length === 0) return [];
    const what = `OpenAI-compatible endpoint ${this.base} (/embeddings)`;
    return withRetry(this.policy, signal, async (s) => {
      const res = await fetch(`${this.base}/embeddings`, {
        method: 'POST',
        headers: { ...this.headers(), Accept: 'application/json' },
        signal: s,
        body: JSON.stringify({ model: this.model, input: texts, encoding_format: 'float' }),
      });
      if (!res.ok) throw httpError(res.status, await res.text().catch(() => ''), what, this.model);
      const text = await res.text();
      let body: { data?: { embedding?: unknown; index?: unknown }[] } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ModelError('bad-response', `${what}: the answer is not JSON (${text.slice(0, 60)}…)`);
      }
      if (!Array.isArray(body?.data)) throw new ModelError('bad-response', `${what}: the answer has no \`data\` list`);
      const rows = body.data.slice();
      if (rows.every((r) => typeof r?.index === 'number')) rows.sort((a, b) => (a.index as number) - (b.index as number));
      return checkEmbeddings(rows.map((r) => r?.embedding), texts.length, what);
    }, this.classify);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function parseCompletionBody(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] };
    const content = json.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/** Read `data: {...}` events until `data: [DONE]`; a stream that ends without it was cut. */
async function readEventStream(res: Response, onText: ((t: string) => void) | undefined, what: string): Promise<string> {
  if (!res.body) throw new ModelError('bad-response', `${what}: empty answer`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let text = '';
  let events = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        await reader.cancel().catch(() => undefined);
        return text;
      }
      let json: { choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[] };
      try {
        json = JSON.parse(data);
      } catch {
        throw new ModelError('bad-response', `${what}: garbled event in the answer stream (${data.slice(0, 60)}…)`);
      }
      events++;
      const piece = json.choices?.[0]?.delta?.content;
      if (typeof piece === 'string' && piece) {
        text += piece;
        onText?.(piece);
      }
    }
  }
  if (events === 0) throw new ModelError('bad-response', `${what}: the answer stream had no events`);
  throw new ModelError('bad-response', `${what}: the answer stream ended early (no [DONE])`, true);
}

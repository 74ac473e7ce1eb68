// Ollama through the official `ollama` npm client. Its own abort handles exist only after response headers
// arrive (and `Ollama.abort()` aborts every stream of the instance), so each attempt gets a fresh client whose
// injected `fetch` carries our AbortSignal: cancellation reaches the socket at any moment.
import { Ollama } from 'ollama';
import { classifyNetworkError, httpError, withRetry } from './retry';
import { checkEmbeddings, DEFAULT_POLICY, ModelError, type GenerateRequest, type GenerateResult, type ModelProvider, type RequestPolicy } from './types';

export interface OllamaConfig {
  /** Used exactly as given (e.g. `http://127.0.0.1:11434`). */
  host: string;
  model: string;
  /** How long Ollama keeps the model loaded after a request (`5m`, `-1`, seconds). */
  keepAlive?: string | number;
  policy?: Partial<RequestPolicy>;
}

export class OllamaProvider implements ModelProvider {
  readonly kind = 'ollama' as const;
  readonly model: string;
  readonly label: string;
  private readonly policy: RequestPolicy;

  constructor(private readonly config: OllamaConfig) {
    this.model = config.model;
    this.label = `${config.model} (Ollama)`;
    this.policy = { ...DEFAULT_POLICY, ...config.policy };
  }

  private client(signal: AbortSignal): Ollama {
    const fetchWithSignal = (input: RequestInfo | URL, init?: RequestInit) => {
      const signals = init?.signal ? [init.signal, signal] : [signal];
      return fetch(input, { ...init, signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) });
    };
    return new Ollama({ host: this.config.host, fetch: fetchWithSignal as typeof fetch });
  }

  private classify = (err: unknown, timedOut: boolean): ModelError => {
    const what = `Ollama at ${this.config.host}`;
    const e = err as { name?: string; status_code?: number; message?: string };
    if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
      if (e.status_code === 404) return new ModelError('model-missing', `${what}: model "${this.model}" is not pulled (${e.message}). Run: ollama pull ${this.model}`);
      return httpError(e.status_code, e.message ?? '', what, this.model);
    }
    if (e?.message === 'Did not receive done or success response in stream.')
      return new ModelError('bad-response', `${what}: the answer stream ended early (cut or garbled)`, true);
    return classifyNetworkError(err, timedOut, what, this.policy.timeoutMs);
  };

  async generate(req: GenerateRequest): Promise<GenerateResult> {
    if (!this.config.host || !this.model) throw new ModelError('config', 'Ollama needs a host and a model (settings leanscout.model.*)');
    const start = performance.now();
    return withRetry(this.policy, req.signal, async (signal) => {
      const stream = await this.client(signal).chat({
        model: this.model,
        messages: req.messages,
        stream: true,
        keep_alive: this.config.keepAlive,
        options: { temperature: req.temperature, num_predict: req.maxTokens, stop: req.stop },
      });
      let text = '';
      let sawAny = false;
      for await (const part of stream) {
        const piece = typeof part?.message?.content === 'string' ? part.message.content : undefined;
        if (piece === undefined) continue;
        sawAny = true;
        text += piece;
        if (piece) req.onText?.(piece);
      }
      if (!sawAny) throw new ModelError('bad-response', `Ollama at ${this.config.host}: the answer had no text (not an Ollama chat stream?)`);
      return { text, model: this.model, ms: performance.now() - start };
    }, this.classify);
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    return withRetry({ ...this.policy, retries: 0 }, signal, async (s) => {
      const res = await this.client(s).list();
      if (!Array.isArray(res?.models)) throw new ModelError('bad-response', `Ollama at ${this.config.host}: unexpected answer to /api/tags`);
      return res.models.map((m) => m.name);
    }, this.classify);
  }

  /** Embeddings through the client's `embed` (`POST /api/embed`, batched input). */
  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (!this.config.host || !this.model) throw new ModelError('config', 'Ollama needs a host and a model (settings leanscout.model.*)');
    if (texts.length === 0) return [];
    return withRetry(this.policy, signal, async (s) => {
      const res = await this.client(s).embed({ model: this.model, input: texts, keep_alive: this.config.keepAlive, truncate: true });
      return checkEmbeddings(res?.embeddings, texts.length, `Ollama at ${this.config.host} (/api/embed)`);
    }, this.classify);
  }
}

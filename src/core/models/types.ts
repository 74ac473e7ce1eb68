// One interface for every model backend (Ollama, OpenAI-compatible HTTP, the VS Code language-model API).
// The core only sees `ModelProvider`; cancellation is an AbortSignal all the way down to the HTTP request.

export type ProviderKind = 'ollama' | 'openai' | 'vscode-lm';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  /** Called with each streamed piece of text (the full text is still returned). */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  model: string;
  ms: number;
}

export interface ModelProvider {
  readonly kind: ProviderKind;
  /** The model name as the backend knows it. */
  readonly model: string;
  /** For the user: `qwen2.5:7b (Ollama)`. */
  readonly label: string;
  generate(req: GenerateRequest): Promise<GenerateResult>;
  /** Installed / served models, when the backend can list them. */
  listModels?(signal?: AbortSignal): Promise<string[]>;
  /** One embedding vector per text (same order), when the backend serves embedding models. */
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export type ModelErrorKind =
  | 'unreachable' // connection refused, DNS, reset before any answer
  | 'model-missing' // the server is up but does not have the model
  | 'auth' // 401/403
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'bad-response' // garbage, cut stream, unexpected JSON
  | 'timeout'
  | 'cancelled'
  | 'config'; // missing host / model / key

/** Every provider failure becomes a ModelError with a message meant for the user. */
export class ModelError extends Error {
  constructor(
    public readonly kind: ModelErrorKind,
    message: string,
    /** Worth retrying after a backoff (5xx, 429, reset connections). */
    public readonly transient = false,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof ModelError && err.kind === 'cancelled';
}

/** Common knobs of a provider's HTTP behaviour. */
export interface RequestPolicy {
  /** Whole-request timeout (ms). */
  timeoutMs: number;
  /** Retries after the first attempt, for transient errors only. */
  retries: number;
  /** First backoff delay (ms); doubles each retry. */
  backoffMs: number;
}

export const DEFAULT_POLICY: RequestPolicy = { timeoutMs: 60_000, retries: 2, backoffMs: 300 };

/**
 * Check an embedding answer: one finite numeric vector per input, all of one non-zero length.
 * Returns the vectors or a ModelError('bad-response') naming what is wrong.
 */
export function checkEmbeddings(value: unknown, expected: number, what: string): number[][] {
  if (!Array.isArray(value)) throw new ModelError('bad-response', `${what}: the answer has no list of embeddings`);
  if (value.length !== expected) throw new ModelError('bad-response', `${what}: ${value.length} embeddings for ${expected} texts`);
  let dim = -1;
  for (const v of value) {
    if (!Array.isArray(v) || v.length === 0) throw new ModelError('bad-response', `${what}: an embedding is not a list of numbers`);
    if (dim < 0) dim = v.length;
    else if (v.length !== dim) throw new ModelError('bad-response', `${what}: embeddings of different lengths (${dim} and ${v.length})`);
    for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) throw new ModelError('bad-response', `${what}: an embedding holds a non-number`);
  }
  return value as number[][];
}

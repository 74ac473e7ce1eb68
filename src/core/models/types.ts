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

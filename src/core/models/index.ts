// Building a provider from settings / CLI flags.
import { OllamaProvider } from './ollama';
import { OpenAIProvider } from './openai';
import { ModelError, type ModelProvider, type RequestPolicy } from './types';

export * from './types';
export { OllamaProvider } from './ollama';
export { OpenAIProvider } from './openai';

export interface ProviderSettings {
  provider: 'none' | 'ollama' | 'openai' | 'vscode-lm';
  /** Ollama host or OpenAI base URL. */
  host?: string;
  model?: string;
  apiKey?: string;
  keepAlive?: string | number;
  policy?: Partial<RequestPolicy>;
}

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
export const DEFAULT_OPENAI_BASE = 'http://127.0.0.1:8000/v1';

/** An HTTP provider for the settings, undefined for 'none'. ('vscode-lm' is built by the extension.) */
export function createHttpProvider(s: ProviderSettings): ModelProvider | undefined {
  switch (s.provider) {
    case 'none':
      return undefined;
    case 'ollama':
      if (!s.model) throw new ModelError('config', 'Ollama: no model set (setting leanscout.model.tactics.model or --model)');
      return new OllamaProvider({ host: s.host || DEFAULT_OLLAMA_HOST, model: s.model, keepAlive: s.keepAlive, policy: s.policy });
    case 'openai':
      if (!s.model) throw new ModelError('config', 'OpenAI-compatible: no model set (setting leanscout.model.tactics.model or --model)');
      return new OpenAIProvider({ baseUrl: s.host || DEFAULT_OPENAI_BASE, model: s.model, apiKey: s.apiKey, policy: s.policy });
    case 'vscode-lm':
      throw new ModelError('config', 'The VS Code language-model provider exists only inside VS Code');
  }
}

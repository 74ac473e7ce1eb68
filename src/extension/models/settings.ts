// The model settings (leanscout.model.*), typed, with their defaults, in one place.
import * as vscode from 'vscode';

export type ProviderChoice = 'none' | 'ollama' | 'openai' | 'vscode-lm';
export type ModelTask = 'tactics' | 'informal' | 'rerank';
export type EmbeddingsChoice = 'none' | 'ollama' | 'openai';

export interface ModelSettings {
  ollamaHost: string;
  ollamaKeepAlive: string;
  openaiBaseUrl: string;
  tactics: { provider: ProviderChoice; model: string };
  informal: { provider: ProviderChoice; model: string };
  /** Reranking of the panel's search results (`same` is resolved to the tactics provider and model). */
  rerank: { provider: ProviderChoice; model: string };
  /** The optional dense stage: embeddings of every declaration, fused into search. */
  embeddings: { provider: EmbeddingsChoice; model: string };
  timeoutMs: number;
  retries: number;
  candidates: number;
  repairRounds: number;
  checkInLean: boolean;
  checkTimeoutMs: number;
  autoSuggest: boolean;
  inlineEnabled: boolean;
  inlineDebounceMs: number;
  contextChars: number;
}

const PROVIDERS: readonly ProviderChoice[] = ['none', 'ollama', 'openai', 'vscode-lm'];

export function readModelSettings(): ModelSettings {
  const c = vscode.workspace.getConfiguration('leanscout.model');
  const num = (key: string, def: number, min: number, max: number) => {
    const v = c.get<number>(key, def);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  const provider = (key: string, def: ProviderChoice): ProviderChoice => {
    const v = c.get<string>(key, def);
    return (PROVIDERS as readonly string[]).includes(v) ? (v as ProviderChoice) : def;
  };
  const tactics = { provider: provider('tactics.provider', 'none'), model: (c.get<string>('tactics.model', '') ?? '').trim() };
  const informalProvider = c.get<string>('informal.provider', 'same');
  const informal =
    informalProvider === 'same' || !informalProvider
      ? { provider: tactics.provider, model: (c.get<string>('informal.model', '') || tactics.model).trim() }
      : { provider: provider('informal.provider', 'none'), model: (c.get<string>('informal.model', '') ?? '').trim() };
  const rerankProvider = c.get<string>('rerank.provider', 'none');
  const rerank =
    rerankProvider === 'same'
      ? { provider: tactics.provider, model: (c.get<string>('rerank.model', '') || tactics.model).trim() }
      : { provider: provider('rerank.provider', 'none'), model: (c.get<string>('rerank.model', '') ?? '').trim() };
  const embeddingsProvider = c.get<string>('embeddings.provider', 'none');
  const embeddings = {
    provider: (['ollama', 'openai'].includes(embeddingsProvider) ? embeddingsProvider : 'none') as EmbeddingsChoice,
    model: (c.get<string>('embeddings.model', '') ?? '').trim(),
  };
  return {
    ollamaHost: (c.get<string>('ollama.host', 'http://127.0.0.1:11434') || 'http://127.0.0.1:11434').trim(),
    ollamaKeepAlive: (c.get<string>('ollama.keepAlive', '10m') || '10m').trim(),
    openaiBaseUrl: (c.get<string>('openai.baseUrl', 'http://127.0.0.1:8000/v1') || '').trim(),
    tactics,
    informal,
    rerank,
    embeddings,
    timeoutMs: num('timeoutMs', 60_000, 1000, 600_000),
    retries: Math.round(num('retries', 2, 0, 5)),
    candidates: Math.round(num('candidates', 6, 1, 20)),
    repairRounds: Math.round(num('repairRounds', 1, 0, 5)),
    checkInLean: c.get<boolean>('checkInLean', true) !== false,
    checkTimeoutMs: num('checkTimeoutMs', 20_000, 500, 300_000),
    autoSuggest: c.get<boolean>('autoSuggest', false) === true,
    inlineEnabled: c.get<boolean>('inline.enabled', true) !== false,
    inlineDebounceMs: num('inline.debounceMs', 300, 0, 5000),
    contextChars: Math.round(num('contextChars', 4000, 0, 50_000)),
  };
}

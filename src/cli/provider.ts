// The model provider named by `--provider/--host/--model` (plus `--timeout`, `--keep-alive`); the API key only
// from the environment, never from a flag (flags end up in shell history).
import { createHttpProvider, type ModelProvider, type ProviderSettings } from '../core/models';
import { intFlag, stringFlag, type ParsedArgs } from './args';

/** Retry knobs differ by job: embedding batches are long and worth more patience than a tactic request. */
export function providerFromArgs(args: ParsedArgs, retry: { retries: number; backoffMs: number }): ModelProvider | undefined {
  const kind = (stringFlag(args, 'provider') ?? 'none') as ProviderSettings['provider'];
  if (!['none', 'ollama', 'openai'].includes(kind)) throw new Error(`--provider must be none, ollama or openai (got "${kind}")`);
  return createHttpProvider({
    provider: kind,
    host: stringFlag(args, 'host'),
    model: stringFlag(args, 'model'),
    apiKey: process.env.LEANSCOUT_API_KEY ?? process.env.OPENAI_API_KEY,
    keepAlive: stringFlag(args, 'keep-alive') ?? '10m',
    policy: { timeoutMs: intFlag(args, 'timeout', 120_000), ...retry },
  });
}

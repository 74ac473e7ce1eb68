// Timeouts, linked abort signals and retries with backoff (transient errors only).
import { ModelError, type RequestPolicy } from './types';

/** A controller that aborts when `parent` aborts or after `timeoutMs`; `dispose()` releases the listeners. */
export function linkedAbort(parent: AbortSignal | undefined, timeoutMs?: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onParent = () => controller.abort(parent?.reason);
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', onParent, { once: true });
  }
  const timer =
    timeoutMs !== undefined && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new ModelError('timeout', `no answer within ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      if (timer) clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/** Resolve after `ms`, or reject as cancelled when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ModelError('cancelled', 'cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ModelError('cancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Run `attempt` with a per-attempt timeout; retry transient ModelErrors with exponential backoff.
 * Cancellation by `signal` is never retried and surfaces as ModelError('cancelled').
 */
export async function withRetry<T>(
  policy: RequestPolicy,
  signal: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => Promise<T>,
  classify: (err: unknown, timedOut: boolean) => ModelError,
): Promise<T> {
  let delay = policy.backoffMs;
  for (let i = 0; ; i++) {
    if (signal?.aborted) throw new ModelError('cancelled', 'cancelled');
    const link = linkedAbort(signal, policy.timeoutMs);
    try {
      return await attempt(link.signal);
    } catch (err) {
      const error = signal?.aborted ? new ModelError('cancelled', 'cancelled') : classify(err, link.timedOut());
      if (!error.transient || i >= policy.retries) throw error;
    } finally {
      link.dispose();
    }
    await sleep(delay, signal);
    delay *= 2;
  }
}

/** Map a low-level fetch / network failure to a ModelError. */
export function classifyNetworkError(err: unknown, timedOut: boolean, what: string, timeoutMs: number): ModelError {
  if (err instanceof ModelError) return err;
  if (timedOut) return new ModelError('timeout', `${what}: no answer within ${timeoutMs} ms`, true);
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? '';
  if (e?.name === 'AbortError') return new ModelError('cancelled', 'cancelled');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH')
    return new ModelError('unreachable', `${what} is not reachable (${code}). Is the server running?`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /terminated|other side closed|socket/i.test(e?.message ?? ''))
    return new ModelError('bad-response', `${what}: the connection was cut before the answer was complete`, true);
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  return new ModelError('bad-response', `${what}: ${msg}`);
}

/** Map an HTTP status to a ModelError. */
export function httpError(status: number, body: string, what: string, model: string): ModelError {
  const detail = body.trim().slice(0, 300);
  if (status === 404 && /model/i.test(detail))
    return new ModelError('model-missing', `${what}: model "${model}" is not available (${detail || 'not found'}). Pull or serve it first.`);
  if (status === 401 || status === 403) return new ModelError('auth', `${what}: not authorized (HTTP ${status}). Check the API key.`);
  if (status === 429) return new ModelError('rate-limited', `${what}: rate limited (HTTP 429)`, true);
  if (status >= 500) return new ModelError('server', `${what}: server error HTTP ${status}${detail ? ` — ${detail}` : ''}`, true);
  return new ModelError('bad-response', `${what}: HTTP ${status}${detail ? ` — ${detail}` : ''}`);
}

// The dense stage for one query, shared by the CLI (`search --dense`, `embed --query`) and the extension's
// index worker: load the stored embeddings (once per process and lexical index), embed the query, scan, fuse.
import type { ModelProvider } from '../models/types';
import { indexFilePath } from '../store/indexStore';
import { DenseIndex } from './denseIndex';
import { denseFilePath, readIndexKey } from './denseFile';
import { DEFAULT_DENSE_TOP_N, DEFAULT_DENSE_WEIGHT, fuseScores } from './fuse';

export interface DenseQueryOptions {
  /** Folder of the lexical index (the embeddings lie beside it). */
  cacheDir: string;
  provider: ModelProvider;
  query: string;
  /** Key of the lexical index the embeddings must belong to; default: the key stored in `cacheDir`'s index file. */
  indexKey?: string;
  /** Nearest declarations fused (default 100). */
  topN?: number;
  /** Score the nearest declaration gets (default 0.5; the best lexical hit has about 1). */
  weight?: number;
  /** Text put before the query (models such as nomic-embed-text want `search_query: `). */
  queryPrefix?: string;
  signal?: AbortSignal;
}

export interface DenseQueryResult {
  /** Pass as `engine.search(req, { extraScores })`; undefined when the dense stage could not run. */
  extraScores?: Record<string, number>;
  /** Why the dense stage was skipped (the search still works lexically). */
  message?: string;
  /** Query embedding + cosine scan (+ the first load). */
  ms: number;
}

// One loaded dense index per file, remembered with the lexical index key it was checked against.
const loaded = new Map<string, { index: DenseIndex; indexKey: string | undefined }>();

/**
 * The finished embeddings of `provider.kind`/`provider.model` in `cacheDir`, loaded once and kept; reloaded when
 * the lexical index key differs from the one they were checked against. Never throws.
 */
export function loadDenseCached(
  cacheDir: string,
  provider: { kind: string; model: string },
  indexKey: string | undefined = readIndexKey(indexFilePath(cacheDir)),
): { ok: true; index: DenseIndex } | { ok: false; error: string; message: string } {
  const file = denseFilePath(cacheDir, provider.kind, provider.model);
  const known = loaded.get(file);
  if (known && known.indexKey === indexKey) return { ok: true, index: known.index };
  try {
    const res = DenseIndex.load(cacheDir, provider.kind, provider.model, indexKey);
    if (res.ok) loaded.set(file, { index: res.index, indexKey });
    else loaded.delete(file);
    return res;
  } catch (e) {
    return { ok: false, error: 'unreadable', message: e instanceof Error ? e.message : String(e) };
  }
}

/** A build just finished: use its vectors from now on without reading the file again. */
export function rememberDenseIndex(index: DenseIndex, indexKey: string | undefined): void {
  loaded.set(index.path, { index, indexKey });
}

/** Drop every loaded dense index (frees their memory; the next query loads again). */
export function forgetDenseIndexes(): void {
  loaded.clear();
}

/**
 * The engine's extra scores for `query` from the stored embeddings. Never throws: any problem (no embeddings yet,
 * stale ones, a provider without embeddings, a dead server) gives `extraScores: undefined` and a message, and the
 * caller searches lexically.
 */
export async function denseExtraScores(opts: DenseQueryOptions): Promise<DenseQueryResult> {
  const t0 = performance.now();
  try {
    const { provider } = opts;
    if (!provider.embed) return { message: `dense search skipped: ${provider.label} cannot compute embeddings`, ms: 0 };
    if (!opts.query.trim()) return { ms: 0 };
    const got = opts.indexKey === undefined ? loadDenseCached(opts.cacheDir, provider) : loadDenseCached(opts.cacheDir, provider, opts.indexKey);
    if (!got.ok) return { message: `dense search skipped: ${got.message}`, ms: performance.now() - t0 };
    const hits = await got.index.search((opts.queryPrefix ?? '') + opts.query, provider, opts.topN ?? DEFAULT_DENSE_TOP_N, opts.signal);
    return { extraScores: fuseScores(hits, opts.weight ?? DEFAULT_DENSE_WEIGHT), ms: performance.now() - t0 };
  } catch (e) {
    return { message: `dense search skipped: ${e instanceof Error ? e.message : String(e)}`, ms: performance.now() - t0 };
  }
}

// The optional dense stage: one embedding per declaration, computed in batches by a model provider
// (Ollama or an OpenAI-compatible endpoint), kept beside the lexical index, searched by brute-force cosine.
//
// build: resumable and cancellable. Every finished batch is appended to a journal; a restart (after a crash,
// Ctrl-C, a server failure) replays the journal and embeds only what is missing. The finished vectors are
// written atomically to their own file, and the journal removed.
// search: the query is embedded with the same model; every row is scored (Int8 dot products, one pass)
// and the best N are kept. `fuseScores` (fuse.ts) turns them into the engine's additive extra scores.
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { ModelProvider } from '../models/types';
import { ModelError } from '../models/types';
import type { Progress } from '../types';
import {
  appendJournal,
  textHash,
  textHashKey,
  denseFilePath,
  journalFilePath,
  loadDense,
  quantizeInto,
  readJournal,
  saveDense,
  startJournal,
  type DenseData,
  type DenseHeader,
} from './denseFile';
import { createRowScanner, type RowScanner } from './scan';

/** What gets embedded: the declarations of one lexical index, in index order. */
export interface DenseCorpus {
  /** Fingerprint of the lexical index (its stored key). */
  indexKey: string;
  count: number;
  name(i: number): string;
  /** The text embedded for declaration i (see `embeddingText`). */
  text(i: number): string;
}

export interface DenseBuildOptions {
  cacheDir: string;
  corpus: DenseCorpus;
  provider: ModelProvider;
  /** Texts per embedding request (default 64). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Ignore finished vectors and any journal. */
  rebuild?: boolean;
}

export interface DenseBuildResult {
  ok: boolean;
  /** Set when ok. */
  index?: DenseIndex;
  /** Rows embedded by this run / taken from an earlier run's journal / reused from earlier vectors of an unchanged text. */
  embedded: number;
  resumed: number;
  reused: number;
  upToDate: boolean;
  cancelled: boolean;
  ms: number;
  path: string;
  bytes: number;
  /** For the user: why it stopped, or notes (a corrupted file that was rebuilt). */
  message?: string;
}

export interface DenseHit {
  name: string;
  /** Cosine similarity (from Int8 rows: within about 1 % of the float value). */
  cosine: number;
}

const DEFAULT_BATCH = 64;

/**
 * Per-row text hashes and the corpus key (a hash of every name and text in order): the key changes whenever
 * any row would change; the row hashes let a new corpus reuse the vectors of texts that did not change.
 */
export function corpusKeys(corpus: DenseCorpus): { key: string; textKeys: Uint32Array } {
  const h = createHash('sha256');
  const textKeys = new Uint32Array(corpus.count * 2);
  for (let i = 0; i < corpus.count; i++) {
    const text = corpus.text(i);
    textHash(text, textKeys, i);
    h.update(corpus.name(i)).update('\0').update(text).update('\x01');
  }
  return { key: h.digest('hex'), textKeys };
}

export function corpusKey(corpus: DenseCorpus): string {
  return corpusKeys(corpus).key;
}

function providerKind(p: ModelProvider): string {
  return p.kind;
}

export class DenseIndex {
  private readonly byName = new Map<string, number>();
  private scanner?: RowScanner;
  private readonly scales: Float32Array;

  private constructor(
    readonly header: DenseHeader,
    readonly names: string[],
    private vectors: Int8Array,
    scales: Float32Array,
    readonly path: string,
    readonly bytes: number,
  ) {
    // An own copy: a view would keep the whole file's buffer alive after the scanner copied the rows.
    this.scales = new Float32Array(scales);
  }

  static fromData(data: DenseData, file: string, bytes: number): DenseIndex {
    return new DenseIndex(data.header, data.names, data.vectors, data.scales, file, bytes);
  }

  get dim(): number {
    return this.header.dim;
  }
  get count(): number {
    return this.header.count;
  }

  /**
   * Load the finished vectors of `provider`/`model` from `cacheDir`. With `indexKey`, vectors built from
   * another lexical index are reported as stale. Never throws.
   */
  static load(cacheDir: string, provider: string, model: string, indexKey?: string): { ok: true; index: DenseIndex } | { ok: false; error: string; message: string } {
    const file = denseFilePath(cacheDir, provider, model);
    const loaded = loadDense(file);
    if (!loaded.ok) {
      const message =
        loaded.error === 'missing'
          ? `no embeddings for ${model} yet: run \`leanscout embed --provider ${provider} --model ${model}\``
          : `the embeddings file is ${loaded.error} (${loaded.detail}); run \`leanscout embed\` again to rebuild it`;
      return { ok: false, error: loaded.error, message };
    }
    const h = loaded.data.header;
    if (h.model !== model || h.provider !== provider) return { ok: false, error: 'other-model', message: `the embeddings file holds ${h.model} (${h.provider}), not ${model}` };
    if (indexKey !== undefined && h.indexKey !== indexKey)
      return { ok: false, error: 'stale', message: 'the embeddings were computed for an older index: run `leanscout embed` again (finished batches are reused only within one run)' };
    return { ok: true, index: DenseIndex.fromData(loaded.data, file, loaded.bytes) };
  }

  /** Row of a declaration, or -1. */
  rowOf(name: string): number {
    if (this.byName.size === 0) this.names.forEach((n, i) => this.byName.set(n, i));
    return this.byName.get(name) ?? -1;
  }

  /**
   * The `topN` rows closest to `query` (a raw embedding of the model's dimension), best first.
   * One pass of Int8 dot products (WebAssembly SIMD where available, see scan.ts); a small sorted list
   * keeps the best N.
   */
  searchVector(query: ArrayLike<number>, topN: number): DenseHit[] {
    const dim = this.dim;
    if (query.length !== dim) throw new ModelError('bad-response', `the query embedding has ${query.length} numbers, the stored ones ${dim}`);
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += query[i] * query[i];
    norm = Math.sqrt(norm);
    const n = Math.max(1, Math.min(Math.floor(topN), this.count));
    if (!(norm > 0) || this.count === 0) return [];
    const q = new Float32Array(dim);
    for (let i = 0; i < dim; i++) q[i] = query[i] / norm;
    if (!this.scanner) {
      this.scanner = createRowScanner(this.vectors, this.count, dim);
      // The scanner keeps its own copy (WebAssembly memory): let the file's buffer go.
      if (this.scanner.kind === 'wasm-simd') this.vectors = new Int8Array(0);
    }
    const { dots, queryScale } = this.scanner.scan(q);
    const scales = this.scales;
    const bestRow = new Int32Array(n).fill(-1);
    const bestScore = new Float64Array(n).fill(-Infinity);
    let worst = -Infinity;
    for (let r = 0; r < this.count; r++) {
      const s = dots[r] * scales[r];
      if (s <= worst) continue;
      let k = n - 1;
      while (k > 0 && bestScore[k - 1] < s) {
        bestScore[k] = bestScore[k - 1];
        bestRow[k] = bestRow[k - 1];
        k--;
      }
      bestScore[k] = s;
      bestRow[k] = r;
      worst = bestScore[n - 1];
    }
    const out: DenseHit[] = [];
    for (let k = 0; k < n && bestRow[k] >= 0; k++) out.push({ name: this.names[bestRow[k]], cosine: bestScore[k] / queryScale });
    return out;
  }

  /** How rows are scanned ('wasm-simd' or 'js'); undefined before the first search. */
  get scanKind(): string | undefined {
    return this.scanner?.kind;
  }

  /** Embed `query` with `provider` and return the closest declarations. Throws ModelError (callers catch). */
  async search(query: string, provider: ModelProvider, topN: number, signal?: AbortSignal): Promise<DenseHit[]> {
    if (!provider.embed) throw new ModelError('config', `${provider.label} cannot compute embeddings`);
    const [v] = await provider.embed([query], signal);
    return this.searchVector(v, topN);
  }
}

/**
 * Embed every declaration of `corpus` (or finish an interrupted run) and store the vectors beside the index.
 * Never throws: failures and cancellation come back as `ok: false` with a message; finished batches stay in
 * the journal for the next run.
 */
export async function buildDenseIndex(opts: DenseBuildOptions): Promise<DenseBuildResult> {
  const t0 = performance.now();
  const { cacheDir, corpus, provider } = opts;
  const kind = providerKind(provider);
  const model = provider.model;
  const file = denseFilePath(cacheDir, kind, model);
  const journal = journalFilePath(cacheDir, kind, model);
  const batchSize = Math.max(1, Math.min(4096, Math.floor(opts.batchSize ?? DEFAULT_BATCH)));
  const result = (r: Partial<DenseBuildResult>): DenseBuildResult => ({
    ok: false,
    embedded: 0,
    resumed: 0,
    reused: 0,
    upToDate: false,
    cancelled: false,
    ms: performance.now() - t0,
    path: file,
    bytes: 0,
    ...r,
  });
  const progress = (done: number, total: number, message?: string) => opts.onProgress?.({ phase: 'embed', done, total, message });
  try {
    if (!provider.embed) return result({ message: `${provider.label} cannot compute embeddings` });
    const { key, textKeys } = corpusKeys(corpus);
    const notes: string[] = [];

    // Vectors of an earlier corpus (e.g. before a Mathlib update): rows whose text is unchanged are reused.
    let previous: DenseData | undefined;
    if (!opts.rebuild) {
      const existing = loadDense(file);
      if (existing.ok) {
        const h = existing.data.header;
        if (h.corpusKey === key && h.model === model && h.provider === kind) {
          progress(corpus.count, corpus.count, 'embeddings are up to date');
          return result({ ok: true, upToDate: true, index: DenseIndex.fromData(existing.data, file, existing.bytes), bytes: existing.bytes });
        }
        if (h.model === model && h.provider === kind) previous = existing.data;
        notes.push('the declarations changed since the embeddings were computed; unchanged ones are reused');
      } else if (existing.error !== 'missing') {
        notes.push(`the embeddings file was ${existing.error} (${existing.detail}); rebuilding it`);
      }
    }
    const previousRows = new Map<number, number>();
    if (previous) for (let r = 0; r < previous.header.count; r++) previousRows.set(textHashKey(previous.textKeys, r), r);

    const count = corpus.count;
    const batches = Math.ceil(count / batchSize);
    const done = new Uint8Array(batches);
    let dim = previous?.header.dim ?? 0;
    let vectors = new Int8Array(count * dim);
    const scales = new Float32Array(count);
    let embedMs = 0;
    let resumed = 0;
    let reused = 0;
    const header = { provider: kind, model, indexKey: corpus.indexKey, corpusKey: key, count, batchSize };

    const replay = opts.rebuild ? undefined : readJournal(journal);
    const sameRun =
      replay &&
      replay.header.corpusKey === key &&
      replay.header.model === model &&
      replay.header.provider === kind &&
      replay.header.batchSize === batchSize &&
      replay.header.count === count;
    if (replay && sameRun) {
      for (const b of replay.batches) {
        if (b.batch >= batches || b.firstRow !== b.batch * batchSize || b.rows !== Math.min(batchSize, count - b.firstRow)) continue;
        if (dim === 0) {
          dim = b.dim;
          vectors = new Int8Array(count * dim);
        }
        if (b.dim !== dim) continue;
        vectors.set(b.vectors, b.firstRow * dim);
        scales.set(b.scales, b.firstRow);
        if (!done[b.batch]) resumed += b.rows;
        done[b.batch] = 1;
      }
      embedMs = replay.embedMs;
      if (resumed > 0) notes.push(`resumed: ${resumed} of ${count} declarations were embedded by an earlier run`);
    } else {
      if (replay) notes.push('an unfinished run for other declarations or settings was discarded');
      startJournal(journal, header);
    }

    let embedded = 0;
    let finished = resumed;
    const runStart = performance.now();
    progress(finished, count, notes.length ? notes.join('; ') : undefined);
    const cancelledResult = () => result({ cancelled: true, embedded, resumed, reused, message: `cancelled after ${finished} of ${count}; run again to resume` });
    for (let b = 0; b < batches; b++) {
      if (done[b]) continue;
      if (opts.signal?.aborted) return cancelledResult();
      const first = b * batchSize;
      const rows = Math.min(batchSize, count - first);
      let batchVectors = new Int8Array(rows * dim);
      const batchScales = new Float32Array(rows);
      const missing: number[] = [];
      for (let i = 0; i < rows; i++) {
        const old = previous ? previousRows.get(textHashKey(textKeys, first + i)) : undefined;
        if (old === undefined) missing.push(i);
        else {
          batchVectors.set(previous!.vectors.subarray(old * dim, (old + 1) * dim), i * dim);
          batchScales[i] = previous!.scales[old];
        }
      }
      let ms = 0;
      if (missing.length > 0) {
        const texts = missing.map((i) => corpus.text(first + i));
        const tb = performance.now();
        let answer: number[][];
        try {
          answer = await provider.embed(texts, opts.signal);
        } catch (e) {
          const cancelled = opts.signal?.aborted === true || (e instanceof ModelError && e.kind === 'cancelled');
          if (cancelled) return cancelledResult();
          const why = e instanceof Error ? e.message : String(e);
          return result({ embedded, resumed, reused, message: `stopped after ${finished} of ${count} declarations: ${why}. Finished batches are kept; run again to resume.` });
        }
        ms = performance.now() - tb;
        if (dim === 0) {
          dim = answer[0]?.length ?? 0;
          if (dim <= 0) return result({ embedded, resumed, reused, message: 'the model returned empty embeddings' });
          vectors = new Int8Array(count * dim);
          batchVectors = new Int8Array(rows * dim); // no earlier vectors exist when the length was unknown
        }
        for (let m = 0; m < missing.length; m++) {
          if (answer[m].length !== dim) {
            return result({ embedded, resumed, reused, message: `the model's embeddings have ${answer[m].length} numbers, the stored ones ${dim}; run again with --rebuild` });
          }
          batchScales[missing[m]] = quantizeInto(answer[m], batchVectors, missing[m] * dim);
        }
      }
      vectors.set(batchVectors, first * dim);
      scales.set(batchScales, first);
      // Batches made only of reused rows need no journal record: the old file still holds them on a restart.
      if (missing.length > 0) appendJournal(journal, { batch: b, firstRow: first, rows, dim, scales: batchScales, vectors: batchVectors }, ms);
      done[b] = 1;
      embedMs += ms;
      embedded += missing.length;
      reused += rows - missing.length;
      finished += rows;
      const rate = embedded / ((performance.now() - runStart) / 1000);
      progress(finished, count, finished < count && embedded > 0 && rate > 0 ? `${Math.round(rate)} declarations/s, about ${formatSeconds((count - finished) / rate)} left` : undefined);
    }
    if (reused > 0) notes.push(`${reused} unchanged declarations reused from the earlier embeddings`);

    const names: string[] = new Array(count);
    for (let i = 0; i < count; i++) names[i] = corpus.name(i);
    const data: DenseData = {
      header: { provider: kind, model, indexKey: corpus.indexKey, corpusKey: key, dim: Math.max(dim, 1), count, createdAt: new Date().toISOString(), embedMs: Math.round(embedMs) },
      names,
      vectors,
      scales,
      textKeys,
    };
    const saved = saveDense(file, data);
    if (!saved.ok) return result({ embedded, resumed, reused, message: `could not write ${file}: ${saved.error}` });
    fs.rmSync(journal, { force: true });
    progress(count, count, `saved ${count} embeddings (${dim} dimensions)`);
    return result({ ok: true, index: DenseIndex.fromData(data, file, saved.bytes), embedded, resumed, reused, bytes: saved.bytes, message: notes.length ? notes.join('; ') : undefined });
  } catch (e) {
    return result({ message: `embedding failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

// The learned stage's life cycle beside one lexical index: the library's proof dependencies are read once (in the
// background after the index is usable, yielding between files), stored in a sidecar file in the cache folder
// (`learned/index.bin`: same container as the index, keyed by a fingerprint of the index's declarations and the
// learner's version), and loaded from there on later starts. Goal and statement queries then get the premises
// their neighbours' proofs use (knn.ts) as extra scores for the lexical ranking. The declarations' shapes (DeclShapes)
// are computed and stored beside the dependencies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Progress } from '../types';
import type { QueryPlan } from '../search/query';
import type { SearchIndex } from '../search/searchIndex';
import { bytesOf, u32 } from '../search/declStore';
import { crc32, loadIndex, saveIndex } from '../store/indexStore';
import { buildDependencies, type Dependencies } from './dependencies';
import { LEARN_PARAMS, LearnedRanker } from './knn';
import { limitHeapGrowth } from '../heapGrowth';

/** Bump when what is learned, or how it is stored, changes (the sidecar is then rebuilt). */
export const LEARN_VERSION = 3;
const SIDECAR_DIR = 'learned';

/**
 * `background`: load the sidecar, or learn after the index is usable (searches meanwhile are lexical);
 * `wait`: the same, but open() returns once learned; `cached`: use a stored sidecar, never learn; `off`: none.
 */
export type LearnMode = 'background' | 'wait' | 'cached' | 'off';

export interface LearnStatus {
  state: 'off' | 'missing' | 'learning' | 'ready' | 'failed';
  /** Declarations whose proofs name at least one indexed declaration. */
  proofs?: number;
  /** Dependencies stored (declaration → premise pairs). */
  edges?: number;
  /** Milliseconds spent learning (built) or loading (from the sidecar). */
  ms?: number;
  source?: 'built' | 'cache';
  message?: string;
}

/** The learn mode from the environment (`LEANSCOUT_LEARN=off|0|cached|wait|background`), else `fallback`. */
export function learnModeFromEnv(fallback: LearnMode): LearnMode {
  const v = (process.env.LEANSCOUT_LEARN ?? '').trim().toLowerCase();
  if (v === '0' || v === 'off' || v === 'false' || v === 'no') return 'off';
  if (v === 'cached' || v === 'wait' || v === 'background') return v;
  return fallback;
}

/** A line of a module of the index. */
export interface Place {
  moduleIdx: number;
  line: number;
}

export interface LearnedContext {
  /** The line asked from: leave out neighbours of its module at or after it (the declaration being proved and what
   *  follows). */
  cutoff?: Place;
  /** Every place whose file's declarations from there on are no evidence: the cutoff, or where the library states a
   *  pasted theorem (statedPlaces); worked out here when not given. */
  unknownFrom?: readonly Place[];
  /** Declarations replaced by a re-indexed file (their proofs may have changed). */
  removed?: Uint8Array;
}

/**
 * Per declaration, the shape of its conclusion (see shape.ts), computed once beside the dependencies (~2 s for Mathlib)
 * and stored with them: a search otherwise computes them for its candidates the first time each comes up, reading
 * their signatures from the index file. Four interleaved benchmark runs (each query asked once, as a session's first
 * searches are): search p50 2.35 → 2.12 ms, p95 7.6 → 6.1 ms (medians). `ids[d]` indexes `shapes`. With them, the hash
 * of each conclusion's key (statement.ts conclusionKey: the conclusion up to variable names).
 */
export interface DeclShapes {
  ids: Int32Array;
  shapes: string[];
  keys: Uint32Array;
  /** conclusionKeyHash of the key of each declaration's type chain (statement.ts typeChainOf). */
  typeKeys: Uint32Array;
}

/** What the learned stage stores of a declaration's conclusion. */
export interface ConclusionFacts {
  shape: string;
  /** conclusionKeyHash of its conclusionKey. */
  key: number;
  /** conclusionKeyHash of the key of its type chain. */
  typeKey: number;
}

export class Learner {
  private mode: LearnMode = 'off';
  private ranker?: LearnedRanker;
  private declShapes?: DeclShapes;
  private current: LearnStatus = { state: 'off' };
  private running?: Promise<LearnStatus>;
  private loadTried = false;

  constructor(
    private readonly index: SearchIndex,
    private readonly root: string,
    private readonly cacheDir: string,
    private readonly noSave = false,
    /** The `.ilean` Lake built for a module (by index), if any (exact dependencies; see proofs.ts). */
    private readonly ileanOf?: (module: number) => string | undefined,
    /** A declaration's conclusion shape and key, when they are to be computed and stored with what is learned (see
     *  DeclShapes). */
    private readonly conclusionFactsOf?: { of: (d: number) => ConclusionFacts; version: number },
  ) {}

  /** The declarations' shapes once learned or loaded (undefined before, or without `conclusionFactsOf`). */
  shapes(): DeclShapes | undefined {
    return this.declShapes;
  }

  status(): LearnStatus {
    return { ...this.current };
  }

  /**
   * Start as `mode` says; resolves when the learned stage is ready or cannot be (for `wait`: await it). `rebuild`
   * learns again even when a stored result matches (as a rebuilt index does).
   */
  start(mode: LearnMode, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal; rebuild?: boolean } = {}): Promise<LearnStatus> {
    const { onProgress, signal } = opts;
    this.mode = mode;
    if (mode === 'off') {
      this.current = { state: 'off' };
      return Promise.resolve(this.status());
    }
    if (opts.rebuild && mode !== 'cached') this.loadTried = true;
    else if (this.tryLoad()) return Promise.resolve(this.status());
    if (mode === 'cached') return Promise.resolve(this.status());
    return this.learn(onProgress, signal);
  }

  /** Resolves once learning (if any) is over: the status then. */
  learned(): Promise<LearnStatus> {
    return this.running ?? Promise.resolve(this.status());
  }

  /**
   * Learned premise scores for a query, or undefined when the stage is not ready or the query does not ask for a
   * proof's premises (a goal state or a pasted theorem: `plan.proof`). Never throws.
   */
  scores(plan: QueryPlan, ctx: LearnedContext = {}): Map<number, number> | undefined {
    if (this.mode === 'off' || plan.mode !== 'goal' || !plan.proof) return undefined;
    if (!this.ranker && !this.loadTried) this.tryLoad();
    const ranker = this.ranker;
    if (!ranker) return undefined;
    try {
      const store = this.index.store;
      const { cutoff, removed } = ctx;
      // A pasted statement is the theorem being written: its own proof, if the library has one, is no evidence…
      // (its name as resolved in the snippet's namespaces: readPastedTheorem reads `_root_.`)
      const stated = plan.proof.theorem;
      // …nor what a file declares from the line asked from, or from where the library states the pasted theorem.
      const places = ctx.unknownFrom ?? this.unknownFrom(plan, cutoff);
      const exclude = (d: number) =>
        (removed !== undefined && removed[d] === 1) ||
        (stated !== undefined && (store.names[d] === stated || store.names[d].endsWith('.' + stated))) ||
        this.fromUnknownPlace(d, places);
      const pasted = !cutoff && !!stated;
      const learned = ranker.scores({ terms: plan.terms, exclude, weight: pasted ? LEARN_PARAMS.pastedWeight : LEARN_PARAMS.weight, byResemblance: pasted });
      if (cutoff) for (const [p, v] of ranker.nearby(cutoff.moduleIdx, cutoff.line, exclude)) learned.set(p, (learned.get(p) ?? 0) + v);
      return learned;
    } catch {
      return undefined;
    }
  }

  /** Whether the proofs' dependencies are at hand (learned or loaded, and the stage not off). */
  get hasProofs(): boolean {
    return this.mode !== 'off' && this.ranker !== undefined;
  }

  /**
   * What the library's proofs of the best hits use (`hits`, best first, the first LEARN_PARAMS.hitProofsOf of them): a
   * proof of a goal like theirs often needs what theirs needed, the bridging lemmas (`mul_comm`, `le_of_lt`) among them,
   * which no word of the goal finds. Each hit's premises share LEARN_PARAMS.hitProofs by 1 / √(how many its proof uses).
   * A hit whose proof the query's place could not know (`unknownFrom`: its file from the line asked from, or from where
   * the library states a pasted theorem, that theorem included) is skipped.
   * Empty before the stage is ready.
   */
  usedByProofsOf(hits: readonly number[], unknownFrom: readonly Place[]): Map<number, number> {
    const out = new Map<number, number>();
    const deps = this.hasProofs ? this.ranker?.deps : undefined;
    if (!deps || !(LEARN_PARAMS.hitProofs > 0)) return out;
    let used = 0;
    for (const d of hits) {
      if (used >= LEARN_PARAMS.hitProofsOf) break;
      used++;
      if (this.fromUnknownPlace(d, unknownFrom)) continue;
      const from = deps.offsets[d];
      const to = deps.offsets[d + 1];
      if (to <= from) continue;
      const share = LEARN_PARAMS.hitProofs / Math.sqrt(to - from);
      for (let j = from; j < to; j++) out.set(deps.ids[j], (out.get(deps.ids[j]) ?? 0) + share);
    }
    return out;
  }

  /** Whether declaration `d` lies in the file of one of `places`, at or after its line (a proof there cannot know it). */
  private fromUnknownPlace(d: number, places: readonly Place[]): boolean {
    const store = this.index.store;
    return places.some((p) => store.moduleIdx[d] === p.moduleIdx && store.lines[d] >= p.line);
  }

  /** The places from which a file's declarations are no evidence for a query: the line asked from, else statedPlaces. */
  unknownFrom(plan: QueryPlan, cutoff?: Place): Place[] {
    return cutoff ? [cutoff] : this.statedPlaces(plan);
  }

  /**
   * A theorem pasted from nowhere (no file, no line) that the library already states under its name: the places where
   * it does. A proof written there could not know what the file declares from that line on — the rule a goal's place
   * keeps through its cutoff — so neither its own proof nor its later file mates are evidence.
   */
  private statedPlaces(plan: QueryPlan): Place[] {
    const stated = plan.proof?.theorem;
    if (!stated) return [];
    const store = this.index.store;
    return this.index.bySuffix(stated).map((d) => ({ moduleIdx: store.moduleIdx[d], line: store.lines[d] }));
  }

  private sidecarDir(): string {
    return path.join(this.cacheDir, SIDECAR_DIR);
  }

  /** The sidecar's key: the learner's version and a fingerprint of the declarations (ids, names, places). */
  private keyCache?: string;
  private key(): string {
    if (this.keyCache) return this.keyCache;
    const store = this.index.store;
    // Names through one small buffer (no copy of all names at once: the process keeps what it once allocated).
    const buf = Buffer.allocUnsafe(1 << 16);
    let used = 0;
    let crc = 0;
    const put = (text: string) => {
      if (used + text.length * 3 + 1 > buf.length) {
        crc = crc32(buf.subarray(0, used), crc);
        used = 0;
      }
      if (text.length * 3 + 1 > buf.length) crc = crc32(Buffer.from(text, 'utf8'), crc);
      else used += buf.write(text, used, 'utf8');
      buf[used++] = 10;
    };
    for (const name of store.names) put(name);
    for (const m of store.modules) put(m.file);
    crc = crc32(buf.subarray(0, used), crc);
    crc = crc32(bytesOf(store.lines), crc);
    crc = crc32(bytesOf(store.moduleIdx), crc);
    const shapes = this.conclusionFactsOf ? `.s${this.conclusionFactsOf.version}` : '';
    return (this.keyCache = `learn:${LEARN_VERSION}${shapes}:${store.size}:${crc.toString(16)}`);
  }

  /** Load the stored dependencies if they belong to this index; true when ready. */
  private tryLoad(): boolean {
    if (this.ranker) return true;
    this.loadTried = true;
    const t0 = performance.now();
    try {
      const loaded = loadIndex(this.sidecarDir(), this.key());
      if (!loaded.ok) {
        this.current = { state: 'missing', message: loaded.error === 'missing' ? 'not learned yet' : `stored dependencies not used: ${loaded.detail}` };
        return false;
      }
      const offsets = loaded.sections['deps.offsets'];
      const ids = loaded.sections['deps.ids'];
      if (!offsets || !ids) throw new Error('sections missing');
      const deps: Dependencies = { offsets: u32(offsets), ids: u32(ids) };
      if (deps.offsets.length !== this.index.size + 1 || deps.offsets[this.index.size] !== deps.ids.length) throw new Error('sections disagree in size');
      const shapes = this.conclusionFactsOf ? readShapes(loaded.sections['shape.ids'], loaded.sections['shape.text'], loaded.sections['shape.keys'], loaded.sections['shape.typeKeys'], this.index.size) : undefined;
      this.ready(deps, performance.now() - t0, 'cache', shapes);
      return true;
    } catch (e) {
      this.current = { state: 'missing', message: `stored dependencies unreadable: ${e instanceof Error ? e.message : String(e)}` };
      return false;
    }
  }

  /** How many of the library's proofs use each declaration (MaSh's prior), and the dependencies they were counted from. */
  private uses?: { counts: Uint32Array; logs: Float32Array; deps: Dependencies };

  /**
   * How much the library's proofs use each declaration, as a proof at each of `places` could know it: log(1 + uses),
   * the uses by the proofs a place's file states at or after its line (the theorem being proved among them) not
   * counted. None: every proof counts (a statement from nowhere that the library does not state). Undefined until
   * learned. `bound` is every declaration's count over the whole library (at least `of`: for pruning).
   */
  usesBefore(places: readonly Place[]): { of: (d: number) => number; bound: Float32Array } | undefined {
    if (this.mode === 'off' || !this.uses) return undefined;
    const { counts, logs, deps } = this.uses;
    const store = this.index.store;
    const unknownProofs = new Set<number>();
    for (const p of places) for (const d of store.declsFrom(p.moduleIdx, p.line)) unknownProofs.add(d);
    const unknown = new Map<number, number>();
    for (const d of unknownProofs) {
      for (let j = deps.offsets[d]; j < deps.offsets[d + 1]; j++) unknown.set(deps.ids[j], (unknown.get(deps.ids[j]) ?? 0) + 1);
    }
    return { of: (d) => (unknown.has(d) ? Math.log1p(counts[d] - unknown.get(d)!) : logs[d]), bound: logs };
  }

  private ready(deps: Dependencies, ms: number, source: 'built' | 'cache', shapes?: DeclShapes): void {
    this.ranker = new LearnedRanker(this.index, deps);
    this.declShapes = shapes;
    const counts = new Uint32Array(this.index.size);
    for (let j = 0; j < deps.ids.length; j++) counts[deps.ids[j]]++;
    const logs = new Float32Array(counts.length);
    for (let i = 0; i < counts.length; i++) logs[i] = Math.log1p(counts[i]);
    this.uses = { counts, logs, deps };
    let proofs = 0;
    for (let i = 0; i < this.index.size; i++) if (deps.offsets[i + 1] > deps.offsets[i]) proofs++;
    this.current = { state: 'ready', proofs, edges: deps.ids.length, ms: Math.round(ms), source };
  }

  private learn(onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<LearnStatus> {
    if (this.running) return this.running;
    this.current = { state: 'learning' };
    const run = async (): Promise<LearnStatus> => {
      // Let open() return (and a first search run) before the first slice of work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const t0 = performance.now();
      const store = this.index.store;
      // Every source file is read again: garbage at the pace of a cold build, held down the same way (without it the
      // heap grew by ~240 MB over the run, setting the cold index's peak RSS after the build's).
      const restoreHeapGrowth = limitHeapGrowth();
      const report = (done: number, total: number, message?: string) => {
        try {
          onProgress?.({ phase: 'learn', done, total, message });
        } catch {
          /* a failing listener must not stop learning */
        }
      };
      // Progress in modules read, then the shapes as a quarter more (their share of the time for Mathlib).
      let modules = 0;
      const shapeSteps = () => (this.conclusionFactsOf ? Math.max(1, Math.ceil(modules / 4)) : 0);
      try {
        const deps = await buildDependencies(
          {
            names: store.names,
            kinds: store.kinds,
            moduleIdx: store.moduleIdx,
            lines: store.lines,
            modules: store.modules,
            isGenerated: (i) => store.isGenerated(i),
            signature: (i) => store.signature(i),
            generatedFrom: (i) => (store.isGenerated(i) ? store.materialize(i).generatedFrom : undefined),
          },
          {
            root: this.root,
            signal,
            ileanOf: this.ileanOf,
            onProgress: (done, total) => {
              modules = total;
              if (done < total || !this.conclusionFactsOf) report(done, total + shapeSteps(), done === total ? 'premises learned from proofs' : undefined);
            },
          },
        );
        let shapes: DeclShapes | undefined;
        if (this.conclusionFactsOf) {
          const size = this.index.size;
          shapes = await computeShapes(size, this.conclusionFactsOf.of, signal, (d) => report(modules + Math.floor((shapeSteps() * d) / Math.max(1, size)), modules + shapeSteps()));
          report(modules + shapeSteps(), modules + shapeSteps(), 'premises learned from proofs');
        }
        // (a cache directory removed while learning, as by a cleared cache, is not made again for the sidecar alone)
        if (!this.noSave && fs.existsSync(this.cacheDir)) {
          const sections: Record<string, Uint8Array> = { 'deps.offsets': bytesOf(deps.offsets), 'deps.ids': bytesOf(deps.ids) };
          if (shapes) {
            sections['shape.ids'] = bytesOf(shapes.ids);
            sections['shape.text'] = Buffer.from(shapes.shapes.join('\n'), 'utf8');
            sections['shape.keys'] = bytesOf(shapes.keys);
            sections['shape.typeKeys'] = bytesOf(shapes.typeKeys);
          }
          const saved = saveIndex(this.sidecarDir(), this.key(), sections, { version: LEARN_VERSION });
          if (!saved.ok) this.current.message = `could not store what was learned: ${saved.error}`;
        }
        const note = this.current.message;
        this.ready(deps, performance.now() - t0, 'built', shapes);
        if (note) this.current.message = note;
      } catch (e) {
        this.current = { state: 'failed', message: e instanceof Error ? e.message : String(e) };
      } finally {
        restoreHeapGrowth();
      }
      return this.status();
    };
    this.running = run();
    return this.running;
  }
}

/** Every declaration's shape and conclusion key, yielding to the event loop between runs (searches go on meanwhile). */
async function computeShapes(size: number, factsOf: (d: number) => ConclusionFacts, signal?: AbortSignal, progress?: (done: number) => void): Promise<DeclShapes> {
  const ids = new Int32Array(size);
  const keys = new Uint32Array(size);
  const typeKeys = new Uint32Array(size);
  const byShape = new Map<string, number>();
  const shapes: string[] = [];
  for (let d = 0; d < size; d++) {
    if ((d & 4095) === 4095) {
      progress?.(d);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new Error('learning cancelled');
    }
    // (operators between single spaces: whitespace ends an operator, so no shape holds the stored list's line break)
    const { shape, key, typeKey } = factsOf(d);
    keys[d] = key;
    typeKeys[d] = typeKey;
    let id = byShape.get(shape);
    if (id === undefined) {
      id = shapes.length;
      byShape.set(shape, id);
      shapes.push(shape);
    }
    ids[d] = id;
  }
  return { ids, shapes, keys, typeKeys };
}

/** Stored shapes, checked against the index (undefined when absent or inconsistent: then computed as needed). */
function readShapes(idBytes: Uint8Array | undefined, text: Uint8Array | undefined, keyBytes: Uint8Array | undefined, typeKeyBytes: Uint8Array | undefined, size: number): DeclShapes | undefined {
  if (!idBytes || !text || !keyBytes || !typeKeyBytes) return undefined;
  const keys = u32(keyBytes);
  const typeKeys = u32(typeKeyBytes);
  if (keys.length !== size || typeKeys.length !== size) return undefined;
  const u = u32(idBytes);
  const ids = new Int32Array(u.buffer, u.byteOffset, u.length);
  const shapes = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8').split('\n');
  if (ids.length !== size) return undefined;
  for (let d = 0; d < size; d++) if (!(ids[d] >= 0 && ids[d] < shapes.length)) return undefined;
  return { ids, shapes, keys, typeKeys };
}

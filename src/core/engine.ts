// The engine: one object that owns a project's index and answers searches. Used by the CLI and, inside
// a worker thread, by the extension — so everything in and out is plain data (structured-clone safe).
//
// open(): discover sources → fingerprint → load the stored index if it was built from the same inputs,
// else extract + build + save. The user's own files are fingerprinted separately: when only they
// changed, the stored index is reused and just those files are re-extracted into an overlay.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Declaration, DeclKind, ModuleInfo, Progress, SearchHit, SearchRequest, SearchResponse, SkippedFile } from './types';
import { DECL_KINDS } from './types';
import { CORE_PKG, DEFAULT_MAX_FILE_BYTES, computeFingerprint, discoverProject, hashText, type ProjectSources } from './extract/project';
import { extractProject, lastNamingRules, loadNamingRules, type ProjectExtraction } from './extract/extractProject';
import { TOKENIZE_RUNS_AHEAD, TokenizePool, defaultExtractWorkers, findExtractWorkerScript } from './extract/parallel';
import type { NamingRules } from './extract/translate';
import { MAX_BODY, extractFile } from './extract/scanner';
import { ileanOfModule } from './extract/ilean';
import { defaultCacheDir, loadIndex, saveIndex } from './store/indexStore';
import { SearchIndex, lowerBound, SEARCH_INDEX_DISK_SECTIONS, SEARCH_INDEX_LINE_SECTIONS, SEARCH_INDEX_VERSION } from './search/searchIndex';
import type { DeclStore } from './search/declStore';
import { Ranker, RANK_PARAMS, type RankedHit, type RankOptions } from './search/ranker';
import { analyzeQuery, symbolNameWordsOf, type PlanTerm, type QueryPlan } from './search/query';
import { compactKey, isLeanNoise, isStopWord, isVariableTerm, splitIdentifier, tokenizeText } from './search/tokenize';
import { outsideLibraryMask } from './search/libraries';
import { latexToLean } from './search/latex';
import { LEARN_PARAMS } from './learn/knn';
import { Learner, learnModeFromEnv, type ConclusionFacts, type DeclShapes, type LearnMode, type LearnStatus } from './learn/learner';
import { limitHeapGrowth } from './heapGrowth';
import { withoutInlining } from './v8Flags';
import { noteBusy, releaseWhenHeapShrinks } from './heapPages';
import { SHAPE_VERSION, asNotation, conclusionKey, conclusionKeyHash, conclusionOf, definingSide, greaterTurnedAround, keyNamesSomething, normalizeStatement, numeralsAsVariables, parseSignature, readPastedTheorem, shapeOf, signatureContext, statedHypotheses, statementKey, typeChainOf, typeKeyHash, wholeWord } from './statement';

export interface EngineOpenOptions {
  project: string;
  cacheDir?: string;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Ignore a stored index and rebuild. */
  rebuild?: boolean;
  /** Do not write the index (read-only caches, tests). */
  noSave?: boolean;
  /** Worker threads for extraction (default: 2 with ≥ 2 cores, or LEANSCOUT_EXTRACT_WORKERS; ≤ 1 = none), and at most
   *  as many tokenize the build (see tokenizeWorkers). */
  extractWorkers?: number;
  /** Source files larger than this are skipped (and listed in `skipped`); default DEFAULT_MAX_FILE_BYTES, Infinity = none. */
  maxFileBytes?: number;
  /**
   * Lean core (Init, Std) comes from the toolchain the project's `lean-toolchain` names, found where elan installs it
   * (`$ELAN_HOME/toolchains/…`). This folder (a toolchain, or its `src/lean`) overrides that (CLI `--toolchain DIR`,
   * else `$LEANSCOUT_LEAN_TOOLCHAIN`); `none` leaves core out.
   */
  toolchainDir?: string;
  /** elan's home for the lookup (default `$ELAN_HOME`, else `~/.elan`). */
  elanHome?: string;
  /**
   * Premises learned from the library's own proofs (src/core/learn): `background` (default; `$LEANSCOUT_LEARN`
   * overrides) learns after the index is usable, `wait` before open() returns, `cached` only loads a stored result.
   */
  learn?: LearnMode;
}

export interface EngineStats {
  project: string;
  decls: number;
  byKind: Partial<Record<DeclKind, number>>;
  byPackage: Record<string, number>;
  modules: number;
  files: number;
  skipped: SkippedFile[];
  /** Bytes of the index file on disk (0 when not saved). */
  indexBytes: number;
  indexPath: string;
  /** 'built' when extracted now, 'cache' when loaded from disk. */
  source: 'built' | 'cache';
  /** Why a stored index was not used, when it was not (and why a new one could not be saved). */
  cacheNote?: string;
  /** Why the index just built could not be saved: it works now, and the next start builds it again. */
  saveError?: string;
  extractMs: number;
  buildMs: number;
  loadMs: number;
  saveMs: number;
  totalMs: number;
  /** Files re-indexed since the index was built (on save or at open). */
  overlayFiles: number;
  /**
   * What the user should know about what the index holds, one line each: e.g. that Lean core (Init, Std) is not
   * indexed because the project's toolchain is not installed. Empty when there is nothing to say.
   */
  notes: string[];
  /** The toolchain folder Lean core was indexed from, when it was. */
  core?: { toolchain?: string; dir: string };
}

export interface UpdateResult {
  ok: boolean;
  file: string;
  decls: number;
  ms: number;
  message?: string;
}

/** Extra scores from another stage (e.g. dense retrieval), keyed by declaration name, fused additively. */
export interface SearchExtras {
  extraScores?: Record<string, number>;
}

interface StoredMeta {
  searchVersion: number;
  depsKey: string;
  userFiles: Record<string, string>;
  skipped: SkippedFile[];
  files: number;
  buildMs: number;
  extractMs: number;
  project: string;
}

interface Overlay {
  decls: Declaration[];
  module?: ModuleInfo;
}

const DEFAULT_K = 20;
/** Below this, starting worker threads for the index build costs more than it saves. */
const MIN_DECLS_FOR_BUILD_WORKERS = 20000;

/**
 * Tokenizing workers for the build: none where extraction has none (1 or fewer), else one fewer than the cores (at
 * least one, at most as many as extraction had), as this thread stores the declarations meanwhile. Each worker's heap
 * counts in the peak. Mathlib's cold build on two cores, `retrieval.js --child-cold` runs taking turns: peak RSS 577 /
 * 564 / 583 MiB with two workers against 547 / 550 / 562 with one; build 6.4 / 8.3 / 7.1 s against 8.7 / 7.0 / 6.7 s
 * (the machine's noise: extraction, the same in both, took 7.2–9.8 s). None at all: 505 MiB, build 9.3 s.
 */
export function tokenizeWorkers(extractWorkers: number, cpus: number): number {
  return extractWorkers > 1 ? Math.max(1, Math.min(extractWorkers, cpus - 1)) : 0;
}

const MAX_K = 1000;

/** Kinds of declaration a proof at a line is written for. */
const THEOREM_KINDS = new Set<DeclKind>(['theorem', 'instance', 'def', 'abbrev']);
/** How many declarations just above the line of a goal get the `justAbove` prior. */
const JUST_ABOVE_COUNT = 10;
/** Statement queries score every lemma of their shape when at most this many have it (see Engine.declsOfShape). */
const SHAPE_CANDIDATES_MAX = 2000;
/** A statement's or goal's conclusion singles out the lemmas concluding it when at most this many do. */
const SAME_CONCLUSION_MAX = 64;

/** Declaration ids below this pack with a 32-bit key into one double (see Engine.declsOfKey). */
const KEY_ID_SPAN = 2 ** 21;


/** A question in words only: letters, digits, spaces and prose punctuation (no Lean, no LaTeX, no code). */
const WORDS_ONLY = /^[\p{L}\p{N}\s.,;:!?'"’“”()-]*$/u;

/** Text without Markdown's list markers and emphasis (`- **…**`), which frame words without being code. */
function withoutMarkdown(text: string): string {
  return text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '').replace(/\*\*|__|(?<![\p{L}\p{N}])\*(?=\S)|(?<=\S)\*(?![\p{L}\p{N}])/gu, '');
}

export class Engine {
  private ranker: Ranker;
  private overlay = new Map<string, Overlay>();
  private overlayIndex?: SearchIndex;
  private overlayRanker?: Ranker;
  private removed?: Uint8Array;
  private scopes = new Map<string, Scope>();
  /** Per module of the main index, the modules it imports (by index). */
  private moduleImports?: number[][];
  /** Shape of each declaration's conclusion, computed when first needed (-1: not yet), as its id in shapeIdOf; all
   *  of them once the learned stage has them (see Learner.shapes). */
  private shapeIds?: Int32Array;
  private shapeIdOf = new Map<string, number>();
  /** Conclusion keys' hashes computed on demand (before the learned stage has them all). */
  private conclusionKeys = new Map<number, number>();
  private shapesFromLearner?: DeclShapes;
  private moduleByFile = new Map<string, number>();
  private learner?: Learner;

  private constructor(
    readonly root: string,
    readonly cacheDir: string,
    private index: SearchIndex,
    private info: EngineStats,
    private sources: ProjectSources | undefined,
  ) {
    this.ranker = new Ranker(index);
    index.store.modules.forEach((m, i) => this.moduleByFile.set(m.file, i));
    // (loading or building freed much: given back once this thread rests; searches and the learned stage count as work)
    noteBusy();
  }

  static async open(opts: EngineOpenOptions): Promise<Engine> {
    const t0 = Date.now();
    const root = path.resolve(opts.project);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new Error(`project folder not found: ${root}`);
    const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir(root));
    const progress = (phase: string, done: number, total: number, message?: string) => opts.onProgress?.({ phase, done, total, message });

    progress('discover', 0, 1);
    const maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const sources = discoverProject(root, { maxFileBytes, core: { toolchainDir: opts.toolchainDir, elanHome: opts.elanHome } });
    const isUserFile = (f: { pkg: string; pinned: boolean }) => f.pkg === '' && !f.pinned;
    // The size cap is part of the key: files of pinned packages are only measured when read.
    const extra = `search:${SEARCH_INDEX_VERSION}\nmaxFileBytes:${maxFileBytes}`;
    const depsKey = computeFingerprint({ ...sources, files: sources.files.filter((f) => !isUserFile(f)) }, extra);
    const userFiles: Record<string, string> = {};
    for (const f of sources.files) {
      if (!isUserFile(f)) continue;
      try {
        userFiles[f.rel] = hashText(fs.readFileSync(f.abs));
      } catch {
        userFiles[f.rel] = 'unreadable';
      }
    }
    progress('discover', 1, 1, `${sources.files.length} files`);
    throwIfAborted(opts.signal);

    let cacheNote: string | undefined;
    if (!opts.rebuild) {
      progress('load', 0, 1);
      const tl = Date.now();
      const loaded = loadIndex(cacheDir, undefined, { asLines: SEARCH_INDEX_LINE_SECTIONS, onDisk: SEARCH_INDEX_DISK_SECTIONS });
      if (loaded.ok) {
        const meta = loaded.meta as unknown as StoredMeta;
        if (meta.searchVersion !== SEARCH_INDEX_VERSION) cacheNote = 'stored index has an older search format';
        else if (meta.depsKey !== depsKey || loaded.key !== depsKey) cacheNote = 'dependencies, toolchain or extractor changed';
        else {
          try {
            const index = SearchIndex.fromSections(loaded.sections, loaded);
            index.warm();
            const loadMs = Date.now() - tl;
            const info = statsFor(index, {
              project: root,
              skipped: meta.skipped ?? [],
              files: meta.files ?? 0,
              indexBytes: loaded.bytes,
              indexPath: loaded.path,
              source: 'cache',
              extractMs: meta.extractMs ?? 0,
              buildMs: meta.buildMs ?? 0,
              loadMs,
              saveMs: 0,
              ...coreInfo(sources),
            });
            const engine = new Engine(root, cacheDir, index, info, sources);
            // Own files changed since the build: re-extract just those.
            const changed = Object.keys(userFiles).filter((rel) => meta.userFiles?.[rel] !== userFiles[rel]);
            const gone = Object.keys(meta.userFiles ?? {}).filter((rel) => !(rel in userFiles));
            for (const rel of [...changed, ...gone]) engine.updateFile(path.join(root, rel));
            progress('load', 1, 1, `${index.size} declarations from cache`);
            engine.info.totalMs = Date.now() - t0;
            await engine.startLearning(opts);
            return engine;
          } catch (e) {
            cacheNote = `stored index unreadable (${e instanceof Error ? e.message : String(e)})`;
          }
        }
        loaded.close(); // not used: the build below replaces the file
      } else if (loaded.error !== 'missing') {
        cacheNote = `stored index ${loaded.error}: ${loaded.detail}`;
      }
      progress('load', 1, 1, cacheNote ?? 'no stored index');
    }

    // A cold build allocates ~400 MB that lives until the index is saved; V8's default heap growth
    // (up to 2× the live heap between full GCs) would take the process to ~850 MB. A lower growth
    // factor while building keeps the peak near the live size for about the same GC time.
    const restoreHeapGrowth = limitHeapGrowth();
    try {
      return await Engine.build(opts, { root, cacheDir, sources, depsKey, userFiles, cacheNote, t0 });
    } finally {
      restoreHeapGrowth();
    }
  }

  private static async build(
    opts: EngineOpenOptions,
    ctx: { root: string; cacheDir: string; sources: ProjectSources; depsKey: string; userFiles: Record<string, string>; cacheNote?: string; t0: number },
  ): Promise<Engine> {
    const { root, cacheDir, sources, depsKey, userFiles, t0 } = ctx;
    let cacheNote = ctx.cacheNote;
    const progress = (phase: string, done: number, total: number, message?: string) => opts.onProgress?.({ phase, done, total, message });
    const te = Date.now();
    const cpus = os.cpus().length;
    const extractWorkers = opts.extractWorkers ?? defaultExtractWorkers(cpus);
    const restoreInlining = withoutInlining();
    let extracted: ProjectExtraction;
    try {
      extracted = await extractProject(root, {
        onProgress: (p: Progress) => opts.onProgress?.(p),
        signal: opts.signal,
        sources,
        discover: { maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES },
        workers: extractWorkers,
        workerScript: findExtractWorkerScript(),
      });
    } finally {
      restoreInlining();
    }
    throwIfAborted(opts.signal);
    const extractMs = Date.now() - te;
    const tb = Date.now();
    progress('build', 0, extracted.decls.length);
    // The build lets the declarations go as it tokenizes them: the heap halves while the index's arrays grow.
    const heapShrinkCheck = releaseWhenHeapShrinks();
    const buildOpts = {
      onProgress: (done: number, total: number) => {
        heapShrinkCheck();
        progress('build', done, total);
      },
      usageCounts: extracted.usageCounts,
      consume: true,
    };
    // Tokenizing the declarations is most of the build and needs no global state: worker threads do
    // it (and sort the names) while this thread stores the declarations; the index is the same either way.
    // The workers stop before the last step, the one that needs the most memory.
    const workers = tokenizeWorkers(extractWorkers, cpus);
    const workerScript = workers > 0 && extracted.decls.length >= MIN_DECLS_FOR_BUILD_WORKERS ? findExtractWorkerScript() : undefined;
    let index: SearchIndex;
    if (workerScript) {
      const pool = new TokenizePool(workerScript, workers);
      try {
        index = await SearchIndex.buildAsync(extracted.decls, extracted.modules, {
          ...buildOpts,
          tokenize: (make) => pool.tokenize(make),
          // (one worker: this thread sorts the names while it tokenizes — a copy of every name in the worker cost the
          // cold build's peak RSS 552 → 535 MiB, medians of four runs, build time the same; the index is the same)
          sortNames: workers > 1 ? (names) => pool.sortNames(names) : undefined,
          onQueued: () => pool.seal(),
          onBusy: (busy) => pool.runsAhead(busy ? TOKENIZE_RUNS_AHEAD : undefined),
          onTokenized: () => pool.close(),
        });
      } finally {
        await pool.close();
      }
    } else index = SearchIndex.build(extracted.decls, extracted.modules, buildOpts);
    index.warm();
    const buildMs = Date.now() - tb;
    // Only the index's own copy of the declarations stays alive.
    const skipped = [...sources.skipped, ...extracted.skipped.filter((s) => !sources.skipped.some((t) => t.file === s.file))];
    const fileCount = extracted.files?.length ?? sources.files.length;

    let indexBytes = 0;
    let indexPath = '';
    let saveMs = 0;
    let saveError: string | undefined;
    if (!opts.noSave) {
      progress('save', 0, 1);
      const ts = Date.now();
      const meta: StoredMeta = { searchVersion: SEARCH_INDEX_VERSION, depsKey, userFiles, skipped, files: fileCount, buildMs, extractMs, project: root };
      const sections = index.toSections();
      const saved = saveIndex(cacheDir, depsKey, sections, meta as unknown as Record<string, unknown>);
      saveMs = Date.now() - ts;
      if (saved.ok) {
        indexBytes = saved.bytes;
        indexPath = saved.path;
      } else {
        saveError = saved.error;
        cacheNote = `${cacheNote ? cacheNote + '; ' : ''}could not save the index: ${saved.error}`;
      }
      progress('save', 1, 1);
    }
    const info = statsFor(index, {
      project: root,
      skipped,
      files: fileCount,
      indexBytes,
      indexPath,
      source: 'built',
      cacheNote,
      saveError,
      extractMs,
      buildMs,
      loadMs: 0,
      saveMs,
      ...coreInfo(sources),
    });
    const engine = new Engine(root, cacheDir, index, info, sources);
    engine.info.totalMs = Date.now() - t0;
    await engine.startLearning(opts);
    if (indexPath) {
      // Once the learned stage has read the statements, read the declaration text from the saved file, as after a
      // load (41 MB less for Mathlib): the file must have this build's key and checksum and the very same bytes.
      void engine
        .learned()
        .catch(() => undefined)
        .then(() => {
          const saved = loadIndex(cacheDir, depsKey, { onDisk: SEARCH_INDEX_DISK_SECTIONS, only: SEARCH_INDEX_DISK_SECTIONS });
          if (saved.ok && !index.store.useStoredText(saved.onDisk)) saved.close();
        });
    }
    return engine;
  }

  /** The learned stage: loaded or learned beside the index as `opts.learn` says (awaited only for `wait`). */
  private async startLearning(opts: EngineOpenOptions): Promise<void> {
    const mode = opts.learn ?? learnModeFromEnv('background');
    const conclusionFacts = { of: (d: number) => this.conclusionFactsOf(d), version: SHAPE_VERSION };
    this.learner = new Learner(this.index, this.root, this.cacheDir, opts.noSave === true, this.ileanOf(), conclusionFacts);
    const done = this.learner.start(mode, { onProgress: opts.onProgress, signal: opts.signal, rebuild: opts.rebuild });
    void done.then(noteBusy, noteBusy);
    if (mode === 'wait') await done;
  }

  /** Where Lake put a module's `.ilean` (its package's build, or the toolchain's for Lean core), when discovered. */
  private ileanOf(): ((module: number) => string | undefined) | undefined {
    const packages = this.sources?.packages;
    if (!packages?.length) return undefined;
    const byName = new Map(packages.map((p) => [p.name, p]));
    const modules = this.index.store.modules;
    return (m) => {
      const pkg = byName.get(modules[m]?.pkg ?? '');
      return pkg ? ileanOfModule(pkg, modules[m].name) : undefined;
    };
  }

  /** Premises learned from the library's proofs: resolves once that stage is ready, failed, or off. */
  learned(): Promise<LearnStatus> {
    return this.learner?.learned() ?? Promise.resolve({ state: 'off' });
  }

  /** Search; never throws (a bad request gives an empty result with a `message`). */
  search(req: SearchRequest, extras: SearchExtras = {}): SearchResponse {
    const t0 = performance.now();
    noteBusy();
    try {
      if (!req || typeof req.query !== 'string') return { hits: [], message: 'query must be a string', ms: 0 };
      // (not trimmed here: a goal pasted with every line indented loses the indentation common to its lines)
      const query = req.query;
      if (!query.trim()) return { hits: [], message: 'empty query', ms: 0 };
      const k = clampK(req.k);
      const kinds = req.kinds?.filter((x) => (DECL_KINDS as readonly string[]).includes(x));
      if (req.kinds && req.kinds.length && (!kinds || kinds.length === 0)) {
        return { hits: [], message: `unknown kind(s): ${req.kinds.join(', ')}; known: ${DECL_KINDS.join(', ')}`, ms: performance.now() - t0 };
      }
      let plan = analyzeQuery(query);
      // (words spelled as the library spells them most: British and American spellings ask the same)
      if (plan.mode === 'text') {
        const respelled = this.ranker.commonSpelling(query);
        if (respelled !== query) plan = analyzeQuery(respelled);
      }
      if (plan.terms.length === 0 && plan.exactKeys.length === 0 && plan.identifiers.length === 0) {
        return { hits: [], message: 'the query has no searchable words or symbols', ms: performance.now() - t0 };
      }
      let extraScores: Map<number, number> | undefined;
      if (extras.extraScores) {
        extraScores = new Map();
        for (const [name, s] of Object.entries(extras.extraScores)) {
          const id = this.index.byFullName(name);
          if (id >= 0 && Number.isFinite(s)) extraScores.set(id, s);
        }
      }
      // A query written in a notation of the library, whole (`⌊x⌋`, `f =O[l] g`, `𝓝`): the declaration it unfolds to.
      // (what reads as a name is a notation only without arguments: `λ_`, but not `#check foo`, `#` of `checkfoo`)
      // (a formula in LaTeX, `$\lfloor x \rfloor$`, `$V \otimes W$`, as the Lean notation it reads as)
      const whole = query.replace(/[`$]/g, '');
      let denoted = this.index.store.byNotation(whole, plan.mode === 'name');
      if (!denoted.length && /^\s*\$[^$]+\$\s*$/.test(query)) denoted = this.index.store.byNotation(latexToLean(query).replace(/[`$]/g, ''));
      if (denoted.length && RANK_PARAMS.notation > 0) {
        extraScores ??= new Map();
        for (const id of denoted) extraScores.set(id, (extraScores.get(id) ?? 0) + RANK_PARAMS.notation);
      }
      // Once: which modules lie outside their package's default library (read from the lakefiles).
      this.ranker.outsideLibrary ??= outsideLibraryMask(this.index.store.modules, this.sources?.packages ?? []);
      const expanded = this.ranker.expandPlan(plan);
      // A goal's premises: those the file imports first (a premise needing an import is still shown, lower).
      // (a module the index does not know — mistyped, or a file never indexed — has no known imports or lines: the
      // query is asked as from nowhere, and the answer says so, rather than marking every result as needing an import)
      const fromModule = req.fromModule && this.knowsModule(req.fromModule) ? req.fromModule : undefined;
      const note = req.fromModule && !fromModule ? `module ${req.fromModule} is not in the index: asked as from no file (no imports, no line)` : undefined;
      const scope = fromModule ? this.scopeOf(fromModule) : undefined;
      const preferred = scope && req.preferInScope && plan.mode === 'goal' ? scope : undefined;
      const cutoffIn = (store: DeclStore) => {
        if (!fromModule || !(Number(req.usableBeforeLine) > 0)) return undefined;
        const moduleIdx = store.moduleIndex(fromModule);
        return moduleIdx >= 0 ? { moduleIdx, line: Number(req.usableBeforeLine) } : undefined;
      };
      const cutoff = cutoffIn(this.index.store);
      expanded.push(...this.unfoldTerms(plan, cutoff));
      if (plan.mode === 'goal') expanded.push(...this.theoremNameTerms(plan, cutoff, this.overlayIndex && cutoffIn(this.overlayIndex.store), req.theorem));
      // Premises that the proofs of similar statements use (goal and statement queries; src/core/learn).
      // (from the line asked from, or where the library states a pasted theorem: once, for the neighbours and the prior)
      const unknownFrom = plan.proof ? this.learner?.unknownFrom(plan, cutoff) : undefined;
      const learned = this.learner?.scores(plan, { cutoff, unknownFrom, removed: this.removed });
      if (learned?.size) {
        extraScores ??= new Map();
        for (const [id, s] of learned) extraScores.set(id, (extraScores.get(id) ?? 0) + s);
      }
      // A proof at a line of a file often uses what was declared just above it.
      if (cutoff && plan.mode === 'goal' && RANK_PARAMS.justAbove > 0) {
        extraScores ??= new Map();
        for (const [id, s] of this.justAbove(cutoff.moduleIdx, cutoff.line)) extraScores.set(id, (extraScores.get(id) ?? 0) + s);
      }
      // How much the library's proofs use a premise (MaSh's prior), where the place says which proofs count.
      // (a statement from nowhere: every proof, but where the library states it already, those its place could know)
      const proofUses = plan.mode !== 'goal' || !unknownFrom || !(RANK_PARAMS.proofUses > 0) ? undefined : this.learner?.usesBefore(unknownFrom);
      // A question of two or more words and nothing else (no Lean, no LaTeX): what a declaration's file is about, its
      // module doc, counts too (see RANK_PARAMS.moduleDoc). One word names a thing, which its own name and docs decide.
      const inWords =
        RANK_PARAMS.moduleDoc > 0 && plan.mode === 'text' && !plan.target && WORDS_ONLY.test(withoutMarkdown(query)) && plan.terms.filter((t) => !t.term.includes('|')).length >= 2;
      const moduleDocs = inWords ? this.index.moduleDocScores(plan.terms) : undefined;
      const overlayDocs = inWords ? this.overlayIndex?.moduleDocScores(plan.terms) : undefined;
      // (one scale for the library's modules and the files being edited: the best module of either)
      const bestModule = Math.max(moduleDocs?.best ?? 0, overlayDocs?.best ?? 0);
      const moduleBoost = (docs: { scores: Float32Array } | undefined, moduleIdx: ArrayLike<number>) =>
        docs ? { max: RANK_PARAMS.moduleDoc, of: (d: number) => (RANK_PARAMS.moduleDoc * docs.scores[moduleIdx[d]]) / bestModule } : undefined;
      const lateBoost = moduleBoost(moduleDocs, this.index.store.moduleIdx);
      const opts = { k, kinds, modulePrefix: req.modulePrefix, namespacePrefix: req.namespacePrefix, removed: this.removed, extraScores, inScope: preferred?.mask, cutoff, proofUses, lateBoost };
      // A goal or a pasted theorem: what the proofs of the best hits use counts too, and the ranking is done again,
      // scoring only the documents those proofs use (the first n results are the same for every k ≥ n).
      const hitProofsFrom = unknownFrom && this.learner?.hasProofs ? unknownFrom : undefined;
      let main = this.rankWithShape(plan, hitProofsFrom ? { ...opts, k: Math.max(k, LEARN_PARAMS.hitProofsOf) } : opts, expanded);
      if (hitProofsFrom && this.learner) {
        const used = this.learner.usedByProofsOf(main.map((h) => h.id), hitProofsFrom);
        main = used.size ? this.ranker.rerank(used, k) : main.slice(0, k);
      }
      let hits: SearchHit[] = main.map((h) => ({ decl: this.index.store.materialize(h.id), score: round(h.score) }));
      if (this.overlayRanker && this.overlayIndex) {
        const overlayScope = preferred ? Uint8Array.from(this.overlayIndex.store.modules, (m) => (preferred.has(m.name) ? 1 : 0)) : undefined;
        const overlayBoost = moduleBoost(overlayDocs, this.overlayIndex.store.moduleIdx);
        const extra = this.overlayRanker.rank(plan, { ...opts, removed: undefined, extraScores: undefined, proofUses: undefined, inScope: overlayScope, cutoff: cutoffIn(this.overlayIndex.store), lateBoost: overlayBoost }, expanded);
        hits = hits.concat(extra.map((h) => ({ decl: this.overlayIndex!.store.materialize(h.id), score: round(h.score) })));
        hits.sort((a, b) => b.score - a.score);
        hits.length = Math.min(hits.length, k);
      }
      if (scope) for (const h of hits) h.inScope = scope.has(h.decl.module);
      const ms = performance.now() - t0;
      if (hits.length) return note ? { hits, message: note, ms } : { hits, ms };
      const none = 'no declaration matches the query' + (kinds || req.modulePrefix || req.namespacePrefix ? ' with these filters' : '');
      return { hits, message: note ? `${none}; ${note}` : none, ms };
    } catch (e) {
      return { hits: [], message: `search failed: ${e instanceof Error ? e.message : String(e)}`, ms: performance.now() - t0 };
    }
  }

  /**
   * Re-index one of the project's files (on save). `text` is the editor's content; without it the file
   * is read from disk (a deleted file removes its declarations). Never throws.
   */
  updateFile(absPath: string, text?: string): UpdateResult {
    const t0 = performance.now();
    const rel = toPosix(path.relative(this.root, path.resolve(absPath)));
    try {
      if (rel.startsWith('..') || path.isAbsolute(rel)) return { ok: false, file: rel, decls: 0, ms: 0, message: 'file is outside the project' };
      if (!rel.endsWith('.lean')) return { ok: false, file: rel, decls: 0, ms: 0, message: 'not a .lean file' };
      let content = text;
      if (content === undefined) {
        try {
          content = fs.readFileSync(path.join(this.root, rel), 'utf8');
        } catch {
          content = undefined;
        }
      }
      const known = this.moduleByFile.get(rel);
      const knownModule = known !== undefined ? this.index.store.modules[known] : undefined;
      const srcFile = this.sources?.files.find((f) => f.rel === rel);
      const module = knownModule?.name ?? srcFile?.module ?? rel.replace(/\.lean$/, '').split('/').join('.');
      const pkg = knownModule?.pkg ?? srcFile?.pkg ?? '';
      if (content === undefined) this.overlay.set(rel, { decls: [] });
      else {
        const out = extractFile(content, { module, file: rel, pkg, rules: this.namingRules() });
        const inLib = knownModule?.inDefaultLib ?? srcFile?.inDefaultLib;
        if (inLib !== undefined) out.module.inDefaultLib = inLib;
        this.overlay.set(rel, { decls: out.decls, module: out.module });
      }
      this.rebuildOverlay();
      const decls = this.overlay.get(rel)?.decls.length ?? 0;
      this.info.overlayFiles = this.overlay.size;
      return { ok: true, file: rel, decls, ms: performance.now() - t0 };
    } catch (e) {
      return { ok: false, file: rel, decls: 0, ms: performance.now() - t0, message: e instanceof Error ? e.message : String(e) };
    }
  }

  stats(): EngineStats {
    return { ...this.info, skipped: this.info.skipped.slice(), notes: this.info.notes.slice() };
  }

  /**
   * Searches of every kind (a theorem's goal asked from its line, a name, docstring words) over declarations spread
   * through the index, one per turn of the event loop: a process's first searches run with the code not yet compiled
   * and lazy tables not yet built (measured on miniF2F goals: p50 12.6 ms, p95 63 ms for the first 40 of a fresh
   * engine; 7.2 / 17 ms after 100 others). The extension's index worker runs it once the index is ready.
   */
  async warmUp(opts: { searches?: number; signal?: AbortSignal } = {}): Promise<number> {
    const store = this.index.store;
    const want = Math.max(0, opts.searches ?? 60);
    const queries: SearchRequest[] = [];
    const stride = Math.max(1, Math.floor(store.size / Math.max(1, want)) | 1);
    for (let i = 0, d = 0; queries.length < want && i < want * 4; i++, d = (d + stride) % Math.max(1, store.size)) {
      if (!store.size) break;
      const decl = store.materialize(d);
      const pasted = decl.kind === 'theorem' ? readPastedTheorem(`theorem t ${decl.signature}`) : undefined;
      if (pasted) queries.push({ query: pasted.goal, k: 20, fromModule: decl.module, preferInScope: true, usableBeforeLine: decl.line });
      else if (decl.doc) queries.push({ query: decl.doc.split(/\s+/).slice(0, 6).join(' '), k: 20 });
      else queries.push({ query: decl.name.slice(decl.name.lastIndexOf('.') + 1), k: 20 });
    }
    let done = 0;
    for (const q of queries) {
      if (opts.signal?.aborted) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.search(q);
      done++;
    }
    return done;
  }

  /** One declaration by full name (overlay first), or undefined. */
  lookup(name: string): Declaration | undefined {
    if (this.overlayIndex) {
      const o = this.overlayIndex.byFullName(name);
      if (o >= 0) return this.overlayIndex.store.materialize(o);
    }
    const i = this.index.byFullName(name);
    if (i < 0 || this.removed?.[i]) return undefined;
    return this.index.store.materialize(i);
  }

  private rules?: NamingRules;
  /** to_additive / to_dual dictionaries for re-indexed files (read from the project's Mathlib once). */
  private namingRules(): NamingRules {
    if (!this.rules) {
      const last = lastNamingRules();
      this.rules = last.translators.size > 0 || !this.sources ? last : loadNamingRules(this.sources);
    }
    return this.rules;
  }

  private rebuildOverlay(): void {
    const store = this.index.store;
    const removed = new Uint8Array(store.size);
    const files = new Set(this.overlay.keys());
    const modIdx = new Set<number>();
    store.modules.forEach((m, i) => {
      if (files.has(m.file)) modIdx.add(i);
    });
    for (let i = 0; i < store.size; i++) if (modIdx.has(store.moduleIdx[i])) removed[i] = 1;
    this.removed = removed;
    const decls: Declaration[] = [];
    const modules: ModuleInfo[] = [];
    for (const o of this.overlay.values()) {
      decls.push(...o.decls);
      if (o.module) modules.push(o.module);
    }
    this.overlayIndex = SearchIndex.build(decls, modules);
    this.overlayRanker = new Ranker(this.overlayIndex, this.index);
    this.scopes.clear();
  }

  /**
   * Goals and patterns: among the best candidates, lemmas whose conclusion has the goal's shape (`a * (2 - a) ≤ 1`
   * and `x * (y - x) ≤ z` share `* - ≤`) move up — what `exact`/`apply` can use. One-operator shapes (`=`) are too
   * common to tell anything.
   */
  private rankWithShape(plan: QueryPlan, opts: RankOptions, expanded: PlanTerm[]): RankedHit[] {
    this.adoptLearnedShapes();
    // A type asked for (`(α → β) → List α → List β`): the few declarations of just that type, found whatever their words.
    if (plan.typeChain !== undefined && RANK_PARAMS.typeMatch > 0) {
      const typeKey = typeKeyHash(plan.typeChain);
      const typed = this.declsOfTypeKey(typeKey);
      const stored = this.shapesFromLearner?.typeKeys;
      if (typed && stored) {
        const boost = RANK_PARAMS.typeMatch;
        return this.ranker.rank(plan, { ...opts, candidates: typed, lateBoost: { max: boost, of: (d) => (stored[d] === typeKey ? boost : 0) } }, expanded);
      }
    }
    const conclusion = plan.target ? conclusionOf(plan.target, false) : '';
    const target = conclusion ? shapeOf(conclusion) : '';
    const operators = target ? target.split(' ').length : 0;
    const key = conclusion ? conclusionKey(conclusion) : '';
    const targetKey = conclusionKeyHash(key);
    // The few lemmas that conclude just this (`0 ≤ x ^ 2`: `sq_nonneg`), found whatever their words: for a goal, what
    // `exact` closes it with.
    const concluding = operators >= 1 && RANK_PARAMS.sameConclusion > 0 ? this.declsOfKey(targetKey) : undefined;
    const sameBoost = concluding ? RANK_PARAMS.sameConclusion : 0;
    // A statement asked for (not a goal: a goal wants premises, whose conclusions differ) is foremost a lemma that
    // concludes it, up to the names of its variables (`s ∩ t = t ∩ s`: `Set.inter_comm`), when its key
    // singles out a few lemmas: it names something, or few lemmas conclude it.
    const keyBoost = key && !plan.proof && (concluding || keyNamesSomething(key)) ? RANK_PARAMS.conclusionMatch : 0;
    // A function defined by an equation, as texts define one (`f x = log x / log b`): the definitions whose body is
    // its right side, as if that were asked (see normalConclusionOf).
    const definedAs = plan.proof ? undefined : definingSide(conclusion);
    const defined = definedAs ? this.declsOfKey(conclusionKeyHash(conclusionKey(definedAs)))?.filter((d) => TERM_BODY_KINDS.has(DECL_KINDS[this.index.store.kinds[d]])) : undefined;
    const definedBoost = defined?.length ? RANK_PARAMS.definedBy : 0;
    // A statement asked with its hypotheses (`0 < a → 0 < a⁻¹`): among the lemmas concluding it, the ones assuming
    // just that (not those that assume more, `a ≠ 0` or a bound).
    const hypotheses = plan.proof || !plan.target ? [] : statedHypotheses(plan.target);
    const statement = hypotheses.length && key ? statementKey(hypotheses, conclusion) : undefined;
    const statementBoost = statement ? RANK_PARAMS.sameStatement : 0;
    // A statement about particular numbers (`|(-3) * 5| = |-3| * |5|`, not a goal's) is an instance of a general one
    // (`abs_mul`): the lemmas concluding that, as if it were asked.
    const general = plan.proof || !conclusion || !(RANK_PARAMS.generalConclusion > 0) ? undefined : numeralsAsVariables(conclusion);
    const generalKey = general ? conclusionKeyHash(conclusionKey(general)) : 0;
    const generalShape = general ? shapeOf(general) : '';
    const instanceOf = general && generalShape && generalKey !== targetKey ? this.declsOfKey(generalKey) : undefined;
    const generalBoost = instanceOf ? RANK_PARAMS.generalConclusion : 0;
    if (operators < 2 && !keyBoost && !sameBoost && !definedBoost && !statementBoost && !generalBoost) return this.ranker.rank(plan, opts, expanded);
    const boost = operators >= 2 ? RANK_PARAMS.shapeMatch * Math.min(1, (operators - 1) / 3) : 0;
    const targetId = this.shapeId(target);
    const generalId = generalBoost ? this.shapeId(generalShape) : -1;
    // A statement is looked for among the lemmas stating its shape too: made of common symbols only
    // (`a * b * c = a * (b * c)`), it finds candidates through no term.
    const ofShape = plan.proof || operators < 2 ? undefined : this.declsOfShape(targetId);
    const found = [concluding, ofShape, definedBoost ? defined : undefined, instanceOf].filter((c) => c !== undefined);
    const candidates = found.length > 1 ? found.flatMap((c) => [...c]) : found[0];
    // A prior over every candidate, computed only where it can change the top k: the first n results are the same
    // for every k ≥ n. (Equal keys have equal shapes: the shape is compared first, as it is cheaper.)
    const forKey = keyBoost + sameBoost;
    const ofConclusion = (d: number) => {
      const shape = this.shapeIdOfDecl(d);
      if (shape === generalId && this.conclusionKeyOfDecl(d) === generalKey) return generalBoost;
      if (shape !== targetId) return 0;
      if ((!forKey && !statementBoost) || this.conclusionKeyOfDecl(d) !== targetKey) return boost;
      return boost + forKey + (statement && this.statementKeyOf(d) === statement ? statementBoost : 0);
    };
    const of = definedBoost ? (d: number) => Math.max(ofConclusion(d), defined!.includes(d) ? definedBoost : 0) : ofConclusion;
    return this.ranker.rank(plan, { ...opts, candidates, lateBoost: { max: Math.max(boost + forKey + statementBoost, definedBoost, generalBoost), of } }, expanded);
  }

  /**
   * The declarations just above a line of a module, nearest first, with weights `justAbove / (1 + r)` (r = how many
   * lie between): proofs use the lemmas proved just before them (on dev goals, 57% of the premises a file declares above
   * a theorem are among the five nearest declarations above it).
   */
  private justAbove(moduleIdx: number, line: number): Map<number, number> {
    const near = this.index.store.declsAbove(moduleIdx, line).filter((d) => !this.removed?.[d]).slice(0, JUST_ABOVE_COUNT);
    const out = new Map<number, number>();
    near.forEach((d, r) => out.set(d, RANK_PARAMS.justAbove / (1 + r)));
    return out;
  }

  /**
   * What the definitions a goal's conclusion names are made of (MePo's relevance spreading through definitions): the
   * body of `mulHeight` has `⨆` and `∏ᶠ`, and a proof about it uses lemmas about those. Terms at `RANK_PARAMS.unfold`
   * on the name and signature fields, marked expanded (a common one only rescores). Only names that denote at most
   * three definitions are unfolded (a common last component says too little). A pasted snippet's own definitions
   * (`PastedTheorem.localDefs`) are unfolded likewise.
   */
  private unfoldTerms(plan: QueryPlan, cutoff?: { moduleIdx: number; line: number }): PlanTerm[] {
    if (plan.mode !== 'goal' || !plan.proof || !plan.target || !(RANK_PARAMS.unfold > 0)) return [];
    const store = this.index.store;
    const have = new Set(plan.terms.map((t) => t.term));
    const found = new Set<string>();
    const addBody = (body: string | undefined) => {
      if (!body) return;
      for (const t of tokenizeText(body)) {
        if (!t.isSymbol && (isVariableTerm(t.term) || isLeanNoise(t.term) || t.term.length < 3)) continue;
        if (!have.has(t.term)) found.add(t.term);
      }
      for (const word of symbolNameWordsOf(body, true)) if (!have.has(word)) found.add(word);
    };
    const seen = new Set<string>();
    const conclusion = conclusionOf(plan.target, false);
    for (const m of conclusion.matchAll(/[\p{L}_][\p{L}\p{N}_'!?₀-₉.]*/gu)) {
      const ident = m[0].replace(/\.$/, '');
      const last = ident.slice(ident.lastIndexOf('.') + 1);
      if (last.length < 3 || seen.has(last)) continue;
      seen.add(last);
      const defs = this.index.byLastKey(compactKey(last)).filter((d) => {
        const k = store.kinds[d];
        const name = store.names[d];
        // (never what the file declares at or after the line asked from, nor a replaced declaration)
        if (this.removed?.[d] || (cutoff && store.moduleIdx[d] === cutoff.moduleIdx && store.lines[d] >= cutoff.line)) return false;
        return (DECL_KINDS[k] === 'def' || DECL_KINDS[k] === 'abbrev') && (name === ident || name.endsWith('.' + last));
      });
      if (defs.length === 0 || defs.length > 3) continue;
      for (const d of defs) addBody(store.materialize(d).body);
    }
    // A pasted snippet's own definitions that the conclusion names (`G.foo`, `foo x`, its notation `D`): not in the
    // index, so read from the snippet.
    for (const def of plan.proof.localDefs ?? []) {
      const last = def.name.slice(def.name.lastIndexOf('.') + 1);
      if ([last, ...def.notations].some((w) => wholeWord(w).test(conclusion))) addBody(def.body);
    }
    return [...found].map((term) => ({ term, weight: RANK_PARAMS.unfold, fields: [1, 1, 0, 0, 0, 0], expanded: true }));
  }

  /**
   * A goal asked from a line: the words of the name of the theorem starting there, namespaces included (typed before its
   * proof, and chosen by the naming convention from what it states: `Finset.card_filter_le_iff`), as terms at
   * `RANK_PARAMS.theoremNameWords` on the name and signature fields. The name is the caller's (`SearchRequest.theorem`:
   * the editor's text, saved or not), else the declaration at that line of the file as indexed (re-indexed files
   * first); a theorem pasted from nowhere gives its own name, in the namespaces its snippet opens.
   */
  private theoremNameTerms(plan: QueryPlan, cutoff?: { moduleIdx: number; line: number }, overlayCutoff?: { moduleIdx: number; line: number }, given?: string): PlanTerm[] {
    given ||= cutoff || overlayCutoff ? undefined : plan.proof?.theorem;
    if (!(RANK_PARAMS.theoremNameWords > 0) || (!cutoff && !overlayCutoff && !given)) return [];
    const theoremAt = (store: DeclStore, at: { moduleIdx: number; line: number }, removed?: Uint8Array) => {
      for (const d of store.declsFrom(at.moduleIdx, at.line))
        if (store.lines[d] === at.line && !removed?.[d] && !store.isGenerated(d) && THEOREM_KINDS.has(store.kind(d))) return store.names[d];
      return undefined;
    };
    const name =
      (typeof given === 'string' && given.trim().replace(/^_root_\./, '')) ||
      (overlayCutoff && this.overlayIndex && theoremAt(this.overlayIndex.store, overlayCutoff)) ||
      (cutoff && theoremAt(this.index.store, cutoff, this.removed));
    if (!name) return [];
    const have = new Set(plan.terms.map((t) => t.term));
    const words = new Set(splitIdentifier(name).filter((w) => w.length >= 2 && !have.has(w) && !isStopWord(w)));
    return [...words].map((term) => ({ term, weight: RANK_PARAMS.theoremNameWords, fields: [1, 1, 0, 0, 0, 0], expanded: true }));
  }

  /** A shape's small id (the same for equal shapes). */
  private shapeId(shape: string): number {
    let id = this.shapeIdOf.get(shape);
    if (id === undefined) this.shapeIdOf.set(shape, (id = this.shapeIdOf.size));
    return id;
  }

  /** The shape id of a declaration's conclusion (cached: the same candidates come back goal after goal). */
  private shapeIdOfDecl(id: number): number {
    // One small id per declaration, kept for the session (a bounded map of strings was cleared and refilled by goal
    // queries: a sixth of their time went to recomputing shapes).
    const ids = (this.shapeIds ??= new Int32Array(this.index.size).fill(-1));
    if (ids[id] < 0) ids[id] = this.shapeId(this.shapeOfDecl(id));
    return ids[id];
  }

  private shapeOfDecl(id: number): string {
    return shapeOf(this.normalConclusionOf(id));
  }

  /** What a declaration states, in normal form: a lemma's conclusion; a definition's defining term (`Real.logb` is
   *  `log x / log b`), by which users ask for it as they ask for a lemma by its statement. */
  private normalConclusionOf(id: number, sig = this.index.store.signature(id)): string {
    const store = this.index.store;
    const kind = DECL_KINDS[store.kinds[id]];
    const defining = TERM_BODY_KINDS.has(kind) ? definingTerm(store.materialize(id).body) : undefined;
    return normalizeStatement(defining ?? conclusionOf(sig, true), signatureContext(sig, store.names[id]));
  }

  /** A theorem's statement key (statementKey): its explicit hypotheses (binders named `h…`, as Mathlib names them, and
   *  the premises of its type) and its conclusion; undefined for one whose type begins with `∀`. */
  private statementKeyOf(id: number): string | undefined {
    if (this.statementKeys.has(id)) return this.statementKeys.get(id);
    const key = this.computeStatementKey(id);
    if (this.statementKeys.size >= 20000) this.statementKeys.clear(); // (bounded: a cache of recent searches' lemmas)
    this.statementKeys.set(id, key);
    return key;
  }

  private readonly statementKeys = new Map<number, string | undefined>();

  private computeStatementKey(id: number): string | undefined {
    const sig = this.index.store.signature(id);
    const { binders, foralls, arrows } = parseSignature(sig);
    if (foralls.length) return undefined;
    const context = signatureContext(sig, this.index.store.names[id]);
    const stated = binders.filter((b) => b.kind === 'explicit' && b.type && b.names.every((n) => /^h/.test(n))).flatMap((b) => b.names.map(() => b.type));
    const hypotheses = [...stated, ...arrows].map((h) => normalizeStatement(greaterTurnedAround(asNotation(h.trim())), context));
    return statementKey(hypotheses, this.normalConclusionOf(id, sig));
  }

  /** What the learned stage stores of a declaration's conclusion: its shape, and its key's hash. */
  private conclusionFactsOf(id: number): ConclusionFacts {
    const sig = this.index.store.signature(id);
    const normal = this.normalConclusionOf(id, sig);
    return { shape: shapeOf(normal), key: conclusionKeyHash(conclusionKey(normal)), typeKey: typeKeyHash(typeChainOf(sig)) };
  }

  /** The hash of a declaration's conclusion key: stored by the learned stage, else computed and kept for the session. */
  private conclusionKeyOfDecl(id: number): number {
    const stored = this.shapesFromLearner?.keys;
    if (stored) return stored[id];
    let key = this.conclusionKeys.get(id);
    if (key === undefined) {
      key = conclusionKeyHash(conclusionKey(this.normalConclusionOf(id)));
      if (this.conclusionKeys.size >= 100000) this.conclusionKeys.clear(); // (bounded when learning is off)
      this.conclusionKeys.set(id, key);
    }
    return key;
  }

  private shapeMembers?: { offsets: Uint32Array; decls: Uint32Array };
  /** The declarations whose conclusion has this shape (once the learned stage has every shape), when at most
   *  SHAPE_CANDIDATES_MAX do (a shape shared by more says little: `=` with one `+`). */
  private declsOfShape(shapeId: number): Uint32Array | undefined {
    if (!this.shapesFromLearner) return undefined;
    if (!this.shapeMembers) {
      const ids = this.shapesFromLearner.ids;
      const count = this.shapesFromLearner.shapes.length;
      const offsets = new Uint32Array(count + 1);
      for (let d = 0; d < ids.length; d++) if (ids[d] >= 0) offsets[ids[d] + 1]++;
      for (let i = 0; i < count; i++) offsets[i + 1] += offsets[i];
      const fill = offsets.slice(0, count);
      const decls = new Uint32Array(offsets[count]);
      for (let d = 0; d < ids.length; d++) if (ids[d] >= 0) decls[fill[ids[d]]++] = d;
      this.shapeMembers = { offsets, decls };
    }
    const { offsets, decls } = this.shapeMembers;
    if (shapeId + 1 >= offsets.length) return undefined;
    const n = offsets[shapeId + 1] - offsets[shapeId];
    return n > 0 && n <= SHAPE_CANDIDATES_MAX ? decls.subarray(offsets[shapeId], offsets[shapeId + 1]) : undefined;
  }

  private keyMembers?: { keys: Uint32Array; decls: Uint32Array };
  private typeKeyMembers?: { keys: Uint32Array; decls: Uint32Array };
  /** The declarations whose conclusion has this key's hash (once the learned stage has every key), when at most
   *  SAME_CONCLUSION_MAX do (a key many lemmas share, `v0 = v1`, singles out nothing). */
  private declsOfKey(keyHash: number): Uint32Array | undefined {
    const stored = this.shapesFromLearner?.keys;
    if (!stored) return undefined;
    return fewWithKey((this.keyMembers ??= keyMembersOf(stored)), keyHash);
  }

  /** The declarations whose type chain has this key's hash, when at most SAME_CONCLUSION_MAX do (see declsOfKey). */
  private declsOfTypeKey(keyHash: number): Uint32Array | undefined {
    const stored = this.shapesFromLearner?.typeKeys;
    if (!stored) return undefined;
    return fewWithKey((this.typeKeyMembers ??= keyMembersOf(stored)), keyHash);
  }

  /** Every declaration's shape id, from the learned stage once it has them (between searches: ids change here). */
  private adoptLearnedShapes(): void {
    const learned = this.learner?.shapes();
    if (!learned || learned === this.shapesFromLearner) return;
    this.shapesFromLearner = learned;
    this.shapeIdOf = new Map(learned.shapes.map((shape, i) => [shape, i]));
    this.shapeIds = learned.ids;
    this.shapeMembers = undefined;
    this.keyMembers = undefined;
    this.typeKeyMembers = undefined;
  }

  /** Names close to one the index does not have ("did you mean"): the best hits of a search for it, itself left out. */
  closeNames(name: string, k = 5): string[] {
    return this.search({ query: name, k }).hits.map((h) => h.decl.name).filter((n) => n !== name);
  }

  /** Whether the index, or the files re-indexed since, hold a module of this name. */
  private knowsModule(name: string): boolean {
    return this.index.store.moduleIndex(name) >= 0 || (this.overlayIndex !== undefined && this.overlayIndex.store.moduleIndex(name) >= 0);
  }

  /**
   * What `fromModule` imports, transitively (itself included): a mask over the main index's modules, following the
   * imports of files re-indexed since (the overlay) where they changed. Cached per module.
   */
  private scopeOf(fromModule: string): Scope {
    const cached = this.scopes.get(fromModule);
    if (cached) return cached;
    const store = this.index.store;
    const modules = store.modules;
    const imports = (this.moduleImports ??= modules.map((m) => (m.imports ?? []).map((name) => store.moduleIndex(name)).filter((i) => i >= 0)));
    const changed = new Map<string, string[]>();
    if (this.overlayIndex) for (const m of this.overlayIndex.store.modules) changed.set(m.name, m.imports ?? []);
    const mask = new Uint8Array(modules.length);
    const extra = new Set<string>(); // modules only the overlay has
    const stack: number[] = [];
    const newModules: string[] = [];
    const visit = (i: number) => {
      if (!mask[i]) {
        mask[i] = 1;
        stack.push(i);
      }
    };
    const reach = (name: string) => {
      const i = store.moduleIndex(name);
      if (i >= 0) visit(i);
      else if (!extra.has(name)) {
        extra.add(name);
        newModules.push(name);
      }
    };
    reach(fromModule);
    // Every module imports Lean core's `Init` unless it is a `prelude` (only core's own files are).
    const from = store.moduleIndex(fromModule);
    if (from < 0 || modules[from].pkg !== CORE_PKG) reach('Init');
    while (stack.length || newModules.length) {
      if (newModules.length) {
        for (const imp of changed.get(newModules.pop()!) ?? []) reach(imp);
        continue;
      }
      const i = stack.pop()!;
      // (no overlay: no module's imports changed, and no name to look up)
      const own = changed.size ? changed.get(modules[i].name) : undefined;
      if (own) for (const imp of own) reach(imp);
      else for (const j of imports[i]) visit(j);
    }
    const scope: Scope = { mask, has: (name) => { const i = store.moduleIndex(name); return i < 0 ? extra.has(name) : mask[i] === 1; } };
    if (this.scopes.size > 64) this.scopes.clear();
    this.scopes.set(fromModule, scope);
    return scope;
  }
}

/** The modules a file can use without a new import. */
interface Scope {
  /** Per module index of the main index: 1 when imported. */
  mask: Uint8Array;
  has(module: string): boolean;
}

/** The notes and Lean core's folder of a discovery, for EngineStats. */
function coreInfo(sources: ProjectSources): Pick<EngineStats, 'notes' | 'core'> {
  const core = sources.core ? { core: { ...(sources.core.toolchain ? { toolchain: sources.core.toolchain } : {}), dir: sources.core.dir } } : {};
  return { notes: sources.notes?.slice() ?? [], ...core };
}

function statsFor(
  index: SearchIndex,
  base: Omit<EngineStats, 'decls' | 'byKind' | 'byPackage' | 'modules' | 'totalMs' | 'overlayFiles'>,
): EngineStats {
  const store = index.store;
  // Null-prototype objects: a kind named `constructor` must not meet Object.prototype.constructor.
  const byKind: Partial<Record<DeclKind, number>> = Object.create(null);
  const byPackage: Record<string, number> = Object.create(null);
  for (let i = 0; i < store.size; i++) {
    const k = store.kind(i);
    byKind[k] = (byKind[k] ?? 0) + 1;
    const pkg = store.modules[store.moduleIdx[i]]?.pkg ?? '';
    const key = pkg || '(project)';
    byPackage[key] = (byPackage[key] ?? 0) + 1;
  }
  return { ...base, decls: store.size, byKind, byPackage, modules: store.modules.length, totalMs: 0, overlayFiles: 0 };
}

function clampK(k: unknown): number {
  const n = typeof k === 'number' && Number.isFinite(k) ? Math.floor(k) : DEFAULT_K;
  return Math.min(MAX_K, Math.max(1, n));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Error('indexing cancelled');
}

/** Kinds whose body is what they are: keyed by it (normalConclusionOf), found by an equation defining them. */
const TERM_BODY_KINDS: ReadonlySet<string> = new Set(['def', 'abbrev']);

/** A definition's body when it is one term (not match arms, a tactic block, a structure's fields, nor cut short). */
export function definingTerm(body: string | undefined): string | undefined {
  if (!body || body.length >= MAX_BODY - 1 || /^(?:\||by\b|match\b|fun\b|λ|where\b|do\b|⟨|\{\s*[\p{L}_][\p{L}\p{N}_'.]*\s*:=)/u.test(body)) return undefined;
  if (/:=|\bwith\b|\|\s*[.\p{L}_][^|]*=>/u.test(body)) return undefined;
  return body;
}

/** Declarations sorted by a stored per-declaration key hash, for finding those with one key. */
function keyMembersOf(stored: Uint32Array): { keys: Uint32Array; decls: Uint32Array } {
  const n = stored.length;
  const keys = new Uint32Array(n);
  const decls = new Uint32Array(n);
  if (n <= KEY_ID_SPAN) {
    // Each declaration as one number, key × 2^21 + id (exact in a double), sorted natively: a comparator sort
    // of 280k ids left ~50 MB more resident after the searches.
    const packed = new Float64Array(n);
    for (let d = 0; d < n; d++) packed[d] = stored[d] * KEY_ID_SPAN + d;
    packed.sort();
    for (let i = 0; i < n; i++) {
      const d = packed[i] % KEY_ID_SPAN;
      decls[i] = d;
      keys[i] = (packed[i] - d) / KEY_ID_SPAN;
    }
  } else {
    decls.set(Array.from({ length: n }, (_, d) => d).sort((a, b) => stored[a] - stored[b] || a - b));
    for (let i = 0; i < n; i++) keys[i] = stored[decls[i]];
  }
  return { keys, decls };
}

/** The declarations with this key hash, when at most SAME_CONCLUSION_MAX have it. */
function fewWithKey(members: { keys: Uint32Array; decls: Uint32Array }, keyHash: number): Uint32Array | undefined {
  const { keys, decls } = members;
  const from = lowerBound(keys.length, (i) => keys[i] < keyHash);
  const to = lowerBound(keys.length, (i) => keys[i] <= keyHash);
  return to > from && to - from <= SAME_CONCLUSION_MAX ? decls.subarray(from, to) : undefined;
}

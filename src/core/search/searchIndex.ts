// The lexical search index: BM25 over six fields (name tokens, signature, docstring, module, members,
// definition body) plus
// what the corpus itself teaches — how often a declaration is used in other signatures (a prior),
// which name words co-occur with which symbols and docstring words (query expansion) — and exact-name
// matching. Built once from `Declaration`s, serialized into binary sections, loaded with typed-array views.
import type { Declaration, ModuleInfo } from '../types';
import { DECL_STORE_DISK_SECTIONS, DECL_STORE_LINE_SECTIONS, DeclStore, bytesOf, f32, sectionText, u32, type StoredText } from './declStore';
import { FieldCollector, FieldPostings, GrowU32, projectedCapacity } from './postings';
import { normalizeSignature, projectionOwnPart, splitTopColon } from '../statement';
import { LEAN_NOISE_LIST, STOP_WORDS_LIST, isVariableTerm, stem, compactKey, lastComponent, scanText, splitIdentifier, splitIdentifierCached, splitIdentifierInto, tokenizeProse, tokenizeText } from './tokenize';

export const FIELD_NAME = 0;
export const FIELD_SIG = 1;
export const FIELD_DOC = 2;
export const FIELD_MOD = 3;
/** Members of a structure or class: its fields' and constructors' names and types (and its parents'). */
export const FIELD_MEM = 4;
/** The start of a definition's body (`Real.logb` := `log x / log b`): what it is made of. */
export const FIELD_BODY = 5;
export const FIELD_COUNT = 6;
const FIELD_KEYS = ['name', 'sig', 'doc', 'mod', 'mem', 'body'];

/** Bump when the meaning of the sections changes (the engine rebuilds on mismatch). */
export const SEARCH_INDEX_VERSION = 18;
/** Sections `SearchIndex.fromSections` only reads as text (`loadIndex`'s `asLines`: no large buffer freed after loading). */
export const SEARCH_INDEX_LINE_SECTIONS = [...DECL_STORE_LINE_SECTIONS, 'search.terms', 'search.version'];
/** Sections `SearchIndex.fromSections` reads a few bytes at a time (`loadIndex`'s `onDisk`). */
export const SEARCH_INDEX_DISK_SECTIONS = DECL_STORE_DISK_SECTIONS;

/** Symbols are every term that is not a word stem, number or name bigram. */
export function isSymbolTerm(t: string): boolean {
  const c = t.charCodeAt(0);
  return !((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 124 || t.includes('|'));
}

/** Terms of a declaration's name: every component's stems plus bigrams of the last component. */
export function nameTerms(name: string): string[] {
  const out: string[] = [];
  // (the last component's words are the last of the name's: words never span a `.`)
  const last = splitIdentifierInto(name, out);
  for (let i = last, end = out.length; i + 1 < end; i++) out.push(`${out[i]}|${out[i + 1]}`);
  return out;
}

/** Signature terms: identifier stems (variables of one letter are noise) and symbols. */
export function signatureTerms(sig: string, onIdent?: (ident: string) => void): string[] {
  const out: string[] = [];
  for (const t of tokenizeText(sig, onIdent)) {
    if (!t.isSymbol && isVariableTerm(t.term)) continue;
    out.push(t.term);
  }
  return out;
}

export function docTerms(doc: string): string[] {
  return tokenizeProse(doc).map((t) => t.term);
}

/** Module terms: the last two components of the module name (`Topology.UrysohnsLemma`). */
export function moduleTerms(module: string): string[] {
  const comps = module.split('.');
  return splitIdentifier(comps.slice(-2).join('.'));
}

export interface BuildOptions {
  onProgress?: (done: number, total: number) => void;
  /** Release each declaration from `decls` once indexed (lowers peak memory; the array is emptied). */
  consume?: boolean;
  /** Use counts of constants from compiled `.ilean` files (proofs included), when a build exists. */
  usageCounts?: Map<string, number>;
}

export class SearchIndex {
  /** Term id by string, shared by all fields. */
  readonly termIds: Map<string, number>;
  /** Declarations by compact key of their last name component (`linearmap`) and of their full name. */
  private symbolTerms?: Uint8Array;

  constructor(
    readonly store: DeclStore,
    readonly terms: string[],
    readonly fields: FieldPostings[],
    /** log(1 + usage count) per declaration: how often its name occurs in other signatures. */
    readonly usage: Float32Array,
    /** Forward index: name terms of each declaration (for learning word ↔ name associations). */
    readonly nameFwdOffsets: Uint32Array,
    readonly nameFwdTerms: Uint32Array,
    /** Forward index: symbol terms of each signature. */
    readonly symFwdOffsets: Uint32Array,
    readonly symFwdTerms: Uint32Array,
    /** Given by the build (which has them already); computed from `terms` otherwise. */
    termIds?: Map<string, number>,
    symbolTerms?: Uint8Array,
  ) {
    if (!termIds) {
      termIds = new Map();
      for (let i = 0; i < terms.length; i++) termIds.set(terms[i], i);
    }
    this.termIds = termIds;
    this.symbolTerms = symbolTerms;
  }

  get size(): number {
    return this.store.size;
  }

  /** Postings over modules (not declarations) of each module's doc and name words: what a file is about. */
  moduleDocs?: FieldPostings;

  /**
   * How well each module's doc matches these words (BM25, k1 1.2, b .75) and the best of them; undefined when no module
   * doc has any of them. A declaration's file says what it is about where its own text is silent.
   */
  moduleDocScores(words: readonly { term: string; weight: number }[]): { scores: Float32Array; best: number } | undefined {
    const post = this.moduleDocs;
    if (!post) return undefined;
    const nModules = post.docLen.length;
    let scores: Float32Array | undefined;
    for (const w of words) {
      const id = this.termIds.get(w.term);
      if (id === undefined || w.term.includes('|')) continue;
      const from = post.offsets[id];
      const to = post.offsets[id + 1];
      if (to === from) continue;
      scores ??= new Float32Array(nModules);
      const df = to - from;
      const idf = Math.log(1 + (nModules - df + 0.5) / (df + 0.5));
      for (let p = from; p < to; p++) {
        const m = post.docs[p];
        const tf = post.tfs[p];
        scores[m] += (w.weight * idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * post.docLen[m]) / post.avgLen));
      }
    }
    if (!scores) return undefined;
    let best = 0;
    for (let m = 0; m < nModules; m++) if (scores[m] > best) best = scores[m];
    return best > 0 ? { scores, best } : undefined;
  }

  static build(decls: Declaration[], modules: ModuleInfo[], opts: BuildOptions = {}): SearchIndex {
    const b = new IndexAssembler(decls, modules, opts);
    b.collectMembersAndMentions();
    // Run by run, letting each run's declarations go once their texts are taken (lower peak memory).
    const n = decls.length;
    for (let from = 0; from < n; from += BUILD_CHUNK) {
      const to = Math.min(n, from + BUILD_CHUNK);
      const texts = declTexts(decls, from, to);
      if (opts.consume) for (let i = from; i < to; i++) (decls as (Declaration | undefined)[])[i] = undefined;
      b.addTokens(from, texts.count, tokenizeDeclTexts(texts));
    }
    if (opts.consume) decls.length = 0;
    return b.finish();
  }

  /**
   * `build` with the per-declaration tokenizing handed to `opts.tokenize` (worker threads) in runs of
   * `chunkSize` declarations, while this thread stores the declarations, sorts their names and tokenizes the module docs. The
   * runs are merged in order, so the index is the same as `build`'s, byte for byte.
   */
  static async buildAsync(
    decls: Declaration[],
    modules: ModuleInfo[],
    opts: BuildOptions & {
      tokenize: (texts: () => DeclTexts) => Promise<DeclTokens>;
      /** Sort the names elsewhere (else this thread sorts them, between its other steps). */
      sortNames?: (names: string[]) => Promise<NameOrders>;
      /** Called once everything is asked of `tokenize`/`sortNames` (workers may stop when done). */
      onQueued?: () => void;
      /** Called once all their results are in (e.g. to stop the workers before the last, memory-heavy step). */
      onTokenized?: () => void | Promise<void>;
      /** Called before and after this thread's long steps (storing the declarations and their members; sorting the
       *  names), in which it takes no worker's reply (e.g. to give the workers more runs ahead meanwhile). */
      onBusy?: (busy: boolean) => void;
      chunkSize?: number;
    },
  ): Promise<SearchIndex> {
    const n = decls.length;
    const chunk = Math.max(1, opts.chunkSize ?? BUILD_CHUNK);
    // Sorting the names is one long run: asked first, one worker sorts while the other tokenizes, instead
    // of one worker sorting alone at the end while the other and this thread wait.
    const orders = opts.sortNames?.(decls.map((d) => d.name));
    orders?.catch(() => undefined);
    // Texts are taken from the declarations only when a worker is about to get them (they are copies:
    // all at once would hold the library's text twice), and with `consume` the declarations go then.
    let canRelease = false;
    let taken = 0;
    const release = (from: number, to: number) => {
      if (!opts.consume) return;
      for (let i = from; i < to; i++) (decls as (Declaration | undefined)[])[i] = undefined;
    };
    const pending: { from: number; count: number; tokens: Promise<DeclTokens> }[] = [];
    for (let from = 0; from < n; from += chunk) {
      const to = Math.min(n, from + chunk);
      const tokens = opts.tokenize(() => {
        const texts = declTexts(decls, from, to);
        taken = Math.max(taken, to);
        if (canRelease) release(from, to);
        return texts;
      });
      // Failures surface at the await below, in order; never as an unhandled rejection meanwhile.
      tokens.catch(() => undefined);
      pending.push({ from, count: to - from, tokens });
    }
    // Between the steps here, the event loop lets finished workers take their next run.
    opts.onBusy?.(true);
    const b = new IndexAssembler(decls, modules, opts);
    opts.onQueued?.();
    await nextTurn();
    b.collectMembersAndMentions();
    opts.onBusy?.(false);
    // Everything else needed from the declarations is taken now.
    canRelease = true;
    release(0, taken);
    await nextTurn();
    if (!orders) {
      // (a long step too, ~1 s for Mathlib: with their usual two runs the workers sat idle through most of it)
      opts.onBusy?.(true);
      b.sortNames();
      opts.onBusy?.(false);
      await nextTurn();
    }
    // Now, while the workers tokenize, rather than in the last step, which comes after them.
    opts.onBusy?.(true);
    b.tokenizeModuleDocs();
    opts.onBusy?.(false);
    for (const p of pending) {
      b.addTokens(p.from, p.count, await p.tokens);
      // A turn of the event loop: workers' replies are taken and idle workers stop meanwhile.
      await nextTurn();
    }
    if (orders) b.setOrders(await orders);
    await opts.onTokenized?.();
    if (opts.consume) decls.length = 0;
    return b.finish();
  }

  toSections(): Record<string, Uint8Array> {
    const s: Record<string, Uint8Array> = { ...this.store.toSections() };
    s['search.version'] = new TextEncoder().encode(String(SEARCH_INDEX_VERSION));
    s['search.terms'] = new TextEncoder().encode(this.terms.join('\n'));
    this.fields.forEach((f, i) => Object.assign(s, f.toSections(`post.${FIELD_KEYS[i]}`)));
    s['search.usage'] = bytesOf(this.usage);
    s['search.nameOrder'] = bytesOf(this.nameOrder());
    s['search.lastKeyOrder'] = bytesOf(this.lastKeyOrder());
    s['fwd.name.offsets'] = bytesOf(this.nameFwdOffsets);
    s['fwd.name.terms'] = bytesOf(this.nameFwdTerms);
    s['fwd.sym.offsets'] = bytesOf(this.symFwdOffsets);
    s['fwd.sym.terms'] = bytesOf(this.symFwdTerms);
    if (this.moduleDocs) Object.assign(s, this.moduleDocs.toSections('post.moddoc'));
    return s;
  }

  /**
   * Load from stored sections, their lines where the loader split them, and those it left in the file
   * (`loadIndex(…, { asLines: SEARCH_INDEX_LINE_SECTIONS, onDisk: SEARCH_INDEX_DISK_SECTIONS })`); throws on
   * missing or inconsistent sections (the engine then rebuilds).
   */
  static fromSections(s: Record<string, Uint8Array>, stored: StoredText = {}): SearchIndex {
    const version = sectionText(s, stored, 'search.version') ?? '';
    if (version !== String(SEARCH_INDEX_VERSION)) throw new Error(`search index version ${version || 'missing'}, expected ${SEARCH_INDEX_VERSION}`);
    const store = DeclStore.fromSections(s, stored);
    // (the loader's lines as they are: one flat string per term, where a split would slice one long string)
    const termLines = stored.lines?.['search.terms'];
    const termsText = termLines ? undefined : sectionText(s, stored, 'search.terms');
    const terms = termLines ?? (termsText ? termsText.split('\n') : []);
    const fields = FIELD_KEYS.map((k) => FieldPostings.fromSections(s, `post.${k}`));
    const need = (k: string) => {
      const v = s[k];
      if (!v) throw new Error(`index section ${k} is missing`);
      return v;
    };
    const usage = f32(need('search.usage'));
    const idx = new SearchIndex(
      store,
      terms,
      fields,
      usage,
      u32(need('fwd.name.offsets')),
      u32(need('fwd.name.terms')),
      u32(need('fwd.sym.offsets')),
      u32(need('fwd.sym.terms')),
    );
    const nameOrder = u32(need('search.nameOrder'));
    const lastKeyOrder = u32(need('search.lastKeyOrder'));
    if (nameOrder.length !== store.size || lastKeyOrder.length !== store.size) throw new Error('index name orders have the wrong size');
    idx.setOrders(nameOrder, lastKeyOrder);
    for (const f of fields) {
      if (f.docLen.length !== store.size || f.offsets.length !== terms.length + 1) throw new Error('index sections disagree in size');
    }
    if (usage.length !== store.size) throw new Error('index usage section has the wrong size');
    const moduleDocs = FieldPostings.fromSections(s, 'post.moddoc');
    if (moduleDocs.docLen.length !== store.modules.length || moduleDocs.offsets.length !== terms.length + 1) throw new Error('index module-doc sections disagree in size');
    idx.moduleDocs = moduleDocs;
    return idx;
  }

  /** Declarations whose last name component has this compact key (`lattice`, `linearmap`). */
  byLastKey(key: string): readonly number[] {
    // Goal after goal asks for the same keys (`add`, `sum`: up to 2000 declarations, a string built for each).
    const cached = this.lastKeyCache.get(key);
    if (cached) return cached;
    const order = this.lastKeyOrder();
    const keyOf = (i: number) => compactKey(lastComponent(this.store.names[i]));
    const lo = lowerBound(order.length, (p) => keyOf(order[p]) < key);
    const out: number[] = [];
    for (let p = lo; p < order.length && out.length < 2000 && keyOf(order[p]) === key; p++) out.push(order[p]);
    // (bounded by the ids and keys it holds: ~1 MB)
    if (this.lastKeyCached + out.length > 131072 || this.lastKeyCache.size >= 8192) {
      this.lastKeyCache.clear();
      this.lastKeyCached = 0;
    }
    this.lastKeyCache.set(key, out);
    this.lastKeyCached += out.length;
    return out;
  }
  private readonly lastKeyCache = new Map<string, readonly number[]>();
  private lastKeyCached = 0;

  /** The declaration with exactly this full name, or -1. */
  byFullName(name: string): number {
    const order = this.nameOrder();
    const names = this.store.names;
    const lo = lowerBound(order.length, (p) => names[order[p]] < name);
    return lo < order.length && names[order[lo]] === name ? order[lo] : -1;
  }

  /** Declarations whose full name starts with `prefix` (sorted by name), or none when more than `max` do. */
  byPrefix(prefix: string, max: number): number[] {
    const order = this.nameOrder();
    const names = this.store.names;
    const first = (key: string) => lowerBound(order.length, (p) => names[order[p]] < key);
    const from = first(prefix);
    // (the names starting with the prefix end before the prefix with its last character raised by one)
    const to = first(prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1));
    return prefix && to - from <= max ? Array.from(order.subarray(from, to)) : [];
  }

  /** Declarations whose last name component's compact key starts with `keyPrefix`, or none when more than `max` do. */
  byLastKeyPrefix(keyPrefix: string, max: number): number[] {
    const order = this.lastKeyOrder();
    const keyOf = (i: number) => compactKey(lastComponent(this.store.names[i]));
    const lo = lowerBound(order.length, (p) => keyOf(order[p]) < keyPrefix);
    const out: number[] = [];
    for (let p = lo; p < order.length && keyOf(order[p]).startsWith(keyPrefix); p++) {
      if (out.length === max) return [];
      out.push(order[p]);
    }
    return keyPrefix ? out : [];
  }

  /** Declarations whose full name ends with `.suffix` or equals it. */
  bySuffix(suffix: string): number[] {
    const key = compactKey(lastComponent(suffix));
    return this.byLastKey(key).filter((i) => {
      const nm = this.store.names[i];
      return nm === suffix || nm.endsWith('.' + suffix);
    });
  }

  /** Permutations of the declarations sorted by full name / by last-component key: stored with the
   * index, so loading needs no hash maps over 260k names (binary search instead). */
  private nameOrderCache?: Uint32Array;
  private lastKeyOrderCache?: Uint32Array;
  nameOrder(): Uint32Array {
    this.nameOrderCache ??= computeNameOrder(this.store.names);
    return this.nameOrderCache;
  }
  lastKeyOrder(): Uint32Array {
    this.lastKeyOrderCache ??= computeLastKeyOrder(this.store.names);
    return this.lastKeyOrderCache;
  }
  setOrders(nameOrder: Uint32Array, lastKeyOrder: Uint32Array): void {
    this.nameOrderCache = nameOrder;
    this.lastKeyOrderCache = lastKeyOrder;
    this.lastKeyCache.clear();
    this.lastKeyCached = 0;
  }

  isSymbol(term: number): boolean {
    if (!this.symbolTerms) this.symbolTerms = Uint8Array.from(this.terms, (t) => (isSymbolTerm(t) ? 1 : 0));
    return this.symbolTerms[term] === 1;
  }

  /** Prepare lazily built lookups now (the engine calls this after building, off the query path). */
  warm(): void {
    this.nameOrder();
    this.lastKeyOrder();
    this.isSymbol(0);
  }
}

/** Declarations tokenized at a time (one message to a worker). */
const BUILD_CHUNK = 8192;

/** Identifiers that can name a declaration (`Finset.sum`, `Continuous`, `mul_comm`), not plain words. */
const COMPOUND = /[A-Z._\d₀-₉'!?]|[^\x00-\x7f]/;

/** Text fields of a run of declarations, as handed to tokenizing: each field's strings concatenated, with their lengths. */
export interface DeclTexts {
  count: number;
  names: string;
  sigs: string;
  docs: string;
  bodies: string;
  /** Lengths of each declaration's name, signature, docstring and body (4 per declaration). */
  lengths: Uint32Array;
}

/** Terms of the text fields of a run of declarations, with term ids local to the run. */
export interface DeclTokens {
  /** Local term id → term. */
  terms: string[];
  /**
   * Per declaration, for the name, signature, docstring and body fields in turn: the token count, the
   * number k of distinct terms, then k (local term id, count) pairs in first-seen order. 16-bit where every value fits
   * (nearly always: half the memory while runs wait to be merged).
   */
  stream: Uint32Array | Uint16Array;
  /** Identifiers written in signatures and in docstring backticks → occurrences (for the usage prior). */
  identCounts: Map<string, number>;
}

/**
 * What an attribute says a declaration is, in the words people search with: `@[ext]` marks an extensionality lemma,
 * `@[symm]` a symmetry, `@[elab_as_elim]` an induction principle (Lean's and Mathlib's documentation of each).
 */
const ATTRIBUTE_WORDS: Record<string, string> = {
  ext: 'extensionality',
  symm: 'symmetric',
  refl: 'reflexive',
  trans: 'transitive',
  elab_as_elim: 'induction principle',
  induction_eliminator: 'induction principle',
  cases_eliminator: 'case analysis',
  mono: 'monotone',
  gcongr: 'monotone',
  congr: 'congruence',
};

function attributeWords(d: Declaration): string {
  // (on a structure, `@[ext]` is said of the lemma it generates, `S.ext`)
  if (!d.attrs || d.kind === 'structure' || d.kind === 'class' || d.kind === 'inductive') return '';
  const words = new Set<string>();
  for (const a of d.attrs) {
    const w = ATTRIBUTE_WORDS[a];
    if (w) words.add(w);
  }
  return [...words].join('\n');
}

/** The text fields of `decls[from..to)` (plain strings: cheap to post to a worker). */
export function declTexts(decls: Declaration[], from: number, to: number): DeclTexts {
  const count = Math.max(0, to - from);
  const lengths = new Uint32Array(count * 4);
  const names: string[] = new Array(count);
  const sigs: string[] = new Array(count);
  const docs: string[] = new Array(count);
  const bodies: string[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const d = decls[from + k];
    names[k] = d.name;
    sigs[k] = d.kind === 'field' ? projectionOwnPart(d.signature || '') : d.signature || '';
    // Prose about the declaration stands in for a docstring it lacks. What the docs call it is searched too: a
    // topic path's last part only ("Heading › Subheading › topic": its ancestors are the
    // headings of a list, words that every entry under them would otherwise match).
    const aka = d.aka ? d.aka.split('\n').map((line) => line.slice(line.lastIndexOf('›') + 1).trim()).join('\n') : '';
    const said = attributeWords(d);
    const doc = said ? `${d.doc || d.prose || ''}\n${said}` : d.doc || d.prose || '';
    docs[k] = aka ? `${doc}\n${aka}` : doc;
    bodies[k] = d.body || '';
    lengths[4 * k] = names[k].length;
    lengths[4 * k + 1] = sigs[k].length;
    lengths[4 * k + 2] = docs[k].length;
    lengths[4 * k + 3] = bodies[k].length;
  }
  return { count, names: names.join(''), sigs: sigs.join(''), docs: docs.join(''), bodies: bodies.join(''), lengths };
}

/**
 * For a term dictionary `idOf`: the ids of Lean noise words and stop words (interned first, in this order, so
 * every dictionary numbers them alike) and a cache of identifier → term ids (signatures repeat identifiers).
 */
function termHelpers(idOf: (term: string) => number) {
  const NOISE_IDS = new Set<number>(LEAN_NOISE_LIST.map(idOf));
  const STOP_IDS = new Set<number>();
  for (const w of STOP_WORDS_LIST) STOP_IDS.add(idOf(w));
  const identIds = new Map<string, number[]>();
  const idsOfIdent = (ident: string) => {
    let ids = identIds.get(ident);
    if (!ids) {
      ids = splitIdentifier(ident).map(idOf);
      identIds.set(ident, ids);
    }
    return ids;
  };
  return { NOISE_IDS, STOP_IDS, idsOfIdent };
}

/** A dictionary of terms numbered in first-seen order, local to one run of tokenizing (the caller maps its ids). */
function localTerms(): { terms: string[]; idOf: (term: string) => number } {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (term: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = terms.length;
      terms.push(term);
      ids.set(term, id);
    }
    return id;
  };
  return { terms, idOf };
}

/**
 * Tokenize the name, signature, docstring and body of each declaration (the per-declaration part of
 * the build: no global state, so it can run in a worker). Term ids are local; the caller maps them.
 */
export function tokenizeDeclTexts(t: DeclTexts): DeclTokens {
  // A fresh dictionary per run: small maps are faster than one for the whole library.
  const { terms, idOf } = localTerms();
  const { NOISE_IDS, STOP_IDS, idsOfIdent } = termHelpers(idOf);
  const identCounts = new Map<string, number>();
  const out = new GrowU32(Math.max(1 << 12, t.count * 24));
  // Term counts of the current field: counts by term id plus the ids in first-seen order
  // (typed arrays instead of a Map: this runs for every token of the library).
  let localCount = new Uint32Array(1 << 16);
  const localIds: number[] = [];
  let len = 0;
  const addId = (id: number) => {
    if (id >= localCount.length) {
      const next = new Uint32Array(Math.max(id + 1, localCount.length * 2));
      next.set(localCount);
      localCount = next;
    }
    if (localCount[id]++ === 0) localIds.push(id);
    len++;
  };
  const flush = () => {
    out.push(len);
    out.push(localIds.length);
    for (const id of localIds) {
      out.push(id);
      out.push(localCount[id]);
      localCount[id] = 0;
    }
    localIds.length = 0;
    len = 0;
  };
  // Only identifiers that can name a declaration (`Finset.sum`, `Continuous`, `mul_comm`) count as uses.
  const countUse = (ident: string) => {
    if (ident.length > 2 && COMPOUND.test(ident)) identCounts.set(ident, (identCounts.get(ident) ?? 0) + 1);
  };
  const onSigTerm = (ident: string) => {
    // one-letter variables (`a`, `x`, `α`) say nothing about the declaration
    if (ident.length === 1 && isVariableTerm(ident)) return;
    for (const id of idsOfIdent(ident)) if (!NOISE_IDS.has(id)) addId(id);
  };
  const onSigIdent = (ident: string) => {
    countUse(ident);
    onSigTerm(ident);
  };
  const ignore = () => undefined;
  const onDocIdent = (ident: string) => {
    if (ident.length === 1 && isVariableTerm(ident)) return;
    // Plain prose words are not cached (there are many, each seen rarely); compound ones are.
    if (!COMPOUND.test(ident)) {
      const id = idOf(stem(ident));
      if (!STOP_IDS.has(id)) addId(id);
      return;
    }
    for (const id of idsOfIdent(ident)) if (!STOP_IDS.has(id)) addId(id);
  };
  // Body identifiers are indexed like signature ones but do not count as uses (the usage prior stays as it was).
  const onBodyIdent = (ident: string) => {
    if (ident.length === 1 && isVariableTerm(ident)) return;
    for (const id of idsOfIdent(ident)) if (!NOISE_IDS.has(id)) addId(id);
  };
  const onSymbol = (sym: string) => addId(idOf(sym));
  const onNumber = (num: string) => addId(idOf(num));

  const lengths = t.lengths;
  let pn = 0;
  let ps = 0;
  let pd = 0;
  let pb = 0;
  for (let k = 0; k < t.count; k++) {
    const name = t.names.slice(pn, (pn += lengths[4 * k]));
    const sig = t.sigs.slice(ps, (ps += lengths[4 * k + 1]));
    const doc = t.docs.slice(pd, (pd += lengths[4 * k + 2]));
    const body = t.bodies.slice(pb, (pb += lengths[4 * k + 3]));
    for (const term of nameTerms(name)) addId(idOf(term));
    flush();
    // Signatures are indexed in their normal form (`#s`, `s.card` → `card s`: see statement.ts), so that a goal as
    // Lean prints it meets the lemma as its source states it; uses are counted in the text as written.
    if (sig) {
      const normal = normalizeSignature(sig, name);
      if (normal === sig) scanText(sig, onSigIdent, onSymbol, onNumber);
      else {
        scanText(sig, countUse, ignore);
        scanText(normal, onSigTerm, onSymbol, onNumber);
      }
    }
    flush();
    // Docstrings name concepts ("vector space") and, in backticks, the declarations they rely on.
    if (doc) {
      scanText(doc, onDocIdent, onSymbol, onNumber);
      for (const m of doc.matchAll(/`([^`\s]+)`/g)) identCounts.set(m[1], (identCounts.get(m[1]) ?? 0) + 1);
    }
    flush();
    if (body) {
      const cut = body.indexOf('\0');
      const code = cut < 0 ? body : body.slice(0, cut);
      if (code) scanText(normalizeSignature(code, name), onBodyIdent, onSymbol, onNumber);
      if (cut >= 0) scanText(body.slice(cut + 1), onDocIdent, onSymbol, onNumber);
    }
    flush();
  }
  const stream = out.view();
  let max = 0;
  for (let i = 0; i < stream.length; i++) if (stream[i] > max) max = stream[i];
  return { terms, stream: max <= 0xffff ? new Uint16Array(stream) : stream.slice(), identCounts };
}

/**
 * The global part of the build: one term dictionary, the postings of every field, forward lists,
 * name orders and the usage prior. Tokenized runs of declarations are added in declaration order, so
 * term ids are assigned in the same first-seen order however the tokenizing was split up.
 */
class IndexAssembler {
  private readonly store: DeclStore;
  private readonly n: number;
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly symbolFlag: number[] = [];
  private readonly collectors: FieldCollector[];
  private readonly nameFwdOffsets: Uint32Array;
  /** Declarations whose tokens are in (they come in order). */
  private declsDone = 0;
  private readonly nameFwd = new GrowU32(1 << 20, (held) => projectedCapacity(held, this.declsDone, this.n));
  private readonly symFwdOffsets: Uint32Array;
  private readonly symFwd = new GrowU32(1 << 18, (held) => projectedCapacity(held, this.declsDone, this.n));
  private readonly identCounts = new Map<string, number>();
  /** Per module (by index in the store), the term ids of its name. Arrays by index: read once per declaration. */
  private readonly moduleTermsAt: (number[] | undefined)[] = [];
  /** Per declaration, the terms of the members it has and of the module docs that mention it (most have none). */
  private membersAt: (number[] | undefined)[] = [];
  private mentionsAt: (number[] | undefined)[] = [];
  private localCount = new Uint32Array(1 << 16);
  private readonly localIds: number[] = [];
  private len = 0;
  private orders?: NameOrders;
  private moduleDocTokens?: ModuleDocTokens;

  constructor(
    private readonly decls: Declaration[],
    private readonly modules: ModuleInfo[],
    private readonly opts: BuildOptions,
  ) {
    this.store = DeclStore.build(decls, modules);
    const n = (this.n = decls.length);
    this.collectors = [2, 12, 4, 3, 0.5, 2].map((perDoc) => new FieldCollector(n, perDoc));
    this.nameFwdOffsets = new Uint32Array(n + 1);
    this.symFwdOffsets = new Uint32Array(n + 1);
  }

  /** Terms of structure members and of module docs (their ids come before any declaration's). */
  collectMembersAndMentions(): void {
    const { decls } = this;
    const modules = this.modules;
    const idOf = (t: string) => this.idOf(t);
    const { NOISE_IDS, STOP_IDS, idsOfIdent } = termHelpers(idOf);
    const members = collectMembers(decls, (text) => {
      const ids: number[] = [];
      scanText(
        text,
        (ident) => {
          if (ident.length === 1 && isVariableTerm(ident)) return;
          for (const id of idsOfIdent(ident)) if (!NOISE_IDS.has(id)) ids.push(id);
        },
        (sym) => ids.push(idOf(sym)),
      );
      return ids;
    });
    // Module docs name their main results ("# Contracting maps … * `fixedPoint` : the unique fixed point of a contracting map"):
    // the opening words of a module doc become searchable on the declarations it mentions.
    const mentions = collectModuleMentions(decls, modules, (text) => {
      const ids: number[] = [];
      scanText(text, (ident) => {
        if (ident.length === 1 && isVariableTerm(ident)) return;
        for (const id of idsOfIdent(ident)) if (!STOP_IDS.has(id)) ids.push(id);
      }, () => undefined);
      return ids;
    });
    this.membersAt = new Array(this.n);
    for (const [i, ids] of members) this.membersAt[i] = ids;
    this.mentionsAt = new Array(this.n);
    for (const [i, ids] of mentions) this.mentionsAt[i] = ids;
    // A Stacks Project or Kerodon tag (`Stacks Tag 09HY`) is searched with what is said about the declaration elsewhere
    // (not in its docstring's field, whose length it would change).
    decls.forEach((d, i) => {
      if (!d.tags) return;
      const ids = this.mentionsAt[i] ?? (this.mentionsAt[i] = []);
      for (const tag of d.tags) scanText(tag, (ident) => { for (const id of idsOfIdent(ident)) if (!STOP_IDS.has(id)) ids.push(id); }, () => undefined, (num) => ids.push(idOf(num)));
    });
  }

  private idOf(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(t);
      this.termIds.set(t, id);
      this.symbolFlag.push(isSymbolTerm(t) ? 1 : 0);
    }
    return id;
  }

  /** Sort the names now (the stored name orders), e.g. while workers tokenize. */
  sortNames(): void {
    this.orders ??= computeNameOrders(this.store.names);
  }

  setOrders(orders: NameOrders): void {
    if (orders.name.length !== this.n || orders.lastKey.length !== this.n) throw new Error('name orders have the wrong size');
    this.orders = orders;
  }

  private addId(id: number): void {
    if (id >= this.localCount.length) {
      const next = new Uint32Array(Math.max(id + 1, this.localCount.length * 2));
      next.set(this.localCount);
      this.localCount = next;
    }
    if (this.localCount[id]++ === 0) this.localIds.push(id);
    this.len++;
  }

  /** Flush the locally counted terms of document `doc` into collector `c` (a field's, by declaration; or the modules'). */
  private flushLocal(c: FieldCollector, doc: number): void {
    for (const id of this.localIds) {
      c.add(id, this.localCount[id]);
      this.localCount[id] = 0;
    }
    this.localIds.length = 0;
    c.endDoc(doc, this.len);
    this.len = 0;
  }

  /** Add the tokens of declarations from..from+count (in order, after all earlier ones). */
  addTokens(from: number, count: number, tok: DeclTokens): void {
    // Local → global term ids (each run has its own dictionary).
    const local = new Int32Array(tok.terms.length).fill(-1);
    const s = tok.stream;
    let p = 0;
    for (let i = from; i < from + count; i++) {
      // name: also the forward list of name terms
      let len = s[p++];
      let k = s[p++];
      let c = this.collectors[FIELD_NAME];
      for (let j = 0; j < k; j++) {
        const l = s[p++];
        let g = local[l];
        if (g < 0) g = local[l] = this.idOf(tok.terms[l]);
        c.add(g, s[p++]);
        this.nameFwd.push(g);
      }
      c.endDoc(i, len);
      this.nameFwdOffsets[i + 1] = this.nameFwd.length;
      // signature: also the forward list of its symbols
      len = s[p++];
      k = s[p++];
      c = this.collectors[FIELD_SIG];
      for (let j = 0; j < k; j++) {
        const l = s[p++];
        let g = local[l];
        if (g < 0) g = local[l] = this.idOf(tok.terms[l]);
        c.add(g, s[p++]);
        if (this.symbolFlag[g]) this.symFwd.push(g);
      }
      c.endDoc(i, len);
      this.symFwdOffsets[i + 1] = this.symFwd.length;
      p = this.addField(FIELD_DOC, i, tok, local, p);
      // module: words of the module name and of a module doc that mentions the declaration
      const mi = this.store.moduleIdx[i];
      let mt = this.moduleTermsAt[mi];
      if (!mt) mt = this.moduleTermsAt[mi] = moduleTerms(this.store.moduleName(i)).map((t) => this.idOf(t));
      for (const id of mt) this.addId(id);
      const mention = this.mentionsAt[i];
      if (mention) for (const id of mention) this.addId(id);
      this.flushLocal(this.collectors[FIELD_MOD], i);
      const mem = this.membersAt[i];
      if (mem) for (const id of mem) this.addId(id);
      this.flushLocal(this.collectors[FIELD_MEM], i);
      p = this.addField(FIELD_BODY, i, tok, local, p);
      this.declsDone = i + 1;
      if (this.opts.onProgress && (i & 0x3fff) === 0) this.opts.onProgress(i, this.n);
    }
    for (const [ident, c] of tok.identCounts) this.identCounts.set(ident, (this.identCounts.get(ident) ?? 0) + c);
  }

  private addField(f: number, doc: number, tok: DeclTokens, local: Int32Array, p: number): number {
    const s = tok.stream;
    const len = s[p++];
    const k = s[p++];
    const c = this.collectors[f];
    for (let j = 0; j < k; j++) {
      const l = s[p++];
      let g = local[l];
      if (g < 0) g = local[l] = this.idOf(tok.terms[l]);
      c.add(g, s[p++]);
    }
    c.endDoc(doc, len);
    return p;
  }

  finish(): SearchIndex {
    const { n, opts, identCounts } = this;
    // (before the fields: a module doc's words take term ids too)
    const moduleDocs = this.moduleDocCollector();
    const fields = this.collectors.map((c) => FieldPostings.build(this.terms.length, c));
    if (opts.usageCounts) for (const [name, c] of opts.usageCounts) identCounts.set(name, (identCounts.get(name) ?? 0) + c);
    const usage = computeUsage(this.store.names, identCounts, (i) => instanceClass(this.store, i));
    opts.onProgress?.(n, n);
    const idx = new SearchIndex(
      this.store,
      this.terms,
      fields,
      usage,
      this.nameFwdOffsets,
      this.nameFwd.view().slice(),
      this.symFwdOffsets,
      this.symFwd.view().slice(),
      this.termIds,
      Uint8Array.from(this.symbolFlag),
    );
    if (this.orders) idx.setOrders(this.orders.name, this.orders.lastKey);
    idx.moduleDocs = FieldPostings.build(this.terms.length, moduleDocs);
    return idx;
  }

  /**
   * Tokenize the module docs now, e.g. while workers tokenize the declarations (Mathlib's 7,800 module docs were
   * 0.6–0.9 s of the last step's ~1.4 s, which comes after the workers). Their terms are numbered locally; `finish`
   * numbers them globally in the same order as if it had tokenized them itself, so the index is the same.
   */
  tokenizeModuleDocs(): void {
    this.moduleDocTokens ??= tokenizeModuleDocs(this.store);
  }

  /** Each module's doc and the words of its name, as the words of one document per module. */
  private moduleDocCollector(): FieldCollector {
    const { terms, stream, ends } = this.moduleDocTokens ?? tokenizeModuleDocs(this.store);
    this.moduleDocTokens = undefined;
    const c = new FieldCollector(ends.length, 30);
    const global = new Int32Array(terms.length).fill(-1);
    let p = 0;
    for (let m = 0; m < ends.length; m++) {
      for (; p < ends[m]; p++) {
        const l = stream[p];
        let g = global[l];
        if (g < 0) g = global[l] = this.idOf(terms[l]);
        this.addId(g);
      }
      this.flushLocal(c, m);
    }
    return c;
  }
}

/** The terms of each module's doc and name, in order: local term ids (`stream`), module m's ending at `ends[m]`. */
interface ModuleDocTokens {
  terms: string[];
  stream: Uint32Array;
  ends: Uint32Array;
}

function tokenizeModuleDocs(store: DeclStore): ModuleDocTokens {
  const modules = store.modules;
  const { terms, idOf } = localTerms();
  const stream = new GrowU32(1 << 16);
  const ends = new Uint32Array(modules.length);
  for (let m = 0; m < modules.length; m++) {
    for (const t of tokenizeProse(`${store.moduleDoc(m)}\n${modules[m].name.split('.').join(' ')}`)) stream.push(idOf(t.term));
    ends[m] = stream.length;
  }
  return { terms, stream: stream.view(), ends };
}

const MODULE_DOC_INTRO_CHARS = 400;
const MAX_MENTIONS_PER_MODULE = 12;

function collectModuleMentions(decls: Declaration[], modules: ModuleInfo[], termsOf: (text: string) => number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const withDoc = new Map<string, string>();
  for (const m of modules) if (m.doc) withDoc.set(m.name, m.doc);
  if (withDoc.size === 0) return out;
  const byModule = new Map<string, Map<string, number>>();
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i];
    if (!withDoc.has(d.module)) continue;
    let names = byModule.get(d.module);
    if (!names) byModule.set(d.module, (names = new Map()));
    names.set(d.name, i);
    const last = lastComponent(d.name);
    if (!names.has(last)) names.set(last, i);
    const dot = d.name.indexOf('.');
    if (dot > 0 && !names.has(d.name.slice(dot + 1))) names.set(d.name.slice(dot + 1), i);
  }
  for (const [module, doc] of withDoc) {
    const names = byModule.get(module);
    if (!names) continue;
    const found: number[] = [];
    for (const m of doc.matchAll(/`([^`\s]+)`/g)) {
      const i = names.get(m[1]);
      if (i !== undefined && !found.includes(i)) found.push(i);
      if (found.length >= MAX_MENTIONS_PER_MODULE) break;
    }
    if (!found.length) continue;
    const intro = termsOf(doc.slice(0, MODULE_DOC_INTRO_CHARS).replace(/`[^`]*`/g, ' '));
    for (const i of found) out.set(i, intro);
  }
  return out;
}

/**
 * Positions 0..n−1 ordered by their strings as `<` orders them (UTF-16 code units; a prefix first), equal strings by
 * position. A multikey quicksort (Bentley and Sedgewick): each step partitions by one code unit, so no two whole
 * strings are compared but in short ranges — about twice as fast as a comparator sort over the library's names.
 */
export function orderByStrings(keys: readonly string[]): Uint32Array {
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  sortRange(keys, order, 0, order.length, 0);
  return order;
}

/** Code unit `depth` of `s`, −1 past its end. */
function codeUnitAt(s: string, depth: number): number {
  return depth < s.length ? s.charCodeAt(depth) : -1;
}

/** Past this many common code units, a range is sorted by comparing whole strings (the recursion stays shallow). */
const MAX_RADIX_DEPTH = 256;

/** Sort `order[lo..hi)`, whose strings agree on their first `depth` code units. */
function sortRange(keys: readonly string[], order: Uint32Array, lo: number, hi: number, depth: number): void {
  if (depth > MAX_RADIX_DEPTH) {
    const sorted = Array.from(order.subarray(lo, hi)).sort((a, b) => (comesBefore(keys, a, b) ? -1 : 1));
    order.set(sorted, lo);
    return;
  }
  while (hi - lo > 12) {
    const x = codeUnitAt(keys[order[lo]], depth);
    const y = codeUnitAt(keys[order[(lo + hi) >>> 1]], depth);
    const z = codeUnitAt(keys[order[hi - 1]], depth);
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Three ranges: code unit below the pivot [lo, lt), equal [lt, gt), above [gt, hi).
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i < gt) {
      const c = codeUnitAt(keys[order[i]], depth);
      if (c < pivot) swap(order, lt++, i++);
      else if (c > pivot) swap(order, --gt, i);
      else i++;
    }
    // Strings that all end here are equal: by position.
    if (pivot < 0) order.subarray(lt, gt).sort();
    else sortRange(keys, order, lt, gt, depth + 1);
    // The smaller of the other two ranges by recursion, the larger by this loop: the stack stays logarithmic.
    if (lt - lo < hi - gt) {
      sortRange(keys, order, lo, lt, depth);
      lo = gt;
    } else {
      sortRange(keys, order, gt, hi, depth);
      hi = lt;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = order[i];
    let j = i - 1;
    for (; j >= lo; j--) {
      const u = order[j];
      if (comesBefore(keys, u, v)) break;
      order[j + 1] = u;
    }
    order[j + 1] = v;
  }
}

/** The order `orderByStrings` gives: by string, equal strings by position. */
function comesBefore(keys: readonly string[], a: number, b: number): boolean {
  return keys[a] < keys[b] || (keys[a] === keys[b] && a < b);
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The stored name orders (see `SearchIndex.nameOrder` / `lastKeyOrder`). */
export interface NameOrders {
  name: Uint32Array;
  lastKey: Uint32Array;
}

export function computeNameOrders(names: string[]): NameOrders {
  return { name: computeNameOrder(names), lastKey: computeLastKeyOrder(names) };
}

/** Declarations sorted by full name (ties by position). */
function computeNameOrder(names: string[]): Uint32Array {
  return orderByStrings(names);
}

/** Declarations sorted by the compact key of their last name component (ties by position). */
function computeLastKeyOrder(names: string[]): Uint32Array {
  return orderByStrings(names.map((nm) => compactKey(lastComponent(nm))));
}

/** The first position in 0..count for which `before` is false, for a `before` that is true up to some position and
 *  false after it (a binary search over a sorted order). */
export function lowerBound(count: number, before: (position: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A turn of the event loop in which pending I/O, the workers' replies among it, is taken. One `setImmediate` is not
 *  always that: called from a callback of the poll phase (code a worker's reply resumed), it runs before the loop polls
 *  again — the runs a worker finished while this thread stored the declarations were taken only after the next long
 *  step (~0.9 s), the worker idle meanwhile. The second is in the next iteration, after its poll. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * Member terms of structures and classes: each field's and constructor's name and type, plus — one
 * level up — the members of the parents named after `extends`. A class described by what it provides
 * ("a distance with the triangle inequality") is found through its members.
 */
function collectMembers(decls: Declaration[], termsOf: (text: string) => number[]): Map<number, number[]> {
  const byName = new Map<string, number>();
  for (let i = 0; i < decls.length; i++) {
    const k = decls[i].kind;
    if (k === 'structure' || k === 'class' || k === 'inductive') byName.set(decls[i].name, i);
  }
  const own = new Map<number, number[]>();
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i];
    if (d.kind !== 'field' && d.kind !== 'constructor') continue;
    const dot = d.name.lastIndexOf('.');
    if (dot <= 0) continue;
    const parent = byName.get(d.name.slice(0, dot));
    if (parent === undefined) continue;
    let list = own.get(parent);
    if (!list) own.set(parent, (list = []));
    if (list.length > 400) continue;
    for (const id of termsOf(d.name.slice(dot + 1).replace(/^to(?=[A-Z])/, ''))) list.push(id);
    for (const id of termsOf(projectionOwnPart(d.signature ?? ''))) list.push(id);
  }
  const all = new Map<number, number[]>(own);
  for (const [name, i] of byName) {
    const sig = decls[i].signature ?? '';
    const ext = sig.indexOf('extends ');
    if (ext < 0) continue;
    const ns = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
    const inherited: number[] = [];
    for (const part of sig.slice(ext + 8).split(',')) {
      const head = part.trim().split(/[\s(]/)[0];
      if (!head) continue;
      const p = byName.get(head) ?? (ns ? byName.get(`${ns}.${head}`) : undefined);
      const list = p === undefined ? undefined : own.get(p);
      if (list) for (const id of list.slice(0, 200)) inherited.push(id);
    }
    if (inherited.length) all.set(i, (own.get(i) ?? []).concat(inherited));
  }
  return all;
}

/**
 * How often each declaration is referred to in signatures and docstrings of others: an identifier
 * counts for the declaration with that full name, and — when written without its namespace, as Lean
 * allows inside `namespace`/`open` — for declarations whose capitalized name suffix it matches.
 * `x.foo` (dot notation) counts, shared, for every `….foo`.
 */
function computeUsage(names: string[], identCounts: Map<string, number>, classOfInstance?: (i: number) => string | undefined): Float32Array {
  const dotCounts = new Map<string, number>();
  for (const [ident, c] of identCounts) {
    const dot = ident.indexOf('.');
    if (dot > 0 && /^[a-zα-ω][A-Za-z0-9₀-₉']{0,2}$/.test(ident.slice(0, dot))) {
      const rest = ident.slice(dot + 1);
      dotCounts.set(rest, (dotCounts.get(rest) ?? 0) + c);
    }
  }
  // Dot notation does not say which `….foo` is meant: share the count among all of them. (Counted only for the last
  // components dot notation uses: a map of every one was most of the time here.)
  const sameLast = new Map<string, number>();
  // Each last component taken once (and hashed once): both loops look it up.
  const lasts = names.map(lastComponent);
  for (const last of lasts) if (dotCounts.has(last)) sameLast.set(last, (sameLast.get(last) ?? 0) + 1);
  const counts = new Float64Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let count = identCounts.get(name) ?? 0;
    let dot = name.indexOf('.');
    while (dot > 0) {
      // Only capitalized suffixes (`Finset.sum` in `Mathlib.Finset.sum`) count; test before slicing.
      const c = name.charCodeAt(dot + 1);
      if (c >= 65 && c <= 90) count += identCounts.get(name.slice(dot + 1)) ?? 0;
      dot = name.indexOf('.', dot + 1);
    }
    if (name.lastIndexOf('.') > 0) {
      const used = dotCounts.get(lasts[i]);
      if (used !== undefined) count += used / sameLast.get(lasts[i])!;
    }
    counts[i] = count;
  }
  if (classOfInstance) shareClassUses(names, counts, classOfInstance);
  const usage = new Float32Array(names.length);
  for (let i = 0; i < names.length; i++) usage[i] = Math.log1p(counts[i]);
  return usage;
}

/**
 * An instance is used wherever its class is used on its type, and its name is hardly ever written: it takes an
 * equal share of its class's uses (as a `x.foo` is shared among every `….foo`), instead of none.
 */
function shareClassUses(names: string[], counts: Float64Array, classOfInstance: (i: number) => string | undefined): void {
  const classOf = new Map<number, string>();
  const instances = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const cls = classOfInstance(i);
    if (!cls) continue;
    classOf.set(i, cls);
    instances.set(cls, (instances.get(cls) ?? 0) + 1);
  }
  const classUses = new Map<string, number>();
  for (let i = 0; i < names.length; i++) if (instances.has(names[i])) classUses.set(names[i], counts[i]);
  for (const [i, cls] of classOf) {
    const uses = classUses.get(cls);
    if (uses !== undefined) counts[i] = Math.max(counts[i], uses / instances.get(cls)!);
  }
}

/** The class an instance declaration instantiates: the head of its type (`Field` of `: Field ℚ`), if a name. */
function instanceClass(store: DeclStore, i: number): string | undefined {
  if (store.kind(i) !== 'instance') return undefined;
  return /^[\s(]*([A-Za-z_][\w.']*)/.exec(splitTopColon(store.signature(i)).type)?.[1];
}

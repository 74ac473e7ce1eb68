// The lexical search index: BM25 over six fields (name tokens, signature, docstring, module, members,
// definition body) plus
// what the corpus itself teaches — how often a declaration is used in other signatures (a prior),
// which name words co-occur with which symbols and docstring words (query expansion) — and exact-name
// matching. Built once from `Declaration`s, serialized into binary sections, loaded with typed-array views.
import type { Declaration, ModuleInfo } from '../types';
import { DeclStore, bytesOf, f32, u32 } from './declStore';
import { FieldCollector, FieldPostings, GrowU32 } from './postings';
import { LEAN_NOISE_LIST, STOP_WORDS_LIST, isVariableTerm, stem, compactKey, lastComponent, scanText, splitIdentifier, splitIdentifierCached, tokenizeProse, tokenizeText } from './tokenize';

export const FIELD_NAME = 0;
export const FIELD_SIG = 1;
export const FIELD_DOC = 2;
export const FIELD_MOD = 3;
/** Members of a structure or class: its fields' and constructors' names and types (and its parents'). */
export const FIELD_MEM = 4;
/** The start of a definition's body (`Polynomial.Separable` := `IsCoprime f (derivative f)`): what it is made of. */
export const FIELD_BODY = 5;
export const FIELD_COUNT = 6;
const FIELD_KEYS = ['name', 'sig', 'doc', 'mod', 'mem', 'body'];

/** Bump when the meaning of the sections changes (the engine rebuilds on mismatch). */
export const SEARCH_INDEX_VERSION = 5;

/** Symbols are every term that is not a word stem, number or name bigram. */
export function isSymbolTerm(t: string): boolean {
  const c = t.charCodeAt(0);
  return !((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 124 || t.includes('|'));
}

/** Terms of a declaration's name: every component's stems plus bigrams of the last component. */
export function nameTerms(name: string): string[] {
  const all = splitIdentifier(name);
  const last = splitIdentifier(lastComponent(name));
  const out = all.slice();
  for (let i = 0; i + 1 < last.length; i++) out.push(`${last[i]}|${last[i + 1]}`);
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
  ) {
    this.termIds = new Map();
    for (let i = 0; i < terms.length; i++) this.termIds.set(terms[i], i);
  }

  get size(): number {
    return this.store.size;
  }

  static build(decls: Declaration[], modules: ModuleInfo[], opts: BuildOptions = {}): SearchIndex {
    const store = DeclStore.build(decls, modules);
    const n = decls.length;
    const termIds = new Map<string, number>();
    const terms: string[] = [];
    const symbolFlag: number[] = [];
    const idOf = (t: string) => {
      let id = termIds.get(t);
      if (id === undefined) {
        id = terms.length;
        terms.push(t);
        termIds.set(t, id);
        symbolFlag.push(isSymbolTerm(t) ? 1 : 0);
      }
      return id;
    };
    // Identifier → its term ids (signatures repeat the same identifiers over and over).
    const identIds = new Map<string, number[]>();
    const idsOfIdent = (ident: string) => {
      let ids = identIds.get(ident);
      if (!ids) {
        ids = splitIdentifier(ident).map(idOf);
        identIds.set(ident, ids);
      }
      return ids;
    };
    const collectors = [2, 12, 4, 3, 0.5, 2].map((perDoc) => new FieldCollector(n, perDoc));
    const nameFwdOffsets = new Uint32Array(n + 1);
    const nameFwd = new GrowU32(1 << 20);
    const symFwdOffsets = new Uint32Array(n + 1);
    const symFwd = new GrowU32(1 << 18);
    const identCounts = new Map<string, number>();
    const moduleTermCache = new Map<string, number[]>();
    // Term counts of the current document field: counts by term id plus the ids in first-seen order
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
    const clearLocal = () => {
      for (const id of localIds) localCount[id] = 0;
      localIds.length = 0;
    };
    const flush = (f: number, doc: number) => {
      const c = collectors[f];
      for (const id of localIds) c.add(id, localCount[id]);
      c.endDoc(doc, len);
      len = 0;
    };
    const onSigIdent = (ident: string) => {
      // Only identifiers that can name a declaration (`Finset.sum`, `Continuous`, `mul_comm`) count.
      if (ident.length > 2 && COMPOUND.test(ident)) identCounts.set(ident, (identCounts.get(ident) ?? 0) + 1);
      // one-letter variables (`a`, `x`, `α`) say nothing about the declaration
      if (ident.length === 1 && isVariableTerm(ident)) return;
      for (const id of idsOfIdent(ident)) if (!NOISE_IDS.has(id)) addId(id);
    };
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
    const COMPOUND = /[A-Z._\d₀-₉'!?]|[^\x00-\x7f]/;
    const NOISE_IDS = new Set<number>(LEAN_NOISE_LIST.map(idOf));
    const STOP_IDS = new Set<number>();
    for (const w of STOP_WORDS_LIST) STOP_IDS.add(idOf(w));
    // Body identifiers are indexed like signature ones but do not count as uses (the usage prior stays as it was).
    const onBodyIdent = (ident: string) => {
      if (ident.length === 1 && isVariableTerm(ident)) return;
      for (const id of idsOfIdent(ident)) if (!NOISE_IDS.has(id)) addId(id);
    };
    const onSymbol = (sym: string) => addId(idOf(sym));
    const onNumber = (num: string) => addId(idOf(num));

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

    // Module docs name their main results ("# Urysohn's lemma … we prove `exists_continuous_zero_one_of_isClosed`"):
    // the opening words of a module doc become searchable on the declarations it mentions.
    const mentions = collectModuleMentions(decls, modules, (text) => {
      const ids: number[] = [];
      scanText(text, (ident) => {
        if (ident.length === 1 && isVariableTerm(ident)) return;
        for (const id of idsOfIdent(ident)) if (!STOP_IDS.has(id)) ids.push(id);
      }, () => undefined);
      return ids;
    });

    for (let i = 0; i < n; i++) {
      const d = decls[i];
      // The caller may hand over the array: let each declaration's strings go once indexed.
      if (opts.consume) (decls as (Declaration | undefined)[])[i] = undefined;
      clearLocal();
      for (const t of nameTerms(d.name)) addId(idOf(t));
      for (const id of localIds) nameFwd.push(id);
      nameFwdOffsets[i + 1] = nameFwd.length;
      flush(FIELD_NAME, i);

      clearLocal();
      if (d.signature) scanText(d.signature, onSigIdent, onSymbol, onNumber);
      for (const id of localIds) if (symbolFlag[id]) symFwd.push(id);
      symFwdOffsets[i + 1] = symFwd.length;
      flush(FIELD_SIG, i);

      // Docstrings name concepts ("vector space") and, in backticks, the declarations they rely on.
      clearLocal();
      if (d.doc) {
        scanText(d.doc, onDocIdent, onSymbol, onNumber);
        for (const m of d.doc.matchAll(/`([^`\s]+)`/g)) identCounts.set(m[1], (identCounts.get(m[1]) ?? 0) + 1);
      }
      flush(FIELD_DOC, i);

      clearLocal();
      let mt = moduleTermCache.get(d.module);
      if (!mt) {
        mt = moduleTerms(d.module).map(idOf);
        moduleTermCache.set(d.module, mt);
      }
      for (const id of mt) addId(id);
      const mention = mentions.get(i);
      if (mention) for (const id of mention) addId(id);
      flush(FIELD_MOD, i);

      clearLocal();
      const mem = members.get(i);
      if (mem) for (const id of mem) addId(id);
      flush(FIELD_MEM, i);

      clearLocal();
      if (d.body) scanText(d.body, onBodyIdent, onSymbol, onNumber);
      flush(FIELD_BODY, i);
      if (opts.onProgress && (i & 0x3fff) === 0) opts.onProgress(i, n);
    }

    const fields = collectors.map((c) => FieldPostings.build(terms.length, c));
    if (opts.usageCounts) for (const [name, c] of opts.usageCounts) identCounts.set(name, (identCounts.get(name) ?? 0) + c);
    const usage = computeUsage(store.names, identCounts);
    if (opts.consume) decls.length = 0;
    opts.onProgress?.(n, n);
    const idx = new SearchIndex(store, terms, fields, usage, nameFwdOffsets, nameFwd.view().slice(), symFwdOffsets, symFwd.view().slice());
    idx.symbolTerms = Uint8Array.from(symbolFlag);
    return idx;
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
    return s;
  }

  /** Load from stored sections; throws on missing or inconsistent sections (the engine then rebuilds). */
  static fromSections(s: Record<string, Uint8Array>): SearchIndex {
    const version = s['search.version'] ? new TextDecoder().decode(s['search.version']) : '';
    if (version !== String(SEARCH_INDEX_VERSION)) throw new Error(`search index version ${version || 'missing'}, expected ${SEARCH_INDEX_VERSION}`);
    const store = DeclStore.fromSections(s);
    const termsText = new TextDecoder().decode(s['search.terms'] ?? new Uint8Array());
    const terms = termsText.length ? termsText.split('\n') : [];
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
    return idx;
  }

  /** Declarations whose last name component has this compact key (`lattice`, `linearmap`). */
  byLastKey(key: string): number[] {
    const order = this.lastKeyOrder();
    const keyOf = (i: number) => compactKey(lastComponent(this.store.names[i]));
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(order[mid]) < key) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let p = lo; p < order.length && out.length < 2000 && keyOf(order[p]) === key; p++) out.push(order[p]);
    return out;
  }

  /** The declaration with exactly this full name, or -1. */
  byFullName(name: string): number {
    const order = this.nameOrder();
    const names = this.store.names;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (names[order[mid]] < name) lo = mid + 1;
      else hi = mid;
    }
    return lo < order.length && names[order[lo]] === name ? order[lo] : -1;
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
    if (!this.nameOrderCache) {
      const names = this.store.names;
      this.nameOrderCache = Uint32Array.from(sortedIndices(names.length, (a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b)));
    }
    return this.nameOrderCache;
  }
  lastKeyOrder(): Uint32Array {
    if (!this.lastKeyOrderCache) {
      const keys = this.store.names.map((nm) => compactKey(lastComponent(nm)));
      this.lastKeyOrderCache = Uint32Array.from(sortedIndices(keys.length, (a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b)));
    }
    return this.lastKeyOrderCache;
  }
  setOrders(nameOrder: Uint32Array, lastKeyOrder: Uint32Array): void {
    this.nameOrderCache = nameOrder;
    this.lastKeyOrderCache = lastKeyOrder;
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

function sortedIndices(n: number, cmp: (a: number, b: number) => number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a.sort(cmp);
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
    for (const id of termsOf(d.signature ?? '')) list.push(id);
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
function computeUsage(names: string[], identCounts: Map<string, number>): Float32Array {
  const dotCounts = new Map<string, number>();
  for (const [ident, c] of identCounts) {
    const dot = ident.indexOf('.');
    if (dot > 0 && /^[a-zα-ω][A-Za-z0-9₀-₉']{0,2}$/.test(ident.slice(0, dot))) {
      const rest = ident.slice(dot + 1);
      dotCounts.set(rest, (dotCounts.get(rest) ?? 0) + c);
    }
  }
  // Dot notation does not say which `….foo` is meant: share the count among all of them.
  const sameLast = new Map<string, number>();
  for (const name of names) {
    const last = lastComponent(name);
    sameLast.set(last, (sameLast.get(last) ?? 0) + 1);
  }
  const usage = new Float32Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let count = identCounts.get(name) ?? 0;
    let dot = name.indexOf('.');
    while (dot > 0) {
      const suffix = name.slice(dot + 1);
      if (/^[A-Z]/.test(suffix)) count += identCounts.get(suffix) ?? 0;
      dot = name.indexOf('.', dot + 1);
    }
    const lastDot = name.lastIndexOf('.');
    if (lastDot > 0) {
      const last = name.slice(lastDot + 1);
      count += (dotCounts.get(last) ?? 0) / (sameLast.get(last) ?? 1);
    }
    usage[i] = Math.log1p(count);
  }
  return usage;
}

// Compact storage of declarations: names decoded once (search needs them), everything else kept as
// UTF-8 bytes plus offsets and materialized into `Declaration` objects only for hits.
import { writtenIn, type NotationPieces } from '../extract/notation';
import type { Declaration, DeclKind, ModuleInfo } from '../types';
import { DECL_KINDS } from '../types';
import { PIECE_BYTES, type FileSection } from '../store/indexStore';

const FLAG_DEPRECATED = 1;
const FLAG_PRIVATE = 2;
const FLAG_PROTECTED = 4;
const FLAG_GENERATED = 8;
const FLAG_SIMPS = 16;

/** Per-declaration text slots in the blob: signature, docstring, extra JSON (attrs, deprecation, origin). */
const SLOTS = 3;

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export interface DeclStoreSections {
  'decl.names': Uint8Array;
  'decl.kinds': Uint8Array;
  'decl.flags': Uint8Array;
  'decl.modules': Uint8Array;
  'decl.lines': Uint8Array;
  'decl.text': Uint8Array;
  'decl.textOffsets': Uint8Array;
  'decl.moduleInfo': Uint8Array;
  'decl.aka': Uint8Array;
  'decl.moduleDocs': Uint8Array;
  'decl.notation': Uint8Array;
}

/**
 * Declarations grouped by module (a counting sort): module m's are ids[offsets[m] .. offsets[m + 1]), in id order.
 * `keep` leaves some out.
 */
export function groupByModule(moduleIdx: ArrayLike<number>, n: number, moduleCount: number, keep?: (i: number) => boolean): { offsets: Uint32Array; ids: Uint32Array } {
  const offsets = new Uint32Array(moduleCount + 1);
  for (let i = 0; i < n; i++) if (!keep || keep(i)) offsets[moduleIdx[i] + 1]++;
  for (let m = 0; m < moduleCount; m++) offsets[m + 1] += offsets[m];
  const ids = new Uint32Array(offsets[moduleCount]);
  const fill = offsets.slice(0, moduleCount);
  for (let i = 0; i < n; i++) if (!keep || keep(i)) ids[fill[moduleIdx[i]]++] = i;
  return { offsets, ids };
}

export class DeclStore {
  private constructor(
    readonly names: string[],
    readonly kinds: Uint8Array,
    readonly flags: Uint8Array,
    readonly moduleIdx: Uint32Array,
    readonly lines: Uint32Array,
    /** Signatures, docstrings and extras: in memory while building, else in the index file (~40 MB for Mathlib). */
    private text: Uint8Array | FileSection,
    private readonly textOffsets: Uint32Array,
    /** Module infos without their docstrings (those are kept as bytes: moduleDoc). */
    readonly modules: ModuleInfo[],
    /** What a declaration is called: its docstring's bold names and what the package's docs call it (namedAs). */
    private readonly akaEntries: [number, string][] = [],
    /** Module docstrings, UTF-8, NUL-separated in module order (decoded on demand: ~6 MB of text for Mathlib): in
     *  memory while building, else in the index file (searches read them only to check an acronym). */
    private moduleDocBytes: Uint8Array | FileSection,
    /** Notation that unfolds to a declaration (`Declaration.notations`), by declaration. */
    private readonly notationEntries: [number, NotationPieces][] = [],
  ) {
    this.moduleDocStarts = entryStarts(moduleDocBytes);
    if (this.moduleDocStarts.length !== modules.length + 1) throw new Error('index module docs disagree with the module list');
  }

  private readonly moduleDocStarts: Uint32Array;

  /** Declarations by module, each module's by line (then by id, descending), built on first use. */
  private byModuleLine?: { offsets: Uint32Array; ids: Uint32Array };

  /** The declarations of module `m` by line (see byModuleLine). */
  private moduleByLine(m: number): Uint32Array {
    if (!this.byModuleLine) {
      const lines = this.lines;
      const g = groupByModule(this.moduleIdx, this.size, this.modules.length);
      for (let k = 0; k < this.modules.length; k++) g.ids.subarray(g.offsets[k], g.offsets[k + 1]).sort((a, b) => lines[a] - lines[b] || b - a);
      this.byModuleLine = g;
    }
    const { offsets, ids } = this.byModuleLine;
    return m < 0 || m + 1 >= offsets.length ? new Uint32Array(0) : ids.subarray(offsets[m], offsets[m + 1]);
  }

  /** The declarations of module `m` declared before `line`, nearest first (then by id). */
  declsAbove(m: number, line: number): number[] {
    const ids = this.moduleByLine(m);
    const out: number[] = [];
    for (let k = ids.length; k-- > 0; ) if (this.lines[ids[k]] < line) out.push(ids[k]);
    return out;
  }

  /** The declarations of module `m` declared at or after `line`. */
  declsFrom(m: number, line: number): number[] {
    return Array.from(this.moduleByLine(m)).filter((d) => this.lines[d] >= line);
  }

  /** The module docstring of module `i` ('' when none). */
  moduleDoc(i: number): string {
    if (i < 0 || i + 1 >= this.moduleDocStarts.length) return '';
    const a = this.moduleDocStarts[i];
    const b = this.moduleDocStarts[i + 1] - 1;
    if (b <= a) return '';
    const docs = this.moduleDocBytes;
    return docs instanceof Uint8Array ? decoder.decode(docs.subarray(a, b)) : docs.read(a, b).toString('utf8');
  }

  private akaIndex?: Map<string, number[]>;

  /** Each notation with its first and last piece (`''` for an argument) and its longest literal (checked with
   *  `startsWith` / `endsWith` / `includes` before the whole pattern is), and its weight among notations a query matches
   *  (see byNotation). */
  private notationList?: { id: number; pieces: NotationPieces; first: string; last: string; longest: string; weight: number }[];

  /** Every notation the library declares, with the declaration it unfolds to. */
  get notations(): readonly [number, NotationPieces][] {
    return this.notationEntries;
  }

  /** Declarations a query is written in the notation of, whole (`⌊x⌋` → `Int.floor`, `f =O[l] g` → `IsBigO`); only
   *  notation without arguments (`𝓝`, `λ_`) when `withoutArguments`. */
  byNotation(query: string, withoutArguments = false): number[] {
    if (!this.notationEntries.length) return [];
    this.notationList ??= this.notationEntries.map(([id, pieces]) => {
      const literals = pieces.filter((p): p is string => p !== null);
      const first = pieces[0] ?? '';
      const last = pieces[pieces.length - 1] ?? '';
      return { id, pieces, first, last, longest: literals.reduce((a, p) => (p.length > a.length ? p : a), ''), weight: literals.join('').length * 16 + literals.length };
    });
    const compact = query.replace(/\s+/g, '');
    if (!compact || compact.length > 200) return [];
    // The notation that matches most of the query's symbols wins (`μ[f|m]` is conditional expectation's `_[_|_]`, not
    // `μ[_]`): most literal characters, then most literal pieces.
    let out: number[] = [];
    let best = 0;
    for (const n of this.notationList) {
      // (a literal at either end of a notation is at that end of the query: cheap to test first)
      if (!compact.startsWith(n.first) || !compact.endsWith(n.last) || !compact.includes(n.longest) || (withoutArguments && n.pieces.includes(null)) || !writtenIn(n.pieces, compact)) continue;
      if (n.weight > best) {
        best = n.weight;
        out = [];
      }
      if (n.weight === best && !out.includes(n.id)) out.push(n.id);
    }
    return out;
  }

  /** Declarations the docs call by this phrase (compared by phraseKey; a topic path also by its last part). */
  byPhrase(phrase: string): readonly number[] {
    return this.phraseIndex().get(phraseKey(phrase)) ?? [];
  }

  /** The names the docs give declarations, by phraseKey (built on first use). */
  private phraseIndex(): Map<string, number[]> {
    if (!this.akaIndex) {
      const index = new Map<string, number[]>();
      const add = (key: string, id: number) => {
        if (!key) return;
        const ids = index.get(key) ?? [];
        if (!ids.includes(id)) ids.push(id);
        index.set(key, ids);
      };
      for (const [id, text] of this.akaEntries) {
        for (const line of text.split('\n')) {
          add(phraseKey(line), id);
          add(phraseKey(line.split('›').pop() ?? ''), id);
        }
      }
      this.akaIndex = index;
    }
    return this.akaIndex;
  }

  private headIndex?: Map<string, number[]>;

  /** Declarations whose name's head (see phraseHead) is this phrase key, where no declaration has the head as its name;
   *  the head of a common label (used in more than MAX_BOLD_NAME_MODULES modules) is not one. */
  private byHead(key: string): readonly number[] {
    if (!this.headIndex) {
      const full = this.phraseIndex();
      const heads = new Map<string, { ids: number[]; modules: Set<number> }>();
      for (const [id, text] of this.akaEntries) {
        for (const line of text.split('\n')) {
          const head = phraseHead(line);
          if (!head || full.has(head)) continue; // "**Cauchy integral formula**" beside "… for derivatives" stays theirs
          const h = heads.get(head) ?? { ids: [], modules: new Set<number>() };
          if (!h.ids.includes(id)) h.ids.push(id);
          h.modules.add(this.moduleIdx[id]);
          heads.set(head, h);
        }
      }
      this.headIndex = new Map([...heads].filter(([, h]) => h.modules.size <= MAX_BOLD_NAME_MODULES).map(([k, h]) => [k, h.ids]));
    }
    return this.headIndex.get(key) ?? [];
  }

  private nearIndex?: { phrases: { words: string[]; ids: readonly number[] }[]; byWord: Map<string, number[]> };

  /**
   * Declarations the docs call by a phrase close to this one ("Sylow's theorem" ~ **Sylow's first theorem**, "Vieta's
   * formulas" ~ **Vieta's formula**): the share of the two phrases' words they have in common (Jaccard, words as
   * phraseWords gives them), at least `minShare`; the best share per declaration. The exact phrase, or a name's exact
   * head ("Radon's theorem" for **Radon's theorem on convex sets**), has share 1.
   */
  byNearPhrase(phrase: string, minShare: number): Map<number, number> {
    if (!this.nearIndex) {
      const phrases: { words: string[]; ids: readonly number[] }[] = [];
      const byWord = new Map<string, number[]>();
      for (const [key, ids] of this.phraseIndex()) {
        const words = phraseWords(key);
        if (words.length < 2) continue;
        for (const w of words) {
          const list = byWord.get(w) ?? [];
          list.push(phrases.length);
          byWord.set(w, list);
        }
        phrases.push({ words, ids });
      }
      this.nearIndex = { phrases, byWord };
    }
    const { phrases, byWord } = this.nearIndex;
    const key = phraseKey(phrase);
    const words = phraseWords(key);
    const out = new Map<number, number>();
    if (words.length < 2) return out;
    // A name's head is asked for exactly or not at all: "fundamental theorem of X" is not near every fundamental theorem.
    for (const id of this.byHead(key)) out.set(id, 1);
    const shared = new Map<number, number>();
    for (const w of words) for (const p of byWord.get(w) ?? []) shared.set(p, (shared.get(p) ?? 0) + 1);
    for (const [p, common] of shared) {
      const share = common / (words.length + phrases[p].words.length - common);
      if (share < minShare) continue;
      for (const id of phrases[p].ids) out.set(id, Math.max(out.get(id) ?? 0, share));
    }
    return out;
  }

  get size(): number {
    return this.names.length;
  }

  static build(decls: Declaration[], modules: ModuleInfo[]): DeclStore {
    const moduleIndex = new Map<string, number>();
    const mods: ModuleInfo[] = modules.map((m) => ({ ...m }));
    const docs = mods.map((m) => m.doc ?? '');
    mods.forEach((m, i) => moduleIndex.set(m.name, i));
    const n = decls.length;
    const kinds = new Uint8Array(n);
    const flags = new Uint8Array(n);
    const moduleIdx = new Uint32Array(n);
    const lines = new Uint32Array(n);
    // Strings are collected first and written into one buffer (one native write each, no per-string arrays).
    const strings: string[] = new Array(n * SLOTS);
    const notations: [number, NotationPieces][] = [];
    const textOffsets = new Uint32Array(n * SLOTS + 1);
    let pos = 0;
    let slot = 0;
    const push = (str: string) => {
      textOffsets[slot] = pos;
      strings[slot++] = str;
      pos += str.length === 0 ? 0 : Buffer.byteLength(str, 'utf8');
    };
    for (let i = 0; i < n; i++) {
      const d = decls[i];
      kinds[i] = Math.max(0, DECL_KINDS.indexOf(d.kind));
      flags[i] =
        (d.deprecated ? FLAG_DEPRECATED : 0) |
        (d.isPrivate ? FLAG_PRIVATE : 0) |
        (d.isProtected ? FLAG_PROTECTED : 0) |
        (d.generatedFrom ? FLAG_GENERATED : 0) |
        (d.origin === 'simps' ? FLAG_SIMPS : 0);
      let mi = moduleIndex.get(d.module);
      if (mi === undefined) {
        // A declaration whose module is not listed still needs a home (e.g. a file outside any package).
        mi = mods.length;
        mods.push({ name: d.module, file: d.file, pkg: d.pkg, imports: [] });
        docs.push('');
        moduleIndex.set(d.module, mi);
      }
      moduleIdx[i] = mi;
      lines[i] = d.line > 0 ? d.line : 0;
      push(d.signature ?? '');
      push(d.doc ?? '');
      const extra: Record<string, unknown> = {};
      if (d.attrs && d.attrs.length) extra.attrs = d.attrs;
      if (d.tags && d.tags.length) extra.tags = d.tags;
      if (d.notations && d.notations.length) {
        extra.notations = d.notations;
        for (const pieces of d.notations) notations.push([i, pieces]);
      }
      if (d.deprecated) extra.deprecated = d.deprecated;
      if (d.generatedFrom) extra.generatedFrom = d.generatedFrom;
      if (d.body) extra.body = d.body;
      if (d.file !== mods[mi].file) extra.file = d.file;
      if (d.pkg !== mods[mi].pkg) extra.pkg = d.pkg;
      push(Object.keys(extra).length ? JSON.stringify(extra) : '');
    }
    textOffsets[n * SLOTS] = pos;
    const text = Buffer.allocUnsafe(pos);
    for (let i = 0; i < strings.length; i++) if (strings[i]) text.write(strings[i], textOffsets[i], 'utf8');
    const aka = namedAs(decls);
    for (const m of mods) delete m.doc;
    return new DeclStore(decls.map((d) => d.name), kinds, flags, moduleIdx, lines, text, textOffsets, mods, aka, joinDocs(docs), notations);
  }

  kind(i: number): DeclKind {
    return DECL_KINDS[this.kinds[i]] ?? 'def';
  }
  isDeprecated(i: number): boolean {
    return (this.flags[i] & FLAG_DEPRECATED) !== 0;
  }
  isPrivate(i: number): boolean {
    return (this.flags[i] & FLAG_PRIVATE) !== 0;
  }
  isGenerated(i: number): boolean {
    return (this.flags[i] & FLAG_GENERATED) !== 0;
  }
  moduleName(i: number): string {
    return this.modules[this.moduleIdx[i]]?.name ?? '';
  }
  private moduleIndexes?: Map<string, number>;
  /** The index of the module of this name in `modules` (-1 when none): asked once per search from a file. */
  moduleIndex(name: string): number {
    if (!this.moduleIndexes) {
      this.moduleIndexes = new Map();
      this.modules.forEach((m, k) => {
        if (!this.moduleIndexes!.has(m.name)) this.moduleIndexes!.set(m.name, k);
      });
    }
    return this.moduleIndexes.get(name) ?? -1;
  }
  private slot(i: number, s: number): string {
    const a = this.textOffsets[i * SLOTS + s];
    const b = this.textOffsets[i * SLOTS + s + 1];
    if (a === b) return '';
    return this.text instanceof Uint8Array ? decoder.decode(this.text.subarray(a, b)) : this.text.read(a, b).toString('utf8');
  }

  /**
   * Read the declaration text and the module docs from the saved index from now on, if its `decl.text` and
   * `decl.moduleDocs` sections hold the same bytes (compared piece by piece); tells whether the text does.
   */
  useStoredText(onDisk: Record<string, FileSection>): boolean {
    const docs = this.moduleDocBytes;
    if (docs instanceof Uint8Array && sameBytes(onDisk['decl.moduleDocs'], docs)) this.moduleDocBytes = onDisk['decl.moduleDocs'];
    const text = this.text;
    if (!(text instanceof Uint8Array) || !sameBytes(onDisk['decl.text'], text)) return false;
    this.text = onDisk['decl.text'];
    return true;
  }

  /** Whether the declaration text is read from the index file (see `useStoredText`). */
  get textInFile(): boolean {
    return !(this.text instanceof Uint8Array);
  }

  /** All of a declaration's text slots (one read when they live in the index file). */
  private slots(i: number): string[] {
    if (this.text instanceof Uint8Array) return [0, 1, 2].map((s) => this.slot(i, s));
    const at = i * SLOTS;
    const start = this.textOffsets[at];
    const bytes = this.text.read(start, this.textOffsets[at + SLOTS]);
    const out: string[] = [];
    for (let s = 0; s < SLOTS; s++) {
      const a = this.textOffsets[at + s] - start;
      const b = Math.min(this.textOffsets[at + s + 1] - start, bytes.length);
      out.push(b > a ? bytes.toString('utf8', a, b) : '');
    }
    return out;
  }
  signature(i: number): string {
    return this.slot(i, 0);
  }
  doc(i: number): string {
    return this.slot(i, 1);
  }

  /** Build the full `Declaration` for one entry (only done for hits). */
  materialize(i: number): Declaration {
    const mod = this.modules[this.moduleIdx[i]];
    const [signature, doc, extraText] = this.slots(i);
    let extra: { attrs?: string[]; tags?: string[]; notations?: NotationPieces[]; deprecated?: Declaration['deprecated']; generatedFrom?: string; file?: string; pkg?: string; body?: string } = {};
    if (extraText) {
      try {
        extra = JSON.parse(extraText);
      } catch {
        extra = {};
      }
    }
    const d: Declaration = {
      name: this.names[i],
      kind: this.kind(i),
      signature,
      module: mod?.name ?? '',
      file: extra.file ?? mod?.file ?? '',
      line: this.lines[i],
      pkg: extra.pkg ?? mod?.pkg ?? '',
    };
    if (doc) d.doc = doc;
    if (extra.attrs) d.attrs = extra.attrs;
    if (extra.notations) d.notations = extra.notations;
    if (extra.tags) d.tags = extra.tags;
    if (extra.deprecated) d.deprecated = extra.deprecated;
    if (this.flags[i] & FLAG_PRIVATE) d.isPrivate = true;
    if (this.flags[i] & FLAG_PROTECTED) d.isProtected = true;
    if (extra.generatedFrom) d.generatedFrom = extra.generatedFrom;
    if (this.flags[i] & FLAG_SIMPS) d.origin = 'simps';
    if (typeof extra.body === 'string') d.body = extra.body;
    return d;
  }

  toSections(): DeclStoreSections {
    return {
      'decl.names': encoder.encode(this.names.join('\n')),
      'decl.kinds': this.kinds,
      'decl.flags': this.flags,
      'decl.modules': bytesOf(this.moduleIdx),
      'decl.lines': bytesOf(this.lines),
      'decl.text': this.text instanceof Uint8Array ? this.text : Buffer.from(this.text.read(0, this.text.byteLength)),
      'decl.textOffsets': bytesOf(this.textOffsets),
      'decl.moduleInfo': encoder.encode(JSON.stringify(this.modules)),
      'decl.aka': encoder.encode(JSON.stringify(this.akaEntries)),
      'decl.moduleDocs': this.moduleDocBytes instanceof Uint8Array ? this.moduleDocBytes : Buffer.from(this.moduleDocBytes.read(0, this.moduleDocBytes.byteLength)),
      'decl.notation': encoder.encode(JSON.stringify(this.notationEntries)),
    };
  }

  /**
   * Rebuild from stored sections, or from their lines where the loader split them already (`loadIndex`'s
   * `asLines`: DECL_STORE_LINE_SECTIONS); throws on malformed input (the caller turns that into a rebuild).
   */
  static fromSections(s: Record<string, Uint8Array>, stored: StoredText = {}): DeclStore {
    const need = (k: string) => {
      const v = s[k];
      if (!v) throw new Error(`index section ${k} is missing`);
      return v;
    };
    const text = (k: string) => sectionText(s, stored, k) ?? decoder.decode(need(k));
    const names = stored.lines?.['decl.names'] ?? decodeLines(need('decl.names'));
    const n = names.length;
    const kinds = need('decl.kinds');
    const flags = need('decl.flags');
    const moduleIdx = u32(need('decl.modules'));
    const lines = u32(need('decl.lines'));
    const textOffsets = u32(need('decl.textOffsets'));
    const modules = JSON.parse(text('decl.moduleInfo')) as ModuleInfo[];
    let moduleDocs: Uint8Array | FileSection | undefined = stored.onDisk?.['decl.moduleDocs'] ?? s['decl.moduleDocs'];
    if (!moduleDocs) {
      // Stores written before docs had their own section: take them out of the module list.
      moduleDocs = joinDocs(modules.map((m) => m.doc ?? ''));
      for (const m of modules) delete m.doc;
    }
    // Each import is a copy of a module's name: share the one string (~100k imports in Mathlib).
    const canonical = new Map(modules.map((m) => [m.name, m.name] as const));
    for (const m of modules) if (Array.isArray(m.imports)) m.imports = m.imports.map((x) => canonical.get(x) ?? x);
    if (kinds.length !== n || flags.length !== n || moduleIdx.length !== n || lines.length !== n || textOffsets.length !== n * SLOTS + 1) {
      throw new Error('index declaration sections disagree in length');
    }
    const akaText = sectionText(s, stored, 'decl.aka');
    const aka = akaText !== undefined ? (JSON.parse(akaText) as [number, string][]).filter((e) => Array.isArray(e) && e[0] >= 0 && e[0] < n && typeof e[1] === 'string') : [];
    const declText = stored.onDisk?.['decl.text'] ?? need('decl.text');
    if (textOffsets[n * SLOTS] !== declText.byteLength) throw new Error('index declaration text disagrees with its offsets');
    const notationText = sectionText(s, stored, 'decl.notation');
    const notations = notationText !== undefined ? (JSON.parse(notationText) as [number, NotationPieces][]).filter((e) => Array.isArray(e) && e[0] >= 0 && e[0] < n && Array.isArray(e[1])) : [];
    return new DeclStore(names, kinds, flags, moduleIdx, lines, declText, textOffsets, modules, aka, moduleDocs, notations);
  }
}

/** Sections `DeclStore.fromSections` only reads as text: loaded as lines (see `loadIndex`'s `asLines`). */
export const DECL_STORE_LINE_SECTIONS = ['decl.names', 'decl.moduleInfo', 'decl.aka'];
/** Sections `DeclStore.fromSections` reads a few bytes at a time: left in the file (`loadIndex`'s `onDisk`). */
export const DECL_STORE_DISK_SECTIONS = ['decl.text', 'decl.moduleDocs'];

/** What `loadIndex` gave besides whole sections: some split into lines, some left in the file. */
export interface StoredText {
  lines?: Record<string, string[]>;
  onDisk?: Record<string, FileSection>;
}

/** A text section as the loader gave it: its lines joined again, or its bytes decoded (undefined when absent). */
export function sectionText(s: Record<string, Uint8Array>, stored: StoredText, name: string): string | undefined {
  const lines = stored.lines?.[name];
  if (lines) return lines.join('\n');
  return s[name] ? decoder.decode(s[name]) : undefined;
}

/** A bold name used in more modules than this is a label ("**Implementation note**"), not the name of a result: a
 *  famous name is used by many docstrings of a few modules (**Taylor's theorem**: ten, in two). */
const MAX_BOLD_NAME_MODULES = 8;

/**
 * Names a declaration goes by, beyond its own: the bold phrases of its docstring or of the module-doc prose about it
 * (`**Pythagorean theorem**`: how Mathlib names famous results), of two or more words and not common labels, and
 * what the package's docs call it (`Declaration.aka`).
 */
export function namedAs(decls: readonly Declaration[]): [number, string][] {
  const bold = (text: string | undefined) => (text && text.includes('**') ? [...text.matchAll(/\*\*([^*\n]{3,80})\*\*/g)].map((m) => m[1].trim()) : []);
  const items = (d: Declaration) => [...bold(d.doc), ...bold(d.prose), ...otherNames(d.doc)];
  // Only the few declarations with bold names or docs' names are looked at twice; each phrase is keyed once.
  const named: { i: number; bold: { text: string; key: string }[] }[] = [];
  const modulesUsing = new Map<string, Set<string>>();
  decls.forEach((d, i) => {
    const texts = [...new Set(items(d))];
    const keyed = texts.map((text) => ({ text, key: phraseKey(text) })).filter((b) => b.key.includes(' '));
    for (const b of keyed) {
      const modules = modulesUsing.get(b.key) ?? new Set<string>();
      modules.add(d.module);
      modulesUsing.set(b.key, modules);
    }
    if (keyed.length || d.aka || d.tags) named.push({ i, bold: keyed });
  });
  const out: [number, string][] = [];
  for (const { i, bold: keyed } of named) {
    const names = keyed.filter((b) => (modulesUsing.get(b.key)?.size ?? 0) <= MAX_BOLD_NAME_MODULES).map((b) => b.text);
    const aka = decls[i].aka;
    if (aka) names.push(aka);
    if (decls[i].tags) names.push(...decls[i].tags!);
    if (names.length) out.push([i, names.join('\n')]);
  }
  return out;
}

/** How a docstring's first sentence names what it documents otherwise: "A T₂ space, also known as a Hausdorff space, is
 *  …" → "Hausdorff space"; a name of two to five words, not what follows it ("… in the literature"). */
const OTHER_NAME = /\b(?:also known as|also called|sometimes called|otherwise known as|a\.k\.a\.?)\s+(?:an?\s+|the\s+)?([^,.;:()`$\n]{3,60}?)(?=\s*(?:[,.;:()`$\n]|-\/|$)|\s+(?:in|or|and|is|are|which|that|for|when|where|of\s+the\s+family)\b)/gi;

export function otherNames(doc: string | undefined): string[] {
  if (!doc || !/known as|called|a\.k\.a/i.test(doc)) return [];
  const first = doc.replace(/\s+/g, ' ').split(/(?<=[.!?])\s/)[0];
  const out: string[] = [];
  for (const m of first.matchAll(OTHER_NAME)) {
    const name = m[1].replace(/[*"“”_]/g, '').trim().replace(/(?:\s+(?:of|the|an?|to|for|by|with|on))+$/i, '');
    const words = name.split(/\s+/);
    if (words.length >= 2 && words.length <= 5 && /^[\p{L}\p{N}' -]+$/u.test(name)) out.push(name);
  }
  return out;
}

/** Texts joined by NUL (one more NUL at the end), UTF-8: one entry per text, '' included. */
function joinDocs(docs: string[]): Uint8Array {
  return docs.length ? encoder.encode(docs.map((d) => d.replace(/\0/g, ' ')).join('\0') + '\0') : new Uint8Array(0);
}

/** Offsets where each NUL-terminated entry starts, plus the end (entries + 1 values); `bytes` ends with a NUL. Read
 *  piece by piece where the bytes are left in the index file. */
function entryStarts(bytes: Uint8Array | FileSection): Uint32Array {
  const starts = [0];
  const scan = (piece: Uint8Array, offset: number) => {
    for (let i = piece.indexOf(0); i >= 0; i = piece.indexOf(0, i + 1)) starts.push(offset + i + 1);
  };
  if (bytes instanceof Uint8Array) scan(bytes, 0);
  else for (let at = 0; at < bytes.byteLength; at += PIECE_BYTES) scan(bytes.read(at, Math.min(at + PIECE_BYTES, bytes.byteLength)), at);
  return Uint32Array.from(starts);
}

/** Whether a section left in the file holds just these bytes (compared piece by piece). */
function sameBytes(stored: FileSection | undefined, bytes: Uint8Array): stored is FileSection {
  if (!stored || stored.byteLength !== bytes.byteLength) return false;
  for (let at = 0; at < bytes.byteLength; at += PIECE_BYTES) {
    const end = Math.min(at + PIECE_BYTES, bytes.byteLength);
    if (!stored.read(at, end).equals(bytes.subarray(at, end))) return false;
  }
  return true;
}

/** A phrase compared loosely: case, accents, possessives, punctuation and a leading article do not matter. */
export function phraseKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:the|a|an) /, '');
}

/** A name's head, the words before the qualifier that follows it ("**Radon's theorem on convex sets**", "**Compactness
 *  Theorem of first-order logic**", "Cauchy's theorem (group theory)"), as a phrase key; undefined when the name has no
 *  qualifier or its head is one word. People call a result by its head. */
export function phraseHead(text: string): string | undefined {
  const m = /^(.+?)(?:\s+(?:on|of|for|in|over|with|about)\s|\s*[(,:;–—])/i.exec(text);
  if (!m) return undefined;
  const key = phraseKey(m[1]);
  return key.includes(' ') ? key : undefined;
}

/** Linking words do not make two names alike ("theorem of algebra", "theorem of arithmetic"). */
const PHRASE_STOP = new Set(['of', 'the', 'a', 'an', 'for', 'on', 'in', 'and', 'to', 'with']);

/** A phrase key's distinct words without linking words, a plural's `s` dropped ("formulas" ~ "formula"). */
export function phraseWords(key: string): string[] {
  const out = new Set<string>();
  for (const w of key.split(' ')) if (w && !PHRASE_STOP.has(w)) out.add(w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w);
  return [...out];
}

/**
 * Split UTF-8 bytes at newlines into separate strings. Decoding the whole text and splitting it would give
 * slices that keep one two-byte string alive (one non-Latin-1 name makes all of it two bytes per char);
 * one flat string per line keeps the ASCII names at one byte per char: about half the memory.
 */
export function decodeLines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  if (bytes.length === 0) return out;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  let ascii = true;
  for (let i = 0; i <= buf.length; i++) {
    const b = i < buf.length ? buf[i] : 10;
    if (b === 10) {
      out.push(start === i ? '' : ascii ? buf.toString('latin1', start, i) : buf.toString('utf8', start, i));
      start = i + 1;
      ascii = true;
    } else if (b >= 0x80) ascii = false;
  }
  return out;
}

export function bytesOf(a: Uint32Array | Float32Array | Uint16Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A Uint32Array view of stored bytes (copied when the bytes are not 4-aligned). */
export function u32(b: Uint8Array): Uint32Array {
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  return new Uint32Array(b.slice().buffer, 0, b.byteLength >> 2);
}
export function u16(b: Uint8Array): Uint16Array {
  if (b.byteOffset % 2 === 0) return new Uint16Array(b.buffer, b.byteOffset, b.byteLength >> 1);
  return new Uint16Array(b.slice().buffer, 0, b.byteLength >> 1);
}
export function f32(b: Uint8Array): Float32Array {
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  return new Float32Array(b.slice().buffer, 0, b.byteLength >> 2);
}

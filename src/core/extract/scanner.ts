// A fast line/token scanner for Lean 4 declarations. It does not parse Lean (nothing in JS can
// elaborate it); it recognises commands at the start of a line — namespaces, sections, attributes,
// modifiers and declaration keywords — and reads each header up to `:=` / `where` / `|` at bracket
// depth 0. Comments and strings are masked first (see lexer.ts), so nothing inside them counts.
// Never throws: malformed input yields fewer declarations and a `problems` note.
import type { Declaration, DeclKind, ModuleInfo } from '../types';
import { moduleProseOn, simpsLemmasOn } from './project';
import { DOC_MARK, STR_MARK, lex, restoreStrings, type Lexed } from './lexer';
import { notationsSaidIn, readNotation, type NotationPieces } from './notation';
import { OF_BINDERS, OF_BINDER_CLASS, composeInstanceName, instanceNameParts, notationHead, type InstanceNameParts } from './instanceName';
import { EMPTY_RULES, additiveNotation, dualNotation, guessName, nameComponents, targetName, translateText, type GuessNameData, type NamingRules } from './translate';
import { additiveSignature, extendEnv, groupEntries, parseReorder, toFunSignature, variableBinders, type Env, type Reorder } from './statement';
import { atomsOf, clearTermCaches, tokenize } from './leanTerm';
import { matchingBracket, relationsTurnedAround, splitTopColon } from '../statement';
import { extIffLemma, fieldParts, projectionHead, reassocLemma, structureExtLemmas, structureMkIffLemma } from './attrLemmas';
import { parseProjectionRules, simpsLemmas, type PendingSimps, type SimpsBody, type SimpsInit, type StructureInfo } from './simps';
import { proseOfModuleDocs } from './prose';

const guessNameField = (g: GuessNameData, f: string) => guessName(g, f);
/** Constants of statements never translated (types and sorts): not worth checking against the project's translations. */
const KEEP_CONSTANT = /^(?:Type\*?|Sort\*?|Prop|True|False|Set|Finset|Fin|List|Multiset|Function\..*|Nat\..*|Int\..*|ite|dite|id|fun|max|min|Real\..*)$/;

export const MAX_SIGNATURE = 600;
const MAX_DOC = 2000;
/** A module's doc blocks together (Mathlib: 5.7 MB in 7,510 files; 446 first blocks alone pass 2,000 characters). */
const MAX_MODULE_DOC = 8000;
const MAX_HEADER = 6000;
/** `@[ext (iff := false)]`: no `ext_iff` lemma. */
export const NO_EXT_IFF = /\biff\s*:=\s*false\b/;
/** Characters of a definition's body kept in `Declaration.body`. */
export const MAX_BODY = 200;
const BODY_KINDS = new Set<DeclKind>(['def', 'abbrev', 'instance', 'opaque']);

export interface ExtractFileOptions {
  module: string;
  file: string;
  pkg: string;
  /** `to_additive` / `to_dual` dictionaries (from the project's Mathlib); without them no twins are made. */
  rules?: NamingRules;
  /**
   * When given, every identifier of the file's code (comments and strings excluded) is counted here,
   * as written (`mul_comm`, `Finset.sum_comm`, `h.trans`): a popularity prior for ranking.
   */
  usageSink?: Map<string, number>;
  /**
   * The project-wide resolution (extractProject) follows: keep provisional twins whose name still equals their
   * source's (a namespace translated in another file renames them there). Without it they are left out.
   */
  resolveLater?: boolean;
  /** The result is copied out of this thread (a worker's postMessage): its strings need no detaching (see detachStrings). */
  copiedOut?: boolean;
}

/** A generated twin whose final name needs the project-wide translation table (see extractProject). */
export interface PendingTranslation {
  /** Index of the twin in `decls`. */
  index: number;
  attr: string;
  /** Full name of the source declaration (or candidates, for `attribute [to_additive] foo`). */
  src: string;
  srcCandidates?: string[];
  explicit?: string;
  /** Constants of the statement whose names were guessed (`[from, to]`): put back where `to` names nothing. */
  renamed?: [string, string][];
}

/** An alias whose target is resolved against all declarations later (its signature is copied). */
export interface PendingAlias {
  index: number;
  candidates: string[];
}

/** A notation and the full names its head constant may denote, most specific first. */
export interface PendingNotation {
  pieces: NotationPieces;
  candidates: string[];
}

/** An attribute that adds lemmas (`ext`, `reassoc`), applied here to a declaration of another file. */
export interface PendingAttributeLemmas {
  /** The attribute names and their text (`(iff := false)`). */
  names: string[];
  attrText: string;
  /** Full names the written one may denote, most specific first. */
  candidates: string[];
  line: number;
}

export interface FileExtraction {
  decls: Declaration[];
  module: ModuleInfo;
  problems?: string[];
  translations?: PendingTranslation[];
  aliases?: PendingAlias[];
  /** Indexes of instances whose name was generated (Lean adds `_1`, `_2` when such a name is taken). */
  unnamedInstances?: number[];
  /** For some of `unnamedInstances` (same order, `undefined` elsewhere): the pieces of their names. */
  instanceParts?: ((InstanceNameParts & { ns: string }) | null)[];
  /** `attribute [ext] foo` / `attribute [reassoc] foo` naming a declaration of another file: resolved project-wide. */
  attributeLemmas?: PendingAttributeLemmas[];
  /** Notation declared here, for the declaration it unfolds to (resolved project-wide: it may be another file's). */
  notations?: PendingNotation[];
  /** `insert_to_additive_translation A B`-style entries: attr → [src, tgt]. */
  insertedTranslations?: { attr: string; src: string; tgt: string }[];
  /** Structures and classes declared here: parents and own fields (for `@[simps]` projections). */
  structures?: StructureInfo[];
  /** `initialize_simps_projections` commands. */
  simpsInits?: SimpsInit[];
  /** `@[simps]` declarations whose lemmas need the project-wide structure table (see extractProject). */
  simps?: PendingSimps[];
}

const DECL_KEYWORDS: Record<string, DeclKind | 'skip'> = {
  theorem: 'theorem', lemma: 'theorem', def: 'def', abbrev: 'abbrev', instance: 'instance', class: 'class',
  structure: 'structure', inductive: 'inductive', coinductive: 'inductive', axiom: 'axiom', opaque: 'opaque', alias: 'alias',
  irreducible_def: 'def', example: 'skip',
};
const MODIFIERS = new Set(['private', 'protected', 'noncomputable', 'partial', 'unsafe', 'nonrec', 'public', 'meta', 'scoped', 'local']);
const PREFIX_COMMANDS = /^(?:open|set_option|variable|include|omit|universe)\b[^\n]*?\s+in\b/;
/** First words that start a new command (used to end headers that have no `:=`). */
const COMMAND_WORDS = new Set([
  ...Object.keys(DECL_KEYWORDS), ...MODIFIERS, 'namespace', 'section', 'end', 'open', 'variable', 'universe', 'mutual', 'attribute',
  'set_option', 'notation', 'infix', 'infixl', 'infixr', 'prefix', 'postfix', 'macro', 'macro_rules', 'syntax', 'elab', 'elab_rules',
  'deriving', 'initialize', 'builtin_initialize', 'export', 'import', 'include', 'omit', 'add_decl_doc', 'library_note', 'assert_not_exists',
  'suppress_compilation', 'compile_inductive', 'run_cmd', 'unseal', 'seal', 'declare_syntax_cat', 'insert_to_additive_translation',
  'initialize_simps_projections',
]);

/** Commands that declare notation (see notation.ts). */
const NOTATION_KEYWORDS = ['notation', 'notation3', 'infix', 'infixl', 'infixr', 'prefix', 'postfix'];

/** Words that can begin a command this scanner cares about. */
const FIRST_WORDS = new Set([
  ...Object.keys(DECL_KEYWORDS), ...MODIFIERS, 'class', 'namespace', 'section', 'end', 'mutual', 'import', 'attribute',
  'open', 'set_option', 'variable', 'include', 'omit', 'universe', 'insert_to_additive_translation', 'insert_to_dual_translation',
  'initialize_simps_projections', ...NOTATION_KEYWORDS,
]);
const NAME_AT = /(?:[^\s()\[\]{}⦃⦄⟨⟩:,@|«»]|«[^»]*»)+/y;
const WORD_AT = /[A-Za-z_][A-Za-z0-9_!?']*/y;
const OPENERS = '([{⦃⟨⟪';
const CLOSERS = ')]}⦄⟩⟫';
/** +1 for an opening bracket, -1 for a closing one, 0 otherwise (by UTF-16 code unit). */
export function bracketDelta(c: number): number {
  switch (c) {
    case 40: case 91: case 123: case 0x2983: case 0x27e8: case 0x27ea:
      return 1;
    case 41: case 93: case 125: case 0x2984: case 0x27e9: case 0x27eb:
      return -1;
    default:
      return 0;
  }
}

const NEEDS_COLLAPSE = /\s\s|[\t\n\r]/;
function collapse(s: string): string {
  return NEEDS_COLLAPSE.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // do not split a surrogate pair
  return s.slice(0, cut) + '…';
}

const IDENT = /[A-Za-z_][A-Za-z0-9_'.!?₀-₉]*/g;
/** Count identifiers that look like constant names (dotted or snake_case or capitalised). */
function countIdentifiers(code: string, sink: Map<string, number>): void {
  IDENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IDENT.exec(code)) !== null) {
    let w = m[0];
    if (w.length < 3) continue;
    if (w.charCodeAt(w.length - 1) === 46) w = w.slice(0, -1);
    const n = sink.get(w);
    if (n === undefined) sink.set(detach(w), 1); // a new key must not keep the file's text alive
    else sink.set(w, n + 1);
  }
}

/** A copy of `s` that does not share storage with the string it was cut from. */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

let defaultNamingRules: NamingRules = EMPTY_RULES;
/**
 * Rules used by extractFile when its options give none. extractProject sets them from the project it
 * reads, so re-extracting one saved file afterwards produces the same twins as the full run.
 */
export function setDefaultNamingRules(rules: NamingRules): void {
  defaultNamingRules = rules;
}

export function extractFile(text: string, opts: ExtractFileOptions): FileExtraction {
  try {
    let source = typeof text === 'string' ? text : String(text ?? '');
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1); // byte-order mark
    return new FileScanner(source, opts).run();
  } catch (e) {
    // A scanner bug must never take the whole index down: report and return what we have not.
    return {
      decls: [],
      module: { name: opts.module, file: opts.file, pkg: opts.pkg, imports: [] },
      problems: [`scanner failed: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
}

interface Scope {
  kind: 'namespace' | 'section' | 'mutual';
  name: string;
  /** Texts of the `variable` commands of this scope (binders), in order. */
  vars?: string[];
  /** `attribute [local push ←] Function.comp_def` holds here (`to_fun` writes `g ∘ f` as `fun x => g (f x)`). */
  pullComp?: boolean;
}

interface Header {
  /** Offset just after the declared name (start of binders). */
  start: number;
  /** Offset of the terminator (or end of header). */
  end: number;
  term: ':=' | 'where' | '|' | 'none';
}

class FileScanner {
  private lexed: Lexed;
  private code: string;
  private lineStarts: number[] = [];
  private scopes: Scope[] = [];
  /** `variable` commands outside any section or namespace. */
  private rootVars: string[] = [];
  private rootPullComp = false;
  private decls: Declaration[] = [];
  private translations: PendingTranslation[] = [];
  private attributeLemmas: PendingAttributeLemmas[] = [];
  private notations: PendingNotation[] = [];
  private aliases: PendingAlias[] = [];
  private inserted: { attr: string; src: string; tgt: string }[] = [];
  private unnamedInstances: number[] = [];
  /** Name pieces of unnamed instances with instance binders (by declaration index), for the project-wide `Of…` rule. */
  private instanceParts = new Map<number, InstanceNameParts & { ns: string }>();
  private structures: StructureInfo[] = [];
  /** `attr src` → twin name, for the namespaces of later twins of this file (`MulEquiv.refl` → `AddEquiv.refl`). */
  private fileTranslations = new Map<string, string>();
  private simpsInits: SimpsInit[] = [];
  private pendingSimps: PendingSimps[] = [];
  /** Field values of the definition being read, for the statements of its `@[simps]` lemmas. */
  private simpsBody: SimpsBody | undefined;
  private instanceNames = new Set<string>();
  /** Generated instance name → the suffix to try next (every smaller one is taken), so n equal names cost O(n). */
  private instanceSuffix = new Map<string, number>();
  private problems: string[] = [];
  private imports: string[] = [];
  private rules: NamingRules;

  constructor(
    text: string,
    private opts: ExtractFileOptions,
  ) {
    this.lexed = lex(text);
    this.code = this.lexed.code;
    this.problems.push(...this.lexed.problems);
    this.rules = opts.rules ?? defaultNamingRules;
    const code = this.code;
    this.lineStarts.push(0);
    for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /**
   * Give every string we keep its own storage. Substrings of the file text share the whole file in V8
   * (sliced strings), so 265k small names and signatures would otherwise keep ~2 copies of every
   * source file alive (~340 MB for Mathlib). Concatenate-then-slice forces a flat copy.
   */
  private detachStrings(): void {
    for (const d of this.decls) {
      d.name = detach(d.name);
      d.signature = detach(d.signature);
      if (d.doc) d.doc = detach(d.doc);
      if (d.prose) d.prose = detach(d.prose);
      if (d.body) d.body = detach(d.body);
      if (d.generatedFrom) d.generatedFrom = detach(d.generatedFrom);
      if (d.attrs) d.attrs = d.attrs.map(detach);
      if (d.deprecated) {
        if (d.deprecated.replacement) d.deprecated.replacement = detach(d.deprecated.replacement);
        if (d.deprecated.since) d.deprecated.since = detach(d.deprecated.since);
      }
    }
    for (const t of this.translations) {
      t.src = detach(t.src);
      if (t.explicit) t.explicit = detach(t.explicit);
      if (t.srcCandidates) t.srcCandidates = t.srcCandidates.map(detach);
    }
    for (const a of this.aliases) a.candidates = a.candidates.map(detach);
    for (const [k, p] of this.instanceParts) {
      this.instanceParts.set(k, {
        base: detach(p.base),
        ...(p.head ? { head: detach(p.head) } : {}),
        ofs: p.ofs.map((o) => ({ cls: detach(o.cls), part: detach(o.part) })),
        ns: detach(p.ns),
      });
    }
    for (const st of this.structures) {
      st.name = detach(st.name);
      st.parents = st.parents.map(detach);
      st.ns = st.ns.map(detach);
      for (const f of st.fields) {
        f.name = detach(f.name);
        f.type = detach(f.type);
      }
    }
    for (const si of this.simpsInits) {
      si.struct = detach(si.struct);
      si.ns = si.ns.map(detach);
      si.rules = si.rules.map((r) => (r.kind === 'rename' ? { kind: r.kind, from: detach(r.from), to: detach(r.to) } : { kind: r.kind, name: detach(r.name) }));
    }
    for (const ps of this.pendingSimps) {
      ps.ns = ps.ns.map(detach);
      ps.projs = ps.projs.map(detach);
      ps.attrs = ps.attrs.map(detach);
      for (const f of ps.body?.fields ?? []) {
        f.name = detach(f.name);
        f.binders = detach(f.binders);
        f.value = detach(f.value);
      }
      if (ps.body?.items) ps.body.items = ps.body.items.map(detach);
    }
    for (const i of this.inserted) {
      i.src = detach(i.src);
      i.tgt = detach(i.tgt);
    }
    this.imports = this.imports.map(detach);
  }

  run(): FileExtraction {
    const code = this.code;
    const n = this.lineStarts.length;
    let li = 0;
    while (li < n) {
      const start = this.lineStarts[li];
      let p = start;
      while (p < code.length && (code.charCodeAt(p) === 32 || code.charCodeAt(p) === 9)) p++;
      const c = code.charCodeAt(p);
      if (p >= code.length || c === 10 || c === 13) {
        li++;
        continue;
      }
      // Cheap filter: a command starts with `@[`, a docstring marker or one of a few words; proof
      // lines (`simp`, `rw [...]`, `exact`) are by far the most common lines and are skipped here.
      if (c !== 64 && c !== 1) {
        if (!(c >= 97 && c <= 122)) {
          li++;
          continue;
        }
        WORD_AT.lastIndex = p;
        const w = WORD_AT.exec(code);
        if (!w || !FIRST_WORDS.has(w[0])) {
          li++;
          continue;
        }
      }
      const end = this.command(p, p - start);
      // A command that ends exactly at a line start (a structure body) has not consumed that line.
      const endLi = this.lineOf(end);
      const nextLi = this.lineStarts[endLi] === end && end > start ? endLi : endLi + 1;
      li = nextLi > li ? nextLi : li + 1;
    }
    if (!this.opts.resolveLater) this.dropUnresolvedTwins();
    if (moduleProseOn()) for (const [i, text] of proseOfModuleDocs(this.lexed.moduleDocs, this.decls.map((d) => d.name))) this.decls[i].prose = text;
    if (!this.opts.copiedOut) this.detachStrings();
    clearTermCaches(); // statements parsed for this file's generated declarations
    if (this.opts.usageSink) countIdentifiers(this.code, this.opts.usageSink);
    // A file's doc is all its `/-! … -/` blocks (the first says what the file is; later ones head its sections).
    const moduleDoc = this.lexed.moduleDocs.length ? detach(clip(this.lexed.moduleDocs.join('\n\n'), MAX_MODULE_DOC)) : undefined;
    const result: FileExtraction = {
      decls: this.decls,
      module: {
        name: this.opts.module,
        file: this.opts.file,
        pkg: this.opts.pkg,
        imports: this.imports,
        ...(moduleDoc ? { doc: moduleDoc } : {}),
      },
    };
    if (this.problems.length) result.problems = this.problems;
    if (this.translations.length) result.translations = this.translations;
    if (this.attributeLemmas.length) result.attributeLemmas = this.attributeLemmas;
    // …and notation its prose states by example ("`∑ x ∈ s, f x` is notation for `Finset.sum s f`": notation made by
    // `syntax` and `macro_rules`, which is code rather than a term to read)
    for (const doc of [...this.lexed.docs, ...this.lexed.moduleDocs])
      for (const said of notationsSaidIn(doc)) this.notations.push({ pieces: said.pieces, candidates: [said.head] });
    if (this.notations.length) result.notations = this.notations;
    if (this.aliases.length) result.aliases = this.aliases;
    if (this.inserted.length) result.insertedTranslations = this.inserted;
    if (this.structures.length) result.structures = this.structures;
    if (this.simpsInits.length) result.simpsInits = this.simpsInits;
    if (this.pendingSimps.length) result.simps = this.pendingSimps;
    if (this.unnamedInstances.length) {
      result.unnamedInstances = this.unnamedInstances;
      if (this.instanceParts.size) result.instanceParts = this.unnamedInstances.map((i) => this.instanceParts.get(i) ?? null);
    }
    return result;
  }

  /** Twins still named like their source (no resolution follows): left out, and the indexes that point past them fixed. */
  private dropUnresolvedTwins(): void {
    const drop = new Set<number>();
    for (const t of this.translations) {
      const d = this.decls[t.index];
      if (d && d.name === t.src && !t.explicit && !t.srcCandidates) drop.add(t.index);
    }
    if (!drop.size) return;
    const map = new Map<number, number>();
    const kept: Declaration[] = [];
    this.decls.forEach((d, i) => {
      if (drop.has(i)) return;
      map.set(i, kept.length);
      kept.push(d);
    });
    this.decls = kept;
    this.translations = this.translations.filter((t) => !drop.has(t.index)).map((t) => ({ ...t, index: map.get(t.index)! }));
    this.aliases = this.aliases.filter((a) => map.has(a.index)).map((a) => ({ ...a, index: map.get(a.index)! }));
    this.unnamedInstances = this.unnamedInstances.filter((i) => map.has(i)).map((i) => map.get(i)!);
    this.instanceParts = new Map([...this.instanceParts].filter(([i]) => map.has(i)).map(([i, p]) => [map.get(i)!, p]));
    this.pendingSimps = this.pendingSimps.filter((p) => map.has(p.index)).map((p) => ({ ...p, index: map.get(p.index)! }));
  }

  private lineOf(offset: number): number {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private skipWs(p: number): number {
    const code = this.code;
    while (p < code.length && isSpace(code.charCodeAt(p))) p++;
    return p;
  }

  private wordAt(p: number): string {
    WORD_AT.lastIndex = p;
    const m = WORD_AT.exec(this.code);
    return m ? m[0] : '';
  }

  private nameAt(p: number): string {
    NAME_AT.lastIndex = p;
    const m = NAME_AT.exec(this.code);
    return m ? m[0] : '';
  }

  /** Index of the bracket closing the one at `p`, or -1. Handles all bracket kinds together. */
  private matchBracket(p: number, limit = 20000): number {
    const code = this.code;
    let depth = 0;
    const stop = Math.min(code.length, p + limit);
    for (let i = p; i < stop; i++) {
      const bd = bracketDelta(code.charCodeAt(i));
      if (bd > 0) depth++;
      else if (bd < 0) {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }

  /** The current namespace, cached until the scopes change (deeply nested files stay linear). */
  private nsCache: { name: string; comps: string[] } | undefined;
  private currentNamespace(): { name: string; comps: string[] } {
    if (!this.nsCache) {
      const comps: string[] = [];
      for (const s of this.scopes) if (s.kind === 'namespace') comps.push(s.name);
      this.nsCache = { name: comps.join('.'), comps };
    }
    return this.nsCache;
  }
  private namespace(): string {
    return this.currentNamespace().name;
  }
  private namespaceComponents(): string[] {
    return this.currentNamespace().comps.slice();
  }

  private fullName(declared: string, ns = this.namespace()): string {
    const plain = declared.replace(/«([^»]*)»/g, (m, inner: string) => (/^[A-Za-z_][\w'!?]*$/.test(inner) ? inner : m));
    if (plain.startsWith('_root_.')) return plain.slice(7);
    return ns ? `${ns}.${plain}` : plain;
  }

  /** Parse one command starting at `p` (first non-blank of a line); returns the offset where it ends. */
  private command(p: number, indent: number): number {
    const code = this.code;
    let doc: string | undefined;
    const attrs: string[] = [];
    // docstring marker(s)
    while (code.charCodeAt(p) === 1) {
      const close = code.indexOf(DOC_MARK, p + 1);
      if (close === -1) return p + 1;
      doc = this.lexed.docs[Number(code.slice(p + 1, close))];
      p = this.skipWs(close + 1);
    }
    for (let guard = 0; guard < 50; guard++) {
      if (code.charCodeAt(p) === 64 /* @ */ && code[p + 1] === '[') {
        const close = this.matchBracket(p + 1);
        if (close === -1) {
          this.problems.push(`unclosed attribute at line ${this.lineOf(p) + 1}`);
          return p + 2;
        }
        attrs.push(this.attributeText(code.slice(p + 2, close)));
        p = this.skipWs(close + 1);
        continue;
      }
      const c0 = code.charCodeAt(p);
      if (c0 !== 111 /* o */ && c0 !== 115 /* s */ && c0 !== 118 /* v */ && c0 !== 105 /* i */ && c0 !== 117 /* u */) break;
      const eol = code.indexOf('\n', p);
      const pm = PREFIX_COMMANDS.exec(code.slice(p, eol === -1 ? code.length : eol));
      if (pm && !pm[0].includes('\n')) {
        p = this.skipWs(p + pm[0].length);
        continue;
      }
      break;
    }
    const modifiers: string[] = [];
    let word = this.wordAt(p);
    while (MODIFIERS.has(word)) {
      modifiers.push(word);
      p = this.skipWs(p + word.length);
      if (code.charCodeAt(p) === 64 && code[p + 1] === '[') {
        // `private @[simp] theorem` is not valid Lean, but `scoped[NS]` is: skip the bracket
        const close = this.matchBracket(p + 1);
        if (close === -1) return p;
        p = this.skipWs(close + 1);
      } else if (code[p] === '[' && (word === 'scoped' || word === 'local')) {
        const close = this.matchBracket(p);
        if (close === -1) return p;
        p = this.skipWs(close + 1);
      }
      word = this.wordAt(p);
    }
    const after = p + word.length;
    if (word === 'namespace' || word === 'section' || word === 'mutual' || word === 'end') {
      this.nsCache = undefined;
      this.envCache = undefined;
    }
    switch (word) {
      case 'namespace': {
        const name = this.nameAt(this.skipWs(after));
        for (const comp of nameComponents(name)) if (comp) this.scopes.push({ kind: 'namespace', name: comp });
        return after;
      }
      case 'section':
        this.scopes.push({ kind: 'section', name: this.sameLineName(after) });
        return after;
      case 'mutual':
        this.scopes.push({ kind: 'mutual', name: '' });
        return after;
      case 'end': {
        const name = this.sameLineName(after);
        const count = name ? nameComponents(name).length : 1;
        for (let k = 0; k < count && this.scopes.length; k++) this.scopes.pop();
        return after;
      }
      case 'import':
        this.readImports(after);
        return after;
      case 'initialize_simps_projections': {
        const h = this.header(after, indent);
        const text = collapse(code.slice(after, h.end)).replace(/^\?\s*/, '');
        const m = /^([^\s(]+)\s*(?:\(([\s\S]*)\))?/.exec(text);
        if (m) this.simpsInits.push({ struct: m[1], ns: this.namespaceComponents(), rules: m[2] ? parseProjectionRules(m[2]) : [] });
        return h.end;
      }
      case 'variable': {
        // kept as text; read when a generated statement needs the types of section variables
        const h = this.header(after, indent);
        const text = collapse(restoreStrings(code.slice(after, h.end).replace(/\u0001\d+\u0001/g, ' '), this.lexed.strings));
        if (text) {
          const scope = this.scopes[this.scopes.length - 1];
          if (scope) (scope.vars ??= []).push(text);
          else this.rootVars.push(text);
          this.envCache = undefined;
        }
        return h.end;
      }
      case 'attribute':
        return this.attributeCommand(after);
      case 'notation':
      case 'notation3':
      case 'infix':
      case 'infixl':
      case 'infixr':
      case 'prefix':
      case 'postfix': {
        const h = this.header(after, indent);
        const text = restoreStrings(code.slice(after, h.end).replace(/\u0001\d+\u0001/g, ' '), this.lexed.strings);
        // (a `local` notation is this file's shorthand, not the library's)
        const read = modifiers.includes('local') ? undefined : readNotation(word, text);
        if (read) this.notations.push({ pieces: read.pieces, candidates: aliasCandidates(read.head, this.namespaceComponents()) });
        return h.end;
      }
      case 'insert_to_additive_translation':
      case 'insert_to_dual_translation': {
        const a = this.skipWs(after);
        const src = this.nameAt(a);
        const b = this.skipWs(a + src.length);
        const tgt = this.nameAt(b);
        if (src && tgt) {
          const attr = word === 'insert_to_additive_translation' ? 'to_additive' : 'to_dual';
          this.inserted.push({ attr, src, tgt });
          this.fileTranslations.set(`${attr} ${src}`, tgt);
        }
        return b + tgt.length;
      }
      default:
        break;
    }
    if (word === 'class' && this.wordAt(this.skipWs(after)) === 'inductive') {
      const q = this.skipWs(after);
      return this.declaration(q + 'inductive'.length, 'class', true, doc, attrs, modifiers, indent, p);
    }
    if (word === 'class' && this.wordAt(this.skipWs(after)) === 'abbrev') {
      const q = this.skipWs(after);
      return this.declaration(q + 'abbrev'.length, 'class', false, doc, attrs, modifiers, indent, p);
    }
    const kind = Object.prototype.hasOwnProperty.call(DECL_KEYWORDS, word) ? DECL_KEYWORDS[word] : undefined;
    if (!kind) return p;
    if (kind === 'skip') {
      const h = this.header(after, indent);
      return h.end;
    }
    return this.declaration(after, kind, false, doc, attrs, modifiers, indent, p);
  }

  /** Name on the rest of the line (for `section Foo` / `end Foo.Bar`), '' when none. */
  private sameLineName(p: number): string {
    const code = this.code;
    while (p < code.length && (code.charCodeAt(p) === 32 || code.charCodeAt(p) === 9)) p++;
    if (code.charCodeAt(p) === 10) return '';
    return this.nameAt(p);
  }

  private readImports(p: number): void {
    const eol = this.code.indexOf('\n', p);
    const line = this.code.slice(p, eol === -1 ? this.code.length : eol);
    for (const w of line.trim().split(/\s+/)) if (w && w !== 'all' && /^[A-Za-z_«]/.test(w)) this.imports.push(w.replace(/[«»]/g, ''));
  }

  /** Read a header from `p` to its terminator at depth 0, or to the next command. */
  private header(p: number, indent: number): Header {
    const code = this.code;
    const start = p;
    const limit = Math.min(code.length, p + MAX_HEADER);
    let depth = 0;
    let i = p;
    for (; i < limit; i++) {
      const cc = code.charCodeAt(i);
      if (cc === 10) {
        // A following line at the command's indentation that starts a command ends this header.
        let j = i + 1;
        while (j < code.length && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j++;
        const col = j - (i + 1);
        if (col <= indent) {
          const c2 = code.charCodeAt(j);
          if (c2 === 1 || (c2 === 64 && code[j + 1] === '[') || c2 === 35 /* # */) return { start, end: i, term: 'none' };
          const w = this.wordAt(j);
          if (w && COMMAND_WORDS.has(w)) return { start, end: i, term: 'none' };
          if (depth > 0 && col === 0 && w) depth = 0; // unbalanced brackets: resynchronise at column 0
        }
        continue;
      }
      const bd = bracketDelta(cc);
      if (bd > 0) depth++;
      else if (bd < 0) depth = depth > 0 ? depth - 1 : 0;
      else if (depth === 0) {
        if (cc === 58 /* : */ && code.charCodeAt(i + 1) === 61) return { start, end: i, term: ':=' };
        if (cc === 119 /* w */ && code.startsWith('where', i) && !isIdentCode(code.charCodeAt(i - 1)) && !isIdentCode(code.charCodeAt(i + 5))) {
          return { start, end: i, term: 'where' };
        }
        if (cc === 124 /* | */ && isSpace(code.charCodeAt(i + 1)) && (i === 0 || isSpace(code.charCodeAt(i - 1)))) return { start, end: i, term: '|' };
      }
    }
    return { start, end: i, term: 'none' };
  }

  /**
   * The start of a definition's body (after `:=` / `where`, or its `|` arms): up to MAX_BODY characters
   * of the lines that belong to the declaration (indented deeper than its keyword), whitespace collapsed.
   */
  private bodyText(h: Header, indent: number): string {
    const code = this.code;
    const from = h.end + (h.term === ':=' ? 2 : h.term === 'where' ? 5 : 0);
    const limit = Math.min(code.length, from + MAX_BODY * 4);
    let to = code.indexOf('\n', from);
    if (to === -1 || to > limit) to = limit;
    // Following lines while they are blank or indented past the declaration.
    while (to < limit) {
      let j = to + 1;
      while (j < code.length && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j++;
      if (j < code.length && code.charCodeAt(j) !== 10 && j - (to + 1) <= indent) break;
      const next = code.indexOf('\n', to + 1);
      to = next === -1 || next > limit ? limit : next;
    }
    if (to <= from) return '';
    const raw = code.slice(from, to).replace(/\u0001\d+\u0001/g, ' ');
    return clip(collapse(restoreStrings(raw, this.lexed.strings)), MAX_BODY);
  }

  /** Attribute arguments with strings restored and docstrings (`to_additive /-- doc -/`) as string literals. */
  private attributeText(raw: string): string {
    const withDocs = raw.indexOf(DOC_MARK) === -1 ? raw : raw.replace(/\u0001(\d+)\u0001/g, (_, i: string) => JSON.stringify(this.lexed.docs[Number(i)] ?? ''));
    return restoreStrings(withDocs, this.lexed.strings);
  }

  private signatureText(from: number, to: number): string {
    // Only the first MAX_SIGNATURE characters survive; do not collapse a 6000-character header for that.
    const raw = this.code.slice(from, Math.min(to, from + MAX_SIGNATURE * 4));
    return clip(collapse(restoreStrings(raw, this.lexed.strings)), MAX_SIGNATURE);
  }

  private declaration(
    p: number,
    kind: DeclKind,
    classInductive: boolean,
    doc: string | undefined,
    attrTexts: string[],
    modifiers: string[],
    indent: number,
    keywordAt: number,
  ): number {
    const code = this.code;
    const line = this.lineOf(keywordAt) + 1;
    const parsedAttrs = parseAttributes(attrTexts);
    const isPrivate = modifiers.includes('private');
    const isProtected = modifiers.includes('protected');
    p = this.skipWs(p);
    const ns = this.namespace();

    if (kind === 'alias') return this.aliasDecl(p, doc, parsedAttrs, isPrivate, isProtected, indent, line);

    let declared = '';
    if (kind === 'instance') {
      // `instance (priority := 100) name : T` — the priority is optional, the name too.
      if (code[p] === '(' && /^\(\s*priority\s*:=/.test(code.slice(p, p + 40))) {
        const close = this.matchBracket(p);
        if (close !== -1) p = this.skipWs(close + 1);
      }
      const w = this.nameAt(p);
      if (w && w !== 'where' && !/^[({\[⦃]/.test(w)) declared = w;
    } else {
      declared = this.nameAt(p);
      if (!declared) {
        this.problems.push(`declaration without a name at line ${line}`);
        return p;
      }
    }
    let afterName = p + declared.length;
    if (declared.endsWith('.') && code[afterName] === '{') {
      // explicit universe parameters: `def PMF.{u} (α : Type u)`
      const close = code.indexOf('}', afterName);
      if (close !== -1) {
        declared = declared.slice(0, -1);
        afterName = close + 1;
      }
    }
    const h = this.header(afterName, indent);
    const signature = this.signatureText(afterName, h.end);
    let name: string;
    let instParts: (InstanceNameParts & { ns: string }) | undefined;
    if (declared) name = this.fullName(declared, ns);
    else {
      const { binders, type } = splitTopColon(collapse(code.slice(afterName, h.end)));
      const parts = instanceNameParts(type, binders, this.namespaceComponents());
      // which binders are Prop-valued classes is known project-wide (extractProject); here the usual ones
      const base = composeInstanceName(parts, (cls) => OF_BINDERS && OF_BINDER_CLASS.test(cls));
      if (parts.ofs.some((o) => o.part)) instParts = { ...parts, ns };
      name = ns ? `${ns}.${base}` : base;
    }
    const attrs = [...parsedAttrs.names];
    if (kind === 'instance' && !attrs.includes('instance')) attrs.push('instance');
    const decl: Declaration = {
      name,
      kind,
      signature,
      module: this.opts.module,
      file: this.opts.file,
      line,
      pkg: this.opts.pkg,
    };
    if (doc) decl.doc = clip(doc, MAX_DOC);
    if (BODY_KINDS.has(kind) && h.term !== 'none') {
      const body = this.bodyText(h, indent);
      if (body) decl.body = body;
    }
    if (attrs.length) decl.attrs = attrs;
    // `@[stacks 09HY "…"]`, `@[kerodon 003A]`: the tag of the Stacks Project or Kerodon result it formalizes
    const tags = attrTexts.flatMap((t) => [...t.matchAll(/(?:^|[\s,])(stacks|kerodon)\s+([0-9A-Z]{4})\b/g)].map((m) => `${m[1] === 'stacks' ? 'Stacks' : 'Kerodon'} Tag ${m[2]}`));
    if (tags.length) decl.tags = [...new Set(tags)];
    if (parsedAttrs.deprecated) decl.deprecated = parsedAttrs.deprecated;
    if (isPrivate) decl.isPrivate = true;
    if (isProtected) decl.isProtected = true;
    const sourceIndex = this.decls.length;
    if (!declared && kind === 'instance') {
      // Lean's mkUnusedBaseName: a generated name already used in this file gets `_1`, `_2`, …
      const taken = this.instanceNames;
      if (taken.has(decl.name)) decl.name = nextUnusedName(decl.name, taken, this.instanceSuffix);
      this.unnamedInstances.push(sourceIndex);
      if (instParts) this.instanceParts.set(sourceIndex, instParts);
    }
    if (kind === 'instance') {
      this.instanceNames.add(decl.name);
    }
    this.decls.push(decl);

    // Children: structure/class fields and constructors, inductive constructors.
    let end = h.end;
    const children: Declaration[] = [];
    if (kind === 'structure' || (kind === 'class' && !classInductive)) {
      end = this.structureBody(decl, h, indent, children);
    } else if (kind === 'inductive' || classInductive) {
      end = this.inductiveBody(decl, h, indent, children);
    }
    for (const c of children) this.decls.push(c);
    if (parsedAttrs.names.includes('mk_iff') && (kind === 'structure' || kind === 'class') && !classInductive) {
      const named = attrTexts.map((t) => /(?:^|[\s,])mk_iff\s+([A-Za-z_][\w.'₀-₉]*)/u.exec(t)?.[1]).find(Boolean);
      this.addGenerated(structureMkIffLemma(decl, children, named, this.namespace(), this.variableTexts()));
    }
    if (parsedAttrs.names.includes('ext') && (kind === 'structure' || kind === 'class') && !classInductive) {
      const [ext, iff] = structureExtLemmas(decl, children, this.variableTexts());
      const iffToo = !attrTexts.some((t) => NO_EXT_IFF.test(t));
      this.addGenerated(ext);
      if (iffToo) this.addGenerated(iff);
    }

    const wantsSimps = !!parsedAttrs.simps || parsedAttrs.translations.some((t) => t.extraSimps);
    this.simpsBody = wantsSimps ? this.readSimpsBody(h, indent) : undefined;
    for (const t of parsedAttrs.translations) this.addTwins(t, sourceIndex, children.length);
    if (parsedAttrs.simps) this.addSimps(sourceIndex, parsedAttrs.simps, this.simpsBody);
    this.addAttributeLemmas(decl, parsedAttrs.names, attrTexts);
    if (parsedAttrs.toFun) {
      // `@[to_fun]`: `Continuous.mul` → `Continuous.fun_mul` (Lean's `appendBefore "fun_"`), stated pointwise
      // (`pull fun _ ↦ _`), with the attributes of `to_fun (attr := …)`.
      const funIndex = this.decls.length;
      const dot = decl.name.lastIndexOf('.');
      const funSig = toFunSignature(decl.signature, this.sectionEnv(), { comp: this.rootPullComp || this.scopes.some((sc) => sc.pullComp) });
      const funDecl: Declaration = {
        ...decl,
        name: `${decl.name.slice(0, dot + 1)}fun_${decl.name.slice(dot + 1)}`,
        signature: funSig !== undefined ? clip(funSig, MAX_SIGNATURE) : decl.signature,
        generatedFrom: decl.name,
        doc: `Eta-expanded form of \`${decl.name}\`` + (decl.doc ? `\n\n---\n\n${decl.doc}` : ''),
      };
      const funAttrs = [...new Set([...parsedAttrs.toFun.names, ...parsedAttrs.toFun.translations.flatMap((t) => t.extraAttrs)])].filter((a) => a !== 'to_fun');
      if (funAttrs.length) funDecl.attrs = funAttrs;
      else delete funDecl.attrs;
      if (!parsedAttrs.toFun.deprecated) delete funDecl.deprecated;
      this.decls.push(funDecl);
      for (const t of parsedAttrs.toFun.translations) this.addTwins(t, funIndex, 0);
    }
    return end;
  }

  /** Types of the section's variables (`variable {f g : X → M}`), for generated statements; cached per scope state. */
  private envCache: Env | undefined;
  private sectionEnv(): Env {
    if (!this.envCache) {
      const env: Env = new Map();
      for (const text of this.variableTexts()) {
        const groups = variableBinders(text);
        if (groups) extendEnv(env, groups);
      }
      this.envCache = env;
    }
    return this.envCache;
  }
  private variableTexts(): string[] {
    const out = [...this.rootVars];
    for (const sc of this.scopes) if (sc.vars) out.push(...sc.vars);
    return out;
  }

  /**
   * How many arguments the section's variables give a declaration with this signature: those it mentions, those
   * their types mention, and instance binders on them (Lean's inclusion rule for theorem statements).
   */
  private includedVariableCount(sig: string): number {
    const entries: { name?: string; atoms: Set<string> }[] = [];
    const seen = new Set<string>();
    for (const text of this.variableTexts()) {
      for (const g of variableBinders(text) ?? []) {
        const { names, type } = groupEntries(g);
        const atoms = type ? atomsOf(type) : new Set<string>();
        if (!names.length) {
          if (type) entries.push({ atoms });
          continue;
        }
        for (const n of names) {
          if (seen.has(n)) continue; // `variable {α}` after `variable (α : Type*)` updates the binder
          seen.add(n);
          entries.push({ name: n, atoms });
        }
      }
    }
    const mentioned = new Set<string>();
    for (const t of tokenize(sig) ?? []) if (t.kind === 'id') mentioned.add(t.t.split('.')[0]);
    const included = new Set<number>();
    for (let changed = true; changed; ) {
      changed = false;
      entries.forEach((e, i) => {
        if (included.has(i)) return;
        const use = e.name !== undefined ? mentioned.has(e.name) : [...e.atoms].some((a) => seen.has(a)) && [...e.atoms].every((a) => !seen.has(a) || mentioned.has(a));
        if (use) {
          included.add(i);
          for (const a of e.atoms) mentioned.add(a);
          changed = true;
        }
      });
    }
    return included.size;
  }

  /** `(reorder := …)` cycles over all arguments, shifted to the declaration's own binders (cycles on variables dropped). */
  private ownReorder(reorder: Reorder, sig: string): Reorder | undefined {
    const vars = new Set(this.sectionEnv().keys());
    const v = reorder.some((c) => c.some((x) => typeof x === 'number')) ? this.includedVariableCount(sig) : 0;
    const out: Reorder = [];
    for (const cycle of reorder) {
      const shifted = cycle.map((x) => (typeof x === 'number' ? x - v : vars.has(x) ? 0 : x));
      if (shifted.every((x) => x !== 0 && !(typeof x === 'number' && x < 1))) out.push(shifted);
    }
    return out.length ? out : undefined;
  }

  /** The twin's statement: the translation of the source's (names, notation, numerals, argument order). */
  private twinSignature(t: TranslationAttr, g: GuessNameData, sig: string, renamed?: [string, string][]): string {
    if (t.attr === 'to_dual') return relationsTurnedAround(dualNotation(translateText(g, sig)));
    if (t.attr !== 'to_additive') return translateText(g, sig);
    // names read from it are kept (`renamed`): let them refer to a copy, not to the file's text
    sig = detach(sig);
    const reorder = t.reorder && this.ownReorder(t.reorder, sig);
    const onRename =
      renamed && ((from: string, to: string) => void (KEEP_CONSTANT.test(from) || renamed.some((r) => r[0] === from) || renamed.push([from, to])));
    const out = additiveSignature(sig, this.sectionEnv(), { g, dont: new Set(t.dont ?? []), onRename }, reorder);
    return out ?? additiveNotation(translateText(g, sig));
  }

  /** Generate `to_additive` / `to_dual` twins for decls[sourceIndex] and its `childCount` children. */
  private addTwins(t: TranslationAttr, sourceIndex: number, childCount: number, inherited: string[] = []): void {
    const g = this.rules.translators.get(t.attr);
    if (!g || t.self || t.none) return;
    const src = this.decls[sourceIndex];
    if (t.existing) {
      // the twin is written by hand; its name still translates names that start with the source's
      const tgt = targetName(g, src.name, t.explicit, (pre) => this.fileTranslations.get(`${t.attr} ${pre}`));
      this.inserted.push({ attr: t.attr, src: src.name, tgt });
      this.fileTranslations.set(`${t.attr} ${src.name}`, tgt);
      return;
    }
    // Provisional name: the namespace part may still change when the project-wide table is known
    // (extractProject); a twin that ends up equal to its source is dropped there.
    const twinName = targetName(g, src.name, t.explicit, (pre) => this.fileTranslations.get(`${t.attr} ${pre}`));
    if (twinName !== src.name || t.explicit) this.fileTranslations.set(`${t.attr} ${src.name}`, twinName);
    // A name equal to the source may still change when a namespace prefix translates (`MulEquiv.refl` → `AddEquiv.refl`,
    // extractProject); it is dropped there if it does not.
    const local = new Map<string, string>([[src.name, twinName]]);
    // Lean copies only `instance`; `(attr := …)` attributes go to the source, the twin and the twins of the twin.
    const extra = [...new Set([...inherited, ...t.extraAttrs])];
    let renamed: [string, string][] = [];
    const make = (d: Declaration, name: string, doc: string | undefined): Declaration => {
      renamed = [];
      const twin: Declaration = { ...d, name, signature: clip(this.twinSignature(t, g, d.signature, renamed), MAX_SIGNATURE), generatedFrom: d.name };
      if (d.body) twin.body = clip(t.attr === 'to_dual' ? dualNotation(translateText(g, d.body)) : translateText(g, d.body), MAX_BODY);
      if (doc) twin.doc = doc;
      else delete twin.doc;
      const attrs = [...(d.attrs?.includes('instance') ? ['instance'] : []), ...extra];
      if (attrs.length) twin.attrs = [...new Set(attrs)];
      else delete twin.attrs;
      delete twin.deprecated;
      if (t.extraDeprecated) {
        const rep = t.extraDeprecated.replacement;
        twin.deprecated = { ...t.extraDeprecated, ...(rep ? { replacement: targetName(g, rep, undefined) } : {}) };
      }
      return twin;
    };
    const twinIndex = this.decls.length;
    const pending = (p: PendingTranslation): PendingTranslation => (renamed.length ? { ...p, renamed } : p);
    this.decls.push(make(src, twinName, t.doc ?? src.doc));
    this.translations.push(pending({ index: twinIndex, attr: t.attr, src: src.name, explicit: t.explicit }));
    for (let k = 1; k <= childCount; k++) {
      const child = this.decls[sourceIndex + k];
      const childTwin = targetName(g, child.name, undefined, (pre) => local.get(pre));
      const index = this.decls.length;
      this.decls.push(make(child, childTwin, child.doc));
      this.translations.push(pending({ index, attr: t.attr, src: child.name }));
    }
    if (t.extraSimps) this.addSimps(twinIndex, t.extraSimps, this.simpsBody && t.attr === 'to_additive' ? this.translateSimpsBody(this.simpsBody, t, g) : undefined);
    for (const nt of t.nested) this.addTwins(nt, twinIndex, 0, extra);
  }

  /** Lemmas `@[ext]` (`N_iff`, unless `(iff := false)`) and `@[reassoc]` (`F_assoc`) add for a theorem or Prop field. */
  private addAttributeLemmas(decl: Declaration, names: readonly string[], attrTexts: readonly string[]): void {
    if (decl.kind !== 'theorem' && decl.kind !== 'field') return; // (a structure's Prop field: `Iso.hom_inv_id`)
    if (names.includes('ext') && !attrTexts.some((t) => NO_EXT_IFF.test(t))) this.addGenerated(extIffLemma(decl));
    if (names.includes('reassoc')) this.addGenerated(reassocLemma(decl, this.variableTexts()));
  }

  /** A lemma an attribute adds, unless the file already has one of that name (Lean adds it only then). */
  private addGenerated(g: Declaration | undefined): void {
    if (g && !this.decls.some((d) => d.name === g.name)) this.decls.push({ ...g, signature: clip(g.signature, MAX_SIGNATURE) });
  }

  /** `@[simps]`: its lemmas now when the structure table is known (re-indexing one file), else at project resolution. */
  private addSimps(index: number, attr: SimpsAttr, body: SimpsBody | undefined): void {
    const decl = this.decls[index];
    const pending: PendingSimps = { index, projs: attr.projs, attrs: attr.attrs, ns: this.namespaceComponents() };
    if (body) pending.body = body;
    if (decl.kind === 'instance') pending.isInstance = true;
    const table = this.rules.simps;
    if (table && simpsLemmasOn()) {
      for (const l of simpsLemmas(decl, pending, table)) this.decls.push(l);
    } else this.pendingSimps.push(pending);
  }

  /** The field values a definition writes: `where f x := v` lines, `{ f := v, … }`, or `⟨a, b⟩`. */
  private readSimpsBody(h: Header, indent: number): SimpsBody | undefined {
    if (h.term !== 'where' && h.term !== ':=') return undefined;
    const code = this.code;
    const from = h.end + (h.term === 'where' ? 5 : 2);
    const to = Math.min(this.blockEnd(from, indent), from + 8000);
    const text = restoreStrings(code.slice(from, to).replace(/\u0001\d+\u0001/g, ' '), this.lexed.strings);
    const clipValue = (v: string) => clip(collapse(v), 300);
    const fieldsOf = (parts: string[]) => {
      const fields: SimpsBody['fields'] = [];
      for (const part of parts) {
        // (field names may be Greek or subscripted: `ι`, `π`, `map₁`)
        const m = /^\s*([\p{L}_][\p{L}\p{N}_'.₀-₉]*)\s*([^:=]*?)\s*:=\s*([\s\S]*)$/u.exec(part);
        if (!m || m[1].includes('.')) continue;
        fields.push({ name: m[1], binders: collapse(m[2]), value: clipValue(m[3]) });
      }
      return fields;
    };
    if (h.term === 'where') {
      // one field per line at the first line's indentation; deeper lines continue it
      const parts: string[] = [];
      let fieldIndent = -1;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const ind = line.length - line.trimStart().length;
        if (fieldIndent < 0) fieldIndent = ind;
        if (ind <= fieldIndent && /^\s*[\p{L}_]/u.test(line)) parts.push(line);
        else if (parts.length) parts[parts.length - 1] += ' ' + line.trim();
      }
      return { fields: fieldsOf(parts) };
    }
    const t = text.trim();
    if (t.startsWith('{')) {
      const inner = t.slice(1, t.lastIndexOf('}'));
      const withIdx = inner.search(/\swith\s/);
      // fields are separated by commas or by new lines
      const parts = splitTopLevel(withIdx >= 0 ? inner.slice(withIdx + 6) : inner, ',').flatMap((p) => splitTopLevel(p, '\n'));
      const merged: string[] = [];
      for (const p of parts) {
        if (/^\s*[\p{L}_][\p{L}\p{N}_'₀-₉]*[^:=]*:=/u.test(p) || !merged.length) merged.push(p);
        else merged[merged.length - 1] += ' ' + p;
      }
      return { fields: fieldsOf(merged) };
    }
    if (t.startsWith('⟨') || t.startsWith('(')) {
      // `⟨a, b⟩`, or a pair `(a, b)`
      const close = t.lastIndexOf(t[0] === '⟨' ? '⟩' : ')');
      const items = splitTopLevel(t.slice(1, close), ',');
      if (t[0] === '(' && items.length < 2) return undefined;
      return { items: items.map((x) => clipValue(x)), ...(t[0] === '(' ? { tuple: true } : {}) };
    }
    return undefined;
  }

  /** The twin's field values: each value translated like a statement. */
  private translateSimpsBody(body: SimpsBody, t: TranslationAttr, g: GuessNameData): SimpsBody {
    const tr = (v: string) => {
      const out = additiveSignature(`: ${v}`, this.sectionEnv(), { g, dont: new Set(t.dont ?? []) });
      return out !== undefined ? out.replace(/^:\s*/, '') : additiveNotation(translateText(g, v));
    };
    if (body.fields) return { fields: body.fields.map((f) => ({ name: guessNameField(g, f.name), binders: f.binders, value: tr(f.value) })) };
    if (body.items) return { items: body.items.map(tr) };
    return body;
  }

  private aliasDecl(
    p: number,
    doc: string | undefined,
    attrs: ParsedAttrs,
    isPrivate: boolean,
    isProtected: boolean,
    indent: number,
    line: number,
  ): number {
    const code = this.code;
    const names: string[] = [];
    if (code[p] === '⟨') {
      const close = this.matchBracket(p);
      if (close === -1) return p + 1;
      for (const part of code.slice(p + 1, close).split(',')) names.push(part.trim());
      p = close + 1;
    } else {
      const w = this.nameAt(p);
      if (!w) return p;
      names.push(w);
      p += w.length;
    }
    const h = this.header(p, indent);
    let target = '';
    if (h.term === ':=') {
      const q = this.skipWs(h.end + 2);
      target = this.nameAt(q);
    }
    const ns = this.namespace();
    const candidates = target ? aliasCandidates(target, this.namespaceComponents()) : [];
    for (const n of names) {
      if (!n || n === '_') continue;
      const decl: Declaration = {
        name: this.fullName(n, ns),
        kind: 'alias',
        signature: this.signatureText(p, h.end),
        module: this.opts.module,
        file: this.opts.file,
        line,
        pkg: this.opts.pkg,
      };
      if (target) decl.generatedFrom = target.startsWith('_root_.') ? target.slice(7) : target;
      if (doc) decl.doc = clip(doc, MAX_DOC);
      if (attrs.names.length) decl.attrs = [...attrs.names];
      if (attrs.deprecated) decl.deprecated = { ...attrs.deprecated, replacement: attrs.deprecated.replacement ?? decl.generatedFrom };
      if (isPrivate) decl.isPrivate = true;
      if (isProtected) decl.isProtected = true;
      if (candidates.length) this.aliases.push({ index: this.decls.length, candidates });
      const index = this.decls.length;
      this.decls.push(decl);
      for (const t of attrs.translations) this.addTwins(t, index, 0);
    }
    return h.term === ':=' ? h.end + 2 + target.length : h.end;
  }

  /** `attribute [to_additive] foo` generates a twin of an existing declaration; other attributes are ignored. */
  private attributeCommand(p: number): number {
    const code = this.code;
    p = this.skipWs(p);
    if (code[p] !== '[') return p;
    const close = this.matchBracket(p);
    if (close === -1) return p + 1;
    const attrText = this.attributeText(code.slice(p + 1, close));
    const attrs = parseAttributes([attrText]);
    const eol = code.indexOf('\n', close);
    if (/\bpush\s*(?:←|<-)/.test(attrText) && /(?:^|\s)Function\.comp_def\b/.test(code.slice(close + 1, eol === -1 ? code.length : eol))) {
      const scope = this.scopes[this.scopes.length - 1];
      if (scope) scope.pullComp = true;
      else this.rootPullComp = true;
    }
    const names = code
      .slice(close + 1, eol === -1 ? code.length : eol)
      .trim()
      .split(/\s+/)
      .filter((w) => /^[A-Za-z_«]/.test(w));
    if (attrs.names.includes('ext') || attrs.names.includes('reassoc')) {
      // (a declaration of this file now; one of another file once the whole project is read)
      for (const written of names) {
        const candidates = aliasCandidates(written, this.namespaceComponents());
        const known = candidates.map((n) => this.decls.find((d) => d.name === n)).find(Boolean);
        if (known) this.addAttributeLemmas(known, attrs.names, [attrText]);
        else this.attributeLemmas.push({ names: attrs.names, attrText: detach(attrText), candidates, line: this.lineOf(p) + 1 });
      }
    }
    if (!attrs.translations.length) return close + 1;
    const line = this.lineOf(p) + 1;
    for (const written of names) {
      for (const t of attrs.translations) {
        const g = this.rules.translators.get(t.attr);
        if (!g || t.self || t.existing || t.none) continue;
        const candidates = aliasCandidates(written, this.namespaceComponents());
        const src = candidates[0];
        const twin: Declaration = {
          name: targetName(g, src, t.explicit),
          kind: 'theorem',
          signature: '',
          module: this.opts.module,
          file: this.opts.file,
          line,
          pkg: this.opts.pkg,
          generatedFrom: src,
        };
        if (t.doc) twin.doc = t.doc;
        if (t.extraAttrs.length) twin.attrs = [...t.extraAttrs];
        this.translations.push({ index: this.decls.length, attr: t.attr, src, srcCandidates: candidates, explicit: t.explicit });
        this.decls.push(twin);
      }
    }
    return eol === -1 ? code.length : eol;
  }

  /** Fields (`Struct.field`), the constructor (`mk` or `name ::`) and `toParent` projections. */
  private structureBody(decl: Declaration, h: Header, indent: number, out: Declaration[]): number {
    const code = this.code;
    const base = { module: decl.module, file: decl.file, pkg: decl.pkg };
    // Parents from `extends A, B`: Lean adds `toA`, `toB`.
    const headerText = collapse(code.slice(h.start, h.end));
    const ext = /(?:^|\s)extends\s+(.*)$/.exec(headerText);
    const parentHeads: string[] = [];
    if (ext) {
      for (const parent of splitTopLevel(ext[1], ',')) {
        const pt = parent.trim();
        const named = /^(\S+)\s*:\s*(.+)$/.exec(pt); // `extends toFoo : Foo`
        const head = named ? named[2] : pt;
        const headName = notationHead(head) ?? /^[@]?((?:[^\s()\[\]{}⦃⦄⟨⟩:,]|«[^»]*»)+)/.exec(head)?.[1];
        if (!headName) continue;
        const comps = nameComponents(headName);
        parentHeads.push(headName);
        const projection = named ? named[1] : `to${comps[comps.length - 1].replace(/[«»]/g, '')}`;
        out.push({ ...base, name: `${decl.name}.${projection}`, kind: 'field', signature: clip(`: ${restoreStrings(head, this.lexed.strings)}`, MAX_SIGNATURE), line: decl.line, generatedFrom: decl.name });
      }
    }
    let ctorName = 'mk';
    let ctorLine = decl.line;
    const fields: { name: string; sig: string; line: number; doc?: string }[] = [];
    let end = h.end;
    if (h.term === 'where' || h.term === ':=') {
      const bodyStart = h.end + (h.term === 'where' ? 5 : 2);
      const bodyEnd = this.blockEnd(bodyStart, indent);
      end = bodyEnd;
      let fieldIndent = -1;
      let li = this.lineOf(bodyStart);
      const lastLine = this.lineOf(Math.max(bodyStart, bodyEnd - 1));
      let pendingDoc: string | undefined;
      for (; li <= lastLine; li++) {
        const ls = Math.max(this.lineStarts[li], bodyStart);
        const le = Math.min(li + 1 < this.lineStarts.length ? this.lineStarts[li + 1] - 1 : code.length, bodyEnd);
        if (le <= ls) continue;
        let text = code.slice(ls, le);
        const trimmed = text.trimStart();
        if (!trimmed.trim()) continue;
        const ind = li === this.lineOf(bodyStart) && ls === bodyStart ? indent + 2 : text.length - trimmed.length;
        if (fieldIndent === -1) fieldIndent = ind;
        if (ind > fieldIndent) {
          // continuation of the previous field's type
          const last = fields[fields.length - 1];
          if (last && !last.sig.includes(':=')) last.sig += ' ' + trimmed;
          continue;
        }
        text = trimmed;
        while (text.charCodeAt(0) === 1) {
          const close = text.indexOf(DOC_MARK, 1);
          if (close === -1) break;
          pendingDoc = this.lexed.docs[Number(text.slice(1, close))];
          text = text.slice(close + 1).trimStart();
        }
        if (!text.trim()) continue;
        while (text.startsWith('@[')) {
          const close = text.indexOf(']');
          if (close === -1) break;
          text = text.slice(close + 1).trimStart();
        }
        text = text.replace(/^(?:(?:protected|private|public)\s+)+/, '');
        if (/^deriving\b/.test(text)) break;
        const ctor = /^((?:[^\s()\[\]{}⦃⦄⟨⟩:,]|«[^»]*»)+)\s*::/.exec(text);
        if (ctor) {
          ctorName = ctor[1];
          ctorLine = li + 1;
          text = text.slice(ctor[0].length).trim();
          if (!text) continue;
        }
        // `(a b : T)` declares several fields; unbracketed `f x y : T` is one field `f` with binders.
        // …and so does each group of `(a : T) (b : U)` on one line
        const groups = bracketGroups(text);
        if (groups && groups.length > 1) {
          for (const g of groups) {
            const colon = topLevelIndex(g, ':');
            for (const fname of g.slice(0, colon).trim().split(/\s+/)) if (/^[A-Za-z_α-ωΑ-Ω«]/u.test(fname)) fields.push({ name: fname, sig: g.slice(colon), line: li + 1, doc: pendingDoc });
          }
          pendingDoc = undefined;
          continue;
        }
        const inner = /^[({\[⦃](.*)[)}\]⦄]\s*$/.exec(text);
        if (inner) text = inner[1];
        else {
          const single = /^((?:[^\s()\[\]{}⦃⦄⟨⟩:,@|]|«[^»]*»)+)(?=\s*[^\s])/.exec(text);
          if (single && !text.slice(single[0].length).trimStart().startsWith(':=')) {
            const rest = text.slice(single[0].length);
            if (/^[A-Za-z_α-ωΑ-Ω«]/u.test(single[1])) fields.push({ name: single[1], sig: rest.trim(), line: li + 1, doc: pendingDoc });
            pendingDoc = undefined;
            continue;
          }
        }
        const fm = /^((?:(?:[^\s()\[\]{}⦃⦄⟨⟩:,@|]|«[^»]*»)+\s+)*(?:[^\s()\[\]{}⦃⦄⟨⟩:,@|]|«[^»]*»)+)\s*(?=[:({\[⦃])/.exec(text);
        if (!fm) {
          pendingDoc = undefined;
          continue;
        }
        const rest = text.slice(fm[0].length);
        if (rest.startsWith(':=')) {
          pendingDoc = undefined; // default value for a parent's field, not a new field
          continue;
        }
        for (const fname of fm[1].trim().split(/\s+/)) {
          if (!/^[A-Za-z_α-ωΑ-Ω«]/u.test(fname)) continue;
          fields.push({ name: fname, sig: rest, line: li + 1, doc: pendingDoc });
        }
        pendingDoc = undefined;
      }
    }
    // A field with binders (`map_add x y : f (x + y) = …`, `app (X : C) : F.obj X ⟶ G.obj X`) has the type `∀ x y, …`:
    // its projection takes them as arguments, the constructor and `@[mk_iff]` state the `∀`.
    const parts = fields.map((f) => fieldParts(f.sig.includes(':=') ? f.sig.slice(0, topLevelIndex(f.sig, ':=')) : f.sig));
    const typeOf = (p: { binders: string; type: string }) => (p.binders ? `∀ ${p.binders}, ${p.type}` : p.type);
    this.structures.push({
      name: decl.name,
      parents: parentHeads,
      fields: fields.map((f, i) => ({ name: f.name.replace(/[«»]/g, ''), type: clip(collapse(`: ${typeOf(parts[i])}`), 300) })),
      ns: this.namespaceComponents(),
    });
    // Lean states each projection with the structure's parameters and the structure itself before the field's binders
    const selfHead = projectionHead(decl, [...parentHeads, ...parts.map(typeOf)], this.variableTexts());
    for (const p of out) if (p.kind === 'field' && p.generatedFrom === decl.name) p.signature = clip(`${selfHead} ${p.signature}`, MAX_SIGNATURE);
    fields.forEach((f, i) => {
      const { binders, type } = parts[i];
      const d: Declaration = { ...base, name: `${decl.name}.${f.name.replace(/[«»]/g, '')}`, kind: 'field', signature: this.cleanSig(`${selfHead} ${binders ? binders + ' ' : ''}: ${type}`), line: f.line, generatedFrom: decl.name };
      if (f.doc) d.doc = clip(f.doc, MAX_DOC);
      out.push(d);
    });
    const ctorSig = fields.map((f, i) => `(${f.name} : ${this.cleanSig(typeOf(parts[i]))})`).join(' ');
    out.push({ ...base, name: `${decl.name}.${ctorName.replace(/[«»]/g, '')}`, kind: 'constructor', signature: clip(collapse(ctorSig), MAX_SIGNATURE), line: ctorLine, generatedFrom: decl.name });
    return end;
  }

  private cleanSig(s: string): string {
    return clip(collapse(restoreStrings(s, this.lexed.strings)), MAX_SIGNATURE);
  }

  /** Constructors `| name binders : type` of an inductive. */
  private inductiveBody(decl: Declaration, h: Header, indent: number, out: Declaration[]): number {
    if (h.term !== '|' && h.term !== 'where') return h.end;
    const code = this.code;
    const bodyStart = h.term === 'where' ? h.end + 5 : h.end;
    const bodyEnd = this.blockEnd(bodyStart, indent, true);
    const body = code.slice(bodyStart, bodyEnd);
    const base = { module: decl.module, file: decl.file, pkg: decl.pkg };
    // Split at `|` at depth 0 that stand alone (not `|x|` absolute values).
    let depth = 0;
    const cuts: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (OPENERS.includes(ch)) depth++;
      else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
      else if (ch === '|' && depth === 0 && (i === 0 || isSpace(body.charCodeAt(i - 1))) && isSpace(body.charCodeAt(i + 1))) cuts.push(i);
    }
    let docBefore: string | undefined;
    const docIn = (s: string) => {
      const m = /\u0001(\d+)\u0001\s*$/.exec(s);
      return m ? this.lexed.docs[Number(m[1])] : undefined;
    };
    if (cuts.length) docBefore = docIn(body.slice(0, cuts[0]));
    for (let k = 0; k < cuts.length; k++) {
      const from = cuts[k] + 1;
      const to = k + 1 < cuts.length ? cuts[k + 1] : body.length;
      let seg = body.slice(from, to);
      const nextDoc = docIn(seg);
      seg = seg.replace(/\u0001\d+\u0001\s*$/, '');
      const dm = /\bderiving\b/.exec(seg);
      if (dm) seg = seg.slice(0, dm.index);
      // `| protected foo : …` / `| private foo`: the modifier is not the name
      const segTrim = seg.trimStart().replace(/^(?:(?:protected|private)\s+)+/, '');
      const nm = /^(?:(?:[^\s()\[\]{}⦃⦄⟨⟩:,@|]|«[^»]*»)+)/.exec(segTrim);
      if (nm) {
        const d: Declaration = {
          ...base,
          name: `${decl.name}.${nm[0].replace(/[«»]/g, '')}`,
          kind: 'constructor',
          signature: this.cleanSig(segTrim.slice(nm[0].length)),
          line: this.lineOf(bodyStart + cuts[k]) + 1,
          generatedFrom: decl.name,
        };
        if (docBefore) d.doc = clip(docBefore, MAX_DOC);
        out.push(d);
      }
      docBefore = nextDoc;
    }
    return bodyEnd;
  }

  /** End of an indented block that starts at `from`: the first later line indented ≤ `indent`. */
  private blockEnd(from: number, indent: number, allowBarsAtIndent = false): number {
    const code = this.code;
    let li = this.lineOf(from) + 1;
    for (; li < this.lineStarts.length; li++) {
      const ls = this.lineStarts[li];
      let j = ls;
      while (j < code.length && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j++;
      const c = code.charCodeAt(j);
      if (j >= code.length) return code.length;
      if (c === 10 || c === 13) continue;
      if (j - ls <= indent) {
        if (allowBarsAtIndent && c === 124 /* | */) continue;
        if (c === 1 && allowBarsAtIndent) {
          // a docstring at column `indent` may document the next constructor
          const close = code.indexOf(DOC_MARK, j + 1);
          const k = this.skipWs(close + 1);
          if (close !== -1 && code.charCodeAt(k) === 124) continue;
        }
        return ls;
      }
    }
    return code.length;
  }
}

/**
 * Lean's mkUnusedBaseName for a taken `base`: the first of `base_1`, `base_2`, … not in `taken`. `next` remembers
 * where the search for each base stopped (names are only ever added to `taken`, so every earlier suffix is still
 * taken): a file with 200k instances of one generated name stays linear.
 */
export function nextUnusedName(base: string, taken: { has(name: string): boolean }, next: Map<string, number>): string {
  let k = next.get(base) ?? 1;
  while (taken.has(`${base}_${k}`)) k++;
  next.set(base, k + 1);
  return `${base}_${k}`;
}

function isIdentCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || c === 46 || c > 0x7f;
}

/** The insides of the bracket groups `(a : T) {b : U}` that make up all of `text`, or undefined when it is not only groups. */
function bracketGroups(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    if (!'({[⦃'.includes(text[i])) return undefined;
    const close = matchingBracket(text, i);
    if (close < 0) return undefined;
    out.push(text.slice(i + 1, close));
    i = close + 1;
  }
  return out;
}

function topLevelIndex(s: string, token: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(token, i)) return i;
  }
  return s.length;
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      // string literal (restored attribute arguments): separators inside do not count
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      continue;
    }
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === sep) {
      out.push(s.slice(last, i));
      last = i + 1;
    }
  }
  out.push(s.slice(last));
  return out;
}


/** Full names a reference written inside namespace `ns` may denote, most specific first. */
export function aliasCandidates(written: string, ns: string[]): string[] {
  const w = written.replace(/«([^»]*)»/g, '$1');
  if (w.startsWith('_root_.')) return [w.slice(7)];
  const out: string[] = [];
  for (let k = ns.length; k >= 0; k--) out.push(k ? `${ns.slice(0, k).join('.')}.${w}` : w);
  return out;
}

export interface TranslationAttr {
  attr: string;
  explicit?: string;
  doc?: string;
  self: boolean;
  existing: boolean;
  none: boolean;
  /** `(attr := simp, fun_prop)`: attributes of the source, the twin and the twins of the twin. */
  extraAttrs: string[];
  /** `(attr := deprecated X (since := …))`. */
  extraDeprecated?: { replacement?: string; since?: string };
  /** `(attr := simps …)`: projection lemmas for the source and the twin. */
  extraSimps?: SimpsAttr;
  /** `(attr := to_additive …)`: translations of the twin only (`a ^ n` → `n • a` → `n +ᵥ a`). */
  nested: TranslationAttr[];
  /** `(dont_translate := β γ)`: type variables whose operations stay. */
  dont?: string[];
  /** `(reorder := 5 6)`: argument cycles of the twin. */
  reorder?: Reorder;
}
/** `@[simps]`, `@[simps!]`, `@[simps (config := …) apply symm_apply]`. */
export interface SimpsAttr {
  /** Projections asked for (`apply`, `snd_fst`); empty: the default projections. */
  projs: string[];
  /** `(attr := …)`: extra attributes of the lemmas. */
  attrs: string[];
}
interface ParsedAttrs {
  names: string[];
  deprecated?: { replacement?: string; since?: string };
  translations: TranslationAttr[];
  /** `@[to_fun]`: a `fun_` copy of the lemma is generated; `(attr := …)` applies to both (`to_additive` too). */
  toFun?: { names: string[]; translations: TranslationAttr[]; simps?: SimpsAttr; deprecated?: ParsedAttrs['deprecated'] };
  simps?: SimpsAttr;
}

/** A balanced `( … )` at the start of `s` (strings respected): its content and the rest, or undefined. */
function leadingGroup(s: string): { inner: string; rest: string } | undefined {
  const i = s.search(/\S/);
  if (i < 0 || s[i] !== '(') return undefined;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"') {
      for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { inner: s.slice(i + 1, j), rest: s.slice(j + 1) };
  }
  return undefined;
}

function parseDeprecated(args: string): { replacement?: string; since?: string } {
  const dep: { replacement?: string; since?: string } = {};
  const since = /since\s*:=\s*"([^"]*)"/.exec(args);
  if (since) dep.since = since[1];
  const rep = /^((?:[A-Za-z_α-ωΑ-Ω«][^\s()"]*))/u.exec(args.trim());
  if (rep) dep.replacement = rep[1].replace(/^_root_\./, '');
  return dep;
}

/** Parse the texts inside `@[…]` (strings already restored). */
export function parseAttributes(texts: string[]): ParsedAttrs {
  const names: string[] = [];
  let deprecated: ParsedAttrs['deprecated'];
  const translations: TranslationAttr[] = [];
  let toFun: ParsedAttrs['toFun'];
  let simps: SimpsAttr | undefined;
  for (const text of texts) {
    for (let item of splitTopLevel(text, ',')) {
      item = item.trim().replace(/^(?:local|scoped)\s+/, '');
      const w = /^[A-Za-z_][\w.]*[?!]*/.exec(item)?.[0];
      if (!w) continue;
      const attr = w.replace(/[?!]+$/, '');
      if (!names.includes(attr)) names.push(attr);
      const args = item.slice(w.length).trim();
      if (attr === 'deprecated') {
        deprecated = parseDeprecated(args);
      } else if (attr === 'simps') {
        simps = parseSimps(args);
      } else if (attr === 'to_fun') {
        // `to_fun (attr := to_additive (attr := fun_prop))`: those attributes hold for the lemma and its copy.
        const g = leadingGroup(args);
        const inner = g && /^\s*attr\s*:=\s*([\s\S]*)$/.exec(g.inner);
        const sub: ParsedAttrs = inner ? parseAttributes([inner[1]]) : { names: [], translations: [] };
        toFun = { names: sub.names, translations: sub.translations, simps: sub.simps, deprecated: sub.deprecated };
        for (const n of sub.names) if (!names.includes(n)) names.push(n);
        for (const t of sub.translations) for (const n of t.extraAttrs) if (!names.includes(n)) names.push(n);
        translations.push(...sub.translations);
        if (sub.simps && !simps) simps = sub.simps;
        if (sub.deprecated && !deprecated) deprecated = sub.deprecated;
      } else if (attr === 'to_additive' || attr === 'to_dual') {
        const t = parseTranslation(attr, args);
        for (const n of t.extraAttrs) if (!names.includes(n)) names.push(n);
        if (t.extraSimps && !simps) simps = t.extraSimps;
        if (t.extraDeprecated && !deprecated) deprecated = t.extraDeprecated;
        translations.push(t);
      }
    }
  }
  const out: ParsedAttrs = { names, deprecated, translations };
  if (toFun) out.toFun = toFun;
  if (simps) out.simps = simps;
  return out;
}

/** `to_additive existing (attr := simp) (reorder := 5 6) (dont_translate := β) name "doc"` (after the word). */
function parseTranslation(attr: string, args: string): TranslationAttr {
  const t: TranslationAttr = { attr, self: false, existing: false, none: false, extraAttrs: [], nested: [] };
  let rest = args;
  // the hint comes first: `to_additive existing (attr := …) name`
  const hint = /^\s*(existing|self|none|private)\b/.exec(rest);
  if (hint) {
    if (hint[1] === 'existing') t.existing = true;
    else if (hint[1] === 'self') t.self = true;
    else t.none = true;
    rest = rest.slice(hint[0].length);
  }
  for (let guard = 0; guard < 20; guard++) {
    const g = leadingGroup(rest);
    if (!g) break;
    const kv = /^\s*(\w+)\s*:=\s*([\s\S]*)$/.exec(g.inner);
    if (kv) {
      const [, key, value] = kv;
      if (key === 'attr') {
        const sub = parseAttributes([value]);
        for (const n of sub.names) if (n !== attr && !t.extraAttrs.includes(n)) t.extraAttrs.push(n);
        if (sub.deprecated) t.extraDeprecated = sub.deprecated;
        if (sub.simps) t.extraSimps = sub.simps;
        t.nested = sub.translations.filter((x) => x.attr === attr);
        // other translations inside (`to_dual` in a `to_additive`) apply to source and twin: not modelled
      } else if (key === 'dont_translate') t.dont = value.trim().split(/\s+/).filter(Boolean);
      else if (key === 'reorder') t.reorder = parseReorder(value);
    }
    rest = g.rest;
  }
  const strM = /"((?:[^"\\]|\\.)*)"/.exec(rest);
  if (strM) {
    t.doc = strM[1].replace(/\\n/g, '\n').replace(/\\"/g, '"');
    rest = rest.slice(0, strM.index) + rest.slice(strM.index + strM[0].length);
  }
  for (const tok of rest.trim().split(/\s+/)) {
    if (!tok) continue;
    if (tok === 'self') t.self = true;
    else if (tok === 'existing') t.existing = true;
    else if (tok === 'none' || tok === 'private') t.none = true;
    else if (/^[A-Za-z_α-ωΑ-Ω«]/u.test(tok) && !t.explicit) t.explicit = tok.replace(/^_root_\./, '');
  }
  return t;
}

/** `simps` arguments: `(attr := …)`, `(config := …)`, `-fullyApplied`, then projection names. */
function parseSimps(args: string): SimpsAttr {
  const out: SimpsAttr = { projs: [], attrs: [] };
  let rest = args;
  for (let guard = 0; guard < 20; guard++) {
    const g = leadingGroup(rest);
    if (!g) break;
    const am = /^\s*attr\s*:=\s*([\s\S]*)$/.exec(g.inner);
    if (am) out.attrs.push(...parseAttributes([am[1]]).names);
    rest = g.rest;
  }
  for (const tok of rest.trim().split(/\s+/)) {
    if (!tok || /^[-+]/.test(tok) || tok === '?' || tok === '!') continue;
    if (/^[A-Za-z_][\w']*$/.test(tok)) out.projs.push(tok);
  }
  return out;
}

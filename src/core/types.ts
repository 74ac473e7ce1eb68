// Shared data types of the core. The core never imports `vscode`: the CLI, the index worker and the
// extension all use it through plain Node.

export type DeclKind =
  | 'theorem'
  | 'def'
  | 'abbrev'
  | 'instance'
  | 'class'
  | 'structure'
  | 'inductive'
  | 'axiom'
  | 'opaque'
  | 'alias'
  | 'field'
  | 'constructor';

export const DECL_KINDS: readonly DeclKind[] = [
  'theorem', 'def', 'abbrev', 'instance', 'class', 'structure', 'inductive', 'axiom', 'opaque', 'alias', 'field', 'constructor',
];

export interface Declaration {
  /** Full name as Lean knows it (namespaces applied, `_root_` stripped, private names kept readable). */
  name: string;
  kind: DeclKind;
  /** Binders and type as written in the source (`(a b : α) : a + b = b + a`), whitespace collapsed. */
  signature: string;
  doc?: string;
  /** What the library's prose says about it elsewhere (its module doc's lists of main results): searched, not shown. */
  prose?: string;
  /** What the package's docs call it (Mathlib's docs/*.yaml: famous theorems' titles, undergraduate topics): searched. */
  aka?: string;
  /** The Stacks Project or Kerodon results it formalizes, by its `@[stacks TAG]` / `@[kerodon TAG]` (`Stacks Tag 09HY`). */
  tags?: string[];
  /** Module name, e.g. `Mathlib.Topology.Basic`. */
  module: string;
  /** Path relative to the project root, `/`-separated. */
  file: string;
  /** 1-based line of the declaration keyword (or of the source declaration, for generated names). */
  line: number;
  /** Package the file belongs to: `mathlib`, `batteries`, …; empty string for the user's own project. */
  pkg: string;
  /** Attributes that matter for search and insertion: `simp`, `ext`, `instance`, `to_additive`, … */
  attrs?: string[];
  /** Notation that unfolds to it, as pieces: literal tokens without spaces, `null` for an argument (`["⌊", null, "⌋"]`). */
  notations?: (string | null)[][];
  deprecated?: { replacement?: string; since?: string };
  isPrivate?: boolean;
  isProtected?: boolean;
  /** Set for names Lean generates (to_additive twins, fields, constructors, aliases): the source declaration. */
  generatedFrom?: string;
  /**
   * Start of the definition's body (after `:=` / `where`, or its `|` arms) for def, abbrev, instance
   * and opaque: at most ~200 characters, whitespace collapsed. Absent for theorems (proofs say little).
   */
  body?: string;
  /**
   * Where the name came from when not the source scanner: 'ilean' = only Lean's .ilean index knows it (kind guessed,
   * no signature); 'simps' = a projection lemma `@[simps]` generates for a definition.
   */
  origin?: 'ilean' | 'simps';
}

export interface ModuleInfo {
  name: string;
  file: string;
  pkg: string;
  /** Modules this one imports directly. */
  imports: string[];
  /** The module docstring (`/-! … -/`), if any, truncated. */
  doc?: string;
  /**
   * Whether the module belongs to its package's default-target library (what users of the package
   * import): false for e.g. Mathlib's `Archive`, `Counterexamples`, `docs`. Undefined when unknown.
   */
  inDefaultLib?: boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface SearchFilters {
  kinds?: DeclKind[];
  /** Module prefix, e.g. `Mathlib.Topology`. */
  modulePrefix?: string;
  /** Namespace prefix of the declaration name, e.g. `Finset`. */
  namespacePrefix?: string;
}

export interface SearchRequest extends SearchFilters {
  query: string;
  k?: number;
  /** Module of the file the user is in: hits are flagged as in scope when it imports them (transitively). */
  fromModule?: string;
  /** Premises for a goal in `fromModule`: rank what it imports first (the in-scope flag is set either way). */
  preferInScope?: boolean;
  /** With `fromModule`: the (1-based) line of the declaration being proved there. It and what its file declares
   *  later are left out — a proof cannot use them (and a new theorem has no proof to learn from). */
  usableBeforeLine?: number;
  /** With `usableBeforeLine`: the full name of the declaration being proved there, as the caller's text has it (an
   *  unsaved edit the index does not know yet); without it the engine reads the declaration at that line from the index.
   *  Its words are a hint for the goal's premises (RANK_PARAMS.theoremNameWords). */
  theorem?: string;
}

export interface SearchHit {
  decl: Declaration;
  score: number;
  /** True when `fromModule` imports the hit's module; undefined when no `fromModule` was given. */
  inScope?: boolean;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Why there are no hits, or a note about the query (for the user, plain text). */
  message?: string;
  ms: number;
}

/** Progress of a long job, reported as it goes. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  message?: string;
}

// Every message between the extension and the LeanScout panel (webview), declared once and imported by
// both sides. Each message is a discriminated union member keyed by `type`; the extension validates what
// the webview sends with `isWebviewToExtension` (the webview renders untrusted text, so treat it as input).
//
// DOM hooks for integration tests (data-testid attributes the panel renders; keep them stable):
//   panel-root        the panel's root element
//   panel-state       the status / empty / error line (data-state = PanelStateKind, or indexBuilding / indexError /
//                     notice / notice-error; hidden and empty when all is well)
//   index-status      the index summary in the header; index-rebuild = its "Rebuild" link after an error
//   goal              the goal section (data-state = GoalView.state, data-version, data-source); its text is the
//                     goals as Lean prints them; goal-item = one goal; goal-meta = "from Lean · v14 · 38 ms"
//   premises          the list of premises for the goal; premise = one row (data-name = full declaration name)
//   search-input      the search box (a vscode-text-field: type into its inner <input>)
//   search-kind       the kind filter (vscode-dropdown); search-module / search-namespace = prefix filters
//   search-results    the list of search results; search-result = one row (data-name)
//   result-name, result-signature, result-doc, result-module, result-scope, result-deprecated   parts of a row
//   insert-exact, insert-apply, insert-rw, insert-simp, insert-name   insert buttons of a row (the suggested one is
//                     always visible, the others on hover/focus); goto-definition, copy-name, add-import (shown when
//                     the hit needs an import), informalize = the other row actions
//   tactics           the tactics section (its list has data-state); tactics-run = the "Suggest tactics" button;
//                     tactic = one candidate (data-status, data-tactic); insert-tactic = its insert button
//   informal          the informal section; informal-text = its text (data-done)
// Keyboard: ↑/↓ move between rows, Enter inserts the suggested action, g = go to definition, c = copy,
// i = add the import, / = focus the search box, ↓ in the search box = first result.
import type { Declaration, DeclKind, SearchFilters } from '../core/types';

/** How a premise is inserted at the cursor. */
export type InsertAction = 'exact' | 'apply' | 'rw' | 'simp' | 'name';
export const INSERT_ACTIONS: readonly InsertAction[] = ['exact', 'apply', 'rw', 'simp', 'name'];

/** The empty / error / progress states the panel explains to the user. */
export type PanelStateKind =
  | 'ready'
  | 'noEditor' // no Lean file open
  | 'noProject' // Lean file outside any Lean project
  | 'untrusted' // workspace not trusted: no `lake` started
  | 'leanNotRunning' // Lean server stopped / crashed / not available
  | 'leanStarting'
  | 'indexBuilding'
  | 'indexError'
  | 'indexIdle'; // index not built yet (built on first use)

export interface PanelState {
  kind: PanelStateKind;
  /** Plain text telling the user what is going on and what to do. */
  message: string;
  /** 0..100 while the index builds. */
  percent?: number;
}

export interface IndexStatus {
  state: 'idle' | 'building' | 'ready' | 'error';
  percent?: number;
  declarations?: number;
  modules?: number;
  message?: string;
  /** The optional dense stage, when configured: "embeddings 42%", "embeddings ready (model)", … */
  embeddings?: string;
  /** While premises are learned from the library's proofs in the background: "learning from proofs 42%". */
  learning?: string;
  /** Files the index left out, each "path: why" (too large, unreadable). */
  skipped?: string[];
}

/** A search hit as the panel shows it. */
export interface PanelHit {
  decl: Declaration;
  score: number;
  /** True/false when known whether the current file imports the hit's module. */
  inScope?: boolean;
  /** The first action the hit's shape suggests (an equation → rw, …). */
  suggested: InsertAction;
}

export type GoalSource = 'lean4-extension' | 'leanscout-client';

export interface GoalView {
  /** `goals` = tactic goals; `noGoals` = proof done here; `term` = expected type (plainTermGoal);
   *  `none` = no goal at the cursor; `pending` = asked Lean, waiting; `error` = Lean failed. */
  state: 'goals' | 'noGoals' | 'term' | 'none' | 'pending' | 'error';
  goals: string[];
  uri?: string;
  version?: number;
  position?: { line: number; character: number };
  source?: GoalSource;
  /** Milliseconds Lean took to answer. */
  ms?: number;
  message?: string;
  /** One line about where the goal came from when that is not the usual path (a fallback). */
  note?: string;
}

export interface TacticCandidate {
  tactic: string;
  source: 'model' | 'premise' | 'automation';
  status: 'closes' | 'progress' | 'fails' | 'unchecked';
  remainingGoals?: string[];
  error?: string;
  premises?: string[];
}

// ---------------------------------------------------------------- extension → webview

export type ExtensionToWebview =
  | { type: 'panelState'; state: PanelState }
  | { type: 'indexStatus'; status: IndexStatus }
  | { type: 'goal'; goal: GoalView }
  | {
      type: 'premises';
      /** Identifies the goal these premises belong to (uri@version:line:character); older ones are dropped. */
      goalKey: string;
      hits: PanelHit[];
      ms: number;
      message?: string;
    }
  | { type: 'searchResults'; requestId: number; query: string; hits: PanelHit[]; ms: number; message?: string }
  | { type: 'focusSearch'; query?: string }
  | {
      type: 'tactics';
      state: 'idle' | 'running' | 'done' | 'error';
      message?: string;
      /** Model name or "model-free". */
      source?: string;
      candidates: TacticCandidate[];
    }
  | {
      type: 'informal';
      name: string;
      /** The whole text so far (streamed by replacing). */
      text: string;
      done: boolean;
      origin: 'model' | 'structure' | 'docstring';
      model?: string;
      error?: string;
      /** Information, not a fault (no model configured: the docstring and structure are shown). */
      note?: string;
    }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** Files were re-indexed: the panel runs its search again so that its marks (in scope, needs import) are fresh. */
  | { type: 'refreshSearch' };

// ---------------------------------------------------------------- webview → extension

export interface DeclRef {
  name: string;
  module: string;
  /** Path relative to the project root, as in Declaration.file. */
  file: string;
  line: number;
}

export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'search'; requestId: number; query: string; filters: SearchFilters }
  | { type: 'insert'; action: InsertAction; name: string }
  | { type: 'goToDefinition'; decl: DeclRef }
  | { type: 'copy'; text: string }
  | { type: 'addImport'; module: string }
  | { type: 'informalize'; name: string }
  | { type: 'suggestTactics' }
  | { type: 'insertTactic'; tactic: string }
  | { type: 'rebuildIndex' }
  | { type: 'showLog' }
  /** Esc in the search box: give the focus back to the editor. */
  | { type: 'focusEditor' }
  /** The panel drew the premises of this goal (for the goal → premises timing). */
  | { type: 'rendered'; goalKey: string };

const KINDS: ReadonlySet<string> = new Set<DeclKind>([
  'theorem', 'def', 'abbrev', 'instance', 'class', 'structure', 'inductive', 'axiom', 'opaque', 'alias', 'field', 'constructor',
]);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isStr = (x: unknown, max = 100_000): x is string => typeof x === 'string' && x.length <= max;
const isNonEmptyStr = (x: unknown, max = 100_000): x is string => isStr(x, max) && x.trim().length > 0;
const isOptStr = (x: unknown, max = 1000): boolean => x === undefined || isStr(x, max);

function isFilters(x: unknown): x is SearchFilters {
  if (!isObj(x)) return false;
  if (!isOptStr(x.modulePrefix) || !isOptStr(x.namespacePrefix)) return false;
  if (x.kinds !== undefined && !(Array.isArray(x.kinds) && x.kinds.every((k) => typeof k === 'string' && KINDS.has(k)))) return false;
  return true;
}

/** Validates a message from the webview; anything else is ignored by the extension. */
export function isWebviewToExtension(x: unknown): x is WebviewToExtension {
  if (!isObj(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'ready':
    case 'suggestTactics':
    case 'rebuildIndex':
    case 'showLog':
    case 'focusEditor':
      return true;
    case 'search':
      return Number.isSafeInteger(x.requestId) && isStr(x.query, 10_000) && isFilters(x.filters);
    case 'insert':
      return typeof x.action === 'string' && (INSERT_ACTIONS as readonly string[]).includes(x.action) && isNonEmptyStr(x.name, 1000);
    case 'goToDefinition': {
      const d = x.decl;
      return isObj(d) && isNonEmptyStr(d.name, 1000) && isStr(d.module, 1000) && isNonEmptyStr(d.file, 4096) &&
        Number.isSafeInteger(d.line) && (d.line as number) >= 1;
    }
    case 'copy':
      return isStr(x.text, 100_000);
    case 'addImport':
      return isNonEmptyStr(x.module, 1000) && /^[^\s]+$/.test(x.module as string);
    case 'informalize':
      return isNonEmptyStr(x.name, 1000);
    case 'insertTactic':
      return isNonEmptyStr(x.tactic, 10_000);
    case 'rendered':
      return isStr(x.goalKey, 10_000);
    default:
      return false;
  }
}

/** Loose check on the webview side (messages come from our own extension, but never crash on junk). */
export function isExtensionToWebview(x: unknown): x is ExtensionToWebview {
  if (!isObj(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'panelState':
      return isObj(x.state) && typeof x.state.kind === 'string' && typeof x.state.message === 'string';
    case 'indexStatus':
      return isObj(x.status) && typeof x.status.state === 'string';
    case 'goal':
      return isObj(x.goal) && typeof x.goal.state === 'string' && Array.isArray(x.goal.goals);
    case 'premises':
      return typeof x.goalKey === 'string' && Array.isArray(x.hits);
    case 'searchResults':
      return typeof x.requestId === 'number' && Array.isArray(x.hits);
    case 'focusSearch':
      return x.query === undefined || typeof x.query === 'string';
    case 'tactics':
      return typeof x.state === 'string' && Array.isArray(x.candidates);
    case 'informal':
      return typeof x.name === 'string' && typeof x.text === 'string' && typeof x.done === 'boolean';
    case 'notice':
      return typeof x.message === 'string';
    case 'refreshSearch':
      return true;
    default:
      return false;
  }
}

/** Key identifying one goal request; premises carry it so the panel drops answers for an older goal. */
export function goalKey(uri: string, version: number, position: { line: number; character: number }): string {
  return `${uri}@${version}:${position.line}:${position.character}`;
}

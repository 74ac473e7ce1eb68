// What the panel inserts for a premise, and where `import M` goes. Pure: used by the extension and tests.
import type { Declaration } from '../core/types';
import type { InsertAction } from './protocol';

/** Lean needs «guillemets» around name components that are not plain identifiers. */
export function leanName(name: string): string {
  return name
    .split('.')
    .map((part) => (isIdentPart(part) ? part : `«${part.replace(/[«»]/g, '')}»`))
    .join('.');
}

function isIdentPart(part: string): boolean {
  // Letters (incl. Greek and letter-like symbols Lean allows), digits, _, ', !, ?, subscripts.
  return /^[\p{L}_\u2100-\u214F\u1D00-\u1DBF][\p{L}\p{N}_'!?\u2080-\u209C\u1D62-\u1D6A\u2100-\u214F\u1D00-\u1DBF]*$/u.test(part);
}

/** The text inserted at the cursor for an action on a declaration name. */
export function insertionText(action: InsertAction, name: string): string {
  const n = leanName(name.trim());
  switch (action) {
    case 'exact':
      return `exact ${n}`;
    case 'apply':
      return `apply ${n}`;
    case 'rw':
      return `rw [${n}]`;
    case 'simp':
      return `simp [${n}]`;
    case 'name':
      return n;
  }
}

/** The action a declaration's shape suggests: a statement that is the goal's target → exact, an equation or
 *  iff → rw, a simp lemma → simp, a statement with hypotheses → apply, else exact; definitions and types → the name. */
export function suggestedAction(decl: Pick<Declaration, 'kind' | 'signature' | 'attrs'>, goalTarget?: string): InsertAction {
  if (!['theorem', 'alias', 'axiom'].includes(decl.kind)) return 'name';
  const type = conclusion(decl.signature);
  if (goalTarget && squash(type) === squash(goalTarget)) return 'exact';
  if (/(^|[^=<>!:])=(?![=>])|↔/.test(type)) return decl.attrs?.includes('simp') ? 'simp' : 'rw';
  if (/→/.test(type) || /^\s*[([{⦃]/.test(decl.signature)) return 'apply';
  return 'exact';
}

/** The part of a signature after the last top-level `:` that ends the binders (the statement). */
export function conclusion(signature: string): string {
  let depth = 0;
  for (let i = 0; i < signature.length; i++) {
    const c = signature[i];
    if ('([{⦃⟨'.includes(c)) depth++;
    else if (')]}⦄⟩'.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && signature[i + 1] !== '=' && signature[i - 1] !== ':' && signature[i + 1] !== ':') {
      return signature.slice(i + 1).trim();
    }
  }
  return signature.trim();
}

export type ImportEdit =
  | { kind: 'present' }
  | { kind: 'insert'; /** 0-based line to insert before */ line: number; text: string };

/** Where `import module` goes in a Lean file: after the last `import` line of the header (comments may
 *  precede it; `module` / `prelude` come before imports), or at the top when there is none. */
export function importEdit(fileText: string, module: string): ImportEdit {
  const lines = fileText.replace(/\r\n?/g, '\n').split('\n');
  let lastImport = -1;
  let firstCodeLine = -1;
  let inBlockComment = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (inBlockComment > 0) {
      inBlockComment += countOpen(t) - countClose(t);
      continue;
    }
    if (t === '' || t.startsWith('--')) continue;
    if (t.startsWith('/-!') || t.startsWith('/--')) break; // doc comments are commands: the header ended
    if (t.startsWith('/-')) {
      inBlockComment = countOpen(t) - countClose(t);
      continue;
    }
    const m = /^(?:public\s+|meta\s+|private\s+)*import\s+(.*)$/.exec(t);
    if (m) {
      const mods = m[1].replace(/--.*$/, '').trim().split(/\s+/);
      if (mods.includes(module)) return { kind: 'present' };
      lastImport = i;
      continue;
    }
    if (/^(prelude|module)\s*$/.test(t)) {
      firstCodeLine = i; // header keywords: imports come after them
      continue;
    }
    break;
  }
  const line = lastImport >= 0 ? lastImport + 1 : firstCodeLine >= 0 ? firstCodeLine + 1 : 0;
  return { kind: 'insert', line, text: `import ${module}\n` };
}

function countOpen(s: string): number {
  return (s.match(/\/-/g) ?? []).length;
}
function countClose(s: string): number {
  return (s.match(/-\//g) ?? []).length;
}

/** Module name of a Lean file from its path relative to a source root: `Mathlib/Data/Nat.lean` → `Mathlib.Data.Nat`. */
export function moduleFromRelativePath(rel: string): string | undefined {
  const clean = rel.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!clean.endsWith('.lean') || clean.startsWith('../') || clean.startsWith('.lake/')) return undefined;
  return clean.slice(0, -'.lean'.length).split('/').join('.');
}

function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Attributes and modifiers before a declaration's keyword. */
const DECL_HEAD = String.raw`^\s*(?:@\[[^\]]*\]\s*)*(?:(?:private|protected|noncomputable|partial|unsafe|nonrec)\s+)*`;
const DECL_START = new RegExp(DECL_HEAD + String.raw`(?:theorem|lemma|def|abbrev|instance|example|structure|class|inductive|opaque|axiom)\b`);
/** …and a named one's keyword and name (its universe parameters and an instance's priority aside). */
const NAMED_DECL = new RegExp(DECL_HEAD + String.raw`(?:theorem|lemma|def|abbrev|instance|structure|class|inductive|opaque|axiom)\s+(?:\([^)]*\)\s+)?([^\s:({[⦃]+)`, 'u');

/**
 * The full name of the declaration that starts at (0-based) `line`, as the text declares it: its name after the keyword,
 * inside the `namespace`s open there (`_root_.` leaves them). Undefined for an `example`, an instance without a name,
 * or a line that starts none.
 */
export function declarationNameAt(lines: readonly string[], line: number): string | undefined {
  const m = NAMED_DECL.exec(lines[line] ?? '');
  if (!m) return undefined;
  const name = m[1].replace(/\.$/, ''); // (`foo.{u}`: universe parameters)
  if (name.startsWith('_root_.')) return name.slice('_root_.'.length);
  // Open scopes above the line: `namespace A.B` and `section` open one each, `end` closes the innermost.
  const scopes: { namespace: boolean; parts: string[] }[] = [];
  let commentDepth = 0;
  for (let i = 0; i < line && i < lines.length; i++) {
    const text = lines[i];
    // (lines in or touching a comment are prose: "end" there closes nothing)
    const inComment = commentDepth > 0;
    const opens = (text.match(/\/-/g) ?? []).length;
    const closes = (text.match(/-\//g) ?? []).length;
    commentDepth = Math.max(0, commentDepth + opens - closes);
    if (inComment || opens || closes) continue;
    const ns = /^\s*namespace\s+([^\s]+)/.exec(text);
    if (ns) scopes.push({ namespace: true, parts: ns[1].split('.') });
    else if (/^\s*(?:noncomputable\s+)?section\b/.test(text)) scopes.push({ namespace: false, parts: [] });
    else if (/^\s*end\b/.test(text)) scopes.pop();
  }
  const prefix = scopes.filter((sc) => sc.namespace).flatMap((sc) => sc.parts);
  return [...prefix, name].join('.');
}

/** 0-based line where the declaration enclosing `line` starts (the nearest declaration keyword at or above it). */
export function enclosingDeclarationLine(lines: readonly string[], line: number): number | undefined {
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) if (DECL_START.test(lines[i])) return i;
  return undefined;
}

/** Where a proof at (0-based) `line` stands, as a search takes it: the 1-based line of the declaration being proved (it
 *  and what its file declares later are left out) and that declaration's full name (its words hint at the premises). */
export function proofPlace(lines: readonly string[], line: number): { usableBeforeLine?: number; theorem?: string } {
  const enclosing = enclosingDeclarationLine(lines, line);
  return enclosing === undefined ? {} : { usableBeforeLine: enclosing + 1, theorem: declarationNameAt(lines, enclosing) };
}

/** False for declarations of the current file that start at or after the declaration being proved: Lean does
 *  not let a proof use them (nor the theorem itself). `declLine` is 1-based, `enclosingLine` 0-based. */
export function usableHere(hit: { module: string; line: number }, currentModule: string | undefined, enclosingLine: number | undefined): boolean {
  if (!currentModule || enclosingLine === undefined || hit.module !== currentModule) return true;
  return hit.line - 1 < enclosingLine;
}

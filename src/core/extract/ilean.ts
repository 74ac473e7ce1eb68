// Reader for Lean's `.ilean` reference files (`.lake/build/lib/lean/**/*.ilean`, written by every
// build and shipped by `lake exe cache get`). They name every declaration a module defines, with its
// position, so they can confirm the scanner's names and add those it missed; they also count how often
// each constant is used (a popularity signal for ranking).
// Formats: v1 keys look like `c:Name`; v2+ use a JSON object as the key (`{"c":{"m":…,"n":…}}`, field
// order varies); v5 moves declaration ranges to a top-level `decls` map and adds `directImports`.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface IleanDecl {
  name: string;
  /** 1-based line of the declaration's name (selection range when known). */
  line: number;
  /** 0-based column of the name. */
  col: number;
}

export interface IleanFile {
  version: number;
  module?: string;
  decls: IleanDecl[];
  imports: string[];
  /** Constant → number of uses in this module (other modules' constants included). */
  usages: Map<string, number>;
}

function parseKey(key: string): { kind: 'c' | 'f' | 'other'; name?: string; module?: string } {
  if (key.startsWith('c:')) return { kind: 'c', name: key.slice(2) };
  if (key.startsWith('f:')) return { kind: 'f' };
  if (key.startsWith('{')) {
    try {
      const o = JSON.parse(key) as Record<string, unknown>;
      const c = o.c as { n?: unknown; m?: unknown } | undefined;
      if (c && typeof c.n === 'string') return { kind: 'c', name: c.n, module: typeof c.m === 'string' ? c.m : undefined };
      if (o.f) return { kind: 'f' };
    } catch {
      /* fall through */
    }
  }
  return { kind: 'other' };
}

const isNumArray = (a: unknown): a is number[] => Array.isArray(a) && a.length >= 2 && typeof a[0] === 'number' && typeof a[1] === 'number';

/** Parse one .ilean file's text. Returns an error string for anything that is not an ilean. */
export function parseIlean(text: string): IleanFile | { error: string } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (!raw || typeof raw !== 'object' || typeof raw.version !== 'number' || typeof raw.references !== 'object' || raw.references === null) {
    return { error: 'not an .ilean file (no version/references)' };
  }
  const version = raw.version;
  const module = typeof raw.module === 'string' ? raw.module : undefined;
  const decls: IleanDecl[] = [];
  const seen = new Set<string>();
  const usages = new Map<string, number>();
  if (raw.decls && typeof raw.decls === 'object') {
    // v5: name → [line, col, endLine, endCol, selLine, selCol, selEndLine, selEndCol] (0-based lines)
    for (const [name, r] of Object.entries(raw.decls as Record<string, unknown>)) {
      if (!isNumArray(r)) continue;
      const sel = r.length >= 6 ? [r[4], r[5]] : [r[0], r[1]];
      decls.push({ name, line: sel[0] + 1, col: sel[1] });
      seen.add(name);
    }
  }
  for (const [key, info] of Object.entries(raw.references as Record<string, unknown>)) {
    const k = parseKey(key);
    if (k.kind !== 'c' || !k.name || !info || typeof info !== 'object') continue;
    const { definition, usages: uses } = info as { definition?: unknown; usages?: unknown };
    if (Array.isArray(uses) && uses.length) usages.set(k.name, (usages.get(k.name) ?? 0) + uses.length);
    if (isNumArray(definition) && !seen.has(k.name) && (k.module === undefined || module === undefined || k.module === module)) {
      decls.push({ name: k.name, line: definition[0] + 1, col: definition[1] });
      seen.add(k.name);
    }
  }
  const imports: string[] = [];
  if (Array.isArray(raw.directImports)) {
    for (const imp of raw.directImports) {
      if (Array.isArray(imp) && typeof imp[0] === 'string') imports.push(imp[0]);
      else if (typeof imp === 'string') imports.push(imp);
    }
  }
  decls.sort((a, b) => a.line - b.line || a.col - b.col);
  return { version, module, decls, imports, usages };
}

export function readIleanFile(file: string): IleanFile | { error: string } {
  try {
    return parseIlean(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
}

/** One use of a constant in a module: where it is written (1-based line, 0-based column in code points). */
export interface IleanUse {
  name: string;
  line: number;
  col: number;
}

/**
 * The constants a module's code uses, with where (what the elaborator resolved: exact names, field notation and
 * `open`s included), sorted by position. Local variables (`f:` keys) are left out.
 */
export function parseIleanUses(text: string): IleanUse[] | { error: string } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (!raw || typeof raw !== 'object' || typeof raw.references !== 'object' || raw.references === null) return { error: 'not an .ilean file (no references)' };
  const uses: IleanUse[] = [];
  for (const [key, info] of Object.entries(raw.references as Record<string, unknown>)) {
    const k = parseKey(key);
    if (k.kind !== 'c' || !k.name || !info || typeof info !== 'object') continue;
    const list = (info as { usages?: unknown }).usages;
    if (!Array.isArray(list)) continue;
    const name = publicName(k.name);
    for (const u of list) if (isNumArray(u)) uses.push({ name, line: u[0] + 1, col: u[1] });
  }
  uses.sort((a, b) => a.line - b.line || a.col - b.col);
  return uses;
}

/** `_private.Mathlib.Foo.0.Nat.bar` (a private name as Lean mangles it) → `Nat.bar`, as the index names it. */
function publicName(name: string): string {
  if (!name.startsWith('_private.')) return name;
  const at = name.indexOf('.0.');
  return at > 0 ? name.slice(at + 3) : name;
}

/** The .ilean of `module` in a folder of them (the toolchain's `lib/lean`), if there. */
export function ileanInDir(dir: string, module: string): string | undefined {
  const p = path.join(dir, ...module.split('.')) + '.ilean';
  try {
    return fs.statSync(p).isFile() ? p : undefined;
  } catch {
    return undefined;
  }
}

/** The .ilean of `module` of a package: in the toolchain's folder of them (Lean core), else in the package's build. */
export function ileanOfModule(pkg: { dir: string; ileanDir?: string }, module: string): string | undefined {
  return pkg.ileanDir ? ileanInDir(pkg.ileanDir, module) : ileanPathFor(pkg.dir, module);
}

/** Where Lake puts a package's .ilean files. */
export function ileanDirs(packageDir: string): string[] {
  return [path.join(packageDir, '.lake', 'build', 'lib', 'lean'), path.join(packageDir, '.lake', 'build', 'lib')];
}

/** The .ilean of `module` in a package, if built. */
export function ileanPathFor(packageDir: string, module: string): string | undefined {
  const rel = module.split('.').join(path.sep) + '.ilean';
  for (const dir of ileanDirs(packageDir)) {
    const p = path.join(dir, rel);
    try {
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not built */
    }
  }
  return undefined;
}

/**
 * Names Lean creates that users never search for (auxiliary definitions, equation lemmas, recursors,
 * match/proof helpers, private mangling).
 */
export function isInternalName(name: string): boolean {
  if (name.startsWith('_private.') || name.includes('._') || name.startsWith('_')) return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (/^\d+$/.test(last)) return true;
  return /^(?:match_\d+|proof_\d+|eq_\d+|eq_def|eq_1|rec|recOn|casesOn|noConfusion|noConfusionType|below|brecOn|binductionOn|ibelow|sizeOf_spec|injEq|inj|ctorIdx|_sunfold|_unsafe_rec|mk\.injEq)$/.test(last);
}

/** A guess at the kind of a name only .ilean knows: Mathlib naming — snake_case facts are theorems. */
export function guessKind(name: string): 'theorem' | 'def' {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return /^[a-z0-9_'₀-₉]*_[A-Za-z0-9_'₀-₉]*$/u.test(last) ? 'theorem' : 'def';
}

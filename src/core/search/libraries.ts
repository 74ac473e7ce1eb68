// Which modules belong to a package's default-target library — the library users `import`. A
// package checkout also carries other libraries (Mathlib: `Archive`, `Counterexamples`, `docs`) whose
// declarations (olympiad solutions, counterexamples) are rarely what a search wants: the ranker
// demotes them a little. Read from the lakefile (`@[default_target] lean_lib …` / `defaultTargets`).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Module roots of the default-target libraries of the package in `dir` (`['Mathlib']`), or undefined
 * when the lakefile is missing or declares no default library (then nothing is demoted).
 */
export function defaultLibraryRoots(dir: string): string[] | undefined {
  try {
    const lean = path.join(dir, 'lakefile.lean');
    if (fs.existsSync(lean)) return rootsFromLakefileLean(fs.readFileSync(lean, 'utf8'));
    const toml = path.join(dir, 'lakefile.toml');
    if (fs.existsSync(toml)) return rootsFromLakefileToml(fs.readFileSync(toml, 'utf8'));
  } catch {
    // unreadable lakefile: no demotion
  }
  return undefined;
}

const NAME = String.raw`(?:«[^»]+»|[A-Za-z_][A-Za-z0-9_.']*)`;

export function rootsFromLakefileLean(text: string): string[] | undefined {
  const src = text.replace(/\/-[\s\S]*?-\//g, ' ').replace(/--[^\n]*/g, '');
  const roots: string[] = [];
  const re = new RegExp(String.raw`@\[[^\]]*\bdefault_target\b[^\]]*\]\s*lean_lib\s+(${NAME})`, 'g');
  for (const m of src.matchAll(re)) {
    const name = unquote(m[1]);
    // The library's configuration block: up to the next top-level declaration.
    const rest = src.slice((m.index ?? 0) + m[0].length);
    const end = rest.search(/\n(?=\S)/);
    const block = end >= 0 ? rest.slice(0, end) : rest;
    const declared: string[] = [];
    const rootsMatch = /\broots\s*:=\s*#\[([^\]]*)\]/.exec(block);
    if (rootsMatch) for (const r of rootsMatch[1].matchAll(new RegExp('`(' + NAME + ')', 'g'))) declared.push(unquote(r[1]));
    const globsMatch = /\bglobs\s*:=\s*#\[([^\]]*)\]/.exec(block);
    if (globsMatch) for (const g of globsMatch[1].matchAll(new RegExp('`(' + NAME + ')', 'g'))) declared.push(unquote(g[1]));
    roots.push(...(declared.length ? declared : [name]));
  }
  return roots.length ? roots : undefined;
}

export function rootsFromLakefileToml(text: string): string[] | undefined {
  const targets = /^\s*defaultTargets\s*=\s*\[([^\]]*)\]/m.exec(text);
  if (!targets) return undefined;
  const wanted = [...targets[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const roots: string[] = [];
  for (const block of text.split(/^\s*\[\[lean_lib\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\s*\[/m)[0];
    const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    if (!name || !wanted.includes(name)) continue;
    const declared = /^\s*roots\s*=\s*\[([^\]]*)\]/m.exec(body);
    const list = declared ? [...declared[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
    roots.push(...(list.length ? list : [name]));
  }
  return roots.length ? roots : undefined;
}

function unquote(name: string): string {
  return name.startsWith('«') ? name.slice(1, -1) : name;
}

export function inLibrary(module: string, roots: string[]): boolean {
  return roots.some((r) => module === r || module.startsWith(r + '.'));
}

/**
 * Per module index: 1 when the module lies outside its package's default library. The extractor's
 * `inDefaultLib` decides where it is known; otherwise the package's lakefile is read here. Only
 * packages other than the user's own project (pkg '') are judged: the user's files are always wanted.
 */
export function outsideLibraryMask(modules: { name: string; pkg: string; inDefaultLib?: boolean }[], packages: { name: string; dir: string }[]): Uint8Array {
  const mask = new Uint8Array(modules.length);
  const rootsByPkg = new Map<string, string[] | undefined>();
  const rootsOf = (pkg: string) => {
    if (!rootsByPkg.has(pkg)) {
      const dir = packages.find((p) => p.name === pkg)?.dir;
      rootsByPkg.set(pkg, dir ? defaultLibraryRoots(dir) : undefined);
    }
    return rootsByPkg.get(pkg);
  };
  modules.forEach((m, i) => {
    if (!m.pkg) return;
    if (m.inDefaultLib !== undefined) {
      mask[i] = m.inDefaultLib ? 0 : 1;
      return;
    }
    const roots = rootsOf(m.pkg);
    if (roots && !inLibrary(m.name, roots)) mask[i] = 1;
  });
  return mask;
}

/**
 * Declarations that are code or scaffolding rather than premises: tactics, linters and other metaprograms
 * (by their namespace), `Internal` namespaces, and auxiliary names (`…_aux`, `match_n`, `proof_n`). Searches
 * that are not for a name rank them lower; a query naming one still finds it.
 */
const META_NAMESPACE =
  /^(?:Mathlib\.(?:Tactic|Linter|Meta|Util|Lean|Notation3)|Lean\.(?:Elab|Meta|Parser|Compiler|Server|IR|PrettyPrinter|Linter|Widget|Syntax)|Lake|Std\.Tactic|Batteries\.(?:Tactic|Linter|Lean|Util|CodeAction)|Aesop|Qq|ProofWidgets|Plausible|Tactic)\./;
const AUXILIARY = /(?:^|\.)Internal\.|_aux\d*'*$|\.(?:match|proof)_\d+$/;

export function internalMask(names: readonly string[]): Uint8Array {
  const mask = new Uint8Array(names.length);
  for (let i = 0; i < names.length; i++) if (META_NAMESPACE.test(names[i]) || AUXILIARY.test(names[i])) mask[i] = 1;
  return mask;
}

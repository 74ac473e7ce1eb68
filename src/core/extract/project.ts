// Find the Lean sources of a project: its own files plus every dependency checked out under
// `.lake/packages/<name>` (named by `lake-manifest.json`), or just a folder of `.lean` files.
// Never throws: unreadable folders, symlink loops and oversized files become SkippedFile entries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { SkippedFile } from '../types';

/** Bumped whenever extraction output changes, so cached indexes built by older code are rebuilt. */
export const EXTRACTOR_VERSION = 3;

/**
 * Files larger than this are skipped, only to bound memory: Mathlib's largest source is < 1 MB, and a 20 MB
 * generated file of 200k declarations is indexed in seconds (`npm run bench:extract -- --big`). Setting
 * `leanscout.index.maxFileSizeMB`, CLI flag `--max-file-mb`; 0 there means no cap (see maxFileBytesOf).
 */
export const DEFAULT_MAX_FILE_MB = 64;
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;

/** The byte cap for a cap in MB: undefined or not a number → the default; 0 or less → none (Infinity). */
export function maxFileBytesOf(mb: number | undefined): number {
  if (mb === undefined || !Number.isFinite(mb)) return DEFAULT_MAX_FILE_BYTES;
  return mb <= 0 ? Infinity : Math.floor(mb * 1024 * 1024);
}

export interface PackageInfo {
  /** Package name from the manifest (`mathlib`, `batteries`, …); '' for the user's own project. */
  name: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Folder relative to the project root, `/`-separated ('' for the root). */
  rel: string;
  /** Git revision pinned by lake-manifest.json, when known. */
  rev?: string;
  isRoot: boolean;
  /**
   * Module roots of the package's default-target lean_lib(s) (`@[default_target] lean_lib Mathlib` →
   * [`Mathlib`]): the library its users import. Undefined when the lakefile does not say.
   */
  defaultLibRoots?: string[];
}

export interface SourceFile {
  abs: string;
  /** Path relative to the project root, `/`-separated. */
  rel: string;
  /** Lean module name, from the path relative to the package root. */
  module: string;
  pkg: string;
  /** Bytes; -1 when not statted (files of manifest-pinned packages: see DiscoverOptions.statPinned). */
  size: number;
  mtimeMs: number;
  /** True when the file's package is pinned to a revision by the manifest (its content follows the rev). */
  pinned: boolean;
  /** Whether the module belongs to its package's default-target library (see PackageInfo.defaultLibRoots). */
  inDefaultLib?: boolean;
}

export interface ProjectSources {
  root: string;
  /** Package name used for the root's own files ('' unless the root is itself a package checkout such as Mathlib). */
  rootPkg: string;
  packages: PackageInfo[];
  files: SourceFile[];
  skipped: SkippedFile[];
  /** Contents of `lean-toolchain`, trimmed; undefined when absent. */
  toolchain?: string;
  /** name → rev, from lake-manifest.json. */
  manifestRevs: Record<string, string>;
  hasManifest: boolean;
  /** Folders left out on purpose (build output, VCS, test folders of packages), relative to the root. */
  excludedDirs: string[];
}

export interface DiscoverOptions {
  maxFileBytes?: number;
  /** Override the package name of the root's own files. */
  rootPkg?: string;
  /** Keep the test folders of packages (`MathlibTest`, `test`, …); default false. */
  includePackageTests?: boolean;
  /** Stat files of manifest-pinned packages too (default false: their `size` is -1 and `mtimeMs` 0). */
  statPinned?: boolean;
}

/** Folders never indexed anywhere (besides every folder whose name starts with a dot). */
const ALWAYS_SKIPPED_DIRS = new Set(['.lake', '.git', 'lake-packages', 'node_modules']);
/** Top-level folders of a package that hold its tests, not its library. */
const TEST_DIR = /^(tests?|Tests?|[A-Za-z]*Tests?)$/;

interface Manifest {
  name?: string;
  packagesDir?: string;
  packages: { name: string; rev?: string; dir?: string; type?: string }[];
}

function readManifest(root: string): Manifest | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(root, 'lake-manifest.json'), 'utf8')) as Record<string, unknown>;
    const pkgs = Array.isArray(raw.packages) ? raw.packages : [];
    return {
      name: typeof raw.name === 'string' ? raw.name : undefined,
      packagesDir: typeof raw.packagesDir === 'string' ? raw.packagesDir : undefined,
      packages: pkgs
        .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string')
        .map((p) => ({
          name: String(p.name),
          rev: typeof p.rev === 'string' ? p.rev : undefined,
          dir: typeof p.dir === 'string' ? p.dir : undefined,
          type: typeof p.type === 'string' ? p.type : undefined,
        })),
    };
  } catch {
    return undefined;
  }
}

/** The package name declared by a lakefile (`package mathlib where` / `name = "mathlib"`). */
function readLakefileName(root: string): string | undefined {
  try {
    const lean = fs.readFileSync(path.join(root, 'lakefile.lean'), 'utf8');
    const m = /^package\s+(?:«([^»]+)»|([A-Za-z_][\w'!?]*))/m.exec(lean);
    if (m) return m[1] ?? m[2];
  } catch {
    /* try toml */
  }
  try {
    const toml = fs.readFileSync(path.join(root, 'lakefile.toml'), 'utf8');
    const m = /^name\s*=\s*"([^"]+)"/m.exec(toml);
    if (m) return m[1];
  } catch {
    /* none */
  }
  return undefined;
}

/**
 * Module roots of the default-target libraries declared by a package's lakefile: `@[default_target]
 * lean_lib X` (roots from `roots := #[`A, `B]`, else X) or lakefile.toml's `defaultTargets` matched
 * against `[[lean_lib]]` entries. Undefined when there is no lakefile or it names no default library.
 */
export function readDefaultLibRoots(dir: string): string[] | undefined {
  const roots: string[] = [];
  const strip = (n: string) => n.replace(/[«»]/g, '');
  try {
    const lean = fs.readFileSync(path.join(dir, 'lakefile.lean'), 'utf8');
    const re = /@\[\s*default_target\s*\]\s*lean_lib\s+(«[^»]+»|[A-Za-z_][\w.'!?]*)/g;
    for (let m = re.exec(lean); m; m = re.exec(lean)) {
      const lib = strip(m[1]);
      // The lib's own config block runs until the next top-level command.
      const rest = lean.slice(m.index + m[0].length);
      const next = rest.search(/\n(?:@\[|lean_lib|lean_exe|require|target|extern_lib|package|script|\/--|-- |def |\/-)/);
      const block = next < 0 ? rest : rest.slice(0, next);
      const r = /roots\s*:=\s*#\[([^\]]*)\]/.exec(block);
      const listed = r ? [...r[1].matchAll(/`(«[^»]+»|[A-Za-z_][\w.'!?]*)/g)].map((x) => strip(x[1])) : [];
      roots.push(...(listed.length ? listed : [lib]));
    }
    return roots.length ? roots : undefined;
  } catch {
    /* try toml */
  }
  try {
    const toml = fs.readFileSync(path.join(dir, 'lakefile.toml'), 'utf8');
    const dt = /^defaultTargets\s*=\s*\[([^\]]*)\]/m.exec(toml);
    if (!dt) return undefined;
    const targets = [...dt[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
    const libs = toml.split(/^\[\[lean_lib\]\]\s*$/m).slice(1);
    for (const t of targets) {
      const lib = libs.find((b) => new RegExp(`^name\\s*=\\s*"${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'm').test(b.split(/^\[/m)[0]));
      if (!lib) continue; // a default target that is an executable
      const body = lib.split(/^\[/m)[0];
      const r = /^roots\s*=\s*\[([^\]]*)\]/m.exec(body);
      const listed = r ? [...r[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
      roots.push(...(listed.length ? listed : [t]));
    }
    return roots.length ? roots : undefined;
  } catch {
    return undefined;
  }
}

function inLibRoots(module: string, roots: string[]): boolean {
  for (const r of roots) if (module === r || module.startsWith(r + '.')) return true;
  return false;
}

function readToolchain(root: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, 'lean-toolchain'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Module name of a file relative to its package root: `Mathlib/Topology/Basic.lean` → `Mathlib.Topology.Basic`. */
export function moduleNameOf(relToPackage: string): string {
  const noExt = toPosix(relToPackage).replace(/\.lean$/, '');
  return noExt
    .split('/')
    .filter((c) => c.length > 0)
    .join('.');
}

/**
 * Discover the project's sources. `root` may be a Lake project (own files + `.lake/packages/*`),
 * a package checkout such as Mathlib itself, or any folder of `.lean` files.
 */
export function discoverProject(root: string, opts: DiscoverOptions = {}): ProjectSources {
  const absRoot = path.resolve(root);
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skipped: SkippedFile[] = [];
  const files: SourceFile[] = [];
  const excludedDirs: string[] = [];
  const manifest = readManifest(absRoot);
  const manifestRevs: Record<string, string> = {};
  for (const p of manifest?.packages ?? []) if (p.rev) manifestRevs[p.name] = p.rev;

  let rootStat: fs.Stats | undefined;
  try {
    rootStat = fs.statSync(absRoot);
  } catch (e) {
    skipped.push({ file: absRoot, reason: `project folder not readable: ${(e as Error).message}` });
  }
  if (rootStat && !rootStat.isDirectory()) {
    skipped.push({ file: absRoot, reason: 'project path is not a folder' });
    rootStat = undefined;
  }

  const packagesDir = path.join(absRoot, manifest?.packagesDir ?? '.lake/packages');
  const packages: PackageInfo[] = [];
  const depDirs: { name: string; dir: string }[] = [];
  if (rootStat) {
    const seenNames = new Set<string>();
    for (const p of manifest?.packages ?? []) {
      // Path dependencies live where `dir` says; git ones under packagesDir/<name>.
      const dir = p.type === 'path' && p.dir ? path.resolve(absRoot, p.dir) : path.join(packagesDir, p.name);
      if (isDir(dir)) {
        depDirs.push({ name: p.name, dir });
        seenNames.add(p.name);
      }
    }
    // Packages present on disk but missing from the manifest (hand-copied, manifest absent) still count.
    for (const entry of safeReaddir(packagesDir)) {
      if (!seenNames.has(entry) && isDir(path.join(packagesDir, entry))) depDirs.push({ name: entry, dir: path.join(packagesDir, entry) });
    }
  }
  const rootIsPackageCheckout = depDirs.length === 0;
  const declaredName = manifest?.name ?? readLakefileName(absRoot);
  const rootPkg = opts.rootPkg ?? (rootIsPackageCheckout && declaredName ? declaredName : '');

  const withLibs = (p: PackageInfo): PackageInfo => {
    const roots = readDefaultLibRoots(p.dir);
    return roots ? { ...p, defaultLibRoots: roots } : p;
  };
  packages.push(withLibs({ name: rootPkg, dir: absRoot, rel: '', isRoot: true }));
  for (const d of depDirs) {
    packages.push(withLibs({ name: d.name, dir: d.dir, rel: toPosix(path.relative(absRoot, d.dir)), rev: manifestRevs[d.name], isRoot: false }));
  }

  // Loop detection by real path: only the package roots and symlinked folders need realpath (it lstats
  // every path component); a plain subfolder's real path is its parent's plus its name.
  const visited = new Set<string>();
  const relOf = (abs: string) => toPosix(path.relative(absRoot, abs));
  for (const pkg of rootStat ? packages : []) {
    const skipTests = !opts.includePackageTests && (!pkg.isRoot || pkg.name !== '');
    // Files of a package pinned by the manifest follow its rev: no need to stat them here (warm opens
    // key them by the rev); their size is checked when they are read.
    const pinned = !pkg.isRoot && !!pkg.rev && opts.statPinned !== true;
    let realRoot: string;
    try {
      realRoot = fs.realpathSync(pkg.dir);
    } catch (e) {
      skipped.push({ file: relOf(pkg.dir), reason: `unreadable folder: ${(e as Error).message}` });
      continue;
    }
    const pkgRel = relOf(pkg.dir);
    const libRoots = pkg.defaultLibRoots;
    walk(pkg.dir, realRoot, pkgRel, '', 0);

    /** `rel`: path from the project root; `modRel`: path from the package root (for module names). */
    function walk(dir: string, real: string, rel: string, modRel: string, depth: number): void {
      if (visited.has(real)) {
        if (depth > 0) skipped.push({ file: rel, reason: 'symlink loop or folder already indexed' });
        return;
      }
      visited.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({ file: rel || '.', reason: `unreadable folder: ${(e as Error).message}` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const ent of entries) {
        const name = ent.name;
        const abs = dir + path.sep + name;
        const entRel = rel ? `${rel}/${name}` : name;
        let isDirectory = ent.isDirectory();
        let isFile = ent.isFile();
        let stat: fs.Stats | undefined;
        const isLink = ent.isSymbolicLink();
        if (isLink) {
          try {
            stat = fs.statSync(abs);
            isDirectory = stat.isDirectory();
            isFile = stat.isFile();
          } catch {
            if (name.endsWith('.lean')) skipped.push({ file: entRel, reason: 'broken symlink' });
            continue;
          }
        }
        if (isDirectory) {
          if (ALWAYS_SKIPPED_DIRS.has(name) || name.startsWith('.')) {
            if (name === '.lake' || name === '.git') excludedDirs.push(entRel);
            continue;
          }
          if (depth === 0 && skipTests && TEST_DIR.test(name)) {
            excludedDirs.push(entRel);
            continue;
          }
          let subReal = real + path.sep + name;
          if (isLink) {
            try {
              subReal = fs.realpathSync(abs);
            } catch (e) {
              skipped.push({ file: entRel, reason: `unreadable folder: ${(e as Error).message}` });
              continue;
            }
          }
          walk(abs, subReal, entRel, modRel ? `${modRel}/${name}` : name, depth + 1);
        } else if (isFile && name.endsWith('.lean')) {
          if (depth === 0 && /^lakefile\.lean$/i.test(name)) continue; // build configuration, not library
          const module = moduleNameOf(modRel ? `${modRel}/${name}` : name);
          const lib = libRoots ? { inDefaultLib: inLibRoots(module, libRoots) } : {};
          if (pinned && !stat) {
            files.push({ abs, rel: entRel, module, pkg: pkg.name, size: -1, mtimeMs: 0, pinned: true, ...lib });
            continue;
          }
          try {
            stat ??= fs.statSync(abs);
          } catch (e) {
            skipped.push({ file: entRel, reason: `unreadable: ${(e as Error).message}` });
            continue;
          }
          if (stat.size > maxBytes) {
            skipped.push({ file: entRel, reason: tooLargeReason(stat.size, maxBytes) });
            continue;
          }
          files.push({ abs, rel: entRel, module, pkg: pkg.name, size: stat.size, mtimeMs: stat.mtimeMs, pinned, ...lib });
        }
      }
    }
  }

  return {
    root: absRoot,
    rootPkg,
    packages,
    files,
    skipped,
    toolchain: readToolchain(absRoot),
    manifestRevs,
    hasManifest: !!manifest,
    excludedDirs,
  };
}

/** Skip reason for a file over the size cap (also used when a pinned file's size is only known on reading). */
export function tooLargeReason(size: number, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  const mb = (b: number) => (Number.isInteger(b / 1048576) ? `${b / 1048576} MB` : b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
  return `too large (${mb(size)} > ${mb(maxBytes)} cap; raise it with --max-file-mb or leanscout.index.maxFileSizeMB)`;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
function safeReaddir(p: string): string[] {
  try {
    return fs.readdirSync(p).sort();
  } catch {
    return [];
  }
}

/**
 * Fingerprint of what an index is built from: extractor version, toolchain, manifest revisions, and per
 * file path+size+mtime; the user's own files (pkg '' and unpinned ones) are hashed by content, since an
 * editor save may keep the size and a coarse mtime. Cheap: dependency files are never read here.
 */
export function computeFingerprint(src: ProjectSources, extra = ''): string {
  const h = createHash('sha256');
  h.update(`extractor:${EXTRACTOR_VERSION}\ntoolchain:${src.toolchain ?? ''}\nextra:${extra}\n`);
  for (const name of Object.keys(src.manifestRevs).sort()) h.update(`rev:${name}=${src.manifestRevs[name]}\n`);
  for (const f of src.files) {
    // A pinned package's files follow its manifest rev (hashed above): their path list is enough.
    if (f.pinned) h.update(`${f.rel}\0${f.pkg}\n`);
    else h.update(`${f.rel}\0${f.pkg}\0${f.size}\0${Math.floor(f.mtimeMs)}\n`);
    if (f.pkg === '' && !f.pinned) {
      try {
        h.update(fs.readFileSync(f.abs));
      } catch {
        h.update('unreadable');
      }
    }
  }
  for (const s of src.skipped) h.update(`skip:${s.file}\0${s.reason}\n`);
  return h.digest('hex');
}

/** Content hash of one file's text (used for per-file caches and re-index on save). */
export function hashText(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('hex');
}

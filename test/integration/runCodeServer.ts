// Integration tests in a real VS Code: code-server 4.139.1 (VS Code 1.139.1) driven by Debian's Chromium
// through playwright-core. What CI runs (`npm run test:integration`). Facts: /work/shared/docs/real-vscode.md.
//
// 1. Sets up Node 24 + code-server + Chromium on first use (setup.ts, cached in .cache/).
// 2. Starts ONE code-server in its own process group, with temp XDG/user-data/extensions dirs.
// 3. Runs the mocha suites (index.ts → out/test/integration/suite/*.test.js) inside the extension host,
//    once per Lean path: (a) with the Lean 4 API test double loaded, (b) without it, LeanScout's own
//    vscode-languageclient starting the Lean-protocol test server via `leanscout.lean.serverCommand`.
// 4. Runs Playwright UI scenarios for (a) and (b): opens a fixture .lean file, puts the cursor in a proof,
//    opens the LeanScout panel and checks what a user sees in the webview's DOM; writes screenshots to
//    .test-artifacts/.
// Everything it starts is killed on exit, also on failure or Ctrl-C.
//
// Options: --suites-only, --ui-only, --only=lean4|own, --keep (keep the temp dir), --headed (needs a display).
// Env: LEANSCOUT_TEST_GREP=<regexp> limits the mocha tests; LEANSCOUT_TEST_GOAL_DELAY_MS (default 0) is how
// long the Lean-protocol test server takes for each goal answer in the suites' workspaces.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Frame, Page } from 'playwright-core';
import { ensureVscodeSetup, repoRoot, type VscodeSetup } from './setup';

// Resolved from node_modules at run time: playwright-core and esbuild must not be bundled into this script.
const requireAtRuntime = createRequire(__filename);

const ROOT = repoRoot();
const ARTIFACTS = join(ROOT, '.test-artifacts');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'lean-project');
const FIXTURE_SCRIPT = join(FIXTURE, 'leanscout-test-script.json');
const LEAN4_DOUBLE = join(ROOT, 'test', 'fixtures', 'lean4-api-test-extension');
const LEAN_STANDINS = join(ROOT, 'test', 'fixtures', 'lean-toolchain-standins');
const TEST_SERVER_JS = join(ROOT, 'out', 'test', 'servers', 'lean-protocol-test-server.js');
const TESTS_ENTRY = join(ROOT, 'out', 'test', 'integration', 'index.js');

type LeanPath = 'lean4' | 'lean4-late' | 'own' | 'double';
const PATH_TITLE: Record<LeanPath, string> = {
  lean4: 'Lean-protocol test server behind the real Lean 4 extension 0.0.239 (lean/lake stand-ins)',
  'lean4-late': 'the real Lean 4 extension not ready in time (its `lean --version` held back): own client, then the extension takes over',
  own: "Lean-protocol test server via LeanScout's own vscode-languageclient",
  double: 'Lean-protocol test server via the Lean 4 API test double (an older extension: raw diagnostics batches)',
};

const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length) as LeanPath | undefined;
const paths: LeanPath[] = only ? [only] : ['lean4', 'lean4-late', 'own', 'double'];
const realLean4 = (path: LeanPath) => path === 'lean4' || path === 'lean4-late';

/** The real Lean 4 extension's VSIX and the stand-in of its one dependency (kept beside the project, in
 *  ../shared/vscode-lean4; LEANSCOUT_LEAN4_VSIX_DIR names another folder). */
function lean4VsixDir(): string {
  const candidates = [process.env.LEANSCOUT_LEAN4_VSIX_DIR, join(ROOT, '..', 'shared', 'vscode-lean4'), '/work/shared/vscode-lean4'].filter((d): d is string => !!d);
  const dir = candidates.find((d) => existsSync(join(d, 'leanprover.lean4-0.0.239.vsix')));
  if (!dir) throw new Error(`the real Lean 4 extension's VSIX (leanprover.lean4-0.0.239.vsix) is in none of: ${candidates.join(', ')} — set LEANSCOUT_LEAN4_VSIX_DIR`);
  return dir;
}

// ------------------------------------------------------------------------------------------ cleanup

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        console.error(`[cleanup] ${(e as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    console.error(`[runner] ${sig}: stopping everything started`);
    void cleanup().then(() => process.exit(130));
  });
}

/** Kills a process group (the child was started detached, i.e. setsid), then makes sure it is gone. */
async function killGroup(child: ChildProcess, name: string): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // The leader exited; its group may still have members (e.g. test servers): signal the group anyway.
    if (child.pid !== undefined) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
    return;
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000));
  if ((await Promise.race([exited, timer])) === 'timeout') console.error(`[cleanup] ${name} ignored SIGTERM; killing`);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
}

// ------------------------------------------------------------------------------------------ helpers

const log = (msg: string) => console.log(`[runner] ${msg}`);
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

function requireBuilt(): void {
  const missing = [join(ROOT, 'dist', 'extension.js'), TESTS_ENTRY, TEST_SERVER_JS].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} — run \`npm run build && node esbuild.config.mjs --tests\` (npm run test:integration does)`);
}

/** Bundles the Lean 4 API test double (vscode-jsonrpc inlined, `vscode` external) into its dist/. */
async function buildLean4Double(): Promise<void> {
  const esbuild = requireAtRuntime('esbuild') as typeof import('esbuild');
  await esbuild.build({
    entryPoints: [join(LEAN4_DOUBLE, 'src', 'extension.ts')],
    outfile: join(LEAN4_DOUBLE, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
}

/** A fresh copy of the fixture project (tests edit documents and the index writes its cache there). */
function workspaceCopy(tmp: string, name: string, path: LeanPath, goalDelayMs = 0): string {
  const dir = join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !src.includes(`${FIXTURE}/.lake`) });
  if (goalDelayMs > 0) {
    // Lean takes a while to answer; with a delay superseded goal requests overlap, as they do with real Lean.
    const scriptPath = join(dir, 'leanscout-test-script.json');
    const script = JSON.parse(readFileSync(scriptPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(scriptPath, JSON.stringify({ ...script, delayMs: goalDelayMs }, null, 2));
  }
  const settings: Record<string, unknown> = { 'leanscout.goalDebounceMs': 100 };
  if (path === 'lean4-late') settings['leanscout.lean.extensionTimeoutMs'] = 2000;
  if (realLean4(path)) {
    // The real Lean 4 extension starts `lake serve` from the stand-ins (see lean-toolchain-standins/lake); it asks
    // for no toolchain setup. LeanScout's own client, used only if the extension is not ready in time, starts the same.
    settings['lean4.infoview.autoOpen'] = false;
    settings['leanscout.lean.serverCommand'] = `${join(LEAN_STANDINS, 'lake')} serve`;
  }
  if (path === 'own') {
    // The Lean 4 extension is absent in this window; LeanScout's own client starts this instead of `lake serve` (the command line is what a user would type).
    settings['leanscout.lean.serverCommand'] = `node ${TEST_SERVER_JS} --script ${join(dir, 'leanscout-test-script.json')}`;
  }
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  return dir;
}

function userSettings(path: LeanPath): Record<string, unknown> {
  const lean4: Record<string, unknown> = !realLean4(path) ? {} : {
    // What a user's settings hold where `lean`/`lake` are not on VS Code's own PATH (see ../shared/vscode-lean4).
    'lean4.envPathExtensions': [LEAN_STANDINS],
    'lean4.showSetupWarnings': false,
    'lean4.infoview.autoOpen': false,
  };
  return {
    ...lean4,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'github.copilot.enable': { '*': false },
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    'editor.minimap.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
  };
}

// ------------------------------------------------------------------------------------------ code-server

interface CodeServer {
  port: number;
  base: string;
  stop(): Promise<void>;
}

/** Installs the Lean 4 API test double into an extensions dir: VS Code finds extensions there by their
 *  `<publisher>.<name>-<version>` folder (no VSIX needed for a folder that already holds the built code). */
function installLean4Double(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(LEAN4_DOUBLE, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  cpSync(LEAN4_DOUBLE, target, { recursive: true, filter: (src) => !src.includes('/src') });
}

/** Installs the real Lean 4 extension (0.0.239) and the stand-in of its dependency, as a user does from VSIX files. */
function installRealLean4(setup: VscodeSetup, extensionsDir: string): void {
  const dir = lean4VsixDir();
  for (const vsix of ['tamasfe.even-better-toml-0.0.1-standin.vsix', 'leanprover.lean4-0.0.239.vsix']) {
    const t0 = Date.now();
    const r = spawnSync(setup.node, [setup.codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', join(dir, vsix)], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stderr || r.stdout}`);
    log(`installed ${vsix} in ${seconds(t0)} s`);
  }
}

async function startCodeServer(setup: VscodeSetup, tmp: string, path: LeanPath): Promise<CodeServer> {
  const port = await freePort();
  const extensionsDir = join(tmp, `extensions-${path}`);
  mkdirSync(extensionsDir, { recursive: true });
  if (path === 'double') installLean4Double(extensionsDir);
  if (realLean4(path)) installRealLean4(setup, extensionsDir);
  const extraEnv: Record<string, string> = {};
  if (path === 'lean4-late') {
    // Only the takeover test runs in this window; `lean --version` waits until that test removes the gate file.
    const gate = join(tmp, 'lean-version-gate');
    writeFileSync(gate, 'the stand-in `lean --version` waits while this file exists\n');
    extraEnv.LEANSCOUT_TEST_LEAN_VERSION_GATE = gate;
    extraEnv.LEANSCOUT_TEST_GREP = 'not ready in time';
  }
  const userData = join(tmp, `user-data-${path}`);
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(userSettings(path), null, 2));
  const xdg = join(tmp, 'xdg');
  for (const d of ['config', 'data', 'cache']) mkdirSync(join(xdg, d), { recursive: true });
  const argv = [
    setup.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  let output = '';
  const child = spawn(setup.node, argv, {
    cwd: tmp,
    detached: true, // own process group (setsid): the whole tree can be ended by the group id
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      LEANSCOUT_TEST_LEAN_SERVER_JS: TEST_SERVER_JS,
      ...extraEnv,
      // keep the extension host's children on the machine's Node (the test server's `node` in serverCommand)
      PATH: process.env.PATH ?? '',
    },
  });
  const keep = (d: Buffer) => {
    output += String(d);
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = () => killGroup(child, 'code-server');
  cleanups.push(stop);
  const t0 = Date.now();
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, 60_000, () => output);
  log(`code-server ready on port ${port} in ${seconds(t0)} s (pid ${child.pid}, own process group)`);
  return { port, base: `http://127.0.0.1:${port}`, stop };
}

function workbenchUrl(cs: CodeServer, folder: string, payload: [string, string][]): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const pairs = payload.map(([k, v]) => [k, remote(v)]);
  return `${cs.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(pairs))}`;
}

/** LeanScout itself is loaded from the repository (extensionDevelopmentPath). code-server takes one
 *  development path only, so the Lean 4 API test double is installed in the extensions dir instead. */
function devPaths(): [string, string][] {
  return [['extensionDevelopmentPath', ROOT]];
}

async function newPage(browser: Browser, label: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
  const page = await context.newPage();
  const verbose = process.env.LEANSCOUT_TEST_VERBOSE === '1';
  page.on('console', (m: ConsoleMessage) => {
    // The extension host's console (the suites' reporter, LeanScout's logs) reaches the page console.
    const text = m.text();
    const at = text.indexOf('[leanscout-test] ');
    if (at >= 0) console.log(`  [${label}] ${text.slice(at + '[leanscout-test] '.length)}`);
    else if (verbose || text.includes('[measure]')) console.log(`  [${label}] ${text}`);
  });
  page.on('pageerror', (e) => console.log(`  [${label}] page error: ${e.message}`));
  return { context, page };
}

// ------------------------------------------------------------------------------------------ mocha suites

async function runSuites(browser: Browser, cs: CodeServer, tmp: string, path: LeanPath): Promise<boolean> {
  const t0 = Date.now();
  const folder = workspaceCopy(tmp, `ws-suites-${path}`, path, Number(process.env.LEANSCOUT_TEST_GOAL_DELAY_MS ?? 0));
  const { context, page } = await newPage(browser, `suites ${path}`);
  try {
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    log(`mocha suites — ${PATH_TITLE[path]}`);
    await page.goto(workbenchUrl(cs, folder, [...devPaths(), ['extensionTestsPath', TESTS_ENTRY]]));
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 8 * 60_000));
    const result = await Promise.race([exitCode, timeout]);
    if (result === 'timeout') {
      await page.screenshot({ path: join(ARTIFACTS, `suites-${path}-timeout.png`) }).catch(() => undefined);
      console.error(`[runner] FAIL: mocha suites (${PATH_TITLE[path]}) did not finish within 8 minutes`);
      return false;
    }
    log(`mocha suites (${path}) exited with ${result} after ${seconds(t0)} s`);
    return result === 0;
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------ UI scenarios

class UiFailure extends Error {}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, last?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new UiFailure(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `; saw: ${await last().catch((e) => String(e))}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The LeanScout panel's frame: webview content sits in nested iframes; find the one with our testids. */
async function panelFrame(page: Page): Promise<Frame> {
  return until('the LeanScout panel webview', async () => {
    for (const f of page.frames()) {
      if ((await f.$('[data-testid="panel-state"], [data-testid="goal"]').catch(() => null)) !== null) return f;
    }
    return undefined;
  });
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function openFileAt(page: Page, relPath: string, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relPath);
  const name = relPath.split('/').pop()!;
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label^="${name}"]`).first().waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
  // Go to line:column (1-based).
  await page.keyboard.press('Control+G');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The width of the primary sidebar (where the LeanScout panel is). */
async function sidebarWidth(page: Page): Promise<number> {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  return Math.round(box?.width ?? 0);
}

/** Drags the sash between the sidebar and the editor until the sidebar is `width` px wide. */
async function setSidebarWidth(page: Page, width: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await page.locator('.part.sidebar').first().boundingBox();
    if (!box) throw new UiFailure('no sidebar to resize');
    if (Math.abs(box.width - width) <= 2) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
    await page.mouse.move(box.x + width, y, { steps: 4 });
    await page.mouse.up();
    await new Promise((r) => setTimeout(r, 300));
  }
  const final = await sidebarWidth(page);
  if (Math.abs(final - width) > 4) throw new UiFailure(`the sidebar is ${final} px wide, not ${width}`);
}

/** The text of the editor's rendered lines (Monaco renders spaces as U+00A0). */
async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

function scriptGoal(file: string, line0: number, char0: number): string[] {
  const script = JSON.parse(readFileSync(FIXTURE_SCRIPT, 'utf8')) as { goals: { uriSuffix: string; line: number; fromChar?: number; goals?: string[] }[] };
  const entry = script.goals.find((g) => file.endsWith(g.uriSuffix) && g.line === line0 && (g.fromChar === undefined || char0 >= g.fromChar));
  if (!entry?.goals) throw new Error(`the fixture script has no goals for ${file}:${line0}`);
  return entry.goals;
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

async function uiScenario(browser: Browser, cs: CodeServer, tmp: string, path: LeanPath): Promise<boolean> {
  const t0 = Date.now();
  const title = `UI — ${PATH_TITLE[path]}`;
  log(title);
  const folder = workspaceCopy(tmp, `ws-ui-${path}`, path);
  const { context, page } = await newPage(browser, `ui ${path}`);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const step = (s: string) => console.log(`  [ui ${path}] ${s}`);
  try {
    await page.goto(workbenchUrl(cs, folder, devPaths()));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    step(`workbench shown after ${seconds(t0)} s`);

    // The cursor in the proof of algebra_sqineq_at2malt1 (on its `sorry` line).
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const lines = readFileSync(join(folder, file), 'utf8').split('\n');
    const line0 = lines.findIndex((l) => l.startsWith('theorem algebra_sqineq_at2malt1')) + 1;
    const expectedGoal = scriptGoal(file, line0, 2);
    await openFileAt(page, file, line0 + 1, 3);
    step(`opened ${file} at line ${line0 + 1}`);

    await runCommand(page, 'LeanScout: Open Panel');
    const frame = await panelFrame(page);
    step('panel webview found');

    const goalText = await until(
      'the goal in the panel',
      async () => {
        const t = await frame.locator('[data-testid="goal"]').innerText({ timeout: 1000 });
        return normalize(t).includes(normalize(expectedGoal[0])) ? t : undefined;
      },
      60_000,
      async () => `goal=${JSON.stringify(await frame.locator('[data-testid="goal"]').innerText({ timeout: 1000 }).catch(() => '?'))} state=${JSON.stringify(await frame.locator('[data-testid="panel-state"]').innerText({ timeout: 1000 }).catch(() => '?'))}`,
    );
    step(`goal shown: ${JSON.stringify(normalize(goalText).slice(0, 80))}`);
    const readyState = await frame.locator('[data-testid="panel-state"]').getAttribute('data-state');
    if (readyState !== 'ready') throw new UiFailure(`panel-state is ${readyState} while a goal is shown`);

    const wanted = 'LeanscoutFixture.mul_two_sub_le_one';
    const premiseNames = await until(
      `premises for the goal, including ${wanted}`,
      async () => {
        const names = await frame.locator('[data-testid="premise"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
        return names.includes(wanted) ? names : undefined;
      },
      60_000,
      async () => JSON.stringify(await frame.locator('[data-testid="premise"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))),
    );
    step(`premises shown (${premiseNames.length}): ${premiseNames.slice(0, 5).join(', ')}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    const visiblePremises = await frame.evaluate(() => [...document.querySelectorAll('[data-testid="premise"]')].filter((el) => el.getBoundingClientRect().bottom <= window.innerHeight).length);
    step(`${visiblePremises} premises visible without scrolling, with the goal shown, at ${await sidebarWidth(page)} px`);
    if (visiblePremises < Math.min(5, premiseNames.length)) throw new UiFailure(`only ${visiblePremises} premises are visible without scrolling`);
    await page.screenshot({ path: join(ARTIFACTS, `panel-${path}.png`) });
    if (path === 'lean4') await page.screenshot({ path: join(ARTIFACTS, 'panel.png') });
    step(`screenshot .test-artifacts/panel-${path}.png`);

    // Insert `exact <premise>` at the cursor by clicking the row's button: the document changes.
    const before = await editorText(page);
    const row = frame.locator(`[data-testid="premise"][data-name="${wanted}"]`).first();
    await row.focus(); // a row with the focus shows every action
    await row.locator('[data-testid="insert-exact"]').click();
    const inserted = await until(`"exact ${wanted}" in the document`, async () => {
      const t = await editorText(page);
      return t !== before && t.includes(`exact ${wanted}`) ? t : undefined;
    }, 15_000, async () => (await editorText(page)).split('\n').slice(line0 - 2, line0 + 3).join(' | '));
    step(`insert-exact changed the document: ${JSON.stringify(inserted.split('\n').find((l) => l.includes('exact ')))}`);
    const insertedLine = inserted.split('\n').find((l) => l.includes(`exact ${wanted}`)) ?? '';
    if (/\bsorry\b/.test(insertedLine)) throw new UiFailure(`inserting with the cursor on \`sorry\` kept it: ${JSON.stringify(insertedLine)}`);
    // Inserting hands the focus to the editor (after the edit): wait for it, or the search text below could be typed
    // into the editor instead of the panel's box.
    await until('the editor to take the focus after the insertion', async () => ((await page.locator('.monaco-editor.focused').count()) > 0 ? true : undefined), 10_000);
    const afterInsert = await editorText(page);

    // Search: words find the fixture's definition.
    const search = frame.locator('[data-testid="search-input"]');
    const searchBox = (await search.locator('input').count()) > 0 ? search.locator('input').first() : search;
    /** Types a query into the panel's search box (checking that it landed there) and presses Enter. */
    const searchFor = async (query: string) => {
      await searchBox.fill(query);
      const value = await searchBox.inputValue().catch(() => search.evaluate((e) => (e as HTMLInputElement).value));
      if (value !== query) throw new UiFailure(`the search box holds ${JSON.stringify(value)} after typing ${JSON.stringify(query)}`);
      await searchBox.press('Enter');
    };
    const searchSeen = async () => JSON.stringify({
      results: await frame.locator('[data-testid="search-result"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
      list: (await frame.locator('[data-testid="search-results"]').innerText({ timeout: 1000 })).slice(0, 200),
    });
    await searchFor('triangular number');
    await until('a search result for "triangular number"', async () => {
      const names = await frame.locator('[data-testid="search-result"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      return names.includes('LeanscoutFixture.triangular') ? names : undefined;
    }, 20_000, searchSeen);
    step('search "triangular number" → LeanscoutFixture.triangular');

    // A goal state of several lines pasted into the one-line box: shown joined, searched with its lines (the lemma
    // stating its target among the first three).
    const pastedGoal = 'x : ℝ\nh : |x| ≤ 1\n⊢ x ^ 2 ≤ 1';
    await searchBox.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true }));
    }, pastedGoal);
    const pastedTop = await until('search results for a pasted goal state', async () => {
      const names = await frame.locator('[data-testid="search-result"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      return names.slice(0, 3).includes('LeanscoutFixture.sq_le_one_of_abs_le_one') ? names : undefined;
    }, 20_000, searchSeen);
    const shownPasted = await searchBox.inputValue().catch(() => search.evaluate((e) => (e as HTMLInputElement).value));
    if (shownPasted !== 'x : ℝ h : |x| ≤ 1 ⊢ x ^ 2 ≤ 1') throw new UiFailure(`the box shows ${JSON.stringify(shownPasted)} after pasting a goal`);
    step(`pasted goal of 3 lines → ${pastedTop.slice(0, 3).join(', ')}; the box shows ${JSON.stringify(shownPasted)}`);
    if ((await editorText(page)) !== afterInsert) throw new UiFailure('typing into the search box changed the document');

    /** Waits until the search list shows `name` first (the answer to the search just typed, not an older list's row). */
    const firstResult = (name: string) =>
      until(`${name} first in the search results`, async () => {
        const names = await frame.locator('[data-testid="search-result"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
        return names[0] === name ? names : undefined;
      }, 20_000, searchSeen);

    // A docstring with markup shows as those characters, and creates no element.
    await searchFor('two_pow_three_mod_seven');
    await firstResult('LeanscoutFixture.two_pow_three_mod_seven');
    const xssRow = frame.locator('[data-testid="search-result"][data-name="LeanscoutFixture.two_pow_three_mod_seven"]').first();
    await xssRow.waitFor({ timeout: 20_000 });
    // The docstring shows on the row with the focus; a list drawn again (a later answer to the same search) takes the
    // focus away, so focus and read until it shows (or time runs out).
    await until('the docstring on the focused row', async () => {
      await xssRow.focus().catch(() => undefined);
      const t = await xssRow.innerText({ timeout: 1000 }).catch(() => '');
      return t.includes('<img src=x onerror=alert(1)>') ? t : undefined;
    }, 10_000, async () => JSON.stringify(await xssRow.innerText({ timeout: 1000 }).catch(() => '')));
    const imgs = await frame.locator('img[src="x"]').count();
    if (imgs !== 0) throw new UiFailure(`the docstring created ${imgs} <img> element(s)`);
    if (dialogs.length) throw new UiFailure(`a dialog opened: ${dialogs.join('; ')}`);
    const scope = await xssRow.locator('[data-testid="result-scope"]').innerText().catch(() => '');
    step(`docstring markup shown as text; scope: ${JSON.stringify(scope)}`);
    await until('the row scrolled into view', async () => ((await xssRow.scrollIntoViewIfNeeded({ timeout: 2000 }).then(() => true, () => false)) ? true : undefined), 10_000);
    await page.screenshot({ path: join(ARTIFACTS, `search-${path}.png`) });

    // A docstring in Markdown with LaTeX renders as code, a list and typeset math.
    await searchFor('sq_le_one_of_abs_le_one');
    await firstResult('LeanscoutFixture.sq_le_one_of_abs_le_one');
    const mdRow = frame.locator('[data-testid="search-result"][data-name="LeanscoutFixture.sq_le_one_of_abs_le_one"]').first();
    await mdRow.waitFor({ timeout: 20_000 });
    const doc = mdRow.locator('[data-testid="result-doc"]');
    await until('the Markdown docstring on the focused row', async () => {
      await mdRow.focus().catch(() => undefined);
      return (await doc.locator('.katex').count()) > 0 ? true : undefined;
    }, 10_000);
    const rendered = {
      code: await doc.locator('code').allInnerTexts(),
      items: await doc.locator('ul > li').count(),
      math: await doc.locator('.katex').count(),
      mathml: await doc.locator('.katex annotation').allTextContents(),
    };
    if (!rendered.code.includes('x : ℝ') || rendered.items !== 2 || rendered.math !== 1 || !rendered.mathml.some((t) => t.includes('x^2 \\le 1'))) {
      throw new UiFailure(`the docstring did not render as code, list and math: ${JSON.stringify(rendered)}; text ${JSON.stringify(await doc.innerText())}`);
    }
    step(`docstring rendered: code ${JSON.stringify(rendered.code)}, ${rendered.items} list items, math ${JSON.stringify(rendered.mathml)}`);
    await page.screenshot({ path: join(ARTIFACTS, `docstring-${path}.png`) });


    // Tactic suggestions (no model configured: model-free candidates from the premises and automation),
    // each checked in "Lean" — the Lean-protocol test server — and shown with its outcome.
    await frame.locator('[data-testid="tactics-run"]').click();
    const tactics = await until('tactic suggestions checked in Lean', async () => {
      const st = await frame.locator('[data-testid="tactics"] [data-state]').first().getAttribute('data-state', { timeout: 1000 });
      if (st !== 'done' && st !== 'error') return undefined;
      const rows = await frame.locator('[data-testid="tactic"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')}: ${e.getAttribute('data-tactic')}`));
      return { st, rows };
    }, 60_000, async () => (await frame.locator('[data-testid="tactics"]').innerText({ timeout: 1000 })).slice(0, 300));
    step(`tactics (${tactics.st}): ${tactics.rows.slice(0, 8).join(' | ')}`);
    if (tactics.st !== 'done' || tactics.rows.length === 0) {
      throw new UiFailure(`no tactic suggestions: state ${tactics.st}, text ${JSON.stringify((await frame.locator('[data-testid="tactics"]').innerText()).slice(0, 300))}`);
    }
    // The fixture script says which tactics close this goal; one of them must show as "closes".
    if (!tactics.rows.some((r) => r.startsWith('closes: '))) throw new UiFailure(`no suggested tactic shows as closing the goal: ${tactics.rows.join(' | ')}`);
    await frame.locator('[data-testid="tactics"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `tactics-${path}.png`) });
    // Readable at the default sidebar width: no tactic and no premise name takes more than two lines.
    const tooTall = await frame.evaluate(() => {
      // Lines of text = distinct tops of the text's line boxes.
      const lines = (el: Element) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      return [...document.querySelectorAll('.tactic-text, [data-testid="premise"] .name')].filter((el) => lines(el) > 2).map((el) => `${el.textContent} (${lines(el)} lines)`);
    });
    if (tooTall.length) throw new UiFailure(`at the default width these take more than two lines: ${tooTall.join('; ')}`);
    step(`at ${await sidebarWidth(page)} px every tactic and premise name fits on two lines`);

    // "Informalize" on a premise: the informal section shows a text for that declaration.
    const premiseRow = frame.locator(`[data-testid="premise"][data-name="${wanted}"], [data-testid="search-result"][data-name="${wanted}"]`).first();
    await searchBox.fill('');
    await searchBox.press('Enter');
    // (the premise list may be drawn again as the search clears, detaching the row mid-action: try until it takes)
    await until('informalize clicked on the premise', async () => {
      try {
        await premiseRow.scrollIntoViewIfNeeded({ timeout: 2000 });
        await premiseRow.focus({ timeout: 2000 });
        await premiseRow.locator('[data-testid="informalize"]').click({ timeout: 2000 });
        return true;
      } catch {
        return undefined;
      }
    }, 20_000);
    const informal = await until('an informal text', async () => {
      const el = frame.locator('[data-testid="informal-text"]');
      const done = await el.getAttribute('data-done', { timeout: 1000 });
      const text = await el.innerText({ timeout: 1000 });
      return done === 'true' && text.includes('mul_two_sub_le_one') ? text : undefined;
    }, 60_000, async () => (await frame.locator('[data-testid="informal"]').innerText({ timeout: 1000 })).slice(0, 300));
    step(`informal: ${JSON.stringify(normalize(informal).slice(0, 160))}`);
    await frame.locator('[data-testid="informal"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `informal-${path}.png`) });

    // Marks follow the files: a file changed on disk (no save in the editor) and an added import refresh them in place.
    const scopeOf = (name: string) => frame.locator(`[data-testid="search-result"][data-name="${name}"] [data-testid="result-scope"]`).first().innerText({ timeout: 1000 });
    await searchFor('exercise_1_27');
    const proofNet = 'exercise_1_27';
    await until(`"needs import" on ${proofNet}`, async () => (/needs import/.test(await scopeOf(proofNet)) ? true : undefined), 20_000, () => scopeOf(proofNet));
    const basic = join(folder, 'LeanscoutFixture', 'Basic.lean');
    writeFileSync(basic, readFileSync(basic, 'utf8').replace('import Mathlib\n', 'import Mathlib\nimport LeanscoutFixture.ProofNet\n'));
    await until(`"in scope" on ${proofNet} after Basic.lean changed on disk`, async () => (/in scope/.test(await scopeOf(proofNet)) ? true : undefined), 20_000, () => scopeOf(proofNet));
    step(`${proofNet}: "needs import" → "in scope" after Basic.lean changed on disk (no save, no new search)`);
    await searchFor('sq_le_one_of_abs_le_one');
    const extraName = 'LeanscoutFixture.sq_le_one_of_abs_le_one';
    const extraRow = frame.locator(`[data-testid="search-result"][data-name="${extraName}"]`).first();
    await until(`"needs import" on ${extraName}`, async () => (/needs import/.test(await scopeOf(extraName)) ? true : undefined), 20_000, () => scopeOf(extraName));
    // (the list may be drawn again while the click lands, after the refresh above: click until the import is there)
    await until('the import in the document', async () => {
      if ((await editorText(page)).includes('import LeanscoutFixture.Extra')) return true;
      await extraRow.locator('[data-testid="add-import"]').click({ timeout: 2000 });
      await new Promise((r) => setTimeout(r, 700));
      return undefined;
    }, 15_000);
    await until(`"in scope" on ${extraName} after "add import"`, async () => (/in scope/.test(await scopeOf(extraName)) ? true : undefined), 20_000, () => scopeOf(extraName));
    step(`${extraName}: "add import" → "in scope" in place`);

    // Esc in the search box gives the focus back to the editor.
    await searchBox.focus();
    await searchBox.press('Escape');
    await until('the editor to take the focus after Esc in the search box', async () => ((await page.locator('.monaco-editor.focused').count()) > 0 ? true : undefined), 10_000);
    step('Esc in the search box → the editor has the focus');

    // The panel at 250, 300 and 500 px, in a dark and a light theme (kept in .test-artifacts/).
    for (const theme of ['Default Dark Modern', 'Default Light Modern']) {
      // As a user's workspace setting (VS Code applies a changed settings file at once).
      const wsSettings = join(folder, '.vscode', 'settings.json');
      writeFileSync(wsSettings, JSON.stringify({ ...JSON.parse(readFileSync(wsSettings, 'utf8')), 'workbench.colorTheme': theme }, null, 2));
      await until(`the ${theme} theme`, async () => ((await page.locator(theme.includes('Light') ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').count()) > 0 ? true : undefined), 15_000);
      for (const width of [250, 300, 500]) {
        await setSidebarWidth(page, width);
        await frame.locator('[data-testid="goal"]').scrollIntoViewIfNeeded();
        const file = `panel-${path}-${theme.includes('Light') ? 'light' : 'dark'}-${width}.png`;
        await page.screenshot({ path: join(ARTIFACTS, file) });
        step(`screenshot .test-artifacts/${file} (sidebar ${await sidebarWidth(page)} px)`);
      }
    }

    // No Lean editor left: the panel says what to do instead of showing a stale goal.
    await runCommand(page, 'View: Close All Editors');
    const dontSave = page.locator('.monaco-dialog-box button', { hasText: /Don.t Save/ });
    if (await dontSave.first().isVisible({ timeout: 3000 }).catch(() => false)) await dontSave.first().click();
    const emptyState = await until('the "no Lean file" state', async () => {
      const el = frame.locator('[data-testid="panel-state"]');
      const kind = await el.getAttribute('data-state', { timeout: 1000 });
      return kind === 'noEditor' ? await el.innerText({ timeout: 1000 }) : undefined;
    }, 20_000, async () => `${await frame.locator('[data-testid="panel-state"]').getAttribute('data-state')}: ${await frame.locator('[data-testid="panel-state"]').innerText()}`);
    step(`no editor → panel-state: ${JSON.stringify(normalize(emptyState).slice(0, 100))}`);
    if (!/open a lean file/i.test(emptyState)) throw new UiFailure(`the empty state does not say what to do: ${JSON.stringify(emptyState)}`);

    log(`PASS ${title} (${seconds(t0)} s)`);
    return true;
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, `failure-ui-${path}.png`) }).catch(() => undefined);
    console.error(`[runner] FAIL ${title}: ${(e as Error).message}\n  (screenshot .test-artifacts/failure-ui-${path}.png)`);
    return false;
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const t0 = Date.now();
  const setup = ensureVscodeSetup(ROOT);
  requireBuilt();
  await buildLean4Double();
  mkdirSync(ARTIFACTS, { recursive: true });
  // A failure screenshot from an earlier run must not be mistaken for this run's.
  for (const path of paths) for (const f of [`failure-ui-${path}.png`, `suites-${path}-timeout.png`]) rmSync(join(ARTIFACTS, f), { force: true });
  const tmp = mkdtempSync(join(tmpdir(), 'leanscout-it-'));
  if (!args.has('--keep')) cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  else log(`keeping ${tmp}`);

  const { chromium } = requireAtRuntime('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: setup.chromium,
    // Chromium's profile leftovers (crash reports) go to the temp XDG dirs, not $HOME.
    env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg-chromium', 'config'), XDG_CACHE_HOME: join(tmp, 'xdg-chromium', 'cache') },
    headless: !args.has('--headed'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  cleanups.push(() => browser.close());

  const results: { name: string; ok: boolean }[] = [];
  for (const path of paths) {
    // One code-server per Lean path: the Lean 4 API test double is installed only where it is wanted.
    const cs = await startCodeServer(setup, tmp, path);
    if (!args.has('--ui-only')) results.push({ name: `mocha suites — ${PATH_TITLE[path]}`, ok: await runSuites(browser, cs, tmp, path) });
    if (!args.has('--suites-only') && (path === 'lean4' || path === 'own')) results.push({ name: `UI — ${PATH_TITLE[path]}`, ok: await uiScenario(browser, cs, tmp, path) });
    await cs.stop();
  }
  console.log('\nIntegration tests in code-server:');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}`);
  console.log(`  total ${seconds(t0)} s`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`[runner] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    await cleanup();
    process.exit(1);
  });

// Lean core (Init, Std) is indexed from the toolchain the project's `lean-toolchain` names, found where elan installs
// it (test/fixtures/core/elan/toolchains/leanprover--lean4---v4.29.0: small hand-written excerpts of core's syntax),
// or from a folder given by hand (`toolchainDir`, CLI `--toolchain`, $LEANSCOUT_LEAN_TOOLCHAIN). A toolchain change
// rebuilds the index; without the toolchain a note says so and the rest is indexed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { CORE_PKG, TOOLCHAIN_ENV, discoverProject, elanToolchainDirName, locateCore } from '../../src/core/extract/project';
import { instanceBaseName, withoutNamedArgs } from '../../src/core/extract/instanceName';

const FIXTURE = path.resolve('test/fixtures/core');
const ELAN = path.join(FIXTURE, 'elan');
const TOOLCHAIN = path.join(ELAN, 'toolchains', 'leanprover--lean4---v4.29.0');
const PROJECT = path.join(FIXTURE, 'project');
const CLI = path.resolve('dist/cli.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-core-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const tmpDir = (name: string) => {
  const d = path.join(tmp, `${name}-${n++}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};

/** An empty elan home: no toolchain installed. */
const NO_ELAN = tmpDir('no-elan');

/** Opens an engine with $LEANSCOUT_LEAN_TOOLCHAIN unset (restored after), so the machine's setting does not leak in. */
async function open(opts: Parameters<typeof Engine.open>[0]): Promise<Engine> {
  const saved = process.env[TOOLCHAIN_ENV];
  delete process.env[TOOLCHAIN_ENV];
  try {
    return await Engine.open({ extractWorkers: 0, ...opts });
  } finally {
    if (saved !== undefined) process.env[TOOLCHAIN_ENV] = saved;
  }
}

const top = (e: Engine, query: string) => e.search({ query, k: 5 }).hits[0]?.decl;

test("elan's toolchain folder names", () => {
  assert.deepEqual(elanToolchainDirName('leanprover/lean4:v4.29.0-rc1'), { dir: 'leanprover--lean4---v4.29.0-rc1' });
  assert.deepEqual(elanToolchainDirName('leanprover/lean4:v4.29.0-rc1\n'), { dir: 'leanprover--lean4---v4.29.0-rc1' });
  // No origin: leanprover/lean4 (or a linked toolchain of that name); a release starting with a digit gets a `v`.
  assert.deepEqual(elanToolchainDirName('v4.9.0'), { dir: 'leanprover--lean4---v4.9.0', local: 'v4.9.0' });
  assert.equal(elanToolchainDirName('4.9.0').dir, 'leanprover--lean4---v4.9.0');
  assert.equal(elanToolchainDirName('leanprover/lean4:nightly-2025-06-01').dir, 'leanprover--lean4-nightly---nightly-2025-06-01');
  assert.equal(elanToolchainDirName('leanprover/lean4-pr-releases:pr-release-8000').dir, 'leanprover--lean4-pr-releases---pr-release-8000');
  assert.deepEqual(elanToolchainDirName('leanprover/lean4:stable'), { channel: 'leanprover/lean4:stable' });
  assert.deepEqual(elanToolchainDirName('not a toolchain!'), { invalid: true });
});

test('locating core: elan home, a folder given by hand (toolchain or its src/lean), the environment, none', () => {
  const env = {};
  const viaElan = locateCore('leanprover/lean4:v4.29.0', { elanHome: ELAN, env });
  assert.equal(viaElan.core?.dir, TOOLCHAIN);
  assert.equal(viaElan.core?.srcDir, path.join(TOOLCHAIN, 'src', 'lean'));
  assert.equal(viaElan.core?.ileanDir, path.join(TOOLCHAIN, 'lib', 'lean'));
  assert.equal(viaElan.core?.via, 'elan');
  assert.equal(locateCore('leanprover/lean4:v4.29.0', { env: { ELAN_HOME: ELAN } }).core?.dir, TOOLCHAIN);
  assert.equal(locateCore(undefined, { toolchainDir: path.join(TOOLCHAIN, 'src', 'lean'), env }).core?.dir, TOOLCHAIN);
  assert.equal(locateCore('x', { env: { [TOOLCHAIN_ENV]: TOOLCHAIN } }).core?.via, 'env');
  assert.deepEqual(locateCore('leanprover/lean4:v4.29.0', { elanHome: ELAN, env: { [TOOLCHAIN_ENV]: 'none' } }), {});

  const missing = locateCore('leanprover/lean4:v4.29.0-rc1', { elanHome: NO_ELAN, env });
  assert.equal(missing.core, undefined);
  assert.match(missing.note ?? '', /^Lean core \(Init, Std\) not indexed: toolchain leanprover\/lean4:v4\.29\.0-rc1 is not installed under .*toolchains$/);
  assert.match(locateCore(undefined, { elanHome: ELAN, env }).note ?? '', /no lean-toolchain file/);
  assert.match(locateCore('leanprover/lean4:stable', { elanHome: ELAN, env }).note ?? '', /channel/);
  assert.match(locateCore('x', { toolchainDir: NO_ELAN, env }).note ?? '', /--toolchain .* is not a Lean toolchain folder/);
});

test('discovery: Init and Std of the toolchain with their module names, Lean.* left out, notes', () => {
  const src = discoverProject(PROJECT, { core: { elanHome: ELAN, env: {} } });
  assert.deepEqual(src.notes, []);
  const core = src.files.filter((f) => f.pkg === CORE_PKG);
  assert.deepEqual(core.map((f) => f.module).sort(), [
    'Init', 'Init.Core', 'Init.Data.List.Basic', 'Init.Data.Nat.Basic', 'Init.Prelude', 'Init.Tactics', 'Std', 'Std.Data.HashMap.Basic',
  ]);
  for (const f of core) {
    assert.equal(path.resolve(PROJECT, f.rel), f.abs, 'rel is relative to the project root');
    assert.equal(f.inDefaultLib, true);
  }
  assert.ok(src.files.some((f) => f.module === 'Demo.Basic' && f.pkg !== CORE_PKG));

  const without = discoverProject(PROJECT, { core: { elanHome: NO_ELAN, env: {} } });
  assert.equal(without.files.filter((f) => f.pkg === CORE_PKG).length, 0);
  assert.equal(without.notes?.length, 1);
  assert.equal(discoverProject(PROJECT, { core: false }).notes?.length, 0);
  // A folder with no Lean file of its own (not a project's root): said so, first.
  const empty = tmpDir('not-a-project');
  fs.writeFileSync(path.join(empty, 'notes.txt'), 'hello\n');
  const none = discoverProject(empty, { core: false });
  assert.equal(none.files.length, 0);
  assert.match(none.notes?.[0] ?? '', /^no Lean source file \(\.lean\) of its own under .*not-a-project.*: is it a Lean project's root/);
});

test('Nat.add_comm, List.length_append and Std are found by exact name, with their Init./Std. modules', async () => {
  const e = await open({ project: PROJECT, elanHome: ELAN, noSave: true, cacheDir: tmpDir('cache') });
  const s = e.stats();
  assert.deepEqual(s.notes, []);
  assert.equal(s.core?.dir, TOOLCHAIN);
  assert.equal(s.core?.toolchain, 'leanprover/lean4:v4.29.0');
  assert.ok((s.byPackage[CORE_PKG] ?? 0) > 40, JSON.stringify(s.byPackage));

  const addComm = top(e, 'Nat.add_comm');
  assert.equal(addComm?.name, 'Nat.add_comm');
  assert.equal(addComm?.module, 'Init.Data.Nat.Basic');
  assert.equal(addComm?.pkg, CORE_PKG);
  assert.equal(addComm?.kind, 'theorem');
  assert.equal(addComm?.signature, ': ∀ (n m : Nat), n + m = m + n');
  assert.equal(addComm?.doc, 'Addition of natural numbers is commutative.');

  const lengthAppend = top(e, 'List.length_append');
  assert.equal(lengthAppend?.name, 'List.length_append');
  assert.equal(lengthAppend?.module, 'Init.Data.List.Basic');
  assert.equal(top(e, 'Std.HashMap.insert')?.module, 'Std.Data.HashMap.Basic');
  assert.equal(top(e, 'HashMap.contains_insert_self')?.name, 'Std.HashMap.contains_insert_self');

  // Core's own syntax: @[extern], protected, set_option … in, instance names, structures, deriving, «quoted» names,
  // declarations after syntax/macro/macro_rules.
  for (const [name, kind] of [
    ['Nat.add', 'def'], ['Nat.sub', 'def'], ['Nat.add_assoc', 'theorem'], ['Nat.repeat', 'def'], ['instAddNat', 'instance'],
    ['instInhabitedNat', 'instance'], ['Nat.instCommutativeHAdd', 'instance'], ['List.instAppend', 'instance'], ['Prod.fst', 'field'],
    ['Ordering.lt', 'constructor'], ['Eq.symm', 'theorem'], ['trivial\'', 'theorem'], ['Std.HashMap', 'structure'],
    ['Std.HashMap.instEmptyCollection', 'instance'], ['Demo.add_twice_comm', 'theorem'],
  ] as const) assert.equal(e.lookup(name)?.kind, kind, name);
  // From the toolchain's .ilean (a `where` helper the scanner does not see); equation lemmas are not added.
  assert.equal(e.lookup('List.lengthTR.go')?.module, 'Init.Data.List.Basic');
  assert.equal(e.lookup('List.append.eq_1'), undefined);
  // `Lean.*` is the compiler's, not indexed.
  assert.equal(e.lookup('Lean.Elab.Command.elabCommandTopLevelInternal'), undefined);
  // Every module imports `Init` (unless it is `prelude`): core's Init is in scope in the user's files, Std needs an import.
  const scoped = e.search({ query: 'Nat.add_comm', fromModule: 'Demo.Basic', k: 3 }).hits[0];
  assert.equal(scoped?.decl.name, 'Nat.add_comm');
  assert.equal(scoped?.inScope, true);
  assert.equal(e.search({ query: 'List.length_append', fromModule: 'Demo.Basic', k: 3 }).hits[0]?.inScope, true);
  assert.equal(e.search({ query: 'Std.HashMap.insert', fromModule: 'Demo.Basic', k: 3 }).hits[0]?.inScope, false);
  // Module filters see core's modules.
  assert.deepEqual(e.search({ query: 'length', modulePrefix: 'Init.Data.List', k: 50 }).hits.every((h) => h.decl.module === 'Init.Data.List.Basic'), true);
});

/** A copy of the fixture project and an elan home with v4.29.0 and a v4.30.0 that has one more theorem. */
function twoToolchains(): { project: string; elan: string } {
  const root = tmpDir('switch');
  const project = path.join(root, 'project');
  fs.cpSync(PROJECT, project, { recursive: true });
  const elan = path.join(root, 'elan');
  fs.cpSync(ELAN, elan, { recursive: true });
  const v430 = path.join(elan, 'toolchains', 'leanprover--lean4---v4.30.0');
  fs.cpSync(path.join(elan, 'toolchains', 'leanprover--lean4---v4.29.0'), v430, { recursive: true });
  fs.appendFileSync(path.join(v430, 'src/lean/Init/Data/Nat/Basic.lean'), '\ntheorem Nat.add_comm_new_in_v430 (n m : Nat) : n + m = m + n := Nat.add_comm n m\n');
  return { project, elan };
}

test('a toolchain change rebuilds the index; a toolchain that is not installed gives a note and the rest is indexed', async () => {
  const { project, elan } = twoToolchains();
  const cacheDir = tmpDir('cache');
  const first = await open({ project, elanHome: elan, cacheDir });
  assert.equal(first.stats().source, 'built');
  assert.equal(first.lookup('Nat.add_comm_new_in_v430'), undefined);
  const again = await open({ project, elanHome: elan, cacheDir });
  assert.equal(again.stats().source, 'cache', again.stats().cacheNote);
  assert.equal(again.lookup('Nat.add_comm')?.module, 'Init.Data.Nat.Basic');
  assert.deepEqual(again.stats().notes, []);

  fs.writeFileSync(path.join(project, 'lean-toolchain'), 'leanprover/lean4:v4.30.0\n');
  const switched = await open({ project, elanHome: elan, cacheDir });
  assert.equal(switched.stats().source, 'built');
  assert.match(switched.stats().cacheNote ?? '', /toolchain/);
  assert.equal(switched.stats().core?.toolchain, 'leanprover/lean4:v4.30.0');
  assert.equal(top(switched, 'Nat.add_comm_new_in_v430')?.module, 'Init.Data.Nat.Basic');

  fs.writeFileSync(path.join(project, 'lean-toolchain'), 'leanprover/lean4:v4.31.0\n');
  const missing = await open({ project, elanHome: elan, cacheDir });
  assert.equal(missing.stats().source, 'built');
  assert.deepEqual(missing.stats().notes, [
    `Lean core (Init, Std) not indexed: toolchain leanprover/lean4:v4.31.0 is not installed under ${path.join(elan, 'toolchains')}`,
  ]);
  assert.equal(missing.stats().core, undefined);
  assert.equal(missing.stats().byPackage[CORE_PKG], undefined);
  assert.equal(missing.lookup('Nat.add_comm'), undefined);
  assert.equal(top(missing, 'Demo.add_twice_comm')?.name, 'Demo.add_twice_comm');
  // The note comes back with the stored index too.
  const missingAgain = await open({ project, elanHome: elan, cacheDir });
  assert.equal(missingAgain.stats().source, 'cache');
  assert.equal(missingAgain.stats().notes.length, 1);

  // Installing it (here: the folder appears) rebuilds with core.
  fs.cpSync(path.join(elan, 'toolchains', 'leanprover--lean4---v4.29.0'), path.join(elan, 'toolchains', 'leanprover--lean4---v4.31.0'), { recursive: true });
  const installed = await open({ project, elanHome: elan, cacheDir });
  assert.equal(installed.stats().source, 'built');
  assert.deepEqual(installed.stats().notes, []);
  assert.equal(installed.lookup('Nat.add_comm')?.pkg, CORE_PKG);
});

test('$LEANSCOUT_LEAN_TOOLCHAIN names the toolchain folder; the option wins over it', async () => {
  const saved = process.env[TOOLCHAIN_ENV];
  try {
    process.env[TOOLCHAIN_ENV] = TOOLCHAIN;
    const e = await Engine.open({ project: PROJECT, elanHome: NO_ELAN, noSave: true, extractWorkers: 0, cacheDir: tmpDir('cache') });
    assert.equal(e.lookup('List.length_append')?.module, 'Init.Data.List.Basic');
    const off = await Engine.open({ project: PROJECT, toolchainDir: 'none', noSave: true, extractWorkers: 0, cacheDir: tmpDir('cache') });
    assert.deepEqual(off.stats().notes, []);
    assert.equal(off.lookup('List.length_append'), undefined);
  } finally {
    if (saved === undefined) delete process.env[TOOLCHAIN_ENV];
    else process.env[TOOLCHAIN_ENV] = saved;
  }
});

test("instance names leave out named arguments (implicit in Lean's name)", () => {
  assert.equal(withoutNamedArgs('Std.Commutative (α := Nat) (· + ·)').replace(/\s+/g, ' '), 'Std.Commutative (· + ·)');
  assert.equal(withoutNamedArgs('(Q (C := C)).Additive').replace(/\s+/g, ' '), '(Q ).Additive');
  assert.equal(instanceBaseName('Std.Commutative (α := Nat) (· + ·)', '', ['Nat']), 'instCommutativeHAdd');
  assert.equal(instanceBaseName('Std.Associative (α := ℕ) Nat.gcd', '', []), 'instAssociativeGcd');
  assert.equal(instanceBaseName('Add Nat', '', []), 'instAddNat');
});

const cliSkip = !fs.existsSync(CLI) && 'dist/cli.js not built (npm run build)';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, [TOOLCHAIN_ENV]: '', ELAN_HOME: NO_ELAN, LEANSCOUT_EXTRACT_WORKERS: '0', ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('CLI: index prints the note (stderr and --json), --toolchain DIR indexes core, search finds Nat.add_comm', { skip: cliSkip }, () => {
  const cache = tmpDir('cli-cache');
  const noCore = cli(['index', '--project', PROJECT, '--cache', cache, '--json', '--quiet']);
  assert.equal(noCore.status, 0, noCore.stderr);
  const note = `Lean core (Init, Std) not indexed: toolchain leanprover/lean4:v4.29.0 is not installed under ${path.join(NO_ELAN, 'toolchains')}`;
  assert.ok(noCore.stderr.includes(`leanscout: note: ${note}`), noCore.stderr);
  const stats = JSON.parse(noCore.stdout) as { notes: string[]; decls: number; byPackage: Record<string, number> };
  assert.deepEqual(stats.notes, [note]);
  assert.equal(stats.byPackage[CORE_PKG], undefined);
  assert.ok(stats.decls >= 2);

  const withCore = cli(['index', '--project', PROJECT, '--cache', cache, '--toolchain', TOOLCHAIN]);
  assert.equal(withCore.status, 0, withCore.stderr);
  assert.ok(!withCore.stderr.includes('note:'), withCore.stderr);
  assert.match(withCore.stdout, /Lean core: leanprover\/lean4:v4\.29\.0 from /);
  assert.match(withCore.stdout, /by package: lean4 \d+/);

  const viaElan = cli(['search', 'Nat.add_comm', '--project', PROJECT, '--cache', cache, '--json', '-k', '3'], { ELAN_HOME: ELAN });
  assert.equal(viaElan.status, 0, viaElan.stderr);
  const res = JSON.parse(viaElan.stdout) as { results: { name: string; module: string }[] };
  assert.deepEqual(res.results[0], { ...res.results[0], name: 'Nat.add_comm', module: 'Init.Data.Nat.Basic' });
});

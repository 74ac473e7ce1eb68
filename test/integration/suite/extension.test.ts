// Runs inside a real VS Code (code-server here, or desktop via @vscode/test-electron), on a copy of the
// fixture Lean project. Lean answers come from the Lean-protocol test server — through the Lean 4 API test
// double in one window, through LeanScout's own vscode-languageclient in the other; each test names its path.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { shownGoal, fixtureRoot, lean4TestDoublePresent, lean4ExtensionPresent, realLean4Present, leanScout, lineOf, openAt, waitFor, LEANSCOUT_ID } from './helpers';

interface ScriptGoal {
  uriSuffix: string;
  line: number;
  fromChar?: number;
  goals?: string[];
  termGoal?: string;
}

function scriptedGoals(): ScriptGoal[] {
  return (JSON.parse(readFileSync(join(fixtureRoot(), 'leanscout-test-script.json'), 'utf8')) as { goals: ScriptGoal[] }).goals;
}

function expectedGoals(file: string, line: number, character: number): string[] | undefined {
  return scriptedGoals().find((g) => file.endsWith(g.uriSuffix) && g.line === line && (g.fromChar === undefined || character >= g.fromChar))?.goals;
}

const leanPathName = () => (realLean4Present() ? "the real Lean 4 extension" : lean4TestDoublePresent() ? "the Lean 4 API test double" : "LeanScout's own vscode-languageclient");

suite('LeanScout in VS Code', () => {
  test('activates and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(LEANSCOUT_ID);
    const loaded = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.') && !e.id.startsWith('ms-')).map((e) => e.id);
    assert.ok(ext, `${LEANSCOUT_ID} is loaded (loaded: ${loaded.join(', ')})`);
    const api = await leanScout();
    // The figure belongs to `npm run bench:extension`; a test on a loaded machine only prints it.
    console.log(`[measure] LeanScout activate() took ${api.activationMs.toFixed(1)} ms`);
    const contributed = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 6, 'package.json contributes the LeanScout commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(registered.has(c), `command ${c} is registered`);
  });

  test('index of the fixture project: search finds its declarations, the docstring with markup is plain data', async () => {
    const api = await leanScout();
    await api.engineReady();
    const byName = await api.search({ query: 'LeanscoutFixture.mul_two_sub_le_one', k: 5 });
    assert.equal(byName.hits[0]?.decl.name, 'LeanscoutFixture.mul_two_sub_le_one', `first hit: ${JSON.stringify(byName.hits[0]?.decl.name)}`);
    const markup = await api.search({ query: 'two_pow_three_mod_seven', k: 5 });
    const hit = markup.hits.find((h) => h.decl.name === 'LeanscoutFixture.two_pow_three_mod_seven');
    assert.ok(hit, 'the declaration with markup in its docstring is indexed');
    assert.ok(hit.decl.doc?.includes('<img src=x onerror=alert(1)>'), `its docstring is kept verbatim: ${hit.decl.doc}`);
  });
});

suite('Lean-protocol test server behind the Lean goal bridge', () => {
  test(`goal at the cursor comes from the Lean-protocol test server (via the Lean 4 API test double or own client)`, async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const line = (await lineOf(file, 'theorem algebra_sqineq_at2malt1')) + 1;
    const expected = expectedGoals(file, line, 2);
    assert.ok(expected?.length, 'the fixture script has a goal for this line');
    const editor = await openAt(file, line, 2);
    const goal = await waitFor(
      `the goal of ${file}:${line + 1} via ${leanPathName()}`,
      () => {
        const g = shownGoal(api);
        return g?.state === 'goals' && g.uri === editor.document.uri.toString() && g.position?.line === line ? g : undefined;
      },
      30_000,
      () => JSON.stringify(shownGoal(api)),
    );
    assert.deepEqual(goal.goals, expected);
    assert.equal(goal.version, editor.document.version);
    if (lean4ExtensionPresent()) assert.match(api.leanPath(), /Lean 4 extension/, `goals come through the Lean 4 API (${api.leanPath()})`);
    else assert.match(api.leanPath(), /own/i, `goals come through the own client (${api.leanPath()})`);
  });

  test('several goals and "no goals" as Lean reports them (Lean-protocol test server)', async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/Induction.lean';
    const induction = await lineOf(file, 'induction n');
    await openAt(file, induction, '  induction n'.length);
    const two = await waitFor('two goals after `induction n`', () => {
      const g = shownGoal(api);
      return g?.state === 'goals' && g.position?.line === induction && g.goals.length === 2 ? g : undefined;
    }, 20_000, () => JSON.stringify(shownGoal(api)));
    assert.deepEqual(two.goals, expectedGoals(file, induction, 13));
    const last = induction + 2;
    const editor = vscode.window.activeTextEditor!;
    const end = new vscode.Position(last, editor.document.lineAt(last).text.length);
    editor.selection = new vscode.Selection(end, end);
    await waitFor('"no goals" at the end of the proof', () => {
      const g = shownGoal(api);
      return g?.state === 'noGoals' && g.position?.line === last ? g : undefined;
    }, 20_000, () => JSON.stringify(shownGoal(api)));
  });

  test('term-mode proof: the expected type from plainTermGoal (Lean-protocol test server)', async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/ProofNet.lean';
    const line = await lineOf(file, 'sorry');
    await openAt(file, line, 3);
    const term = scriptedGoals().find((g) => file.endsWith(g.uriSuffix) && g.line === line)?.termGoal;
    assert.ok(term, 'the fixture script has a term goal here');
    const g = await waitFor('the term goal', () => {
      const v = shownGoal(api);
      return v?.state === 'term' && v.position?.line === line ? v : undefined;
    }, 20_000, () => JSON.stringify(shownGoal(api)));
    assert.ok(g.goals.join('\n').includes(term), `shown: ${JSON.stringify(g.goals)}`);
  });

  test('an edited document never shows the answer for its older version (Lean-protocol test server)', async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const line = (await lineOf(file, 'theorem imo_1964_p1_2')) + 1;
    const editor = await openAt(file, line, 2);
    await waitFor('the goal before the edit', () => (shownGoal(api)?.state === 'goals' && shownGoal(api)?.position?.line === line ? true : undefined));
    const ok = await editor.edit((b) => b.insert(new vscode.Position(line, editor.document.lineAt(line).text.length), ' '));
    assert.ok(ok, 'edit applied');
    const version = editor.document.version;
    const g = await waitFor(`the goal for version ${version}`, () => {
      const v = shownGoal(api);
      return v?.state === 'goals' && v.version === version ? v : undefined;
    }, 20_000, () => JSON.stringify(shownGoal(api)));
    assert.deepEqual(g.goals, expectedGoals(file, line, 2));
    await vscode.commands.executeCommand('undo');
  });
});

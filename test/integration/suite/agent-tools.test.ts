// Language-model tools for agents (VS Code's agent mode): registered, and answering from the editor — the goal and
// premises at the cursor and tactic checks come from Lean (the Lean-protocol test server, behind whichever Lean path
// this window has: the real Lean 4 extension, the older-extension double, or LeanScout's own client).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { leanScout, lineOf, openAt, shownGoal, waitFor } from './helpers';

interface LmToolsApi {
  tools: readonly { name: string }[];
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<{ content: unknown[] }>;
}
const lm = () => (vscode as unknown as { lm?: Partial<LmToolsApi> }).lm;
const textOf = (r: { content: unknown[] }) => r.content.map((p) => (p as { value?: unknown }).value).filter((v): v is string => typeof v === 'string').join('\n');
const FILE = 'LeanscoutFixture/MiniF2F.lean';

suite('Language-model tools for agents (Lean-protocol test server)', () => {
  test('the tools are registered with VS Code', async () => {
    await leanScout();
    const api = lm();
    assert.ok(api?.tools, 'this VS Code has vscode.lm.tools');
    const names = new Set(api.tools!.map((t) => t.name));
    for (const n of ['leanscout_search', 'leanscout_goal_premises', 'leanscout_check_tactics']) assert.ok(names.has(n), `${n} is registered`);
  });

  test('vscode.lm.invokeTool: search, the goal and premises at the cursor, and tactic checks', async function () {
    this.timeout(90_000);
    const scout = await leanScout();
    await scout.engineReady();
    const api = lm() as LmToolsApi;
    const search = textOf(await api.invokeTool('leanscout_search', { input: { query: 'triangular number', k: 5 }, toolInvocationToken: undefined }));
    assert.match(search, /LeanscoutFixture\.triangular/);

    const line = (await lineOf(FILE, 'theorem algebra_sqineq_at2malt1')) + 1;
    await openAt(FILE, line, 2);
    await waitFor('the goal in the panel', () => (shownGoal(scout)?.state === 'goals' && shownGoal(scout)?.position?.line === line ? true : undefined), 30_000);
    const premises = textOf(await api.invokeTool('leanscout_goal_premises', { input: { k: 5 }, toolInvocationToken: undefined }));
    assert.match(premises, /⊢ a \* \(2 - a\) ≤ 1/, premises);
    assert.match(premises, /LeanscoutFixture\.mul_two_sub_le_one/, premises);
    // The theorem being proved is never its own premise.
    assert.doesNotMatch(premises, /\balgebra_sqineq_at2malt1\b.*\[theorem/, premises);

    const checked = textOf(await api.invokeTool('leanscout_check_tactics', { input: { tactics: ['nlinarith [LeanscoutFixture.sub_one_sq_nonneg a]', 'exact noSuchTheorem'] }, toolInvocationToken: undefined }));
    assert.match(checked, /nlinarith \[LeanscoutFixture\.sub_one_sq_nonneg a\]: closes the goal/, checked);
    assert.match(checked, /exact noSuchTheorem: fails: Unknown identifier/, checked);
    const bad = textOf(await api.invokeTool('leanscout_check_tactics', { input: { tactics: [] }, toolInvocationToken: undefined }));
    assert.match(bad, /Give `tactics`/);
    console.log(`[leanscout-test] agent tools: ${premises.split('\n').length} lines of goal + premises; checks: ${checked.replace(/\n/g, ' | ')}`);
  });
});

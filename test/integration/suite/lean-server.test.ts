// How LeanScout treats the Lean server: no request storms while the cursor moves, and a server that
// crashes and comes back. Lean is the Lean-protocol test server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { shownGoal, shownPanelState, lean4TestDoublePresent, leanScout, lineOf, openAt, waitFor } from './helpers';

interface TestServerStats {
  requests: Record<string, number>;
  cancelled: number;
  maxGoalRequestsInFlight: number;
}

suite('Lean-protocol test server: requests LeanScout sends', () => {
  test('cursor moving through a proof: at most one goal request in flight, superseded ones cancelled, last goal shown', async () => {
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const sorryLines = await Promise.all(
      ['theorem algebra_sqineq_at2malt1', 'theorem imo_1964_p1_2', 'theorem amc12a_2015_p10', 'theorem mathd_numbertheory_81'].map(async (t) => (await lineOf(file, t)) + 1),
    );
    const editor = await openAt(file, sorryLines[0], 2);
    await waitFor('the first goal', () => (shownGoal(api)?.state === 'goals' && shownGoal(api)?.position?.line === sorryLines[0] ? true : undefined), 30_000, () => JSON.stringify(shownGoal(api)));
    const conn = await api.leanConnectionFor(editor.document.uri);
    assert.ok(conn, 'a Lean connection for the fixture file');
    const before = await conn.sendRequest<TestServerStats>('$/leanscoutTest/stats', {});
    // Lean takes a while to answer: with a delay, superseded goal requests overlap as they do with real Lean.
    await conn.sendRequest('$/leanscoutTest/configure', { delayMs: 250 });
    try {
      // Move every 160 ms: longer than the 100 ms debounce, shorter than the server's answer delay (250 ms).
      for (let round = 0; round < 3; round++) {
        for (const line of sorryLines) {
          editor.selection = new vscode.Selection(line, 2, line, 2);
          await new Promise((r) => setTimeout(r, 160));
        }
      }
    } finally {
      await conn.sendRequest('$/leanscoutTest/configure', { delayMs: 0 });
    }
    const last = sorryLines[sorryLines.length - 1];
    const shown = await waitFor('the goal of the last cursor position', () => {
      const g = shownGoal(api);
      return g?.state === 'goals' && g.position?.line === last ? g : undefined;
    }, 30_000, () => JSON.stringify(shownGoal(api)));
    assert.match(shown.goals[0] ?? '', /71 % 3 = 2/);
    const after = await conn.sendRequest<TestServerStats>('$/leanscoutTest/stats', {});
    const sent = (after.requests['$/lean/plainGoal'] ?? 0) - (before.requests['$/lean/plainGoal'] ?? 0);
    console.log(`[measure] 12 cursor moves → ${sent} plainGoal requests, ${after.cancelled - before.cancelled} cancelled, max in flight ${after.maxGoalRequestsInFlight}`);
    assert.ok(after.maxGoalRequestsInFlight <= 1, `at most one goal request in flight (saw ${after.maxGoalRequestsInFlight})`);
    assert.ok(sent <= 12 * 2, `no request storm: ${sent} plainGoal requests for 12 cursor moves`);
    assert.ok(after.cancelled > before.cancelled, 'superseded goal requests are cancelled');
  });
});

suite('Lean-protocol test server crash and restart (Lean 4 API test double)', () => {
  test('a crashed server shows as an error, and goals come back after "Lean 4: Restart Server"', async function () {
    if (!lean4TestDoublePresent()) this.skip(); // the own-client path has no restart command of the Lean 4 extension
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const line = (await lineOf(file, 'theorem amc12a_2015_p10')) + 1;
    const editor = await openAt(file, line, 2);
    await waitFor('the goal before the crash', () => (shownGoal(api)?.state === 'goals' && shownGoal(api)?.position?.line === line ? true : undefined), 30_000, () => JSON.stringify(shownGoal(api)));

    await vscode.commands.executeCommand('lean4TestDouble.killServer');
    // Move the cursor so LeanScout asks again: it must say Lean is not running, not hang or throw.
    editor.selection = new vscode.Selection(line - 1, 0, line - 1, 0);
    await new Promise((r) => setTimeout(r, 300));
    editor.selection = new vscode.Selection(line, 3, line, 3);
    const failed = await waitFor('an error state after the crash', () => {
      const g = shownGoal(api);
      return g?.state === 'error' && g.position?.line === line ? g : undefined;
    }, 20_000, () => JSON.stringify(shownGoal(api)));
    assert.ok(failed.message && failed.message.length > 0, 'the error says what happened');
    const state = shownPanelState(api);
    assert.equal(state?.kind, 'leanNotRunning', `panel state: ${JSON.stringify(state)}`);

    await vscode.commands.executeCommand('lean4.restartServer');
    editor.selection = new vscode.Selection(line, 2, line, 2);
    await new Promise((r) => setTimeout(r, 300));
    editor.selection = new vscode.Selection(line, 4, line, 4);
    const back = await waitFor('the goal after the restart', () => {
      const g = shownGoal(api);
      return g?.state === 'goals' && g.position?.line === line ? g : undefined;
    }, 30_000, () => JSON.stringify(shownGoal(api)));
    assert.match(back.goals[0] ?? '', /⊢ x = 26/);
  });
});

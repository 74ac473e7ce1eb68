// How LeanScout treats the Lean server: no request storms while the cursor moves, and a server that
// crashes and comes back. Lean is the Lean-protocol test server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { shownGoal, shownPanelState, lean4TestDoublePresent, lean4ExtensionPresent, leanScout, lineOf, openAt, waitFor } from './helpers';

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

suite('Lean-protocol test server crash and restart (LeanScout’s own client)', () => {
  test('a crashed server is restarted by LeanScout; after five crashes it waits for "LeanScout: Restart Lean Server"', async function () {
    if (lean4ExtensionPresent()) this.skip(); // the Lean 4 extension restarts its own servers (suite above)
    this.timeout(120_000);
    const api = await leanScout();
    const file = 'LeanscoutFixture/MiniF2F.lean';
    const line = (await lineOf(file, 'theorem amc12a_2015_p10')) + 1;
    const editor = await openAt(file, line, 2);
    const goalHere = () => {
      const g = shownGoal(api);
      return g?.state === 'goals' && g.position?.line === line ? g : undefined;
    };
    await waitFor('the goal before any crash', goalHere, 30_000, () => JSON.stringify(shownGoal(api)));
    /** The test server's process id, or undefined while no server answers. */
    const serverPid = async (): Promise<number | undefined> => {
      const conn = await api.leanConnectionFor(editor.document.uri);
      if (!conn) return undefined;
      const stats = await Promise.race([conn.sendRequest<{ pid: number }>('$/leanscoutTest/stats', {}), new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000))]).catch(() => undefined);
      return stats?.pid;
    };
    const nudge = async () => {
      editor.selection = new vscode.Selection(line - 1, 0, line - 1, 0);
      await new Promise((r) => setTimeout(r, 250));
      editor.selection = new vscode.Selection(line, 3, line, 3);
    };
    /** Makes the server crash on LeanScout's next request, and makes LeanScout send one. */
    const crash = async () => {
      const conn = await api.leanConnectionFor(editor.document.uri);
      assert.ok(conn, 'a connection before the crash');
      await conn.sendRequest('$/leanscoutTest/configure', { crashAfterRequests: 0 });
      await nudge();
    };
    const newServer = async (oldPid: number, what: string): Promise<number> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const pid = await serverPid();
        if (pid !== undefined && pid !== oldPid) return pid;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; goal: ${JSON.stringify(shownGoal(api))}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    // One crash: LeanScout starts the server again by itself and the goal comes back.
    let pid = await serverPid();
    assert.ok(pid, 'the test server answers with its pid');
    await crash();
    pid = await newServer(pid, 'a server started again after the crash');
    await nudge();
    const back = await waitFor('the goal after the automatic restart', goalHere, 30_000, () => JSON.stringify(shownGoal(api)));
    assert.match(back.goals[0] ?? '', /⊢ x = 26/);

    // Four more crashes within three minutes: LeanScout stops restarting and says how to start it again.
    for (let i = 2; i <= 4; i++) {
      await crash();
      pid = await newServer(pid, `the restart after crash ${i}`);
    }
    await crash();
    const down = await waitFor('the panel saying Lean is not running', () => {
      const st = shownPanelState(api);
      return st?.kind === 'leanNotRunning' ? st : undefined;
    }, 30_000, () => JSON.stringify(shownPanelState(api)));
    await nudge();
    const advice = await waitFor('the advice to restart', () => {
      const g = shownGoal(api);
      return g?.state === 'error' && /Restart Lean Server/.test(g.message ?? '') ? g : undefined;
    }, 20_000, () => `${JSON.stringify(down)} ${JSON.stringify(shownGoal(api))}`);
    assert.ok(advice.message);

    // The user's restart brings it back.
    const outcome = (await vscode.commands.executeCommand('leanscout.restartLeanServer')) as string;
    assert.match(outcome, /Restarted the Lean server/);
    await newServer(pid, 'the server started by "LeanScout: Restart Lean Server"');
    await nudge();
    const again = await waitFor('the goal after the user restarted Lean', goalHere, 30_000, () => JSON.stringify(shownGoal(api)));
    assert.match(again.goals[0] ?? '', /⊢ x = 26/);
  });
});

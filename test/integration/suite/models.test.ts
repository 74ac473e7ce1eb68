// Model features inside a real VS Code: the panel lists tactics checked in Lean, and ghost text appears in a
// tactic block (accepted here by the test, as a user would with Tab). Lean is the Lean-protocol test server
// (its fixture script says `norm_num` and `decide` close `⊢ 71 % 3 = 2`); the model is the Ollama-API test
// server started in this extension host and configured through leanscout.model.* settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionToWebview } from '../../../src/shared/protocol';
import { leanScout, lineOf, openAt, shownGoal, waitFor } from './helpers';
import { startOllamaApiTestServer, type ModelTestServer } from '../../servers/ollama-api-test-server';

type TacticsMsg = Extract<ExtensionToWebview, { type: 'tactics' }>;
type InformalMsg = Extract<ExtensionToWebview, { type: 'informal' }>;
const FILE = 'LeanscoutFixture/MiniF2F.lean';

suite('Model features (Ollama-API test server + Lean-protocol test server)', () => {
  let server: ModelTestServer;
  const cfg = () => vscode.workspace.getConfiguration('leanscout.model');

  suiteSetup(async () => {
    server = await startOllamaApiTestServer({ text: 'Try:\n```lean\nnorm_num\nomega\nexact noSuchTheorem\n```' });
    await cfg().update('tactics.provider', 'ollama', vscode.ConfigurationTarget.Global);
    await cfg().update('tactics.model', 'test-model', vscode.ConfigurationTarget.Global);
    await cfg().update('ollama.host', server.url, vscode.ConfigurationTarget.Global);
    await cfg().update('inline.debounceMs', 50, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const key of ['tactics.provider', 'tactics.model', 'ollama.host', 'inline.debounceMs']) await cfg().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await server.close();
  });

  /** Empty the `sorry` line of mathd_numbertheory_81 and put the cursor there (a tactic block with nothing to the right). */
  async function emptyTacticLine(): Promise<{ editor: vscode.TextEditor; line: number }> {
    const line = (await lineOf(FILE, 'theorem mathd_numbertheory_81')) + 1;
    const editor = await openAt(FILE, line, 2);
    await editor.edit((b) => b.replace(editor.document.lineAt(line).range, '  '));
    editor.selection = new vscode.Selection(line, 2, line, 2);
    return { editor, line };
  }

  test('the panel lists checked tactics: model + model-free, closing ones first', async () => {
    const api = await leanScout();
    const { editor, line } = await emptyTacticLine();
    // Wait for the goal of the edited version: the goal shown before the edit would be replaced mid-run.
    await waitFor('the goal at the emptied line', () => {
      const g = shownGoal(api);
      return g?.state === 'goals' && g.position?.line === line && g.version === editor.document.version ? g : undefined;
    }, 30_000, () => JSON.stringify(shownGoal(api)));
    const before = server.requests.length;
    await vscode.commands.executeCommand('leanscout.suggestTactics');
    const done = await waitFor('tactics done', () => {
      const m = api.panelState().tactics as TacticsMsg | undefined;
      return m && m.state === 'done' ? m : undefined;
    }, 30_000, () => JSON.stringify(api.panelState().tactics));
    assert.ok(server.requests.length > before, 'the model was asked');
    const prompt = JSON.stringify(server.requests.at(-1)!.body);
    assert.ok(prompt.includes('71 % 3 = 2'), 'the prompt carries the goal');
    const byTactic = new Map(done.candidates.map((c) => [c.tactic, c]));
    assert.equal(done.candidates[0].status, 'closes', JSON.stringify(done.candidates.slice(0, 4)));
    assert.equal(byTactic.get('norm_num')?.status, 'closes');
    // `norm_num` is also a model-free candidate (listed first, so it keeps that source); this one only the model said:
    assert.equal(byTactic.get('exact noSuchTheorem')?.source, 'model');
    assert.equal(byTactic.get('exact noSuchTheorem')?.status, 'fails');
    assert.match(byTactic.get('exact noSuchTheorem')?.error ?? '', /Unknown identifier/);
    assert.ok(done.candidates.some((c) => c.source === 'automation'), 'model-free candidates are listed too');
    console.log(`[measure] panel tactics: ${done.candidates.length} candidates, ${done.candidates.filter((c) => c.status === 'closes').length} close the goal`);
  });

  test('ghost text appears in a tactic block (best checked candidate), accepted by the user action', async () => {
    const { editor, line } = await emptyTacticLine();
    const t0 = Date.now();
    let text = '';
    // Ask for inline suggestions and accept the shown one, as Tab would; retry while Lean and the model answer.
    for (let i = 0; i < 40 && !text; i++) {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await new Promise((r) => setTimeout(r, 250));
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      const now = editor.document.lineAt(line).text.trim();
      if (now) text = now;
    }
    console.log(`[measure] ghost text accepted after ${Date.now() - t0} ms: "${text}"`);
    assert.ok(['norm_num', 'decide'].includes(text), `the inserted ghost text is a checked closing tactic, got "${text}"`);
  });

  test('"Informalize this declaration": streams the model’s text; without a model, docstring + structure', async () => {
    const api = await leanScout();
    await api.engineReady();
    const name = 'LeanscoutFixture.mul_two_sub_le_one';
    server.set({ mode: 'stream', chunkDelayMs: 5, text: 'For every real number $a$, $a(2-a) \\le 1$.' });
    const before = server.requests.length;
    await vscode.commands.executeCommand('leanscout.informalize', name);
    const done = await waitFor('the informal text', () => {
      const m = api.panelState().informal as InformalMsg | undefined;
      return m && m.done && m.name === name ? m : undefined;
    }, 30_000, () => JSON.stringify(api.panelState().informal));
    assert.equal(done.origin, 'model', JSON.stringify(done));
    assert.equal(done.text, 'For every real number $a$, $a(2-a) \\le 1$.');
    const prompts = server.requests.slice(before).map((r) => JSON.stringify(r.body));
    assert.ok(prompts.at(-1)!.includes('An upper bound'), 'the prompt carries the docstring');

    await cfg().update('tactics.provider', 'none', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('leanscout.informalize', 'LeanscoutFixture.mod_lt_of_pos');
      const plain = await waitFor('the model-free informal text', () => {
        const m = api.panelState().informal as InformalMsg | undefined;
        return m && m.done && m.name === 'LeanscoutFixture.mod_lt_of_pos' ? m : undefined;
      }, 30_000, () => JSON.stringify(api.panelState().informal));
      assert.equal(plain.origin, 'docstring');
      assert.match(plain.text, /Docstring: The remainder/);
      assert.match(plain.text, /Assuming h : 0 < b/);
      assert.match(plain.note ?? '', /No model configured/, 'said as information (a note), not as an error');
      assert.equal(plain.error, undefined);
    } finally {
      await cfg().update('tactics.provider', 'ollama', vscode.ConfigurationTarget.Global);
    }
  });
});

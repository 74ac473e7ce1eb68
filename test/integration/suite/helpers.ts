// Shared helpers of the in-VS-Code suites (bundled into each suite; not a suite itself).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LeanScoutApi } from '../../../src/extension/extension';
import type { GoalView, PanelState } from '../../../src/shared/protocol';

export const LEANSCOUT_ID = 'leanscout.leanscout';
export const LEAN4_ID = 'leanprover.lean4';

/** The fixture Lean project the window was opened on (the runner opens a copy of test/fixtures/lean-project). */
export function fixtureRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => existsSync(join(f.uri.fsPath, 'leanscout-test-script.json')));
  if (!folder) throw new Error('the test window was not opened on a copy of test/fixtures/lean-project');
  return folder.uri.fsPath;
}

export async function leanScout(): Promise<LeanScoutApi> {
  const ext = vscode.extensions.getExtension<LeanScoutApi>(LEANSCOUT_ID);
  if (!ext) throw new Error(`extension ${LEANSCOUT_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** True in the scenario where the Lean 4 API test double (an older extension's behaviour) is loaded. */
export function lean4TestDoublePresent(): boolean {
  const ext = vscode.extensions.getExtension(LEAN4_ID);
  return ext !== undefined && /TEST DOUBLE/.test(String((ext.packageJSON as { displayName?: unknown }).displayName ?? ''));
}

/** True in the scenario where the real Lean 4 extension is installed (its server: the Lean-protocol test server). */
export function realLean4Present(): boolean {
  return vscode.extensions.getExtension(LEAN4_ID) !== undefined && !lean4TestDoublePresent();
}

/** True where a Lean 4 extension (real or double) serves goals, i.e. not LeanScout's own client. */
export function lean4ExtensionPresent(): boolean {
  return vscode.extensions.getExtension(LEAN4_ID) !== undefined;
}

/** Polls until `check` returns a value (not undefined); fails with `what` and the last seen state. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 20_000, describe?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; last state: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openAt(relPath: string, line: number, character: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(fixtureRoot(), relPath)));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const pos = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

/** The 0-based line of the first line of a fixture file that, trimmed, starts with `prefix`. */
export async function lineOf(relPath: string, prefix: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(fixtureRoot(), relPath)));
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.trim().startsWith(prefix)) return i;
  throw new Error(`no line starting with "${prefix}" in ${relPath}`);
}

/** The goal the panel was last told to show (what the user sees), from LeanScout's test API. */
export function shownGoal(api: LeanScoutApi): GoalView | undefined {
  const msg = api.panelState().goal;
  return msg && msg.type === 'goal' ? msg.goal : undefined;
}

/** The panel's status line (empty/error states). */
export function shownPanelState(api: LeanScoutApi): PanelState | undefined {
  const msg = api.panelState().panelState;
  return msg && msg.type === 'panelState' ? msg.state : undefined;
}

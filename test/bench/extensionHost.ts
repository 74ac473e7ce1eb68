// The in-VS-Code half of `npm run bench:extension` (test/bench/extension.ts starts code-server and loads
// this as extensionTestsPath). It measures inside the extension host, through LeanScout's test API
// (what activate() returns), and reports one JSON line per result on the console with BENCH_PREFIX;
// the outer script reads them from the page console. Which measurements run is read from
// `leanscout-bench.json` in the workspace folder (written by the outer script).
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeanScoutApi } from '../../src/extension/extension';
import { goalKey } from '../../src/shared/protocol';
import { BENCH_PREFIX, type BenchConfig, type BenchReport, type GoalSample, type StormResult } from './extensionProtocol';

const LEANSCOUT_ID = 'leanscout.leanscout';

function report(r: BenchReport): void {
  console.log(`${BENCH_PREFIX} ${JSON.stringify(r)}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number, describe?: () => string, pollMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; last: ${describe()}` : ''}`);
    await sleep(pollMs);
  }
}

function readConfig(): { root: string; cfg: BenchConfig } {
  const folder = vscode.workspace.workspaceFolders?.find((f) => existsSync(join(f.uri.fsPath, 'leanscout-bench.json')));
  if (!folder) throw new Error('the bench window was not opened on a workspace with leanscout-bench.json');
  return { root: folder.uri.fsPath, cfg: JSON.parse(readFileSync(join(folder.uri.fsPath, 'leanscout-bench.json'), 'utf8')) as BenchConfig };
}

interface TestServerStats {
  requests: Record<string, number>;
  cancelled: number;
  maxGoalRequestsInFlight: number;
}

export async function run(): Promise<void> {
  try {
    await measure();
  } catch (e) {
    report({ kind: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
  report({ kind: 'done' });
}

async function measure(): Promise<void> {
  const { root, cfg } = readConfig();
  const ext = vscode.extensions.getExtension<LeanScoutApi>(LEANSCOUT_ID);
  if (!ext) throw new Error(`${LEANSCOUT_ID} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  report({ kind: 'activation', ms: api.activationMs });
  if (cfg.mode === 'activation') return;

  // A Lean editor with the cursor outside any proof, then the panel: opening it is the index's first use.
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, cfg.file)));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  await vscode.commands.executeCommand('leanscout.openPanel');
  await Promise.race([api.panelReady(), sleep(60_000).then(() => { throw new Error('the panel webview did not load within 60 s'); })]);
  const t0 = performance.now();
  await api.engineReady();
  const indexMs = performance.now() - t0;
  const st = api.indexStatus();
  report({ kind: 'index', ms: indexMs, declarations: st.declarations ?? 0, modules: st.modules ?? 0 });

  // Goal → premises: one goal line at a time; each time wait until the panel reported these premises rendered.
  const uri = doc.uri.toString();
  const samples: GoalSample[] = [];
  for (const line of cfg.goalLines) {
    const character = 2;
    editor.selection = new vscode.Selection(line, character, line, character);
    const key = goalKey(uri, doc.version, { line, character });
    const t = await waitFor(
      `premises rendered for line ${line + 1}`,
      () => {
        const timings = api.timings();
        return timings.renderedGoalKey === key ? timings : undefined;
      },
      30_000,
      () => JSON.stringify({ timings: api.timings(), premises: (api.panelState().premises as { goalKey?: string } | undefined)?.goalKey }),
      1, // a tight poll: the moment seen here dates Lean's answer on the wall clock (to split the webview's share)
    );
    const seenAt = Date.now();
    const premises = api.panelState().premises;
    const hits = premises && premises.type === 'premises' && premises.goalKey === key ? premises : undefined;
    samples.push({
      line,
      leanMs: t.leanMs ?? NaN,
      searchMs: t.searchMs ?? NaN,
      engineMs: hits?.ms ?? NaN,
      answerToPostMs: t.answerToPostMs ?? NaN,
      answerToRenderMs: t.answerToRenderMs ?? NaN,
      hits: hits?.hits.length ?? 0,
      goalKey: key,
      wallAnsweredAt: seenAt - (t.answerToRenderMs ?? NaN),
      top: hits?.hits[0]?.decl.name,
    });
    await sleep(cfg.pauseMs);
  }
  report({ kind: 'goals', samples });

  // Request storm: Lean now takes a while to answer; the cursor sweeps the goal lines quickly.
  const conn = await api.leanConnectionFor(doc.uri);
  if (!conn) throw new Error('no Lean connection for the bench file');
  for (const sweep of cfg.storms) {
    const last = cfg.goalLines[cfg.goalLines.length - 1];
    // Start from a line that is not the sweep's last, so the final goal is a new request.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await sleep(600);
    const before = await conn.sendRequest<TestServerStats>('$/leanscoutTest/stats', {});
    await conn.sendRequest('$/leanscoutTest/configure', { delayMs: sweep.leanDelayMs });
    const tSweep = performance.now();
    try {
      for (const line of cfg.goalLines) {
        editor.selection = new vscode.Selection(line, 2, line, 2);
        await sleep(sweep.stepMs);
      }
      await waitFor(`the goal of the last line after the sweep (step ${sweep.stepMs} ms)`, () => {
        const g = api.goal();
        return g?.state === 'goals' && g.position?.line === last ? g : undefined;
      }, 30_000, () => JSON.stringify(api.goal()));
    } finally {
      await conn.sendRequest('$/leanscoutTest/configure', { delayMs: 0 });
    }
    const after = await conn.sendRequest<TestServerStats>('$/leanscoutTest/stats', {});
    const count = (s: TestServerStats) => (s.requests['$/lean/plainGoal'] ?? 0) + (s.requests['$/lean/plainTermGoal'] ?? 0);
    const result: StormResult = {
      stepMs: sweep.stepMs,
      leanDelayMs: sweep.leanDelayMs,
      moves: cfg.goalLines.length,
      sent: count(after) - count(before),
      cancelled: after.cancelled - before.cancelled,
      maxInFlight: after.maxGoalRequestsInFlight,
      lastGoalShownMs: performance.now() - tSweep,
    };
    report({ kind: 'storm', ...result });
  }
}

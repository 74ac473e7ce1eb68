// Inline ghost text in tactic blocks: debounced (a newer keystroke supersedes the wait), cancelled requests abort
// the HTTP call (through the shared computation's signal), cached, skip rules, best checked candidate first.
// Never blocks typing: everything is async and a superseded request returns nothing at once.
import * as vscode from 'vscode';
import type { TacticService } from './tacticService';
import type { ModelStatusBar } from './statusBar';
import { readModelSettings } from './settings';

/** Resolves true after `ms` unless a newer call superseded this one or the token was cancelled. */
export class Debouncer {
  private seq = 0;
  wait(ms: number, token: vscode.CancellationToken): Promise<boolean> {
    const id = ++this.seq;
    if (ms <= 0) return Promise.resolve(!token.isCancellationRequested);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(id === this.seq && !token.isCancellationRequested);
      }, ms);
      const sub = token.onCancellationRequested(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve(false);
      });
    });
  }
}

/** Why not to ask at all: mid-identifier, text right of the cursor, not in a Lean file. */
export function skipReason(lineText: string, character: number): string | undefined {
  const right = lineText.slice(character);
  if (right.trim()) return 'text right of the cursor';
  const prev = lineText.slice(0, character);
  if (/[\p{L}\p{N}_'.!?₀-₉]$/u.test(prev)) return 'mid-identifier';
  if (/--/.test(prev)) return 'in a comment';
  return undefined;
}

export class TacticInlineProvider implements vscode.InlineCompletionItemProvider {
  private readonly debouncer = new Debouncer();

  constructor(private readonly service: TacticService, private readonly status: ModelStatusBar, private readonly log: vscode.LogOutputChannel) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[]> {
    const s = readModelSettings();
    if (!s.inlineEnabled) return [];
    const line = document.lineAt(position.line).text;
    const skip = skipReason(line, position.character);
    if (skip) return [];
    // Manual triggers (Alt+\) skip the debounce.
    const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    if (!(await this.debouncer.wait(manual ? 0 : s.inlineDebounceMs, token))) return []; // superseded
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    const t0 = performance.now();
    try {
      const goals = await this.service.goalAt(document, position, ac.signal);
      if (!goals || ac.signal.aborted) return []; // not in a tactic block
      const version = document.version;
      this.status.set('thinking', 'LeanScout');
      const res = await this.service.suggest({ document, version, position, goals }, ac.signal);
      if (!res || ac.signal.aborted || document.version !== version) return [];
      const ms = performance.now() - t0;
      this.status.set(res.modelError ? 'error' : 'idle', 'LeanScout', res.message, ms);
      const prefix = line.slice(0, position.character);
      const indentEnd = prefix.length - prefix.trimStart().length;
      const typed = prefix.slice(indentEnd);
      const usable = res.candidates.filter((c) => c.status !== 'fails' && c.tactic.startsWith(typed) && c.tactic !== typed);
      const range = new vscode.Range(position.line, indentEnd, position.line, position.character);
      return usable.slice(0, 5).map((c) => new vscode.InlineCompletionItem(c.tactic, range));
    } catch (err) {
      this.log.warn(`inline tactics failed: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    } finally {
      sub.dispose();
      if (this.status.state === 'thinking') this.status.set('idle', 'LeanScout');
    }
  }
}

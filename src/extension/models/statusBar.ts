// Status bar item: what the model features are doing and how long the last suggestion took.
import * as vscode from 'vscode';

export type ModelState = 'off' | 'idle' | 'thinking' | 'checking' | 'error';

const ICON: Record<ModelState, string> = { off: '$(circle-slash)', idle: '$(sparkle)', thinking: '$(loading~spin)', checking: '$(loading~spin)', error: '$(warning)' };

export class ModelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('leanscout.model', vscode.StatusBarAlignment.Right, 90);
  private lastMs: number | undefined;
  state: ModelState = 'off';

  constructor() {
    this.item.name = 'LeanScout model';
    this.item.command = 'leanscout.suggestTactics';
    this.set('off', 'model-free');
    this.item.show();
  }

  set(state: ModelState, label: string, detail?: string, latencyMs?: number): void {
    this.state = state;
    if (latencyMs !== undefined) this.lastMs = latencyMs;
    const ms = this.lastMs !== undefined ? ` · ${Math.round(this.lastMs)} ms` : '';
    this.item.text = `${ICON[state]} ${label}${state === 'thinking' ? ' …' : state === 'checking' ? ' (checking)' : ''}${ms}`;
    this.item.tooltip = `LeanScout tactics: ${state}${detail ? ` — ${detail}` : ''}${this.lastMs !== undefined ? `\nLast suggestion: ${Math.round(this.lastMs)} ms` : ''}`;
    this.item.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

// The contract between the extension's composition root (engineer C) and the model features
// (engineer E, src/extension/modelFeatures.ts). Kept in its own module so neither side imports the other's internals.
import type * as vscode from 'vscode';
import type { SearchRequest, SearchResponse } from '../core/types';
import type { LeanConnection } from '../core/lean/connection';
import type { CheckOutcome } from '../core/tactics/check';
import type { ModelProvider } from '../core/models/types';
import type { ExtensionToWebview, WebviewToExtension } from '../shared/protocol';

export interface ModelFeatureHost {
  log: vscode.LogOutputChannel;
  search(req: SearchRequest): Promise<SearchResponse>; // via the index worker client
  /** Premises for a goal that a proof at `position` of `document` may use (not the theorem itself, nor later ones). */
  premisesAt(document: vscode.TextDocument, position: vscode.Position, goal: string, k: number): Promise<SearchResponse>;
  leanConnectionFor(uri: vscode.Uri): Promise<LeanConnection | undefined>;
  currentGoal(): { uri: string; version: number; position: { line: number; character: number }; goals: string[] } | undefined;
  postToPanel(msg: ExtensionToWebview): void;
}

export interface ModelFeatures extends vscode.Disposable {
  onGoalChanged(): void; // called when the panel's goal changes
  handlePanelMessage(msg: WebviewToExtension): boolean; // true if handled (suggestTactics, insertTactic, informalize)
  informalize(name?: string): Promise<void>; // the command; undefined = declaration at cursor
  /** The provider for reranking the panel's search results (leanscout.model.rerank.*); undefined when off. */
  rerankProvider(): Promise<ModelProvider | undefined>;
  /** Checks tactics in Lean at a position of a document (the same scratch-document checker the panel uses). */
  checkTactics(document: vscode.TextDocument, position: vscode.Position, goals: string[], tactics: string[], signal?: AbortSignal): Promise<CheckOutcome[] | string>;
}

// LeanScout for agents inside VS Code: language-model tools (agent mode calls them) that act on the editor — the goal
// and premises at the cursor through the Lean connection, a check of tactics at the cursor, search — and the MCP
// server (`leanscout mcp`) offered for the open Lean project. Read-only for the user's files.
// The APIs are looked up at run time: VS Code before 1.95 has no language-model tools, before 1.101 no MCP server
// definitions; there LeanScout registers nothing and says so in its log.
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { SearchRequest, SearchResponse } from '../core/types';
import type { GoalView } from '../shared/protocol';
import type { CheckOutcome } from '../core/tactics/check';
import type { WorkerSearchResponse } from '../node/indexWorkerClient';

export interface LmToolHost {
  log: vscode.LogOutputChannel;
  search(req: SearchRequest): Promise<SearchResponse>;
  /** The goal at a position of a document, asked from Lean. */
  goalAt(document: vscode.TextDocument, position: vscode.Position): Promise<GoalView>;
  /** Premises a proof at this line of the document may use, for the goal text. */
  premises(document: vscode.TextDocument, line: number, goal: string, k: number): Promise<WorkerSearchResponse>;
  checkTactics(document: vscode.TextDocument, position: vscode.Position, goals: string[], tactics: string[], signal?: AbortSignal): Promise<CheckOutcome[] | string>;
  projectRoot(): string | undefined;
  /** The module name of a file of the project (for "needs import" flags). */
  moduleOf(document: vscode.TextDocument): string | undefined;
  cliPath: string;
}

// ----------------------------------------------------------------- the slice of the proposed/new API used here

interface ToolInvocation<T> {
  input: T;
}
interface LmTool<T> {
  invoke(options: ToolInvocation<T>, token: vscode.CancellationToken): Promise<unknown>;
}
interface LmApi {
  registerTool?<T>(name: string, tool: LmTool<T>): vscode.Disposable;
  registerMcpServerDefinitionProvider?(id: string, provider: { provideMcpServerDefinitions(): unknown[] }): vscode.Disposable;
}
type Ctor<A extends unknown[]> = new (...args: A) => unknown;
interface LmClasses {
  LanguageModelToolResult?: Ctor<[unknown[]]>;
  LanguageModelTextPart?: Ctor<[string]>;
  McpStdioServerDefinition?: Ctor<[string, string, string[], Record<string, string>?]>;
}

export const TOOL_NAMES = ['leanscout_search', 'leanscout_goal_premises', 'leanscout_check_tactics'] as const;

export function registerAgentTools(host: LmToolHost): vscode.Disposable[] {
  const api = (vscode as unknown as { lm?: LmApi }).lm;
  const classes = vscode as unknown as LmClasses;
  const out: vscode.Disposable[] = [];
  const { LanguageModelToolResult: Result, LanguageModelTextPart: Text } = classes;
  if (api?.registerTool && Result && Text) {
    const answer = (text: string) => new Result([new Text(text)]);
    const tool = <T>(name: (typeof TOOL_NAMES)[number], run: (input: T, token: vscode.CancellationToken) => Promise<string>) =>
      api.registerTool!<T>(name, {
        invoke: async (options, token) => {
          try {
            return answer(await run(options.input ?? ({} as T), token));
          } catch (e) {
            // The agent reads the reason; nothing is thrown into the chat.
            return answer(`LeanScout could not answer: ${e instanceof Error ? e.message : String(e)}`);
          }
        },
      });
    out.push(
      tool<{ query?: unknown; k?: unknown; kind?: unknown; module?: unknown; namespace?: unknown }>('leanscout_search', async (input) => {
        const query = typeof input.query === 'string' ? input.query.trim() : '';
        if (!query) return 'Give a query: words, LaTeX, a Lean name, a pattern like `_ + _ ≤ _`, or a goal.';
        if (query.length > 10_000) return 'The query is too long (at most 10,000 characters).';
        const k = clampK(input.k, 10);
        const kinds = typeof input.kind === 'string' && input.kind ? [input.kind] : undefined;
        const doc = activeLean();
        // From the active Lean file: hits say whether it imports them already.
        const fromModule = doc ? host.moduleOf(doc) : undefined;
        const res = await host.search({ query, k, kinds: kinds as SearchRequest['kinds'], modulePrefix: str(input.module), namespacePrefix: str(input.namespace), fromModule });
        return formatHits(res.hits, res.message);
      }),
      tool<{ k?: unknown }>('leanscout_goal_premises', async (input) => {
        const ed = vscode.window.activeTextEditor;
        if (!ed || !ed.document.fileName.endsWith('.lean')) return 'No Lean file is active: open one and put the cursor in a proof.';
        const goal = await host.goalAt(ed.document, ed.selection.active);
        if (goal.state !== 'goals' && goal.state !== 'term') return `No goal at ${where(ed)}: ${goal.message ?? goal.state}.`;
        const text = goal.goals[0] ?? '';
        const res = await host.premises(ed.document, ed.selection.active.line, text, clampK(input.k, 10));
        return `Goal at ${where(ed)}:\n${goal.goals.join('\n---\n')}\n\nPremises this point can use (best first):\n${formatHits(res.hits, res.message)}`;
      }),
      tool<{ tactics?: unknown }>('leanscout_check_tactics', async (input, token) => {
        const ed = vscode.window.activeTextEditor;
        if (!ed || !ed.document.fileName.endsWith('.lean')) return 'No Lean file is active: open one and put the cursor in a proof.';
        const tactics = Array.isArray(input.tactics) ? input.tactics.filter((t): t is string => typeof t === 'string' && t.trim() !== '').slice(0, 20) : [];
        if (tactics.length === 0) return 'Give `tactics`: a list of tactics to try at the cursor.';
        const goal = await host.goalAt(ed.document, ed.selection.active);
        if (goal.state !== 'goals') return `No tactic goal at ${where(ed)}: ${goal.message ?? goal.state}.`;
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const res = await host.checkTactics(ed.document, ed.selection.active, goal.goals, tactics, abort.signal);
          if (typeof res === 'string') return res;
          return res.map((o) => `${o.tactic}: ${describeOutcome(o)}`).join('\n');
        } finally {
          sub.dispose();
        }
      }),
    );
    host.log.info(`Language-model tools registered: ${TOOL_NAMES.join(', ')}`);
  } else {
    host.log.info('This VS Code has no language-model tools API: LeanScout offers its tools through `leanscout mcp` only.');
  }

  const Mcp = classes.McpStdioServerDefinition;
  if (api?.registerMcpServerDefinitionProvider && Mcp) {
    out.push(api.registerMcpServerDefinitionProvider('leanscout.mcp', {
      provideMcpServerDefinitions: () => {
        const root = host.projectRoot();
        if (!root) return [];
        // The extension host's own runtime runs the CLI (Electron runs as Node with this variable).
        return [new Mcp('LeanScout', process.execPath, [host.cliPath, 'mcp', '--project', root], { ELECTRON_RUN_AS_NODE: '1' })];
      },
    }));
  }
  return out;
}

function activeLean(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.fileName.endsWith('.lean') ? doc : undefined;
}

function where(ed: vscode.TextEditor): string {
  return `${vscode.workspace.asRelativePath(ed.document.uri)}:${ed.selection.active.line + 1}:${ed.selection.active.character + 1}`;
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() ? x.trim() : undefined;
}

function clampK(x: unknown, dflt: number): number {
  const n = typeof x === 'number' && Number.isFinite(x) ? Math.round(x) : dflt;
  return Math.max(1, Math.min(50, n));
}

function formatHits(hits: SearchResponse['hits'], message?: string): string {
  if (hits.length === 0) return message ?? 'Nothing found.';
  return hits
    .map((h, i) => {
      const d = h.decl;
      const doc = d.doc ? ` — ${d.doc.replace(/\s+/g, ' ').slice(0, 160)}` : '';
      const scope = h.inScope === false ? ` (needs import ${d.module})` : '';
      return `${i + 1}. ${d.name} : ${d.signature.replace(/\s+/g, ' ').slice(0, 300)}  [${d.kind}, ${d.module}, ${d.file}:${d.line}]${scope}${doc}`;
    })
    .join('\n') + (message ? `\n\nNote: ${message}` : '');
}

function describeOutcome(o: CheckOutcome): string {
  switch (o.status) {
    case 'closes': return 'closes the goal';
    case 'progress': return `makes progress; remaining goals:\n  ${(o.remainingGoals ?? []).join('\n  ---\n  ').replace(/\n/g, '\n  ')}`;
    case 'fails': return `fails: ${o.error ?? 'error'}`;
    default: return `not checked: ${o.error ?? 'unknown reason'}`;
  }
}

/** The CLI bundle shipped with the extension. */
export function cliPathOf(extensionPath: string): string {
  return join(extensionPath, 'dist', 'cli.js');
}

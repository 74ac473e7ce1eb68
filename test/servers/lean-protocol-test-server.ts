// Lean-protocol TEST SERVER — a test double, not Lean.
//
// A real JSON-RPC-over-stdio LSP server (vscode-languageserver) that answers the messages LeanScout sends
// to `lake serve` ($/lean/plainGoal, $/lean/plainTermGoal, textDocument/waitForDiagnostics, $/lean/rpc/*)
// with goal text read from a script file. No Lean toolchain can be installed on the machines this project
// is built on; the goal texts in the scripts are real Lean output (see /work/notes/lean-test-server-contract.md).
//
// Start:  node out/test/servers/lean-protocol-test-server.js --script <script.json> [--log <file.jsonl>]
//         (or env LEANSCOUT_TEST_LEAN_SCRIPT / LEANSCOUT_TEST_LEAN_LOG). Any other arguments — `serve`, `--`,
//         `--stdio`, whatever follows — are accepted and ignored, so the command can stand in for `lake serve`.
//
// Test-only extras (namespaced so they never collide with Lean's own methods):
//  - request `$/leanscoutTest/stats` → { pid, requests: {method: count}, cancelled, maxGoalRequestsInFlight, openDocuments }
//  - request `$/leanscoutTest/configure { delayMs?, crashAfterRequests? }` changes the goal answer delay at run time,
//    or makes the server crash after that many more requests (0: on the next one) → { delayMs }
//  - `--log FILE`: one JSON line per message received ({t, kind, method, params}), so an outside test can
//    check for request storms or stale requests.
//
// As Lean does (checked against Lean's server source): a request about a document that is not open fails with
// ContentModified (−32801, "Cannot process request to closed file"); a client that announces
// `capabilities.lean.incrementalDiagnosticSupport` gets each version's diagnostics in batches (the first
// replaces, the rest have `isIncremental: true`), any other client the full list per version.
//
// Fault injection: `startDelayMs` (script, or env LEANSCOUT_TEST_START_DELAY_MS) delays the answer to `initialize`
// (a slow server start); `delayMs` delays every goal answer (cancellable: a $/cancelRequest during the delay answers
// RequestCancelled −32800); `crashAfterRequests: N` answers N requests and exits with code 1 on receiving the
// next one (a server that crashes mid-request). `initialize`, `shutdown` and `$/leanscoutTest/*` do not count.

import { appendFileSync, readFileSync } from 'node:fs';
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  ResponseError,
  ErrorCodes,
  TextDocumentSyncKind,
  type CancellationToken,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

// ---------------------------------------------------------------------------------------------------------
// Script

export interface LeanTestScript {
  /** Goals at positions. A request matches the first entry whose uriSuffix ends the document URI and whose
   *  `line` (0-based) equals the position line (and character ≥ fromChar when given).
   *  `goals: []` = "no goals"; `goals` left out = no tactic goal there (plainGoal answers null; term mode). */
  goals?: { uriSuffix: string; line: number; fromChar?: number; goals?: string[]; termGoal?: string }[];
  /** Tactic outcomes for scratch documents: a document line that, trimmed, equals `tactic`.
   *  `inTheorem` (optional): the entry applies only inside the proof of the declaration of that name (the
   *  nearest `theorem`/`lemma`/… header above the line), so that a tactic's outcome holds only for the goal it
   *  really proves; without it the entry applies everywhere. */
  tactics?: { tactic: string; outcome: 'closes' | 'progress' | 'error'; goals?: string[]; message?: string; inTheorem?: string }[];
  unknownTacticsFail?: boolean;
  delayMs?: number;
  crashAfterRequests?: number;
  /** How long `initialize` takes (a slow `lake serve` start: Mathlib projects take seconds). */
  startDelayMs?: number;
}

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };

interface OpenDocument {
  uri: string;
  version: number;
  text: string;
  /** Highest version whose diagnostics were published. */
  publishedVersion: number;
}

function parseArgs(argv: string[]): { scriptPath?: string; logPath?: string } {
  let scriptPath = process.env.LEANSCOUT_TEST_LEAN_SCRIPT || undefined;
  let logPath = process.env.LEANSCOUT_TEST_LEAN_LOG || undefined;
  for (let i = 0; i < argv.length; i++) {
    // Only our own flags before a `--` are read; everything after `--` belongs to "lake serve" and is ignored.
    if (argv[i] === '--') break;
    if (argv[i] === '--script' && i + 1 < argv.length) scriptPath = argv[++i];
    else if (argv[i] === '--log' && i + 1 < argv.length) logPath = argv[++i];
  }
  return { scriptPath, logPath };
}

function loadScript(path: string | undefined): LeanTestScript {
  if (!path) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    process.stderr.write(`lean-protocol-test-server: cannot read script ${path}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    process.stderr.write(`lean-protocol-test-server: script ${path} must be a JSON object\n`);
    process.exit(2);
  }
  return raw as LeanTestScript;
}

// ---------------------------------------------------------------------------------------------------------
// Pure helpers (exported for unit tests)

/** `rendered` exactly like Lean's plainGoal: each goal in its own ```lean fence, joined by `\n---\n`. */
export function renderGoals(goals: string[]): string {
  if (goals.length === 0) return 'no goals';
  return goals.map((g) => '```lean\n' + g + '\n```').join('\n---\n');
}

function offsetAt(text: string, pos: Position): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + pos.character, end);
}

/** Applies LSP content changes (full or incremental; UTF-16 positions, like JS strings). */
export function applyChanges(text: string, changes: TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    if ('range' in change && change.range) {
      const start = offsetAt(text, change.range.start);
      const end = offsetAt(text, change.range.end);
      text = text.slice(0, start) + change.text + text.slice(end);
    } else {
      text = change.text;
    }
  }
  return text;
}

/** Lines that sit where a tactic would be: indented lines following a line that ends with `by`,
 *  up to the next unindented line. Comments and blank lines are not tactics. */
export function tacticLines(lines: string[]): Set<number> {
  const result = new Set<number>();
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const indented = /^\s/.test(line);
    if (!indented) inBlock = false;
    else if (inBlock && !trimmed.startsWith('--') && !trimmed.startsWith('/-')) result.add(i);
    if (/(^|\s|:=)by$/.test(trimmed.replace(/\s*--.*$/, ''))) inBlock = true;
  }
  return result;
}

const DECL_HEADER = /^\s*(?:@\[[^\]]*\]\s*)?(?:(?:private|protected|noncomputable|nonrec|partial|unsafe)\s+)*(?:theorem|lemma|def|abbrev|instance|example)\b\s*([^\s(:{\[⦃]*)/;

/** Name of the declaration whose header is the nearest one at or above `lineNo` ('' for `example`/none). */
export function enclosingDeclaration(lines: string[], lineNo: number): string {
  for (let i = Math.min(lineNo, lines.length - 1); i >= 0; i--) {
    const m = DECL_HEADER.exec(lines[i]);
    if (m) return m[1] ?? '';
  }
  return '';
}

/** The line of the nearest declaration header at or above `lineNo` (-1 when none). */
export function headerLineAbove(lines: string[], lineNo: number): number {
  for (let i = Math.min(lineNo, lines.length - 1); i >= 0; i--) if (DECL_HEADER.test(lines[i])) return i;
  return -1;
}

type TacticEntry = NonNullable<LeanTestScript['tactics']>[number];

/** The scripted entry for the (trimmed) text of line `lineNo`, honouring `inTheorem`. */
export function tacticEntryAt(entries: TacticEntry[], lines: string[], lineNo: number): TacticEntry | undefined {
  const trimmed = (lines[lineNo] ?? '').trim();
  if (trimmed === '') return undefined;
  return entries.find((t) => {
    if (t.tactic.trim() !== trimmed) return false;
    if (t.inTheorem === undefined) return true;
    const decl = enclosingDeclaration(lines, lineNo);
    return decl === t.inTheorem || decl.endsWith('.' + t.inTheorem);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Server

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function main(): void {
  const { scriptPath, logPath } = parseArgs(process.argv.slice(2));
  const script = loadScript(scriptPath);
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  const documents = new Map<string, OpenDocument>();
  const diagnosticsWaiters: { uri: string; version: number; resolve: () => void }[] = [];
  const stats = { requests: {} as Record<string, number>, cancelled: 0, goalRequestsInFlight: 0, maxGoalRequestsInFlight: 0 };
  let countedRequests = 0;

  const log = (kind: string, method: string, params: unknown): void => {
    if (!logPath) return;
    try {
      appendFileSync(logPath, JSON.stringify({ t: Date.now(), kind, method, params }) + '\n');
    } catch {
      // The log is a test aid; a failure to write it must not change the server's answers.
    }
  };

  /** Counts a request; crashes the process when the script says so (before answering). */
  const countRequest = (method: string, params: unknown): void => {
    log('request', method, params);
    stats.requests[method] = (stats.requests[method] ?? 0) + 1;
    if (script.crashAfterRequests !== undefined && countedRequests >= script.crashAfterRequests) {
      process.stderr.write(`lean-protocol-test-server: crashing on request ${countedRequests + 1} (${method}) as scripted\n`);
      process.exit(1);
    }
    countedRequests++;
  };

  const requireOpen = (uri: string | undefined): OpenDocument => {
    const doc = uri === undefined ? undefined : documents.get(uri);
    if (!doc) throw new ResponseError(-32801 /* ContentModified, as Lean answers */, `Cannot process request to closed file '${uri}'`);
    return doc;
  };

  const delay = async (token: CancellationToken): Promise<void> => {
    const ms = script.delayMs ?? 0;
    if (ms > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        token.onCancellationRequested(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (token.isCancellationRequested) {
      stats.cancelled++;
      throw new ResponseError(-32800 /* RequestCancelled */, 'Request cancelled');
    }
  };

  /** Wraps a goal request handler: counts requests in flight (the "no request storms" check). */
  const goalRequest = async <R>(token: CancellationToken, answer: () => R): Promise<R> => {
    stats.goalRequestsInFlight++;
    stats.maxGoalRequestsInFlight = Math.max(stats.maxGoalRequestsInFlight, stats.goalRequestsInFlight);
    try {
      await delay(token);
      return answer();
    } finally {
      stats.goalRequestsInFlight--;
    }
  };

  const scriptedGoalAt = (uri: string, pos: Position) =>
    (script.goals ?? []).find(
      (g) => uri.endsWith(g.uriSuffix) && g.line === pos.line && (g.fromChar === undefined || pos.character >= g.fromChar),
    );

  /** The scripted tactic outcome for a position at the end of a tactic line or on the line after it. */
  const tacticOutcomeAt = (doc: OpenDocument, pos: Position) => {
    const lines = doc.text.split('\n');
    const candidates: number[] = [];
    const here = lines[pos.line];
    if (here !== undefined && pos.character >= here.trimEnd().length) candidates.push(pos.line);
    if (pos.line > 0) candidates.push(pos.line - 1);
    for (const lineNo of candidates) {
      const entry = tacticEntryAt(script.tactics ?? [], lines, lineNo);
      if (entry) return entry;
    }
    return undefined;
  };

  const diagnosticsFor = (doc: OpenDocument) => {
    const lines = doc.text.split('\n');
    const tactics = tacticLines(lines);
    const diagnostics: { range: Range; fullRange: Range; severity: number; message: string; source: string }[] = [];
    lines.forEach((line, lineNo) => {
      const trimmed = line.trim();
      if (trimmed === '') return;
      const entry = tacticEntryAt(script.tactics ?? [], lines, lineNo);
      const start = line.length - line.trimStart().length;
      const range = { start: { line: lineNo, character: start }, end: { line: lineNo, character: line.trimEnd().length } };
      if (/(^|[\s(])sorry\b/.test(trimmed) && !trimmed.startsWith('--')) {
        // Lean warns at the declaration's header, once per declaration.
        const header = headerLineAbove(lines, lineNo);
        if (header >= 0 && !diagnostics.some((d) => d.range.start.line === header && d.severity === 2)) {
          const h = lines[header];
          const hr = { start: { line: header, character: h.length - h.trimStart().length }, end: { line: header, character: h.trimEnd().length } };
          diagnostics.push({ range: hr, fullRange: hr, severity: 2, message: "declaration uses 'sorry'", source: 'Lean 4' });
        }
      }
      if (entry?.outcome === 'error') {
        diagnostics.push({ range, fullRange: range, severity: 1, message: entry.message ?? 'tactic failed', source: 'Lean 4' });
      } else if (!entry && script.unknownTacticsFail && tactics.has(lineNo)) {
        diagnostics.push({ range, fullRange: range, severity: 1, message: 'unknown tactic', source: 'Lean 4' });
      }
    });
    return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
  };

  /** Mimics elaboration: progress "processing", then diagnostics for the version, then `processing: []`. */
  const elaborate = (doc: OpenDocument): void => {
    const version = doc.version;
    const lineCount = doc.text.split('\n').length;
    void connection.sendNotification('$/lean/fileProgress', {
      textDocument: { uri: doc.uri, version },
      processing: [{ range: { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } }, kind: 1 }],
    });
    const isCurrent = () => documents.get(doc.uri)?.version === version; // not superseded by a newer version or closed
    const publish = (diagnostics: unknown[], isIncremental?: boolean) =>
      void connection.sendNotification('textDocument/publishDiagnostics', isIncremental === undefined ? { uri: doc.uri, version, diagnostics } : { uri: doc.uri, version, diagnostics, isIncremental });
    void (async () => {
      await sleep(5);
      if (!isCurrent()) return;
      const all = diagnosticsFor(documents.get(doc.uri)!);
      if (incrementalDiagnostics) {
        // Lean reports each snapshot's messages as it finishes them: the first batch replaces, later ones append.
        publish(all.slice(0, 1), false);
        for (const d of all.slice(1)) {
          await sleep(15); // Lean takes a while per command: batches arrive apart
          if (!isCurrent()) return;
          publish([d], true);
        }
      } else {
        publish(all);
      }
      const current = documents.get(doc.uri)!;
      void connection.sendNotification('$/lean/fileProgress', { textDocument: { uri: doc.uri, version }, processing: [] });
      current.publishedVersion = version;
      for (let i = diagnosticsWaiters.length - 1; i >= 0; i--) {
        const w = diagnosticsWaiters[i];
        if (w.uri === doc.uri && w.version <= version) {
          diagnosticsWaiters.splice(i, 1);
          w.resolve();
        }
      }
    })();
  };

  let incrementalDiagnostics = false;
  connection.onInitialize(async (params): Promise<InitializeResult> => {
    log('request', 'initialize', { rootUri: params.rootUri, initializationOptions: params.initializationOptions });
    const lean = (params.capabilities as { lean?: { incrementalDiagnosticSupport?: boolean } }).lean;
    incrementalDiagnostics = lean?.incrementalDiagnosticSupport === true;
    const startDelay = script.startDelayMs ?? Number(process.env.LEANSCOUT_TEST_START_DELAY_MS ?? 0);
    if (startDelay > 0) await new Promise((r) => setTimeout(r, startDelay));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: true } },
        experimental: { rpcProvider: { highlightMatchesProvider: {}, rpcWireFormat: 'v1' } },
      },
      serverInfo: { name: 'Lean 4 Server', version: '0.3.0' },
    };
  });

  connection.onDidOpenTextDocument((p) => {
    log('notification', 'textDocument/didOpen', { uri: p.textDocument.uri, version: p.textDocument.version });
    const doc: OpenDocument = { uri: p.textDocument.uri, version: p.textDocument.version, text: p.textDocument.text, publishedVersion: -1 };
    documents.set(doc.uri, doc);
    elaborate(doc);
  });

  connection.onDidChangeTextDocument((p) => {
    log('notification', 'textDocument/didChange', { uri: p.textDocument.uri, version: p.textDocument.version });
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return; // Lean ignores changes to files it has not opened
    doc.text = applyChanges(doc.text, p.contentChanges);
    doc.version = p.textDocument.version;
    elaborate(doc);
  });

  connection.onDidCloseTextDocument((p) => {
    log('notification', 'textDocument/didClose', { uri: p.textDocument.uri });
    documents.delete(p.textDocument.uri);
  });

  connection.onNotification('$/lean/rpc/keepAlive', (p) => log('notification', '$/lean/rpc/keepAlive', p));

  connection.onRequest('$/lean/plainGoal', (params: { textDocument: { uri: string }; position: Position }, token) => {
    countRequest('$/lean/plainGoal', params);
    const doc = requireOpen(params?.textDocument?.uri);
    return goalRequest(token, () => {
      const tactic = tacticOutcomeAt(doc, params.position);
      if (tactic && tactic.outcome === 'closes') return { rendered: 'no goals', goals: [] };
      if (tactic && tactic.outcome === 'progress') {
        const goals = tactic.goals ?? [];
        return { rendered: renderGoals(goals), goals };
      }
      const entry = scriptedGoalAt(doc.uri, params.position);
      if (!entry || !Array.isArray(entry.goals)) return null;
      return { rendered: renderGoals(entry.goals), goals: entry.goals };
    });
  });

  connection.onRequest('$/lean/plainTermGoal', (params: { textDocument: { uri: string }; position: Position }, token) => {
    countRequest('$/lean/plainTermGoal', params);
    const doc = requireOpen(params?.textDocument?.uri);
    return goalRequest(token, () => {
      const entry = scriptedGoalAt(doc.uri, params.position);
      if (!entry || entry.termGoal === undefined) return null;
      const line = doc.text.split('\n')[entry.line] ?? '';
      const start = entry.fromChar ?? line.length - line.trimStart().length;
      return { goal: entry.termGoal, range: { start: { line: entry.line, character: start }, end: { line: entry.line, character: line.trimEnd().length } } };
    });
  });

  connection.onRequest('textDocument/waitForDiagnostics', (params: { uri: string; version: number }) => {
    countRequest('textDocument/waitForDiagnostics', params);
    const doc = requireOpen(params?.uri);
    if (doc.publishedVersion >= params.version) return {};
    return new Promise<object>((resolve) => diagnosticsWaiters.push({ uri: doc.uri, version: params.version, resolve: () => resolve({}) }));
  });

  connection.onRequest('$/lean/rpc/connect', (params: { uri: string }) => {
    countRequest('$/lean/rpc/connect', params);
    requireOpen(params?.uri);
    return { sessionId: '1' };
  });

  // Lean sends keepAlive as a notification; accept a request too so neither form errors.
  connection.onRequest('$/lean/rpc/keepAlive', (params: unknown) => {
    countRequest('$/lean/rpc/keepAlive', params);
    return null;
  });

  // A test may change the answer delay while the server runs (e.g. only for a request-storm check).
  connection.onRequest('$/leanscoutTest/configure', (params: { delayMs?: number; crashAfterRequests?: number }) => {
    if (typeof params?.delayMs === 'number' && params.delayMs >= 0) script.delayMs = params.delayMs;
    if (typeof params?.crashAfterRequests === 'number' && params.crashAfterRequests >= 0) script.crashAfterRequests = countedRequests + params.crashAfterRequests;
    return { delayMs: script.delayMs ?? 0 };
  });

  connection.onRequest('$/leanscoutTest/stats', () => ({
    pid: process.pid,
    requests: stats.requests,
    cancelled: stats.cancelled,
    maxGoalRequestsInFlight: stats.maxGoalRequestsInFlight,
    openDocuments: [...documents.values()].map((d) => ({ uri: d.uri, version: d.version })),
  }));

  // Everything else: log it, then answer like Lean does for a method it does not know.
  connection.onRequest((method, params) => {
    countRequest(method, params);
    return new ResponseError(ErrorCodes.MethodNotFound, `No request handler found for '${method}'`);
  });

  connection.onShutdown(() => log('request', 'shutdown', null));
  connection.onExit(() => process.exit(0));
  // The client went away without `exit`: do not linger as an orphan.
  process.stdin.on('end', () => process.exit(0));
  connection.listen();
}

if (require.main === module) main();

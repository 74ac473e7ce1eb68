// Checking candidate tactics in Lean on a scratch document (a copy of the user's file with the candidate at the
// cursor), as Lean Copilot / LLMLean do inside Lean: closes the goal / makes progress (remaining goals) / fails
// (Lean's error). One scratch document per checker, kept open and edited, so Lean's incremental elaboration
// reuses everything before the candidate. Results carry the document version they were computed for.
import type { LeanConnection, LeanDiagnostic, PlainGoal, PublishDiagnosticsParams } from '../lean/connection';

export type CheckStatus = 'closes' | 'progress' | 'fails' | 'unchecked';

export interface CheckOutcome {
  tactic: string;
  status: CheckStatus;
  remainingGoals?: string[];
  error?: string;
  /** When Lean answered `Try this: …` (e.g. for `exact?`), the tactic it proposes. */
  suggestion?: string;
  ms: number;
}

/** Where the candidate goes: the user's document at the version the goal was read from. */
export interface CheckContext {
  uri: string;
  version: number;
  text: string;
  position: { line: number; character: number };
  /** The goals at the cursor (to tell progress from no change). */
  goals: string[];
}

export interface CheckerOptions {
  /** Longest wait for one candidate's elaboration (ms). */
  perCandidateMs?: number;
  /** URI of the scratch document; default: beside the user's file. */
  scratchUri?: (uri: string) => string;
}

const SCRATCH_PREFIX = 'LeanScoutScratch_';

export function defaultScratchUri(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return `${uri.slice(0, slash + 1)}${SCRATCH_PREFIX}${uri.slice(slash + 1).replace(/[^\w.]/g, '_')}`;
}

/** True for LeanScout's scratch documents: their diagnostics are for the checker, not the Problems view. */
export function isScratchUri(uri: string): boolean {
  return uri.slice(uri.lastIndexOf('/') + 1).startsWith(SCRATCH_PREFIX);
}

/** The user's text with `tactic` placed at the cursor line; returns the text and the candidate's line. */
export function placeCandidate(text: string, position: { line: number; character: number }, tactic: string): { text: string; line: number } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const lineNo = Math.min(position.line, Math.max(0, lines.length - 1));
  const current = lines[lineNo] ?? '';
  const before = current.slice(0, position.character);
  const indentOf = (s: string) => /^\s*/.exec(s)![0];
  const single = tactic.replace(/\s*\n\s*/g, ' ; ').trim();
  if (before.trim() === '') {
    // Cursor in the indentation of a (possibly empty) line: the candidate takes that line.
    const indent = before.length > 0 ? before : indentOf(current) || guessIndent(lines, lineNo);
    lines[lineNo] = indent + single;
    return { text: lines.join('\n'), line: lineNo };
  }
  // Cursor after some text: the candidate goes on a new line below, at that line's indentation.
  lines.splice(lineNo + 1, 0, indentOf(current) + single);
  return { text: lines.join('\n'), line: lineNo + 1 };
}

function guessIndent(lines: string[], lineNo: number): string {
  for (let i = lineNo - 1; i >= 0; i--) {
    const l = lines[i];
    if (!l.trim()) continue;
    const ind = /^\s*/.exec(l)![0];
    return /\bby\s*$/.test(l) ? ind + '  ' : ind;
  }
  return '  ';
}

const sameGoals = (a: string[], b: string[]) =>
  a.length === b.length && a.every((g, i) => g.replace(/\s+/g, ' ').trim() === (b[i] ?? '').replace(/\s+/g, ' ').trim());

export class TacticChecker {
  private scratchVersion = 0;
  private scratchOpenFor: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private diagnostics = new Map<number, LeanDiagnostic[]>();
  private readonly sub: { dispose(): void };
  private readonly perCandidateMs: number;
  private readonly scratchUriOf: (uri: string) => string;
  private scratchUri = '';

  constructor(private readonly conn: LeanConnection, opts: CheckerOptions = {}) {
    this.perCandidateMs = opts.perCandidateMs ?? 20_000;
    this.scratchUriOf = opts.scratchUri ?? defaultScratchUri;
    this.sub = conn.onDiagnostics((p) => this.onDiagnostics(p));
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    if (!this.scratchUri || !sameUri(p.uri, this.scratchUri)) return;
    // Some clients drop `version` (vscode-languageclient's middleware): such diagnostics belong to the latest
    // scratch version, since each version's diagnostics are awaited before the next one is written.
    const version = p.version ?? this.scratchVersion;
    const prev = p.isIncremental ? this.diagnostics.get(version) ?? [] : [];
    this.diagnostics.set(version, [...prev, ...p.diagnostics]);
    // Keep only recent versions.
    for (const v of this.diagnostics.keys()) if (v < version - 4) this.diagnostics.delete(v);
  }

  /**
   * Check `tactics` one after another (calls are serialized: one scratch document). `onResult` sees each
   * outcome as it comes. Aborting stops after the current request; unchecked ones come back 'unchecked'.
   */
  check(ctx: CheckContext, tactics: string[], signal?: AbortSignal, onResult?: (o: CheckOutcome) => void): Promise<CheckOutcome[]> {
    const run = async () => {
      const out: CheckOutcome[] = [];
      for (const tactic of tactics) {
        let o: CheckOutcome;
        if (signal?.aborted) o = { tactic, status: 'unchecked', error: 'cancelled', ms: 0 };
        else if (!this.conn.isRunning()) o = { tactic, status: 'unchecked', error: 'the Lean server is not running', ms: 0 };
        else o = await this.checkOne(ctx, tactic, signal);
        out.push(o);
        onResult?.(o);
      }
      return out;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async checkOne(ctx: CheckContext, tactic: string, signal?: AbortSignal): Promise<CheckOutcome> {
    const start = performance.now();
    const timeout = AbortSignal.timeout(this.perCandidateMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const placed = placeCandidate(ctx.text, ctx.position, tactic);
      const version = this.writeScratch(ctx.uri, placed.text);
      await this.conn.sendRequest('textDocument/waitForDiagnostics', { uri: this.scratchUri, version }, sig);
      const lineText = placed.text.split('\n')[placed.line] ?? '';
      const diags = (this.diagnostics.get(version) ?? []).filter((d) => coversLine(d, placed.line));
      const errors = diags.filter((d) => d.severity === 1);
      const ms = () => performance.now() - start;
      if (errors.length) return { tactic, status: 'fails', error: errors.map((e) => e.message).join('\n'), ms: ms() };
      const suggestion = diags.map((d) => /Try this:\s*(.+)/.exec(d.message)?.[1]?.trim()).find((s) => !!s);
      const goal = await this.conn.sendRequest<PlainGoal | null>(
        '$/lean/plainGoal',
        { textDocument: { uri: this.scratchUri }, position: { line: placed.line, character: lineText.length } },
        sig,
      );
      if (!goal || !Array.isArray(goal.goals)) return { tactic, status: 'unchecked', error: 'Lean reported no goal after this tactic', suggestion, ms: ms() };
      if (goal.goals.length === 0) return { tactic, status: 'closes', remainingGoals: [], suggestion, ms: ms() };
      if (sameGoals(goal.goals, ctx.goals)) return { tactic, status: 'fails', error: 'no progress: the goals are unchanged', remainingGoals: goal.goals, ms: ms() };
      return { tactic, status: 'progress', remainingGoals: goal.goals, suggestion, ms: ms() };
    } catch (err) {
      const why = signal?.aborted ? 'cancelled' : timeout.aborted ? `Lean did not answer within ${this.perCandidateMs} ms` : errorText(err);
      return { tactic, status: 'unchecked', error: why, ms: performance.now() - start };
    }
  }

  /** Open or update the scratch copy; returns its new version. */
  private writeScratch(userUri: string, text: string): number {
    const uri = this.scratchUriOf(userUri);
    const version = ++this.scratchVersion;
    if (this.scratchOpenFor !== uri) {
      if (this.scratchOpenFor) this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.scratchUri } });
      this.scratchUri = uri;
      this.scratchOpenFor = uri;
      this.diagnostics.clear();
      this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lean4', version, text }, dependencyBuildMode: 'once' });
    } else {
      this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    return version;
  }

  dispose(): void {
    this.sub.dispose();
    if (this.scratchOpenFor && this.conn.isRunning()) {
      try {
        this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.scratchUri } });
      } catch {
        // The connection is going away anyway.
      }
    }
    this.scratchOpenFor = undefined;
  }
}

function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return decodeURIComponent(a).toLowerCase() === decodeURIComponent(b).toLowerCase();
  } catch {
    return false;
  }
}

function coversLine(d: LeanDiagnostic, line: number): boolean {
  // Only diagnostics that start on the candidate's line: an `unsolved goals` error at `by` spans the whole
  // proof and says nothing about this candidate.
  return d.range.start.line === line;
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

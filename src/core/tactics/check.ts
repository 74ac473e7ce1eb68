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
  /** Idle time after the last check before the scratch document is emptied down to its imports (ms). */
  clearAfterMs?: number;
  /** Idle time after the last check before the scratch document is closed (ms). */
  closeAfterMs?: number;
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

/**
 * Why the scratch document is emptied and then closed when idle: a Lean client may show the diagnostics of every
 * URI its server publishes for (the Lean 4 extension puts them all in its Problems collection), and the scratch
 * document is no file of the workspace. A version holding only the imports has no diagnostics, so Lean publishes an
 * empty list and the Problems view drops the entry; the header (imports) is kept, so Lean does not load them again.
 * Closing it later frees its file worker, which on a Mathlib project holds hundreds of MB; reopening costs the
 * import load (seconds), so a burst of checks (repair rounds, the next suggestion) keeps it open.
 * Alternatives weighed: a server of LeanScout's own for checks would load Mathlib a second time (GBs, tens of
 * seconds to start); clearing after every candidate would make Lean re-elaborate the whole file for the next one.
 */
export class TacticChecker {
  private scratchVersion = 0;
  private scratchOpenFor: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private diagnostics = new Map<number, LeanDiagnostic[]>();
  /** When diagnostics of the scratch document last arrived, and for which version (the "settled" wait). */
  private lastDiagnostics = { at: 0, version: -1 };
  private readonly subs: { dispose(): void }[];
  private readonly perCandidateMs: number;
  private readonly clearAfterMs: number;
  private readonly closeAfterMs: number;
  private readonly scratchUriOf: (uri: string) => string;
  private scratchUri = '';
  /** The imports of the file the scratch document copies (what an emptied scratch document keeps). */
  private scratchHeader = '';
  private scratchCleared = true;
  private idleTimers: ReturnType<typeof setTimeout>[] = [];
  private busy = 0;

  constructor(private readonly conn: LeanConnection, opts: CheckerOptions = {}) {
    this.perCandidateMs = opts.perCandidateMs ?? 20_000;
    this.clearAfterMs = opts.clearAfterMs ?? 3_000;
    this.closeAfterMs = opts.closeAfterMs ?? 120_000;
    this.scratchUriOf = opts.scratchUri ?? defaultScratchUri;
    this.subs = [conn.onDiagnostics((p) => this.onDiagnostics(p))];
    // A restarted server knows no document LeanScout opened with a raw didOpen (clients re-open only their own).
    const restarted = conn.onRestarted?.(() => this.forgetScratch());
    if (restarted) this.subs.push(restarted);
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    if (!this.scratchUri || !sameUri(p.uri, this.scratchUri)) return;
    // Some clients drop `version` (vscode-languageclient's middleware): such diagnostics belong to the latest
    // scratch version, since each version's diagnostics are awaited before the next one is written.
    const version = p.version ?? this.scratchVersion;
    const prev = p.isIncremental ? this.diagnostics.get(version) ?? [] : [];
    this.diagnostics.set(version, [...prev, ...p.diagnostics]);
    this.lastDiagnostics = { at: performance.now(), version };
    // Keep only recent versions.
    for (const v of this.diagnostics.keys()) if (v < version - 4) this.diagnostics.delete(v);
  }

  private forgetScratch(): void {
    this.scratchOpenFor = undefined;
    this.scratchCleared = true;
    this.diagnostics.clear();
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
    this.busy++;
    this.cancelIdleTimers();
    const result = this.queue.then(run, run).finally(() => {
      if (--this.busy === 0) this.scheduleIdleWork();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async checkOne(ctx: CheckContext, tactic: string, signal?: AbortSignal): Promise<CheckOutcome> {
    const start = performance.now();
    const timeout = AbortSignal.timeout(this.perCandidateMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const placed = placeCandidate(ctx.text, ctx.position, tactic);
      this.scratchHeader = importHeader(ctx.text);
      let version = this.writeScratch(ctx.uri, placed.text);
      try {
        await this.conn.sendRequest('textDocument/waitForDiagnostics', { uri: this.scratchUri, version }, sig);
      } catch (err) {
        // The server lost the scratch document (it restarted unseen, or dropped the didOpen while starting):
        // open it again, once.
        if (!isClosedFileError(err) || sig.aborted) throw err;
        this.forgetScratch();
        version = this.writeScratch(ctx.uri, placed.text);
        await this.conn.sendRequest('textDocument/waitForDiagnostics', { uri: this.scratchUri, version }, sig);
      }
      await this.diagnosticsSettled(version, sig);
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

  /**
   * Where diagnostics lag behind Lean's answer (see LeanConnection.diagnosticsLag): wait until this version's
   * diagnostics arrived and none followed for a moment. Bounded: a version without diagnostics may send none.
   */
  private async diagnosticsSettled(version: number, signal: AbortSignal): Promise<void> {
    if (!this.conn.diagnosticsLag) return;
    const QUIET_MS = 30;
    const deadline = performance.now() + 500;
    while (performance.now() < deadline && !signal.aborted) {
      const seen = this.lastDiagnostics.version >= version;
      if (seen && performance.now() - this.lastDiagnostics.at >= QUIET_MS) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Open or update the scratch copy; returns its new version. */
  private writeScratch(userUri: string, text: string): number {
    const uri = this.scratchUriOf(userUri);
    const version = ++this.scratchVersion;
    this.scratchCleared = false;
    if (this.scratchOpenFor !== uri) {
      if (this.scratchOpenFor) this.closeScratch();
      this.scratchUri = uri;
      this.scratchOpenFor = uri;
      this.diagnostics.clear();
      this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lean4', version, text }, dependencyBuildMode: 'once' });
    } else {
      this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    return version;
  }

  private cancelIdleTimers(): void {
    for (const t of this.idleTimers) clearTimeout(t);
    this.idleTimers = [];
  }

  private scheduleIdleWork(): void {
    this.cancelIdleTimers();
    const later = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        if (this.busy === 0) fn();
      }, ms);
      (t as { unref?: () => void }).unref?.();
      this.idleTimers.push(t);
    };
    later(this.clearAfterMs, () => this.clearScratch());
    later(Math.max(this.closeAfterMs, this.clearAfterMs + 1), () => this.closeScratch());
  }

  /** Empties the scratch document down to its imports, so that its diagnostics (Problems view) are gone. */
  clearScratch(): void {
    if (!this.scratchOpenFor || this.scratchCleared || !this.conn.isRunning()) return;
    this.scratchCleared = true;
    const version = ++this.scratchVersion;
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.scratchUri, version }, contentChanges: [{ text: this.scratchHeader }] });
  }

  private closeScratch(): void {
    if (!this.scratchOpenFor) return;
    this.clearScratch();
    if (this.conn.isRunning()) {
      try {
        this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.scratchUri } });
      } catch {
        // The connection is going away anyway.
      }
    }
    this.forgetScratch();
  }

  dispose(): void {
    this.cancelIdleTimers();
    this.closeScratch();
    for (const s of this.subs) s.dispose();
  }
}

/** The imports at the top of a Lean file (with the comments and blank lines among them): what a file keeps of
 *  its header. Stops at the first other command. */
export function importHeader(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = 0;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (inComment) {
      if (t.includes('-/')) inComment = false;
      continue;
    }
    if (t.startsWith('/-')) {
      if (!t.slice(2).includes('-/')) inComment = true;
      continue;
    }
    if (t === '' || t.startsWith('--')) continue;
    if (/^(?:(?:public|meta|private)\s+)*import\s/.test(t) || t === 'prelude' || t === 'module') {
      end = i + 1;
      continue;
    }
    break;
  }
  return lines.slice(0, end).join('\n') + '\n';
}

/** Lean's answer for a document it does not have open (ContentModified, "Cannot process request to closed file"). */
function isClosedFileError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === -32801 || /closed file/i.test(errorText(err));
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

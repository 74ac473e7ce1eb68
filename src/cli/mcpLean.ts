// The MCP server's Lean: its own `lake serve` (or --lean-server CMD) in the project root, started on the first
// `goal` / `check_tactics` / `suggest_tactics` call that needs it (as `leanscout suggest` does), restarted on the next
// call after it died. Files are opened with their text from disk (didOpen), and updated (didChange) when the disk
// copy changed since. Tactics are checked by the core's TacticChecker on a scratch copy of the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StdioLeanConnection, splitCommandLine } from '../node/leanStdioConnection';
import { TacticChecker, type CheckOutcome } from '../core/tactics/check';
import { fetchGoalView, isServerDown } from '../shared/goalRequest';
import type { GoalView } from '../shared/protocol';

export interface LeanSessionOptions {
  root: string;
  /** Command line of the Lean server (default `lake serve`). */
  command: string;
  /** Longest wait for a goal (ms): the first request on a file waits for its imports. */
  goalTimeoutMs: number;
  /** Longest wait for one candidate tactic (ms). */
  checkTimeoutMs: number;
  log: (line: string) => void;
}

/** A file of the project, resolved and read. */
export interface ProjectFile {
  abs: string;
  /** Path from the project root, `/`-separated. */
  rel: string;
  text: string;
}

/** Where in a file: `line` 1-based (as editors and Lean's messages show it), `column` 0-based (as Lean prints it). */
export interface FilePosition {
  line: number;
  column: number;
}

/** An error whose message is meant for the agent as it stands (a tool error, no stack). */
export class UserError extends Error {}

/**
 * `file` (relative to the project root, or absolute inside it) → the file and its text; a plain error when it is
 * not a readable .lean file of the project.
 */
export function resolveProjectFile(root: string, file: string): ProjectFile {
  const abs = path.resolve(root, file);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) throw new UserError(`file must be inside the project (${root}): ${file}`);
  if (!rel.endsWith('.lean')) throw new UserError(`not a Lean file (expected a path ending in .lean): ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file in the project: ${rel}` : `cannot read ${rel}: ${(err as Error).message}`);
  }
  return { abs, rel, text };
}

/** The 0-based LSP position of a 1-based line and 0-based column; the column defaults to the line's indentation. */
export function lspPosition(text: string, line: number, column: number | undefined): { line: number; character: number } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (line > lines.length) throw new UserError(`line ${line} is past the end of the file (${lines.length} lines)`);
  const lineText = lines[line - 1] ?? '';
  const character = column ?? /^\s*/.exec(lineText)![0].length;
  if (character > lineText.length) throw new UserError(`column ${character} is past the end of line ${line} (${lineText.length} characters)`);
  return { line: line - 1, character };
}

export class LeanSession {
  private conn?: StdioLeanConnection;
  private starting?: Promise<StdioLeanConnection>;
  private checker?: TacticChecker;
  /** Documents opened in the current server: uri → version and the text it has. */
  private docs = new Map<string, { version: number; text: string }>();
  private closed = false;

  constructor(private readonly opts: LeanSessionOptions) {}

  /** The running server, started when there is none. Throws a UserError that says why none can run. */
  async connection(): Promise<StdioLeanConnection> {
    if (this.closed) throw new UserError('the MCP server is shutting down');
    if (this.conn?.isRunning()) return this.conn;
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<StdioLeanConnection> {
    this.checker?.dispose();
    this.checker = undefined;
    this.docs.clear();
    const old = this.conn;
    this.conn = undefined;
    old?.dispose();
    const command = this.opts.command;
    this.opts.log(`starting the Lean server: ${command} (in ${this.opts.root})`);
    const stderr: string[] = [];
    try {
      const conn = await StdioLeanConnection.start({
        command,
        cwd: this.opts.root,
        onStderr: (l) => {
          if (stderr.length < 200) stderr.push(l);
          this.opts.log(`[lean] ${l}`);
        },
      });
      if (this.closed) {
        await conn.close();
        throw new UserError('the MCP server is shutting down');
      }
      this.conn = conn;
      return conn;
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(whyNoServer(command, err, stderr, this.opts.root));
    }
  }

  /** Opens `file` in Lean (or brings Lean's copy up to date with the disk); returns its URI and version. */
  private sync(conn: StdioLeanConnection, file: ProjectFile): { uri: string; version: number } {
    const uri = pathToFileURL(file.abs).toString();
    const known = this.docs.get(uri);
    if (!known) {
      this.docs.set(uri, { version: 1, text: file.text });
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lean4', version: 1, text: file.text }, dependencyBuildMode: 'once' });
      return { uri, version: 1 };
    }
    if (known.text !== file.text) {
      known.version++;
      known.text = file.text;
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: known.version }, contentChanges: [{ text: file.text }] });
    }
    return { uri, version: known.version };
  }

  /** The goal at a position, as Lean prints it (`$/lean/plainGoal`, else the expected type). */
  async goal(file: ProjectFile, pos: FilePosition, signal?: AbortSignal): Promise<GoalView & { uri: string; version: number }> {
    const conn = await this.connection();
    const at = lspPosition(file.text, pos.line, pos.column);
    const timeout = AbortSignal.timeout(this.opts.goalTimeoutMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    for (let attempt = 0; ; attempt++) {
      const doc = this.sync(conn, file);
      try {
        const view = await fetchGoalView(conn, { uri: doc.uri, version: doc.version, position: at }, 'leanscout-client', sig);
        return { ...view, uri: doc.uri, version: doc.version };
      } catch (err) {
        if (timeout.aborted) throw new UserError(`Lean did not answer within ${Math.round(this.opts.goalTimeoutMs / 1000)} s (the first request on a file waits for its imports to load; it keeps going, so try again)`);
        if (signal?.aborted) throw new UserError('cancelled');
        // Lean lost the document (ContentModified for a closed file): open it again, once.
        if (attempt === 0 && /closed file/i.test(String((err as Error)?.message))) {
          this.docs.delete(doc.uri);
          continue;
        }
        if (isServerDown(err) || !conn.isRunning()) throw new UserError(`the Lean server stopped (${(err as Error)?.message ?? err}); it is started again on the next call`);
        throw new UserError(`Lean failed: ${(err as Error)?.message ?? err}`);
      }
    }
  }

  /** Each tactic at the position on a scratch copy of the file: closes / progress (remaining goals) / fails. */
  async check(file: ProjectFile, pos: FilePosition, goals: string[], tactics: string[], signal?: AbortSignal): Promise<CheckOutcome[]> {
    const conn = await this.connection();
    const doc = this.sync(conn, file);
    this.checker ??= new TacticChecker(conn, { perCandidateMs: this.opts.checkTimeoutMs });
    const position = lspPosition(file.text, pos.line, pos.column);
    return this.checker.check({ uri: doc.uri, version: doc.version, text: file.text, position, goals }, tactics, signal);
  }

  /** A checker and context for the core's suggestTactics (which checks its own candidates). */
  async checkerFor(file: ProjectFile): Promise<{ checker: TacticChecker; uri: string; version: number }> {
    const conn = await this.connection();
    const doc = this.sync(conn, file);
    this.checker ??= new TacticChecker(conn, { perCandidateMs: this.opts.checkTimeoutMs });
    return { checker: this.checker, ...doc };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.checker?.dispose();
    this.checker = undefined;
    const conn = this.conn ?? (await this.starting?.catch(() => undefined));
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }
}

/** A plain sentence for a server that could not start: the program missing, or what it said. */
export function whyNoServer(command: string, err: unknown, stderr: string[] = [], cwd?: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  // What the server said before it stopped: the line naming the error, else its last line.
  const said = stderr.find((l) => /error|not found|cannot|unknown/i.test(l))?.trim() ?? stderr[stderr.length - 1]?.trim();
  const program = splitCommandLine(command)[0] ?? command;
  if (/ENOENT/.test(msg)) {
    const hint = program === 'lake' ? ' Install Lean (elan) so that `lake` is on PATH, or pass --lean-server CMD.' : ' Check --lean-server.';
    return `no Lean server can run: \`${program}\` was not found (command "${command}").${hint}`;
  }
  if (/EACCES/.test(msg)) return `no Lean server can run: \`${program}\` is not executable (command "${command}").`;
  if (/disposed|exited|closed/i.test(msg)) return `no Lean server can run: "${command}" stopped before it was ready${cwd ? ` (it runs in ${cwd})` : ''}${said ? `: ${said}` : ''}.`;
  return `no Lean server can run: ${msg}${said ? ` (${said})` : ''}`;
}

// `leanscout mcp --project DIR [--cache DIR] [--lean-server CMD] [--provider … --host … --model …]`: a Model Context
// Protocol server over stdio (the official TypeScript SDK: McpServer + StdioServerTransport). The index is opened
// once at start and kept warm; the project's Lean server is started on the first call that needs it. stdout carries
// only protocol messages — every log line goes to stderr — and the process ends when stdin closes.
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../package.json';
import { intFlag, maxFileBytesFlag, parseArgs, stringFlag, type ParsedArgs } from './args';
import { providerFromArgs } from './provider';
import { ProjectState } from './mcpProject';
import { LeanSession } from './mcpLean';
import { registerTools } from './mcpTools';
import { MAX_MESSAGE_BYTES, MessageSizeGuard } from './mcpStdio';
import type { Progress } from '../core/types';

export const MCP_USAGE = `leanscout mcp --project DIR [--cache DIR] [--lean-server CMD] [--max-file-mb N] [--toolchain DIR]
              [--provider ollama|openai --host URL --model M] [--timeout MS] [--depth N]
              [--goal-timeout MS] [--check-timeout MS] [--quiet]`;

const INSTRUCTIONS = `LeanScout answers questions about a Lean 4 project and its dependencies (Mathlib) from an index of their sources, and asks the project's Lean server for goals.
- search: find declarations by words, LaTeX, names, patterns or a goal; declaration: one name in full (did-you-mean when unknown).
- premises: lemmas for a goal (give file and line when you have them).
- goal / check_tactics: the goal at file:line:column from Lean, and whether tactics close it (lines 1-based, columns 0-based).
- suggest_tactics, informalize: candidates and English statements (model-free when the server has no model).`;

/** `--toolchain DIR` (as `leanscout index` takes it): where Lean core is read from; `none` leaves it out. */
function toolchainFlag(args: ParsedArgs): string | undefined {
  if (!args.flags.has('toolchain')) return undefined;
  const v = stringFlag(args, 'toolchain');
  if (!v) throw new Error('--toolchain expects a folder (a Lean toolchain) or none');
  return v;
}

export async function runMcpCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['quiet']);
  const projectArg = stringFlag(args, 'project');
  if (!projectArg) {
    process.stderr.write(`leanscout mcp: --project DIR is required\nusage: ${MCP_USAGE}\n`);
    return 2;
  }
  const quiet = args.flags.has('quiet');
  // Everything the process prints goes to stderr: stdout belongs to the protocol.
  const toStderr = (...a: unknown[]) => process.stderr.write(a.map((x) => (typeof x === 'string' ? x : String(x))).join(' ') + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`leanscout mcp: ${line}\n`);
  };
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
  process.on('uncaughtException', (err) => log(`uncaught exception: ${err.stack ?? err.message}`));

  const provider = providerFromArgs(args, { retries: 2, backoffMs: 500 });
  const server = new McpServer(
    { name: 'leanscout', title: 'LeanScout', version },
    { capabilities: { logging: {} }, instructions: INSTRUCTIONS },
  );
  let connected = false;
  /** A line for the client too (MCP logging), when one is connected. */
  const notify = (line: string, level: 'info' | 'warning' | 'error' = 'info') => {
    log(line);
    if (connected) server.sendLoggingMessage({ level, logger: 'leanscout', data: line }).catch(() => undefined);
  };

  const project = new ProjectState({
    project: projectArg,
    cacheDir: stringFlag(args, 'cache'),
    maxFileBytes: maxFileBytesFlag(args),
    toolchainDir: toolchainFlag(args),
    log: notify,
  });
  const lean = new LeanSession({
    root: project.root,
    command: stringFlag(args, 'lean-server') ?? 'lake serve',
    goalTimeoutMs: intFlag(args, 'goal-timeout', 180_000),
    checkTimeoutMs: intFlag(args, 'check-timeout', 60_000),
    log,
  });
  registerTools(server, { project, lean, provider, informalDepth: intFlag(args, 'depth', 1), log });

  // Index progress: a line per phase (and every few seconds) on stderr and as MCP logging; callers waiting for the
  // index also get notifications/progress when they sent a progressToken (see the tools).
  let lastPhase = '';
  let lastAt = 0;
  const onProgress = (p: Progress) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - lastAt < 3000) return;
    lastPhase = p.phase;
    lastAt = now;
    notify(`index: ${p.phase}${p.total > 1 ? ` ${p.done}/${p.total}` : ''}${p.message ? ` (${p.message})` : ''}`);
  };

  // A message over the limit is dropped (and answered with an error) before the transport sees it: the SDK's
  // transport would close for good on it.
  const guard = new MessageSizeGuard(MAX_MESSAGE_BYTES, (id, bytes) => {
    log(`dropped a ${(bytes / 1048576).toFixed(1)} MB message (at most ${MAX_MESSAGE_BYTES / 1048576} MB)`);
    if (id === undefined) return;
    const error = { code: -32600, message: `request too large: ${(bytes / 1048576).toFixed(1)} MB (at most ${MAX_MESSAGE_BYTES / 1048576} MB)` };
    void transport.send({ jsonrpc: '2.0', id, error }).catch(() => undefined);
  });
  process.stdin.pipe(guard);
  const transport = new StdioServerTransport(guard, process.stdout, { maxBufferSize: 2 * MAX_MESSAGE_BYTES });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping`);
    await Promise.race([lean.close(), new Promise((r) => setTimeout(r, 3000))]);
    await server.close().catch(() => undefined);
    finish();
  };
  process.stdin.once('end', () => void stop('stdin closed'));
  process.stdin.once('close', () => void stop('stdin closed'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  transport.onerror = (err) => log(`protocol: ${err.message}`);

  await server.connect(transport);
  connected = true;
  log(`serving ${path.resolve(projectArg)} over stdio (LeanScout ${version}${provider ? `, model ${provider.label}` : ', no model'})`);
  // The index opens while the client initializes: the first call finds it warm (or waits for it, with progress).
  void project.ready(onProgress).catch(() => undefined);

  await finished;
  return 0;
}

// `leanscout` command line: the same core the extension uses.
import { exitWhenFlushed, installOutputGuards, writeOut } from './output';

const USAGE = `usage:
  leanscout index --project DIR [--cache DIR] [--rebuild] [--json] [--max-file-mb N]
  leanscout search "QUERY" --project DIR [-k N] [--json] [--cache DIR] [--kind K] [--module P] [--namespace P] [--from MODULE [--line N [--theorem NAME]]]
                  [--dense] [--rerank] [--provider ollama|openai --host URL --model M]
  leanscout search --queries FILE.jsonl --project DIR --json [-k N] [--cache DIR]
  leanscout suggest --project DIR --goal-file F [--provider ollama|openai --host URL --model M] [--json]
  leanscout informalize NAME --project DIR [--provider ollama|openai --host URL --model M] [--json]
  leanscout embed --project DIR --provider ollama|openai [--host URL] --model M [--cache DIR] [--batch N] [--rebuild] [--query Q] [--json]
  leanscout mcp --project DIR [--cache DIR] [--lean-server CMD] [--provider ollama|openai --host URL --model M]   (MCP server on stdio)
Commands that open the index take --max-file-mb N (skip source files over N MB; default 64, 0 = no cap).
With --json, stdout carries only JSON, one document per line; progress and notes go to stderr.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    // Each command's modules are loaded when it runs: model clients and the MCP SDK stay out of an index's memory.
    case 'index':
      return (await import('./indexCommands')).runIndexCommand(rest);
    case 'search':
      return (await import('./indexCommands')).runSearchCommand(rest);
    case 'suggest':
      return (await import('./modelCommands')).runSuggestCommand(rest);
    case 'informalize':
      return (await import('./modelCommands')).runInformalizeCommand(rest);
    case 'embed':
      return (await import('./denseCommands')).runEmbedCommand(rest);
    case 'mcp':
      return (await import('./mcp')).runMcpCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      await writeOut(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`leanscout: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

installOutputGuards();
main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err) => {
    process.stderr.write(`leanscout: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitWhenFlushed(1);
  },
);

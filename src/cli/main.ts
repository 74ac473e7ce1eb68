// `leanscout` command line: the same core the extension uses.
import { exitWhenFlushed, installOutputGuards, writeOut } from './output';
import { USAGE, usageOf } from './usage';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `leanscout search --help`: that command's usage, not its run (which would complain of a missing query or project).
  const usage = command !== undefined && rest.some((a) => a === '-h' || a === '--help') ? usageOf(command) : undefined;
  if (usage) {
    // (the MCP server's options are many: its module says them all)
    await writeOut((command === 'mcp' ? `usage: ${(await import('./mcp')).MCP_USAGE}` : usage) + '\n');
    return 0;
  }
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

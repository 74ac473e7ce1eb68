// The command line's usage text (main.ts prints it; a module of its own so that tests can read it without running the CLI).

/** Each command's usage, a line and the lines continuing it. */
const COMMAND_USAGE: Record<string, string> = {
  index: '  leanscout index --project DIR [--cache DIR] [--rebuild] [--no-save] [--json] [--quiet] [--max-file-mb N] [--toolchain DIR]',
  search: `  leanscout search "QUERY" --project DIR [-k N] [--json] [--cache DIR] [--kind K] [--module P] [--namespace P] [--from MODULE [--line N [--theorem NAME]]]
                  [--toolchain DIR] [--dense] [--rerank] [--provider ollama|openai --host URL --model M]
  leanscout search --queries FILE.jsonl --project DIR --json [-k N] [--cache DIR]`,
  suggest: `  leanscout suggest --project DIR --goal-file F [-k N] [--provider ollama|openai --host URL --model M] [--json]
                  [--lean-server CMD [--file F --line N [--character C] | --header TEXT] [--no-check]]`,
  informalize: '  leanscout informalize NAME --project DIR [--provider ollama|openai --host URL --model M] [--depth N] [--json]',
  embed: `  leanscout embed --project DIR --provider ollama|openai [--host URL] --model M [--cache DIR] [--batch N] [--rebuild] [--query Q]
                  [--doc-prefix P] [--query-prefix P] [--json]`,
  mcp: '  leanscout mcp --project DIR [--cache DIR] [--lean-server CMD] [--provider ollama|openai --host URL --model M]   (MCP server on stdio)',
};

/** What holds for every command. */
const NOTES = `Commands that open the index take --max-file-mb N (skip source files over N MB; default 64, 0 = no cap).
Model commands take --timeout MS (default 120000) and --keep-alive D (Ollama; default 10m); API keys come from
$LEANSCOUT_API_KEY or $OPENAI_API_KEY, never a flag.
With --json, stdout carries only JSON, one document per line; progress and notes go to stderr.`;

export const USAGE = ['usage:', ...Object.values(COMMAND_USAGE), NOTES, '`leanscout COMMAND --help` prints that command\'s usage.'].join('\n');

/** The usage of one command and the notes that hold for every command; undefined for no command of the CLI. */
export function usageOf(command: string): string | undefined {
  return Object.hasOwn(COMMAND_USAGE, command) ? ['usage:', COMMAND_USAGE[command], NOTES].join('\n') : undefined;
}

// The command line's usage text (main.ts prints it; a module of its own so that tests can read it without running the CLI).
export const USAGE = `usage:
  leanscout index --project DIR [--cache DIR] [--rebuild] [--no-save] [--json] [--quiet] [--max-file-mb N] [--toolchain DIR]
  leanscout search "QUERY" --project DIR [-k N] [--json] [--cache DIR] [--kind K] [--module P] [--namespace P] [--from MODULE [--line N [--theorem NAME]]]
                  [--toolchain DIR] [--dense] [--rerank] [--provider ollama|openai --host URL --model M]
  leanscout search --queries FILE.jsonl --project DIR --json [-k N] [--cache DIR]
  leanscout suggest --project DIR --goal-file F [-k N] [--provider ollama|openai --host URL --model M] [--json]
                  [--lean-server CMD [--file F --line N [--character C] | --header TEXT] [--no-check]]
  leanscout informalize NAME --project DIR [--provider ollama|openai --host URL --model M] [--depth N] [--json]
  leanscout embed --project DIR --provider ollama|openai [--host URL] --model M [--cache DIR] [--batch N] [--rebuild] [--query Q]
                  [--doc-prefix P] [--query-prefix P] [--json]
  leanscout mcp --project DIR [--cache DIR] [--lean-server CMD] [--provider ollama|openai --host URL --model M]   (MCP server on stdio)
Commands that open the index take --max-file-mb N (skip source files over N MB; default 64, 0 = no cap).
Model commands take --timeout MS (default 120000) and --keep-alive D (Ollama; default 10m); API keys come from
$LEANSCOUT_API_KEY or $OPENAI_API_KEY, never a flag.
With --json, stdout carries only JSON, one document per line; progress and notes go to stderr.
\`leanscout COMMAND --help\` prints that command's usage.`;

/** The usage lines of one command (its line and the lines continuing it) and the notes after them. */
export function usageOf(command: string): string | undefined {
  const lines = USAGE.split('\n');
  const out: string[] = [];
  let inCommand = false;
  for (const line of lines.slice(1)) {
    if (/^ {2}leanscout /.test(line)) inCommand = line.startsWith(`  leanscout ${command} `);
    else if (!/^ {3,}/.test(line)) inCommand = false;
    if (inCommand) out.push(line);
  }
  if (!out.length) return undefined;
  return ['usage:', ...out, ...lines.filter((l) => /^(Commands|Model commands|\$LEANSCOUT|With --json)/.test(l))].join('\n');
}

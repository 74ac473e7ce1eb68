// Minimal flag parser shared by the CLI commands: `--name value`, `--flag`, `-k N`, positionals.
import * as fs from 'node:fs';
import { maxFileBytesOf } from '../core/extract/project';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const eq = arg.indexOf('=');
      const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
      if (eq > 0) flags.set(name, arg.slice(eq + 1));
      else if (booleanFlags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) flags.set(name, true);
      else flags.set(name, argv[++i]);
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive integer, got "${v}"`);
  return n;
}

/** `--max-file-mb N`: the source-file size cap in bytes (0 → no cap); undefined when not given (the default cap). */
export function maxFileBytesFlag(args: ParsedArgs): number | undefined {
  if (!args.flags.has('max-file-mb')) return undefined;
  const v = stringFlag(args, 'max-file-mb');
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--max-file-mb expects a size in MB (0 = no cap), got "${v ?? ''}"`);
  return maxFileBytesOf(n);
}

/** Throws a plain message when `file` cannot be read (missing, a folder, no permission). */
export function checkReadableFile(file: string, flag: string): void {
  let stat: fs.Stats;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : e instanceof Error ? e.message : String(e)}`);
  }
  // (a pipe is fine: `--queries <(jq …)`)
  if (stat.isDirectory()) throw new Error(`${flag} ${file}: a folder, not a file`);
}

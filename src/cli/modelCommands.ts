// `leanscout suggest` and `leanscout informalize`: the model paths of the core, without an editor.
//   suggest --project DIR --goal-file F [--provider none|ollama|openai --host URL --model M] [--lean-server "CMD"]
//           [--file X.lean --line N [--character C]] [--header TEXT] [-k N] [--timeout MS] [--cache DIR] [--json]
//   informalize NAME --project DIR [--provider …] [--depth N] [--cache DIR] [--json]
// The API key of an OpenAI-compatible endpoint comes from the environment (LEANSCOUT_API_KEY or OPENAI_API_KEY),
// never from a flag (flags show up in process lists).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from '../core/engine';
import { splitGoals, parseGoal } from '../core/goal';
import { suggestTactics, type SuggestResult } from '../core/tactics/suggest';
import { TacticChecker, type CheckContext } from '../core/tactics/check';
import { informalize } from '../core/informal/informalize';
import { InformalCache } from '../core/informal/cache';
import { neighbourDeclarations } from '../core/informal/neighbours';
import { StdioLeanConnection } from '../node/leanStdioConnection';
import { checkReadableFile, intFlag, maxFileBytesFlag, parseArgs, stringFlag, type ParsedArgs } from './args';
import { writeOut } from './output';
import { providerFromArgs } from './provider';

const BOOLEAN_FLAGS = ['json', 'no-check', 'quiet'];

/** Tactic and informalization requests: a couple of quick retries. */
const modelProviderFromArgs = (args: ParsedArgs) => providerFromArgs(args, { retries: 2, backoffMs: 500 });

function requireProject(args: ParsedArgs): string {
  const project = stringFlag(args, 'project');
  if (!project) throw new Error('--project DIR is required');
  if (!fs.existsSync(project) || !fs.statSync(project).isDirectory()) throw new Error(`project folder not found: ${project}`);
  return path.resolve(project);
}

async function openEngine(project: string, args: ParsedArgs, quiet: boolean): Promise<Engine | undefined> {
  const maxFileBytes = maxFileBytesFlag(args); // a bad flag is an error, not a missing index
  try {
    return await Engine.open({
      project,
      cacheDir: stringFlag(args, 'cache'),
      maxFileBytes,
      onProgress: quiet ? undefined : (p) => process.stderr.write(`[${p.phase}] ${p.done}/${p.total}${p.message ? ' ' + p.message : ''}\n`),
    });
  } catch (err) {
    process.stderr.write(`leanscout: no premises (the index could not be opened: ${(err as Error).message})\n`);
    return undefined;
  }
}

/** An `example` whose statement is the goal, so a goal alone can be checked on a scratch document. */
export function exampleFromGoal(goalText: string, header: string): { text: string; position: { line: number; character: number } } {
  const g = parseGoal(goalText);
  const fix = (s: string) => s.replace(/✝/g, '_i');
  const binders = g.hypotheses.map((h) => `(${h.names.map(fix).join(' ')} : ${fix(h.type)})`).join(' ');
  const head = header.endsWith('\n') ? header : header + '\n';
  const text = `${head}\nexample ${binders}${binders ? ' ' : ''}: ${fix(g.target)} := by\n  \n`;
  const line = text.split('\n').length - 2;
  return { text, position: { line, character: 2 } };
}

export async function runSuggestCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const json = args.flags.has('json');
  const quiet = json || args.flags.has('quiet');
  const project = requireProject(args);
  const goalFile = stringFlag(args, 'goal-file');
  if (!goalFile) throw new Error('--goal-file F is required (a goal as Lean prints it, with ⊢)');
  checkReadableFile(goalFile, '--goal-file');
  const goals = splitGoals(fs.readFileSync(goalFile, 'utf8'));
  if (goals.length === 0) throw new Error(`no goal found in ${goalFile} (expected a line starting with ⊢)`);
  const provider = modelProviderFromArgs(args);
  const k = intFlag(args, 'k', 8);

  const engine = await openEngine(project, args, quiet);
  const search = engine?.search({ query: goals[0], k });
  const premises = (search?.hits ?? []).map((h) => ({ name: h.decl.name, signature: h.decl.signature }));

  let conn: StdioLeanConnection | undefined;
  let checker: TacticChecker | undefined;
  let checkContext: CheckContext | undefined;
  const leanCmd = stringFlag(args, 'lean-server');
  const notes: string[] = [];
  if (search?.message && !search.hits.length) notes.push(`premises: ${search.message}`);
  if (leanCmd && !args.flags.has('no-check')) {
    try {
      conn = await StdioLeanConnection.start({ command: leanCmd, cwd: project, onStderr: quiet ? undefined : (l) => process.stderr.write(`[lean] ${l}\n`) });
      const file = stringFlag(args, 'file');
      if (file) {
        const abs = path.resolve(project, file);
        const text = fs.readFileSync(abs, 'utf8');
        const line = intFlag(args, 'line', 1) - 1;
        const lineText = text.split('\n')[line] ?? '';
        const character = stringFlag(args, 'character') !== undefined ? Number(stringFlag(args, 'character')) : /^\s*/.exec(lineText)![0].length;
        checkContext = { uri: pathToFileURL(abs).toString(), version: 1, text, position: { line, character }, goals };
      } else {
        const ex = exampleFromGoal(goals[0], stringFlag(args, 'header') ?? 'import Mathlib');
        checkContext = { uri: pathToFileURL(path.join(project, 'LeanScoutGoal.lean')).toString(), version: 1, text: ex.text, position: ex.position, goals: [goals[0]] };
      }
      checker = new TacticChecker(conn, { perCandidateMs: intFlag(args, 'check-timeout', 60_000) });
    } catch (err) {
      notes.push(`not checked in Lean: ${(err as Error).message}`);
    }
  }

  let result: SuggestResult;
  try {
    result = await suggestTactics({ goals, premises, provider, checker, checkContext });
  } finally {
    checker?.dispose();
    await conn?.close();
  }
  const message = [result.message, ...notes].filter(Boolean).join('; ') || undefined;
  if (json) {
    const out = {
      candidates: result.candidates.map((c) => ({
        tactic: c.tactic,
        source: c.source,
        premises: c.premises ?? [],
        ...(checker ? { status: c.status } : {}),
        ...(c.remainingGoals?.length ? { remainingGoals: c.remainingGoals } : {}),
        ...(c.error && checker ? { error: c.error } : {}),
      })),
      model: provider?.label ?? null,
      premises: premises.map((p) => p.name),
      ...(message ? { message } : {}),
      timings: { ...result.timings, searchMs: search?.ms },
    };
    await writeOut(JSON.stringify(out) + '\n');
  } else {
    const mark = { closes: '✓', progress: '→', fails: '✗', unchecked: '·' } as const;
    const lines: string[] = [];
    if (message) lines.push(message);
    for (const c of result.candidates) {
      const extra = c.status === 'progress' ? `  (${c.remainingGoals?.length ?? 0} goals remain)` : c.status === 'fails' && c.error ? `  (${c.error.split('\n')[0]})` : '';
      lines.push(`${mark[c.status]} ${c.tactic}  [${c.source}]${extra}`);
    }
    await writeOut(lines.map((l) => l + '\n').join(''));
  }
  return 0;
}

export async function runInformalizeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const json = args.flags.has('json');
  const quiet = json || args.flags.has('quiet');
  const name = args.positionals[0];
  if (!name) throw new Error('usage: leanscout informalize NAME --project DIR [--provider …]');
  const project = requireProject(args);
  const provider = modelProviderFromArgs(args);
  const engine = await openEngine(project, args, quiet);
  if (!engine) throw new Error('the index could not be opened');
  const cache = new InformalCache(path.join(engine.cacheDir, 'informal'));
  let streamed = 0;
  const res = await informalize({
    name,
    source: {
      lookup: (n) => engine.lookup(n),
      neighbours: (d) => {
        try {
          return neighbourDeclarations(fs.readFileSync(path.join(project, d.file), 'utf8'), d.line);
        } catch {
          return [];
        }
      },
    },
    provider,
    cache,
    options: { depth: intFlag(args, 'depth', 1) },
    onProgress: quiet ? undefined : (m) => process.stderr.write(`${m}\n`),
    onText: json
      ? undefined
      : (text) => {
          process.stdout.write(text.slice(streamed));
          streamed = text.length;
        },
  });
  // A name the index does not have: the names it may have meant (as the MCP server's tools say).
  const close = res.decl ? [] : engine.closeNames(name);
  const error = res.error && close.length ? `${res.error} Did you mean: ${close.join(', ')}?` : res.error;
  if (json) {
    await writeOut(
      JSON.stringify({
        name: res.name,
        text: res.text,
        origin: res.origin,
        model: res.model ?? null,
        cached: !!res.cached,
        structure: res.structure,
        doc: res.decl?.doc,
        signature: res.decl?.signature,
        deps: res.deps.map((d) => d.name),
        ...(error ? { error } : {}),
        ms: Math.round(res.ms),
      }) + '\n',
    );
  } else {
    if (res.text || streamed > 0) await writeOut(streamed === 0 ? `${res.text}\n` : '\n');
    if (error) process.stderr.write(`leanscout: ${error}\n`);
  }
  return res.decl ? 0 : 1;
}

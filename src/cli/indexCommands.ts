// `leanscout index` and `leanscout search` (single query or a JSONL batch).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { enclosingDeclarationLine } from '../shared/insertion';
import { Engine, type EngineStats } from '../core/engine';
import { learnModeFromEnv } from '../core/learn/learner';
import type { DeclKind, SearchRequest, SearchResponse } from '../core/types';
import { rerank } from '../core/dense/rerank';
import { denseExtraScoresForCli, denseProviderFromArgs } from './denseCommands';
import { DECL_KINDS } from '../core/types';
import { progressPrinter } from './progress';
import { checkReadableFile, intFlag, maxFileBytesFlag, parseArgs, stringFlag, type ParsedArgs } from './args';
import { writeOut } from './output';

const BOOLEAN_FLAGS = ['json', 'rebuild', 'quiet', 'no-save', 'dense', 'rerank'];

type Searcher = (req: SearchRequest) => Promise<SearchResponse>;

/**
 * Lexical search, optionally fused with the dense stage (`--dense`, embeddings made by `leanscout embed`) and
 * reordered by a model (`--rerank`); both need `--provider ollama|openai --model M [--host URL]`.
 * Model faults never fail a search: they come back as a `message` next to the lexical results.
 */
function makeSearcher(engine: Engine, args: ParsedArgs): Searcher {
  const dense = args.flags.has('dense');
  const rerankWith = args.flags.has('rerank');
  if (!dense && !rerankWith) return async (req) => engine.search(req);
  const provider = denseProviderFromArgs(args);
  if (!provider) throw new Error('--dense and --rerank need --provider ollama|openai and --model M');
  return async (req) => {
    const t0 = performance.now();
    const notes: string[] = [];
    let extraScores: Record<string, number> | undefined;
    if (dense) {
      const d = await denseExtraScoresForCli({ engine, provider, query: req.query });
      if (d.message) notes.push(d.message);
      extraScores = d.extraScores;
    }
    const res = engine.search(req, { extraScores });
    if (rerankWith && res.hits.length > 1) {
      const r = await rerank(req.query, res.hits, provider);
      if (r.message) notes.push(r.message);
      res.hits = r.hits;
    }
    if (res.message) notes.unshift(res.message);
    return { hits: res.hits, message: notes.length ? notes.join('; ') : undefined, ms: performance.now() - t0 };
  };
}

function requireProject(args: ParsedArgs): string {
  const project = stringFlag(args, 'project');
  if (!project) throw new Error('--project DIR is required');
  return project;
}


async function openEngine(args: ParsedArgs, showProgress: boolean): Promise<Engine> {
  return Engine.open({
    project: requireProject(args),
    cacheDir: stringFlag(args, 'cache'),
    rebuild: args.flags.has('rebuild'),
    noSave: args.flags.has('no-save'),
    maxFileBytes: maxFileBytesFlag(args),
    toolchainDir: toolchainFlag(args),
    onProgress: progressPrinter(!showProgress),
    // A CLI process ends after its answer: premises learned from proofs are learned (once, then stored) before it.
    learn: learnModeFromEnv('wait'),
  });
}

/** `--toolchain DIR`: the Lean toolchain folder Lean core (Init, Std) is read from (else $LEANSCOUT_LEAN_TOOLCHAIN, else elan's). */
function toolchainFlag(args: ParsedArgs): string | undefined {
  if (!args.flags.has('toolchain')) return undefined;
  const v = stringFlag(args, 'toolchain');
  if (!v) throw new Error('--toolchain expects a folder (a Lean toolchain, e.g. ~/.elan/toolchains/leanprover--lean4---v4.29.0, or none)');
  return v;
}

/** Notes about what the index holds (Lean core not found, …), on stderr. */
function printNotes(stats: EngineStats): void {
  for (const n of stats.notes) process.stderr.write(`leanscout: note: ${n}\n`);
}

function formatStats(s: EngineStats): string {
  const lines: string[] = [];
  lines.push(`project: ${s.project}`);
  lines.push(`declarations: ${s.decls} in ${s.modules} modules (${s.files} files)`);
  const kinds = Object.entries(s.byKind)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  lines.push(`by kind: ${kinds}`);
  lines.push(
    `by package: ${Object.entries(s.byPackage)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(`skipped files: ${s.skipped.length}${s.skipped.length ? ' (each listed on stderr)' : ''}`);
  if (s.source === 'cache') lines.push(`loaded from cache in ${s.loadMs} ms (${s.indexPath}, ${(s.indexBytes / 1e6).toFixed(1)} MB)`);
  else {
    lines.push(`extracted in ${s.extractMs} ms, built in ${s.buildMs} ms, saved in ${s.saveMs} ms`);
    if (s.indexPath) lines.push(`index: ${s.indexPath} (${(s.indexBytes / 1e6).toFixed(1)} MB)`);
  }
  if (s.core) lines.push(`Lean core: ${s.core.toolchain ? s.core.toolchain + ' from ' : ''}${s.core.dir}`);
  if (s.cacheNote) lines.push(`note: ${s.cacheNote}`);
  lines.push(`total: ${s.totalMs} ms`);
  return lines.join('\n');
}

export async function runIndexCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const engine = await openEngine(args, !args.flags.has('quiet'));
  const stats = engine.stats();
  // Every skipped file, on stderr (also the `skipped` field of --json): nothing is left out silently.
  for (const sk of stats.skipped) process.stderr.write(`leanscout: skipped ${sk.file}: ${sk.reason}\n`);
  printNotes(stats); // also the `notes` field of --json
  if (args.flags.has('json')) await writeOut(JSON.stringify(stats) + '\n');
  else await writeOut(formatStats(stats) + '\n');
  return 0;
}

function parseKinds(v: string | undefined): DeclKind[] | undefined {
  if (!v) return undefined;
  const kinds = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(DECL_KINDS as readonly string[]).includes(k));
  if (bad.length) throw new Error(`--kind: unknown kind(s) ${bad.join(', ')}; known: ${DECL_KINDS.join(', ')}`);
  return kinds as DeclKind[];
}

export async function runSearchCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const json = args.flags.has('json');
  const k = intFlag(args, 'k', 10);
  const filters = {
    kinds: parseKinds(stringFlag(args, 'kind')),
    modulePrefix: stringFlag(args, 'module'),
    namespacePrefix: stringFlag(args, 'namespace'),
    fromModule: stringFlag(args, 'from'),
  };
  const queriesFile = stringFlag(args, 'queries');
  const query = args.positionals.join(' ');
  if (!queriesFile && !query.trim()) throw new Error('give a QUERY or --queries FILE.jsonl');
  requireProject(args);
  // (before the index opens, which may mean building it: a mistyped file name is said at once)
  if (queriesFile && queriesFile !== '-') checkReadableFile(queriesFile, '--queries');
  const engine = await openEngine(args, !json && !args.flags.has('quiet'));
  // Once, when the index is built (not on every search from the stored index): what it holds, why it was built and
  // whether it could be saved (if not, the next search builds it again).
  if (engine.stats().source === 'built' && !args.flags.has('quiet')) {
    printNotes(engine.stats());
    const cacheNote = engine.stats().cacheNote;
    if (cacheNote) process.stderr.write(`leanscout: note: ${cacheNote}\n`);
  }
  const search = makeSearcher(engine, args);
  const projectRoot = path.resolve(stringFlag(args, 'project') ?? '.');
  if (queriesFile) return runBatch(search, queriesFile, k, filters, projectRoot);

  // `--from M --line N [--theorem NAME]`: ask as a proof at line N of module M would (same rule as a batch line's
  // `from` + `line` + `theorem`).
  const lineFlag = stringFlag(args, 'line');
  const theoremFlag = stringFlag(args, 'theorem');
  const req = batchRequest(
    { query, ...(lineFlag !== undefined ? { line: Number(lineFlag) } : {}), ...(theoremFlag !== undefined ? { theorem: theoremFlag } : {}) },
    k,
    { ...filters, preferInScope: filters.fromModule ? true : undefined },
    projectRoot,
  );
  const res = await search(req);
  if (json) {
    await writeOut(
      JSON.stringify({
        query,
        results: res.hits.map((h) => ({ name: h.decl.name, kind: h.decl.kind, module: h.decl.module, score: h.score, signature: h.decl.signature, inScope: h.inScope })),
        message: res.message,
        ms: round(res.ms),
      }) + '\n',
    );
    return 0;
  }
  const lines: string[] = [];
  if (res.message) lines.push(res.message);
  res.hits.forEach((h, i) => {
    const sig = h.decl.signature.length > 160 ? h.decl.signature.slice(0, 157) + '…' : h.decl.signature;
    const scope = h.inScope === undefined ? '' : h.inScope ? ' [in scope]' : ' [needs import]';
    lines.push(`${String(i + 1).padStart(2)}. ${h.decl.name}  (${h.decl.kind}, ${h.decl.module})  ${h.score.toFixed(2)}${scope}\n    ${sig}`);
  });
  lines.push(`(${res.ms.toFixed(1)} ms)`);
  await writeOut(lines.join('\n') + '\n');
  return 0;
}

/**
 * Batch mode: one JSON object per input line `{"id", "query"}` → one output line
 * `{"id", "results": [{name, kind, module, score}], "ms"}`. A line that cannot be used still gets an
 * output line, with an `error` field, so outputs stay aligned with inputs.
 */
async function runBatch(search: Searcher, file: string, k: number, filters: Omit<SearchRequest, 'query'>, projectRoot: string): Promise<number> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    input.once('error', reject);
    if (file === '-') resolve();
    else (input as fs.ReadStream).once('open', () => resolve());
  });
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let id: unknown = `line${lineNo}`;
    let out: Record<string, unknown>;
    try {
      const obj = JSON.parse(line) as Record<string, unknown>;
      if (obj && typeof obj === 'object' && 'id' in obj) id = obj.id;
      if (!obj || typeof obj !== 'object' || typeof obj.query !== 'string') {
        out = { id, results: [], ms: 0, error: 'line has no string "query"' };
      } else {
        const res = await search(batchRequest(obj, k, filters, projectRoot));
        out = { id, results: res.hits.map((h) => ({ name: h.decl.name, kind: h.decl.kind, module: h.decl.module, score: h.score })), ms: round(res.ms) };
        // (why there are none, or a note beside them: a `from` module the index does not know, a model's fault)
        if (res.message) out.message = res.message;
      }
    } catch (e) {
      out = { id, results: [], ms: 0, error: `bad input line ${lineNo}: ${e instanceof Error ? e.message : String(e)}` };
    }
    // Waits while the pipe is full: a slow reader gets every line, and memory stays flat for any batch size.
    await writeOut(JSON.stringify(out) + '\n');
  }
  return 0;
}

/**
 * One batch line as a search request: every field a single search takes may be given per line — `k`, `kind` (a name
 * or a list), `module`, `namespace`, `from` (a module) and `line` (with `from`: ask as a proof at that 1-based line of
 * that module would: the declaration there and what its file declares later are left out, its imports rank first;
 * the name of the declaration there, read from the index, is a hint) and `theorem` (with `line`: that name as the caller
 * has it, for a file the index has not seen so). Flags give the defaults.
 */
export function batchRequest(obj: Record<string, unknown>, k: number, filters: Omit<SearchRequest, 'query'>, projectRoot: string): SearchRequest {
  const req: SearchRequest = { query: String(obj.query), k, ...filters };
  if (obj.k !== undefined) {
    if (typeof obj.k !== 'number' || !(obj.k > 0)) throw new Error('"k" must be a positive number');
    req.k = Math.floor(obj.k);
  }
  if (obj.kind !== undefined) req.kinds = parseKinds(Array.isArray(obj.kind) ? obj.kind.map(String).join(',') : String(obj.kind));
  if (obj.module !== undefined) req.modulePrefix = String(obj.module);
  if (obj.namespace !== undefined) req.namespacePrefix = String(obj.namespace);
  if (obj.from !== undefined) {
    req.fromModule = String(obj.from);
    req.preferInScope = true;
  }
  if (obj.line !== undefined) {
    if (typeof obj.line !== 'number' || !(obj.line >= 1)) throw new Error('"line" must be a 1-based line number');
    if (!req.fromModule) throw new Error('"line" needs "from" (the module the line is in)');
    req.usableBeforeLine = declarationLineAt(projectRoot, req.fromModule, Math.floor(obj.line));
  }
  if (obj.theorem !== undefined) {
    if (typeof obj.theorem !== 'string' || !obj.theorem.trim()) throw new Error('"theorem" must be a declaration name');
    if (req.usableBeforeLine === undefined) throw new Error('"theorem" needs "from" and "line" (the place of the proof)');
    req.theorem = obj.theorem.trim();
  }
  return req;
}

/** The 1-based line of the declaration enclosing `line` in a module's source (read from the project or its
 *  packages), or `line` itself when the source cannot be read (then that line and later ones are left out). */
function declarationLineAt(projectRoot: string, module: string, line: number): number {
  const rel = module.split('.').join('/') + '.lean';
  const candidates = [path.join(projectRoot, rel)];
  try {
    for (const pkg of fs.readdirSync(path.join(projectRoot, '.lake', 'packages'))) candidates.push(path.join(projectRoot, '.lake', 'packages', pkg, rel));
  } catch {
    // no packages
  }
  for (const file of candidates) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const enclosing = enclosingDeclarationLine(text.split('\n'), line - 1);
    return enclosing !== undefined ? enclosing + 1 : line;
  }
  return line;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

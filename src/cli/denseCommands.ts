// `leanscout embed`: compute (or finish computing) the embeddings of a project's declarations with an Ollama
// model or an OpenAI-compatible endpoint, beside the lexical index. Resumable: Ctrl-C or a failing server keeps
// the finished batches, and the next run continues from there.
//   embed --project DIR --provider ollama|openai [--host URL] --model M [--cache DIR] [--batch N] [--rebuild]
//         [--timeout MS] [--doc-prefix TEXT] [--query "Q" [--query-prefix TEXT] [-k N]] [--json] [--quiet]
// `--query` searches once afterwards with the dense scores fused in (a check that the stage works end to end).
// `denseExtraScoresForCli` is what `leanscout search --dense` uses to get the engine's extra scores.
// The API key of an OpenAI-compatible endpoint comes from LEANSCOUT_API_KEY or OPENAI_API_KEY, never a flag.
import { Engine } from '../core/engine';
import type { ModelProvider } from '../core/models';
import { providerFromArgs } from './provider';
import { buildDenseIndex, corpusFromStoredIndex, denseExtraScores, type DenseQueryOptions, type DenseQueryResult } from '../core/dense';
import { progressPrinter } from './progress';
import { intFlag, maxFileBytesFlag, parseArgs, stringFlag, type ParsedArgs } from './args';
import { writeOut } from './output';

const BOOLEAN_FLAGS = ['json', 'quiet', 'rebuild'];

/** The embedding provider named by `--provider/--host/--model` (`none` or missing → undefined); embedding
 *  batches are long, so failures get more patient retries than a tactic request. */
export function denseProviderFromArgs(args: ParsedArgs): ModelProvider | undefined {
  return providerFromArgs(args, { retries: 3, backoffMs: 1000 });
}


export async function runEmbedCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const project = stringFlag(args, 'project');
  if (!project) throw new Error('--project DIR is required');
  if (!stringFlag(args, 'provider')) throw new Error('--provider ollama|openai is required');
  if (!stringFlag(args, 'model')) throw new Error('--model M is required (an embedding model, e.g. nomic-embed-text)');
  const provider = denseProviderFromArgs(args);
  if (!provider) throw new Error('--provider ollama|openai is required');
  const json = args.flags.has('json');
  const printer = progressPrinter(args.flags.has('quiet'));
  const query = stringFlag(args, 'query');

  // The engine makes sure the lexical index is built and current; the embeddings follow its declarations.
  let engine: Engine | undefined = await Engine.open({ project, cacheDir: stringFlag(args, 'cache'), maxFileBytes: maxFileBytesFlag(args), onProgress: printer });
  const cacheDir = engine.cacheDir;
  if (!query) engine = undefined; // only the declaration store is needed from here on
  const corpus = corpusFromStoredIndex(cacheDir, stringFlag(args, 'doc-prefix') ?? '');
  if (!corpus.ok) {
    process.stderr.write(`leanscout: ${corpus.message}\n`);
    return 1;
  }

  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\n[embed] stopping; finished batches are kept for the next run (Ctrl-C again to quit at once)\n');
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let result;
  try {
    result = await buildDenseIndex({
      cacheDir,
      corpus: corpus.corpus,
      provider,
      batchSize: intFlag(args, 'batch', 64),
      rebuild: args.flags.has('rebuild'),
      signal: controller.signal,
      onProgress: printer,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const summary = {
    ok: result.ok,
    model: provider.model,
    provider: provider.kind,
    declarations: corpus.corpus.count,
    embedded: result.embedded,
    resumed: result.resumed,
    reused: result.reused,
    upToDate: result.upToDate,
    cancelled: result.cancelled,
    dim: result.index?.dim,
    ms: Math.round(result.ms),
    path: result.path,
    bytes: result.bytes,
    message: result.message,
  };
  if (json) await writeOut(JSON.stringify(summary) + '\n');
  else {
    if (result.message) await writeOut(`${result.message}\n`);
    if (result.ok) {
      const rate = result.embedded > 0 ? `, ${Math.round(result.embedded / (result.ms / 1000))} declarations/s` : '';
      await writeOut(
        `embeddings: ${corpus.corpus.count} declarations, ${result.index?.dim} dimensions, ${result.upToDate ? 'already up to date' : `${result.embedded} embedded now, ${result.resumed} resumed, ${result.reused} reused`}` +
          ` (${(result.ms / 1000).toFixed(1)} s${rate})\nfile: ${result.path} (${(result.bytes / 1e6).toFixed(1)} MB)\n`,
      );
    }
  }
  if (!result.ok) return result.cancelled ? 130 : 1;

  if (query && engine) {
    const k = intFlag(args, 'k', 10);
    const dense = await denseExtraScoresForCli({ engine, provider, query, queryPrefix: stringFlag(args, 'query-prefix') });
    const lexical = engine.search({ query, k });
    const fused = engine.search({ query, k }, { extraScores: dense.extraScores });
    if (json) {
      // A second JSON line: stdout stays one JSON document per line.
      const hits = (r: typeof fused) => r.hits.map((h) => ({ name: h.decl.name, score: h.score }));
      await writeOut(JSON.stringify({ query, lexical: hits(lexical), fused: hits(fused), denseMs: Math.round(dense.ms), ...(dense.message ? { message: dense.message } : {}) }) + '\n');
      return 0;
    }
    const lines: string[] = [];
    if (dense.message) lines.push(dense.message);
    const show = (label: string, hits: typeof fused.hits) => {
      lines.push(`${label}:`);
      hits.forEach((h, i) => lines.push(`${String(i + 1).padStart(2)}. ${h.decl.name}  ${h.score.toFixed(3)}`));
    };
    show('lexical', lexical.hits);
    show(`lexical + dense (${dense.ms.toFixed(0)} ms for the dense stage)`, fused.hits);
    await writeOut(lines.join('\n') + '\n');
  }
  return 0;
}

/** The shared dense-stage options, with the engine whose cache folder holds the embeddings. */
export interface DenseCliOptions extends Omit<DenseQueryOptions, 'cacheDir'> {
  engine: Engine;
}
export type DenseCliResult = DenseQueryResult;

/**
 * The dense stage for one query (the shared `denseExtraScores` of src/core/dense, with the engine's cache folder):
 * the stored embeddings are loaded once per process, so a batch of queries reads them once. Never throws.
 */
export function denseExtraScoresForCli(opts: DenseCliOptions): Promise<DenseCliResult> {
  const { engine, ...rest } = opts;
  return denseExtraScores({ ...rest, cacheDir: engine.cacheDir });
}

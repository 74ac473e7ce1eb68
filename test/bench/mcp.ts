// `npm run bench:mcp -- --project ../mathlib [--cache DIR] [--runs 3] [--calls 60]`: the MCP server (`leanscout mcp`,
// dist/cli.js) driven by the SDK's own Client over stdio, with an index already in the cache:
//  1. spawn → the first answer to a `search` call (process start, SDK load, initialize, index load from the cache,
//     the call), target ≤ 1.5 s;
//  2. the round trip of a `search` call once warm (client → server → client), median over --calls calls (≥ 50),
//     target ≤ 20 ms.
// Each run spawns a fresh server; the figures printed last are the medians over the runs. Build the cache first:
// `node dist/cli.js index --project ../mathlib --cache DIR` (without --cache: the default cache the server uses).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const CLI = resolve('dist/cli.js');
const FALLBACK_QUERIES = [
  'sum of two continuous functions is continuous',
  'Continuous.add',
  '_ * (_ + _) = _ * _ + _ * _',
  'a * (2 - a) ≤ 1',
  'card_le',
  'the `⁻¹` of a product',
  '$\\sum_{i<n} i$',
  'the square of a real number is nonnegative',
  'Nat.succ_le_iff',
  'G : Type u_1\nP : Type u_2\ninst✝ : AddGroup G\nT : AddTorsor G P\np₁ p₂ : P\nh : p₁ -ᵥ p₂ = (0 : G)\n⊢ p₁ = p₂',
];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Queries of the retrieval benchmark (../shared/bench) when present, else a fixed mix of words, names, patterns, goals. */
function queries(n: number): string[] {
  const file = resolve('../shared/bench/mathlibqr-dev.jsonl');
  let qs = FALLBACK_QUERIES;
  if (existsSync(file)) {
    const fromFile = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { query: string }).query)
      .filter((q) => typeof q === 'string' && q.trim());
    if (fromFile.length) qs = fromFile;
  }
  return Array.from({ length: n }, (_, i) => qs[i % qs.length]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

interface Run {
  initializeMs: number;
  firstAnswerMs: number;
  roundTrip: number[];
  serverMs: number[];
}

async function oneRun(project: string, cache: string | undefined, calls: number): Promise<Run> {
  const args = [CLI, 'mcp', '--project', project, '--quiet', ...(cache ? ['--cache', cache] : [])];
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'leanscout-bench', version: '0' });
  const t0 = performance.now();
  try {
    await client.connect(transport); // spawns the server, then initialize
    const initializeMs = performance.now() - t0;
    const first = (await client.callTool({ name: 'search', arguments: { query: 'sum of two continuous functions is continuous', k: 10 } })) as CallToolResult;
    const firstAnswerMs = performance.now() - t0;
    if (first.isError) throw new Error(`search failed: ${JSON.stringify(first.content)}\n${stderr}`);
    const roundTrip: number[] = [];
    const serverMs: number[] = [];
    for (const query of queries(calls)) {
      const t = performance.now();
      const r = (await client.callTool({ name: 'search', arguments: { query, k: 10 } })) as CallToolResult & { structuredContent?: { ms?: number } };
      roundTrip.push(performance.now() - t);
      if (r.isError) throw new Error(`search failed for ${JSON.stringify(query)}: ${JSON.stringify(r.content)}`);
      serverMs.push(r.structuredContent?.ms ?? NaN);
    }
    return { initializeMs, firstAnswerMs, roundTrip, serverMs };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nserver stderr:\n${stderr}`);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const project = flag('project');
  if (!project) {
    console.error('usage: npm run bench:mcp -- --project DIR [--cache DIR] [--runs N] [--calls N]');
    process.exit(2);
  }
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm run build');
  const cache = flag('cache');
  const runs = Math.max(1, Number(flag('runs') ?? 3));
  const calls = Math.max(50, Number(flag('calls') ?? 60));
  console.log(`bench:mcp — ${resolve(project)}${cache ? `, cache ${resolve(cache)}` : ''}; ${runs} runs of spawn → first search, then ${calls} search calls; Node ${process.version}\n`);
  // A warm-up spawn (file-system cache, not counted): the figures are for a cached index on a warm machine.
  await oneRun(project, cache, 1);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneRun(project, cache, calls);
    results.push(r);
    console.log(
      `run ${i + 1}: initialize ${r.initializeMs.toFixed(0)} ms, spawn → first answer ${r.firstAnswerMs.toFixed(0)} ms; search round trip median ${median(r.roundTrip).toFixed(2)} ms` +
        ` (p95 ${pct(r.roundTrip, 95).toFixed(2)} ms; in the engine ${median(r.serverMs).toFixed(2)} ms)`,
    );
  }
  const first = median(results.map((r) => r.firstAnswerMs));
  const trip = median(results.map((r) => median(r.roundTrip)));
  console.log(`\nmedians of ${runs} runs:`);
  console.log(`  spawn → first answer (cached index)   ${first.toFixed(0).padStart(6)} ms   target ≤ 1500 ms ${first <= 1500 ? 'OK' : 'MISSED'}`);
  console.log(`  search round trip (median of ${calls})   ${trip.toFixed(2).padStart(6)} ms   target ≤ 20 ms ${trip <= 20 ? 'OK' : 'MISSED'}`);
  console.log(`  initialize answered after              ${median(results.map((r) => r.initializeMs)).toFixed(0).padStart(6)} ms`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

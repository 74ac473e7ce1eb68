// Retrieval benchmark: `npm run bench:retrieval -- --project ../mathlib [--bench-dir ../shared/bench]
// [--cache DIR] [--skip-cold] [--quality-only] [--only qr,ug,gp,mpr,famous,lib,docs,prose] [--misses FILE] [--ranks FILE] [--with-docs]
// [--runs N] [--split NAME]`.
// --split NAME: the sets' files are `<set>-NAME.jsonl` in the bench dir (default `dev`: mathlibqr-dev.jsonl, …), so a
// held-out split of the same format is measured the same way; a set whose file is missing is skipped with a line.
// --runs N: the whole benchmark N times in a row (each with its own cold build), then the median of each speed and
// memory figure beside the issue's limit (the quality figures are deterministic: printed once).
// --only lib [--lib-seed S] [--lib-share N]: the library sample (not run by default): goal → premises for theorems drawn
// from the index itself, 1 in N (default 100) by a hash of the name with seed S (default 0), asked from the theorem's
// line and again as its theorem command (in its namespace) pasted from nowhere (MathlibMPR's way, on ~1,100 theorems
// instead of 35).
// --only docs [--lib-seed S] [--lib-share N]: the docstring sample (not run by default): declarations drawn likewise,
// asked for by their docstring's first sentence in an index built once without those docstrings (DIR-docs-S-N).
// --only prose [--lib-seed S] [--lib-share N]: the module-prose sample (not run by default): declarations with a
// docstring that their file's module doc also describes ("* `name`: words"), asked for by those words (all of them
// unless --lib-share N).
// --in-process: run in the main thread (default: in a worker with the index worker's heap limits, as the extension).
// --with-docs: index the names docs/*.yaml give declarations (left out by default: undergrad and the famous
// theorems are built from those files and are judged without them).
// --baseline: every set asked of a plain BM25 instead (test/bench/plainBm25.ts; goals asked without their module):
// the floors the retriever must stay above. Implies --quality-only.
// --quality-only: no cold build, no warm-load/memory figures, no extra latency goals; reuses the cached
// index (builds it once if missing) and prints the quality figures and the latency of the benchmark queries.
//
// Cold indexing runs in a child process (this script with --child-cold) so its peak RSS is its own;
// the warm load, the queries and the steady RSS are measured in this process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isMainThread, Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { Engine, definingTerm } from '../../src/core/engine';
import { IDLE_BEFORE_RELEASE_MS, V8_KEEPS_FREED_PAGES } from '../../src/core/heapPages';
import { parseDocsYaml } from '../../src/core/extract/docsYaml';
import { INDEX_WORKER_RESOURCE_LIMITS } from '../../src/node/indexWorkerClient';
import type { SearchHit } from '../../src/core/types';
import { usableHere } from '../../src/shared/insertion';
import type { SearchIndex } from '../../src/core/search/searchIndex';
import { PlainBm25 } from './plainBm25';
import { analyzeQuery } from '../../src/core/search/query';
import { RANK_PARAMS, otherSpellings } from '../../src/core/search/ranker';
import { stem } from '../../src/core/search/tokenize';
import { conclusionOf, parseSignature, readPastedTheorem, topRelation, wholeWord } from '../../src/core/statement';
import { SEARCH_INDEX_VERSION, SearchIndex as SearchIndexClass } from '../../src/core/search/searchIndex';
import { indexFilePath, loadIndex, saveIndex } from '../../src/core/store/indexStore';
import type { Declaration } from '../../src/core/types';
import { proseOfModuleDocs } from '../../src/core/extract/prose';
import { groupByModule } from '../../src/core/search/declStore';
import type { Dependencies } from '../../src/core/learn/dependencies';

interface Args {
  project: string;
  benchDir: string;
  cache: string;
  skipCold: boolean;
  qualityOnly: boolean;
  only?: Set<string>;
  misses?: string;
  /** Every MathlibQR and set query's rank (0: not in the first 10), to compare two rankings query by query. */
  ranks?: string;
  childCold: boolean;
  withDocs: boolean;
  baseline: boolean;
  /** The library sample: its seed and 1 in how many theorems it draws. */
  libSeed: string;
  libShare: number;
  /** The module-prose sample's share: every such declaration unless --lib-share is given (there are ~1,500). */
  proseShare: number;
  /** Write this run's speed and memory figures here as JSON (set by `--runs N` for each of its runs). */
  perfJson?: string;
  /** Which split of the sets: their files are `<set>-<split>.jsonl`. */
  split: string;
}

function parse(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
  };
  const project = path.resolve(get('project') ?? '../mathlib');
  const cache = path.resolve(get('cache') ?? path.join(os.tmpdir(), 'leanscout-bench', createHash('sha1').update(project).digest('hex').slice(0, 12)));
  const only = get('only');
  return {
    project,
    benchDir: path.resolve(get('bench-dir') ?? '../shared/bench'),
    cache,
    skipCold: argv.includes('--skip-cold') || argv.includes('--quality-only') || argv.includes('--baseline'),
    qualityOnly: argv.includes('--quality-only') || argv.includes('--baseline'),
    only: only ? new Set(only.split(',')) : undefined,
    misses: get('misses'),
    ranks: get('ranks'),
    childCold: argv.includes('--child-cold'),
    withDocs: argv.includes('--with-docs'),
    libSeed: get('lib-seed') ?? '0',
    libShare: Math.max(1, Number(get('lib-share') ?? 100) || 100),
    proseShare: Math.max(1, Number(get('lib-share') ?? 1) || 1),
    baseline: argv.includes('--baseline'),
    perfJson: get('perf-json'),
    split: get('split') ?? 'dev',
  };
}

/** A set's file in the bench dir for the split asked (`--split`, default dev); a missing one is said once. */
function setFile(args: Args, set: string): string {
  const file = path.join(args.benchDir, `${set}-${args.split}.jsonl`);
  if (!fs.existsSync(file) && !missingSaid.has(file)) {
    missingSaid.add(file);
    console.log(`\n(${path.basename(file)} is not in ${args.benchDir}: that set is skipped)`);
  }
  return file;
}
const missingSaid = new Set<string>();

function readJsonl<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const fmt = (x: number) => x.toFixed(3);

function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

interface RankMetrics {
  n: number;
  ndcg: number;
  r1: number;
  r10: number;
  mrr: number;
}

/** One query's nDCG@10 and hit@10 from the gold's rank (undefined: not found). */
const ndcgOf = (rank: number | undefined) => (rank === undefined || rank > 10 ? 0 : 1 / Math.log2(rank + 1));
const hitOf = (rank: number | undefined) => (rank === undefined || rank > 10 ? 0 : 1);

function rankMetrics(ranks: (number | undefined)[]): RankMetrics {
  const n = ranks.length;
  let ndcg = 0, r1 = 0, r10 = 0, mrr = 0;
  for (const r of ranks) {
    if (r === undefined || r > 10) continue;
    ndcg += ndcgOf(r);
    mrr += 1 / r;
    r10 += hitOf(r);
    if (r === 1) r1++;
  }
  return n ? { n, ndcg: ndcg / n, r1: r1 / n, r10: r10 / n, mrr: mrr / n } : { n: 0, ndcg: 0, r1: 0, r10: 0, mrr: 0 };
}

function printRow(label: string, m: RankMetrics): void {
  console.log(`  ${label.padEnd(28)} n=${String(m.n).padStart(4)}  nDCG@10 ${fmt(m.ndcg)}  R@1 ${fmt(m.r1)}  R@10 ${fmt(m.r10)}  MRR@10 ${fmt(m.mrr)}`);
}

/**
 * Two folds of a dev set, fixed by the gold declaration's name (sha1, low bit), so a change can be checked on each
 * half separately: one tuned on a few queries shows up as a gain on one fold and not the other.
 */
function foldOf(goldName: string): 0 | 1 {
  return (createHash('sha1').update(goldName).digest()[0] & 1) as 0 | 1;
}

/** Rank metrics of a set and of its two folds. */
function printFolds(ranks: (number | undefined)[], folds: (0 | 1)[]): void {
  for (const f of [0, 1] as const) printRow(`fold ${f}`, rankMetrics(ranks.filter((_, i) => folds[i] === f)));
}

/**
 * How far apart the two folds are on one metric, next to how far apart random halves of the same set are (each
 * fold key sent to a side by a coin, as the sha1 bit does; 2000 draws, fixed seed): a gap that random halves reach
 * often says the set is small, not that a change was tuned to one half.
 */
function printFoldGap(label: string, values: number[], keys: string[], folds: (0 | 1)[], indent = '  '): void {
  const gapOf = (side: (i: number) => 0 | 1): number | undefined => {
    const sum = [0, 0];
    const n = [0, 0];
    values.forEach((v, i) => {
      sum[side(i)] += v;
      n[side(i)]++;
    });
    return n[0] && n[1] ? Math.abs(sum[0] / n[0] - sum[1] / n[1]) : undefined;
  };
  const observed = gapOf((i) => folds[i]);
  if (observed === undefined) return;
  const unique = [...new Set(keys)];
  const slot = new Map(unique.map((k, j) => [k, j]));
  const keyIndex = keys.map((k) => slot.get(k)!);
  let seed = 0x9e3779b9;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaps: number[] = [];
  const coin = new Uint8Array(unique.length);
  for (let draw = 0; draw < 2000; draw++) {
    for (let j = 0; j < coin.length; j++) coin[j] = random() < 0.5 ? 0 : 1;
    const g = gapOf((i) => coin[keyIndex[i]] as 0 | 1);
    if (g !== undefined) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  const atLeast = gaps.filter((g) => g >= observed - 1e-12).length / (gaps.length || 1);
  console.log(`${indent}fold gap (${label}) ${fmt(observed)}; random halves: median ${fmt(gaps[gaps.length >> 1] ?? 0)}, 90th percentile ${fmt(gaps[Math.floor(gaps.length * 0.9)] ?? 0)}, this far apart or more in ${Math.round(atLeast * 100)}%`);
}

/** Cold build in this (child) process; prints one JSON line with timings and peak RSS. */
async function childCold(args: Args): Promise<void> {
  const t0 = Date.now();
  const engine = await Engine.open({ project: args.project, cacheDir: args.cache, rebuild: true });
  const ms = Date.now() - t0;
  // Premises learned from proofs: in the background once the index is usable (waited for here to time it).
  const learned = await engine.learned();
  const learnMs = Date.now() - t0 - ms;
  const s = engine.stats();
  const peak = process.resourceUsage().maxRSS * 1024;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, ms, extractMs: s.extractMs, buildMs: s.buildMs, saveMs: s.saveMs, decls: s.decls, indexBytes: s.indexBytes, peakRss: peak, byKind: s.byKind, skipped: s.skipped.length, learnMs, learned: learned.state }) + '\n');
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  // Sets built from a library's docs/*.yaml (undergrad, famous theorems) are judged without the names those files
  // give: the index leaves them out unless --with-docs (the cold child inherits this).
  if (!args.withDocs) process.env.LEANSCOUT_DOCS_YAML = '0';
  if (args.childCold) return childCold(args);
  // The library and docstring samples are checks beside the benchmarks, asked only by name (`--only lib,docs`).
  const want = (k: string) => (args.only ? args.only.has(k) : k !== 'lib' && k !== 'docs' && k !== 'prose');
  console.log(`project ${args.project}\nbench   ${args.benchDir}\ncache   ${args.cache}\ndocs    ${args.withDocs ? 'docs/*.yaml names indexed (--with-docs)' : 'docs/*.yaml names left out: sets built from them are judged without them'}`);

  // 1. Cold index in a child process (honest peak RSS).
  let cold: { cpuMs: number; ms: number; extractMs: number; buildMs: number; saveMs: number; decls: number; indexBytes: number; peakRss: number; skipped: number; learnMs?: number; learned?: string } | undefined;
  if (!args.skipCold) {
    const res = spawnSync(process.execPath, [process.argv[1], '--child-cold', '--project', args.project, '--cache', args.cache], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (res.status !== 0) {
      console.error(res.stderr);
      throw new Error(`cold index child failed (status ${res.status})`);
    }
    cold = JSON.parse(res.stdout.trim().split('\n').pop()!);
  }

  // 2. Warm load here.
  const tw = Date.now();
  const engine = await Engine.open({ project: args.project, cacheDir: args.cache });
  const warmMs = Date.now() - tw;
  const learned = await engine.learned();
  const learnedMs = Date.now() - tw - warmMs;
  const st = engine.stats();
  const gc = (globalThis as { gc?: () => void }).gc;
  const latencies: number[] = [];
  const cpuLatencies: number[] = [];
  /** Wall latencies by the kind of query the engine sees (words, a goal, a name): the overall median sits between them. */
  const latenciesByMode = new Map<string, number[]>();
  const misses: string[] = [];
  const ranks: string[] = [];
  // Wall time is what a user waits; CPU time is what the search costs when the machine is shared.
  const asked: { query: string; fromModule?: string; line?: number }[] = [];
  // The floor: a plain BM25 over the same declarations (the engine's store, read directly: bench only).
  let baseline: PlainBm25 | undefined;
  const store = (engine as unknown as { index: SearchIndex }).index.store;
  if (args.baseline) {
    const t0 = Date.now();
    baseline = new PlainBm25(store.size, (d) => {
      const decl = store.materialize(d);
      return `${decl.name} ${decl.signature} ${decl.doc ?? ''}`;
    });
    console.log(`baseline: plain BM25 (k1 1.2, b .75; name tokens + signature + docstring) over ${store.size} declarations, built in ${((Date.now() - t0) / 1000).toFixed(1)} s; goals asked without their module`);
  }
  const search = (query: string, k: number, fromModule?: string, line?: number): SearchHit[] => {
    if (baseline) return baseline.search(query, k).map((d) => ({ decl: store.materialize(d), score: 0 }));
    asked.push({ query, fromModule, line });
    const c0 = process.cpuUsage();
    const r = engine.search({ query, k, fromModule, preferInScope: fromModule !== undefined, usableBeforeLine: line });
    const c = process.cpuUsage(c0);
    cpuLatencies.push((c.user + c.system) / 1000);
    latencies.push(r.ms);
    const mode = analyzeQuery(query).mode;
    if (!latenciesByMode.has(mode)) latenciesByMode.set(mode, []);
    latenciesByMode.get(mode)!.push(r.ms);
    return r.hits;
  };
  const exists = (name: string) => engine.lookup(name) !== undefined;
  /** A set of queries with gold names: rank of the first gold hit in the top 10, printed overall, per fold, and for golds in the index. */
  const askSet = (tag: string, title: string, items: { query: string; gold: string[]; foldKey: string }[], gapMetric: 'ndcg' | 'r10' = 'ndcg') => {
    const all: (number | undefined)[] = [];
    const folds: (0 | 1)[] = [];
    const keys: string[] = [];
    const present: (number | undefined)[] = [];
    for (const it of items) {
      const hits = search(it.query, 10);
      const idx = hits.findIndex((h) => it.gold.includes(h.decl.name));
      const rank = idx >= 0 ? idx + 1 : undefined;
      all.push(rank);
      folds.push(foldOf(it.foldKey));
      keys.push(it.foldKey);
      const isPresent = it.gold.some(exists);
      if (isPresent) present.push(rank);
      ranks.push(`${tag}\t\t${it.query}\t${rank ?? 0}`);
      if (rank === undefined) misses.push(`${tag}\t\t${it.query}\t${it.gold.join('|')}\t${isPresent ? 'present' : 'absent'}\t${hits.slice(0, 3).map((h) => h.decl.name).join(' ')}`);
    }
    console.log(`\n${title}`);
    printRow('all', rankMetrics(all));
    printFolds(all, folds);
    printFoldGap(gapMetric === 'r10' ? 'R@10' : 'nDCG@10', all.map(gapMetric === 'r10' ? hitOf : ndcgOf), keys, folds);
    printRow('gold in index', rankMetrics(present));
  };
  console.log(`\nindex: ${st.decls} declarations (${st.source}${st.cacheNote ? ', ' + st.cacheNote : ''})`);

  // 3. MathlibQR
  /** MathlibQR's queries asked of `ask`, printed overall, per fold and per style (misses recorded when `tag` is given). */
  const askQR = (title: string, ask: (query: string, k: number) => SearchHit[], inIndex: (name: string) => boolean, tag?: string) => {
    const rows = readJsonl<{ id: string; style: string; query: string; gold: string[] }>(setFile(args, 'mathlibqr'));
    const all: (number | undefined)[] = [];
    const folds: (0 | 1)[] = [];
    const present: (number | undefined)[] = [];
    const byStyle = new Map<string, (number | undefined)[]>();
    const byStylePresent = new Map<string, (number | undefined)[]>();
    for (const r of rows) {
      const hits = ask(r.query, 10);
      const idx = hits.findIndex((h) => r.gold.includes(h.decl.name));
      const rank = idx >= 0 ? idx + 1 : undefined;
      all.push(rank);
      folds.push(foldOf(r.gold[0] ?? r.id));
      if (!byStyle.has(r.style)) byStyle.set(r.style, []);
      byStyle.get(r.style)!.push(rank);
      const isPresent = r.gold.some(inIndex);
      if (isPresent) {
        present.push(rank);
        if (!byStylePresent.has(r.style)) byStylePresent.set(r.style, []);
        byStylePresent.get(r.style)!.push(rank);
      }
      if (tag) ranks.push(`${tag}\t${r.style}\t${r.query}\t${rank ?? 0}`);
      if (tag && rank === undefined) misses.push(`${tag}\t${r.style}\t${r.query}\t${r.gold.join('|')}\t${isPresent ? 'present' : 'absent'}\t${hits.slice(0, 3).map((h) => h.decl.name).join(' ')}`);
    }
    console.log(`\n${title.replace('#', String(rows.length))}`);
    printRow('all', rankMetrics(all));
    printFolds(all, folds);
    printFoldGap('nDCG@10', all.map(ndcgOf), rows.map((r) => r.gold[0] ?? r.id), folds);
    printRow('gold in index', rankMetrics(present));
    for (const [style, ranks] of byStyle) printRow(`style ${style}`, rankMetrics(ranks));
    for (const [style, ranks] of byStylePresent) printRow(`style ${style} (gold in index)`, rankMetrics(ranks));
  };
  const hasSet = (set: string) => fs.existsSync(setFile(args, set));
  if (want('qr') && hasSet('mathlibqr')) askQR(`MathlibQR ${args.split} (# queries)`, search, exists, 'qr');

  // 3b. MathlibQR again as a user's index has it, with the library's docs/*.yaml names (`leanscout` indexes them unless
  // LEANSCOUT_DOCS_YAML=0): the set is not built from them, so this is how it is asked by default. In a child process
  // (its memory is not this one's steady RSS) with its own index, DIR-with-docs beside the cache (built once).
  if (want('qr') && hasSet('mathlibqr') && !args.withDocs && !args.baseline) {
    const env = { ...process.env };
    delete env.LEANSCOUT_DOCS_YAML;
    const res = spawnSync(
      process.execPath,
      ['--expose-gc', process.argv[1], '--project', args.project, '--bench-dir', args.benchDir, '--split', args.split, '--cache', `${args.cache}-with-docs`, '--with-docs', '--quality-only', '--only', 'qr'],
      { encoding: 'utf8', maxBuffer: 64 << 20, env },
    );
    const lines = (res.stdout ?? '').split('\n');
    const from = lines.findIndex((l) => l.startsWith(`MathlibQR ${args.split}`));
    const to = lines.findIndex((l, i) => i > from && !l.startsWith(' '));
    if (res.status !== 0 || from < 0) console.log(`\nMathlibQR with docs/*.yaml names: the child failed (status ${res.status}): ${(res.stderr ?? '').trim().split('\n').pop()}`);
    else console.log(['', `${lines[from]}, docs/*.yaml names indexed as by default (index ${args.cache}-with-docs)`, ...lines.slice(from + 1, to < 0 ? undefined : to)].join('\n'));
  }

  // 4. Undergrad
  if (want('ug') && hasSet('undergrad')) {
    const rows = readJsonl<{ id: string; query: string; gold: string[] }>(setFile(args, 'undergrad'));
    askSet('ug', `Undergrad ${args.split} (${rows.length} queries)`, rows.map((r) => ({ query: r.query, gold: r.gold, foldKey: r.gold[0] ?? r.id })));
  }

  // 5. Goal → premises (drop the theorem itself and its generated twins)
  if (want('gp') && hasSet('goal-premises')) {
    const rows = readJsonl<{ id: string; theorem: string; module: string; goal: string; premises: string[] }>(setFile(args, 'goal-premises'));
    let recall = 0, anyHit = 0, mrr = 0;
    let recallP = 0, anyHitP = 0, nP = 0;
    // Folds by the theorem (the goal's own declaration; its premises are several).
    const byFold = [0, 1].map(() => ({ n: 0, recall: 0, anyHit: 0, mrr: 0 }));
    const perGoal: number[] = [];
    for (const r of rows) {
      const self = engine.lookup(r.theorem);
      const isSelf = (h: SearchHit) => h.decl.name === r.theorem || h.decl.generatedFrom === r.theorem || (self?.generatedFrom !== undefined && h.decl.name === self.generatedFrom);
      // As the panel asks: from the theorem's module, and only what a proof there may use (not the theorem itself,
      // nor what its file declares after it).
      const usable = (h: SearchHit) => !isSelf(h) && (!self || usableHere(h.decl, r.module, self.line - 1));
      const hits = search(r.goal, 20, process.env.LEANSCOUT_BENCH_NO_SCOPE ? undefined : r.module, self?.line).filter(usable).slice(0, 10);
      const names = hits.map((h) => h.decl.name);
      const found = r.premises.filter((p) => names.includes(p)).length;
      const first = names.findIndex((n) => r.premises.includes(n));
      const missed = r.premises.filter((p) => !names.includes(p));
      if (missed.length) misses.push(`gp\t\t${r.theorem}\t${missed.join('|')}\t${missed.every(exists) ? 'present' : 'absent'}\t${names.slice(0, 3).join(' ')}`);
      recall += r.premises.length ? found / r.premises.length : 0;
      perGoal.push(r.premises.length ? found / r.premises.length : 0);
      anyHit += found > 0 ? 1 : 0;
      mrr += first >= 0 ? 1 / (first + 1) : 0;
      const fold = byFold[foldOf(r.theorem)];
      fold.n++;
      fold.recall += r.premises.length ? found / r.premises.length : 0;
      fold.anyHit += found > 0 ? 1 : 0;
      fold.mrr += first >= 0 ? 1 / (first + 1) : 0;
      const presentPremises = r.premises.filter(exists);
      if (presentPremises.length) {
        nP++;
        const fp = presentPremises.filter((p) => names.includes(p)).length;
        recallP += fp / presentPremises.length;
        anyHitP += fp > 0 ? 1 : 0;
      }
    }
    const n = rows.length || 1;
    console.log(`\nGoal → premises ${args.split} (${rows.length} goals, theorem itself dropped)`);
    console.log(`  all                          R@10 ${fmt(recall / n)}  any-hit@10 ${fmt(anyHit / n)}  MRR@10 ${fmt(mrr / n)}`);
    byFold.forEach((f, i) => console.log(`  fold ${i} (n=${f.n})`.padEnd(31) + `R@10 ${fmt(f.recall / (f.n || 1))}  any-hit@10 ${fmt(f.anyHit / (f.n || 1))}  MRR@10 ${fmt(f.mrr / (f.n || 1))}`));
    printFoldGap('R@10', perGoal, rows.map((r) => r.theorem), rows.map((r) => foldOf(r.theorem)));
    console.log(`  premises in index (n=${nP})     R@10 ${fmt(recallP / (nP || 1))}  any-hit@10 ${fmt(anyHitP / (nP || 1))}`);
  }

  // 6. MathlibMPR: the formal statement is the query — the snippet as given (imports, `variable`s, docstrings, the
  // theorem), and its theorem command alone.
  if (want('mpr') && hasSet('mathlibmpr')) {
    const rows = readJsonl<{ id: string; formal_main_result: string; NL_main_result: string; formal_statement: string; premise_group: { docs: string[] }[] }>(
      setFile(args, 'mathlibmpr'),
    );
    const theoremOnly = (snippet: string) => {
      const m = /(?:^|\n)(?:@\[[^\]\n]*\]\s*)?(?:(?:private|protected|noncomputable)\s+)*(?:theorem|lemma)\s[\s\S]*$/.exec(snippet.replace(/\/-[\s\S]*?-\//g, ''));
      return m ? m[0].trim() : snippet;
    };
    console.log(`\nMathlibMPR ${args.split} (${rows.length} theorems; query = formal statement)`);
    for (const [label, queryOf] of [
      ['snippet as given', (r: (typeof rows)[number]) => r.formal_statement],
      ['theorem command only', (r: (typeof rows)[number]) => theoremOnly(r.formal_statement)],
    ] as const) {
      let groupRecall = 0, groupRecallP = 0, nP = 0;
      const byFold = [0, 1].map(() => ({ n: 0, recall: 0 }));
      const perTheorem: number[] = [];
      for (const r of rows) {
        const last = r.formal_main_result.split('.').pop()!;
        const hits = search(queryOf(r), 14)
          .filter((h) => h.decl.name !== r.formal_main_result && !h.decl.name.endsWith('.' + last) && h.decl.name !== last)
          .slice(0, 10);
        const names = new Set(hits.map((h) => h.decl.name));
        const groups = r.premise_group ?? [];
        const found = groups.filter((g) => g.docs.some((d) => names.has(d))).length;
        groupRecall += groups.length ? found / groups.length : 0;
        perTheorem.push(groups.length ? found / groups.length : 0);
        const fold = byFold[foldOf(r.formal_main_result)];
        fold.n++;
        fold.recall += groups.length ? found / groups.length : 0;
        const presentGroups = groups.filter((g) => g.docs.some(exists));
        if (presentGroups.length) {
          nP++;
          groupRecallP += presentGroups.filter((g) => g.docs.some((d) => names.has(d))).length / presentGroups.length;
        }
      }
      console.log(`  ${label}`);
      console.log(`    all                        group-R@10 ${fmt(groupRecall / (rows.length || 1))}`);
      byFold.forEach((f, i) => console.log(`    fold ${i} (n=${f.n})`.padEnd(31) + `group-R@10 ${fmt(f.recall / (f.n || 1))}`));
      printFoldGap('group-R@10', perTheorem, rows.map((r) => r.formal_main_result), rows.map((r) => foldOf(r.formal_main_result)), '    ');
      console.log(`    groups in index (n=${nP})     group-R@10 ${fmt(groupRecallP / (nP || 1))}`);
    }
  }

  // 6a. Famous theorems: the titles of the project's docs/100.yaml and docs/1000.yaml (Freek's 100, 1000+ theorems)
  // asked as queries, gold = the declarations those entries name, judged with docs/*.yaml left out of the index
  // (unless --with-docs). A report only: these files are read here, never by the ranker's rules or tables.
  if (want('famous')) {
    const entries: { title: string; decls: string[] }[] = [];
    for (const file of ['100.yaml', '1000.yaml']) {
      const p = path.join(args.project, 'docs', file);
      if (!fs.existsSync(p)) continue;
      const byTitle = new Map<string, string[]>();
      for (const { decl, text } of parseDocsYaml(fs.readFileSync(p, 'utf8'))) byTitle.set(text, [...(byTitle.get(text) ?? []), decl]);
      for (const [title, decls] of byTitle) entries.push({ title, decls });
    }
    if (entries.length) {
      askSet(
        'famous',
        `Famous theorems (${entries.length} titles of docs/100.yaml and docs/1000.yaml → their declarations; ${args.withDocs ? 'with' : 'without'} docs/*.yaml in the index; report only)`,
        entries.map((e) => ({ query: e.title, gold: e.decls, foldKey: e.decls[0] })),
        'r10',
      );
    }
  }

  // 6c. Library sample: goal → premises for theorems of the index itself, drawn by a seeded hash of the name (about
  // one in `LIB_SHARE`), with short proofs (1–8 lemmas their proofs name, as read for the learned stage). The goal is
  // the stored statement read as a pasted theorem (its name left out); the gold is what the proof names. Asked as the
  // panel asks (from its module, at its line), so neither its own proof nor what follows it in its file is evidence.
  // Not a benchmark: a second, larger sample of the same kind of question, to check that a change to the ranking of
  // premises holds beyond the dev goals (whose theorems are left out here).
  if (want('lib')) {
    const LIB_SHARE = args.libShare;
    const devTheorems = new Set(readJsonl<{ theorem: string }>(setFile(args, 'goal-premises')).map((r) => r.theorem));
    const deps = (engine as unknown as { learner?: { ranker?: { deps: Dependencies } } }).learner?.ranker?.deps;
    if (!deps) console.log('\nLibrary sample: no learned dependencies (learning off or failed)');
    else {
      const drawn = (name: string) => createHash('sha1').update(`library-sample:${args.libSeed}:` + name).digest().readUInt32BE(0) % LIB_SHARE === 0;
      const sample: { d: number; name: string; premises: string[]; goal: string }[] = [];
      for (let d = 0; d < store.size; d++) {
        if (store.kind(d) !== 'theorem' || store.isGenerated(d) || store.isPrivate(d)) continue;
        const name = store.names[d];
        if (devTheorems.has(name) || !drawn(name)) continue;
        // Lemmas the proof names, but the theorem itself and its generated twins (unreachable from its own line).
        const premises = [...new Set(deps.ids.subarray(deps.offsets[d], deps.offsets[d + 1]))]
          .filter((p) => p !== d && store.kind(p) === 'theorem' && store.materialize(p).generatedFrom !== name)
          .map((p) => store.names[p]);
        if (premises.length < 1 || premises.length > 8) continue;
        const last = name.split('.').pop()!;
        const goal = readPastedTheorem(`theorem ${last} ${store.signature(d)}`)?.goal;
        if (goal) sample.push({ d, name, premises, goal });
      }
      // Asked as the panel asks from the theorem's line, and as a statement pasted from nowhere (MathlibMPR's way: the
      // theorem command in its namespace, no place; the learned stage leaves out the theorem and what its file declares
      // from it on).
      const pastedFromFile = (name: string, signature: string) => {
        const dot = name.lastIndexOf('.');
        const theorem = `theorem ${name.slice(dot + 1)} ${signature} := by sorry`;
        return dot < 0 ? theorem : `namespace ${name.slice(0, dot)}\n\n${theorem}\n\nend ${name.slice(0, dot)}\n`;
      };
      for (const nowhere of [false, true]) {
        const byFold = [0, 1].map(() => ({ n: 0, recall: 0, anyHit: 0, mrr: 0 }));
        const perGoal: number[] = [];
        const keys: string[] = [];
        const folds: (0 | 1)[] = [];
        for (const { d, name, premises, goal } of sample) {
          const module = store.moduleName(d);
          const line = store.lines[d];
          const isSelf = (h: SearchHit) => h.decl.name === name || h.decl.generatedFrom === name;
          const hits = nowhere
            ? search(pastedFromFile(name, store.signature(d)), 20).filter((h) => !isSelf(h)).slice(0, 10)
            : search(goal, 20, module, line).filter((h) => !isSelf(h) && usableHere(h.decl, module, line - 1)).slice(0, 10);
          const names = hits.map((h) => h.decl.name);
          const found = premises.filter((p) => names.includes(p)).length;
          const first = names.findIndex((x) => premises.includes(x));
          const fold = byFold[foldOf(name)];
          fold.n++;
          fold.recall += found / premises.length;
          fold.anyHit += found > 0 ? 1 : 0;
          fold.mrr += first >= 0 ? 1 / (first + 1) : 0;
          perGoal.push(found / premises.length);
          keys.push(name);
          folds.push(foldOf(name));
        }
        const n = perGoal.length || 1;
        const total = byFold[0].n + byFold[1].n;
        const how = nowhere ? 'the theorem command pasted from nowhere → premises' : 'goal → premises';
        console.log(`\nLibrary sample ${how} (${total} theorems of the index, 1 in ${LIB_SHARE} by name with seed ${args.libSeed}, 1–8 premises; not a benchmark)`);
        console.log(`  all                          R@10 ${fmt(perGoal.reduce((a, b) => a + b, 0) / n)}  any-hit@10 ${fmt((byFold[0].anyHit + byFold[1].anyHit) / n)}  MRR@10 ${fmt((byFold[0].mrr + byFold[1].mrr) / n)}`);
        byFold.forEach((f, i) => console.log(`  fold ${i} (n=${f.n})`.padEnd(31) + `R@10 ${fmt(f.recall / (f.n || 1))}  any-hit@10 ${fmt(f.anyHit / (f.n || 1))}  MRR@10 ${fmt(f.mrr / (f.n || 1))}`));
        printFoldGap('R@10', perGoal, keys, folds);
      }
      // A theorem about a definition of one's own: of the sampled theorems whose conclusion names a definition declared
      // above them in their file, that definition pasted before the theorem under a name the index does not know (as
      // a user's new definition), so only the snippet says what it is made of.
      const own = [0, 1].map(() => ({ n: 0, recall: 0, named: 0 }));
      let fresh = 0;
      for (const { d, name, premises } of sample) {
        const signature = store.signature(d);
        const conclusion = conclusionOf(signature, false);
        const def = store
          .declsAbove(store.moduleIdx[d], store.lines[d])
          .find((x) => (store.kind(x) === 'def' || store.kind(x) === 'abbrev') && store.names[x].split('.').pop()!.length >= 3 && store.materialize(x).body && wholeWord(store.names[x].split('.').pop()!).test(conclusion));
        if (def === undefined) continue;
        const defName = wholeWord(store.names[def].split('.').pop()!, 'gu');
        const newName = `qqxv${fresh++}`;
        const defined = store.materialize(def);
        const snippet = `def ${newName} ${defined.signature.replace(defName, newName)} :=\n  ${defined.body!.replace(defName, newName)}\n\n`;
        const recallOf = (query: string) => {
          const names = search(query, 20)
            .filter((h) => h.decl.name !== name && h.decl.generatedFrom !== name)
            .slice(0, 10)
            .map((h) => h.decl.name);
          return premises.filter((p) => names.includes(p)).length / premises.length;
        };
        const fold = own[foldOf(name)];
        fold.n++;
        fold.recall += recallOf(snippet + pastedFromFile(name, signature.replace(defName, newName)));
        fold.named += recallOf(pastedFromFile(name, signature));
      }
      const nOwn = own[0].n + own[1].n || 1;
      console.log(
        `  of these, the ${own[0].n + own[1].n} whose conclusion names a definition of their file, pasted with it under a new name: R@10 ${fmt((own[0].recall + own[1].recall) / nOwn)} ` +
          `(folds ${own.map((f) => fmt(f.recall / (f.n || 1))).join(' / ')}); with the library's names ${fmt((own[0].named + own[1].named) / nOwn)}`,
      );
    }
  }

  // 6d. Docstring sample: declarations drawn by a seeded hash of the name (1 in `--lib-share`), asked for by the first
  // sentence of their docstring (5–40 words, not naming the declaration) in an index built without those docstrings
  // (nor their generated twins' translations):
  // words describing a statement, matched against its name, signature and everything else the library says. Not a
  // benchmark: a large second sample of text queries, to check a change to text ranking away from the dev queries.
  // The index is rebuilt once from the stored declarations (DIR-docs-SEED-SHARE, beside the cache) with the usage
  // prior copied and the module-doc prose tied again; `--lib-seed none` rebuilds it masking nothing, for comparing
  // with the original (not quite the same: only a file's first module doc is stored, clipped).
  if (want('docs')) {
    const drawn = (name: string) => args.libSeed !== 'none' && createHash('sha1').update(`docstring-sample:${args.libSeed}:` + name).digest().readUInt32BE(0) % args.libShare === 0;
    const firstSentence = (doc: string) => doc.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s/)[0] ?? '';
    const wordCount = (s: string) => s.split(' ').filter((w) => /[A-Za-z]/.test(w)).length;
    const sample = new Map<number, string>();
    for (let d = 0; d < store.size; d++) {
      if (store.isGenerated(d) || store.isPrivate(d) || !drawn(store.names[d])) continue;
      const q = firstSentence(store.doc(d));
      const last = store.names[d].split('.').pop()!;
      const words = wordCount(q);
      if (words < 5 || words > 40 || q.includes(last)) continue;
      sample.set(d, q);
    }
    const sampledNames = new Set([...sample.keys()].map((d) => store.names[d]));
    // (by the index's version: an index of another version would be rebuilt from the sources, docstrings and all)
    const maskedCache = `${args.cache}-docs-${args.libSeed}-${args.libShare}-v${SEARCH_INDEX_VERSION}`;
    if (!fs.existsSync(indexFilePath(maskedCache))) {
      const t0 = Date.now();
      const original = loadIndex(args.cache, undefined);
      if (!original.ok) throw new Error(`cannot read ${args.cache}: ${original.detail}`);
      const decls: Declaration[] = [];
      const byModule = new Map<number, number[]>();
      for (let d = 0; d < store.size; d++) {
        const decl = store.materialize(d);
        // A generated twin's docstring is the sampled one translated (`to_additive`): left out too.
        const from = decl.generatedFrom !== undefined ? engine.lookup(decl.generatedFrom) : undefined;
        if (sample.has(d) || (from && sampledNames.has(from.name))) delete decl.doc;
        decls.push(decl);
        const m = store.moduleIdx[d];
        byModule.set(m, [...(byModule.get(m) ?? []), d]);
      }
      // The module-doc prose tied to declarations is not stored: tied again from the stored module doc (the first).
      for (const [m, ids] of byModule) {
        for (const [i, text] of proseOfModuleDocs([store.moduleDoc(m)], ids.map((d) => store.names[d]))) decls[ids[i]].prose = text;
      }
      const modules = store.modules.map((m, i) => ({ ...m, doc: store.moduleDoc(i) || undefined }));
      const masked = SearchIndexClass.build(decls, modules, { consume: true });
      masked.usage.set((engine as unknown as { index: SearchIndex }).index.usage);
      const saved = saveIndex(maskedCache, original.key, masked.toSections(), original.meta);
      original.close();
      if (!saved.ok) throw new Error(`cannot save ${maskedCache}: ${saved.error}`);
      console.log(`\n(docstring sample: index without ${sample.size} docstrings built in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${maskedCache})`);
    }
    const maskedEngine = await Engine.open({ project: args.project, cacheDir: maskedCache, learn: 'off' });
    if (maskedEngine.stats().source !== 'cache') {
      fs.rmSync(maskedCache, { recursive: true, force: true }); // (rebuilt from the sources: not the sample's index)
      throw new Error(`${maskedCache} was not used (${maskedEngine.stats().cacheNote ?? 'rebuilt'})`);
    }
    const ranks: (number | undefined)[] = [];
    const folds: (0 | 1)[] = [];
    const keys: string[] = [];
    for (const [d, q] of sample) {
      const name = store.names[d];
      const hits = maskedEngine.search({ query: q, k: 10 }).hits;
      const i = hits.findIndex((h) => h.decl.name === name);
      ranks.push(i >= 0 ? i + 1 : undefined);
      folds.push(foldOf(name));
      keys.push(name);
      if (i < 0) misses.push(`docs\t\t${q}\t${name}\tpresent\t${hits.slice(0, 3).map((h) => h.decl.name).join(' ')}`);
    }
    console.log(`\nDocstring sample (${sample.size} declarations, 1 in ${args.libShare} by name with seed ${args.libSeed}; the first sentence of their docstring, left out of the index; not a benchmark)`);
    printRow('all', rankMetrics(ranks));
    printFolds(ranks, folds);
    printFoldGap('nDCG@10', ranks.map(ndcgOf), keys, folds);
  }

  // 6e. Module-prose sample: declarations that have a docstring and are also described by an item of their file's
  // module doc ("* `card_filter_le`: filtering a finset gives a smaller one"), asked for by that item's words. The index never holds that item for them (a declaration's docstring takes the place of its prose), so no
  // rebuild is needed: another author's words for what the docstring says. Not a benchmark: a second large sample of
  // text queries, beside the docstring sample, for checking a change to text ranking away from the dev queries.
  if (want('prose')) {
    const drawn = (name: string) => createHash('sha1').update(`prose-sample:${args.libSeed}:` + name).digest().readUInt32BE(0) % args.proseShare === 0;
    const wordCount = (q: string) => q.split(' ').filter((w) => /[A-Za-z]{2}/.test(w)).length;
    const byModule = groupByModule(store.moduleIdx, store.size, store.modules.length);
    const sample = new Map<number, string>();
    for (let m = 0; m < store.modules.length; m++) {
      const ids = byModule.ids.subarray(byModule.offsets[m], byModule.offsets[m + 1]);
      if (!ids.length) continue;
      for (const [i, text] of proseOfModuleDocs([store.moduleDoc(m)], Array.from(ids, (d) => store.names[d]))) {
        const d = ids[i];
        if (!store.doc(d) || store.isGenerated(d) || store.isPrivate(d) || !drawn(store.names[d])) continue;
        // An item that names it first and then says what it is ("`card_filter_le`: filtering …"): the words after
        // the name, with no other code in them (which would leave gaps), and without bold (indexed as a name).
        const item = /^\s*(?:[*+-]|\d+[.)])?\s*`[^`]+`\s*(?:[:–—-]|is|states|proves|says)\s+([^`]+)$/.exec(text.split('\n')[0]);
        if (!item) continue;
        const q = item[1].replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
        const last = store.names[d].split('.').pop()!;
        const words = wordCount(q);
        if (words < 4 || words > 40 || q.includes(last)) continue;
        sample.set(d, q);
      }
    }
    const ranks: (number | undefined)[] = [];
    const folds: (0 | 1)[] = [];
    const keys: string[] = [];
    // The items are module-doc text, which the index holds as its modules' words (RANK_PARAMS.moduleDoc): not counted
    // here, or each item would find its own module.
    const moduleDoc = RANK_PARAMS.moduleDoc;
    RANK_PARAMS.moduleDoc = 0;
    try {
      for (const [d, q] of sample) {
        const name = store.names[d];
        const hits = search(q, 10);
        const i = hits.findIndex((h) => h.decl.name === name);
        ranks.push(i >= 0 ? i + 1 : undefined);
        folds.push(foldOf(name));
        keys.push(name);
        if (i < 0) misses.push(`prose\t\t${q}\t${name}\tpresent\t${hits.slice(0, 3).map((h) => h.decl.name).join(' ')}`);
      }
    } finally {
      RANK_PARAMS.moduleDoc = moduleDoc;
    }
    console.log(`\nModule-prose sample (${sample.size} declarations with a docstring, 1 in ${args.proseShare} by name with seed ${args.libSeed}; the module-doc item about each, without its code; modules' doc words not counted; not a benchmark)`);
    printRow('all', rankMetrics(ranks));
    printFolds(ranks, folds);
    printFoldGap('nDCG@10', ranks.map(ndcgOf), keys, folds);
  }

  /** The first 10 names for a query asked as the benchmark asks it (or for another wording of it, or at another k). */
  const firstTen = (a: { query: string; fromModule?: string; line?: number }, query = a.query, k = 10) =>
    engine
      .search({ query, k, fromModule: a.fromModule, preferInScope: a.fromModule !== undefined, usableBeforeLine: a.line })
      .hits.slice(0, 10)
      .map((h) => h.decl.name)
      .join(' ');

  // The steady state, for the speed-and-memory run: after the sets' queries and extra realistic goals, before the
  // checks below, which read every declaration of the library to draw their samples (the benchmark's own work, whose
  // garbage V8's threads leave in native memory: 261 / 297 / 306 MB when measured after them at ff26172). Settled: a full
  // collection, a rest (V8 returns freed pages on a background thread; under V8 ≥ 12 the engine gives back the pages V8
  // keeps once it has rested IDLE_BEFORE_RELEASE_MS, as it does in the extension), and another collection.
  let steadyAfterQueries: NodeJS.MemoryUsage | undefined;
  if (!args.qualityOnly) {
    for (const file of ['minif2f-goals.jsonl', 'proofnet-goals.jsonl']) {
      for (const g of readJsonl<{ goal?: string }>(path.join(args.benchDir, '..', 'goals', file))) if (g.goal) search(g.goal, 10);
    }
    gc?.();
    await new Promise((r) => setTimeout(r, V8_KEEPS_FREED_PAGES ? IDLE_BEFORE_RELEASE_MS + 500 : 300));
    gc?.();
    steadyAfterQueries = process.memoryUsage();
  }

  // 6b. The ranking does not depend on k: the first 10 at k = 10 are the first 10 at k = 200.
  if (!args.baseline) {
    let differ = 0;
    const examples: string[] = [];
    for (const a of asked) {
      if (firstTen(a) !== firstTen(a, a.query, 200)) {
        differ++;
        if (examples.length < 3) examples.push(a.query.slice(0, 60));
      }
    }
    console.log(`\nk-independence: ${asked.length - differ}/${asked.length} queries have the same first 10 at k = 10 and k = 200${differ ? ` (differ: ${examples.map((e) => JSON.stringify(e)).join(', ')})` : ''}`);
  }

  // 6c. How a text query is put does not change what it finds: the first 10 of each word query (MathlibQR, Undergrad,
  // not statements or names) are those of it put as a sentence, a request or a question.
  if (!args.baseline) {
    const framings: [string, (q: string) => string][] = [
      ['a final period', (q) => `${q}.`],
      ['"show that …"', (q) => `Show that ${q}`],
      ['"what is …?"', (q) => `what is ${q}?`],
      ['"… in Mathlib"', (q) => `${q} in Mathlib`],
      ['"find a lemma stating that …"', (q) => `find a lemma stating that ${q}`],
      ['quotes', (q) => `"${q}"`],
      ['Markdown (- **…**)', (q) => `- **${q}**`],
      ['"is there a lemma saying …?"', (q) => `Is there a lemma saying ${q}?`],
    ];
    const words = asked.filter((a) => a.fromModule === undefined && analyzeQuery(a.query).mode === 'text');
    const same = framings.map(() => 0);
    for (const a of words) {
      const plain = firstTen(a);
      framings.forEach(([, frame], i) => (same[i] += firstTen(a, frame(a.query)) === plain ? 1 : 0));
    }
    if (words.length) console.log(`framing-independence: of ${words.length} word queries, the same first 10 ${framings.map(([name], i) => `with ${name} ${same[i]}`).join(', ')}`);
    // …nor the spelling, British or American, of a word the library uses both ways ("neighbourhood", "normalize").
    const termIds = (engine as unknown as { index: SearchIndex }).index.termIds;
    const respelled = words
      .map((a) => {
        let changed = false;
        const query = a.query.replace(/[A-Za-z]+/g, (w) => {
          const v = otherSpellings(w.toLowerCase()).find((x) => termIds.has(stem(x)));
          if (!v) return w;
          changed = true;
          return w[0] === w[0].toUpperCase() ? v[0].toUpperCase() + v.slice(1) : v;
        });
        return changed ? { a, query } : undefined;
      })
      .filter((x) => x !== undefined);
    const sameRespelled = respelled.filter(({ a, query }) => firstTen(a, query) === firstTen(a)).length;
    if (respelled.length) console.log(`spelling-independence: of ${respelled.length} word queries with a word the library also spells the other way (British, American), the same first 10 so spelled: ${sameRespelled}`);
    // …nor a formula typed in LaTeX without its dollars (`x^2 \geq 0` for `$x^2 \geq 0$`).
    const dollars = asked.filter((a) => a.fromModule === undefined && /^\$[^$]+\$$/.test(a.query) && /\\[A-Za-z]/.test(a.query));
    const sameUndollared = dollars.filter((a) => firstTen(a, a.query.slice(1, -1)) === firstTen(a)).length;
    if (dollars.length) console.log(`LaTeX without dollars: of ${dollars.length} dev queries that are one $…$ formula with LaTeX commands, the same first 10 without the dollars: ${sameUndollared}`);
    // …nor does a goal pasted with every line indented (from a list, a message, a code block).
    const goals = asked.filter((a) => a.fromModule !== undefined);
    const indented = goals.filter((a) => firstTen(a, a.query.split('\n').map((l) => `  ${l}`).join('\n')) === firstTen(a)).length;
    if (goals.length) console.log(`indentation-independence: of ${goals.length} goals asked from their line, the same first 10 with every line indented: ${indented}`);
    // …nor a target written the other way round (`b ≥ a` for `a ≤ b`, `b > a` for `a < b`), as users type them.
    const turned = goals.flatMap((a) => {
      const lines = a.query.split('\n');
      const last = lines.length - 1;
      const m = /^(\s*⊢\s*)(.*)$/.exec(lines[last]);
      const rel = m ? topRelation(m[2]) : undefined;
      if (!m || !rel || (rel.rel !== '≤' && rel.rel !== '<') || /[,→]/.test(m[2])) return [];
      return [{ a, query: [...lines.slice(0, last), `${m[1]}${rel.rhs} ${rel.rel === '≤' ? '≥' : '>'} ${rel.lhs}`].join('\n') }];
    });
    const sameTurned = turned.filter(({ a, query }) => firstTen(a, query) === firstTen(a)).length;
    if (turned.length) console.log(`direction-independence: of ${turned.length} goals whose target is a ≤ b or a < b, the same first 10 asked as b ≥ a or b > a: ${sameTurned}`);
    // …nor a name written as Lean code writes it: in backticks, after #check, in `exact … h`.
    const names: string[] = [];
    for (let d = 0; d < store.size && names.length < 300; d += 997) if (!store.isGenerated(d) && !store.isPrivate(d) && /[._]/.test(store.names[d])) names.push(store.names[d]);
    const asCode: [string, (n: string) => string][] = [
      ['in backticks', (n) => `\`${n}\``],
      ['after #check', (n) => `#check ${n}`],
      ['as `exact … h`', (n) => `exact ${n} h`],
    ];
    const plainNames = names.map((n) => firstTen({ query: n }));
    const sameName = asCode.map(([, write]) => names.filter((n, i) => firstTen({ query: write(n) }) === plainNames[i]).length);
    console.log(`name-independence: of ${names.length} names (every 997th declaration's), the same first 10 ${asCode.map(([how], i) => `${how} ${sameName[i]}`).join(', ')}`);
    // A name being typed (the panel searches on each keystroke): the same names with their last two characters not yet
    // typed, where that is no name of its own, find the name.
    const index = (engine as unknown as { index: SearchIndex }).index;
    const typing = names.filter((n) => n.length >= 8 && index.byFullName(n.slice(0, -2)) < 0 && !/[._]$/.test(n.slice(0, -2)));
    const typedFound = typing.filter((n) => firstTen({ query: n.slice(0, -2) }).split(' ').slice(0, 3).includes(n)).length;
    console.log(`name typing: of ${typing.length} of those names, typed but for their last two characters: the name in the first 3 for ${typedFound}`);
    // A statement typed bare (a theorem's conclusion: `0 ≤ a ^ 2`) finds the theorem that states it.
    const stated: { name: string; statement: string }[] = [];
    for (let d = 0; d < store.size && stated.length < 300; d += 499) {
      if (store.isGenerated(d) || store.isPrivate(d) || store.kind(d) !== 'theorem') continue;
      const statement = conclusionOf(store.signature(d), true);
      if (analyzeQuery(statement).mode === 'goal') stated.push({ name: store.names[d], statement });
    }
    const statedFound = stated.filter((t) => firstTen({ query: t.statement }).split(' ').includes(t.name)).length;
    // A property asked by its words ("compact", "open map") finds its predicate, which Lean names `IsX` (`IsCompact`,
    // `IsOpenMap`): every such top-level definition of one or two words, asked by them in lower case.
    const predicates: { name: string; words: string }[] = [];
    for (let d = 0; d < store.size; d++) {
      const name = store.names[d];
      const m = /^Is((?:[A-Z][a-z]{2,}){1,2})$/.exec(name);
      if (!m || store.isGenerated(d) || store.isPrivate(d) || store.kind(d) === 'theorem' || store.kind(d) === 'instance') continue;
      predicates.push({ name, words: m[1].replace(/(?!^)([A-Z])/g, ' $1').toLowerCase() });
    }
    const predicatesFound = predicates.filter((p) => firstTen({ query: p.words }).split(' ').slice(0, 3).includes(p.name)).length;
    // A type's extensionality lemma asked for in words ("subgroup extensionality", as Lean users write it): every 4th
    // `T.ext` the library tags `@[ext]` (or generates from an `@[ext]` structure) whose T's last part, in words, names
    // no other (`Hom` is many types' part).
    const extByWords = new Map<string, string[]>();
    for (let d = 0; d < store.size; d++) {
      const m = /(?:^|\.)([A-Z][A-Za-z]+)\.ext$/.exec(store.names[d]);
      if (!m || store.isPrivate(d)) continue;
      const decl = store.materialize(d);
      if (!(decl.attrs?.includes('ext') || decl.generatedFrom === store.names[d].slice(0, -4))) continue;
      const words = m[1].replace(/(?!^)([A-Z])/g, ' $1').toLowerCase() + ' extensionality';
      extByWords.set(words, [...(extByWords.get(words) ?? []), store.names[d]]);
    }
    const extLemmas = [...extByWords].filter(([, names]) => names.length === 1).filter((_, i) => i % 4 === 0).slice(0, 200).map(([words, [name]]) => ({ words, names: [name, name + '_iff'] }));
    const extFound = extLemmas.filter((e) => firstTen({ query: e.words }).split(' ').slice(0, 3).some((n) => e.names.includes(n))).length;
    console.log(`extensionality in words: of ${extLemmas.length} lemmas \`T.ext\` tagged @[ext] (every 4th whose T's words name one), asked as "T in words extensionality" (\`subgroup extensionality\`): it or its ext_iff in the first 3 for ${extFound}`);
    // A notation of the library typed with variables in its arguments' places (`⌊x⌋`, `x =O[y] z`, `𝓝`) finds the
    // declaration it unfolds to: every 4th notation (and every declaration once).
    const vars = ['x', 'y', 'z', 'w', 'v'];
    const notationAsks = store.notations
      .filter(([id], i, all) => i % 4 === 0 && all.findIndex(([other]) => other === id) === i)
      .map(([id, pieces]) => {
        let v = 0;
        return { name: store.names[id], query: pieces.map((p) => (p === null ? ` ${vars[v++ % vars.length]} ` : p)).join('').trim() };
      });
    const notationFound = notationAsks.filter((a) => firstTen({ query: a.query }).split(' ').slice(0, 3).includes(a.name)).length;
    console.log(`notation lookup: of ${notationAsks.length} notations the library declares (every 4th), typed with variables (\`⌊x⌋\`, \`x =O[y] z\`): what it unfolds to in the first 3 for ${notationFound}`);
    // A Stacks Project tag asked for (`Stacks Tag 09HY`: how algebraic geometers cite results) finds a declaration
    // tagged with it: every 4th tag of the library.
    const byTag = new Map<string, string[]>();
    for (let d = 0; d < store.size; d++) {
      if (store.isGenerated(d)) continue;
      const tags = store.materialize(d).tags;
      for (const t of tags ?? []) byTag.set(t, [...(byTag.get(t) ?? []), store.names[d]]);
    }
    const tagAsks = [...byTag].filter((_, i) => i % 4 === 0);
    const tagFound = tagAsks.filter(([tag, names]) => firstTen({ query: tag }).split(' ').slice(0, 3).some((n) => names.includes(n))).length;
    console.log(`Stacks and Kerodon tags: of ${tagAsks.length} tags the library cites (every 4th), asked as \`Stacks Tag 09HY\`: a declaration tagged with it in the first 3 for ${tagFound}`);
    console.log(`property words: of ${predicates.length} top-level predicates \`IsX\` of one or two words, asked by the words (\`compact\`, \`open map\`): the predicate in the first 3 for ${predicatesFound}`);
    console.log(`statement lookup: of ${stated.length} theorems (every 499th declaration's that states a relation), asked by their conclusion as typed (\`0 ≤ a ^ 2\`): the theorem in the first 10 for ${statedFound}`);
    /** Up to 100 theorems whose conclusion passes `test`, every `every`-th such, and how many of them a query written
     *  from their conclusion finds in the first 10. */
    const conclusionSample = (test: (statement: string) => boolean, every: number) => {
      const out: { name: string; statement: string }[] = [];
      for (let d = 0, seen = 0; d < store.size && out.length < 100; d++) {
        if (store.isGenerated(d) || store.isPrivate(d) || store.kind(d) !== 'theorem') continue;
        const statement = conclusionOf(store.signature(d), true);
        if (test(statement) && seen++ % every === 0) out.push({ name: store.names[d], statement });
      }
      return out;
    };
    const foundIn = (sample: { name: string; statement: string }[], write: (c: string) => string = (c) => c) =>
      sample.filter((t) => firstTen({ query: write(t.statement) }).split(' ').includes(t.name)).length;
    // …and a proposition without a relation, a predicate of a term built with operators (`Continuous fun x => f x + g x`,
    // `IsOpen (s ∩ t)`): every 50th theorem concluding one.
    const predicated = conclusionSample((c) => !topRelation(c) && /^[A-Z][\w'.]*\s+(?:fun\b|\()/.test(c) && /[↦∩∪∘•⁻+*/^-]|=>/.test(c), 50);
    const predicatedFound = foundIn(predicated);
    console.log(`predicate lookup: of ${predicated.length} theorems concluding a predicate of a term with operators (every 50th: \`Continuous fun x => f x + g x\`), asked by it: the theorem in the first 10 for ${predicatedFound}`);
    // …and a predicate applied, without operators (`Nonempty (Fintype α)`, `IsOpen (interior s)`), in backticks among
    // words, as lean-style questions put Lean: every 50th theorem concluding one.
    const applied = conclusionSample((c) => !topRelation(c) && /^(?:[A-Z][\w'.]*\.)?[A-Z][\w']*\s+(?:\(|[\p{L}_])/u.test(c) && !/[↦∩∪∘•⁻+*/^-]|=>|\bfun\b/.test(c), 50);
    console.log(`predicates in backticks: of ${applied.length} theorems concluding a predicate applied without operators (every 50th: \`Nonempty (Fintype α)\`), asked as \`…\` among words ("\`…\` holds for all such"): the theorem in the first 10 for ${foundIn(applied, (c) => `\`${c}\` holds for all such`)}`);
    // …led in as Lean or a request leads into a statement (`show …`, `have : …`, "prove …").
    const leads: [string, (c: string) => string][] = [['`show …`', (c) => `show ${c}`], ['`have : …`', (c) => `have : ${c}`], ['"prove …"', (c) => `prove ${c}`]];
    const sameLed = leads.map(([, lead]) => stated.filter((t) => firstTen({ query: lead(t.statement) }) === firstTen({ query: t.statement })).length);
    console.log(`statements led in: of those ${stated.length} conclusions, the same first 10 ${leads.map(([how], i) => `as ${how} ${sameLed[i]}`).join(', ')}`);
    // …typed with Lean's ASCII operators (`<=`, `>=`, `!=`, `->`, `<->`, `/\`, `\/`), as many users type them.
    const ascii: Record<string, string> = { '≤': '<=', '≥': '>=', '≠': '!=', '→': '->', '↔': '<->', '∧': '/\\', '∨': '\\/', '∣': '|' };
    // (and a big operator's `∈` as the `in` Mathlib wrote until 2024: `∑ i in s, f i`; divisibility's `∣` as a bar)
    const bigOperatorIn = /([∑∏⋃⋂⨆⨅]\s*[\p{L}_][\p{L}\p{N}_'₀-₉]*(?:\s+[\p{L}_][\p{L}\p{N}_'₀-₉]*)*)\s+∈\s+(?=[^,]+,)/gu;
    const typedAscii = stated.filter((t) => /[≤≥≠→↔∧∨∣]/.test(t.statement) || new RegExp(bigOperatorIn).test(t.statement));
    const asAscii = (c: string) => c.replace(/[≤≥≠→↔∧∨∣]/g, (x) => ascii[x]).replace(bigOperatorIn, '$1 in ');
    const sameAscii = typedAscii.filter((t) => firstTen({ query: asAscii(t.statement) }) === firstTen({ query: t.statement })).length;
    console.log(`ASCII operators: of ${typedAscii.length} of those conclusions with ≤ ≥ ≠ → ↔ ∧ ∨ ∣ or ∑ x ∈ s, the same first 10 typed with <= >= != -> <-> /\\ \\/ | or ∑ x in s: ${sameAscii}`);
    // …and divisibility typed with a bar (`a | b` for `a ∣ b`): every 10th theorem whose conclusion has `∣`, not `|`.
    const divides = conclusionSample((c) => / ∣ /.test(c) && !/\|/.test(c), 10);
    const dividesFound = (write?: (c: string) => string) => foundIn(divides, write);
    console.log(`divisibility typed with a bar: of ${divides.length} theorems concluding \`a ∣ b\` (every 10th), asked with \`a | b\`: the theorem in the first 10 for ${dividesFound((c) => c.replace(/∣/g, '|'))} (${dividesFound((c) => c)} as written)`);
    // …and powers typed with superscripts (`x² + y² = z²` for `x ^ 2 + y ^ 2 = z ^ 2`): every 20th theorem whose
    // conclusion has a power by a numeral or `n`.
    const superscript = (c: string) => c.replace(/([\p{L}\p{N}_')\]|‖]) \^ (\d+|n)(?![\p{L}\p{N}_])/gu, (_, x: string, e: string) => x + (e === 'n' ? 'ⁿ' : [...e].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('')));
    const powers = conclusionSample((c) => superscript(c) !== c && analyzeQuery(c).mode === 'goal', 20);
    console.log(`powers typed with superscripts: of ${powers.length} theorems whose conclusion has a power by a numeral or n (every 20th), asked with superscripts (\`x²\`): the theorem in the first 10 for ${foundIn(powers, superscript)} (${foundIn(powers)} as written)`);
    // …and multiplication typed with a dot (`a · b`): every 50th theorem whose conclusion multiplies.
    const products = conclusionSample((c) => / \* /.test(c) && !/[·⋅]/.test(c) && analyzeQuery(c).mode === 'goal', 50);
    const sameDotted = products.filter((t) => firstTen({ query: t.statement.replace(/ \* /g, ' · ') }) === firstTen({ query: t.statement })).length;
    console.log(`multiplication typed with a dot: of ${products.length} theorems whose conclusion multiplies (every 50th), the same first 10 asked with \`a · b\` for \`a * b\`: ${sameDotted}`);
    // …or with the functions spelled out that Mathlib writes as notation (`abs (a + b)` for `|a + b|`, `Real.sqrt x`
    // for `√x`, `norm v` for `‖v‖`, `Real.pi` for `π`): theorems whose conclusion has one (every 20th such theorem).
    const spelled = (c: string) =>
      c
        .replace(/\|([^|]+)\|/g, (_, e: string) => `abs (${e})`)
        .replace(/‖([^‖]+)‖/g, (_, e: string) => `norm (${e})`)
        .replace(/√(\((?:[^()]|\([^()]*\))*\)|[\p{L}_][\p{L}\p{N}_'₀-₉]*|\d+)/gu, (_, e: string) => `Real.sqrt ${e}`)
        .replace(/π/g, 'Real.pi');
    const noted = conclusionSample((c) => /[|‖√π]/.test(c) && !/[{}∣]/.test(c) && analyzeQuery(c).mode === 'goal', 20);
    const notedFound = (write?: (c: string) => string) => foundIn(noted, write);
    console.log(`functions spelled out: of ${noted.length} theorems whose conclusion has |·|, ‖·‖, √ or π (every 20th), asked by it with abs, norm, Real.sqrt, Real.pi: the theorem in the first 10 for ${notedFound(spelled)} (${notedFound((c) => c)} as written)`);
    // …or with neighbourhoods spelled out (`nhds x` for `𝓝 x`, as written where `Topology` is not open): every 20th
    // theorem whose conclusion has `𝓝` applied (not `𝓝[s]`).
    const nhdsOf = (c: string) => c.replace(/𝓝 (?=[^\s[])/g, 'nhds ');
    const neighbourhoods = conclusionSample((c) => nhdsOf(c) !== c && analyzeQuery(c).mode === 'goal', 20);
    console.log(`neighbourhoods spelled out: of ${neighbourhoods.length} theorems whose conclusion has \`𝓝 x\` (every 20th), asked with \`nhds x\`: the theorem in the first 10 for ${foundIn(neighbourhoods, nhdsOf)} (${foundIn(neighbourhoods)} as written)`);
    // …or in LaTeX, a big operator over `range n` written with its bounds (`\sum_{i=0}^{n-1} f i` for
    // `∑ i ∈ range n, f i`), the rest as it is, all between dollars: every 2nd theorem whose conclusion has one.
    const overRange = /([∑∏])\s*([a-zA-Z][\w']*)\s*∈\s*(?:Finset\.)?range\s+([\p{L}_][\p{L}\p{N}_']*)\s*,/gu;
    const inLatex = (c: string) => c.replace(overRange, (_, op: string, i: string, n: string) => `\\${op === '∑' ? 'sum' : 'prod'}_{${i}=0}^{${n}-1} `);
    const ranged = conclusionSample((c) => inLatex(c) !== c && !/[{}_\\$]/.test(c) && analyzeQuery(c).mode === 'goal', 2);
    console.log(`big operators in LaTeX: of ${ranged.length} theorems whose conclusion has ∑ or ∏ over \`range n\` (every 2nd), asked as $…$ with its bounds (\`\\sum_{i=0}^{n-1}\`): the theorem in the first 10 for ${foundIn(ranged, (c) => `$${inLatex(c)}$`)} (${foundIn(ranged, (c) => `$${c}$`)} as written between dollars)`);
    // …or with its binders untyped (`fun a => (a, a)` for `fun a : α => (a, a)`, `∃ x, …` for `∃ x : ℝ, …`), as users write
    // them where Lean infers the type: theorems whose conclusion types a binder (every 5th such theorem).
    const typedBinder = /(fun|λ|∀|∃!?)\s+(?:\(([^():]+):[^()]+\)|([^():,=↦]+?)\s*:\s*[^,=↦()]+?)(?=\s*(?:,|=>|↦))/gu;
    const untyped = (c: string) => c.replace(typedBinder, (_, binder: string, grouped?: string, bare?: string) => `${binder} ${(grouped ?? bare ?? '').trim()}`);
    const typedBinders = conclusionSample((c) => untyped(c) !== c && analyzeQuery(c).mode === 'goal', 5);
    const typedFoundIn = (write?: (c: string) => string) => foundIn(typedBinders, write);
    // A definition asked for by the term that defines it (`Real.log x / Real.log b` for `Real.logb`, `∑ i, v i * w i` for
    // `dotProduct`): every 10th definition whose body is one term with an operator.
    /** Up to 100 definitions (`def`, `abbrev`; not generated or private) that `ask` writes a query for (the query, or
     *  undefined), every `every`-th such. */
    const definitionSample = (ask: (d: number) => string | undefined, every: number) => {
      const out: { name: string; statement: string }[] = [];
      for (let d = 0, seen = 0; d < store.size && out.length < 100; d++) {
        const kind = store.kind(d);
        if ((kind !== 'def' && kind !== 'abbrev') || store.isGenerated(d) || store.isPrivate(d)) continue;
        const statement = ask(d);
        if (statement !== undefined && seen++ % every === 0) out.push({ name: store.names[d], statement });
      }
      return out;
    };
    const defined = definitionSample((d) => {
      const term = definingTerm(store.materialize(d).body);
      return term && term.length >= 8 && /[+*/∑∏≠≤<∩∪⁻^|#∘•-]/.test(term) ? term : undefined;
    }, 10);
    console.log(`definitions by their term: of ${defined.length} definitions whose body is one term with an operator (every 10th: \`∑ i, v i * w i\` for \`dotProduct\`), asked by it: the definition in the first 10 for ${foundIn(defined)}, as an equation defining a function (\`f x = …\`) ${foundIn(defined, (t) => `f x = ${t}`)}`);
    // A type asked for, as Loogle is asked (`(α → β) → Multiset α → Multiset β` for `Multiset.map`): every 20th definition
    // with an explicit argument, its explicit arguments' types (bracketed where they are functions) and its result's.
    /** `asUsersWrite`: an argument's default (`:= by volume_tac`) left out, as a type asked for does. */
    const typeQuery = (d: number, asUsersWrite = false) => {
      const sig = parseSignature(store.signature(d));
      const typeOf = (t: string) => (asUsersWrite ? t.split(':=')[0].trim() : t);
      const args = sig.binders.filter((b) => b.kind === 'explicit' && b.type).flatMap((b) => b.names.map(() => (typeOf(b.type).includes('→') ? `(${typeOf(b.type)})` : typeOf(b.type))));
      if (!args.length || sig.foralls.length || /[∀∃λ]|\bfun\b|:=/.test(sig.conclusion)) return undefined;
      return [...args, ...sig.arrows.map((a) => (a.includes('→') ? `(${a})` : a)), sig.conclusion].join(' → ');
    };
    const typed = definitionSample(typeQuery, 20);
    console.log(`types asked for: of ${typed.length} definitions with explicit arguments (every 20th), asked by their type (\`(α → β) → Multiset α → Multiset β\` for \`Multiset.map\`): the definition in the first 10 for ${foundIn(typed)}`);
    // …where the library writes universe levels (`Cardinal.{u} → Cardinal.{u}`), which users leave out.
    const withUniverses = definitionSample((d) => (store.signature(d).includes('.{') ? typeQuery(d) : undefined), 3);
    console.log(`  of ${withUniverses.length} such whose type names universe levels (every 3rd), asked without them (\`Cardinal → Cardinal\`): ${foundIn(withUniverses, (t) => t.replace(/\.\{[^{}]*\}/g, ''))} (${foundIn(withUniverses)} as written)`);
    // …and where an argument has a default (`(μ : Measure α := by volume_tac)`), which a type asked for does not say.
    const withDefaults = definitionSample((d) => (/\([^()]*:=/.test(store.signature(d)) && typeQuery(d) ? typeQuery(d, true) : undefined), 1);
    console.log(`  of ${withDefaults.length} such with an argument's default (\`Measure α := by volume_tac\`), asked without it: ${foundIn(withDefaults)}`);
    // …and where it names a number type, asked with Lean core's name for it (`Nat → Nat` for `ℕ → ℕ`), as users may.
    const coreNames: Record<string, string> = { ℕ: 'Nat', ℤ: 'Int', ℚ: 'Rat', ℝ: 'Real', ℂ: 'Complex' };
    const withNumbers = definitionSample((d) => (/[ℕℤℚℝℂ]/u.test(store.signature(d)) ? typeQuery(d, true) : undefined), 3);
    console.log(`  of ${withNumbers.length} such whose type names ℕ, ℤ, ℚ, ℝ or ℂ (every 3rd), asked with \`Nat\`, \`Int\`, … : ${foundIn(withNumbers, (t) => t.replace(/[ℕℤℚℝℂ]/gu, (c) => coreNames[c]))} (${foundIn(withNumbers)} as written)`);
    // A statement asked for with its hypotheses (`0 ≤ b → a ≤ a + b` for `le_add_of_nonneg_right`): every 20th theorem with
    // an explicit hypothesis (a binder named h…), asked by its hypotheses' statements and its conclusion, joined by →.
    const hypothesized: { name: string; statement: string }[] = [];
    for (let d = 0, seen = 0; d < store.size && hypothesized.length < 100; d++) {
      if (store.kind(d) !== 'theorem' || store.isGenerated(d) || store.isPrivate(d)) continue;
      const sig = parseSignature(store.signature(d));
      const hyps = sig.binders.filter((b) => b.kind === 'explicit' && b.type && b.names.every((n) => /^h/.test(n))).flatMap((b) => b.names.map(() => b.type));
      if (!hyps.length || sig.foralls.length || sig.arrows.length || analyzeQuery(sig.conclusion).mode !== 'goal' || seen++ % 20) continue;
      hypothesized.push({ name: store.names[d], statement: [...hyps.map((h) => (h.includes('→') ? `(${h})` : h)), sig.conclusion].join(' → ') });
    }
    console.log(`statements with hypotheses: of ${hypothesized.length} theorems with an explicit hypothesis (every 20th), asked as \`hypothesis → conclusion\` (\`0 ≤ b → a ≤ a + b\`): the theorem in the first 10 for ${foundIn(hypothesized)}, first for ${hypothesized.filter((t) => firstTen({ query: t.statement }).split(' ')[0] === t.name).length}`);
    console.log(`binders untyped: of ${typedBinders.length} theorems whose conclusion types a binder (every 5th: \`fun a : α => (a, a)\`, \`∃ x : ℝ, …\`), asked with the types left out: the theorem in the first 10 for ${typedFoundIn(untyped)} (${typedFoundIn((c) => c)} as written)`);
  }

  // 7. Latency over extra realistic goals, then performance summary.
  if (args.qualityOnly) {
    if (!args.baseline) console.log(`\nSearch latency over ${latencies.length} benchmark queries (wall): p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms; CPU p50 ${percentile(cpuLatencies, 50).toFixed(2)} ms, p95 ${percentile(cpuLatencies, 95).toFixed(2)} ms (load ${os.loadavg()[0].toFixed(1)})`);
    if (args.misses) {
      fs.writeFileSync(args.misses, misses.join('\n') + '\n');
      console.log(`misses written to ${args.misses}`);
    }
    if (args.ranks) fs.writeFileSync(args.ranks, ranks.join('\n') + '\n');
    return;
  }
  const steady = steadyAfterQueries ?? process.memoryUsage();
  console.log(`\nPerformance`);
  console.log(`  search latency over ${latencies.length} queries (wall): p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
  console.log(`  search latency (CPU time):            p50 ${percentile(cpuLatencies, 50).toFixed(2)} ms, p95 ${percentile(cpuLatencies, 95).toFixed(2)} ms`);
  console.log(`  by kind of query (wall):             ${[...latenciesByMode].map(([mode, l]) => `${mode} p50 ${percentile(l, 50).toFixed(2)} ms, p95 ${percentile(l, 95).toFixed(2)} ms (${l.length})`).join('; ')}`);
  console.log(`  machine load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  // (taken once every figure of this run is measured, so it disturbs none of them)
  const loopMs = fixedLoopMs();
  const readNs = randomReadNs();
  console.log(`  machine speed: a fixed loop of plain JavaScript ${loopMs.toFixed(0)} ms (the fastest of three), Node ${process.version}; memory: ${readNs.toFixed(0)} ns a read in a chain of random reads over 64 MB (the fastest of three)`);
  if (cold) {
    console.log(`  cold index: ${(cold.ms / 1000).toFixed(1)} s wall, ${(cold.cpuMs / 1000).toFixed(1)} s CPU (extract ${(cold.extractMs / 1000).toFixed(1)} s, build ${(cold.buildMs / 1000).toFixed(1)} s, save ${(cold.saveMs / 1000).toFixed(1)} s), ${cold.decls} decls, peak RSS ${mb(cold.peakRss)}`);
  } else console.log('  cold index: skipped (--skip-cold)');
  console.log(`  warm load: ${(warmMs / 1000).toFixed(2)} s (index load ${st.loadMs} ms); learned stage: ${learned.state}${learned.source ? ` (${learned.source}, ${learned.proofs} proofs, ${learned.edges} dependencies)` : ''} ready ${learnedMs} ms later`);
  if (cold?.learnMs !== undefined) console.log(`  learned from proofs after the cold index: ${(cold.learnMs / 1000).toFixed(1)} s in the background (${cold.learned}); peak RSS above includes it`);
  // What is not the engine's data (V8's heap as reserved, array buffers) is Node's code and native memory: V8's background
  // threads (compilers, GC helpers) leave freed blocks in their allocator arenas, which swings from run to run.
  const native = steady.rss - steady.heapTotal - steady.arrayBuffers;
  console.log(`  steady RSS after queries: ${mb(steady.rss)} (heap ${mb(steady.heapUsed)} used of ${mb(steady.heapTotal)}, array buffers ${mb(steady.arrayBuffers)}, the rest ${mb(native)}: Node's code and native memory)${gc ? '' : ' [run node with --expose-gc for a settled figure]'}`);
  console.log(`  index size on disk: ${mb(st.indexBytes || cold?.indexBytes || 0)} (${st.indexPath})`);
  if (args.perfJson) {
    const figures: PerfFigures = {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      coldS: cold ? cold.ms / 1000 : undefined,
      learnS: cold?.learnMs !== undefined ? cold.learnMs / 1000 : undefined,
      peakMB: cold ? cold.peakRss / 1048576 : undefined,
      warmS: warmMs / 1000,
      steadyMB: steady.rss / 1048576,
      loopMs,
      readNs,
    };
    fs.writeFileSync(args.perfJson, JSON.stringify(figures) + '\n');
  }
  if (args.misses) {
    fs.writeFileSync(args.misses, misses.join('\n') + '\n');
    console.log(`  misses written to ${args.misses}`);
  }
  if (args.ranks) fs.writeFileSync(args.ranks, ranks.join('\n') + '\n');
}

/** One full run's speed and memory figures (what `--runs N` takes the medians of). */
interface PerfFigures {
  p50: number;
  p95: number;
  coldS?: number;
  learnS?: number;
  peakMB?: number;
  warmS: number;
  steadyMB: number;
  /** The machine's speed after the run (`fixedLoopMs`, `randomReadNs`): no limit, printed beside the medians. */
  loopMs: number;
  readNs: number;
}

/** The issue's limits for the figures above (search p50/p95 in ms, cold index and cached load in s, RSS in MB). */
const PERF_LIMITS: { key: keyof PerfFigures; label: string; unit: string; max?: number; digits: number }[] = [
  { key: 'p50', label: 'search p50', unit: 'ms', max: 3, digits: 2 },
  { key: 'p95', label: 'search p95', unit: 'ms', max: 15, digits: 2 },
  { key: 'coldS', label: 'cold index', unit: 's', max: 20, digits: 1 },
  { key: 'learnS', label: 'then learned in the background', unit: 's', digits: 1 },
  { key: 'peakMB', label: 'peak RSS while indexing', unit: 'MB', max: 600, digits: 0 },
  { key: 'warmS', label: 'cached load', unit: 's', max: 1, digits: 2 },
  { key: 'steadyMB', label: 'steady RSS', unit: 'MB', max: 300, digits: 0 },
];

/**
 * `--runs N`: the whole benchmark N times, one process after another (each with its own cold build), the first run's
 * output in full and the others' performance sections, then the median of each speed and memory figure beside the
 * issue's limit: the machine's speed swings within minutes, so one run is not a figure.
 */
function runRepeated(argv: string[], runs: number): void {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') i++;
    else rest.push(argv[i]);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-runs-'));
  const results: PerfFigures[] = [];
  for (let r = 1; r <= runs; r++) {
    const file = path.join(dir, `run-${r}.json`);
    console.log(`\n=== run ${r} of ${runs} ===`);
    const res = spawnSync(process.execPath, [...process.execArgv, __filename, ...rest, '--perf-json', file], {
      encoding: 'utf8',
      stdio: ['ignore', r === 1 ? 'inherit' : 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
    });
    // Later runs repeat the quality figures (they are deterministic): only their performance section is shown.
    if (r > 1 && res.stdout) process.stdout.write(res.stdout.slice(Math.max(0, res.stdout.indexOf('\nPerformance'))));
    if (res.status !== 0 || !fs.existsSync(file)) {
      console.error(`run ${r} failed (status ${res.status})`);
      process.exitCode = 1;
      return;
    }
    results.push(JSON.parse(fs.readFileSync(file, 'utf8')) as PerfFigures);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const median = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const subset = rest.includes('--only') ? '; latency over the --only sets and the extra goals, not the whole benchmark' : '';
  console.log(`\nSpeed and memory, median of ${runs} runs (each run's figure in brackets${subset})`);
  // The machine's speed when the figures were taken: shared machines swing by a quarter within an hour, and V8's
  // version moves the cold index too (its compiler is a third of the scanning on Node 20).
  console.log(`  machine: Node ${process.version}, ${os.cpus().length} cores; a fixed loop of plain JavaScript ${results.map((f) => f.loopMs.toFixed(0)).join(' / ')} ms after each run`);
  console.log(`  memory: a chain of random reads over 64 MB, ${results.map((f) => f.readNs.toFixed(0)).join(' / ')} ns a read after each run`);
  for (const { key, label, unit, max, digits } of PERF_LIMITS) {
    const xs = results.map((f) => f[key]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (!xs.length) continue;
    const m = median(xs);
    const verdict = max === undefined ? '' : m <= max ? `  within ≤ ${max} ${unit}` : `  OVER the limit ≤ ${max} ${unit}`;
    console.log(`  ${label.padEnd(31)} ${m.toFixed(digits).padStart(7)} ${unit.padEnd(2)}  (${xs.map((x) => x.toFixed(digits)).join(' / ')})${verdict}`);
  }
}

/** The least of three timings of `run` (milliseconds): the machine's state at the moment, not a slow instant of it. */
function fastestOfThree(run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Milliseconds a fixed loop of plain JavaScript takes (the fastest of three): how fast the machine is at the moment. */
function fixedLoopMs(): number {
  return fastestOfThree(() => {
    let x = 0;
    for (let i = 0; i < 3e8; i++) x += i % 7;
    if (x < 0) console.log(x); // (the result is used, so the loop is not optimized away)
  });
}

/**
 * Nanoseconds a read takes in a chain of dependent random reads over 64 MB (twice a large last-level cache; the fastest
 * of three): the memory's latency at the moment, which a loop in cache does not measure.
 */
function randomReadNs(): number {
  const size = 1 << 24;
  const next = new Uint32Array(size);
  for (let i = 0; i < size; i++) next[i] = i;
  // One cycle through every slot (Sattolo's shuffle, a fixed seed): each read's address is the last read's value.
  let seed = 12345;
  for (let i = size - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % i;
    const t = next[i];
    next[i] = next[j];
    next[j] = t;
  }
  const reads = 4_000_000;
  const ms = fastestOfThree(() => {
    let at = 0;
    for (let r = 0; r < reads; r++) at = next[at];
    if (at < 0) console.log(at); // (used, so the chain is not optimized away)
  });
  return (ms * 1e6) / reads;
}

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Math.floor(Number(process.argv[runsIndex + 1])) : 1;
if (isMainThread && runsIndex >= 0 && !(runs >= 1 && runs <= 20)) {
  console.error('--runs takes a number of runs from 1 to 20');
  process.exitCode = 2;
} else if (isMainThread && runs > 1 && parse(process.argv.slice(2)).skipCold) {
  console.error('--runs repeats the speed and memory measurements: it cannot be combined with --quality-only, --baseline or --skip-cold');
  process.exitCode = 2;
} else if (isMainThread && runs > 1) {
  runRepeated(process.argv.slice(2), runs);
}
// The extension runs the engine in its index worker (src/node/indexWorkerClient.ts): so does the benchmark, with
// the same heap limits (the cold child too), unless --in-process.
else if (isMainThread && !process.argv.includes('--in-process')) {
  const w = new Worker(__filename, { argv: process.argv.slice(2), resourceLimits: INDEX_WORKER_RESOURCE_LIMITS });
  w.on('error', (e) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exitCode = 1;
  });
  w.on('exit', (code) => {
    if (code !== 0) process.exitCode = code;
  });
} else {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  });
}

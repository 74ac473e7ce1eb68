// Extraction benchmark: `npm run bench:extract -- --project ../mathlib [--bench-dir ../shared/bench] [--misses N] [--count-usages]`.
// Prints files, declarations by kind, generated twins, skipped files with reasons, time, peak RSS, and
// the share of the retrieval benchmarks' gold names that the extractor finds (gold read at run time).
//
// `npm run bench:extract -- --big [--big-decls 200000] [--big-mb 20] [--keep]`: one very large generated file
// (test/fixtures/bigLeanFile.ts, 20 MiB of 200,000+ declarations, beside a normal file) in a temp folder, at a
// quarter and at full size: the file scanned alone, extracted as a project (worker threads, as the index
// build does), and indexed (Engine.open: extract + build). Each measure runs in its own process, so its peak
// RSS is its own; time per declaration at both sizes shows whether anything grows faster than the file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { extractProject } from '../../src/core/extract/extractProject';
import { extractFile } from '../../src/core/extract/scanner';
import { defaultExtractWorkers, findExtractWorkerScript } from '../../src/core/extract/parallel';
import { Engine } from '../../src/core/engine';
import { writeBigLeanProject } from '../fixtures/bigLeanFile';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function goldNames(benchDir: string): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  const add = (set: string, name: unknown) => {
    if (typeof name !== 'string' || !name) return;
    if (!sets.has(set)) sets.set(set, new Set());
    sets.get(set)!.add(name);
  };
  const read = (file: string): Record<string, unknown>[] => {
    try {
      return fs
        .readFileSync(path.join(benchDir, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch {
      return [];
    }
  };
  for (const r of read('mathlibqr-dev.jsonl')) for (const g of (r.gold as string[]) ?? []) add('mathlibqr', g);
  for (const r of read('undergrad-dev.jsonl')) for (const g of (r.gold as string[]) ?? []) add('undergrad', g);
  for (const r of read('goal-premises-dev.jsonl')) for (const g of (r.premises as string[]) ?? []) add('goal-premises', g);
  // premise_group: [{kind, docs: [names…]}] (older dumps: [[names…]])
  for (const r of read('mathlibmpr-dev.jsonl')) {
    for (const grp of (r.premise_group as unknown[]) ?? []) {
      const members = Array.isArray(grp) ? grp : ((grp as { docs?: unknown[] })?.docs ?? []);
      for (const g of members) add('mathlibmpr', g);
    }
  }
  return sets;
}

type BigPhase = 'scan' | 'extract' | 'index';
const BIG_PHASES: Record<BigPhase, string> = {
  scan: 'scan the big file alone (extractFile)',
  extract: 'extract the project (extractProject, workers)',
  index: 'index the project (Engine.open: extract + build)',
};

/** One measure, in this (child) process: prints `{"ms", "decls", "maxRssMB", "found"}` on stdout. */
async function bigPhase(phase: BigPhase, root: string, bigFile: string, lastName: string): Promise<void> {
  const workers = defaultExtractWorkers(os.cpus().length);
  const workerScript = findExtractWorkerScript();
  const t0 = performance.now();
  let decls = 0;
  let found = false;
  if (phase === 'scan') {
    const text = fs.readFileSync(path.join(root, bigFile), 'utf8');
    const r = extractFile(text, { module: 'Big.Huge', file: bigFile, pkg: '' });
    decls = r.decls.length;
    found = r.decls.some((d) => d.name === lastName);
  } else if (phase === 'extract') {
    const r = await extractProject(root, { workers, workerScript, useIlean: false });
    decls = r.decls.length;
    found = r.decls.some((d) => d.name === lastName);
  } else {
    const engine = await Engine.open({ project: root, cacheDir: path.join(root, '.bench-cache'), noSave: true, rebuild: true });
    decls = engine.stats().decls;
    found = engine.lookup(lastName) !== undefined;
  }
  const ms = performance.now() - t0;
  // ru_maxrss: the process's peak resident set (kB on Linux), worker threads included.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, decls, maxRssMB, found, workers: phase === 'scan' ? 0 : workerScript ? workers : 0 }) + '\n');
}

async function bigBench(): Promise<void> {
  const decls = Number(arg('--big-decls', '200000'));
  const mb = Number(arg('--big-mb', '20'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-bench-big-'));
  console.log(`large-file extraction (temp folder ${tmp}; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  if (!findExtractWorkerScript()) console.log('note: dist/extractWorker.js not built (npm run build): no worker threads');
  const rows: { scale: number; phase: BigPhase; ms: number; decls: number; maxRssMB: number }[] = [];
  try {
    for (const scale of [0.25, 1]) {
      const root = path.join(tmp, `x${scale}`);
      const p = writeBigLeanProject(root, { decls: Math.round(decls * scale), bytes: Math.round(mb * scale * 1024 * 1024) });
      console.log(`\n${p.bigFile}: ${(p.bigBytes / 1048576).toFixed(1)} MB, ${p.bigDecls} declarations written (+ Big/Normal.lean)`);
      for (const phase of Object.keys(BIG_PHASES) as BigPhase[]) {
        const child = spawnSync(process.execPath, [__filename, '--big-phase', phase, '--big-root', root, '--big-file', p.bigFile, '--big-last', p.lastName], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        const line = child.stdout.trim().split('\n').pop() ?? '';
        if (child.status !== 0 || !line.startsWith('{')) throw new Error(`${phase} failed (status ${child.status}): ${child.stderr}`);
        const r = JSON.parse(line) as { ms: number; decls: number; maxRssMB: number; found: boolean; workers: number };
        if (!r.found) throw new Error(`${phase}: the last declaration ${p.lastName} was not found`);
        rows.push({ scale, phase, ms: r.ms, decls: r.decls, maxRssMB: r.maxRssMB });
        console.log(
          `  ${BIG_PHASES[phase].padEnd(50)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  peak RSS ${r.maxRssMB.toFixed(0).padStart(5)} MB  ` +
            `${r.decls} declarations (${((1000 * r.ms) / r.decls).toFixed(1)} µs each)${r.workers ? `, ${r.workers} workers` : ''}; last one found`,
        );
      }
    }
    console.log('\ntime per declaration, full size ÷ quarter size (≈ 1 when linear, ≈ 4 when quadratic):');
    for (const phase of Object.keys(BIG_PHASES) as BigPhase[]) {
      const [q, f] = [0.25, 1].map((sc) => rows.find((r) => r.scale === sc && r.phase === phase)!);
      console.log(`  ${phase.padEnd(8)} ${(f.ms / f.decls / (q.ms / q.decls)).toFixed(2)}`);
    }
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const phase = arg('--big-phase') as BigPhase | undefined;
  if (phase) return bigPhase(phase, arg('--big-root')!, arg('--big-file')!, arg('--big-last')!);
  if (process.argv.includes('--big')) return bigBench();
  const project = path.resolve(arg('--project', '../mathlib')!);
  const benchDir = path.resolve(arg('--bench-dir', '../shared/bench')!);
  const showMisses = Number(arg('--misses', '0'));
  const cpu0 = process.cpuUsage();
  const timer = setInterval(sampleRss, 50);
  sampleRss();
  const countUsages = process.argv.includes('--count-usages');
  const res = await extractProject(project, {
    countUsages,
    onProgress: (p) => {
      if (p.phase === 'extract' && p.done % 2048 === 0) process.stderr.write(`\r${p.phase} ${p.done}/${p.total}`);
    },
  });
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0);
  sampleRss();
  process.stderr.write('\n');
  const s = res.stats;
  console.log(`project: ${project}`);
  console.log(`files: ${s.files} (packages: ${res.sources.packages.map((p) => p.name || '(own)').join(', ')})`);
  console.log(`excluded folders: ${res.sources.excludedDirs.join(', ') || 'none'}`);
  console.log(`declarations: ${res.decls.length}`);
  for (const [k, v] of Object.entries(s.byKind).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(12)} ${v}`);
  console.log(`generated twins (to_additive/to_dual): ${s.twins}`);
  console.log(`fields+constructors: ${(s.byKind['field'] ?? 0) + (s.byKind['constructor'] ?? 0)}`);
  console.log(`with docstring: ${res.decls.filter((d) => d.doc).length}; deprecated: ${res.decls.filter((d) => d.deprecated).length}`);
  console.log(`skipped: ${res.skipped.length}`);
  for (const sk of res.skipped.slice(0, 20)) console.log(`  ${sk.file}: ${sk.reason}`);
  console.log(`files with scanner problems: ${res.problems.length}`);
  for (const p of res.problems.slice(0, 5)) console.log(`  ${p.file}: ${p.problems.join('; ')}`);
  console.log(`ilean: ${JSON.stringify(s.ilean)}`);
  if (res.sourceUsage) {
    const top = [...res.sourceUsage].filter(([w]) => w.includes('_') || w.includes('.')).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`identifier usage counted: ${res.sourceUsage.size} distinct; most used: ${top.map(([w, c]) => `${w} ${c}`).join(', ')}`);
  }
  console.log(`phases (ms): ${JSON.stringify(s.phaseMs)}`);
  console.log(`cpu: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)})`);
  console.log(`time: ${s.ms} ms; peak RSS: ${(peakRss / 1048576).toFixed(0)} MB`);

  const names = new Set(res.decls.map((d) => d.name));
  const gold = goldNames(benchDir);
  if (gold.size === 0) {
    console.log(`no benchmark files under ${benchDir}`);
    return;
  }
  let allFound = 0;
  let allTotal = 0;
  const misses: string[] = [];
  for (const [set, g] of gold) {
    let found = 0;
    for (const n of g) {
      if (names.has(n)) found++;
      else misses.push(`${set}\t${n}`);
    }
    allFound += found;
    allTotal += g.size;
    console.log(`gold coverage ${set.padEnd(14)} ${found}/${g.size} = ${((100 * found) / g.size).toFixed(1)}%`);
  }
  console.log(`gold coverage all            ${allFound}/${allTotal} = ${((100 * allFound) / allTotal).toFixed(1)}%`);
  if (showMisses) for (const m of misses.slice(0, showMisses)) console.log(`  miss ${m}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Extraction benchmark: `npm run bench:extract -- --project ../mathlib [--bench-dir ../shared/bench] [--misses N] [--count-usages]`.
// Prints files, declarations by kind, generated twins, skipped files with reasons, time, peak RSS, and
// the share of the retrieval benchmarks' gold names that the extractor finds (gold read at run time).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractProject } from '../../src/core/extract/extractProject';

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

async function main(): Promise<void> {
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

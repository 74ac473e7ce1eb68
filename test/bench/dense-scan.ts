// Measures the dense stage's storage and brute-force scan at Mathlib scale with synthetic vectors (no model):
//   node --expose-gc out/test/bench/dense-scan.js [--count 262144] [--dim 768] [--queries 20]
// Prints build (synthetic vectors + quantise + journal + final write), load, scan p50/p95 for top-100, file size
// and RSS. `--cache DIR` keeps the file; `--load-only` then measures a process that only loads and scans.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDenseIndex, DenseIndex, type DenseCorpus } from '../../src/core/dense';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const count = flag('count', 262_144);
  const dim = flag('dim', 768);
  const queries = flag('queries', 20);
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const corpus: DenseCorpus = { indexKey: 'bench', count, name: (i) => `Bench.decl_${i}`, text: (i) => String(i) };
  // A provider that makes up vectors at once: what is measured is LeanScout's side.
  const provider = {
    kind: 'ollama' as const,
    model: `bench-${dim}`,
    label: 'bench',
    generate: async () => ({ text: '', model: 'bench', ms: 0 }),
    embed: async (texts: string[]) => texts.map(() => Array.from({ length: dim }, rand)),
  };
  // --cache DIR keeps the file; a second run with --load-only then measures a process that only loads and scans.
  const keep = process.argv.includes('--cache');
  const cache = keep ? process.argv[process.argv.indexOf('--cache') + 1] : fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-dense-bench-'));
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    let buildMs = 0;
    let bytes = 0;
    if (!process.argv.includes('--load-only')) {
      const t0 = performance.now();
      const built = await buildDenseIndex({ cacheDir: cache, corpus, provider, batchSize: 512, rebuild: true });
      if (!built.ok) throw new Error(built.message);
      buildMs = performance.now() - t0;
      bytes = built.bytes;
      built.index = undefined;
      gc?.();
    }
    const tl = performance.now();
    const loaded = DenseIndex.load(cache, 'ollama', `bench-${dim}`, 'bench');
    if (!loaded.ok) throw new Error(loaded.message);
    const loadMs = performance.now() - tl;
    const index = loaded.index;
    const times: number[] = [];
    for (let q = 0; q < queries + 2; q++) {
      const v = Array.from({ length: dim }, rand);
      const ts = performance.now();
      const hits = index.searchVector(v, 100);
      const ms = performance.now() - ts;
      if (hits.length !== 100) throw new Error('expected 100 hits');
      if (q >= 2) times.push(ms); // two warm-up scans
    }
    gc?.();
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    console.log(
      JSON.stringify({
        count,
        dim,
        fileMB: +((bytes || index.bytes) / 1e6).toFixed(1),
        buildSec: +(buildMs / 1000).toFixed(2),
        loadMs: Math.round(loadMs),
        scanP50ms: +pct(0.5).toFixed(1),
        scanP95ms: +pct(0.95).toFixed(1),
        scan: index.scanKind,
        // After load + scans (+ a GC when run with --expose-gc): what a process holding the dense index keeps.
        rssAfterLoadMB: Math.round(process.memoryUsage().rss / 1e6),
      }),
    );
  } finally {
    if (!keep) fs.rmSync(cache, { recursive: true, force: true });
  }
}

void main();

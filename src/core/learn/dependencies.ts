// Dependencies of the whole library, as compressed rows: for each declaration, the ids of the declarations its
// proof mentions (proofs.ts). Read file by file, yielding to the event loop between files so that a search asked
// meanwhile is answered; to_additive/to_dual twins (one proof, two statements) get their source's dependencies
// with each premise replaced by its own twin where it has exactly one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileDependencies, resolverFor, type DeclTable, type NameResolver } from './proofs';
import { GrowU32 } from '../search/postings';
import { groupByModule } from '../search/declStore';
import { parseIleanUses, type IleanUse } from '../extract/ilean';

export interface Dependencies {
  /** Row i is ids[offsets[i] .. offsets[i + 1]): what declaration i's proof uses (ascending ids). */
  offsets: Uint32Array;
  ids: Uint32Array;
}

export interface DependencyTable extends DeclTable {
  /** The declaration a generated name comes from (to_additive/to_dual twins, aliases), if any. */
  generatedFrom(i: number): string | undefined;
}

export interface BuildDependenciesOptions {
  /** Project root: the modules' files are relative to it. */
  root: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Milliseconds of work between two turns of the event loop (default 25). */
  sliceMs?: number;
  /** Read a file (tests); default: from disk, undefined when unreadable. */
  readFile?: (abs: string) => string | undefined;
  /** The `.ilean` Lake built for a module (by index), if any: its references replace the text's resolution. */
  ileanOf?: (module: number) => string | undefined;
}


export async function buildDependencies(table: DependencyTable, opts: BuildDependenciesOptions): Promise<Dependencies> {
  const n = table.names.length;
  const modules = table.modules;
  const slice = opts.sliceMs ?? 25;
  // Scanned declarations grouped by module.
  const { offsets: counts, ids: byModule } = groupByModule(table.moduleIdx, n, modules.length, (i) => !table.isGenerated(i));

  const resolver = resolverFor(table.names);
  const read =
    opts.readFile ??
    ((abs: string) => {
      try {
        return fs.readFileSync(abs, 'utf8');
      } catch {
        return undefined;
      }
    });
  // Rows as (declaration, count, ids…) in the order found.
  const stream = new GrowU32();
  let lastYield = performance.now();
  for (let m = 0; m < modules.length; m++) {
    if (opts.signal?.aborted) throw new Error('learning cancelled');
    const from = counts[m];
    const to = counts[m + 1];
    if (to > from && modules[m].file) {
      const file = modules[m].file;
      const abs = path.isAbsolute(file) ? file : path.join(opts.root, file);
      const text = read(abs);
      if (text !== undefined) {
        let deps: Map<number, number[]>;
        try {
          deps = fileDependencies(text, Array.from(byModule.subarray(from, to)), table, resolver, opts.ileanOf ? freshIleanUses(opts.ileanOf(m), abs) : undefined);
        } catch {
          deps = new Map(); // one odd file must not stop learning
        }
        for (const [d, ids] of deps) {
          stream.push(d);
          stream.push(ids.length);
          for (const id of ids) stream.push(id);
        }
      }
    }
    if (performance.now() - lastYield > slice) {
      opts.onProgress?.(m, modules.length);
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  opts.onProgress?.(modules.length, modules.length);
  return twinsAndRows(table, stream, n, resolver);
}

/** The uses an `.ilean` records, when it is at least as new as its source (an older one's positions may have moved). */
function freshIleanUses(ilean: string | undefined, source: string): IleanUse[] | undefined {
  if (!ilean) return undefined;
  try {
    if (fs.statSync(ilean).mtimeMs < fs.statSync(source).mtimeMs) return undefined;
    const uses = parseIleanUses(fs.readFileSync(ilean, 'utf8'));
    return Array.isArray(uses) ? uses : undefined;
  } catch {
    return undefined;
  }
}

/** Rows from the stream, plus the rows of twins (their source's, premises translated). */
function twinsAndRows(table: DependencyTable, stream: GrowU32, n: number, resolver: NameResolver): Dependencies {
  const s = stream.data;
  const start = new Int32Array(n).fill(-1);
  for (let p = 0; p < stream.length; p += 2 + s[p + 1]) start[s[p]] = p;
  // Twins: generated names at their source's line in its module.
  const twinOf = new Map<number, number>(); // source → its only twin (-1 when several)
  const sourceOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!table.isGenerated(i)) continue;
    const k = table.kinds[i];
    if (k === 10 || k === 11) continue; // fields, constructors
    const from = table.generatedFrom(i);
    if (!from) continue;
    const src = resolver.get(from);
    if (src < 0 || table.moduleIdx[src] !== table.moduleIdx[i] || table.lines[src] !== table.lines[i]) continue;
    sourceOf.set(i, src);
    twinOf.set(src, twinOf.has(src) ? -1 : i);
  }
  const offsets = new Uint32Array(n + 1);
  const rowLength = (i: number) => {
    const p = start[i];
    if (p >= 0) return s[p + 1];
    const src = sourceOf.get(i);
    return src !== undefined && start[src] >= 0 ? s[start[src] + 1] : 0;
  };
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + rowLength(i);
  const ids = new Uint32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    let p = start[i];
    let translate = false;
    if (p < 0) {
      const src = sourceOf.get(i);
      if (src === undefined || start[src] < 0) continue;
      p = start[src];
      translate = true;
    }
    const k = s[p + 1];
    const row = ids.subarray(offsets[i], offsets[i] + k);
    for (let j = 0; j < k; j++) {
      const dep = s[p + 2 + j];
      const t = translate ? twinOf.get(dep) : undefined;
      row[j] = t !== undefined && t >= 0 ? t : dep;
    }
    row.sort();
  }
  // A translated row may name a premise twice (its twin was there already): drop repeats.
  const out = new Uint32Array(ids.length);
  const outOffsets = new Uint32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    for (let p = offsets[i]; p < offsets[i + 1]; p++) if (p === offsets[i] || ids[p] !== ids[p - 1]) out[w++] = ids[p];
    outOffsets[i + 1] = w;
  }
  return { offsets: outOffsets, ids: out.slice(0, w) };
}

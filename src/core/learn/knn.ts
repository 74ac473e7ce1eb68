// Premises learned from the library's own proofs (MaSh's k-nearest neighbours, Kühlwein et al. / Blanchette et
// al.): the theorems whose statements share the most (rare) symbols with the goal are its neighbours, and each
// premise scores by the summed similarity of the neighbours whose proofs use it (a neighbour also counts itself).
// Features are the signature terms the lexical index already holds (identifier stems and notation symbols,
// IDF-weighted): no second feature index.
//
// Honesty: a neighbour is evidence only when a proof at the query's place could have known it — never the theorem
// being proved, nor anything its file declares at or after it (`exclude`), nor a replaced (re-indexed) declaration.
import type { PlanTerm } from '../search/query';
import { FIELD_SIG, type SearchIndex } from '../search/searchIndex';
import type { Dependencies } from './dependencies';
import { findDoc } from '../search/ranker';

export const LEARN_PARAMS = {
  /** Neighbours whose proofs are read. */
  neighbours: 40,
  /** Terms found in more signatures than this share of the library only rescore (they find no neighbours). */
  commonShare: 0.02,
  /** Whether common terms rescore the neighbours rarer ones found (costly on long postings). */
  commonRescore: true,
  /** Candidates (by the rare terms' similarity) that the common terms rescore. */
  rescore: 300,
  /** Exponent of a shared term's IDF in the similarity (MaSh: rare shared symbols say much more). */
  idfPower: 2,
  /** Length normalization of a neighbour's similarity by its statement's size (0 = none, 1 = full). */
  lengthNorm: 0.5,
  /** A neighbour's evidence is shared among the premises of its proof by |deps|^this. */
  depsPower: 0.5,
  /** Weight of a neighbour as a premise itself (relative to one use by a neighbour's proof). */
  selfWeight: 0.5,
  /** Exponent of a neighbour's relative similarity (its share of the best neighbour's). */
  simPower: 2,
  /** Scale of the learned score when fused into the lexical ranking (in units of the best lexical score). */
  weight: 0.6,
  /** …for a theorem pasted from nowhere (no file or line; its name's words are terms of the query): neighbours count
   *  less. Library samples asked so (`--only lib`, second line; 1,140 and 1,121 theorems): at 0.3 against 0.6, R@10
   *  .321 → .323 and .332 → .334, MRR@10 .238 → .268 and .230 → .268 (each fold up); 0.18: .326 / .277 (seed 1); 0.42:
   *  .336 / .254. MathlibMPR .236 → .234 (0 would give .263 there but costs the samples .024 / .026). From a line 0.3
   *  costs dev goal → premises R@10 .545 → .512. (A goal state from nowhere keeps `weight`: unmeasured, as the library's
   *  goals asked so find their own theorem among the neighbours.) */
  pastedWeight: 0.3,
  /** …and scaled by how much of the pasted statement its closest neighbour shares (the share of the query's similarity
   *  weight it matches, of the five best): by (share / fullShare)², at most 1. A new theorem with no near copy in the
   *  library gets little from the proofs of statements it barely resembles; lexical evidence decides. MathlibMPR
   *  group-R@10 .234 → .287 (folds .218/.254 → .293/.279); library sample pasted from nowhere (seed 0 / 1) R@10 .337 →
   *  .338 and .352 → .350, MRR@10 .281 → .283 and .274 → .281; its own-definition line .362 → .356 and .337 → .335. At
   *  1: MPR the same, samples .336 / .349; power 1: MPR .269. The theorem command alone: MPR .234 → .280. From a line
   *  (goal → premises) it cost R@10 .545 → .539. */
  fullShare: 0.9,
  /** Learned scores below this share of the best one are dropped (they could only reorder the tail). */
  minShare: 0.05,
  /** At most this many learned premises per query (the strongest). */
  maxPremises: 100,
  /** Asked from a line of a file: premises the file's proofs above that line use, at most this much (the most used).
   *  Dev goal → premises R@10 .459 → .470 (folds .494/.425 → .497/.444; .464 at 0.15, .468 at 0.5). */
  nearbyWeight: 0.3,
  /** …where the proof nearest above the line counts 1 + this, the r-th nearest 1 + this / (1 + r), the far ones 1.
   *  Dev goal → premises R@10 .475 → .480 (folds .503/.448 → .505/.456; .483 at 3, both folds up too). */
  nearbyRecency: 1,
  /** Goals and pasted theorems: what the proofs of the best hits use (Learner.usedByProofsOf), this much shared among
   *  each proof's premises by 1 / √(their number), and the ranking done again. Dev goal → premises R@10 .545 → .561
   *  (folds .572/.519 → .574/.548), MRR@10 .407 → .421; library samples from a line (`--only lib`) seed 0 .466 → .481
   *  (.468/.464 → .476/.486), seed 1 .467 → .491 (.488/.446 → .504/.478), their MRR@10 .416 → .400 and .415 → .403.
   *  0.2: goal → premises .555 (.577/.533), samples .478 / .487, MRR .411 / .412; 0.45: .559, .484, MRR .381. Pasted
   *  from nowhere (the sample's second line): seed 0 .338 → .359 (.344/.332 → .361/.356), seed 1 .350 → .386
   *  (.354/.345 → .392/.380), MRR@10 .283 → .273 and .281 → .272; with a definition of their own .356 → .382 (.388/.323
   *  → .411/.352) and .335 → .359; MathlibMPR .287 → .286 (.293/.279 → .293/.276). */
  hitProofs: 0.3,
  /** …of this many of the best hits (3: goal → premises .552 at 0.2; 10: .550). */
  hitProofsOf: 5,
};

export interface LearnedQuery {
  /** The goal's terms (a goal-mode plan's own terms, not expansions). */
  terms: readonly PlanTerm[];
  /** Leave this neighbour out (the theorem being proved, its later file mates, replaced declarations). */
  exclude?: (d: number) => boolean;
  /** The scale of the scores (default LEARN_PARAMS.weight). */
  weight?: number;
  /** Scale them also by how closely the nearest neighbour resembles the query (LEARN_PARAMS.fullShare). */
  byResemblance?: boolean;
}

export class LearnedRanker {
  /** Similarity per declaration (0 outside the current query's candidates). */
  private acc: Float32Array;
  /** The current query's candidates (grown on demand). */
  private touched = new Uint32Array(1 << 14);
  private nTouched = 0;
  /** Length normalization by a signature's length in terms (a table: lengths are small). */
  private normTable?: { power: number; table: Float32Array };
  /** Bit d: declaration d has a proof to learn from (a 35 KB bitset stays in cache; the offsets it comes from do not). */
  private readonly withProof: Uint32Array;
  private bestD = new Uint32Array(256);
  private bestS = new Float64Array(256);

  constructor(
    readonly index: SearchIndex,
    readonly deps: Dependencies,
  ) {
    this.acc = new Float32Array(index.size);
    this.withProof = new Uint32Array((index.size + 31) >>> 5);
    for (let d = 0; d < index.size; d++) if (deps.offsets[d + 1] > deps.offsets[d]) this.withProof[d >>> 5] |= 1 << (d & 31);
  }

  /**
   * Premises that the proofs of a file use above a line, by how many of them use each (the nearest weigh more): scaled so
   * the most used gets `nearbyWeight`. A file's proofs lean on the same few lemmas; none of them is the theorem being proved.
   */
  nearby(moduleIdx: number, line: number, exclude?: (d: number) => boolean): Map<number, number> {
    const out = new Map<number, number>();
    const w = LEARN_PARAMS.nearbyWeight;
    if (!(w > 0)) return out;
    const counts = new Map<number, number>();
    const above = this.index.store.declsAbove(moduleIdx, line).filter((d) => !exclude?.(d));
    // The nearest proofs count more: the r-th nearest above the line 1 + nearbyRecency / (1 + r) times.
    const recency = LEARN_PARAMS.nearbyRecency;
    above.forEach((d, r) => {
      const wt = recency > 0 ? 1 + recency / (1 + r) : 1;
      for (let j = this.deps.offsets[d]; j < this.deps.offsets[d + 1]; j++) {
        const p = this.deps.ids[j];
        counts.set(p, (counts.get(p) ?? 0) + wt);
      }
    });
    let max = 0;
    for (const c of counts.values()) if (c > max) max = c;
    for (const [p, c] of counts) out.set(p, (w * c) / max);
    return out;
  }

  /** Premise id → learned score in [0, weight] (empty when the goal finds no neighbours). */
  scores(q: LearnedQuery): Map<number, number> {
    const P = LEARN_PARAMS;
    const idx = this.index;
    const sig = idx.fields[FIELD_SIG];
    const n = idx.size;
    const acc = this.acc;
    const withProof = this.withProof;
    const sigLen = sig.docLen;
    this.nTouched = 0;
    const common = Math.max(50, n * P.commonShare);
    const seen = new Set<number>();
    const weighted: { id: number; w: number; df: number }[] = [];
    let queryWeight = 0;
    for (const t of q.terms) {
      if (t.expanded || !(t.fields[FIELD_SIG] > 0)) continue;
      const id = idx.termIds.get(t.term);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const df = sig.df(id);
      if (df === 0) continue;
      const w = t.weight * Math.pow(Math.log(n / df), P.idfPower);
      weighted.push({ id, w, df });
      queryWeight += w;
    }
    if (!weighted.length) return new Map();
    weighted.sort((a, b) => a.df - b.df);
    // Rare terms find the neighbours; common ones (`=`, `ℝ`) only rescore the best of those found.
    const findLimit = Math.max(common, weighted[0].df);
    const normOf = this.norms();
    const later: { id: number; w: number }[] = [];
    for (const { id, w, df } of weighted) {
      if (df > findLimit) {
        later.push({ id, w });
        continue;
      }
      const start = sig.offsets[id];
      const end = sig.offsets[id + 1];
      for (let p = start; p < end; p++) {
        const d = sig.docs[p];
        if (!((withProof[d >>> 5] >>> (d & 31)) & 1)) continue; // no proof to learn from
        if (acc[d] === 0) {
          if (this.nTouched === this.touched.length) this.grow();
          this.touched[this.nTouched++] = d;
        }
        acc[d] += w;
      }
    }
    const touched = this.touched;
    // Candidates: the best `rescore` by what the rare terms gave (normalized), then the common terms' share.
    let cand: Uint32Array = touched.subarray(0, this.nTouched);
    if (later.length && P.commonRescore) {
      if (cand.length > P.rescore) cand = this.bestBy(cand, normOf, sigLen, P.rescore);
      // Common symbols from each candidate's own list of signature symbols; common words by galloping through
      // their postings (ascending candidates, each looked up from where the last one was found).
      const symIds: number[] = [];
      const symW: number[] = [];
      const laterWords: { id: number; w: number }[] = [];
      for (const t of later) {
        if (idx.isSymbol(t.id)) {
          symIds.push(t.id);
          symW.push(t.w);
        } else laterWords.push(t);
      }
      if (symIds.length) {
        const off = idx.symFwdOffsets;
        const fwd = idx.symFwdTerms;
        const m = symIds.length;
        for (let i = 0; i < cand.length; i++) {
          const d = cand[i];
          for (let q = off[d]; q < off[d + 1]; q++) {
            const t = fwd[q];
            for (let j = 0; j < m; j++) if (symIds[j] === t) acc[d] += symW[j];
          }
        }
      }
      if (laterWords.length) {
        if (cand.buffer === touched.buffer) cand = cand.slice(); // (touched lists the candidates to clear later)
        cand.sort();
      }
      const docs = sig.docs;
      for (const { id, w } of laterWords) {
        let lo = sig.offsets[id];
        const end = sig.offsets[id + 1];
        for (let i = 0; i < cand.length && lo < end; i++) {
          const d = cand[i];
          if (docs[lo] < d) {
            let step = 1;
            let hi = lo + 1;
            while (hi < end && docs[hi] < d) {
              lo = hi;
              step <<= 1;
              hi = lo + step;
            }
            // docs[lo] < d ≤ docs[hi] (or hi past the end)
            let a = lo + 1;
            let b = Math.min(hi, end - 1);
            while (a < b) {
              const mid = (a + b) >>> 1;
              if (docs[mid] < d) a = mid + 1;
              else b = mid;
            }
            lo = a;
          }
          if (lo < end && docs[lo] === d) acc[d] += w;
        }
      }
    }
    // The k best neighbours by similarity, normalized by the size of their statements: kept in descending order
    // (similarity, then id) by insertion into at most k entries.
    const k = Math.max(1, Math.min(P.neighbours, 256));
    const bestD = this.bestD;
    const bestS = this.bestS;
    let nBest = 0;
    for (let i = 0; i < cand.length; i++) {
      const d = cand[i];
      const s = acc[d] * normOf[sigLen[d]];
      if (nBest === k && (s < bestS[k - 1] || (s === bestS[k - 1] && d > bestD[k - 1]))) continue;
      if (q.exclude?.(d)) continue;
      let j = nBest < k ? nBest++ : k - 1;
      while (j > 0 && (bestS[j - 1] < s || (bestS[j - 1] === s && bestD[j - 1] > d))) {
        bestS[j] = bestS[j - 1];
        bestD[j] = bestD[j - 1];
        j--;
      }
      bestS[j] = s;
      bestD[j] = d;
    }
    // How much of the query the closest neighbours share (their raw similarity, before the length normalization).
    let shared = 0;
    if (queryWeight > 0) for (let b = 0; b < Math.min(nBest, 5); b++) shared = Math.max(shared, acc[bestD[b]] / queryWeight);
    const resemblance = q.byResemblance ? Math.min(1, Math.pow(shared / P.fullShare, 2)) : 1;
    for (let i = 0; i < this.nTouched; i++) acc[touched[i]] = 0;
    this.nTouched = 0;
    const kept = new Map<number, number>();
    if (nBest === 0 || !(bestS[0] > 0)) return kept;
    // Premise scores, accumulated in `acc` (zero again) over the premises listed in `touched`.
    const top = bestS[0];
    const ids = this.deps.ids;
    const offsets = this.deps.offsets;
    const add = (id: number, v: number) => {
      if (acc[id] === 0) {
        if (this.nTouched === this.touched.length) this.grow();
        this.touched[this.nTouched++] = id;
      }
      acc[id] += v;
    };
    for (let b = 0; b < nBest; b++) {
      const d = bestD[b];
      const rel = Math.pow(bestS[b] / top, P.simPower);
      const from = offsets[d];
      const to = offsets[d + 1];
      const share = rel / Math.pow(to - from, P.depsPower);
      for (let p = from; p < to; p++) add(ids[p], share);
      if (P.selfWeight > 0) add(d, P.selfWeight * rel);
    }
    // The strongest premises only (ties by id).
    const premises = this.touched.subarray(0, this.nTouched);
    let max = 0;
    for (let i = 0; i < premises.length; i++) if (acc[premises[i]] > max) max = acc[premises[i]];
    // (only those above the share can be kept: the rest need no sorting)
    const strong: number[] = [];
    for (let i = 0; i < premises.length; i++) if (acc[premises[i]] >= P.minShare * max) strong.push(premises[i]);
    strong.sort((a, b) => acc[b] - acc[a] || a - b);
    for (const id of strong) {
      if (kept.size >= P.maxPremises) break;
      kept.set(id, (resemblance * (q.weight ?? P.weight) * acc[id]) / max);
    }
    for (let i = 0; i < premises.length; i++) acc[premises[i]] = 0;
    this.nTouched = 0;
    return kept;
  }

  /** The `m` of `ids` with the highest normalized similarity (ties: any; a histogram threshold, linear time). */
  private bestBy(ids: Uint32Array, normOf: Float32Array, sigLen: Uint16Array, m: number): Uint32Array {
    const acc = this.acc;
    // Each candidate's value read once (two reads at random), then scanned in order.
    if (this.values.length < ids.length) this.values = new Float64Array(Math.max(ids.length, this.values.length * 2));
    const values = this.values;
    let max = 0;
    for (let i = 0; i < ids.length; i++) {
      const v = acc[ids[i]] * normOf[sigLen[ids[i]]];
      values[i] = v;
      if (v > max) max = v;
    }
    const B = 1024;
    const hist = this.hist;
    hist.fill(0);
    const scale = (B - 1) / max;
    for (let i = 0; i < ids.length; i++) hist[(values[i] * scale) | 0]++;
    let cut = B - 1;
    for (let sum = 0; cut > 0; cut--) if ((sum += hist[cut]) >= m) break;
    if (this.candBuf.length < 4 * m + 64) this.candBuf = new Uint32Array(4 * m + 64);
    const out = this.candBuf.subarray(0, Math.min(ids.length, 4 * m + 64));
    let w = 0;
    for (let i = 0; i < ids.length && w < out.length; i++) if (((values[i] * scale) | 0) >= cut) out[w++] = ids[i];
    return out.subarray(0, w);
  }
  private hist = new Uint32Array(1024);
  private candBuf = new Uint32Array(0);
  private values = new Float64Array(0);

  private grow(): void {
    const next = new Uint32Array(this.touched.length * 2);
    next.set(this.touched);
    this.touched = next;
  }

  /** By a signature's length in terms: 1 / (its length relative to the average)^lengthNorm (a table per setting). */
  private norms(): Float32Array {
    const p = LEARN_PARAMS.lengthNorm;
    if (this.normTable?.power === p) return this.normTable.table;
    const sig = this.index.fields[FIELD_SIG];
    let max = 0;
    for (let i = 0; i < sig.docLen.length; i++) if (sig.docLen[i] > max) max = sig.docLen[i];
    const avg = sig.avgLen || 1;
    const table = new Float32Array(max + 1);
    for (let len = 0; len <= max; len++) table[len] = Math.pow((1 + len) / (1 + avg), -p);
    this.normTable = { power: p, table };
    return table;
  }
}

// Fusing the dense ranking into the lexical one.
//
// The engine adds `extraScores[name]` to a declaration's lexical score, where lexical scores are scaled so
// the query's best lexical candidate has 1 (before priors; an exact name match adds another 0.8–1.0).
// Strategy: *scaled cosine over the dense top N*. For the N nearest declarations with cosines c1 ≥ … ≥ cN,
//     extra(d) = weight × (c(d) − cN) / (c1 − cN)
// so the nearest gets `weight`, the N-th gets 0, and the spread between them follows the model's own
// margins (a near-tie stays a near-tie). Min-max over the top N makes the scale independent of the model's
// cosine range (0.3–0.5 for one model is what 0.7–0.9 is for another). With the default weight 0.5 a strong
// dense match lifts a moderate lexical hit above a slightly better one, and a declaration the lexical stage
// did not find at all can still enter the results (the engine also scores the extra names).
import type { DenseHit } from './denseIndex';

export const DEFAULT_DENSE_WEIGHT = 0.5;
export const DEFAULT_DENSE_TOP_N = 100;

export function fuseScores(hits: DenseHit[], weight = DEFAULT_DENSE_WEIGHT): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  if (hits.length === 0 || !(weight > 0)) return out;
  const top = hits[0].cosine;
  const floor = hits[hits.length - 1].cosine;
  const span = top - floor;
  for (const h of hits) {
    if (!Number.isFinite(h.cosine)) continue;
    const rel = span > 1e-9 ? (h.cosine - floor) / span : 1;
    if (rel > 0) out[h.name] = Math.max(out[h.name] ?? 0, weight * rel);
  }
  return out;
}

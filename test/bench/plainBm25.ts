// The floor the retriever is judged against: a plain BM25 (k1 1.2, b .75) over one field of name tokens, signature and
// docstring, with a plain tokenizer (words split at `.`, `_` and camelCase, lowercased; other symbols one token each).
// No priors, no expansions, no learned stage. Bench only (`npm run bench:retrieval -- --baseline`).

const K1 = 1.2;
const B = 0.75;

/** Plain tokens: letters/digits runs split at camelCase and lowercased, and single symbols (not punctuation). */
export function plainTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}()[\]{},.:;`'"_]/gu)) {
    const w = m[0];
    if (/[\p{L}\p{N}]/u.test(w)) for (const part of w.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u)) out.push(part.toLowerCase());
    else out.push(w);
  }
  return out;
}

export class PlainBm25 {
  private termIds = new Map<string, number>();
  private offsets: Uint32Array;
  private docs: Uint32Array;
  private tfs: Uint16Array;
  private lengths: Uint16Array;
  private avgLength: number;
  private scores: Float64Array;

  constructor(private readonly count: number, textOf: (d: number) => string) {
    // Two passes over the documents (count, then fill) keep the postings in flat arrays.
    const perDoc: Uint32Array[] = [];
    const lengths = new Uint16Array(count);
    let df: number[] = [];
    let total = 0;
    for (let d = 0; d < count; d++) {
      const toks = plainTokens(textOf(d));
      lengths[d] = Math.min(65535, toks.length);
      total += toks.length;
      const ids = toks.map((t) => {
        let id = this.termIds.get(t);
        if (id === undefined) this.termIds.set(t, (id = this.termIds.size));
        return id;
      });
      const unique = Uint32Array.from(new Set(ids));
      for (const id of unique) df[id] = (df[id] ?? 0) + 1;
      // Term ids then counts, interleaved.
      const counts = new Map<number, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      const packed = new Uint32Array(counts.size * 2);
      let i = 0;
      for (const [id, c] of counts) {
        packed[i++] = id;
        packed[i++] = c;
      }
      perDoc.push(packed);
    }
    this.offsets = new Uint32Array(this.termIds.size + 1);
    for (let t = 0; t < this.termIds.size; t++) this.offsets[t + 1] = this.offsets[t] + (df[t] ?? 0);
    df = [];
    this.docs = new Uint32Array(this.offsets[this.termIds.size]);
    this.tfs = new Uint16Array(this.docs.length);
    const fill = this.offsets.slice(0, this.termIds.size);
    perDoc.forEach((packed, d) => {
      for (let i = 0; i < packed.length; i += 2) {
        const at = fill[packed[i]]++;
        this.docs[at] = d;
        this.tfs[at] = Math.min(65535, packed[i + 1]);
      }
    });
    this.lengths = lengths;
    this.avgLength = total / Math.max(1, count);
    this.scores = new Float64Array(count);
  }

  /** The k best documents for a query (ties by id). */
  search(query: string, k: number): number[] {
    const touched: number[] = [];
    const n = this.count;
    for (const term of new Set(plainTokens(query))) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      const from = this.offsets[t], to = this.offsets[t + 1];
      const idf = Math.log(1 + (n - (to - from) + 0.5) / (to - from + 0.5));
      for (let i = from; i < to; i++) {
        const d = this.docs[i];
        const tf = this.tfs[i];
        if (this.scores[d] === 0) touched.push(d);
        this.scores[d] += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[d]) / this.avgLength));
      }
    }
    const best = touched.sort((a, b) => this.scores[b] - this.scores[a] || a - b).slice(0, k);
    for (const d of touched) this.scores[d] = 0;
    return best;
  }
}

// Inverted index for one field: CSR postings (term → docs, term frequencies) plus document lengths.
import { bytesOf, u16, u32 } from './declStore';

/**
 * A buffer's next capacity when `done` of `total` items have put `held` values in it: what they project for all items
 * (a tenth more), between 1.25× and 2× `held`. Doubled blindly, a large buffer holds up to half of it unused (Mathlib's
 * name terms: 2.3 million values in room for 4.6 million).
 */
export function projectedCapacity(held: number, done: number, total: number): number {
  const projected = done > 0 ? Math.ceil((held / done) * total * 1.1) : 0;
  return Math.min(2 * held, Math.max(Math.ceil(1.25 * held), projected));
}

/** A growable Uint32 buffer (the build collects millions of (term, doc, tf) triples); it grows to `nextCapacity`. */
export class GrowU32 {
  data: Uint32Array;
  length = 0;
  constructor(
    capacity = 1 << 16,
    private readonly nextCapacity: (held: number) => number = (held) => 2 * held,
  ) {
    this.data = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(Math.max(this.length + 1, this.nextCapacity(this.length)));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A growable Uint8 buffer. */
export class GrowU8 {
  data: Uint8Array;
  length = 0;
  constructor(
    capacity = 1 << 16,
    private readonly nextCapacity: (held: number) => number = (held) => 2 * held,
  ) {
    this.data = new Uint8Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(Math.max(this.length + 1, this.nextCapacity(this.length)));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v > 255 ? 255 : v;
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/** Postings of one field collected document by document: doc d owns entries docStart[d]..docStart[d+1]. */
export class FieldCollector {
  readonly terms: GrowU32;
  readonly tfs: GrowU8;
  readonly docStart: Uint32Array;
  readonly docLen: Uint16Array;
  /** Documents ended so far (they come in order). */
  private docsDone = 0;
  constructor(nDocs: number, expectedPerDoc: number) {
    const cap = Math.max(1 << 12, Math.ceil(nDocs * expectedPerDoc));
    const next = (held: number) => projectedCapacity(held, this.docsDone, nDocs);
    this.terms = new GrowU32(cap, next);
    this.tfs = new GrowU8(cap, next);
    this.docStart = new Uint32Array(nDocs + 1);
    this.docLen = new Uint16Array(nDocs);
  }
  add(term: number, tf: number): void {
    this.terms.push(term);
    this.tfs.push(tf);
  }
  endDoc(doc: number, length: number): void {
    this.docStart[doc + 1] = this.terms.length;
    this.docLen[doc] = Math.min(65535, length);
    this.docsDone = doc + 1;
  }
}

export class FieldPostings {
  constructor(
    /** offsets[t]..offsets[t+1] index into docs/tfs for term t. */
    readonly offsets: Uint32Array,
    readonly docs: Uint32Array,
    readonly tfs: Uint8Array,
    readonly docLen: Uint16Array,
    readonly avgLen: number,
  ) {}

  df(term: number): number {
    return term + 1 < this.offsets.length ? this.offsets[term + 1] - this.offsets[term] : 0;
  }

  /** Invert the per-document lists into per-term postings (docs ascending within a term). */
  static build(nTerms: number, c: FieldCollector): FieldPostings {
    const nDocs = c.docLen.length;
    const terms = c.terms.view();
    const tfsIn = c.tfs.view();
    const offsets = new Uint32Array(nTerms + 1);
    for (let i = 0; i < terms.length; i++) offsets[terms[i] + 1]++;
    for (let t = 0; t < nTerms; t++) offsets[t + 1] += offsets[t];
    const cursor = offsets.slice(0, nTerms);
    const outDocs = new Uint32Array(terms.length);
    const outTfs = new Uint8Array(terms.length);
    for (let d = 0; d < nDocs; d++) {
      for (let i = c.docStart[d]; i < c.docStart[d + 1]; i++) {
        const p = cursor[terms[i]]++;
        outDocs[p] = d;
        outTfs[p] = tfsIn[i];
      }
    }
    let total = 0;
    for (let d = 0; d < nDocs; d++) total += c.docLen[d];
    return new FieldPostings(offsets, outDocs, outTfs, c.docLen, nDocs ? Math.max(1, total / nDocs) : 1);
  }

  toSections(prefix: string): Record<string, Uint8Array> {
    return {
      [`${prefix}.offsets`]: bytesOf(this.offsets),
      [`${prefix}.docs`]: bytesOf(this.docs),
      [`${prefix}.tfs`]: this.tfs,
      [`${prefix}.len`]: bytesOf(this.docLen),
    };
  }

  static fromSections(s: Record<string, Uint8Array>, prefix: string): FieldPostings {
    const need = (k: string) => {
      const v = s[`${prefix}.${k}`];
      if (!v) throw new Error(`index section ${prefix}.${k} is missing`);
      return v;
    };
    const docLen = u16(need('len'));
    let total = 0;
    for (let d = 0; d < docLen.length; d++) total += docLen[d];
    const docs = u32(need('docs'));
    const tfs = need('tfs');
    if (docs.length !== tfs.length) throw new Error(`index section ${prefix} is inconsistent`);
    return new FieldPostings(u32(need('offsets')), docs, tfs, docLen, docLen.length ? Math.max(1, total / docLen.length) : 1);
  }
}

// Inverted index for one field: CSR postings (term → docs, term frequencies) plus document lengths.
import { bytesOf, u16, u32 } from './declStore';

/** A growable Uint32 buffer (the build collects millions of (term, doc, tf) triples). */
export class GrowU32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
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
  constructor(capacity = 1 << 16) {
    this.data = new Uint8Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
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
  constructor(nDocs: number, expectedPerDoc: number) {
    const cap = Math.max(1 << 12, Math.ceil(nDocs * expectedPerDoc));
    this.terms = new GrowU32(cap);
    this.tfs = new GrowU8(cap);
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

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FieldCollector, FieldPostings, GrowU32, GrowU8, projectedCapacity } from '../../src/core/search/postings';

test('growable buffers keep every value when they outgrow their size', () => {
  const u32 = new GrowU32(1);
  const u8 = new GrowU8(1);
  for (let i = 0; i < 1000; i++) {
    u32.push(i * 7919);
    u8.push(i);
  }
  assert.equal(u32.length, 1000);
  assert.deepEqual(Array.from(u32.view()), Array.from({ length: 1000 }, (_, i) => i * 7919));
  // A term frequency over 255 is kept as 255.
  assert.deepEqual(Array.from(u8.view().subarray(250, 260)), [250, 251, 252, 253, 254, 255, 255, 255, 255, 255]);
});

test('postings inverted from a collector that grew are those of one sized for its documents', () => {
  // Document d holds the terms d % 5, d % 7 and 11 (tf 1, 2, 3): the posting lists are known.
  const fill = (c: FieldCollector, nDocs: number) => {
    for (let d = 0; d < nDocs; d++) {
      c.add(d % 5, 1);
      c.add(5 + (d % 7), 2);
      c.add(12, 3);
      c.endDoc(d, 6);
    }
  };
  const nDocs = 3000;
  const small = new FieldCollector(nDocs, 0); // 4096 entries to start with: grows to hold 9000
  const sized = new FieldCollector(nDocs, 3);
  fill(small, nDocs);
  fill(sized, nDocs);
  assert.ok(small.terms.data.length > 4096, 'the small collector had to grow');
  const a = FieldPostings.build(13, small);
  const b = FieldPostings.build(13, sized);
  assert.deepEqual(Array.from(a.offsets), Array.from(b.offsets));
  assert.deepEqual(Array.from(a.docs), Array.from(b.docs));
  assert.deepEqual(Array.from(a.tfs), Array.from(b.tfs));
  assert.equal(a.df(12), nDocs);
  assert.equal(a.df(0), nDocs / 5);
  // Docs ascend within a term.
  const docs0 = Array.from(a.docs.subarray(a.offsets[0], a.offsets[1]));
  assert.deepEqual(docs0, Array.from({ length: nDocs / 5 }, (_, i) => i * 5));
  assert.equal(a.avgLen, 6);
});

test('a collector that outgrows its estimate grows to what its documents so far project, not blindly twice', () => {
  // 100,000 documents of 3 entries each, in room for 1 each: doubling would end at 400,000 entries.
  const nDocs = 100000;
  const c = new FieldCollector(nDocs, 1);
  for (let d = 0; d < nDocs; d++) {
    for (let j = 0; j < 3; j++) c.add(j, 1);
    c.endDoc(d, 3);
  }
  assert.equal(c.terms.length, 3 * nDocs);
  assert.ok(c.terms.data.length < 1.12 * 3 * nDocs, `room for ${c.terms.data.length}`);
  assert.equal(c.tfs.data.length, c.terms.data.length, 'term ids and frequencies grow together');
  // Bounds: at least 1.25× what is held (a projection below it, or none yet), at most 2×.
  assert.equal(projectedCapacity(1000, 0, 10), 1250);
  assert.equal(projectedCapacity(1000, 10, 11), 1250);
  assert.equal(projectedCapacity(1000, 10, 1000), 2000);
  assert.ok(Math.abs(projectedCapacity(1000, 10, 15) - 1650) <= 1); // 100 per item × 15 items, a tenth more
});

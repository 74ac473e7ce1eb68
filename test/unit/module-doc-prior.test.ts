// A question in words only counts what a declaration's file is about (its module doc), where the declaration's own
// name and docstring are silent: the cluster hypothesis, with the library's module docs as the clusters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { RANK_PARAMS } from '../../src/core/search/ranker';
import { tempProject } from './tempProject';

// Two files state the same lemma under names that differ only in their namespace; only the second file's module doc
// speaks of graphs and adjacency.
const files = {
  'Demo/Alpha.lean': ['/-!', '# Orders', '', 'Relations on ordered sets and their flips.', '-/', '', 'namespace Alpha', '', 'theorem rel_comm (r : Nat → Nat → Prop) (a b : Nat) (h : r a b) : r a b := h', '', 'end Alpha', ''].join('\n'),
  'Demo/Beta.lean': ['/-!', '# Simple graphs', '', 'Adjacency in a simple graph is a symmetric relation between vertices: its comm lemmas.', '-/', '', 'namespace Beta', '', 'theorem rel_comm (r : Nat → Nat → Prop) (a b : Nat) (h : r a b) : r a b := h', '', 'end Beta', ''].join('\n'),
};

test('words only: the declaration whose module doc matches the words comes first, and the prior is stored with the index', async () => {
  const { root, cache } = tempProject('leanscout-moddoc-', files);
  const names = (engine: Engine, query: string) => engine.search({ query, k: 2 }).hits.map((h) => h.decl.name);
  const built = await Engine.open({ project: root, cacheDir: cache });
  assert.deepEqual(names(built, 'comm rel of adjacency in a graph'), ['Beta.rel_comm', 'Alpha.rel_comm']);
  // Read back from the cache: the module docs' postings are part of the stored index.
  const loaded = await Engine.open({ project: root, cacheDir: cache });
  assert.deepEqual(names(loaded, 'comm rel of adjacency in a graph'), ['Beta.rel_comm', 'Alpha.rel_comm']);
  // Without the prior, the words say nothing to tell the two apart: both score alike.
  const prior = RANK_PARAMS.moduleDoc;
  RANK_PARAMS.moduleDoc = 0;
  try {
    const hits = loaded.search({ query: 'comm rel of adjacency in a graph', k: 2 }).hits;
    assert.equal(hits.length, 2);
    assert.equal(hits[0].score, hits[1].score);
  } finally {
    RANK_PARAMS.moduleDoc = prior;
  }
  // Lean in the question (a backticked name) or a single word: the declarations' own text decides, as without it.
  const coded = loaded.search({ query: '`rel_comm` of adjacency in a graph', k: 2 }).hits;
  assert.equal(coded[0].score, coded[1].score);
  const oneWord = loaded.search({ query: 'comm', k: 2 }).hits;
  assert.equal(oneWord.length, 2);
  assert.equal(oneWord[0].score, oneWord[1].score);
});

test("a module's doc is all its `/-! … -/` blocks: the later ones head its sections", async () => {
  const { extractFile } = await import('../../src/core/extract/scanner');
  const text = ['/-! # Widgets -/', '', 'def a : Nat := 1', '', '/-! ### Gadget lemmas', 'Frames bound gadgets. -/', '', 'theorem b : a = 1 := rfl', ''].join('\n');
  const doc = extractFile(text, { module: 'Demo.W', file: 'Demo/W.lean', pkg: 'demo' }).module.doc ?? '';
  assert.match(doc, /Widgets/);
  assert.match(doc, /Frames bound gadgets/);
});

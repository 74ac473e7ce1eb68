// Words are expanded to the name words the library's docstrings pair them with ("join" → `sup`), but only where that
// pairing is the library's: seen in docstrings of several modules, not one file's vocabulary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Declaration, ModuleInfo } from '../../src/core/types';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { RANK_PARAMS, Ranker } from '../../src/core/search/ranker';
import { analyzeQuery } from '../../src/core/search/query';

const moduleNames = ['Demo.A', 'Demo.B', 'Demo.C', 'Demo.D'];
const modules: ModuleInfo[] = moduleNames.map((name) => ({ name, file: name.replace('.', '/') + '.lean', pkg: 'demo', imports: [] }));
const at = (module: string, name: string, doc: string): Declaration => ({ name, kind: 'theorem', signature: '(x : α) : P x', doc, module, file: module.replace('.', '/') + '.lean', line: 1, pkg: 'demo' });
const letter = (i: number) => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));

function corpus(): Declaration[] {
  const decls: Declaration[] = [];
  // "join" is said of `sup` lemmas across three modules: the library's pairing.
  for (let i = 0; i < 12; i++) decls.push(at(moduleNames[i % 3], `Demo.sup_${letter(i)}`, `The join of \`${letter(i)}\` and a bound.`));
  // "scatters" is said only of `blorp` lemmas of one file: that file's word.
  for (let i = 0; i < 12; i++) decls.push(at('Demo.D', `Demo.blorp_${letter(i)}`, `It scatters \`${letter(i)}\`.`));
  for (let i = 0; i < 150; i++) decls.push(at(moduleNames[i % 4], `Demo.filler_${letter(i)}`, `Filler number ${i}.`));
  return decls;
}

test('learned expansions: a pairing of docstring word and name word seen in three modules expands the word, one seen in one file does not', () => {
  const ranker = new Ranker(SearchIndex.build(corpus(), modules));
  const expanded = (q: string) => ranker.expandPlan(analyzeQuery(q)).filter((t) => t.expanded).map((t) => t.term);
  assert.ok(expanded('join').includes('sup'), expanded('join').join(' '));
  assert.ok(!expanded('scatters').includes('blorp'), expanded('scatters').join(' '));
  const saved = RANK_PARAMS.expansionMinModules;
  try {
    RANK_PARAMS.expansionMinModules = 1;
    const loose = new Ranker(SearchIndex.build(corpus(), modules));
    assert.ok(loose.expandPlan(analyzeQuery('scatters')).some((t) => t.expanded && t.term === 'blorp'), 'the one-file pairing is what the rule leaves out');
  } finally {
    RANK_PARAMS.expansionMinModules = saved;
  }
});

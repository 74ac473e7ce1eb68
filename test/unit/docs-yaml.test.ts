// What a library's docs call its declarations (Mathlib's docs/100.yaml, 1000.yaml, undergrad.yaml, overview.yaml):
// read in the shapes those files have, tied to the declarations at indexing, and a query asking for that phrase
// finds the declaration as if it had typed its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocsYaml } from '../../src/core/extract/docsYaml';
import { phraseKey } from '../../src/core/search/declStore';
import { Engine } from '../../src/core/engine';

const THEOREMS = `# comment
1:
  title  : The Widget Theorem
  decl   : Demo.widget_bound
  authors: someone
2:
  title  : Gadget's Lemma
  decls  :
    - Demo.gadget_one
    - Demo.gadget_two
3:
  title  : Not Formalized Yet
Q42:
  title: Wheel theorem
  decl: Demo.wheel
Q42X:
  title: Axle theorem
  decl: Demo.axle
`;
const TOPICS = `# 1.
Algebra:
  Widgets:
    widget frame: 'Demo.Frame'
    not yet: ''
`;

test('theorem lists and topic trees are read in the shapes the docs use', () => {
  assert.deepEqual(parseDocsYaml(THEOREMS), [
    { decl: 'Demo.widget_bound', text: 'The Widget Theorem' },
    { decl: 'Demo.gadget_one', text: "Gadget's Lemma" },
    { decl: 'Demo.gadget_two', text: "Gadget's Lemma" },
    { decl: 'Demo.wheel', text: 'Wheel theorem' },
    { decl: 'Demo.axle', text: 'Axle theorem' },
  ]);
  assert.deepEqual(parseDocsYaml(TOPICS), [{ decl: 'Demo.Frame', text: 'Algebra › Widgets › widget frame' }]);
  assert.deepEqual(parseDocsYaml('not: [yaml\n  - at all'), []);
});

test('phrases compare without case, accents, possessives, punctuation or a leading article', () => {
  assert.equal(phraseKey("The Löwenheim–Skolem Theorem"), phraseKey('lowenheim skolem theorem'));
  assert.equal(phraseKey("Gadget's lemma"), phraseKey('gadget lemma'));
});

test('an index of a project with docs/*.yaml finds a declaration by the title its docs give it (and not with LEANSCOUT_DOCS_YAML=0)', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leanscout-docs-yaml-'));
  const saved = process.env.LEANSCOUT_DOCS_YAML;
  try {
    fs.mkdirSync(path.join(root, 'Demo'), { recursive: true });
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'lakefile.lean'), 'import Lake\nopen Lake DSL\npackage demo\n@[default_target] lean_lib Demo\n');
    fs.writeFileSync(
      path.join(root, 'Demo', 'Basic.lean'),
      ['theorem Demo.widget_bound (n : Nat) : n ≤ n + 1 := Nat.le_succ n', 'theorem Demo.widget (n : Nat) : n = n := rfl', 'structure Demo.Frame where', '  size : Nat'].join('\n') + '\n',
    );
    fs.writeFileSync(path.join(root, 'docs', '100.yaml'), THEOREMS);
    fs.writeFileSync(path.join(root, 'docs', 'undergrad.yaml'), TOPICS);
    delete process.env.LEANSCOUT_DOCS_YAML;
    const e = await Engine.open({ project: root, cacheDir: path.join(root, '.cache-on'), learn: 'off' });
    assert.equal(e.search({ query: 'the widget theorem', k: 3 }).hits[0]?.decl.name, 'Demo.widget_bound');
    assert.equal(e.search({ query: 'widget frame', k: 3 }).hits[0]?.decl.name, 'Demo.Frame');
    process.env.LEANSCOUT_DOCS_YAML = '0';
    const off = await Engine.open({ project: root, cacheDir: path.join(root, '.cache-off'), learn: 'off' });
    assert.notEqual(off.search({ query: 'the widget theorem', k: 3 }).hits[0]?.decl.name, 'Demo.widget_bound');
  } finally {
    if (saved === undefined) delete process.env.LEANSCOUT_DOCS_YAML;
    else process.env.LEANSCOUT_DOCS_YAML = saved;
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a docstring names its result in bold: that name, asked, finds it like its own name; common bold labels do not count', async () => {
  const { namedAs } = await import('../../src/core/search/declStore');
  const d = (name: string, doc?: string, aka?: string, module = 'M') => ({ name, kind: 'theorem' as const, signature: ': True', module, file: `${module}.lean`, line: 1, pkg: '', ...(doc ? { doc } : {}), ...(aka ? { aka } : {}) });
  // A label is used all over the library; a famous name by many docstrings of a few modules.
  const labels = Array.from({ length: 9 }, (_, i) => d(`Demo.l${i}`, '**Implementation note**: see above.', undefined, `M${i}`));
  const versions = Array.from({ length: 10 }, (_, i) => d(`Demo.cart${i}`, `**Cart theorem**, version ${i}.`, undefined, `Cart${i % 2}`));
  const named = namedAs([d('Demo.wheel_thm', 'The **Wheel theorem**: wheels roll. **Note**.'), d('Demo.plain', 'No bold here.'), d('Demo.yaml', undefined, 'Axle lemma'), ...labels, ...versions]);
  assert.deepEqual(named, [
    [0, 'Wheel theorem'],
    [2, 'Axle lemma'],
    ...versions.map((_, i) => [12 + i, 'Cart theorem'] as [number, string]),
  ]);
});

test('a docstring that says what else its declaration is called ("also known as a Hausdorff space") names it so; not a later sentence, not the words after the name', async () => {
  const { namedAs, otherNames } = await import('../../src/core/search/declStore');
  assert.deepEqual(otherNames('A T₂ space, also known as a Hausdorff space, is one in which points are separated.'), ['Hausdorff space']);
  assert.deepEqual(otherNames('The squeeze theorem, also known as the *sandwich theorem*.'), ['sandwich theorem']);
  assert.deepEqual(otherNames('Walks that use every edge once, also known as an "Eulerian path" in the literature.'), ['Eulerian path']);
  assert.deepEqual(otherNames('The field extension, also called the maximal algebraic subextension of `K` in `L`.'), ['maximal algebraic subextension']);
  assert.deepEqual(otherNames('Two maps. The first is also known as the wheel map.'), [], 'only the first sentence describes the declaration');
  assert.deepEqual(otherNames('A map, also called f.'), [], 'a name of one word says too little');
  const d = (name: string, doc: string) => ({ name, kind: 'class' as const, signature: ': Prop', module: 'M', file: 'M.lean', line: 1, pkg: '', doc });
  assert.deepEqual(namedAs([d('Demo.T2', 'A T₂ space, also known as a Hausdorff space, is one in which points are separated.'), d('Demo.plain', 'A space.')]), [[0, 'Hausdorff space']]);
});

test("a topic path names a declaration by its last part: the path's headings are not searched as the declaration's words", async () => {
  const { declTexts } = await import('../../src/core/search/searchIndex');
  const frame = { name: 'Demo.Frame', kind: 'structure' as const, signature: '', module: 'Demo', file: 'Demo.lean', line: 1, pkg: '', doc: 'A frame.', aka: 'Algebra › Widgets › widget frame\nThe Frame Theorem' };
  const texts = declTexts([frame], 0, 1);
  assert.equal(texts.docs, 'A frame.\nwidget frame\nThe Frame Theorem');
});

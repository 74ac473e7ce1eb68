// What a library's docs say its declarations are called. Mathlib's `docs/100.yaml` and `docs/1000.yaml` give famous
// theorems' titles with the declarations that state them; `docs/undergrad.yaml` and `docs/overview.yaml` give topics
// ("Linear algebra › Fundamentals › vector space") with the declaration for each. Read with a small reader for
// exactly these shapes (keys, scalars and `- item` lists by indentation), no YAML library.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DOCS_YAML_FILES = ['100.yaml', '1000.yaml', 'undergrad.yaml', 'overview.yaml'];

/** Names the docs give one declaration. */
export interface DocsName {
  decl: string;
  text: string;
}

/** `LEANSCOUT_DOCS_YAML=0` leaves the docs' names out (the benchmark does, for sets built from these files). */
export function docsYamlOn(): boolean {
  return process.env.LEANSCOUT_DOCS_YAML !== '0';
}

/** Larger than Mathlib's by far (each is < 100 kB): such a file is not one of these lists, and is not read. */
const MAX_DOCS_YAML_BYTES = 4 << 20;

/** The yaml files of a package's `docs/` folder that exist (absolute paths; not over MAX_DOCS_YAML_BYTES). */
export function docsYamlFiles(pkgDir: string): string[] {
  return DOCS_YAML_FILES.map((f) => path.join(pkgDir, 'docs', f)).filter((f) => {
    try {
      const st = fs.statSync(f);
      return st.isFile() && st.size <= MAX_DOCS_YAML_BYTES;
    } catch {
      return false;
    }
  });
}

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2').trim();

/** Bumped when parseDocsYaml reads the same files differently (it is part of the sources' digest: indexes rebuild). */
export const DOCS_YAML_READER_VERSION = 2;

/**
 * Theorem lists (`N:` / `Qid:` entries with `title`, `decl` or `decls: [- a, - b]`) and topic trees (nested keys whose
 * leaves name a declaration) alike: a leaf `key: 'Decl.name'` is named by its key and the keys above it; an entry's
 * `decl`/`decls` by its `title`.
 */
export function parseDocsYaml(text: string): DocsName[] {
  const out: DocsName[] = [];
  const stack: { indent: number; key: string }[] = [];
  let entry: { indent: number; title?: string; decls: string[] } | undefined;
  let inDecls = -1;
  const close = () => {
    if (entry?.title) for (const d of entry.decls) out.push({ decl: d, text: entry.title });
    entry = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trimEnd();
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (body.startsWith('- ')) {
      if (entry && inDecls >= 0 && indent > inDecls) entry.decls.push(unquote(body.slice(2)));
      continue;
    }
    const m = /^([^:]+?)\s*:\s*(.*)$/.exec(body);
    if (!m) continue;
    const key = unquote(m[1]);
    const value = unquote(m[2]);
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    if (entry && indent <= entry.indent) close();
    inDecls = -1;
    if (entry && indent > entry.indent) {
      if (key === 'title') entry.title = value;
      else if (key === 'decl' && value) entry.decls.push(value);
      else if (key === 'decls') inDecls = indent;
      continue;
    }
    if (key === 'title' && stack.length && indent > stack[stack.length - 1].indent) {
      // A heading whose first child is a title was an entry after all (1000.yaml's `Q180345X:`, an id with a suffix).
      entry = { indent: stack.pop()!.indent, title: value, decls: [] };
      continue;
    }
    if (!value) {
      // An entry of a theorem list (`1:`, `Q11518:`) or a topic heading.
      if (/^(?:\d+|Q\d+)$/.test(key)) entry = { indent, decls: [] };
      else stack.push({ indent, key });
      continue;
    }
    if (/^[A-Za-z_][\w.'₀-₉!?]*$/u.test(value) && /[._]|^[A-Z]/.test(value)) {
      out.push({ decl: value, text: [...stack.map((s) => s.key), key].join(' › ') });
    }
  }
  close();
  return out;
}

/** Every name the docs of these packages give, by declaration (texts joined). */
export function docsNames(pkgDirs: readonly string[]): Map<string, string> {
  const byDecl = new Map<string, string>();
  for (const dir of pkgDirs) {
    for (const file of docsYamlFiles(dir)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const { decl, text: t } of parseDocsYaml(text)) {
        const prev = byDecl.get(decl);
        if (!prev) byDecl.set(decl, t);
        else if (!prev.split('\n').includes(t)) byDecl.set(decl, `${prev}\n${t}`);
      }
    }
  }
  return byDecl;
}

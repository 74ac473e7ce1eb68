// The library's own prose about its declarations. Module docs (`/-! … -/`) list a file's main results and
// definitions with a sentence each (`* \`card_filter_le\`: filtering a finset gives a smaller one`); that sentence
// is often the words a user searches with, while the lemma's own docstring is missing or terse. Each list item,
// or sentence, that names declarations of the same file in backticks is tied to them as extra searchable text.

/** Longest prose tied to one declaration (a few items). */
const MAX_PROSE = 600;

/**
 * For each declaration of a file (by index in `names`), the module-doc text that names it. A backticked name
 * resolves to a declaration of this file with that full name, or whose name ends with `.name` (docs use the
 * short name inside a namespace); an ambiguous short name (several matches) is left alone.
 */
export function proseOfModuleDocs(moduleDocs: readonly string[], names: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  if (!names.length || !moduleDocs.some((d) => d.includes('`'))) return out;
  // A file names a few declarations in its docs: a scan of its names per reference beats maps of every suffix.
  const resolved = new Map<string, number | undefined>();
  const resolve = (ref: string): number | undefined => {
    if (resolved.has(ref)) return resolved.get(ref);
    let found: number | undefined;
    let ambiguous = false;
    for (let i = 0; i < names.length && found === undefined; i++) if (names[i] === ref) found = i;
    if (found === undefined) {
      const suffix = '.' + ref;
      for (let i = 0; i < names.length; i++) {
        if (!names[i].endsWith(suffix)) continue;
        if (found !== undefined && found !== i) ambiguous = true;
        found = i;
      }
    }
    const result = ambiguous ? undefined : found;
    resolved.set(ref, result);
    return result;
  };
  for (const doc of moduleDocs) {
    if (!doc.includes('`')) continue;
    for (const item of proseItems(doc)) {
      if (!item.includes('`')) continue;
      const targets = new Set<number>();
      for (const m of item.matchAll(/`([^`\s]+)`/g)) {
        const i = resolve(m[1].replace(/^@/, ''));
        if (i !== undefined) targets.add(i);
      }
      if (!targets.size || targets.size > 4) continue; // an item naming many declarations says little about each
      // An item that is only names ("* `foo`") says nothing more than the names.
      if ((item.replace(/`[^`]*`/g, ' ').match(/\p{L}{2,}/gu) ?? []).length < 3) continue;
      const text = item.replace(/\s+/g, ' ').trim();
      for (const i of targets) {
        const prev = out.get(i);
        const next = prev ? `${prev}\n${text}` : text;
        if (next.length <= MAX_PROSE) out.set(i, next);
      }
    }
  }
  return out;
}

/** List items (`*`, `-`, `+`, numbered; with their continuation lines) and the sentences of other paragraphs. */
export function proseItems(doc: string): string[] {
  const items: string[] = [];
  let current: string[] = [];
  let inCode = false;
  const flush = () => {
    if (current.length) items.push(current.join(' '));
    current = [];
  };
  for (const raw of doc.split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*```/.test(line)) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    if (!line.trim() || /^\s*#/.test(line)) {
      flush();
      continue;
    }
    if (/^\s*(?:[*+-]|\d+[.)])\s+/.test(line)) {
      flush();
      current.push(line.replace(/^\s*(?:[*+-]|\d+[.)])\s+/, ''));
    } else current.push(line.trim());
  }
  flush();
  // Paragraphs that are not list items: one sentence each, so a name is tied to the sentence about it.
  return items.flatMap((p) => (p.length > 300 ? p.split(/(?<=[.!?])\s+(?=[A-Z*`$])/) : [p]));
}

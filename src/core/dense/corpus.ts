// Which text is embedded per declaration, and the corpus of a stored lexical index.
import { loadIndex } from '../store/indexStore';
import { DECL_STORE_DISK_SECTIONS, DECL_STORE_LINE_SECTIONS, DeclStore } from '../search/declStore';
import type { DenseCorpus } from './denseIndex';

/** Longest text sent per declaration: embedding models truncate anyway, and long signatures add little. */
export const MAX_EMBED_CHARS = 1200;

/**
 * `kind name : signature — docstring`: the name carries the concept words (`Continuous.add`), the signature
 * the symbols, the docstring the prose that natural-language queries match. Whitespace is collapsed.
 */
export function embeddingText(kind: string, name: string, signature: string, doc?: string, prefix = ''): string {
  const sig = signature.replace(/\s+/g, ' ').trim();
  const docText = (doc ?? '').replace(/\s+/g, ' ').trim();
  let text = `${prefix}${kind} ${name}${sig ? ` : ${sig}` : ''}${docText ? ` — ${docText}` : ''}`;
  if (text.length > MAX_EMBED_CHARS) text = text.slice(0, MAX_EMBED_CHARS);
  return text;
}

/**
 * The declarations of the index stored in `cacheDir` (the one `Engine.open` wrote), as a dense corpus.
 * Only the declaration store is decoded, not the postings. Files re-indexed on save since the build
 * (the engine's overlay) are not included. Returns a message instead of throwing.
 */
export function corpusFromStoredIndex(cacheDir: string, docPrefix = ''): { ok: true; corpus: DenseCorpus } | { ok: false; message: string } {
  const loaded = loadIndex(cacheDir, undefined, { asLines: DECL_STORE_LINE_SECTIONS, onDisk: DECL_STORE_DISK_SECTIONS });
  if (!loaded.ok) return { ok: false, message: `no usable index in ${cacheDir} (${loaded.error}: ${loaded.detail}); run \`leanscout index\` first` };
  let store: DeclStore;
  try {
    store = DeclStore.fromSections(loaded.sections, loaded);
  } catch (e) {
    loaded.close();
    return { ok: false, message: `the stored index cannot be read (${e instanceof Error ? e.message : String(e)}); run \`leanscout index --rebuild\`` };
  }
  return { ok: true, corpus: corpusFromDeclStore(store, loaded.key, docPrefix) };
}

export function corpusFromDeclStore(store: DeclStore, indexKey: string, docPrefix = ''): DenseCorpus {
  return {
    indexKey,
    count: store.size,
    name: (i) => store.names[i],
    text: (i) => embeddingText(store.kind(i), store.names[i], store.signature(i), store.doc(i), docPrefix),
  };
}

// Tokenization shared by index building and query analysis. Everything that ends up in the index and
// everything a query is turned into goes through these functions, so both sides agree on terms.
//
// Terms are lowercase word stems (`continuous`, `sum`, `le`) or single math symbols (`≤`, `⊔`, `∑`).
// Name bigrams (`card|le`) capture partial names like `card_le`.

/** Words that carry no meaning in a query or a docstring. Short on purpose: `is`, `of` matter in names. */
const STOP_WORD_TEXT =
  'a an the of and or to in on for with by at as is are be been being that this these those which who whose ' +
  'its it their there then than from into onto such any some each every all both either also only ' +
  'we our us one can may must will shall should would has have had do does did not no so if iff when where ' +
  'let given suppose show prove statement theorem lemma result fact say says called';

/** Stop words as typed and as stemmed (`does` → `doe`), so either form is recognized. */
export const STOP_WORDS_LIST: readonly string[] = [...new Set(STOP_WORD_TEXT.split(/\s+/).flatMap((w) => [w, stem(w)]))];
const STOP_WORDS = new Set(STOP_WORDS_LIST);

/** Stop words for the query side only: a query's `of`/`is` are glue, while in names they are content. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** A light stemmer: plural and possessive endings only (identifiers and prose must meet halfway). */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (n > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (n > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (n > 4 && (word.endsWith('xes') || word.endsWith('ches') || word.endsWith('shes') || word.endsWith('zes'))) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is') || word.endsWith('os')) return word;
  return word.slice(0, -1);
}

// Character classes for splitting identifiers.
const C_SEP = 0;
const C_UPPER = 1;
const C_LOWER = 2;
const C_DIGIT = 3;
const C_OTHER = 4;
function charClass(c: number): number {
  if (c >= 97 && c <= 122) return C_LOWER;
  if (c >= 65 && c <= 90) return C_UPPER;
  if (c >= 48 && c <= 57) return C_DIGIT;
  // . _ ' ! ? and subscript digits separate words
  if (c === 46 || c === 95 || c === 39 || c === 33 || c === 63 || (c >= 0x2080 && c <= 0x2089) || c <= 32) return C_SEP;
  return C_OTHER;
}

/**
 * Split one identifier (`Finset.card_le_of_subset`, `IsROrC`, `h₀`) into lowercase stems:
 * components at `.`, words at `_`, camelCase humps (`ROrC` → r, or, c), letter/digit boundaries.
 */
export function splitIdentifier(ident: string): string[] {
  const out: string[] = [];
  splitIdentifierInto(ident, out);
  return out;
}

/** `splitIdentifier` appending to `out`; returns where the words of the last component (after the last `.`) begin. */
export function splitIdentifierInto(ident: string, out: string[]): number {
  let lastStart = out.length;
  const n = ident.length;
  let start = -1;
  let prev = C_SEP;
  const emit = (a: number, b: number) => {
    if (b <= a) return;
    const cls = charClass(ident.charCodeAt(a));
    if (cls === C_DIGIT && b - a > 3) return;
    const piece = ident.slice(a, b);
    // (a word that starts lowercase is lowercase: humps and digits start new words)
    out.push(stem(cls === C_LOWER || cls === C_DIGIT ? piece : piece.toLowerCase()));
  };
  for (let i = 0; i < n; i++) {
    const code = ident.charCodeAt(i);
    const cls = charClass(code);
    if (cls === C_SEP) {
      if (start >= 0) emit(start, i);
      if (code === 46) lastStart = out.length;
      start = -1;
      prev = C_SEP;
      continue;
    }
    if (start < 0) {
      start = i;
    } else {
      let boundary = false;
      if (cls === C_UPPER) boundary = prev !== C_UPPER;
      else if (cls === C_LOWER) {
        // `ROr` → `R` | `Or`: an upper run followed by lowercase gives its last capital to the new word
        if (prev === C_UPPER && i - start >= 2) {
          emit(start, i - 1);
          start = i - 1;
        } else boundary = prev !== C_LOWER && prev !== C_UPPER;
      } else boundary = cls !== prev;
      if (boundary) {
        emit(start, i);
        start = i;
      }
    }
    prev = cls;
  }
  if (start >= 0) emit(start, n);
  return lastStart;
}

/**
 * One-letter names are bound variables (`a`, `x`, `F`, `α`) and say nothing about a declaration;
 * other Greek letters often are notation (`π`, `δ`, `ζ`, `Φ`) and are kept.
 */
export function isVariableTerm(t: string): boolean {
  if (t.length !== 1) return false;
  const c = t.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 0x3b1 || c === 0x3b2 || c === 0x3b3;
}

/** Lean syntax words that appear in signatures and goals without saying what they are about. */
export const LEAN_NOISE_LIST: readonly string[] = ['fun', 'type', 'prop', 'sort', 'by', 'let', 'have', 'show', 'from', 'match', 'with', 'then', 'else', 'do', 'inst', 'self'];
const LEAN_NOISE = new Set(LEAN_NOISE_LIST);
export function isLeanNoise(term: string): boolean {
  return LEAN_NOISE.has(term);
}

/** Tokens of the last component of a name (where the meaning of a Mathlib name lives). */
export function lastComponent(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Lowercase alphanumeric key of a name component, for exact-name matching (`LinearMap` ~ "linear map"). */
export function compactKey(raw: string): string {
  const text = foldAccents(raw);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += String.fromCharCode(c);
    else if (c > 127) {
      const low = text[i].toLowerCase();
      if (/[a-z0-9]/.test(low)) out += low;
    }
  }
  return out;
}

// ASCII operator spellings that mean the same as Lean's unicode notation.
const ASCII_OPERATORS: [RegExp, string][] = [
  [/<->/g, ' ↔ '],
  [/<=/g, ' ≤ '],
  [/>=/g, ' ≥ '],
  [/!=/g, ' ≠ '],
  [/->/g, ' → '],
  [/=>/g, ' ⇒ '],
  [/\/\\/g, ' ∧ '],
  [/\\\//g, ' ∨ '],
];

/** Characters that are not symbols for search purposes: brackets, separators, quotes. */
const IGNORED_SYMBOLS = new Set([...'()[]{}⦃⦄⟨⟩,;:"`$\\@#&~?!.\'«»‹›']);

/** Normalize the few symbols that have several spellings to one token. */
const SYMBOL_ALIASES: Record<string, string> = {
  '≥': '≤', // `a ≥ b` is `b ≤ a`; Mathlib states lemmas with ≤
  '>': '<',
  '⬝': '·',
  '∙': '•',
  '⇒': '→',
  '⟶': '→',
  '↦': '→',
  '⊇': '⊆',
  '⊃': '⊂',
  '≥ᶠ': '≤',
  '−': '-',
  '⋅': '·',
  '∗': '*',
  '×ˢ': '×',
};

export interface RawToken {
  /** Lowercase stem or symbol. */
  term: string;
  /** Whether it came from an identifier (true), a symbol (false). */
  isSymbol: boolean;
  /** The identifier it came from (for exact-name matching). */
  source?: string;
}

/** Characters inside identifiers: letters, digits, `_ ' ! ? .`, Greek, subscripts (`h₀`, `xᵢ`). */
function isIdentCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 33 || c === 63 || c === 46 ||
    (c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff) || (c >= 0x2080 && c <= 0x2089) || (c >= 0x1d62 && c <= 0x1d6a)
  );
}

/** Is the char code a letter that starts identifiers (ASCII, `_`, Greek)? */
function isIdentStartCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff);
}

const NEEDS_ASCII_OPS = /<->|<=|>=|!=|->|=>|\/\\|\\\//;

/** Latin letters with diacritics (`ö`, `é`, `ő`, `Ł`). Names spell them plainly (`PhragmenLindelof`, `Holder`, `Konigsberg`). */
const ACCENTED = /[\u00C0-\u024F\u1E00-\u1EFF]/;
const ACCENTED_ALL = /[\u00C0-\u024F\u1E00-\u1EFF]/g;
/** Letters that Unicode does not decompose into a plain letter and a mark. */
const PLAIN_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ð: 'd', þ: 'th' };

/** `Hölder` → `Holder`, `Erdős` → `Erdos` (× and ÷, in the same Unicode block, have no decomposition and stay). */
export function foldAccents(s: string): string {
  if (!ACCENTED.test(s)) return s;
  return s.replace(ACCENTED_ALL, (c) => (Object.hasOwn(PLAIN_LETTERS, c) ? PLAIN_LETTERS[c] : c.normalize('NFD').replace(/[\u0300-\u036f]/g, '')));
}

/**
 * Scan Lean-ish or prose text: identifiers (whole, e.g. `Finset.card_le`), numbers, and symbols
 * (`ℝ ℕ` are symbols: they carry meaning the corpus associates with names). Hot path of index
 * building: char-code tests, one sticky regex per identifier.
 */
export function scanText(text: string, onIdent: (ident: string) => void, onSymbol: (sym: string) => void, onNumber?: (num: string) => void): void {
  let s = foldAccents(text);
  if (NEEDS_ASCII_OPS.test(s)) for (const [re, rep] of ASCII_OPERATORS) s = s.replace(re, rep);
  let i = 0;
  const n = s.length;
  while (i < n) {
    const code = s.charCodeAt(i);
    if (code <= 32 || code === 0xa0) {
      i++;
      continue;
    }
    if (isIdentStartCode(code)) {
      let j = i + 1;
      while (j < n && isIdentCode(s.charCodeAt(j))) j++;
      let end = j;
      while (end > i + 1 && s.charCodeAt(end - 1) === 46) end--; // a sentence's final `.`
      onIdent(s.slice(i, end));
      i = j;
      continue;
    }
    if (code >= 48 && code <= 57) {
      let j = i;
      while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (onNumber && j - i <= 3) onNumber(s.slice(i, j));
      i = j;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      // A surrogate pair (𝓝, 𝔼) is one symbol.
      const sym = s.slice(i, i + 2);
      i += 2;
      onSymbol(SYMBOL_ALIASES[sym] ?? sym);
    } else if (code === 0x207b && s.charCodeAt(i + 1) === 0xb9) {
      // Superscripts stay with their base symbol (`⁻¹`).
      i += 2;
      onSymbol('⁻¹');
    } else {
      i++;
      const sym = symbolOfCode(code);
      if (sym) onSymbol(sym);
    }
  }
}

/** Per char code, the symbol it is searched as ('' when ignored): text repeats a few hundred symbols millions of times. */
const SYMBOL_OF_CODE = new Map<number, string>();
function symbolOfCode(code: number): string {
  let sym = SYMBOL_OF_CODE.get(code);
  if (sym === undefined) {
    const ch = String.fromCharCode(code);
    sym = (code >= 0x2080 && code <= 0x2089) || IGNORED_SYMBOLS.has(ch) ? '' : (SYMBOL_ALIASES[ch] ?? ch);
    SYMBOL_OF_CODE.set(code, sym);
  }
  return sym;
}

const splitCache = new Map<string, string[]>();

/** `splitIdentifier` with a cache (identifiers repeat massively across a library). */
export function splitIdentifierCached(ident: string): string[] {
  let v = splitCache.get(ident);
  if (v === undefined) {
    v = splitIdentifier(ident);
    if (splitCache.size > 50000) splitCache.clear();
    splitCache.set(ident, v);
  }
  return v;
}

/** Tokenize text into identifier stems and symbols (see `scanText`). */
export function tokenizeText(text: string, onIdent?: (ident: string) => void): RawToken[] {
  const out: RawToken[] = [];
  scanText(
    text,
    (ident) => {
      onIdent?.(ident);
      for (const t of splitIdentifierCached(ident)) out.push({ term: t, isSymbol: false, source: ident });
    },
    (sym) => out.push({ term: sym, isSymbol: true }),
    (num) => out.push({ term: num, isSymbol: false }),
  );
  return out;
}

/** Prose words of a docstring or query (lowercase stems, stop words removed), plus code in backticks. */
export function tokenizeProse(text: string, keepStopWords = false): RawToken[] {
  const out: RawToken[] = [];
  for (const t of tokenizeText(text)) {
    if (!t.isSymbol && !keepStopWords && STOP_WORDS.has(t.term)) continue;
    if (!t.isSymbol && isVariableTerm(t.term)) continue; // variable names x, n, f
    out.push(t);
  }
  return out;
}

// Masks what a declaration scanner must not look into — comments and string/char literals — while
// keeping line numbers. Docstrings and strings are replaced by numbered markers so the scanner can
// still attach a docstring to the next declaration and read `(since := "…")`-style arguments.

/** `\u0001<n>\u0001` stands for docstring n; `\u0002<n>\u0002` for string literal n (quotes included). */
export const DOC_MARK = '\u0001';
export const STR_MARK = '\u0002';

export interface Lexed {
  /** The source with comments blanked and literals replaced by markers; same number of lines. */
  code: string;
  docs: string[];
  strings: string[];
  /** Module docstrings (`/-! … -/`), in order. */
  moduleDocs: string[];
  problems: string[];
}

const SPECIAL = /\/-|--|"|'/g;
const CHAR_LITERAL = /'(?:\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)|[^'\\\n])'/y;

function newlines(text: string, from: number, to: number): string {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n === 0 ? '' : '\n'.repeat(n);
}

/** Identifier characters: a `'` right after one of these is a prime (`foo'`), not a char literal. */
function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || c === 33 || c === 63 ||
    (c >= 0x80 && c !== 0x2019 && c !== 0xbb /* » */) // unicode letters, subscripts, Greek
  );
}

/** Find the end (index after `-/`) of a block comment opened at `start` (pointing at `/-`); nested comments count. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 1;
  let i = start + 2;
  const n = text.length;
  while (i < n) {
    const open = text.indexOf('/-', i);
    const close = text.indexOf('-/', i);
    if (close === -1) return -1;
    if (open !== -1 && open < close) {
      depth++;
      i = open + 2;
    } else {
      depth--;
      i = close + 2;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function lex(text: string): Lexed {
  const parts: string[] = [];
  const docs: string[] = [];
  const strings: string[] = [];
  const moduleDocs: string[] = [];
  const problems: string[] = [];
  let last = 0;
  SPECIAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPECIAL.exec(text)) !== null) {
    const at = m.index;
    const tok = m[0];
    if (tok === '--') {
      const eol = text.indexOf('\n', at);
      parts.push(text.slice(last, at));
      last = eol === -1 ? text.length : eol;
      SPECIAL.lastIndex = last;
    } else if (tok === '/-') {
      let end = blockCommentEnd(text, at);
      if (end === -1) {
        problems.push(`unterminated comment at line ${lineOf(text, at)}`);
        end = text.length;
      }
      parts.push(text.slice(last, at));
      const c2 = text.charCodeAt(at + 2);
      const isDoc = c2 === 45 /* - */ && text.charCodeAt(at + 3) !== 47; /* `/--/` is an empty comment */
      const isModuleDoc = c2 === 33; /* ! */
      if (isDoc || isModuleDoc) {
        const body = text.slice(at + 3, Math.max(at + 3, end - 2)).trim();
        if (isDoc) {
          parts.push(`${DOC_MARK}${docs.length}${DOC_MARK}`);
          docs.push(body);
        } else {
          moduleDocs.push(body);
          parts.push(' ');
        }
      } else {
        parts.push(' ');
      }
      parts.push(newlines(text, at, end));
      last = end;
      SPECIAL.lastIndex = end;
    } else if (tok === '"') {
      let i = at + 1;
      const n = text.length;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i += 2;
        else if (c === 34) break;
        else i++;
      }
      let end = i + 1;
      if (i >= n) {
        problems.push(`unterminated string at line ${lineOf(text, at)}`);
        end = n;
      }
      parts.push(text.slice(last, at), `${STR_MARK}${strings.length}${STR_MARK}`, newlines(text, at, end));
      strings.push(text.slice(at, end));
      last = end;
      SPECIAL.lastIndex = end;
    } else {
      // `'`: a char literal only when not the prime of an identifier (`foo'`).
      if (at > 0 && isIdentChar(text.charCodeAt(at - 1))) continue;
      CHAR_LITERAL.lastIndex = at;
      const cm = CHAR_LITERAL.exec(text);
      if (!cm) continue;
      const end = at + cm[0].length;
      parts.push(text.slice(last, at), ' c ');
      last = end;
      SPECIAL.lastIndex = end;
    }
  }
  parts.push(text.slice(last));
  return { code: parts.join(''), docs, strings, moduleDocs, problems };
}

function lineOf(text: string, at: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const RESTORE = /\u0002(\d+)\u0002/g;
/** Put string literals back into a masked snippet (for signatures and attribute arguments). */
export function restoreStrings(s: string, strings: string[]): string {
  if (s.indexOf(STR_MARK) === -1) return s;
  return s.replace(RESTORE, (_, i: string) => strings[Number(i)] ?? '""');
}

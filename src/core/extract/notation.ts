// Notation commands (`notation "⌊" a "⌋" => Int.floor a`, `infixl:65 " +ᵥ " => HVAdd.hVAdd`, `notation "𝓝" => nhds`):
// what the library's own notation stands for, so that a query that is just the notation (`⌊x⌋`, `f =O[l] g`, `𝓝`)
// finds the declaration it denotes.

import { matchingBracket } from '../statement';

/** A notation's pieces in order: its literal tokens (whitespace dropped), `null` where an argument goes. */
export type NotationPieces = (string | null)[];

export interface ReadNotation {
  pieces: NotationPieces;
  /** The identifier the notation unfolds to, as written (`Int.floor`, `IsBigO`). */
  head: string;
}

const STRING = /"((?:[^"\\]|\\.)*)"/y;
const IDENT = /[\p{L}_][\p{L}\p{N}_'!?₀-₉.]*/uy;

/**
 * Reads `notation`/`notation3`/`infix`/`infixl`/`infixr`/`prefix`/`postfix` after its keyword: `text` runs to the end
 * of the command. Undefined where it is not a notation for one constant (a macro, a binder notation whose unfolding
 * starts with notation of its own, a token of plain ASCII letters).
 */
export function readNotation(keyword: string, text: string): ReadNotation | undefined {
  let s = text.trim();
  // `:65`, `:max` precedence, `(name := …)`, `(priority := …)`
  for (;;) {
    const m = /^(?::\s*[\w+-]+|\(\s*(?:name|priority)\s*:=[^)]*\))\s*/.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  const arrow = topLevelArrow(s);
  if (arrow < 0) return undefined;
  const lhs = s.slice(0, arrow);
  const rhs = s.slice(arrow + 2).trim();
  const pieces: NotationPieces = [];
  const vars = new Set<string>();
  const push = (p: string | null) => appendPiece(pieces, p);
  if (keyword === 'infix' || keyword === 'infixl' || keyword === 'infixr' || keyword === 'prefix' || keyword === 'postfix') {
    const lit = /^"((?:[^"\\]|\\.)*)"\s*$/.exec(lhs.trim());
    if (!lit) return undefined;
    if (keyword !== 'prefix') push(null);
    push(literal(lit[1]));
    if (keyword !== 'postfix') push(null);
  } else {
    for (let i = 0; i < lhs.length; ) {
      const c = lhs[i];
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      STRING.lastIndex = i;
      const str = STRING.exec(lhs);
      if (str) {
        push(literal(str[1]));
        i = STRING.lastIndex;
        continue;
      }
      IDENT.lastIndex = i;
      const id = IDENT.exec(lhs);
      if (id) {
        vars.add(id[0]);
        push(null);
        i = IDENT.lastIndex;
        // an argument's precedence (`a:max`, `r:67`) and what a binder notation makes of it (`r:(scoped f => iSup f)`)
        for (;;) {
          const prec = /^:\s*[\w+-]+/.exec(lhs.slice(i));
          if (prec) i += prec[0].length;
          else if (/^:\s*\(/.test(lhs.slice(i))) {
            const close = matchingBracket(lhs, lhs.indexOf('(', i));
            if (close < 0) return undefined;
            i = close + 1;
          } else break;
        }
        continue;
      }
      if (c === '(') {
        // a binder group of notation3 (`(...)`, `(x : t)`): an argument
        const close = matchingBracket(lhs, i);
        if (close < 0) return undefined;
        push(null);
        i = close + 1;
        continue;
      }
      return undefined;
    }
  }
  const literals = pieces.filter((p): p is string => p !== null);
  if (!literals.length || literals.every((l) => /^[A-Za-z]+$/.test(l))) return undefined;
  // What it unfolds to: the head constant of the right side, through a leading `fun x =>`.
  let body = rhs.replace(/^\(+/, '');
  const lambda = /^(?:fun|λ)\b[^=↦]*(?:=>|↦)\s*/.exec(body);
  if (lambda) body = body.slice(lambda[0].length).replace(/^\(+/, '');
  let head = /^@?([\p{L}_][\p{L}\p{N}_'!?₀-₉.]*)/u.exec(body)?.[1]?.replace(/\.$/, '');
  // A binder notation unfolds to its argument, a `scoped` function of the bound variables: `(scoped f => iSup f)`.
  if (head && vars.has(head)) head = /\(\s*scoped\b[^=]*=>\s*@?([\p{L}_][\p{L}\p{N}_'!?₀-₉.]*)/u.exec(lhs)?.[1];
  if (!head || vars.has(head) || head === 'fun' || head === 'λ') return undefined;
  return { pieces, head };
}

/** How the library's prose states a notation: "`∑ x ∈ s, f x` is notation for `Finset.sum s f`". */
const SAID_NOTATION = /`([^`\n]{1,40})`\s+(?:is|denotes)\s+(?:the\s+)?notation\s+for\s+`\(?([\p{L}_][\p{L}\p{N}_'!?₀-₉.]*)/gu;
/** A variable of an example (`x`, `s`, `f`, `A`, `Q₁`): one letter, maybe indexed or primed; longer words are tokens. */
const EXAMPLE_VARIABLE = /^[A-Za-zα-ωΑ-Ω𝒜-𝓏](?:[₀-₉']*)$/u;

/** Notation the prose of a docstring states by example, as pieces and the name it is notation for. */
export function notationsSaidIn(doc: string): ReadNotation[] {
  if (!doc.includes('notation for')) return [];
  const out: ReadNotation[] = [];
  for (const m of doc.matchAll(SAID_NOTATION)) {
    const pieces: NotationPieces = [];
    for (const t of m[1].match(/[\p{L}\p{N}_'₀-₉]+|\S/gu) ?? []) appendPiece(pieces, EXAMPLE_VARIABLE.test(t) ? null : t);
    const head = m[2].replace(/\.$/, '');
    if (pieces.some((p) => p !== null && !/^[A-Za-z]+$/.test(p)) && !head.endsWith('_')) out.push({ pieces, head });
  }
  return out;
}

/** Adds a literal or an argument place: adjacent literals join (`"∂" "["` is `∂[`), adjacent arguments are one. */
function appendPiece(pieces: NotationPieces, p: string | null): void {
  if (p === null ? pieces[pieces.length - 1] === null : !p) return;
  if (p !== null && typeof pieces[pieces.length - 1] === 'string') pieces[pieces.length - 1] += p;
  else pieces.push(p);
}

/** A literal token without its spaces (Lean's tokens are matched without them; `" =O[" ` is `=O[`). */
function literal(s: string): string {
  return s.replace(/\\(.)/g, '$1').replace(/\s+/g, '');
}

function topLevelArrow(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '=' && s[i + 1] === '>') return i;
  }
  return -1;
}

/** An argument of a notation query: a term without operators of its own (`x`, `f i`, `s.card`, `(n + 1)`), short. */
const SIMPLE_ARGUMENT = /^(?:[\p{L}\p{N}_'.!?₀-₉ᵢ-ᵪ⁰-⁹]|\([\p{L}\p{N}_'.+*/^-]{1,20}\))+$/u;

/**
 * Whether a query is written in this notation, whole: its literals in order, a simple term in each argument's place
 * (not a statement that uses the notation somewhere: `⌊x⌋`, `f =O[l] g`, not `a * b * c = a * (b * c)`), whitespace ignored.
 * `compact` is the query without whitespace.
 */
export function writtenIn(pieces: NotationPieces, compact: string): boolean {
  let pos = 0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p === null) continue;
    const argBefore = k > 0 && pieces[k - 1] === null;
    // (the last literal ends the query)
    const at = k === pieces.length - 1 ? compact.length - p.length : compact.indexOf(p, pos + (argBefore ? 1 : 0));
    if (at < 0 || !compact.startsWith(p, at) || (argBefore ? at < pos + 1 : at !== pos)) return false;
    if (argBefore && !SIMPLE_ARGUMENT.test(compact.slice(pos, at))) return false;
    pos = at + p.length;
  }
  const last = pieces[pieces.length - 1];
  return last === null ? pos < compact.length && SIMPLE_ARGUMENT.test(compact.slice(pos)) : pos === compact.length;
}

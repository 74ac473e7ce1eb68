// Objects a textbook names by a notation of its own (`$GL_n(\R)$`, `$\Z/n\Z$`, `$C^\infty$`, `$K[X]$`): most have no
// Lean notation, and their symbols say nothing a search can use, so a formula that is wholly one of them is read as the
// words that name the object ("general linear group"), which the library's names and docstrings have; where Lean
// writes the object so too (`GL`, `SL2`, `ℙ`, `ℚ_[p]`), the formula is kept beside its words.

/** Blackboard and bold letters as one character each (`\mathbb{Z}`, `\Z`, `\mathbf{Z}`, `ℤ` are all `ℤ`). */
const BLACKBOARD: Record<string, string> = { Z: 'ℤ', Q: 'ℚ', R: 'ℝ', C: 'ℂ', F: '𝔽', N: 'ℕ', P: 'ℙ', H: 'ℍ', K: '𝕂' };

function withBlackboardLetters(formula: string): string {
  return formula
    .replace(/\\(?:mathbb|mathbf|Bbb|bm)\s*\{?\s*([ZQRCFNPHK])\s*\}?/g, (_m, l: string) => BLACKBOARD[l])
    .replace(/\\([ZQRCFN])(?![A-Za-z])/g, (_m, l: string) => BLACKBOARD[l]);
}

/** A group or operator name set upright (`\mathrm{GL}`, `\operatorname{Aut}`) or not (`GL`). */
const upright = (name: string) => String.raw`(?:\\(?:mathrm|operatorname|text|textrm|mathsf|mathbf)\s*\{\s*${name}\s*\}|${name})`;
/** An index (`_n`, `_{2n}`), an argument list (`(n, \R)`, `\left(V\right)`), each optional where used. */
const INDEX = String.raw`(?:\s*_\s*(?:\{[^{}]*\}|[\w∞]))`;
const ARGUMENTS = String.raw`(?:\s*(?:\\left\s*)?\([^()]*\)(?:\\right\s*)?)`;
/** A ring written as one letter or a number system (`R`, `k`, `ℤ`, `\mathcal{O}`). */
const RING = String.raw`(?:[A-Za-z]|[ℤℚℝℂ𝔽𝕂]|\\math(?:cal|frak|scr)\s*\{\s*\w\s*\})`;
const VARIABLE = String.raw`(?:[A-Za-z](?:_\s*\{?\w+\}?)?)`;
/** Integers modulo a number: `ℤ/nℤ`, `ℤ/(n)`, `ℤ/n`, `ℤ/p^kℤ`. */
const INTEGERS_MODULO = String.raw`\(?\s*ℤ\s*/\s*(?:\([^()]*\)|\{[^{}]*\}|\w+(?:\s*\^\s*(?:\{[^{}]*\}|\w))?)\s*ℤ?\s*\)?`;

const whole = (pattern: string) => new RegExp(`^\\s*(?:${pattern})\\s*$`, 'u');

/** The formula is kept beside the words (Lean writes the object so too). */
const KEEP = true;

/** Notations that mean one object wherever they stand alone between dollars, the words for it, and whether to keep it. */
const NOTATIONS: [RegExp, string, boolean?][] = [
  [whole(`${upright('GL')}${INDEX}?${ARGUMENTS}?`), 'general linear group', KEEP],
  [whole(`${upright('PGL')}${INDEX}?${ARGUMENTS}?`), 'projective general linear group', KEEP],
  [whole(`${upright('SL')}${INDEX}?${ARGUMENTS}?`), 'special linear group', KEEP],
  [whole(`${upright('PSL')}${INDEX}?${ARGUMENTS}?`), 'projective special linear group', KEEP],
  [whole(`${upright('SO')}${INDEX}?${ARGUMENTS}?`), 'special orthogonal group', KEEP],
  [whole(`${upright('SU')}${INDEX}?${ARGUMENTS}?`), 'special unitary group', KEEP],
  [whole(`${upright('Sp')}${INDEX}?${ARGUMENTS}?`), 'symplectic group', KEEP],
  // (a bare `O(n)` is as often a bound: upright, or with the field, `O(n, ℝ)`)
  [whole(String.raw`\\(?:mathrm|operatorname)\s*\{\s*O\s*\}${INDEX}?${ARGUMENTS}?|O\s*\(\s*\w+\s*,[^()]*\)`), 'orthogonal group', KEEP],
  [whole(String.raw`\\(?:mathrm|operatorname)\s*\{\s*U\s*\}${INDEX}?${ARGUMENTS}?|U\s*\(\s*\w+\s*(?:,[^()]*)?\)`), 'unitary group', KEEP],
  [whole(String.raw`(?:\\mathfrak\s*\{\s*S\s*\}|${upright('Sym')})${INDEX}?${ARGUMENTS}?`), 'symmetric group permutation'],
  [whole(`${upright('Aut')}${INDEX}?${ARGUMENTS}`), 'Aut automorphism group'],
  [whole(`${upright('End')}${INDEX}?${ARGUMENTS}`), 'End endomorphism'],
  [whole(`${upright('Gal')}${ARGUMENTS}`), 'Gal galois group'],
  // the units of the integers modulo n before the integers modulo n
  [whole(String.raw`\(\s*${INTEGERS_MODULO}\s*\)\s*\^\s*(?:\\times|×|\*|\\ast|\{\s*(?:\\times|×|\*|\\ast)\s*\})|${INTEGERS_MODULO}\s*\^\s*(?:\\times|×|\{\s*\\times\s*\})`), 'units of integers modulo'],
  [whole(INTEGERS_MODULO), 'integers modulo'],
  [whole(String.raw`𝔽\s*_\s*(?:\{[^{}]*\}|\w)`), 'finite field', KEEP],
  [whole(String.raw`ℚ\s*_\s*(?:\{\s*p\s*\}|p)`), 'p-adic numbers', KEEP],
  [whole(String.raw`ℤ\s*_\s*(?:\{\s*p\s*\}|p)`), 'p-adic integers', KEEP],
  // `C^k`, `C^\infty(M)`: differentiable k times with continuous derivatives
  [whole(String.raw`C\s*\^\s*(?:\{\s*(?:\\infty|∞)\s*\}|\\infty|∞)${ARGUMENTS}?`), 'smooth continuously differentiable'],
  [whole(String.raw`C\s*\^\s*(?:\{\s*[knmr\d]\s*\}|[knmr\d])${ARGUMENTS}?`), 'continuously differentiable'],
  // (an index alone, `M_n`, is as often a sequence: matrices name their ring)
  [whole(String.raw`(?:M|${upright('M')}|${upright('Mat')})${INDEX}${ARGUMENTS}`), 'matrix'],
  [whole(String.raw`${RING}\s*\[\s*\[\s*${VARIABLE}\s*\]\s*\]`), 'power series'],
  [whole(String.raw`${RING}\s*\(\s*\(\s*${VARIABLE}\s*\)\s*\)`), 'laurent series'],
  [whole(String.raw`${RING}\s*\[\s*${VARIABLE}\s*\]`), 'polynomial'],
  [whole(String.raw`${RING}\s*\[\s*(?:\\\{\s*)?\{?\s*${VARIABLE}\s*\}?(?:\s*\\\})?\s*(?:,[^\]]*)?\]`), 'multivariate polynomial'],
  // (a field of rational functions in a capital variable: `K(x)` is as often a function applied)
  [whole(String.raw`(?:[KkFL]|[ℚℝℂ𝔽𝕂])\s*\(\s*[XT]\s*\)`), 'rational function'],
  [whole(String.raw`(?:\\mathcal\s*\{\s*P\s*\}|\\wp|𝒫)\s*\(\s*[^()]+\)`), 'power set'],
  [whole(String.raw`ℙ(?:\s*\^\s*(?:\{[^{}]*\}|\w))?${INDEX}?${ARGUMENTS}?`), 'projective space', KEEP],
  [whole(String.raw`[A-Za-z]\s*\^\s*(?:\{\s*)?(?:T|\\top|\\intercal|⊤|ᵀ)(?:\s*\})?`), 'transpose'],
  [whole(String.raw`[A-Za-z]\s*\^\s*(?:\{\s*)?(?:\\dagger|†|H|ᴴ)(?:\s*\})?`), 'conjugate transpose'],
  [whole(String.raw`[UVWEF]\s*\^\s*(?:\{\s*)?(?:\*|\\ast|\\vee|∨)(?:\s*\})?`), 'dual space'],
];

/** Letters that name a group only where the query speaks of groups (`S_n` is as often a partial sum, `A_n` a set). */
const GROUP_LETTERS: [RegExp, string][] = [
  [whole(String.raw`S\s*_\s*(?:\{\s*\w+\s*\}|\w)`), 'symmetric group permutation'],
  [whole(String.raw`A\s*_\s*(?:\{\s*\w+\s*\}|\w)`), 'alternating group'],
  [whole(String.raw`D\s*_\s*(?:\{\s*\w+\s*\}|\w)`), 'dihedral group'],
];
const SPEAKS_OF_GROUPS = /\b(?:group|groups|subgroups?|permutations?|sylow)\b/i;

/** The words a formula stands for when it is wholly one textbook notation (`$GL_n(\R)$` → "general linear group");
 *  `prose`: the rest of the query, which says whether a letter with an index is a group. */
export function textbookNotationWords(formula: string, prose = ''): { words: string; keep: boolean } | undefined {
  const f = withBlackboardLetters(formula);
  for (const [pattern, words, keep] of NOTATIONS) if (pattern.test(f)) return { words, keep: keep === true };
  if (SPEAKS_OF_GROUPS.test(prose)) for (const [pattern, words] of GROUP_LETTERS) if (pattern.test(f)) return { words, keep: true };
  return undefined;
}

/** A formula between dollars, or a word of prose without spaces (`GL_n`, `ℤ/nℤ`, `𝔽_p`): candidates for a reading. */
const FORMULA_OR_WORD = /\$([^$]+)\$|(?<=^|[\s(,;])([^\s$`]*[_^/\[(][^\s$`]*)(?=$|[\s),;.])/gu;

/** The query with each formula that is wholly a textbook notation read as its words ("the group $GL_n(\R)$" → "the group
 *  general linear group"); the rest as typed. */
export function readTextbookNotation(query: string): string {
  if (!/[_^/[(]/.test(query)) return query;
  const prose = query.replace(/\$[^$]*\$/g, ' ');
  const said = new Set(prose.toLowerCase().split(/[^a-z-]+/).map(singular));
  return query.replace(FORMULA_OR_WORD, (all: string, inDollars?: string, word?: string) => {
    const read = textbookNotationWords(inDollars ?? word ?? '', prose);
    if (!read) return all;
    // (the words the prose says already are not said twice: "the general linear group $GL_n$")
    const words = read.words.split(' ').filter((w) => !said.has(singular(w.toLowerCase())));
    return `${read.keep ? all : ''} ${words.join(' ')} `;
  });
}

function singular(word: string): string {
  return word.replace(/(?<=[^s])s$/, '');
}

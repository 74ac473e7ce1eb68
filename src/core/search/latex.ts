// LaTeX in queries (`$\sum_{i<n} i$`, `\mathbb{R}`, `\le`) turned into the unicode notation Lean and
// Mathlib use, via the Lean unicode-input abbreviation table (the same `\le` → `≤` users type in the
// editor). esbuild inlines the JSON, so the bundle has no runtime dependency on the package.
import abbreviations from '@leanprover/unicode-input/dist/abbreviations.json';

const TABLE = abbreviations as Record<string, string>;

// Where LaTeX and Lean's input method disagree (`\int` is ℤ in Lean's table, ∫ in LaTeX), LaTeX wins.
const LATEX_OVERRIDES: Record<string, string> = {
  int: '∫',
  iint: '∫',
  oint: '∫',
  frac: ' / ',
  dfrac: ' / ',
  tfrac: ' / ',
  cdot: ' * ',
  times: ' × ',
  ast: ' * ',
  div: ' / ',
  to: ' → ',
  mapsto: ' → ',
  rightarrow: ' → ',
  longrightarrow: ' → ',
  Rightarrow: ' → ',
  implies: ' → ',
  iff: ' ↔ ',
  Leftrightarrow: ' ↔ ',
  lvert: '|',
  rvert: '|',
  vert: '|',
  mid: ' ∣ ',
  lVert: '‖',
  rVert: '‖',
  Vert: '‖',
  '|': '‖',
  colon: ' : ',
  setminus: ' \\ ',
  backslash: ' \\ ',
  lim: ' lim ',
  limsup: ' limsup ',
  liminf: ' liminf ',
  sup: ' sup ',
  inf: ' inf ',
  max: ' max ',
  min: ' min ',
  det: ' det ',
  deg: ' degree ',
  // (a vector space's dimension, as Mathlib names it)
  dim: ' finrank ',
  ker: ' ker ',
  gcd: ' gcd ',
  lcm: ' lcm ',
  exp: ' exp ',
  log: ' log ',
  sin: ' sin ',
  cos: ' cos ',
  tan: ' tan ',
  Pr: ' probability ',
  mod: ' mod ',
  pmod: ' mod ',
  bmod: ' % ',
  equiv: ' ≡ ',
  binom: ' choose ',
  choose: ' choose ',
  ldots: ' ',
  cdots: ' ',
  dots: ' ',
  dotsc: ' ',
  dotsb: ' ',
  dotsm: ' ',
  dotso: ' ',
  quad: ' ',
  qquad: ' ',
  left: ' ',
  right: ' ',
  big: ' ',
  Big: ' ',
  bigg: ' ',
  Bigg: ' ',
  displaystyle: ' ',
  text: ' ',
  operatorname: ' ',
  emptyset: ' ∅ ',
  varnothing: ' ∅ ',
  infty: ' ∞ ',
  partial: ' ∂ ',
  prime: "'",
  // Sizing and spacing commands are layout
  bigl: ' ',
  bigr: ' ',
  Bigl: ' ',
  Bigr: ' ',
  biggl: ' ',
  biggr: ' ',
  Biggl: ' ',
  Biggr: ' ',
  middle: ' ',
  // Letter variants as Mathlib writes them (φ, not ϕ, is its totient, golden ratio and usual map name)
  phi: ' φ ',
  varphi: ' φ ',
  varepsilon: ' ε ',
  // Big operators Lean's table lacks, and ⊨ (Mathlib's `Realize` notation; the table's \models is ⊧)
  bigoplus: ' ⨁ ',
  bigotimes: ' ⨂ ',
  models: ' ⊨ ',
  // Mathlib writes inner products ⟪x, y⟫ (⟨ ⟩ is its anonymous constructor)
  langle: ' ⟪ ',
  rangle: ' ⟫ ',
};

/** Font/style macros whose argument is the content: `\mathrm{Hom}` → `Hom`, `\mathbb{R}` → `ℝ`. */
const STYLE_MACROS = new Set([
  'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'textrm', 'textbf', 'textit', 'text', 'operatorname', 'mathcal',
  'mathfrak', 'mathscr', 'boldsymbol', 'bm', 'emph', 'hat', 'widehat', 'bar', 'overline', 'tilde', 'widetilde',
  'vec', 'dot', 'ddot', 'underline',
]);

const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ', E: '𝔼', H: 'ℍ', K: '𝕜' };

/** True if the text contains LaTeX markup worth rewriting. */
export function looksLikeLatex(text: string): boolean {
  return /\$|\\[A-Za-z]/.test(text);
}

/** Rewrite LaTeX macros into Lean notation and drop layout noise; plain text passes through unchanged. */
export function latexToLean(text: string): string {
  if (!looksLikeLatex(text)) return text;
  // What sits side by side multiplies only inside a formula: between dollars where there are some (in prose, two letters
  // side by side are a word, and "of $\log x$" is no product), else in the whole text (a formula typed without them).
  const formulas = /\$[^$]+\$/.test(text);
  const read = (math: string) => functionProducts(intervals(lagrange(leibniz(matrices(setImages(congruences(limits(math))))))));
  let s = formulas ? text.replace(/\$([^$]+)\$/g, (_m, body: string) => `$${juxtaposed(read(body))}$`) : read(text);
  s = s.replace(/\$+/g, ' ');
  // \mathbb{R} and \mathbb R
  s = s.replace(/\\mathbb\s*\{?\s*([A-Za-z])\s*\}?/g, (_m, l: string) => ` ${BLACKBOARD[l] ?? l} `);
  s = fractions(s);
  s = squareRoots(s);
  s = bigOperators(s);
  s = integrals(s);
  s = eulerPowers(s);
  // A logarithm to a base (`\log_b x`, `\log_{10} x`) is Mathlib's `logb b x`.
  s = s.replace(/\\log\s*_\s*(?:\{([^{}]+)\}|([A-Za-z0-9]))/g, (_m, braced?: string, single?: string) => ` logb (${braced ?? single}) `);
  s = conditionBars(s);
  s = setBraces(s);
  // A supremum or infimum over an index (`\sup_i`, `\inf_{x \in s}`) is Lean's indexed ⨆ / ⨅ (`iSup`, `iInf`);
  // without one it stays the word (`\sup S`: `sSup`, the lattice's `sup`).
  s = s.replace(/\\(sup|inf)\s*(?=_)/g, (_m, w: string) => (w === 'sup' ? ' ⨆ ' : ' ⨅ '));
  // style macros keep their argument
  s = s.replace(/\\([A-Za-z]+)\s*\{([^{}]*)\}/g, (m, name: string, arg: string) => (STYLE_MACROS.has(name) ? ` ${arg} ` : m));
  s = s.replace(/\\([A-Za-z]+|[|{},;:! #'])/g, (_m, name: string) => {
    if (name === '{' || name === '}') return ' ';
    if (name === ',' || name === ';' || name === ':' || name === '!' || name === ' ') return ' ';
    if (name === '#' || name === "'") return name; // `\#` is `#` (a cardinality); `f\'` a prime
    if (STYLE_MACROS.has(name)) return ' ';
    const over = Object.hasOwn(LATEX_OVERRIDES, name) ? LATEX_OVERRIDES[name] : undefined;
    if (over !== undefined) return over;
    const uni = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined; // not `toString` & co. of Object's prototype
    if (uni !== undefined && !uni.includes('$CURSOR')) return ` ${uni} `;
    return ` ${name} `;
  });
  // sub/superscript markers and grouping braces are layout
  // (`^` is Lean's power notation too, so it stays as a symbol)
  s = s.replace(/\^\s*\{/g, ' ^ ').replace(/_\s*\{/g, ' ').replace(/[{}]/g, ' ').replace(/_/g, ' ');
  // Bars around a capital (`|G|`, `|H|`) are the size of a group or set, not an absolute value: Mathlib's `card`.
  s = s.replace(/\|\s*([A-Z])\s*\|/g, ' card $1 ');
  // A capital over a capital or 1 in brackets (`[G:H]`, `[G:1]`) is a subgroup's index, Mathlib's `index`.
  s = s.replace(/\[\s*([A-Z])\s*:\s*([A-Z1])\s*\]/g, ' index $2 ');
  // The size of a set written between bars (`|\{x \in s : p(x)\}|`) is its cardinality, Lean's `#{x ∈ s | p x}`.
  s = s.replace(/\|\s*(\u0002[^\u0002\u0003]*\u0003)\s*\|/g, '#$1');
  return s.replace(/\s+/g, ' ').replace(/\u0002/g, '{').replace(/\u0003/g, '}').trim();
}

/**
 * A set's braces `\{…\}` are Lean's (grouping braces are layout and go): kept aside from those, with a set-builder's
 * `:` read as Lean's `|` (`\{x : x^2 < 2\}` is `{x | x^2 < 2}`; of two, the last: `\{f : α → β : P\}`).
 */
function setBraces(s: string): string {
  if (!s.includes('\\{')) return s;
  let out = '';
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('\\{', i)) {
      open.push(out.length);
      out += '\u0002';
      i++;
    } else if (s.startsWith('\\}', i) && open.length) {
      const start = open.pop()!;
      const inner = out.slice(start + 1);
      const cut = inner.includes('|') ? -1 : lastTopLevelColon(inner);
      out = out.slice(0, start + 1) + (cut >= 0 ? `${inner.slice(0, cut)} | ${inner.slice(cut + 1)}` : inner) + '\u0003';
      i++;
    } else out += s[i];
  }
  return out;
}

/** The last `:` outside brackets and braces (not `:=`), or -1. */
function lastTopLevelColon(s: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{' || c === '\u0002') depth++;
    else if (c === ')' || c === ']' || c === '}' || c === '\u0003') depth--;
    else if (c === ':' && depth === 0 && s[i + 1] !== '=') found = i;
  }
  return found;
}

/**
 * `\mid` is "divides" (`a ∣ b`) except where it separates a condition: in set-builder braces (`\{x \mid p\}`,
 * Lean's `{x | p}`) and in square brackets (`\mu[t \mid s]`, Lean's conditional measure `μ[t|s]`) it is `|`.
 */
function conditionBars(s: string): string {
  if (!s.includes('\\mid')) return s;
  const open: string[] = [];
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('\\{', i) || s.startsWith('\\}', i)) {
      if (s[i + 1] === '{') open.push('{');
      else if (open[open.length - 1]?.startsWith('{')) open.pop();
      out += s.slice(i, i + 2);
      i += 2;
    } else if (s.startsWith('\\mid', i) && !/[A-Za-z]/.test(s[i + 4] ?? '')) {
      // Only the first bar of a group separates (`\{n \mid n \mid 12\}`: the second one divides).
      const top = open.length - 1;
      const separates = top >= 0 && !open[top].endsWith('|');
      if (separates) open[top] += '|';
      out += separates ? ' | ' : '\\mid';
      i += 4;
    } else {
      if (s[i] === '[') open.push('[');
      else if (s[i] === ']' && open[open.length - 1]?.startsWith('[')) open.pop();
      out += s[i++];
    }
  }
  return out;
}

/** `\frac{a+b}{2}` → `(a+b) / (2)` (also `\dfrac`, `\tfrac`, and `\frac12`): the numerator comes first, as in Lean. */
function fractions(s: string): string {
  const macro = /\\[dt]?frac(?![A-Za-z])/g;
  let out = '';
  let from = 0;
  for (let m; (m = macro.exec(s)); ) {
    const num = argumentAt(s, m.index + m[0].length);
    const den = num && argumentAt(s, num.end);
    if (!num || !den) continue;
    out += `${s.slice(from, m.index)} (${fractions(num.text)}) / (${fractions(den.text)}) `;
    from = den.end;
    macro.lastIndex = den.end;
  }
  return out + s.slice(from);
}

const BIG_OPERATORS: Record<string, string> = { sum: '∑', prod: '∏', bigcup: '⋃', bigcap: '⋂' };

/**
 * A big operator's range written under it, as Mathlib writes it: `\sum_{i=0}^{n-1} f` is `∑ i ∈ range n, f`
 * (`range (n + 1)` to `n`; `Icc a b` from another start), `\sum_{i<n}` is `∑ i ∈ range n,`, `\sum_{i \in s}` is
 * `∑ i ∈ s,`, `\sum_{d \mid n}` is `∑ d ∈ divisors n,`, `\sum_i` is `∑ i,`. Other ranges are left as written.
 */
function bigOperators(s: string): string {
  const macro = /\\(sum|prod|bigcup|bigcap)(?![A-Za-z])\s*_/g;
  let out = '';
  let from = 0;
  for (let m; (m = macro.exec(s)); ) {
    const under = argumentAt(s, m.index + m[0].length);
    if (!under) continue;
    let end = under.end;
    let over: string | undefined;
    const upper = /^\s*\^/.exec(s.slice(end));
    // To infinity: a series, Mathlib's `∑' n, f n` (`∏'`, and `⋃ n,` for a union).
    const infinite = /^\s*\^\s*(?:\{\s*\+?\\infty\s*\}|\+?\\infty(?![A-Za-z]))/.exec(s.slice(end));
    const from0 = infinite && /^([A-Za-z])\s*=\s*\d+$/.exec(under.text.trim());
    if (infinite && from0) {
      const op = m[1] === 'sum' || m[1] === 'prod' ? `${BIG_OPERATORS[m[1]]}'` : BIG_OPERATORS[m[1]];
      out += `${s.slice(from, m.index)} ${op} ${from0[1]}, `;
      from = end + infinite[0].length;
      macro.lastIndex = from;
      continue;
    }
    if (upper) {
      const arg = argumentAt(s, end + upper[0].length);
      if (!arg) continue;
      over = arg.text.trim();
      end = arg.end;
    }
    const range = bigOperatorRange(under.text.trim(), over);
    if (!range) continue;
    out += `${s.slice(from, m.index)} ${BIG_OPERATORS[m[1]]} ${range}, `;
    from = end;
    macro.lastIndex = end;
  }
  return out + s.slice(from);
}

/** An integral's differential (`dx`, `\,dx`, `\mathrm{d}x`) where its body ends, and the variable it names. */
const DIFFERENTIAL = /^([\s\S]*?)(?:\\[,;!:]|\s)*(?:\\(?:mathrm|operatorname)\s*\{\s*d\s*\}|(?<![A-Za-z\\])d)\s*([A-Za-z])(?![A-Za-z])/;

/** A square root's braces hold its argument: `\sqrt{xy}` is `√(x * y)`, `\sqrt{2}` `√2`. (Not an n-th root, `\sqrt[n]{x}`.) */
function squareRoots(s: string): string {
  return s.replace(/\\sqrt\s*\{([^{}]*)\}/g, (_m, arg: string) => (/^\s*[\p{L}\p{N}_.']+\s*$/u.test(arg) ? ` √${arg.trim()} ` : ` √(${arg.trim()}) `));
}

/** A definite integral as Mathlib writes it: `\int_a^b f(x)\,dx` is the interval integral `∫ x in a..b, f(x)`. Other
 *  integrals are left as written. */
function integrals(s: string): string {
  const macro = /\\int(?![A-Za-z])\s*_/g;
  let out = '';
  let from = 0;
  for (let m; (m = macro.exec(s)); ) {
    const lower = argumentAt(s, m.index + m[0].length);
    const caret = lower && /^\s*\^/.exec(s.slice(lower.end));
    const upper = lower && caret && argumentAt(s, lower.end + caret[0].length);
    const body = upper && DIFFERENTIAL.exec(s.slice(upper.end));
    if (!lower || !upper || !body || !body[1].trim()) continue;
    const bound = (b: string) => (/^\\[A-Za-z]+$/.test(b.trim()) ? b.trim() : operand(b.trim()));
    out += `${s.slice(from, m.index)} ∫ ${body[2]} in ${bound(lower.text)}..${bound(upper.text)}, ${body[1].trim()} `;
    from = upper.end + body[0].length;
    macro.lastIndex = from;
  }
  return out + s.slice(from);
}

/** `i ∈ range n` and the like for a big operator's subscript and superscript (see bigOperators), or undefined. */
function bigOperatorRange(under: string, over: string | undefined): string | undefined {
  const v = String.raw`([A-Za-z](?:_?[0-9])?)`;
  // (a bound is one term: not a list of conditions, `d \mid n,\ d < n`)
  const term = String.raw`([^,;]+?)`;
  const from = new RegExp(String.raw`^${v}\s*=\s*${term}$`).exec(under);
  if (from && over !== undefined && !/[,;]/.test(over)) {
    const [, i, start] = from;
    const last = /^(.+?)\s*-\s*1$/.exec(over);
    if (start === '0') return last ? `${i} ∈ range ${operand(last[1])}` : `${i} ∈ range (${over} + 1)`;
    return `${i} ∈ Icc ${operand(start)} ${operand(over)}`;
  }
  if (over !== undefined) return undefined;
  const below = new RegExp(String.raw`^${v}\s*<\s*${term}$`).exec(under);
  if (below) return `${below[1]} ∈ range ${operand(below[2])}`;
  const member = new RegExp(String.raw`^${v}\s*\\in\s+${term}$`).exec(under);
  if (member) return `${member[1]} ∈ ${member[2]}`;
  const divisor = new RegExp(String.raw`^${v}\s*\\mid\s+${term}$`).exec(under);
  if (divisor) return `${divisor[1]} ∈ divisors ${operand(divisor[2])}`;
  if (new RegExp(String.raw`^${v}$`).test(under)) return under;
  return undefined;
}

/** A function's argument as Lean writes it: bracketed unless one name or numeral. */
function operand(x: string): string {
  return /^(?:[\p{L}_][\p{L}\p{N}_.']*|\d+)$/u.test(x) ? x : `(${x})`;
}

/** `e^{x}`, `e^x`: Euler's number to a power is the exponential, `exp (x)` (Lean's `Real.exp x`, `Complex.exp z`). */
function eulerPowers(s: string): string {
  const power = /(?<![A-Za-z\\])e\s*\^/g;
  let out = '';
  let from = 0;
  for (let m; (m = power.exec(s)); ) {
    const arg = argumentAt(s, m.index + m[0].length);
    if (!arg) continue;
    out += `${s.slice(from, m.index)} exp (${arg.text}) `;
    from = arg.end;
    power.lastIndex = arg.end;
  }
  return out + s.slice(from);
}

/** A macro argument at `i` (spaces skipped): a balanced `{…}` group or one character. */
function argumentAt(s: string, i: number): { text: string; end: number } | undefined {
  while (s[i] === ' ') i++;
  if (i >= s.length) return undefined;
  if (s[i] !== '{') return /[\\}]/.test(s[i]) ? undefined : { text: s[i], end: i + 1 };
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return { text: s.slice(i + 1, j), end: j + 1 };
  }
  return undefined;
}

/**
 * A limit as Mathlib states it: `\lim_{n \to \infty} a_n = L` is `Tendsto (fun n => a_n) atTop (𝓝 L)` (`atBot` at
 * `-\infty`, `𝓝 a` at a point); the limit's body runs to the formula's first `=` outside brackets. A limit that is not
 * stated equal to something is left as written.
 */
function limits(math: string): string {
  const m = /\\lim\s*_\s*\{\s*([A-Za-z])\s*\\(?:to|rightarrow)\s*([^{}]*?)\s*\}/.exec(math);
  if (!m) return math;
  const rest = math.slice(m.index + m[0].length);
  let depth = 0;
  let eq = -1;
  for (let i = 0; i < rest.length && eq < 0; i++) {
    const c = rest[i];
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === '=' && depth === 0 && !'<>!'.includes(rest[i - 1] ?? '') && rest[i + 1] !== '>') eq = i;
  }
  if (eq < 0 || !rest.slice(0, eq).trim() || !rest.slice(eq + 1).trim()) return math;
  const at = m[2].replace(/\s+/g, '');
  const filter = /^\+?\\infty$/.test(at) ? 'atTop' : at === '-\\infty' ? 'atBot' : `(𝓝 ${at})`;
  return `${math.slice(0, m.index)}Tendsto (fun ${m[1]} => ${rest.slice(0, eq).trim()}) ${filter} (𝓝 (${rest.slice(eq + 1).trim()}))`;
}

/** A congruence as Mathlib writes it: `a \equiv b \pmod{n}` (or `\mod n`, `(\mathrm{mod}\ n)`) is `a ≡ b [MOD n]`. */
function congruences(math: string): string {
  if (!/\\equiv(?![A-Za-z])/.test(math)) return math;
  return math
    .replace(/\(\s*(?:\\mathrm\s*\{\s*mod\s*\}|\\text\s*\{\s*mod\s*\}|\\mod|mod)\s*(?:\\[ ,;]\s*)*([A-Za-z0-9]+)\s*\)/g, ' [MOD $1] ')
    .replace(/\\p?mod(?![A-Za-z])\s*(?:\{\s*([^{}]*?)\s*\}|([A-Za-z0-9]+))/g, (_m, a?: string, b?: string) => ` [MOD ${a ?? b}] `);
}

/** A set's operations, and what tells a formula is about sets. */
const SET_EXPRESSION = String.raw`[A-Z](?:\s*\\(?:cap|cup|setminus)\s*[A-Z])*`;
const ABOUT_SETS = /\\(?:cap|cup|setminus|subseteq|subset|supseteq|complement|emptyset|varnothing)(?![A-Za-z])|\^\s*\{?\s*c\b/;

/** Images and preimages of sets as Mathlib writes them, in a formula about sets: `f(A)` is `f '' A`, `f^{-1}(A)` is
 *  `f ⁻¹' A` (a capital, or capitals joined by set operations: elsewhere `f(A)` may be an application). */
function setImages(math: string): string {
  if (!ABOUT_SETS.test(math)) return math;
  return math
    .replace(new RegExp(String.raw`(?<![A-Za-z\\])([a-z])\s*\^\s*(?:\{\s*-\s*1\s*\}|-1)\s*\(\s*(${SET_EXPRESSION})\s*\)`, 'g'), " $1 ⁻¹' ($2) ")
    .replace(new RegExp(String.raw`(?<![A-Za-z\\])([a-z])\s*\(\s*(${SET_EXPRESSION})\s*\)`, 'g'), " $1 '' ($2) ");
}

/** A trace however it is typeset (`\mathrm{tr}`, `\operatorname{Tr}`, `\tr`), as one command. */
const TRACE = /\\(?:(?:operatorname|mathrm|text|textrm|mathsf)\s*\{\s*(?:tr|Tr|trace)\s*\}|tr(?![A-Za-z])|Tr(?![A-Za-z]))/g;
/** A transpose's mark: `^T`, `^{T}`, `^\top`, `^\intercal`, `^{\mathsf{T}}` (not `^t`, which may be a power). */
const TRANSPOSE = /\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\(?:mathsf|mathrm)\s*\{\s*T\s*\})\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))/g;

/**
 * Matrices as Mathlib writes them: a transpose is `ᵀ` (`(AB)^T` is `(A * B)ᵀ`), a trace `trace`, and in a formula
 * about matrices (a determinant, a trace or a transpose in it) capitals and transposes side by side multiply
 * (`\det(AB)`, `B^T A^T`); elsewhere capitals side by side may name one thing (`GL`, `SO`).
 */
function matrices(math: string): string {
  const s = math.replace(TRACE, ' \\trace ').replace(TRANSPOSE, 'ᵀ');
  if (!/\\(?:det|trace)(?![A-Za-z])|ᵀ/.test(s)) return s;
  return s.replace(/(?<![A-Za-z\\{])[A-Z](?:[A-Z])+(?![A-Za-z])/g, (caps: string) => caps.split('').join(' * ')).replace(/ᵀ\s*(?=[A-Z(](?![A-Za-z]))/g, 'ᵀ * ');
}

/** Leibniz's derivative, `\frac{d}{dx} f` or `\frac{df}{dx}`, is Mathlib's `deriv f` (as a command, so that nothing
 *  reads its letters as a product). */
function leibniz(math: string): string {
  return math.replace(/\\[dt]?frac\s*\{\s*(?:\\mathrm\s*\{\s*d\s*\}|d)\s*([A-Za-z]?)\s*\}\s*\{\s*(?:\\mathrm\s*\{\s*d\s*\}|d)\s*[A-Za-z]\s*\}/g, (_m, f: string) => ` \\deriv ${f} `);
}

/** Lagrange's derivative, a prime on a function (`f'`, `g'(x)`, `(f+g)'`), is Mathlib's `deriv` too; only on the letters
 *  that name functions (f, g, h) and on brackets: `x'`, `a'` are other variables, `f''` a second derivative. With a
 *  bracket's value (juxtaposed), a fresh set written first (fresh41, 16 pointwise and derivative formulas) nDCG@10
 *  .000 → .434 (folds .000/.000 → .616/.292); blind sets .341 → .344 and .316 → .319; every dev figure the same. */
function lagrange(math: string): string {
  let s = math.replace(/(?<![A-Za-z\\])([fgh])'(?!')/g, ' \\deriv $1 ');
  for (let close = s.search(/\)'(?!')/); close >= 0; close = s.search(/\)'(?!')/)) {
    let depth = 0;
    let open = close;
    for (; open >= 0; open--) {
      if (s[open] === ')') depth++;
      else if (s[open] === '(' && --depth === 0) break;
    }
    if (open < 0) break;
    s = `${s.slice(0, open)} \\deriv ${s.slice(open, close + 1)}${s.slice(close + 2)}`;
  }
  return s;
}

/** An interval's end: a numeral or a letter, signed or subscripted (`-1`, `a_1`, `\pi`). */
const INTERVAL_END = String.raw`-?\s*(?:\d+(?:\.\d+)?|[A-Za-z](?:_\{?[A-Za-z0-9]\}?)?|\\pi)`;
const INTERVAL = new RegExp(String.raw`(?<![\p{L}\p{N}_)\]}'])([[(])\s*(-\s*\\infty|${INTERVAL_END})\s*,\s*(\+?\s*\\infty|${INTERVAL_END})\s*([\])])`, 'gu');

/**
 * An interval as Mathlib names it: `[a,b]` is `Icc a b`, `[a,b)` `Ico a b`, `(a,b]` `Ioc a b`, `[a,\infty)` `Ici a`,
 * `(-\infty,b)` `Iio b`, … Not `(a,b)`, which is as often a pair; not brackets after a name (`f[x,y]`).
 */
function intervals(math: string): string {
  return math.replace(INTERVAL, (m, open: string, lo: string, hi: string, close: string) => {
    const below = /infty/.test(lo);
    const above = /infty/.test(hi);
    if (below && above) return m;
    const end = (x: string) => x.replace(/\s+/g, '');
    const l = open === '[' ? 'c' : 'o';
    const r = close === ']' ? 'c' : 'o';
    if (below) return ` I${r === 'c' ? 'ic' : 'io'} ${end(hi)} `;
    if (above) return ` I${l === 'c' ? 'ci' : 'oi'} ${end(lo)} `;
    return l === 'o' && r === 'o' ? m : ` I${l}${r} ${end(lo)} ${end(hi)} `;
  });
}

/** A function written after a term multiplies it (`x \log x` is `x * log x`; Lean would read an application); not after
 *  a command (`2 \le \log 3`: the `e` ends `\le`). */
function functionProducts(math: string): string {
  return math.replace(/(?<!\\[A-Za-z]*)([A-Za-z0-9)}ᵀ])\s*\\(log|ln|exp|sin|cos|tan|sinh|cosh|tanh|det|trace|sqrt)(?![A-Za-z])/g, '$1 * \\$2');
}

/** Two letters that name something in formulas (a logarithm, a trace, a differential) or are prose in math mode. */
const TWO_LETTER_WORDS = new Set(['ln', 'lg', 'tr', 'id', 'dx', 'dy', 'dz', 'dt', 'du', 'dv', 'ds', 'is', 'in', 'of', 'on', 'or', 'an', 'at', 'if', 'to', 'be', 'as', 'by', 'it', 'we', 'so', 'no']);

/**
 * A formula's juxtapositions as Lean writes them: a numeral or a letter beside a letter multiplies (`2i` is `2 * i`,
 * `xy` is `x * y`, in a power's or a fraction's braces too: `a^{mn}`, `\frac{ac}{bd}`; two lower-case letters only, not
 * a subscript's `a_{ij}` nor a style command's `\mathrm{id}`: `GL`, `SO` name groups), as do two absolute values, two
 * brackets with nothing between (`(a+b)(a-b)`; with a space they may be Lean's application) or two powers side by side
 * (`|x||y|`, `a^m a^n`; not a function's power and its argument, `\sin^2 x`, nor a big operator's or an integral's bound
 * and its body);
 * a power's braces holding more than one term group it (`a^{m+n}` is `a^(m+n)`; not Euler's number's nor a big
 * operator's bound); `^{-1}` is Lean's `⁻¹`; `^\complement`, and a set's `^c` (after a capital or a bracket: `A^c`,
 * `(A \cup B)^c`; `x^c` stays a power), are Lean's complement `ᶜ`.
 */
function juxtaposed(body: string): string {
  return body
    .replace(/\s*\^\s*(?:\{\s*\\complement\s*\}|\\complement(?![A-Za-z]))/g, 'ᶜ')
    .replace(/(?<=[A-Z)])\s*\^\s*(?:\{\s*c\s*\}|c(?![A-Za-z0-9]))/g, 'ᶜ')
    .replace(/\s*\^\s*(?:\{\s*-\s*1\s*\}|-1(?![0-9]))/g, '⁻¹')
    .replace(/(?<![A-Za-z0-9\\.])(\d+)([a-z])(?![A-Za-z0-9(_{'])/g, '$1 * $2')
    .replace(
      /(?<![A-Za-z\\]|_\{|\\(?:mathrm|text|textrm|textit|textbf|operatorname|mathbf|mathit|mathsf|mathcal|mathfrak|mathbb|mathscr)\{)([a-z])([a-z])(?![A-Za-z(_{'])/g,
      (m, a: string, b: string) => (TWO_LETTER_WORDS.has(m) ? m : `${a} * ${b}`),
    )
    .replace(/(\|[^|\s][^|]*\|)\s*(?=\|[^|\s][^|]*\|)/g, '$1 * ')
    .replace(/\)(?=\()(?!\(\s*[A-Za-z]\s*\))/g, ') * ')
    .replace(/\)\s*(?=[A-Za-z]'*\(|\\deriv\b)/g, ') * ')
    .replace(/(?<!(?:^|[^A-Za-z\\])e\s*|\}\s*)\^\s*\{([^{}]*[-+*/\s][^{}]*)\}/g, (_m, e: string) => `^(${e.trim()})`)
    .replace(/(?<!\\[A-Za-z]+\s*|\}\s*|_\s*[A-Za-z0-9]\s*)(\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))\s+(?=[a-z](?![A-Za-z(]))/g, '$1 * ');
}

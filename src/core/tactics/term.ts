// A small, forgiving reader of Lean terms as Lean prints them (goal targets, hypothesis types, the conclusions of
// premise signatures) into a tree, and first-order matching of a pattern (a premise's conclusion, with its bound and
// auto-bound variables as holes) against a term. It elaborates nothing: notation is read by precedence, `↑` and
// type ascriptions are dropped, `≥`/`>` are read as `≤`/`<` with the sides swapped. Text it cannot read becomes a
// `raw` node that only matches the same text. It never throws.

export type Term =
  | { k: 'id'; name: string; text: string }
  | { k: 'num'; value: string; text: string }
  | { k: 'app'; fn: Term; args: Term[]; text: string }
  | { k: 'bin'; op: string; l: Term; r: Term; text: string }
  | { k: 'un'; op: string; a: Term; text: string }
  | { k: 'bind'; op: string; vars: string[]; dom?: Term; body: Term; text: string }
  | { k: 'tuple'; open: string; items: Term[]; text: string }
  | { k: 'raw'; text: string };

interface Tok {
  t: string;
  kind: 'id' | 'num' | 'op';
  start: number;
  end: number;
}

// Longest first.
const OPS = [
  "⁻¹'", '=>', '↦', '<|', '|>', '<;>', ':=', "''", '⁻¹', '∃!', '⌋₊', '⌉₊', '×ˢ', '..', '→', '←', '↔', '≤', '≥', '≠', '<', '>', '=', '+', '-', '*',
  '/', '^', '%', '∣', '∈', '∉', '⊆', '⊂', '⊇', '⊃', '∩', '∪', '∧', '∨', '¬', '•', '∘', 'ᶜ', '↑', ',', ':', '∑', '∏', '∫', '⋃', '⋂', '∀', '∃',
  '|', '‖', '⌊', '⌋', '⌈', '⌉', '⟪', '⟫', '↥', '⇑', '√', '(', ')', '[', ']', '{', '}', '⟨', '⟩', '$', '·', '×', '≡', '≃', '≈', '#', '!', '\\', '⊔', '⊓', '∆', '⊤', '⊥',
];

const ID_START = /[\p{L}_]/u;
const ID_CONT = /[\p{L}\p{N}_']/u;
const NOT_ID = new Set(['ᶜ', 'ᵀ', 'λ', 'Π', 'Σ']);

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const cp = (j: number): string => (j < s.length ? String.fromCodePoint(s.codePointAt(j)!) : '');
  const isStart = (c: string | undefined) => !!c && ID_START.test(c) && !NOT_ID.has(c);
  const isCont = (c: string | undefined) => !!c && ID_CONT.test(c) && !NOT_ID.has(c);
  /** End of the name segments starting at j (code points, `a.b.c`). */
  const nameEnd = (j: number): number => {
    for (;;) {
      while (j < s.length && isCont(cp(j))) j += cp(j).length;
      if (s[j] === '.' && (isStart(cp(j + 1)) || /\d/.test(s[j + 1] ?? ''))) {
        j++;
        continue;
      }
      return j;
    }
  };
  while (i < s.length) {
    const c = cp(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^\d+(?:\.\d+)?/.exec(s.slice(i, i + 40));
    if (num) {
      out.push({ t: num[0], kind: 'num', start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    if (c === 'λ') {
      out.push({ t: 'fun', kind: 'op', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '?' && (s[i + 1] === '_' || isStart(cp(i + 1)))) {
      let j = i + 1;
      while (j < s.length && isCont(cp(j))) j += cp(j).length;
      out.push({ t: s.slice(i, j), kind: 'id', start: i, end: j });
      i = j;
      continue;
    }
    if (c === '«') {
      const j = s.indexOf('»', i);
      const e = j < 0 ? s.length : j + 1;
      out.push({ t: s.slice(i, e), kind: 'id', start: i, end: e });
      i = e;
      continue;
    }
    if (isStart(c)) {
      const j = nameEnd(i);
      const word = s.slice(i, j);
      const kw = word === 'fun' || word === 'in' || word === 'if' || word === 'then' || word === 'else' || word === 'at';
      out.push({ t: word, kind: kw ? 'op' : 'id', start: i, end: j });
      i = j;
      continue;
    }
    // `(a 2019).den`, `20!.gcd`: a projection of the term before.
    if (c === '.' && out.length > 0 && /[)⟩}!ᶜ¹]/.test(s[i - 1]) && isStart(cp(i + 1))) {
      const j = nameEnd(i + 1);
      out.push({ t: s.slice(i, j), kind: 'op', start: i, end: j });
      i = j;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    const t = op ?? String.fromCodePoint(s.codePointAt(i)!);
    out.push({ t, kind: 'op', start: i, end: i + t.length });
    i += t.length;
  }
  return out;
}

const BIN: Record<string, [number, boolean]> = {
  '<|': [10, true], $: [10, true], '|>': [10, false],
  '↔': [20, false], '→': [25, true], '∨': [30, true], '∧': [35, true], '×': [35, true],
  '=': [50, false], '≠': [50, false], '<': [50, false], '>': [50, false], '≤': [50, false], '≥': [50, false], '∈': [50, false],
  '∉': [50, false], '⊆': [50, false], '⊂': [50, false], '⊇': [50, false], '⊃': [50, false], '∣': [50, false], '≡': [50, false],
  '≃': [25, true], '≈': [50, false],
  '∪': [65, false], '⊔': [68, false], '+': [65, false], '-': [65, false], '∆': [100, false],
  '∩': [70, false], '⊓': [69, false], '*': [70, false], '/': [70, false], '%': [70, false], '\\': [70, false], '×ˢ': [82, false],
  '•': [73, true], '^': [75, true], "''": [80, false], "⁻¹'": [80, false], '∘': [90, true],
};
const POSTFIX = new Set(['⁻¹', 'ᶜ', '!']);
const BINDERS = new Set(['∀', '∃', '∃!', '∑', '∏', '∫', '⋃', '⋂', 'fun']);
const BIG_OPS = new Set(['∑', '∏', '∫', '⋃', '⋂']);
const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}', '⟨': '⟩', '|': '|', '‖': '‖', '⌊': '⌋', '⌈': '⌉' };
const APP_PREC = 1024;

class Parser {
  private i = 0;
  /** Closing bars of `|x|` / `‖x‖` being read, innermost last. */
  private bars: string[] = [];
  /** A bracket was not closed. */
  broken = false;
  constructor(private readonly src: string, private readonly toks: Tok[]) {}

  get done(): boolean {
    return this.i >= this.toks.length;
  }
  private peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  private text(from: number): string {
    const a = this.toks[from];
    const b = this.toks[Math.max(from, this.i - 1)];
    return a && b ? this.src.slice(a.start, b.end) : '';
  }
  private isStop(t: Tok | undefined): boolean {
    if (!t) return true;
    if (t.kind !== 'op') return false;
    if (t.t === '|' || t.t === '‖') return this.bars.at(-1) === t.t;
    return [')', ']', '}', '⟩', ',', ':', ':=', '=>', '↦', 'then', 'else', 'in', 'at', '⌋', '⌉', '⌋₊', '⌉₊', '..'].includes(t.t);
  }
  private startsArg(t: Tok | undefined): boolean {
    if (!t || this.isStop(t)) return false;
    if (t.kind !== 'op') return true;
    return ['(', '⟨', '⟪', '[', '{', 'fun', '↑', '↥', '⇑', '√', '⌊', '⌈', '·', '∑', '∏', '∫', '⋃', '⋂', '∀', '∃', '∃!', '⊤', '⊥', '#'].includes(t.t);
  }

  expr(minPrec = 0): Term {
    const from = this.i;
    let left = this.prefix();
    for (let guard = 0; guard < 10_000; guard++) {
      const t = this.peek();
      if (!t || this.isStop(t)) break;
      if (t.kind === 'op' && t.t.length > 1 && t.t.startsWith('.') && t.t !== '..') {
        this.i++;
        left = { k: 'app', fn: { k: 'id', name: t.t, text: t.t }, args: [left], text: this.text(from) };
        continue;
      }
      if (t.kind === 'op' && POSTFIX.has(t.t) && minPrec <= APP_PREC) {
        this.i++;
        left = { k: 'un', op: t.t, a: left, text: this.text(from) };
        continue;
      }
      const bin = t.kind === 'op' ? BIN[t.t] : undefined;
      if (bin) {
        const [prec, right] = bin;
        if (prec < minPrec) break;
        this.i++;
        const r = this.expr(right ? prec : prec + 1);
        if (t.t === '<|' || t.t === '$') left = apply(left, [r], this.text(from));
        else if (t.t === '|>') left = apply(r, [left], this.text(from));
        else left = { k: 'bin', op: t.t, l: left, r, text: this.text(from) };
        continue;
      }
      if (minPrec <= APP_PREC && this.startsArg(t)) {
        const args: Term[] = [];
        while (this.startsArg(this.peek())) {
          const before = this.i;
          args.push(this.arg());
          if (this.i === before) break;
        }
        left = apply(left, args, this.text(from));
        continue;
      }
      break;
    }
    return left;
  }

  /** One argument of an application: an atom, or a binder that extends as far as it can. */
  private arg(): Term {
    const t = this.peek()!;
    if (t.kind === 'op' && (BINDERS.has(t.t) || t.t === '↑' || t.t === '↥' || t.t === '⇑')) return this.prefix();
    return this.atom();
  }

  private prefix(): Term {
    const from = this.i;
    const t = this.peek();
    if (!t || this.isStop(t)) return { k: 'raw', text: '' };
    if (t.kind === 'op') {
      if (t.t === '¬') {
        this.i++;
        return { k: 'un', op: '¬', a: this.expr(40), text: this.text(from) };
      }
      if (t.t === '-') {
        this.i++;
        return { k: 'un', op: '-', a: this.expr(75), text: this.text(from) };
      }
      if (t.t === '↑' || t.t === '↥' || t.t === '⇑') {
        this.i++;
        const a = this.atom();
        return { k: 'un', op: '↑', a, text: this.text(from) };
      }
      if (BINDERS.has(t.t)) return this.binder();
      if (t.t === 'if') return this.ite();
    }
    return this.atom();
  }

  private atom(): Term {
    const from = this.i;
    let t = this.atom0();
    // Projections `(…).foo` bind tighter than application.
    while (this.peek()?.kind === 'op' && this.peek()!.t.length > 1 && this.peek()!.t.startsWith('.') && this.peek()!.t !== '..') {
      const field = this.peek()!.t;
      this.i++;
      t = { k: 'app', fn: { k: 'id', name: field, text: field }, args: [t], text: this.text(from) };
    }
    return t;
  }

  private atom0(): Term {
    const from = this.i;
    const t = this.peek();
    if (!t || this.isStop(t)) return { k: 'raw', text: '' };
    this.i++;
    if (t.kind === 'id') return { k: 'id', name: t.t, text: t.t };
    if (t.kind === 'num') return { k: 'num', value: t.t, text: t.t };
    switch (t.t) {
      case '(': {
        if (this.peek()?.t === ')') {
          this.i++;
          return { k: 'tuple', open: '(', items: [], text: '()' };
        }
        const items = [this.expr(0)];
        let closed = false;
        for (;;) {
          const n = this.peek();
          if (n?.t === ',') {
            this.i++;
            items.push(this.expr(0));
          } else if (n?.t === ':') {
            // A type ascription `(x : ℝ)`: the type is dropped.
            this.skipTo(')');
            if (this.toks[this.i - 1]?.t !== ')') this.broken = true;
            closed = true;
            break;
          } else break;
        }
        if (!closed) this.expectClose(')');
        return items.length === 1 ? items[0] : { k: 'tuple', open: '(', items, text: this.text(from) };
      }
      case '⟨': {
        const items: Term[] = [];
        while (this.peek() && this.peek()!.t !== '⟩') {
          const before = this.i;
          items.push(this.expr(0));
          if (this.peek()?.t === ',') this.i++;
          else if (this.i === before) this.i++;
          else if (this.peek()?.t !== '⟩') this.skipTo('⟩');
        }
        this.expectClose('⟩');
        return { k: 'tuple', open: '⟨', items, text: this.text(from) };
      }
      case '[':
      case '{': {
        this.i--;
        this.skipBalanced();
        return { k: 'raw', text: this.text(from) };
      }
      case '|':
      case '‖':
      case '⌊':
      case '⌈': {
        const close = CLOSE[t.t];
        if (close === '|' || close === '‖') this.bars.push(close);
        const a = this.expr(0);
        if (close === '|' || close === '‖') this.bars.pop();
        const n = this.peek();
        if (n && (n.t === close || n.t === close + '₊')) this.i++;
        const fn = t.t === '|' ? 'abs' : t.t === '‖' ? 'norm' : t.t === '⌊' ? 'floor' : 'ceil';
        return { k: 'app', fn: { k: 'id', name: fn, text: fn }, args: [a], text: this.text(from) };
      }
      case '√': {
        const a = this.atom();
        return { k: 'app', fn: { k: 'id', name: 'sqrt', text: '√' }, args: [a], text: this.text(from) };
      }
      case '⟪': {
        // Inner product `⟪x, y⟫_ℝ`: read whole.
        while (this.peek() && this.peek()!.t !== '⟫') this.i++;
        if (this.peek()) this.i++;
        if (this.peek()?.kind === 'id' && this.peek()!.t.startsWith('_') && this.toks[this.i - 1].end === this.peek()!.start) this.i++;
        return { k: 'raw', text: this.text(from) };
      }
      case '·':
      case '⊤':
      case '⊥':
        return { k: 'id', name: t.t, text: t.t };
      case '#': {
        const a = this.atom();
        return { k: 'app', fn: { k: 'id', name: 'card', text: '#' }, args: [a], text: this.text(from) };
      }
      default:
        return { k: 'raw', text: t.t };
    }
  }

  private binder(): Term {
    const from = this.i;
    const op = this.peek()!.t;
    this.i++;
    const sep = op === 'fun' ? ['=>', '↦'] : [','];
    const vars: string[] = [];
    let dom: Term | undefined;
    let depth = 0;
    /** Inside a binder type (after `:` at this depth, or after `>`/`∈`…): its names are not bound variables. */
    let typeDepth = Infinity;
    while (this.peek()) {
      const t = this.peek()!;
      if (depth === 0 && t.kind === 'op' && sep.includes(t.t)) break;
      if (depth === 0 && t.kind === 'op' && (t.t === ')' || t.t === '⟩' || t.t === ']' || t.t === '}')) break;
      if (t.t === '(' || t.t === '⟨' || t.t === '[' || t.t === '{' || t.t === '⦃') depth++;
      else if (t.t === ')' || t.t === '⟩' || t.t === ']' || t.t === '}' || t.t === '⦄') {
        depth--;
        if (depth < typeDepth) typeDepth = Infinity;
      }
      if (t.kind === 'id' && depth < typeDepth && t.t !== '_') vars.push(t.t);
      if (t.kind === 'op' && t.t === ':') typeDepth = Math.min(typeDepth, depth);
      if (depth === 0 && t.kind === 'op' && (t.t === '∈' || t.t === 'in')) {
        this.i++;
        const start = this.i;
        dom = this.expr(0);
        if (this.i === start) this.i++;
        typeDepth = 0;
        continue;
      }
      if (depth === 0 && t.kind === 'op' && ['<', '>', '≤', '≥', '≠', '⊆'].includes(t.t)) typeDepth = 0;
      this.i++;
    }
    if (this.peek() && sep.includes(this.peek()!.t)) this.i++;
    // Big operators take their body at precedence 67 (`∑ i ∈ s, f i = t` is `(∑ i ∈ s, f i) = t`).
    const body = this.expr(BIG_OPS.has(op) ? 67 : 0);
    return { k: 'bind', op, vars, dom, body, text: this.text(from) };
  }

  private ite(): Term {
    const from = this.i;
    this.i++;
    const c = this.expr(0);
    if (this.peek()?.t === 'then') this.i++;
    const a = this.expr(0);
    if (this.peek()?.t === 'else') this.i++;
    const b = this.expr(0);
    return { k: 'app', fn: { k: 'id', name: 'ite', text: 'if' }, args: [c, a, b], text: this.text(from) };
  }

  private expectClose(c: string): void {
    if (this.peek()?.t === c) this.i++;
    else {
      this.skipTo(c);
      if (this.toks[this.i - 1]?.t !== c) this.broken = true;
    }
  }
  /** Skip to just past the `c` that closes the current bracket. */
  private skipTo(c: string): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!.t;
      this.i++;
      if (t === '(' || t === '[' || t === '{' || t === '⟨') depth++;
      else if (t === ')' || t === ']' || t === '}' || t === '⟩') {
        if (depth === 0) {
          if (t !== c) this.i--;
          return;
        }
        depth--;
      }
    }
  }
  private skipBalanced(): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!.t;
      this.i++;
      if (t === '(' || t === '[' || t === '{' || t === '⟨') depth++;
      else if (t === ')' || t === ']' || t === '}' || t === '⟩') {
        depth--;
        if (depth <= 0) return;
      }
    }
  }
}

function apply(fn: Term, args: Term[], text: string): Term {
  if (args.length === 0) return fn;
  if (fn.k === 'app') return { k: 'app', fn: fn.fn, args: [...fn.args, ...args], text };
  return { k: 'app', fn, args, text };
}

const parseCache = new Map<string, Term>();

/** Read a term; text that is not read to its end becomes one `raw` node. */
export function parseTerm(text: string): Term {
  const src = text.replace(/\s+/g, ' ').trim();
  const hit = parseCache.get(src);
  if (hit) return hit;
  let term: Term;
  try {
    const p = new Parser(src, tokenize(src));
    const t = p.expr(0);
    term = p.done && !p.broken ? normalize(t) : { k: 'raw', text: src };
  } catch {
    term = { k: 'raw', text: src };
  }
  if (parseCache.size > 2000) parseCache.clear();
  parseCache.set(src, term);
  return term;
}

const FLIP: Record<string, string> = { '≥': '≤', '>': '<', '⊇': '⊆', '⊃': '⊂' };

/** Coercions and ascriptions dropped, `≥`/`>` flipped, applications flattened. */
function normalize(t: Term): Term {
  switch (t.k) {
    case 'un':
      if (t.op === '↑' || t.op === '↥' || t.op === '⇑') return normalize(t.a);
      return { ...t, a: normalize(t.a) };
    case 'bin': {
      const l = normalize(t.l);
      const r = normalize(t.r);
      const f = FLIP[t.op];
      return f ? { k: 'bin', op: f, l: r, r: l, text: t.text } : { ...t, l, r };
    }
    case 'app':
      return apply(normalize(t.fn), t.args.map(normalize), t.text);
    case 'bind':
      return { ...t, dom: t.dom && normalize(t.dom), body: normalize(t.body) };
    case 'tuple':
      return { ...t, items: t.items.map(normalize) };
    default:
      return t;
  }
}

/** A canonical string of a term (spacing and redundant parentheses do not matter). */
export function show(t: Term): string {
  switch (t.k) {
    case 'id':
      return t.name;
    case 'num':
      return t.value;
    case 'raw':
      return t.text.replace(/\s+/g, ' ');
    case 'app':
      return `(${show(t.fn)} ${t.args.map(show).join(' ')})`;
    case 'bin':
      return `(${show(t.l)} ${t.op} ${show(t.r)})`;
    case 'un':
      return `(${t.op} ${show(t.a)})`;
    case 'bind':
      return `(${t.op} ${t.vars.join(' ')}${t.dom ? ` ∈ ${show(t.dom)}` : ''}, ${show(t.body)})`;
    case 'tuple':
      return `${t.open}${t.items.map(show).join(', ')}`;
  }
}

/** Lean text for the term as an argument: atoms as they are, anything else in parentheses. */
export function asArg(t: Term): string {
  const s = t.text.trim();
  if (t.k === 'id' || t.k === 'num' || t.k === 'tuple') return s;
  if (/^\(.*\)$/.test(s) && balanced(s.slice(1, -1))) return s;
  return `(${s})`;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}

/** Every subterm, the term itself first (pre-order). */
export function* subterms(t: Term): Generator<Term> {
  yield t;
  switch (t.k) {
    case 'app':
      yield* subterms(t.fn);
      for (const a of t.args) yield* subterms(a);
      break;
    case 'bin':
      yield* subterms(t.l);
      yield* subterms(t.r);
      break;
    case 'un':
      yield* subterms(t.a);
      break;
    case 'bind':
      if (t.dom) yield* subterms(t.dom);
      yield* subterms(t.body);
      break;
    case 'tuple':
      for (const a of t.items) yield* subterms(a);
      break;
  }
}

/** Identifiers occurring in the term (free or not), in order of first occurrence. */
export function identifiers(t: Term): string[] {
  const out: string[] = [];
  for (const s of subterms(t)) if (s.k === 'id' && !out.includes(s.name)) out.push(s.name);
  return out;
}

/** The head of a term: its relation or operator, the function of an application, the binder. */
export function headOf(t: Term): string {
  switch (t.k) {
    case 'id':
      return t.name;
    case 'num':
      return '#num';
    case 'app':
      return headOf(t.fn);
    case 'bin':
      return t.op;
    case 'un':
      return t.op;
    case 'bind':
      return t.op;
    case 'tuple':
      return t.open;
    case 'raw':
      return t.text.split(/\s+/)[0] ?? '';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

export interface MatchResult {
  subst: Map<string, Term>;
  /** A repeated variable bound to different terms (might still agree up to unfolding). */
  inconsistent: number;
  /** Constants, numerals and operators of the pattern that were matched exactly (how specific the fit is). */
  specific: number;
  /** A higher-order hole matched loosely. */
  loose: number;
}

/** True for a name a premise's statement uses without binding it in its signature (`f`, `x₁`, `hf`). */
export function isAutoBoundName(name: string): boolean {
  if (CONSTS.has(name)) return false;
  return /^[a-zA-Zα-ωΑ-Ω][a-zA-Z]?[₀-₉\d'ᵢⱼₖ]*$/u.test(name);
}
const CONSTS = new Set(['π', 'id', 'ne', 'le', 'lt', 'or', 'if', 'on', 'in', 'at', 'to', 'I', 'fun', 'by', 'do']);

function sameConst(a: string, b: string): boolean {
  if (a === b) return true;
  return a.endsWith('.' + b) || b.endsWith('.' + a);
}

/** Match `pattern` (holes: the names in `vars`) against `target`. `seed` continues an earlier match. */
export function matchTerm(pattern: Term, target: Term, vars: ReadonlySet<string>, seed?: MatchResult): MatchResult | undefined {
  const st: MatchResult = seed
    ? { subst: new Map(seed.subst), inconsistent: seed.inconsistent, specific: seed.specific, loose: seed.loose }
    : { subst: new Map(), inconsistent: 0, specific: 0, loose: 0 };
  return go(pattern, target, new Map()) ? st : undefined;

  function bindVar(name: string, t: Term): boolean {
    const prev = st.subst.get(name);
    if (prev) {
      if (show(prev) !== show(t)) st.inconsistent++;
      return true;
    }
    st.subst.set(name, t);
    return true;
  }

  function go(p: Term, t: Term, local: Map<string, string>): boolean {
    switch (p.k) {
      case 'id': {
        if (p.name === '_' || p.name.startsWith('?')) return true;
        if (local.has(p.name)) return t.k === 'id' && t.name === local.get(p.name);
        if (vars.has(p.name)) return bindVar(p.name, t);
        const dot = p.name.indexOf('.');
        if (dot > 0 && vars.has(p.name.slice(0, dot))) {
          // `n.succ` with `n` a hole: matches `k.succ`.
          const suffix = p.name.slice(dot);
          if (t.k === 'id' && t.name.endsWith(suffix) && t.name.length > suffix.length) {
            const base = t.name.slice(0, -suffix.length);
            return bindVar(p.name.slice(0, dot), { k: 'id', name: base, text: base });
          }
          return false;
        }
        if (t.k === 'id' && sameConst(p.name, t.name)) {
          st.specific++;
          return true;
        }
        return false;
      }
      case 'num':
        if (t.k === 'num' && t.value === p.value) {
          st.specific++;
          return true;
        }
        return false;
      case 'app': {
        const hole = p.fn.k === 'id' && vars.has(p.fn.name) && !local.has(p.fn.name);
        if (hole) {
          if (t.k === 'app' && t.args.length === p.args.length) {
            const snapshot = { ...st, subst: new Map(st.subst) };
            if (go(p.fn, t.fn, local) && p.args.every((a, i) => go(a, t.args[i], local))) return true;
            Object.assign(st, snapshot);
          }
          // `f x` with `x` bound by an enclosing `fun`: any term could be `f` applied to it.
          if (p.args.some((a) => a.k === 'id' && local.has(a.name))) {
            st.loose++;
            return true;
          }
          return false;
        }
        if (t.k !== 'app' || t.args.length !== p.args.length) return false;
        return go(p.fn, t.fn, local) && p.args.every((a, i) => go(a, t.args[i], local));
      }
      case 'bin':
        if (t.k !== 'bin' || t.op !== p.op) return false;
        st.specific++;
        return go(p.l, t.l, local) && go(p.r, t.r, local);
      case 'un':
        if (t.k !== 'un' || t.op !== p.op) return false;
        st.specific++;
        return go(p.a, t.a, local);
      case 'bind': {
        if (t.k === 'bind') {
          const same = t.op === p.op || (t.op === 'fun' && p.op === 'fun');
          if (!same || t.vars.length !== p.vars.length) return false;
          if (!!p.dom !== !!t.dom) return false;
          if (p.dom && t.dom && !go(p.dom, t.dom, local)) return false;
          const inner = new Map(local);
          p.vars.forEach((v, i) => inner.set(v, t.vars[i]));
          st.specific++;
          return go(p.body, t.body, inner);
        }
        // η: `fun x => f x` against `g`.
        if (p.op === 'fun' && p.vars.length === 1 && p.body.k === 'app' && p.body.args.length === 1) {
          const a = p.body.args[0];
          if (a.k === 'id' && a.name === p.vars[0] && p.body.fn.k === 'id' && vars.has(p.body.fn.name)) return bindVar(p.body.fn.name, t);
        }
        return false;
      }
      case 'tuple':
        if (t.k !== 'tuple' || t.items.length !== p.items.length) return false;
        return p.items.every((a, i) => go(a, t.items[i], local));
      case 'raw':
        return p.text !== '' && show(p) === show(t);
    }
  }
}

/** How many nodes of the pattern are not holes (a pattern that is only holes fits everything). */
export function specificity(p: Term, vars: ReadonlySet<string>): number {
  let n = 0;
  for (const s of subterms(p)) {
    if (s.k === 'id' && (vars.has(s.name) || s.name === '_')) continue;
    if (s.k === 'app' && s.fn.k === 'id' && vars.has(s.fn.name)) continue;
    n++;
  }
  return n;
}

/** `x.f.g` with `x` a variable (`isVar`) read as `.g (.f x)`, so that `x` is a subterm like any other. */
export function splitProjections(t: Term, isVar: (name: string) => boolean): Term {
  const go = (x: Term): Term => {
    switch (x.k) {
      case 'id': {
        const parts = x.name.split('.');
        if (parts.length < 2 || !parts[0] || !isVar(parts[0]) || parts.slice(1).some((p) => !p)) return x;
        let cur: Term = { k: 'id', name: parts[0], text: parts[0] };
        for (let i = 1; i < parts.length; i++) {
          const f = '.' + parts[i];
          cur = { k: 'app', fn: { k: 'id', name: f, text: f }, args: [cur], text: parts.slice(0, i + 1).join('.') };
        }
        return cur;
      }
      case 'app': {
        const fn = go(x.fn);
        // `x.f a` → `.f x a`
        if (fn.k === 'app' && fn !== x.fn) return { k: 'app', fn: fn.fn, args: [...fn.args, ...x.args.map(go)], text: x.text };
        return { ...x, fn, args: x.args.map(go) };
      }
      case 'bin':
        return { ...x, l: go(x.l), r: go(x.r) };
      case 'un':
        return { ...x, a: go(x.a) };
      case 'bind': {
        const inner = (n: string) => !x.vars.includes(n) && isVar(n);
        const body = splitProjections(x.body, (n) => x.vars.includes(n) || inner(n));
        return { ...x, dom: x.dom && go(x.dom), body };
      }
      case 'tuple':
        return { ...x, items: x.items.map(go) };
      default:
        return x;
    }
  };
  return go(t);
}

/** Identifiers not bound inside the term, in order of first occurrence. */
export function freeIdentifiers(t: Term): string[] {
  const out: string[] = [];
  const go = (x: Term, bound: ReadonlySet<string>): void => {
    switch (x.k) {
      case 'id':
        if (!bound.has(x.name) && !out.includes(x.name)) out.push(x.name);
        return;
      case 'app':
        go(x.fn, bound);
        x.args.forEach((a) => go(a, bound));
        return;
      case 'bin':
        go(x.l, bound);
        go(x.r, bound);
        return;
      case 'un':
        go(x.a, bound);
        return;
      case 'bind': {
        if (x.dom) go(x.dom, bound);
        go(x.body, new Set([...bound, ...x.vars]));
        return;
      }
      case 'tuple':
        x.items.forEach((a) => go(a, bound));
        return;
      default:
        return;
    }
  };
  go(t, new Set());
  return out;
}

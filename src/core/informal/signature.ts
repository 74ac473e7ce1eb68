// A small structural reader for declaration signatures as the index stores them
// (`{α : Type*} [Foo α] (a b : α) (h : P a) : a + b = b + a`): binders, hypotheses, conclusion.
// It does not elaborate anything; it only splits on brackets, `:`, `→` and `∀ …,` at the top level.

export type BinderKind = 'explicit' | 'implicit' | 'instance' | 'strict-implicit';

export interface Binder {
  kind: BinderKind;
  names: string[];
  type: string;
}

export interface SignatureShape {
  binders: Binder[];
  /** Premises of the type itself (`A → B → C` gives A, B). */
  arrows: string[];
  /** Variables bound by a leading `∀ x y,` in the type. */
  foralls: string[];
  conclusion: string;
}

const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']', '⦃': '⦄', '⟨': '⟩' };
const CLOSERS = new Set(Object.values(OPEN));

/** Index of the bracket closing the one at `start`, or -1. */
function matching(s: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) stack.push(OPEN[c]);
    else if (CLOSERS.has(c)) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Split `s` on `sep` occurrences that are outside all brackets. */
export function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (OPEN[c]) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(last, i));
      last = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(last));
  return parts.map((p) => p.trim());
}

function parseBinder(inner: string, kind: BinderKind): Binder {
  const colon = splitTopLevel(inner, ' : ');
  if (colon.length >= 2) return { kind, names: colon[0].split(/\s+/).filter(Boolean), type: colon.slice(1).join(' : ') };
  // `[Foo α]` or `(x)` without a type.
  return kind === 'instance' ? { kind, names: [], type: inner.trim() } : { kind, names: inner.trim().split(/\s+/), type: '' };
}

export function parseSignature(signature: string): SignatureShape {
  let s = signature.replace(/\s+/g, ' ').trim();
  const binders: Binder[] = [];
  for (;;) {
    const c = s[0];
    if (!c || !'({[⦃'.includes(c)) break;
    const end = matching(s, 0);
    if (end < 0) break;
    const inner = s.slice(1, end);
    const kind: BinderKind = c === '(' ? 'explicit' : c === '{' ? 'implicit' : c === '[' ? 'instance' : 'strict-implicit';
    binders.push(parseBinder(inner, kind));
    s = s.slice(end + 1).trim();
  }
  if (s.startsWith(':')) s = s.slice(1).trim();
  const { foralls, body } = stripForalls(s);
  const arrows = splitTopLevel(body, '→');
  const conclusion = arrows.pop() ?? body;
  return { binders, arrows, foralls, conclusion };
}

function stripForalls(type: string): { foralls: string[]; body: string } {
  const foralls: string[] = [];
  let body = type;
  for (;;) {
    const m = /^∀\s*/.exec(body);
    if (!m) break;
    const parts = splitTopLevel(body.slice(m[0].length), ',');
    if (parts.length < 2) break;
    foralls.push(parts[0]);
    body = parts.slice(1).join(', ');
  }
  return { foralls, body };
}

/** The top-level relation of a proposition: `=`, `↔`, `≤`, `<`, `≠`, … with its two sides. */
export function topRelation(prop: string): { rel: string; lhs: string; rhs: string } | undefined {
  for (const rel of ['↔', ' = ', ' ≠ ', ' ≤ ', ' < ', ' ≥ ', ' > ', ' ∣ ', ' ∈ ', ' ∉ ', ' ⊆ ']) {
    const parts = splitTopLevel(prop, rel);
    if (parts.length === 2) return { rel: rel.trim(), lhs: parts[0], rhs: parts[1] };
  }
  return undefined;
}

/** The head symbol of a proposition (`Continuous`, `=`, `≤`), used to match premises against goals. */
export function headSymbol(prop: string): string {
  const rel = topRelation(prop);
  if (rel) return rel.rel;
  const m = /^[¬]?\s*([^\s(]+)/.exec(prop.trim());
  return m ? m[1] : '';
}

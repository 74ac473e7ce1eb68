// What each proof of the library uses: the identifiers a declaration's proof text mentions that resolve to
// indexed declarations, as Lean would resolve them as far as text allows — the declaration's namespaces (those of
// its file and the prefixes of its own name), the file's `open`s (`open … in` for one declaration), `_root_.`, and
// generalized field notation (`h.trans` with `h : a ≤ b` → `LE.le.trans`, `hf.comp` with `hf : Continuous f` →
// `Continuous.comp`). The extractor does not keep proof text: files are read again here.
//
// These dependencies are what the learned stage (knn.ts) transfers from a theorem's neighbours to a new goal.
// Where `.lake/build` holds a module's `.ilean` (and it is newer than the source), its references replace the text
// resolution: the constants the elaborator resolved where the proof writes them (exact names, field notation, `open`s
// and `export`s as Lean read them). Constants a tactic uses without naming them (a `simp` set) are in neither.
import { lex } from '../extract/lexer';
import { bracketDelta } from '../extract/scanner';
import type { IleanUse } from '../extract/ilean';

/** What the dependency reader needs of the index's declaration store (DeclStore satisfies it). */
export interface DeclTable {
  readonly names: readonly string[];
  readonly kinds: Uint8Array;
  readonly moduleIdx: Uint32Array;
  readonly lines: Uint32Array;
  readonly modules: readonly { name: string; file: string }[];
  isGenerated(i: number): boolean;
  signature(i: number): string;
}

/** Kind indices (types.ts DECL_KINDS order) whose proofs are read: theorem, instance. */
export const KIND_THEOREM = 0;
export const KIND_INSTANCE = 3;

/** Lines that start a new command at column 0 end the text of the declaration before them. */
const COMMAND_START =
  /^(?:@\[|namespace\b|section\b|end\b|open\b|variable\b|universe\b|theorem\b|lemma\b|def\b|abbrev\b|instance\b|example\b|structure\b|class\b|inductive\b|opaque\b|axiom\b|attribute\b|alias\b|noncomputable\b|private\b|protected\b|set_option\b|#|local\b|scoped\b|macro\b|macro_rules\b|syntax\b|elab\b|elab_rules\b|notation\b|infix\b|infixl\b|infixr\b|prefix\b|postfix\b|initialize\b|export\b|mutual\b|irreducible_def\b|assert_not_exists\b|suppress_compilation\b|include\b|omit\b|unseal\b|seal\b|add_decl_doc\b|library_note\b|deriving\b|compile_inductive\b|run_cmd\b|\u0001)/;

/** Tactic names: at the start of a tactic step they are tactics, not the declarations they may share a name with. */
const TACTIC_WORDS = new Set(
  (
    'exact apply refine refine\' intro intros rintro use exists existsi constructor left right cases rcases obtain induction ' +
    'simp simp_all simpa dsimp rw rwa erw rewrite ring ring_nf linarith nlinarith positivity omega norm_num field_simp aesop ' +
    'tauto decide trivial congr gcongr convert calc show have haveI letI let set specialize subst split by_cases by_contra ' +
    'push_neg contrapose exfalso unfold change ext funext continuity measurability fun_prop infer_instance symm trans ' +
    'refl rfl assumption contradiction filter_upwards nth_rw nth_rewrite conv abel group noncomm_ring module linear_combination ' +
    'interval_cases fin_cases mono bound polyrith apply_fun lift choose classical exact_mod_cast norm_cast push_cast zify qify ' +
    'rify split_ifs split_ands and_intros peel wlog suffices generalize clear revert with at only using fun match'
  ).split(/\s+/),
);

/** Words after which a tactic step (or a term) starts. */
const STEP_BEFORE = new Set('by then else do at all_goals any_goals first try repeat iterate focus on_goal case next <;>'.split(' '));
/** Syntax, never a premise. */
const SYNTAX_WORDS = new Set('by then else do at if in from only using with fun match this show have let at all_goals any_goals first try repeat iterate focus on_goal case next sorry Type Sort Prop'.split(' '));

/** Heads of hypothesis types written with notation, for field notation (`h.le` with `h : a < b` → `LT.lt.le`). */
const RELATION_HEADS: [string, string[]][] = [
  ['↔', ['Iff']],
  ['∨', ['Or']],
  ['∧', ['And']],
  ['≠', ['Ne']],
  ['≤', ['LE.le']],
  ['≥', ['GE.ge', 'LE.le']],
  ['<', ['LT.lt']],
  ['>', ['GT.gt', 'LT.lt']],
  ['∉', ['Not']],
  ['∈', ['Membership.mem']],
  ['⊆', ['HasSubset.Subset']],
  ['⊂', ['HasSSubset.SSubset']],
  ['∣', ['Dvd.dvd']],
  ['=', ['Eq']],
];

/** Resolves written identifiers against the library's full names. */
export class NameResolver {
  private byName: Map<string, number>;

  constructor(readonly names: readonly string[]) {
    this.byName = new Map();
    for (let i = 0; i < names.length; i++) if (!this.byName.has(names[i])) this.byName.set(names[i], i);
  }

  get(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** `ident` as written inside namespaces `nss` (innermost first) with `opens`; -1 when nothing matches. */
  resolve(ident: string, nss: readonly string[], opens: readonly string[]): number {
    if (ident.startsWith('_root_.')) return this.get(ident.slice(7));
    for (const ns of nss) {
      const r = this.byName.get(ns + '.' + ident);
      if (r !== undefined) return r;
    }
    const r = this.byName.get(ident);
    if (r !== undefined) return r;
    for (const o of opens) {
      const q = this.byName.get(o + '.' + ident);
      if (q !== undefined) return q;
    }
    return -1;
  }
}

/** Scope of a file at a line: namespaces (innermost first) and opened namespaces. */
interface ScopeState {
  namespaces: string[];
  opens: string[];
}

/** One proof's context: where it is and what its statement's hypotheses are (for field notation). */
interface ProofContext {
  nss: string[];
  opens: string[];
  self: number;
  /** Identifier → resolution in this context (shared by the declarations of a file with the same scope). */
  memo?: Map<string, number>;
}

/**
 * Dependencies of every theorem (and instance) of one source file: `decls` are the ids of the file's declarations
 * that the scanner found in the text (not generated names), any order. Returns id → the ids its proof mentions.
 */
export function fileDependencies(text: string, decls: readonly number[], table: DeclTable, resolver: NameResolver, uses?: readonly IleanUse[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (!decls.length) return out;
  const code = lex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).code;
  const lineStarts: number[] = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const nLines = lineStarts.length;
  const lineText = (li: number) => code.slice(lineStarts[li], li + 1 < nLines ? lineStarts[li + 1] - 1 : code.length);

  // Declarations by line; several names on one line (a structure and its parts) share one text.
  const byLine = decls.slice().sort((a, b) => table.lines[a] - table.lines[b] || a - b);
  const starts: number[] = [];
  for (const d of byLine) if (starts[starts.length - 1] !== table.lines[d]) starts.push(table.lines[d]);

  const scope: ScopeState = { namespaces: [], opens: [] };
  /** Per scope level: how many namespace components and opens it added (to undo at `end`). */
  const frames: { ns: number; opens: number }[] = [];
  let pendingOpens: string[] = [];
  const memos = new Map<string, Map<string, number>>();
  let li = 0;
  let di = 0;
  const advanceTo = (line: number) => {
    // Scope commands at column 0 between the last declaration and this line.
    for (; li < line && li < nLines; li++) {
      const c = code.charCodeAt(lineStarts[li]);
      if (!(c >= 97 && c <= 122)) continue;
      const t = lineText(li);
      let m: RegExpExecArray | null;
      if ((m = /^namespace\s+([^\s]+)/.exec(t))) {
        const comps = m[1].split('.');
        frames.push({ ns: comps.length, opens: 0 });
        for (const comp of comps) scope.namespaces.push(comp);
        pendingOpens = [];
      } else if (/^(?:noncomputable\s+)?section\b/.test(t)) {
        frames.push({ ns: 0, opens: 0 });
        pendingOpens = [];
      } else if ((m = /^end\b\s*([^\s]*)/.exec(t))) {
        // `end A.B` closes one scope per component when it closes a namespace.
        const comps = m[1] ? m[1].split('.').length : 1;
        let left = comps;
        while (left > 0 && frames.length) {
          const f = frames.pop()!;
          scope.namespaces.length -= Math.min(f.ns, scope.namespaces.length);
          scope.opens.length -= Math.min(f.opens, scope.opens.length);
          left -= Math.max(1, f.ns);
        }
        pendingOpens = [];
      } else if ((m = /^open\s+(.*)$/.exec(t))) {
        const rest = m[1];
        const inOne = /\bin\s*$/.test(rest);
        const names = openedNamespaces(rest.replace(/\bin\s*$/, ''));
        if (inOne) pendingOpens = pendingOpens.concat(names);
        else {
          for (const n of names) scope.opens.push(n);
          if (frames.length) frames[frames.length - 1].opens += names.length;
          pendingOpens = [];
        }
      }
    }
  };

  for (let s = 0; s < starts.length; s++) {
    const line = starts[s]; // 1-based
    const startLi = line - 1;
    if (startLi < 0 || startLi >= nLines) continue;
    advanceTo(startLi);
    const localOpens = pendingOpens;
    pendingOpens = [];
    // The declaration's text ends at the next declaration's line or the next command at column 0.
    let endLi = s + 1 < starts.length ? Math.min(nLines, starts[s + 1] - 1) : nLines;
    for (let l = startLi + 1; l < endLi; l++) {
      const c = code.charCodeAt(lineStarts[l]);
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (COMMAND_START.test(lineText(l))) {
        endLi = l;
        break;
      }
    }
    // Move past the declaration's lines for scope tracking (commands inside it are not scope commands).
    li = Math.max(li, startLi + 1);
    const from = lineStarts[startLi];
    const to = endLi < nLines ? lineStarts[endLi] : code.length;
    for (; di < byLine.length && table.lines[byLine[di]] === line; di++) {
      const d = byLine[di];
      const kind = table.kinds[d];
      if (kind !== KIND_THEOREM && kind !== KIND_INSTANCE) continue;
      if (out.has(d)) continue;
      const proofAt = proofStart(code, from, to);
      if (proofAt < 0) continue;
      if (uses) {
        // What Lean resolved (the module's .ilean): the constants used between the proof's start and the text's end.
        let li0 = startLi;
        while (li0 + 1 < nLines && lineStarts[li0 + 1] <= proofAt) li0++;
        const deps = usedBetween(uses, { line: li0 + 1, col: codePoints(code, lineStarts[li0], proofAt) }, endLi + 1, d, resolver);
        if (deps.length) out.set(d, deps);
        continue;
      }
      const nss = namespacesFor(table.names[d], scope.namespaces);
      const opens = localOpens.length ? scope.opens.concat(localOpens) : scope.opens;
      const scopeKey = `${nss.join(' ')}|${opens.join(' ')}`;
      let memo = memos.get(scopeKey);
      if (!memo) memos.set(scopeKey, (memo = new Map()));
      const deps = proofDependencies(code.slice(proofAt, to), table.signature(d), { nss, opens, self: d, memo }, resolver);
      if (deps.length) out.set(d, deps);
    }
    // Declarations the loop above skipped on this line (none expected): move on.
    while (di < byLine.length && table.lines[byLine[di]] <= line) di++;
  }
  return out;
}

/** Ids of the indexed constants `uses` (sorted by position) has at or after `from` and before line `endLine`, but `self`. */
function usedBetween(uses: readonly IleanUse[], from: { line: number; col: number }, endLine: number, self: number, resolver: NameResolver): number[] {
  let lo = 0;
  let hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const u = uses[mid];
    if (u.line < from.line || (u.line === from.line && u.col < from.col)) lo = mid + 1;
    else hi = mid;
  }
  const out = new Set<number>();
  for (let i = lo; i < uses.length && uses[i].line < endLine; i++) {
    const id = resolver.get(uses[i].name);
    if (id >= 0 && id !== self) out.add(id);
  }
  return [...out].sort((a, b) => a - b);
}

/** Code points of `s` from `from` to `to` (Lean counts columns in code points, JavaScript in UTF-16 units). */
function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Namespaces an `open` command names (`open A B`, `open A (x y)`, `open scoped A`, `open A hiding x`, `open A renaming x → y`). */
function openedNamespaces(rest: string): string[] {
  const out: string[] = [];
  const text = rest.replace(/\([^)]*\)/g, ' ').replace(/\b(?:hiding|renaming)\b.*$/, '');
  for (const w of text.split(/\s+/)) {
    if (!w || w === 'scoped') continue;
    if (/^[A-Za-z_\u0370-\u03ff][\w.'\u0370-\u03ff₀-₉]*$/.test(w)) out.push(w);
  }
  return out;
}

/**
 * Namespaces a proof's identifiers are resolved in, innermost first: the prefixes of the declaration's own name
 * (`theorem Finset.foo` reads `bar` as `Finset.bar`), then those of the file's current namespace.
 */
function namespacesFor(name: string, fileNs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) out.push(name.slice(0, i));
  for (let k = fileNs.length; k > 0; k--) {
    const ns = fileNs.slice(0, k).join('.');
    if (!out.includes(ns)) out.push(ns);
  }
  return out;
}

/** Offset just after the `:=` (or `where`, or the first `|` arm) that ends the statement, or -1. */
export function proofStart(code: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = code.charCodeAt(i);
    const bd = bracketDelta(c);
    if (bd) {
      depth = Math.max(0, depth + bd);
      continue;
    }
    if (depth > 0) continue;
    if (c === 58 /* : */ && code.charCodeAt(i + 1) === 61 /* = */) return i + 2;
    if (c === 10 /* \n */) {
      let j = i + 1;
      while (j < to && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j++;
      if (code.charCodeAt(j) === 124 /* | */ && code.charCodeAt(j + 1) !== 124) return j;
      if (code.startsWith('where', j) && !isIdentCode(code.charCodeAt(j + 5))) return j + 5;
    }
    if (c === 32 && code.startsWith(' where', i) && !isIdentCode(code.charCodeAt(i + 6))) return i + 6;
  }
  return -1;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x370 && c <= 0x3ff && c !== 0x3bb /* λ */) || (c >= 0x1f00 && c <= 0x1fff);
}
function isIdentCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 33 || c === 63 ||
    (c >= 0x370 && c <= 0x3ff && c !== 0x3bb) || (c >= 0x1f00 && c <= 0x1fff) || (c >= 0x2080 && c <= 0x2089) || (c >= 0x1d62 && c <= 0x1d6a)
  );
}

/**
 * The declarations a proof mentions. `signature` gives the hypotheses' types (for field notation on them); the
 * proof's own `have h : T` add more.
 */
export function proofDependencies(proof: string, signature: string, ctx: ProofContext, resolver: NameResolver): number[] {
  const found = new Set<number>();
  let locals: Map<string, string[]> | undefined;
  const localHeads = () => (locals ??= hypothesisHeads(signature, proof, ctx, resolver));
  const n = proof.length;
  let i = 0;
  /** Whether the next identifier starts a tactic step (line start, `;`, `·`, `<;>`, `by`, `(`). */
  let stepStart = true;
  while (i < n) {
    const c = proof.charCodeAt(i);
    if (c === 10) {
      stepStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (!isIdentStart(c)) {
      // `«name»` and numbers are not premises here; `.foo` (anonymous constructor notation) is skipped with its name.
      stepStart = c === 59 /* ; */ || c === 0xb7 /* · */ || c === 62 /* > */ || c === 40 /* ( */ || c === 60 /* < */;
      if (c === 46 /* . */ && i + 1 < n && isIdentStart(proof.charCodeAt(i + 1))) {
        i++;
        while (i < n && isIdentCode(proof.charCodeAt(i))) i++;
        continue;
      }
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && (isIdentCode(proof.charCodeAt(j)) || (proof.charCodeAt(j) === 46 && j + 1 < n && isIdentStart(proof.charCodeAt(j + 1))))) j++;
    const ident = proof.slice(i, j);
    const atStep = stepStart;
    stepStart = STEP_BEFORE.has(ident);
    i = j;
    if (ident.length === 1 || SYNTAX_WORDS.has(ident) || (atStep && TACTIC_WORDS.has(ident))) continue;
    let r = ctx.memo?.get(ident);
    if (r === undefined) {
      r = resolver.resolve(ident, ctx.nss, ctx.opens);
      ctx.memo?.set(ident, r);
    }
    if (r >= 0) {
      if (r !== ctx.self) found.add(r);
      continue;
    }
    const dot = ident.indexOf('.');
    if (dot < 0) continue;
    // `c.field…`: the longest prefix that is a constant, then field notation on it (its type is unknown here);
    // or a hypothesis `h.field`, whose type the statement or a `have` gives.
    const parts = ident.split('.');
    let done = false;
    for (let k = parts.length - 1; k >= 1 && !done; k--) {
      const head = parts.slice(0, k).join('.');
      const h = resolver.resolve(head, ctx.nss, ctx.opens);
      if (h >= 0) {
        if (h !== ctx.self) found.add(h);
        done = true;
      }
    }
    if (done) continue;
    const heads = localHeads().get(parts[0]);
    if (!heads) continue;
    for (const t of heads) {
      const f = resolver.get(`${t}.${parts[1]}`);
      if (f >= 0 && f !== ctx.self) {
        found.add(f);
        break;
      }
    }
  }
  return [...found];
}

/** Local hypothesis name → the namespaces field notation on it looks in (its type's head, as text allows). */
function hypothesisHeads(signature: string, proof: string, ctx: ProofContext, resolver: NameResolver): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (names: string, type: string) => {
    const heads = typeHeads(type, ctx, resolver);
    if (!heads.length) return;
    for (const nm of names.trim().split(/\s+/)) if (nm && !out.has(nm)) out.set(nm, heads);
  };
  // Binders of the statement: `(h : a ≤ b)`, `{hf : Continuous f}`, `⦃x⦄`, `[inst : Group G]`.
  let depth = 0;
  let open = -1;
  for (let i = 0; i < signature.length; i++) {
    const c = signature.charCodeAt(i);
    const bd = bracketDelta(c);
    if (bd > 0) {
      if (depth === 0) open = i;
      depth++;
    } else if (bd < 0) {
      depth--;
      if (depth === 0 && open >= 0) {
        const inner = signature.slice(open + 1, i);
        const colon = topLevelColon(inner);
        if (colon > 0) add(inner.slice(0, colon), inner.slice(colon + 1));
        open = -1;
      }
      if (depth < 0) depth = 0;
    } else if (depth === 0 && c === 58 /* : */ && signature.charCodeAt(i + 1) !== 61) break; // the statement's type
  }
  for (const m of proof.matchAll(/\b(?:have|haveI|replace|obtain)\s+([^\s:⟨(]+)\s*:\s*([^\n]*?)\s*:=/g)) add(m[1], m[2]);
  return out;
}

function topLevelColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const bd = bracketDelta(c);
    if (bd) depth += bd;
    else if (depth === 0 && c === 58 && s.charCodeAt(i + 1) !== 61) return i;
  }
  return -1;
}

/** Namespaces of a type's head constant: `Continuous f` → `Continuous`; `a ≤ b` → `LE.le`; `¬ p` → `Not`. */
function typeHeads(type: string, ctx: ProofContext, resolver: NameResolver): string[] {
  const t = type.trim();
  if (!t || t.startsWith('∀') || t.startsWith('Π')) return [];
  if (t.startsWith('∃')) return ['Exists'];
  if (t.startsWith('¬')) return ['Not'];
  // A relation at bracket depth 0 (lowest precedence first) is the head.
  const top = depthZero(t);
  if (top.includes('→')) return [];
  for (const [sym, heads] of RELATION_HEADS) if (top.includes(sym)) return heads;
  const m = /^@?([A-Za-z_\u0370-\u03ff][\w.'\u0370-\u03ff₀-₉]*)/.exec(t);
  if (!m) return [];
  const r = resolver.resolve(m[1], ctx.nss, ctx.opens);
  return [r >= 0 ? resolver.names[r] : m[1]];
}

/** The text of `t` outside brackets (where a relation is the statement's head). */
function depthZero(t: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const bd = bracketDelta(c);
    if (bd) {
      depth = Math.max(0, depth + bd);
      out += ' ';
      continue;
    }
    out += depth === 0 ? t[i] : ' ';
  }
  return out;
}

/** A resolver over the library's full names. */
export function resolverFor(names: readonly string[]): NameResolver {
  return new NameResolver(names);
}

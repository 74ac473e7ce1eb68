// Robust extraction of tactic candidates from whatever a model returns: ```lean fences, [TAC] tags,
// numbered or bulleted lists, inline `code`, or bare prose lines that look like tactics.
// Output is untrusted text: we only pick lines; nothing is executed here.

const TACTIC_WORDS = new Set([
  'exact', 'apply', 'refine', 'rw', 'rewrite', 'rwa', 'simp', 'simp_all', 'simpa', 'dsimp', 'norm_num', 'linarith', 'nlinarith',
  'positivity', 'ring', 'ring_nf', 'field_simp', 'omega', 'decide', 'aesop', 'intro', 'intros', 'rintro', 'cases', 'rcases',
  'obtain', 'induction', 'constructor', 'use', 'exists', 'refine\'', 'calc', 'have', 'show', 'unfold', 'tauto', 'trivial',
  'contradiction', 'exfalso', 'by_contra', 'by_cases', 'push_neg', 'specialize', 'subst', 'ext', 'funext', 'congr', 'gcongr',
  'norm_cast', 'push_cast', 'exact_mod_cast', 'assumption', 'rfl', 'symm', 'left', 'right', 'split', 'split_ifs', 'interval_cases',
  'fin_cases', 'nlinarith', 'polyrith', 'continuity', 'fun_prop', 'measurability', 'bound', 'exact?', 'apply?', 'rw?', 'simp?',
  'conv', 'change', 'set', 'let', 'filter_upwards', 'refine_lift', 'infer_instance', 'abel', 'group', 'noncomm_ring', 'module',
  'linear_combination', 'zify', 'qify', 'lift', 'choose', 'apply_fun', 'mono', 'rel', 'compute_degree', 'nth_rw', 'nth_rewrite',
  'simp_rw', 'field_simp', 'cancel_denoms', 'norm_num1', 'all_goals', 'any_goals', 'first', 'try', 'repeat', 'iterate', 'focus',
  '·', 'next', 'case', 'on_goal', 'exacts', 'refine?',
]);

const FORBIDDEN = /\b(sorry|admit)\b/;
const NOT_TACTIC_START = /^(theorem|lemma|example|def|import|open|namespace|section|end|variable|instance|abbrev|noncomputable|set_option|#)\b/;

function firstWord(line: string): string {
  const m = /^([^\s\[(]+)/.exec(line);
  return m ? m[1] : '';
}

export function looksLikeTactic(line: string): boolean {
  const w = firstWord(line);
  return TACTIC_WORDS.has(w) || TACTIC_WORDS.has(w.replace(/[?!]$/, ''));
}

/** Strip list markers, inline code ticks, `by`, trailing prose punctuation. */
function clean(line: string): string {
  let s = line.trim();
  s = s.replace(/^(?:\d+[.)]|[-*+•]|\[\d+\])\s+/, '');
  s = s.replace(/^(?:tactic|candidate)\s*\d*\s*:\s*/i, '');
  if (/^`[^`]+`/.test(s)) s = /^`([^`]+)`/.exec(s)![1];
  s = s.replace(/^by\s+/, '');
  s = s.replace(/\s+--.*$/, '');
  return s.trim();
}

function accept(s: string, strict: boolean): boolean {
  if (!s || s.length > 400) return false;
  if (s.startsWith('--') || s.startsWith('/-') || s === 'by' || s.startsWith('```')) return false;
  if (FORBIDDEN.test(s) || NOT_TACTIC_START.test(s)) return false;
  if (/^(lean|lean4)$/i.test(s)) return false;
  return strict ? looksLikeTactic(s) : true;
}

export interface ParseOptions {
  /** Drop candidates that mention this name (self-reference, as Lean Copilot does). */
  declName?: string;
  max?: number;
}

export function parseTacticCandidates(text: string, opts: ParseOptions = {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string, strict: boolean) => {
    const s = clean(raw);
    if (!accept(s, strict)) return;
    if (opts.declName && new RegExp(`(^|[^\\w.])${escapeRegExp(opts.declName)}($|[^\\w.'])`).test(s)) return;
    const key = s.replace(/\s+/g, ' ');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(key);
  };
  const src = text.replace(/\r/g, '');

  // 1. [TAC] … [/TAC] (LLMLean style).
  for (const m of src.matchAll(/\[TAC\]([\s\S]*?)(?:\[\/TAC\]|$)/g)) for (const l of m[1].split('\n')) add(l, false);

  // 2. Code fences: every line inside is a candidate (lenient: the model was asked to put tactics there).
  const fences = [...src.matchAll(/```[^\n`]*\n([\s\S]*?)(?:```|$)/g)];
  for (const m of fences) for (const l of m[1].split('\n')) add(l, false);

  // 3. Outside fences: list items and inline code that look like tactics, then bare tactic-like lines.
  if (out.length === 0) {
    const outside = src.replace(/```[\s\S]*?(?:```|$)/g, '\n');
    for (const l of outside.split('\n')) {
      const inline = [...l.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
      if (inline.length) for (const c of inline) add(c, true);
      else add(l, true);
    }
  }
  return out.slice(0, opts.max ?? 16);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

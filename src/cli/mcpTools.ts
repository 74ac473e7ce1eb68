// The MCP server's tools: search, premises, declaration, goal, check_tactics, suggest_tactics, informalize. Each has
// a zod input schema (the SDK validates arguments and answers a tool error for bad ones), an output schema, a short
// text answer and the same answer as structuredContent. Failures an agent can act on come back as tool errors
// (isError) with a plain message; nothing here ends the server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Engine } from '../core/engine';
import { DECL_KINDS, type Declaration, type DeclKind, type Progress, type SearchHit, type SearchRequest, type SearchResponse } from '../core/types';
import { parseGoal, splitGoals } from '../core/goal';
import { suggestTactics } from '../core/tactics/suggest';
import { tailOfFile } from '../core/tactics/prompt';
import type { CheckContext, TacticChecker } from '../core/tactics/check';
import { informalize } from '../core/informal/informalize';
import { InformalCache } from '../core/informal/cache';
import { neighbourDeclarations } from '../core/informal/neighbours';
import type { ModelProvider } from '../core/models';
import { enclosingDeclarationLine, insertionText, moduleFromRelativePath, proofPlace, suggestedAction } from '../shared/insertion';
import type { ProjectState } from './mcpProject';
import { LeanSession, UserError, lspPosition, resolveProjectFile, type ProjectFile } from './mcpLean';

export interface ToolContext {
  project: ProjectState;
  lean: LeanSession;
  provider?: ModelProvider;
  /** Levels of dependencies informalized first (--depth). */
  informalDepth: number;
  log: (line: string) => void;
}

/** The longest query, goal or name accepted (a pasted goal is a few KB; more is a mistake). */
export const MAX_QUERY_CHARS = 20_000;
const MAX_K = 100;

/** What the SDK hands a tool callback besides the arguments (the part used here). */
interface Extra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification: (n: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; total?: number; message?: string } }) => Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Schemas

const kindEnum = z.enum(DECL_KINDS as unknown as [DeclKind, ...DeclKind[]]);

const queryText = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(MAX_QUERY_CHARS, `${what} is too long (at most ${MAX_QUERY_CHARS} characters)`);

const fileArg = z
  .string()
  .min(1, 'file is empty')
  .max(4096, 'file path is too long')
  .describe('A .lean file of the project: a path relative to the project root (e.g. "MyProject/Basic.lean") or absolute inside it.');
const lineArg = z.number().int().min(1).max(10_000_000).describe('Line, 1-based (as editors and Lean messages number them).');
const columnArg = z
  .number()
  .int()
  .min(0)
  .max(1_000_000)
  .describe('Column, 0-based UTF-16 (as Lean prints positions: file:line:column). Default: the first non-blank character of the line, e.g. the start of a `sorry`.');

const hitSchema = z.object({
  name: z.string(),
  kind: z.string(),
  signature: z.string(),
  doc: z.string().optional().describe('First paragraph of the docstring, shortened.'),
  module: z.string(),
  file: z.string().describe('Path from the project root.'),
  line: z.number().describe('1-based line of the declaration.'),
  location: z.string().describe('file:line'),
  inScope: z.boolean().optional().describe('True when the `from` file/module already imports it (transitively); absent when no `from` was given.'),
  score: z.number(),
  use: z.string().optional().describe('What to write to use it (exact / apply / rw [..] / simp [..] / the name).'),
});
type HitOut = z.infer<typeof hitSchema>;

/** A declaration's full name as a tool argument. */
const declarationName = (example: string) =>
  z.string().min(1, 'name is empty').max(1000, 'name is too long (at most 1000 characters)').describe(`Full name, e.g. "${example}".`);

const searchOutput = {
  query: z.string(),
  fromModule: z.string().optional(),
  hits: z.array(hitSchema),
  message: z.string().optional(),
  ms: z.number(),
};

const premisesOutput = {
  goal: z.string(),
  fromModule: z.string().optional(),
  hits: z.array(hitSchema),
  message: z.string().optional(),
  ms: z.number(),
};

const declarationOutput = {
  name: z.string(),
  kind: z.string(),
  signature: z.string(),
  doc: z.string().optional(),
  module: z.string(),
  file: z.string(),
  line: z.number(),
  location: z.string(),
  package: z.string().describe('Package of the file; "" for the project itself.'),
  attributes: z.array(z.string()),
  generatedFrom: z.string().optional().describe('For names Lean generates (to_additive twins, fields, constructors, aliases): the declaration they come from.'),
  deprecated: z.object({ replacement: z.string().optional(), since: z.string().optional() }).optional(),
  replacement: z.object({ name: z.string(), kind: z.string(), signature: z.string(), location: z.string() }).optional().describe('The declaration a deprecated alias points to.'),
  private: z.boolean().optional(),
  protected: z.boolean().optional(),
  body: z.string().optional().describe('Start of a definition’s body.'),
};

const goalOutput = {
  file: z.string(),
  line: z.number(),
  column: z.number(),
  state: z.enum(['goals', 'noGoals', 'term', 'none', 'error']).describe('goals: tactic goals; noGoals: the proof is done here; term: no tactic goal, the expected type; none: no goal here.'),
  goals: z.array(z.string()),
  message: z.string().optional(),
};

const checkResultSchema = z.object({
  tactic: z.string(),
  status: z.enum(['closes', 'progress', 'fails', 'unchecked']),
  remainingGoals: z.array(z.string()).optional(),
  error: z.string().optional().describe('Lean’s error (fails), or why it could not be checked (unchecked).'),
  suggestion: z.string().optional().describe('The tactic Lean proposed (“Try this: …”).'),
  ms: z.number(),
});

const checkOutput = {
  file: z.string(),
  line: z.number(),
  column: z.number(),
  goals: z.array(z.string()).describe('The goals before the tactics.'),
  results: z.array(checkResultSchema),
};

const suggestOutput = {
  goals: z.array(z.string()),
  source: z.string().describe('The model’s label, or "model-free" when no model is configured.'),
  modelFree: z.boolean().describe('True when no model was used: candidates from the premises’ shapes and standard automation only.'),
  checked: z.boolean().describe('True when the candidates were checked in Lean.'),
  candidates: z.array(
    z.object({
      tactic: z.string(),
      source: z.enum(['model', 'premise', 'automation']),
      status: z.enum(['closes', 'progress', 'fails', 'unchecked']),
      premises: z.array(z.string()).optional(),
      remainingGoals: z.array(z.string()).optional(),
      error: z.string().optional(),
    }),
  ),
  premises: z.array(z.string()),
  message: z.string().optional(),
};

const informalizeOutput = {
  name: z.string(),
  text: z.string(),
  origin: z.enum(['model', 'structure', 'docstring']).describe('model: a model’s translation; docstring / structure: model-free (the docstring and a reading of the statement’s structure).'),
  modelFree: z.boolean(),
  model: z.string().optional(),
  cached: z.boolean().optional(),
  structure: z.string().optional().describe('The model-free reading of the statement.'),
  signature: z.string(),
  doc: z.string().optional(),
  deps: z.array(z.string()),
  note: z.string().optional(),
};

// ---------------------------------------------------------------------------------------------------------
// Helpers

function ok(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: dropUndefined(structured) };
}

function fail(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool body; a thrown error becomes a tool error with its message (never a crash). */
async function guarded(name: string, log: (l: string) => void, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UserError) return fail(err.message);
    const msg = err instanceof Error ? err.message : String(err);
    log(`${name} failed: ${err instanceof Error && err.stack ? err.stack : msg}`);
    return fail(`${name} failed: ${msg}`);
  }
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** The first paragraph of a docstring, at most `max` characters. */
export function shortDoc(doc: string | undefined, max = 240): string | undefined {
  if (!doc) return undefined;
  const para = doc.trim().split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  if (!para) return undefined;
  return para.length > max ? para.slice(0, max - 1).trimEnd() + '…' : para;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function hitOut(h: SearchHit, goalTarget?: string): HitOut {
  const d = h.decl;
  return dropUndefined({
    name: d.name,
    kind: d.kind,
    signature: d.signature,
    doc: shortDoc(d.doc),
    module: d.module,
    file: d.file,
    line: d.line,
    location: `${d.file}:${d.line}`,
    inScope: h.inScope,
    score: h.score,
    use: goalTarget !== undefined ? insertionText(suggestedAction(d, goalTarget), d.name) : undefined,
  });
}

function hitsText(hits: HitOut[]): string {
  return hits
    .map((h, i) => {
      const scope = h.inScope === undefined ? '' : h.inScope ? ', in scope' : ', needs an import';
      const lines = [`${i + 1}. ${h.name} — ${h.kind}${scope}`, `   ${clip(h.signature, 400)}`];
      if (h.doc) lines.push(`   ${h.doc}`);
      lines.push(`   ${h.module} — ${h.location}${h.use ? ` — use: ${h.use}` : ''}`);
      return lines.join('\n');
    })
    .join('\n');
}

/** The search's message (e.g. a `from` module the index lacks) after its hits: an agent reads only the text. */
function withNote(text: string, message: string | undefined): string {
  return message ? `${text}\n\nNote: ${message}` : text;
}

/** Progress of the index build as MCP progress notifications, when the client asked for them (progressToken). */
function progressFor(extra: Extra): ((p: Progress) => void) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let last = -1;
  let sentAt = 0;
  return (p) => {
    const value = Math.round(overallProgress(p) * 10) / 10;
    const now = Date.now();
    if (value <= last || (now - sentAt < 200 && value < 100)) return; // increasing, and not a flood
    last = value;
    sentAt = now;
    const pct = p.total > 0 ? ` ${p.done}/${p.total}` : '';
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: value, total: 100, message: `indexing the project: ${p.phase}${pct}${p.message ? ` (${p.message})` : ''}` } })
      .catch(() => undefined);
  };
}

/** Where the index build is, 0–100, from its phases (each phase a share of the whole). */
const PHASES: Record<string, [number, number]> = {
  discover: [0, 2],
  load: [2, 5],
  extract: [5, 55],
  resolve: [55, 58],
  ilean: [58, 60],
  build: [60, 95],
  save: [95, 100],
};
export function overallProgress(p: Progress): number {
  const span = PHASES[p.phase];
  if (!span) return 0;
  const frac = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  return span[0] + (span[1] - span[0]) * frac;
}

/** `from`: a module (`Mathlib.Topology.Basic`) or a project file (`Foo/Bar.lean`) → its module and, for a file of
 *  the project, its lines (to drop what the file declares at or after `line`). */
function fromOf(root: string, from: string | undefined): { module?: string; lines?: string[] } {
  if (!from) return {};
  const f = from.trim();
  if (f.endsWith('.lean')) {
    const file = resolveProjectFile(root, f);
    return { module: moduleFromRelativePath(file.rel), lines: file.text.split('\n') };
  }
  const rel = f.split('.').join('/') + '.lean';
  try {
    return { module: f, lines: fs.readFileSync(path.join(root, rel), 'utf8').split('\n') };
  } catch {
    return { module: f };
  }
}

/**
 * The premises a point of a file can use (as the extension's goal service does): what the file imports first,
 * without the declaration being proved and those after it in the same file.
 */
function usablePremises(engine: Engine, query: string, k: number, from: { module?: string; lines?: string[] }, line: number | undefined, preferInScope: boolean, filters: Partial<SearchRequest> = {}): SearchResponse {
  // The engine leaves out the declaration being proved and what its file declares later (same first k for any k).
  const place = from.lines && line !== undefined ? proofPlace(from.lines, line - 1) : {};
  return engine.search({ ...filters, query, k, fromModule: from.module, preferInScope, usableBeforeLine: place.usableBeforeLine, theorem: place.theorem });
}

function notFound(engine: Engine, name: string): CallToolResult {
  const close = engine.closeNames(name);
  return fail(`No declaration named ${name} in the index.${close.length ? ` Did you mean: ${close.join(', ')}?` : ''}`);
}

/** A name as an agent may write it: `@Foo.bar`, `_root_.Foo.bar`, «guillemets». */
function cleanName(name: string): string {
  return name.trim().replace(/^@/, '').replace(/^_root_\./, '').replace(/[«»]/g, '');
}

function goalsText(goals: string[]): string {
  return goals.join('\n\n');
}

const DECL_NAME = /^\s*(?:@\[[^\]]*\]\s*)*(?:(?:private|protected|noncomputable|partial|unsafe|nonrec)\s+)*(?:theorem|lemma|def|abbrev|instance)\s+([^\s(:{[⦃]+)/;

// ---------------------------------------------------------------------------------------------------------
// Tools

export function registerTools(server: McpServer, ctx: ToolContext): void {
  const { project, lean, log } = ctx;
  const engineFor = (extra: Extra) => project.fresh(progressFor(extra));
  let informalCache: InformalCache | undefined;

  server.registerTool(
    'search',
    {
      title: 'Search declarations',
      description:
        'Find Lean/Mathlib declarations in this project’s index. The query can be words ("sum of two continuous functions is continuous"), LaTeX, Lean notation, names (`Continuous.add`, `card_le`), patterns with holes (`_ * (_ + _) = _ * _ + _ * _`) or a pasted goal. Optional filters: kind, module prefix, namespace prefix; `from` (the module or file you are writing in) marks which results are already imported, and with `line` drops declarations of that file that cannot be used there. Returns name, kind, signature, short docstring, module and file:line.',
      inputSchema: {
        query: queryText('query').describe('Words, LaTeX, Lean notation, a name, a pattern with _ holes, or a goal as Lean prints it.'),
        kind: z.union([kindEnum, z.array(kindEnum).max(DECL_KINDS.length)]).optional().describe('Only these declaration kinds.'),
        module: z.string().max(1000).optional().describe('Module prefix, e.g. "Mathlib.Topology".'),
        namespace: z.string().max(1000).optional().describe('Namespace prefix of the name, e.g. "Finset".'),
        from: z.string().max(4096).optional().describe('Module (e.g. "MyProject.Basic") or project .lean file you are writing in: results it imports are flagged inScope.'),
        line: lineArg.optional().describe('With `from` a file of the project: the 1-based line you are at; declarations of that file at or after the enclosing declaration are dropped.'),
        k: z.number().int().min(1).max(MAX_K).optional().describe('How many results (default 10).'),
      },
      outputSchema: searchOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      guarded('search', log, async () => {
        const query = args.query.trim();
        if (!query) return fail('query is empty: give words, a name, a pattern or a goal');
        if (args.line !== undefined && !args.from) return fail('`line` needs `from` (the file it is a line of)');
        const engine = await engineFor(extra);
        const from = fromOf(project.root, args.from);
        const kinds = args.kind === undefined ? undefined : Array.isArray(args.kind) ? args.kind : [args.kind];
        const res = usablePremises(engine, query, args.k ?? 10, from, args.line, false, { kinds: kinds?.length ? kinds : undefined, modulePrefix: args.module || undefined, namespacePrefix: args.namespace || undefined });
        const hits = res.hits.map((h) => hitOut(h));
        const text = hits.length ? withNote(hitsText(hits), res.message) : `No results: ${res.message ?? 'no declaration matches'}.`;
        return ok(text, { query, fromModule: from.module, hits, message: res.message, ms: round(res.ms) });
      }),
  );

  server.registerTool(
    'premises',
    {
      title: 'Premises for a goal',
      description:
        'Ranked lemmas that can help prove a goal. Give the goal as Lean prints it (hypotheses, then `⊢ target`) and, when you have them, the file and line it is at: then what the file already imports comes first, and the theorem being proved and later declarations of the same file are left out. Each result says what to write (`exact`, `apply`, `rw [..]`, `simp [..]`).',
      inputSchema: {
        goal: queryText('goal').describe('The goal as Lean prints it, e.g. "a : ℝ\\n⊢ a * (2 - a) ≤ 1".'),
        file: fileArg.optional(),
        line: lineArg.optional().describe('1-based line of the goal in `file`.'),
        k: z.number().int().min(1).max(MAX_K).optional().describe('How many premises (default 10).'),
      },
      outputSchema: premisesOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      guarded('premises', log, async () => {
        const goal = args.goal.trim();
        if (!goal) return fail('goal is empty: give the goal as Lean prints it (with ⊢)');
        if (args.line !== undefined && !args.file) return fail('`line` needs `file`');
        const file = args.file ? resolveProjectFile(project.root, args.file) : undefined;
        if (file && args.line !== undefined) lspPosition(file.text, args.line, undefined); // a line past the end is an error
        const engine = await engineFor(extra);
        const from = file ? { module: moduleFromRelativePath(file.rel), lines: file.text.split('\n') } : {};
        const first = splitGoals(goal)[0] ?? goal;
        const res = usablePremises(engine, first, args.k ?? 10, from, args.line, true);
        const target = parseGoal(first).target;
        const hits = res.hits.map((h) => hitOut(h, target));
        const text = hits.length ? withNote(hitsText(hits), res.message) : `No premises: ${res.message ?? 'nothing in the index fits this goal'}.`;
        return ok(text, { goal: first, fromModule: from.module, hits, message: res.message, ms: round(res.ms) });
      }),
  );

  server.registerTool(
    'declaration',
    {
      title: 'Look up a declaration',
      description:
        'Everything the index knows about one declaration by its full name (e.g. "Nat.succ_le_iff"): signature, docstring, module, file and line, attributes, what generated it (to_additive, fields, …) and, for a deprecated alias, its replacement. An unknown name is an error that lists close names.',
      inputSchema: { name: declarationName('Finset.sum_comm') },
      outputSchema: declarationOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      guarded('declaration', log, async () => {
        const name = cleanName(args.name);
        if (!name) return fail('name is empty');
        const engine = await engineFor(extra);
        const d = engine.lookup(name);
        if (!d) return notFound(engine, name);
        const repName = d.deprecated?.replacement;
        const rep = repName ? engine.lookup(repName) : undefined;
        const out = {
          name: d.name,
          kind: d.kind,
          signature: d.signature,
          doc: d.doc,
          module: d.module,
          file: d.file,
          line: d.line,
          location: `${d.file}:${d.line}`,
          package: d.pkg,
          attributes: d.attrs ?? [],
          notation: d.notations?.map(notationText),
          tags: d.tags,
          generatedFrom: d.generatedFrom,
          deprecated: d.deprecated ? dropUndefined({ replacement: d.deprecated.replacement, since: d.deprecated.since }) : undefined,
          replacement: rep ? { name: rep.name, kind: rep.kind, signature: rep.signature, location: `${rep.file}:${rep.line}` } : undefined,
          private: d.isPrivate || undefined,
          protected: d.isProtected || undefined,
          body: d.body,
        };
        const lines = [`${d.kind} ${d.name} ${clip(d.signature, 2000)}`, `${d.module} — ${d.file}:${d.line}${d.pkg ? ` (package ${d.pkg})` : ' (this project)'}`];
        if (d.attrs?.length) lines.push(`attributes: ${d.attrs.join(', ')}`);
        if (d.notations?.length) lines.push(`notation: ${d.notations.map(notationText).join(', ')}`);
        if (d.tags?.length) lines.push(`formalizes: ${d.tags.join(', ')}`);
        if (d.generatedFrom) lines.push(`generated from: ${d.generatedFrom}`);
        if (d.deprecated) lines.push(`deprecated${d.deprecated.since ? ` since ${d.deprecated.since}` : ''}${repName ? `: use ${repName}${rep ? ` — ${rep.kind} ${rep.name} ${clip(rep.signature, 400)}` : ''}` : ''}`);
        if (d.body) lines.push(`body: ${d.body}`);
        if (d.doc) lines.push('', d.doc.trim());
        return ok(lines.join('\n'), out);
      }),
  );

  server.registerTool(
    'goal',
    {
      title: 'Goal at a position',
      description:
        'Ask Lean for the goal at a position of a project file (line 1-based, column 0-based; default column: the first non-blank character, e.g. the start of a `sorry`). Answers the goals as Lean prints them, "no goals" where the proof is done, or the expected type in term mode. Runs the project’s own Lean server (`lake serve`), reading the file from disk; the first call on a file waits for its imports.',
      inputSchema: { file: fileArg, line: lineArg, column: columnArg.optional() },
      outputSchema: goalOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      guarded('goal', log, async () => {
        const file = resolveProjectFile(project.root, args.file);
        const at = lspPosition(file.text, args.line, args.column);
        const view = await lean.goal(file, { line: args.line, column: at.character }, extra.signal);
        const where = `${file.rel}:${args.line}:${at.character}`;
        const out = { file: file.rel, line: args.line, column: at.character, state: view.state as 'goals' | 'noGoals' | 'term' | 'none' | 'error', goals: view.goals, message: view.message };
        if (view.state === 'error') return fail(`${where}: ${view.message ?? 'Lean could not give the goal'}`);
        const text =
          view.state === 'goals'
            ? `Goal at ${where} (${view.goals.length} goal${view.goals.length === 1 ? '' : 's'}):\n${goalsText(view.goals)}`
            : view.state === 'term'
              ? `No tactic goal at ${where}; expected type:\n${goalsText(view.goals)}`
              : view.state === 'noGoals'
                ? `No goals at ${where}: the proof is done here.`
                : `No goal at ${where}: ${view.message ?? 'put the position inside a proof'}`;
        return ok(text, out);
      }),
  );

  server.registerTool(
    'check_tactics',
    {
      title: 'Check tactics in Lean',
      description:
        'Try tactics at a position of a project file, each on its own in a scratch copy of the file (the file on disk is not changed): "closes" (the goal is proved), "progress" (the remaining goals), or "fails" (Lean’s error). Put the position at the `sorry` to replace, or on an empty line in the proof. Line 1-based, column 0-based.',
      inputSchema: {
        file: fileArg,
        line: lineArg,
        column: columnArg.optional(),
        tactics: z.array(z.string().min(1, 'a tactic is empty').max(4000, 'a tactic is too long (at most 4000 characters)')).min(1, 'give at least one tactic').max(32, 'at most 32 tactics per call').describe('Tactics to try, e.g. ["norm_num", "nlinarith [sq_nonneg (a - 1)]"]. A multi-line tactic is joined with ";".'),
      },
      outputSchema: checkOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      guarded('check_tactics', log, async () => {
        const tactics = args.tactics.map((t) => t.trim());
        if (tactics.some((t) => !t)) return fail('a tactic is empty');
        const file = resolveProjectFile(project.root, args.file);
        const at = lspPosition(file.text, args.line, args.column);
        const pos = { line: args.line, column: at.character };
        const where = `${file.rel}:${args.line}:${at.character}`;
        const view = await lean.goal(file, pos, extra.signal);
        if (view.state !== 'goals') return fail(`No tactic goal at ${where} (${view.state === 'noGoals' ? 'the proof is done there' : view.message ?? 'not inside a tactic proof'}): put the position at a \`sorry\` or an empty line of a tactic block.`);
        const outcomes = await lean.check(file, pos, view.goals, tactics, extra.signal);
        const results = outcomes.map((o) => dropUndefined({ tactic: o.tactic, status: o.status, remainingGoals: o.status === 'progress' ? o.remainingGoals : undefined, error: o.error, suggestion: o.suggestion, ms: Math.round(o.ms) }));
        const mark = { closes: '✓', progress: '→', fails: '✗', unchecked: '?' } as const;
        const lines = [`Goal at ${where}:`, goalsText(view.goals), ''];
        for (const r of results) {
          if (r.status === 'closes') lines.push(`${mark.closes} ${r.tactic} — closes the goal`);
          else if (r.status === 'progress') lines.push(`${mark.progress} ${r.tactic} — progress, ${r.remainingGoals?.length ?? 0} goal(s) remain:\n${indent(goalsText(r.remainingGoals ?? []))}`);
          else if (r.status === 'fails') lines.push(`${mark.fails} ${r.tactic} — fails: ${r.error ?? ''}`);
          else lines.push(`${mark.unchecked} ${r.tactic} — not checked: ${r.error ?? ''}`);
          if (r.suggestion) lines.push(`  Lean suggests: ${r.suggestion}`);
        }
        return ok(lines.join('\n'), { file: file.rel, line: args.line, column: at.character, goals: view.goals, results });
      }),
  );

  server.registerTool(
    'suggest_tactics',
    {
      title: 'Suggest tactics',
      description:
        'Tactic candidates for a goal: from the model the server was started with (if any) and model-free ones (the premises’ shapes and standard automation), ranked. Give a file and line (and column) to read the goal from Lean and check every candidate there (closes / progress / fails), or just a goal text (candidates unchecked).',
      inputSchema: {
        goal: queryText('goal').optional().describe('The goal as Lean prints it. Optional when file and line are given (the goal is then read from Lean).'),
        file: fileArg.optional(),
        line: lineArg.optional(),
        column: columnArg.optional(),
        check: z.boolean().optional().describe('Check the candidates in Lean (default true when file and line are given).'),
        k: z.number().int().min(1).max(50).optional().describe('Premises given to the model and the model-free candidates (default 8).'),
      },
      outputSchema: suggestOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args, extra) =>
      guarded('suggest_tactics', log, async () => {
        if (args.file === undefined && args.goal === undefined) return fail('give a goal, or a file and line to read the goal from Lean');
        if ((args.file === undefined) !== (args.line === undefined)) return fail('`file` and `line` go together');
        const file: ProjectFile | undefined = args.file ? resolveProjectFile(project.root, args.file) : undefined;
        const at = file ? lspPosition(file.text, args.line!, args.column) : undefined;
        const pos = at ? { line: args.line!, column: at.character } : undefined;
        const notes: string[] = [];
        let goals = args.goal ? splitGoals(args.goal) : [];
        if (args.goal !== undefined && goals.length === 0) return fail('no goal in `goal` (expected a line starting with ⊢)');
        if (!goals.length && file && pos) {
          const view = await lean.goal(file, pos, extra.signal);
          if (view.state !== 'goals') return fail(`No tactic goal at ${file.rel}:${pos.line}:${pos.column} (${view.message ?? view.state})`);
          goals = view.goals;
        }
        const engine = await engineFor(extra);
        const from = file ? { module: moduleFromRelativePath(file.rel), lines: file.text.split('\n') } : {};
        const search = usablePremises(engine, goals[0], args.k ?? 8, from, args.line, true);
        const premises = search.hits.map((h) => ({ name: h.decl.name, signature: h.decl.signature }));
        let checker: TacticChecker | undefined;
        let checkContext: CheckContext | undefined;
        if (file && at && args.check !== false) {
          try {
            const c = await lean.checkerFor(file);
            checker = c.checker;
            checkContext = { uri: c.uri, version: c.version, text: file.text, position: at, goals };
          } catch (err) {
            notes.push(`Not checked in Lean: ${(err as Error).message}`);
          }
        } else if (!file) notes.push('Not checked in Lean: give file and line to check the candidates.');
        const enclosing = from.lines && args.line !== undefined ? enclosingDeclarationLine(from.lines, args.line - 1) : undefined;
        const declName = enclosing !== undefined ? DECL_NAME.exec(from.lines![enclosing])?.[1] : undefined;
        const fileBefore = file && at ? tailOfFile(file.text.split('\n').slice(0, at.line).join('\n') + '\n' + (file.text.split('\n')[at.line] ?? '').slice(0, at.character), 4000) : undefined;
        const result = await suggestTactics({ goals, fileBefore, premises, provider: ctx.provider, checker, checkContext, signal: extra.signal, options: { maxPremises: args.k ?? 8, declName } });
        const modelFree = !ctx.provider;
        const message = [modelFree ? 'No model configured: model-free candidates (from the premises’ shapes and standard automation).' : result.message, ...notes].filter(Boolean).join(' ') || undefined;
        const candidates = result.candidates.map((c) =>
          dropUndefined({ tactic: c.tactic, source: c.source, status: c.status, premises: c.premises?.length ? c.premises : undefined, remainingGoals: c.status === 'progress' ? c.remainingGoals : undefined, error: c.status === 'fails' || c.status === 'unchecked' ? c.error : undefined }),
        );
        const mark = { closes: '✓', progress: '→', fails: '✗', unchecked: '·' } as const;
        const lines = [`${modelFree ? 'Model-free candidates' : `Candidates (${result.source})`}${checker ? ', checked in Lean' : ', not checked'}:`];
        for (const c of candidates) {
          const extraText = c.status === 'progress' ? ` (${c.remainingGoals?.length ?? 0} goal(s) remain)` : c.status === 'fails' && c.error ? ` (${c.error.split('\n')[0]})` : '';
          lines.push(`${mark[c.status]} ${c.tactic}  [${c.source}]${extraText}`);
        }
        if (message) lines.push('', message);
        return ok(lines.join('\n'), { goals, source: result.source, modelFree, checked: !!checker, candidates, premises: premises.map((p) => p.name), message });
      }),
  );

  server.registerTool(
    'informalize',
    {
      title: 'Informalize a declaration',
      description:
        'A declaration’s statement in mathematical English. With the model the server was started with: its translation, given the docstring and the informal statements of what the statement uses. Without a model: the docstring and a reading of the statement from its structure, labelled model-free.',
      inputSchema: { name: declarationName('Nat.Prime.two_le') },
      outputSchema: informalizeOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args, extra) =>
      guarded('informalize', log, async () => {
        const name = cleanName(args.name);
        if (!name) return fail('name is empty');
        const engine = await engineFor(extra);
        if (!engine.lookup(name)) return notFound(engine, name);
        informalCache ??= new InformalCache(path.join(engine.cacheDir, 'informal'));
        const res = await informalize({
          name,
          source: {
            lookup: (n) => engine.lookup(n),
            neighbours: (d: Declaration) => {
              try {
                return neighbourDeclarations(fs.readFileSync(path.join(project.root, d.file), 'utf8'), d.line);
              } catch {
                return [];
              }
            },
          },
          provider: ctx.provider,
          cache: informalCache,
          options: { depth: ctx.informalDepth },
          signal: extra.signal,
        });
        if (!res.decl) return notFound(engine, name);
        const modelFree = res.origin !== 'model';
        const note = modelFree ? (ctx.provider ? `model-free: ${res.error ?? 'the model gave no text'}` : 'model-free: no model configured — the docstring and a reading of the statement from its structure, not a translation') : undefined;
        const text = modelFree ? `[model-free] ${res.text}\n\n(${note})` : `${res.text}\n\n(${res.model}${res.cached ? ', cached' : ''})`;
        return ok(text, {
          name: res.name,
          text: res.text,
          origin: res.origin,
          modelFree,
          model: res.model,
          cached: res.cached,
          structure: res.structure,
          signature: res.decl.signature,
          doc: res.decl.doc,
          deps: res.deps.map((d) => d.name),
          note,
        });
      }),
  );
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A notation with `_` in each argument's place (`⌊ _ ⌋`, `_ =O[ _ ] _`). */
function notationText(pieces: (string | null)[]): string {
  return pieces.map((p) => p ?? '_').join(' ');
}

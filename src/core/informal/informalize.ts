// "Informalize this declaration", Herald-style: the prompt carries the declaration, its docstring, the informal
// texts of the declarations its statement uses (informalized first, in dependency order, cached), and its
// neighbours in the file. Without a model: the docstring and a rendering of the statement from its structure.
// Never throws: failures come back in `error` with the model-free text still filled in.
import type { Declaration } from '../types';
import { ModelError, isCancelled, type ChatMessage, type ModelProvider } from '../models/types';
import { InformalCache } from './cache';
import { parseSignature } from './signature';
import { renderStatementInWords } from './structure';
import type { NeighbourDecl } from './neighbours';

export interface DeclSource {
  lookup(name: string): Declaration | undefined | Promise<Declaration | undefined>;
  /** ±2 declarations around `decl` in its file (headers). */
  neighbours?(decl: Declaration): NeighbourDecl[] | Promise<NeighbourDecl[]>;
}

export interface InformalizeOptions {
  /** How many levels of dependencies are informalized first (0 = only the declaration). */
  depth: number;
  /** Most dependencies carried in a prompt. */
  maxDeps: number;
  temperature: number;
  maxTokens: number;
}

export const DEFAULT_INFORMALIZE_OPTIONS: InformalizeOptions = { depth: 1, maxDeps: 6, temperature: 0.2, maxTokens: 300 };

export interface InformalizeInput {
  name: string;
  source: DeclSource;
  provider?: ModelProvider;
  cache?: InformalCache;
  options?: Partial<InformalizeOptions>;
  signal?: AbortSignal;
  /** The whole text so far, as the model streams (the declaration itself only, not its dependencies). */
  onText?: (text: string) => void;
  /** Progress on dependencies: `informalizing Foo.bar (2/5)`. */
  onProgress?: (message: string) => void;
}

export interface InformalResult {
  name: string;
  /** The informal text (model), or the docstring + structure rendering (no model / model failed). */
  text: string;
  origin: 'model' | 'structure' | 'docstring';
  model?: string;
  cached?: boolean;
  error?: string;
  decl?: Declaration;
  /** Dependencies whose informal texts went into the prompt, in the order they were informalized. */
  deps: { name: string; text: string; origin: 'model' | 'docstring' }[];
  /** The structure rendering, always available when the declaration was found. */
  structure?: string;
  ms: number;
}

const KEYWORDS = new Set(['Type', 'Sort', 'Prop', 'fun', 'let', 'have', 'show', 'from', 'in', 'at', 'by', 'if', 'then', 'else', 'match', 'with', 'do', 'true', 'false', 'True', 'False']);

/** Constants the statement mentions, as candidate names (binder names removed). */
export function mentionedNames(decl: Pick<Declaration, 'name' | 'signature'>): string[] {
  const shape = parseSignature(decl.signature);
  const bound = new Set(shape.binders.flatMap((b) => b.names));
  const out: string[] = [];
  for (const m of decl.signature.matchAll(/(?<![\w.'])([A-Za-z_][\w'!?]*(?:\.[A-Za-z_][\w'!?]*)*)/g)) {
    const id = m[1];
    if (bound.has(id) || KEYWORDS.has(id) || id === decl.name || id.length < 2 || out.includes(id)) continue;
    out.push(id);
  }
  return out;
}

const SYSTEM =
  'You translate Lean 4 / Mathlib declarations into precise mathematical English, as a mathematician would state them. ' +
  'Use the informal statements of the declarations it depends on. Answer with the statement only (one to three sentences, ' +
  'LaTeX between $…$ allowed), no proof, no Lean code, no preamble.';

export function buildInformalPrompt(decl: Declaration, deps: InformalResult['deps'], neighbours: NeighbourDecl[]): ChatMessage[] {
  const parts = [`Declaration (${decl.kind}) in module ${decl.module}:\n\`\`\`lean\n${decl.kind} ${decl.name} ${decl.signature}\n\`\`\``];
  if (decl.doc) parts.push(`Its docstring: ${decl.doc}`);
  if (deps.length) parts.push(`Informal statements of declarations it uses:\n${deps.map((d) => `- ${d.name}: ${d.text.replace(/\s+/g, ' ')}`).join('\n')}`);
  if (neighbours.length) parts.push(`Neighbouring declarations in the same file:\n${neighbours.map((n) => `- ${n.header}`).join('\n')}`);
  parts.push(`Write the informal statement of ${decl.name}.`);
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

function modelFreeText(decl: Declaration, structure: string): { text: string; origin: 'docstring' | 'structure' } {
  return decl.doc ? { text: `Docstring: ${decl.doc}\n\n${structure}`, origin: 'docstring' } : { text: structure, origin: 'structure' };
}

export async function informalize(input: InformalizeInput): Promise<InformalResult> {
  const t0 = performance.now();
  const opts = { ...DEFAULT_INFORMALIZE_OPTIONS, ...input.options };
  const done = (r: Omit<InformalResult, 'ms'>): InformalResult => ({ ...r, ms: performance.now() - t0 });
  let decl: Declaration | undefined;
  try {
    decl = await input.source.lookup(input.name);
  } catch (err) {
    return done({ name: input.name, text: '', origin: 'structure', deps: [], error: `lookup failed: ${(err as Error)?.message ?? err}` });
  }
  if (!decl) return done({ name: input.name, text: '', origin: 'structure', deps: [], error: `No declaration named ${input.name} in the index.` });
  const structure = renderStatementInWords(decl);
  const fallback = modelFreeText(decl, structure);
  if (!input.provider) {
    return done({ name: decl.name, ...fallback, deps: [], decl, structure, error: 'No model configured — showing the docstring and the statement’s structure instead of a translation.' });
  }
  const provider = input.provider;
  const model = provider.label;
  const cached = input.cache?.get(decl, model);
  if (cached !== undefined) {
    input.onText?.(cached);
    return done({ name: decl.name, text: cached, origin: 'model', model, cached: true, deps: [], decl, structure });
  }
  try {
    const visiting = new Set<string>([decl.name]);
    const deps = await dependencyTexts(decl, opts.depth, visiting, input, opts);
    const neighbours = (await input.source.neighbours?.(decl)) ?? [];
    let text = '';
    const res = await provider.generate({
      messages: buildInformalPrompt(decl, deps, neighbours),
      temperature: opts.temperature,
      maxTokens: opts.maxTokens,
      signal: input.signal,
      onText: (d) => {
        text += d;
        input.onText?.(text);
      },
    });
    const final = res.text.trim();
    if (!final) throw new ModelError('bad-response', `${model} returned an empty answer`);
    input.cache?.set(decl, model, final);
    return done({ name: decl.name, text: final, origin: 'model', model, deps, decl, structure });
  } catch (err) {
    const message = isCancelled(err) ? 'cancelled' : err instanceof Error ? err.message : String(err);
    return done({ name: decl.name, ...fallback, model, deps: [], decl, structure, error: `${message} — showing the docstring and the statement’s structure instead.` });
  }
}

/** Informal texts of the constants `decl` uses, dependencies first (post-order), cycles cut by `visiting`. */
async function dependencyTexts(
  decl: Declaration,
  depth: number,
  visiting: Set<string>,
  input: InformalizeInput,
  opts: InformalizeOptions,
): Promise<InformalResult['deps']> {
  if (depth <= 0) return [];
  const deps: Declaration[] = [];
  const ns = decl.name.split('.').slice(0, -1);
  for (const id of mentionedNames(decl)) {
    if (deps.length >= opts.maxDeps) break;
    // Resolve like Lean would inside the declaration's namespaces: innermost first, then the root.
    let found: Declaration | undefined;
    for (let i = ns.length; i >= 0 && !found; i--) {
      const full = [...ns.slice(0, i), id].join('.');
      if (visiting.has(full)) break;
      found = await input.source.lookup(full);
    }
    if (found && !visiting.has(found.name) && !deps.some((d) => d.name === found!.name)) deps.push(found);
  }
  const out: InformalResult['deps'] = [];
  for (const [i, dep] of deps.entries()) {
    if (input.signal?.aborted) throw new ModelError('cancelled', 'cancelled');
    visiting.add(dep.name);
    const cached = input.cache?.get(dep, input.provider!.label);
    if (cached !== undefined) {
      out.push({ name: dep.name, text: cached, origin: 'model' });
      continue;
    }
    input.onProgress?.(`informalizing ${dep.name} (${i + 1}/${deps.length})`);
    const inner = await dependencyTexts(dep, depth - 1, visiting, input, opts);
    out.push(...inner.filter((d) => !out.some((o) => o.name === d.name)));
    const res = await input.provider!.generate({
      messages: buildInformalPrompt(dep, inner, []),
      temperature: opts.temperature,
      maxTokens: opts.maxTokens,
      signal: input.signal,
    });
    const text = res.text.trim();
    if (text) {
      input.cache?.set(dep, input.provider!.label, text);
      out.push({ name: dep.name, text, origin: 'model' });
    } else if (dep.doc) out.push({ name: dep.name, text: dep.doc, origin: 'docstring' });
  }
  return out;
}

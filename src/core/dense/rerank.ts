// Optional reranking of the top lexical (or fused) hits by a chat model: the model sees the query and a
// numbered list of candidates and answers with the numbers in order of relevance. Its answer is untrusted
// text: numbers out of range, repeats, prose around them and `<think>` blocks are tolerated; an answer with
// nothing usable, a failing or slow model, or cancellation leave the input order (with a message saying why).
import type { ChatMessage, ModelProvider } from '../models/types';
import type { SearchHit } from '../types';

export interface RerankOptions {
  signal?: AbortSignal;
  /** Candidates shown to the model (default 20); the rest keep their order after the reranked ones. */
  maxCandidates?: number;
  maxTokens?: number;
}

export interface RerankResult {
  hits: SearchHit[];
  /** True when the model's order was applied. */
  reordered: boolean;
  /** Why the input order was kept, or a note (plain text for the user). */
  message?: string;
  ms: number;
}

const SYSTEM = [
  'You rank Lean 4 declarations (Mathlib lemmas and definitions) by how well they match a search query.',
  'Answer ONLY with the candidate numbers, most relevant first, separated by commas, for example: 3, 1, 2.',
].join(' ');

/** One line per candidate: `[i] kind name : signature — first sentence of the docstring` (bounded). */
export function rerankPrompt(query: string, hits: SearchHit[]): ChatMessage[] {
  const lines = hits.map((h, i) => {
    const sig = h.decl.signature.replace(/\s+/g, ' ').trim().slice(0, 200);
    const doc = (h.decl.doc ?? '').replace(/\s+/g, ' ').trim().split(/(?<=\.)\s/)[0].slice(0, 160);
    return `[${i + 1}] ${h.decl.kind} ${h.decl.name}${sig ? ` : ${sig}` : ''}${doc ? ` — ${doc}` : ''}`;
  });
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Query: ${query.slice(0, 2000)}\n\nCandidates:\n${lines.join('\n')}\n\nOrder (numbers only):` },
  ];
}

/**
 * The order the model gave, as 0-based candidate positions; undefined when the answer names no candidate.
 * Numbers are read in order of appearance; when there are none, candidate names mentioned are used.
 */
export function parseRerankAnswer(answer: string, names: string[]): number[] | undefined {
  const text = answer.replace(/<think>[\s\S]*?(<\/think>|$)/g, ' ');
  const n = names.length;
  const seen = new Set<number>();
  const order: number[] = [];
  for (const m of text.matchAll(/\d+/g)) {
    const i = Number(m[0]) - 1;
    if (i >= 0 && i < n && !seen.has(i)) {
      seen.add(i);
      order.push(i);
    }
  }
  if (order.length === 0) {
    const positions: { i: number; at: number }[] = [];
    names.forEach((name, i) => {
      const at = text.indexOf(name);
      if (at >= 0) positions.push({ i, at });
    });
    positions.sort((a, b) => a.at - b.at || names[b.i].length - names[a.i].length);
    for (const p of positions) {
      if (seen.has(p.i)) continue;
      seen.add(p.i);
      order.push(p.i);
    }
  }
  return order.length ? order : undefined;
}

/** Rerank the first `maxCandidates` hits with `provider`. Never throws. */
export async function rerank(query: string, hits: SearchHit[], provider: ModelProvider, opts: RerankOptions = {}): Promise<RerankResult> {
  const t0 = performance.now();
  const keep = (message: string): RerankResult => ({ hits, reordered: false, message, ms: performance.now() - t0 });
  if (hits.length < 2) return { hits, reordered: false, ms: 0 };
  const k = Math.max(2, Math.min(opts.maxCandidates ?? 20, 50));
  const head = hits.slice(0, k);
  let answer: string;
  try {
    const res = await provider.generate({ messages: rerankPrompt(query, head), maxTokens: opts.maxTokens ?? 200, temperature: 0, signal: opts.signal });
    answer = res.text;
  } catch (e) {
    return keep(`reranking skipped (${provider.label}): ${e instanceof Error ? e.message : String(e)}; showing the search order`);
  }
  const order = parseRerankAnswer(answer, head.map((h) => h.decl.name));
  if (!order) return keep(`reranking skipped: ${provider.label} answered without candidate numbers (${JSON.stringify(answer.slice(0, 60))}); showing the search order`);
  const chosen = new Set(order);
  const reordered = [...order.map((i) => head[i]), ...head.filter((_, i) => !chosen.has(i)), ...hits.slice(k)];
  return {
    hits: reordered,
    reordered: true,
    message: order.length < head.length ? `the model ranked ${order.length} of ${head.length} candidates; the others keep their order after them` : undefined,
    ms: performance.now() - t0,
  };
}

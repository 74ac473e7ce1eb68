// Prompts for next-tactic suggestions: ReProver-style (retrieved premises with their signatures before the goal),
// the file before the cursor in LLMLean's [CTX] block, and a repair prompt that carries Lean's errors.
import type { ChatMessage } from '../models/types';

export interface PromptPremise {
  name: string;
  signature: string;
}

export interface TacticPromptInput {
  goals: string[];
  /** Text of the file before the cursor; only its tail is used. */
  fileBefore?: string;
  premises: PromptPremise[];
  /** How many candidates to ask for. */
  count: number;
  /** Characters of file context kept (the tail, starting at a line boundary). */
  maxContextChars?: number;
  maxPremises?: number;
}

export interface FailedAttempt {
  tactic: string;
  error: string;
}

const SYSTEM = [
  'You are an expert Lean 4 and Mathlib user. You suggest the next tactic for a Lean 4 proof state.',
  'Answer with candidate tactics only: one tactic per line inside a single ```lean code block, no explanations.',
  'Each line must be a complete Lean 4 tactic that can be typed at the cursor. Never use sorry or admit.',
].join(' ');

export function tailOfFile(text: string | undefined, maxChars: number): string {
  if (!text) return '';
  if (text.length <= maxChars) return text;
  const tail = text.slice(text.length - maxChars);
  const nl = tail.indexOf('\n');
  return nl >= 0 ? tail.slice(nl + 1) : tail;
}

function premiseBlock(premises: PromptPremise[], max: number): string {
  return premises
    .slice(0, max)
    .map((p) => `${p.name} ${p.signature}`.replace(/\s+/g, ' ').trim())
    .join('\n');
}

export function buildTacticPrompt(input: TacticPromptInput): ChatMessage[] {
  const ctx = tailOfFile(input.fileBefore, input.maxContextChars ?? 4000);
  const premises = premiseBlock(input.premises, input.maxPremises ?? 8);
  const parts: string[] = [];
  if (ctx.trim()) parts.push(`[CTX]\n${ctx}\n[/CTX]`);
  if (premises) parts.push(`Premises that may help (name, then signature):\n[PREMISES]\n${premises}\n[/PREMISES]`);
  parts.push(`[STATE]\n${input.goals.join('\n\n')}\n[/STATE]`);
  parts.push(`Suggest ${input.count} different next tactics for this state, one per line in a \`\`\`lean block. Prefer tactics that use the premises above when they fit.`);
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** A follow-up round: the same state, plus what was tried and what Lean said (APOLLO/Lyra-style repair). */
export function buildRepairPrompt(input: TacticPromptInput, failed: FailedAttempt[]): ChatMessage[] {
  const [system, user] = buildTacticPrompt(input);
  const attempts = failed
    .slice(0, 8)
    .map((f) => `Tactic: ${f.tactic}\nLean error: ${f.error.replace(/\s+/g, ' ').slice(0, 400)}`)
    .join('\n\n');
  return [
    system,
    {
      role: 'user',
      content: `${user.content}\n\nThese attempts failed in Lean:\n${attempts}\n\nUse the errors to suggest ${input.count} corrected tactics, one per line in a \`\`\`lean block.`,
    },
  ];
}

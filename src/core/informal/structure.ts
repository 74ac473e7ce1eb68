// A model-free rendering of a statement in words, built from its structure (binders, hypotheses, conclusion).
// Always labelled as such: it reads the form of the statement, it does not translate it.
import { parseSignature, splitTopLevel, topRelation, type Binder } from './signature';

export const STRUCTURE_LABEL = 'Rendered from the statement’s structure (no model):';

const REL_WORDS: Record<string, string> = {
  '=': 'an equation',
  '↔': 'an equivalence',
  '≤': 'an inequality (≤)',
  '<': 'a strict inequality (<)',
  '≥': 'an inequality (≥)',
  '>': 'a strict inequality (>)',
  '≠': 'a disequality (≠)',
  '∣': 'a divisibility',
  '∈': 'a membership',
  '∉': 'a non-membership',
  '⊆': 'an inclusion',
};

/** A binder whose type reads like a proposition is a hypothesis, otherwise a variable. */
function isPropLike(type: string): boolean {
  if (!type) return false;
  if (topRelation(type)) return true;
  if (/^(Type|Sort)\b|^Type\*|^Sort\*/.test(type)) return false;
  if (/[→∀∃¬∧∨]/.test(type)) return true;
  // `Continuous f`, `Nat.Prime p`, `IsOpen s`: a capitalised predicate applied to arguments.
  return /^[A-Z][\w.]*\s+\S/.test(type) && !/^(Set|Finset|List|Fin|Matrix|Option|Multiset)\b/.test(type);
}

function binderText(b: Binder): string {
  return b.names.length ? `${b.names.join(', ')} : ${b.type}` : b.type;
}

export interface StructureInput {
  name: string;
  kind?: string;
  signature: string;
}

export function renderStatementInWords(decl: StructureInput): string {
  const shape = parseSignature(decl.signature);
  const implicit = shape.binders.filter((b) => b.kind === 'implicit' || b.kind === 'strict-implicit');
  const instances = shape.binders.filter((b) => b.kind === 'instance');
  const explicit = shape.binders.filter((b) => b.kind === 'explicit');
  const variables = explicit.filter((b) => !isPropLike(b.type));
  const hyps = explicit.filter((b) => isPropLike(b.type));
  const lines: string[] = [`${STRUCTURE_LABEL} ${decl.kind ?? 'declaration'} ${decl.name}`];
  if (implicit.length) lines.push(`• Implicitly, for any ${implicit.map(binderText).join('; ')}`);
  if (instances.length) lines.push(`• With the structure: ${instances.map(binderText).join('; ')}`);
  if (variables.length) lines.push(`• For all ${variables.map(binderText).join('; ')}`);
  if (shape.foralls.length) lines.push(`• For all ${shape.foralls.join('; ')}`);
  const assumptions = [...hyps.map(binderText), ...shape.arrows];
  if (assumptions.length) lines.push(`• Assuming ${assumptions.join('; and ')}`);
  const concl = shape.conclusion.trim();
  if (concl) {
    const rel = topRelation(concl);
    const conj = splitTopLevel(concl, '∧');
    const what = rel ? ` (${REL_WORDS[rel.rel] ?? 'a relation'})` : conj.length > 1 ? ` (a conjunction of ${conj.length} statements)` : /^∃/.test(concl) ? ' (an existence statement)' : '';
    const verb = isPropLike(concl) || rel || decl.kind === 'theorem' ? 'Then' : 'It is a term of type';
    lines.push(`• ${verb}: ${concl}${what}`);
  }
  return lines.join('\n');
}

// Parsing goal states as Lean's infoview prints them (`$/lean/plainGoal`), e.g.
//   n : ℕ
//   h₀ : 0 < n
//   ⊢ n + 0 = n
// Several goals are separated by blank lines or `---`; a `case tag` line may come first.

export interface Hypothesis {
  names: string[];
  type: string;
}

export interface Goal {
  caseTag?: string;
  hypotheses: Hypothesis[];
  /** The target after `⊢` (multi-line targets are joined with single spaces). */
  target: string;
}

/** True if the text looks like a pasted goal state (has a `⊢`). */
export function looksLikeGoal(text: string): boolean {
  return /(^|\n)\s*⊢/.test(text);
}

/** Split a rendered goal list into single goals. Accepts the `rendered` markdown (```lean fences) too. */
export function splitGoals(text: string): string[] {
  const clean = text.replace(/```(lean)?/g, '\n');
  return clean
    .split(/\n\s*---\s*\n|\n\s*\n(?=\s*(?:case\s|[^\s⊢][^\n]*:|⊢))/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g !== 'no goals');
}

export function parseGoal(text: string): Goal {
  const lines = text.replace(/\r/g, '').split('\n');
  const hyps: Hypothesis[] = [];
  let caseTag: string | undefined;
  const targetLines: string[] = [];
  let inTarget = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    if (inTarget) {
      targetLines.push(line.trim());
      continue;
    }
    const t = line.trimStart();
    if (t.startsWith('⊢')) {
      inTarget = true;
      targetLines.push(t.slice(1).trim());
      continue;
    }
    const caseMatch = /^case\s+(.+)$/.exec(t);
    if (caseMatch && hyps.length === 0) {
      caseTag = caseMatch[1].trim();
      continue;
    }
    // A hypothesis line starts at column 0 with `names : type`; indented lines continue the previous type.
    const colon = findTopLevelColon(t);
    if (line === t && colon > 0) {
      hyps.push({ names: t.slice(0, colon).trim().split(/\s+/), type: t.slice(colon + 1).trim() });
    } else if (hyps.length > 0) {
      hyps[hyps.length - 1].type += ' ' + t;
    }
  }
  return { caseTag, hypotheses: hyps, target: targetLines.join(' ') };
}

export function parseGoals(text: string): Goal[] {
  return splitGoals(text).map(parseGoal);
}

/** Index of the ` : ` separating hypothesis names from the type, or -1. */
function findTopLevelColon(line: string): number {
  const m = /^([^\s:()\[\]{}⦃⦄]+(?:\s+[^\s:()\[\]{}⦃⦄]+)*)\s:\s?/.exec(line);
  return m ? m[1].length + 1 : -1;
}

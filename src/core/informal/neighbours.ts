// Declarations next to a given line in a Lean file (LeanSearch adds the ±2 neighbours to its prompts).
const DECL_START = /^(?:@\[[^\]]*\]\s*)?(?:(?:private|protected|noncomputable|nonrec|partial|unsafe)\s+)*(theorem|lemma|def|abbrev|instance|structure|class|inductive|example)\b/;

export interface NeighbourDecl {
  /** 1-based line. */
  line: number;
  /** The declaration's first line(s), up to `:=` or 300 characters. */
  header: string;
}

export function neighbourDeclarations(fileText: string, line1: number, around = 2): NeighbourDecl[] {
  const lines = fileText.replace(/\r/g, '').split('\n');
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (DECL_START.test(l)) starts.push(i);
  });
  const self = starts.findIndex((s) => s === line1 - 1);
  const at = self >= 0 ? self : starts.findIndex((s) => s > line1 - 1);
  const pick = starts.filter((_, i) => i !== self && Math.abs(i - (at < 0 ? starts.length : at)) <= around);
  return pick.map((s) => {
    let text = '';
    for (let i = s; i < lines.length && text.length < 300; i++) {
      text += (text ? ' ' : '') + lines[i].trim();
      if (/:=/.test(lines[i]) || (i > s && DECL_START.test(lines[i + 1] ?? ''))) break;
    }
    return { line: s + 1, header: text.replace(/\s*:=[\s\S]*$/, '').slice(0, 300) };
  });
}

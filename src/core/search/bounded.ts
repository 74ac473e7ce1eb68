// How much of a query is read: a pasted file or goal state can be long, and what matters in it is at its end.

/** Characters of a query that are read. */
export const MAX_QUERY_CHARS = 4000;

/**
 * The part of a long query that is read (at most `max` characters): a goal state or a pasted theorem keeps its end —
 * the target after `⊢`, the last theorem — from a line's start; words keep their start.
 */
export function boundedQuery(raw: string, max = MAX_QUERY_CHARS): string {
  if (raw.length <= max) return raw;
  const tail = raw.slice(-max);
  if (!/(?:^|\n)\s*⊢|\s⊢\s|\b(?:theorem|lemma)\s/.test(tail)) return raw.slice(0, max);
  const firstLine = tail.indexOf('\n');
  return firstLine >= 0 && firstLine < tail.length - 1 ? tail.slice(firstLine + 1) : tail;
}

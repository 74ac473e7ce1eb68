// Progress of long CLI jobs on stderr: a line per phase change, and a throttled count in between.
import type { Progress } from '../core/types';

export function progressPrinter(quiet: boolean): (p: Progress) => void {
  let lastAt = 0;
  let lastPhase = '';
  return (p) => {
    if (quiet) return;
    const now = Date.now();
    if (p.phase !== lastPhase || p.done === p.total || now - lastAt > 1000) {
      const pct = p.total > 0 ? ` ${p.done}/${p.total} (${Math.round((100 * p.done) / p.total)}%)` : '';
      process.stderr.write(`[${p.phase}]${pct}${p.message ? ' ' + p.message : ''}\n`);
      lastAt = now;
      lastPhase = p.phase;
    }
  };
}

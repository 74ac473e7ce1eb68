// Temporary Lean projects for unit tests: written under a fresh directory of the OS's temp dir, removed when the test
// file is done.
import { after } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh directory (`prefix` + random), removed after the test file. */
export function tempDir(prefix: string): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(base);
  return base;
}

/** A project at `<fresh dir>/proj` with these files (relative path → text), and a cache directory beside it (not made). */
export function tempProject(prefix: string, files: Record<string, string>): { base: string; root: string; cache: string } {
  const base = tempDir(prefix);
  const root = path.join(base, 'proj');
  fs.mkdirSync(root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return { base, root, cache: path.join(base, 'cache') };
}

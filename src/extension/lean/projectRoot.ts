// Finds the Lean project a file belongs to: the nearest folder up the tree with a lean-toolchain or lakefile.
// No vscode import: unit-testable.
import { existsSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

export const PROJECT_MARKERS = ['lakefile.lean', 'lakefile.toml', 'lean-toolchain'] as const;

export function findProjectRoot(fileOrDir: string, exists: (p: string) => boolean = existsSync): string | undefined {
  let dir = fileOrDir.endsWith('.lean') ? dirname(fileOrDir) : fileOrDir;
  const { root } = parse(dir);
  // Inside a package checked out under .lake/packages, the package itself is the nearest root: that is right
  // for its own goals (its server runs there), and the user's project is found by `findOuterProjectRoot`.
  for (;;) {
    if (PROJECT_MARKERS.some((m) => exists(join(dir, m)))) return dir;
    if (dir === root) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The user's project for a file, skipping dependency checkouts under `.lake/packages/<pkg>`. */
export function findOuterProjectRoot(file: string, exists: (p: string) => boolean = existsSync): string | undefined {
  const norm = file.replace(/\\/g, '/');
  const i = norm.indexOf('/.lake/packages/');
  return findProjectRoot(i >= 0 ? file.slice(0, i) : file, exists);
}

// Which declaration files the panel may open: a `.lean` file inside the project, or inside a folder the index read
// sources from outside it (Lean core in the elan toolchain). Anything else is refused, whatever the webview sends.
import { isAbsolute, join, relative, resolve } from 'node:path';

/** The absolute path to open for a declaration's `file` (relative to the project root), or undefined when refused. */
export function openableFile(root: string, file: string, sourceFolders: readonly string[] = []): string | undefined {
  const abs = resolve(join(root, file));
  if (!abs.endsWith('.lean')) return undefined;
  const inside = (folder: string) => {
    const rel = relative(resolve(folder), abs);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  return inside(root) || sourceFolders.some(inside) ? abs : undefined;
}

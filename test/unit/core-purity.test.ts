// The core must stay editor-free: the CLI and the index worker run it under plain Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false } as { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\s*\(\s*['"]vscode['"]\s*\))/;

for (const dir of ['src/core', 'src/node', 'src/cli']) {
  test(`${dir} never imports vscode`, () => {
    const files = sourceFiles(dir);
    assert.ok(files.length > 0, `expected sources under ${dir}`);
    const offenders = files.filter((f) => importsVscode.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
}

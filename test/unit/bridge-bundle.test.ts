// The extension bundle must load in any VS Code: it may require only `vscode` and Node's built-ins
// (everything else is bundled by esbuild). Checks dist/ after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const builtins = new Set(builtinModules);

for (const bundle of ['extension.js', 'indexWorker.js']) {
  test(`dist/${bundle} requires only vscode and node built-ins`, (t) => {
    const file = join(root, 'dist', bundle);
    if (!existsSync(file)) {
      t.skip(`dist/${bundle} not built (run npm run build)`);
      return;
    }
    const src = readFileSync(file, 'utf8');
    const required = new Set([...src.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    assert.ok(required.size > 0, 'found no require() calls: is this a CommonJS bundle?');
    const foreign = [...required].filter((r) => r !== 'vscode' && !builtins.has(r.replace(/^node:/, '')));
    assert.deepEqual(foreign, []);
    if (bundle === 'indexWorker.js') assert.equal(required.has('vscode'), false, 'the index worker must not need vscode');
  });
}

test('the webview bundle loads no module at run time and has no eval', (t) => {
  const file = join(root, 'dist', 'webview.js');
  if (!existsSync(file)) {
    t.skip('dist/webview.js not built');
    return;
  }
  const src = readFileSync(file, 'utf8');
  assert.equal(/\brequire\(\s*["']/.test(src), false);
  // FAST (under the toolkit) has a globalThis fallback `new Function("return this")` inside try/catch that
  // modern webviews never reach; any other dynamic code would need unsafe-eval, which the CSP forbids.
  const dynamic = src.replace(/new Function\(\s*["']return this["']\s*\)/g, '');
  assert.equal(/\bnew Function\(|\beval\(/.test(dynamic), false, 'the CSP allows no unsafe-eval');
});

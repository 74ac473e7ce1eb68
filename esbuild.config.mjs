// One build for every bundle: the extension and its index worker (node, cjs, `vscode` external),
// the webview (browser), the CLI, and — with --tests — the unit and integration tests.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};
const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

function entriesIn(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { indexWorker: 'src/node/indexWorker.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { extractWorker: 'src/node/extractWorker.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist' },
].filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));

if (withTests) {
  const unit = entriesIn('test/unit', '.test.ts');
  if (unit.length) builds.push({ ...nodeCommon, entryPoints: unit, outdir: 'out/test/unit', outbase: 'test/unit' });
  const integration = entriesIn('test/integration', '.ts');
  if (integration.length) builds.push({ ...nodeCommon, entryPoints: integration, outdir: 'out/test/integration', outbase: 'test/integration' });
  const bench = entriesIn('test/bench', '.ts');
  if (bench.length) builds.push({ ...nodeCommon, entryPoints: bench, outdir: 'out/test/bench', outbase: 'test/bench' });
  const servers = entriesIn('test/servers', '.ts');
  if (servers.length) builds.push({ ...nodeCommon, entryPoints: servers, outdir: 'out/test/servers', outbase: 'test/servers' });
}

await Promise.all(builds.map((b) => esbuild.build(b)));

// KaTeX's stylesheet and its woff2 fonts for the panel (docstring math), beside the webview bundle. Only woff2 is
// shipped (every browser VS Code runs in reads it), so the stylesheet's woff/ttf fallbacks are dropped.
const katexDist = 'node_modules/katex/dist';
if (existsSync(katexDist)) {
  mkdirSync('dist/katex/fonts', { recursive: true });
  const css = readFileSync(join(katexDist, 'katex.min.css'), 'utf8').replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '');
  writeFileSync('dist/katex/katex.min.css', css);
  for (const f of readdirSync(join(katexDist, 'fonts'))) if (f.endsWith('.woff2')) copyFileSync(join(katexDist, 'fonts', f), join('dist/katex/fonts', f));
  copyFileSync('node_modules/katex/LICENSE', 'dist/katex/LICENSE'); // MIT: its notice ships with its files
}

// Runs the same integration suites (index.ts) in a desktop VS Code downloaded by @vscode/test-electron,
// for contributors with a display and internet access. CI here uses runCodeServer.ts instead: VS Code
// cannot be downloaded on these machines (see /work/shared/docs/real-vscode.md).
//   node esbuild.config.mjs --tests && npm run build && node out/test/integration/runElectron.js [--with-lean4-test-double]
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const requireAtRuntime = createRequire(__filename);

async function main(): Promise<void> {
  const { runTests } = requireAtRuntime('@vscode/test-electron') as typeof import('@vscode/test-electron');
  const root = resolve(__dirname, '..', '..', '..');
  const withDouble = process.argv.includes('--with-lean4-test-double');
  const workspace = join(mkdtempSync(join(tmpdir(), 'leanscout-electron-')), 'lean-project');
  cpSync(join(root, 'test', 'fixtures', 'lean-project'), workspace, { recursive: true });
  const serverJs = join(root, 'out', 'test', 'servers', 'lean-protocol-test-server.js');
  if (!withDouble) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'leanscout.lean.serverCommand': `node ${serverJs} --script ${join(workspace, 'leanscout-test-script.json')}` }, null, 2),
    );
  }
  if (withDouble) {
    const esbuild = requireAtRuntime('esbuild') as typeof import('esbuild');
    const double = join(root, 'test', 'fixtures', 'lean4-api-test-extension');
    await esbuild.build({ entryPoints: [join(double, 'src', 'extension.ts')], outfile: join(double, 'dist', 'extension.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  }
  // Desktop VS Code takes several development paths: the Lean 4 API test double is loaded as a second one.
  const devPaths = [root, ...(withDouble ? [join(root, 'test', 'fixtures', 'lean4-api-test-extension')] : [])];
  await runTests({
    extensionDevelopmentPath: devPaths,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { LEANSCOUT_TEST_LEAN_SERVER_JS: serverJs },
  });
}

main().catch((e) => {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

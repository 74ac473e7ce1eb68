// The ONE integration-test entry point: VS Code's extension host requires this module (extensionTestsPath)
// and awaits run(). Used by the code-server runner (runCodeServer.ts, what CI runs) and by
// @vscode/test-electron (runElectron.ts, for a desktop VS Code). It runs every built suite
// out/test/integration/suite/*.test.js with mocha (tdd: suite/test).
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaClass from 'mocha';

/** Lines the code-server runner picks out of the page console (the extension host's console ends up there). */
export const REPORT_PREFIX = '[leanscout-test]';

/** A plain reporter: one pre-formatted line per event (no %s/%c format strings, which the web console mangles). */
function reporterClass(Mocha: typeof MochaClass) {
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;
  return class LineReporter extends Mocha.reporters.Base {
    constructor(runner: MochaClass.Runner, options?: MochaClass.MochaOptions) {
      super(runner, options);
      const out = (s: string) => console.log(`${REPORT_PREFIX} ${s}`);
      runner.on(EVENT_SUITE_BEGIN, (s: MochaClass.Suite) => s.title && out(s.title));
      runner.on(EVENT_TEST_PASS, (t: MochaClass.Test) => out(`  ✔ ${t.title} (${t.duration ?? 0} ms)`));
      runner.on(EVENT_TEST_PENDING, (t: MochaClass.Test) => out(`  - ${t.title} (skipped)`));
      runner.on(EVENT_TEST_FAIL, (t: MochaClass.Test, err: Error) => {
        out(`  ✖ ${t.fullTitle()}\n      ${err.message.replace(/\n/g, '\n      ')}`);
        if (err.stack) out(`      ${err.stack.split('\n').slice(1, 6).join('\n      ')}`);
      });
      runner.once(EVENT_RUN_END, () => {
        const s = this.stats;
        out(`${s.passes} passing, ${s.failures} failing, ${s.pending} skipped (${s.duration ?? 0} ms)`);
      });
    }
  };
}

export async function run(): Promise<void> {
  // mocha is resolved from the repository's node_modules at run time (not bundled: it loads files itself).
  const requireAtRuntime = createRequire(__filename);
  const Mocha = requireAtRuntime('mocha') as typeof MochaClass;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: reporterClass(Mocha) });
  const grep = process.env.LEANSCOUT_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = join(__dirname, 'suite');
  const files = readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) throw new Error(`no test suites in ${suiteDir}: build them with \`node esbuild.config.mjs --tests\``);
  for (const f of files) mocha.addFile(join(suiteDir, f));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures: number) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}

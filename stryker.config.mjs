/**
 * Mutation testing of the security core with StrykerJS (docs/mutation.md).
 * `npm run mutation` (scripts/mutation.mjs) runs Stryker once per package,
 * from that package's directory, with this file as the config: the package
 * is the working directory's name, and scripts/security-core.mjs says which
 * of its files are mutated. Each package is tested by its own suite (its vitest.config.ts).
 *
 * inPlace: tests import the packages by name, and node_modules links each
 * name to packages/<name>, which resolves to packages/<name>/src (the
 * `source` condition, vitest.shared.ts). In Stryker's default sandbox copy
 * those imports would still reach the original, unmutated sources, and no
 * mutant would ever be seen. So Stryker mutates the checkout itself and puts
 * every file back when it ends, or on Ctrl-C. Meanwhile the originals are in
 * .stryker-tmp/<package>/backup-*; after a hard kill, copy them back from
 * there (or `git checkout` the mutated files).
 */
import { basename } from 'node:path';
import { SECURITY_CORE } from './scripts/security-core.mjs';

const pkg = basename(process.cwd());
const mutate = SECURITY_CORE[pkg];
if (!mutate) {
  throw new Error(
    `stryker.config.mjs: run Stryker from one of packages/{${Object.keys(SECURITY_CORE).join(',')}} ` +
      `(the working directory is ${process.cwd()}); \`npm run mutation\` does that.`,
  );
}
const reports = `../../reports/mutation/${pkg}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate,
  inPlace: true,
  // the backup of the files being mutated: outside the package, or vitest would find its copies of the tests
  tempDirName: `../../.stryker-tmp/${pkg}`,
  // vitest does not type-check, so no file needs Stryker's `// @ts-nocheck` (and the tests stay untouched)
  disableTypeChecks: false,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  coverageAnalysis: 'perTest',
  // mutants that do not compile are discarded before any test runs
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // two cores, shared: two workers; `npm run mutation -- --concurrency 1` to be gentler
  concurrency: 2,
  // a mutant's tests may take 2× their dry-run time plus 10 s before it counts as a timeout (an endless loop)
  timeoutFactor: 2,
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 20,
  // reuse the results of mutants whose code and tests did not change (`--force` re-runs all)
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  thresholds: { high: 90, low: 80, break: null },
};

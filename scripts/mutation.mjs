/**
 * `npm run mutation`: mutation testing of the security core (docs/mutation.md).
 * Builds (the TypeScript checker reads the other packages' declarations from
 * dist/), then runs StrykerJS once per package, from the package's directory,
 * with the root stryker.config.mjs, and prints each package's counts. A run
 * over all of a package's files puts its results (score, counts, date, Node,
 * Stryker, the surviving mutants) into docs/mutation-results.json, which
 * keeps the other packages' last results. Never part of `npm test`.
 *
 * usage: npm run mutation [-- [package ...] [--no-build] [--mutate packages/<p>/src/<file>[:lines] ... [--record]] [stryker options]]
 *   npm run mutation                                              all five packages, incremental
 *   npm run mutation -- iam --force                               one package, every mutant again
 *   npm run mutation -- --mutate packages/iam/src/policy/glob.ts  one file (and so one package)
 * --record keeps a run narrowed with --mutate as the package's entry, marked
 * partial with its files (when the whole package does not fit the time).
 * --no-build skips the build: while another package's run has its sources
 * mutated in place, a build would put mutants into that package's dist/.
 * Any other option goes to Stryker as it is (`--concurrency 1`, `--logLevel debug`, `--force`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECURITY_CORE } from './security-core.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = 'docs/mutation-results.json';
const PACKAGES = Object.keys(SECURITY_CORE);
/** Stryker's statuses, in the order the summary lists them; the first two are detected. */
const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];

function usage(message) {
  console.error(`mutation: ${message}`);
  console.error(
    'usage: npm run mutation [-- [package ...] [--no-build] [--mutate packages/<p>/src/<file>[:lines] ... [--record]] [stryker options]]',
  );
  console.error(`packages: ${PACKAGES.join(', ')}`);
  process.exit(2);
}

/** The packages to run, the files to mutate per package (when narrowed), and the options for Stryker. */
function parseArgs(args) {
  const packages = [];
  const mutate = new Map();
  const passThrough = [];
  let build = true;
  let recordPartial = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--mutate' || arg === '-m') {
      const file = args[++i];
      if (file === undefined) usage('--mutate needs a file');
      const m = /^(?:\.\/)?packages\/([^/]+)\/(.+)$/.exec(relative(root, resolve(process.cwd(), file)));
      if (!m || !PACKAGES.includes(m[1])) usage(`--mutate ${file}: not a file of packages/{${PACKAGES.join(',')}}`);
      // a file the security core measures only in part stays in part
      const ranges = SECURITY_CORE[m[1]].filter((entry) => entry.startsWith(`${m[2]}:`));
      mutate.set(m[1], [...(mutate.get(m[1]) ?? []), ...(ranges.length > 0 ? ranges : [m[2]])]);
    } else if (arg === '--no-build') {
      build = false;
    } else if (arg === '--record') {
      recordPartial = true;
    } else if (arg.startsWith('-')) {
      passThrough.push(arg);
      // a value for the option, if the next argument is one
      if (i + 1 < args.length && !args[i + 1].startsWith('-') && !PACKAGES.includes(args[i + 1]))
        passThrough.push(args[++i]);
    } else if (PACKAGES.includes(arg)) {
      packages.push(arg);
    } else usage(`unknown package ${arg}`);
  }
  const chosen = packages.length > 0 ? packages : mutate.size > 0 ? [...mutate.keys()] : PACKAGES;
  return { packages: chosen, mutate, passThrough, build, recordPartial };
}

function run(command, args, cwd) {
  const child = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return child.status ?? 128;
}

/** Counts per status, and the score as Stryker computes it: detected / (detected + undetected). */
function tally(mutants) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const m of mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  const covered = detected + counts.Survived;
  return {
    mutationScore: valid === 0 ? null : round((detected / valid) * 100),
    mutationScoreOnCovered: covered === 0 ? null : round((detected / covered) * 100),
    total: mutants.length,
    killed: counts.Killed,
    timeout: counts.Timeout,
    survived: counts.Survived,
    noCoverage: counts.NoCoverage,
    compileErrors: counts.CompileError,
    runtimeErrors: counts.RuntimeError,
    ignored: counts.Ignored,
  };
}

function round(n) {
  return Math.round(n * 100) / 100;
}

/** What one package's JSON report says: counts per file and the mutants no test detected. */
function readReport(pkg) {
  const report = JSON.parse(readFileSync(join(root, 'reports/mutation', pkg, 'mutation.json'), 'utf8'));
  const files = {};
  const all = [];
  const survivors = [];
  for (const [name, file] of Object.entries(report.files)) {
    const path = `packages/${pkg}/${name.replaceAll('\\', '/')}`;
    files[path] = tally(file.mutants);
    all.push(...file.mutants);
    for (const m of file.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      survivors.push({
        file: path,
        line: m.location.start.line,
        column: m.location.start.column,
        mutator: m.mutatorName,
        replacement: m.replacement ?? '',
        status: m.status,
      });
    }
  }
  return { ...tally(all), files, survivors };
}

function strykerVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules/@stryker-mutator/core/package.json'), 'utf8')).version;
}

/** Vitest runner processes leave their setup file behind when Stryker stops them. */
function removeSetupFiles(dir) {
  for (const name of readdirSync(dir)) if (/^stryker-setup-\d+\.js$/.test(name)) rmSync(join(dir, name));
}

/** The committed record, or an empty one. */
function readRecord() {
  try {
    return JSON.parse(readFileSync(join(root, RESULTS), 'utf8'));
  } catch {
    return { packages: {} };
  }
}

/**
 * Puts one package's results into the committed record (each package keeps
 * the date, Node and Stryker of its own last full run, so a run of one
 * package updates its row only) and recomputes the overall score.
 */
function record(pkg, result, passThrough, partial) {
  const previous = readRecord();
  const packages = { ...previous.packages };
  packages[pkg] = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    stryker: strykerVersion(),
    command: ['npm run mutation --', pkg, ...passThrough].join(' '),
    // the files of a partial run (--mutate ... --record); absent when the run covered the whole list
    ...(partial ? { partial } : {}),
    ...result,
  };
  const ordered = Object.fromEntries(PACKAGES.filter((p) => packages[p]).map((p) => [p, packages[p]]));
  const all = Object.values(ordered);
  const sum = (key) => all.reduce((n, r) => n + r[key], 0);
  const detected = sum('killed') + sum('timeout');
  const valid = detected + sum('survived') + sum('noCoverage');
  const totals = Object.fromEntries(
    ['total', 'killed', 'timeout', 'survived', 'noCoverage', 'compileErrors', 'runtimeErrors', 'ignored'].map((k) => [
      k,
      sum(k),
    ]),
  );
  const complete = PACKAGES.every((p) => ordered[p] && !ordered[p].partial);
  const overall = { mutationScore: valid === 0 ? null : round((detected / valid) * 100), complete, ...totals };
  writeFileSync(join(root, RESULTS), `${JSON.stringify({ overall, packages: ordered }, null, 2)}\n`);
  // in the repository's JSON style, so `biome ci` passes on the committed file
  run(join(root, 'node_modules/.bin/biome'), ['format', '--write', RESULTS], root);
  return overall;
}

function main() {
  const { packages, mutate, passThrough, build, recordPartial } = parseArgs(process.argv.slice(2));
  // Stryker restores the mutated files on Ctrl-C: wait for it rather than exit first
  process.on('SIGINT', () => {});
  if (build && run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], root) !== 0)
    usage('the build failed');
  const stryker = join(root, 'node_modules/.bin/stryker');
  const rows = [];
  let overall = null;
  let failed = false;
  for (const pkg of packages) {
    console.log(`\n=== mutation testing: packages/${pkg} ===`);
    const dir = join(root, 'packages', pkg);
    // one --mutate with a comma-separated list: Stryker keeps only the last of several
    const files = mutate.has(pkg) ? ['--mutate', (mutate.get(pkg) ?? []).join(',')] : [];
    const started = performance.now();
    const status = run(stryker, ['run', '../../stryker.config.mjs', ...files, ...passThrough], dir);
    removeSetupFiles(dir);
    if (status !== 0) {
      console.error(`mutation: Stryker exited with ${status} in packages/${pkg}`);
      failed = true;
      continue;
    }
    const result = { ...readReport(pkg), minutes: round((performance.now() - started) / 60_000) };
    rows.push({
      package: pkg,
      score: result.mutationScore,
      killed: result.killed,
      timeout: result.timeout,
      survived: result.survived,
      'no coverage': result.noCoverage,
      'compile errors': result.compileErrors,
      minutes: result.minutes,
    });
    // a run over part of a package's files is not its score, unless --record says to keep it as a partial one
    if (!mutate.has(pkg) || recordPartial) overall = record(pkg, result, passThrough, mutate.get(pkg));
  }
  console.log('\n=== mutation score ===');
  console.table(rows);
  if (overall) {
    const scope = overall.complete ? 'the security core' : 'the packages recorded so far';
    console.log(`recorded in ${RESULTS}: ${overall.mutationScore}% over ${scope}`);
    console.log('explain any new survivor in docs/mutation-results.md');
  } else if (!failed) {
    console.log(`(${RESULTS} records only a run over all of a package's files)`);
  }
  console.log('reports: reports/mutation/<package>/index.html');
  process.exit(failed ? 1 : 0);
}

main();

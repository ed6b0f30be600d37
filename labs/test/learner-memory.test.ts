/**
 * Checking a TypeScript lab again and again (watch mode re-checks on every
 * save) does not grow memory without bound: each check's learner module
 * lives in a worker thread that ends with the check. Before, every check
 * imported the file under a new URL into the checker's own process, and
 * every version stayed: about 0.6 MB of heap per check of lab 7.
 *
 * Measured in a child process of its own (run with --expose-gc, so the heap
 * is measured after a full collection, and nothing else the test run loads
 * counts): the heap in use after the last checks, against after the first
 * ones, and no live worker after any check. Sizes and counts, no times: on
 * a loaded machine the test is slower, not flaky.
 */
import { execFile } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { copyLabsRoot, LABS_ROOT, lab } from './helpers.js';

/**
 * Twelve checks (each starts a thread and loads tsx and jose in it: most of a second of CPU): the first three
 * warm the caches, then checks 4-6 are compared with checks 10-12, six apart. A leak of 0.6 MB a check shows
 * as 3.6 MB, more than twice the 1.5 MB allowed.
 */
const CHECKS = 12;
/** Growth allowed per check, on average, from checks 4-6 to checks 10-12 (a leaking module cost about 0.6 MB). */
const MAX_GROWTH_PER_CHECK_BYTES = 250_000;

const script = (dir: string) => `
import { checkLabFolder } from '${join(LABS_ROOT, 'src/check-lab.ts')}';
import { loadInfo } from '${join(LABS_ROOT, 'src/info.ts')}';
import { liveSandboxes } from '${join(LABS_ROOT, 'src/learner/sandbox.ts')}';
const lab = loadInfo('${join(LABS_ROOT, 'info.yaml')}').find((l) => l.number === 7);
const runs = [];
for (let i = 0; i < ${CHECKS}; i++) {
  const report = await checkLabFolder(lab, '${dir}');
  globalThis.gc();
  globalThis.gc();
  runs.push({ pass: report.pass, live: liveSandboxes(), heap: process.memoryUsage().heapUsed });
}
process.stdout.write(JSON.stringify(runs));
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

it(`${CHECKS} checks of lab 7 leave no thread behind, and the heap stays bounded`, async () => {
  const root = copyLabsRoot(7);
  const dir = join(root, 'exercises', lab(7).folder);
  cpSync(join(root, 'solutions', lab(7).folder), dir, { recursive: true });
  const file = join(root, 'checks.ts');
  writeFileSync(file, script(dir));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    cwd: LABS_ROOT,
    maxBuffer: 1 << 20,
  });
  const runs = JSON.parse(stdout) as { pass: boolean; live: number; heap: number }[];
  expect(runs).toHaveLength(CHECKS);
  expect(runs.every((r) => r.pass)).toBe(true);
  expect(runs.map((r) => r.live)).toEqual(runs.map(() => 0));
  // medians of three, 6 checks apart: one collection that happens to keep a little more does not count
  const early = median(runs.slice(3, 6).map((r) => r.heap));
  const late = median(runs.slice(9, 12).map((r) => r.heap));
  expect(late - early).toBeLessThan(6 * MAX_GROWTH_PER_CHECK_BYTES);
}, 600_000);

/**
 * Learner TypeScript runs in a worker thread of its own: a synchronous
 * endless loop in lab 7's or lab 8's function is stopped after the time
 * limit with a message naming the file, the function and the lab, and
 * `labs check` and the watch runner go on working afterwards; no thread outlives its check. The loops are real, so
 * each of these tests waits out the limit, which they shorten to 1 s (the usual 5 s would take a core for 5 s
 * each); they get generous timeouts, and assert no durations (a loaded machine only makes them slower).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport } from '@irsa-lab/labs';
import {
  RunnerApp as App,
  createEngine,
  LEARNER_CALL_LIMIT_MS,
  LEARNER_LOAD_LIMIT_MS,
  labsMain,
  labsPaths,
  liveSandboxes,
} from '@irsa-lab/labs';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { checkWith, copyLabsRoot, LABS_ROOT, lab } from './helpers.js';

/** The call limit of these checks: an endless loop is stopped after 1 s instead of the usual 5 s. */
const LIMITS = { callLimitMs: 1000 };
/** A frame may wait for a whole load (up to its limit) and then a call's limit; the test itself has the shared TEST_LIMIT_MS. */
const FRAME_WAIT_MS = 2 * (LEARNER_LOAD_LIMIT_MS + LEARNER_CALL_LIMIT_MS);

const exercise = (n: number, file: string) => readFileSync(join(LABS_ROOT, 'exercises', lab(n).folder, file), 'utf8');

/**
 * Lab 7's validator with an endless loop at the start of verify, in a helper: written inline, it would make
 * TypeScript treat the rest of verify as unreachable, and stop narrowing `cache` there (a type error first).
 */
const validatorWithLoop = () => {
  const text = exercise(7, 'validator.ts');
  const at = '    async verify(token) {\n';
  expect(text).toContain(at);
  const spin = 'function spin(): void {\n  while (true) {}\n}\n\nexport function createValidator';
  return text.replace(at, `${at}      spin();\n`).replace('export function createValidator', spin);
};

/** Lab 8's app with an endless loop in credentials(). */
const APP_WITH_LOOP = `export function startApp() {
  return {
    async credentials() {
      for (;;) {}
    },
  };
}
`;

/** The one failed step of a report, as text (its title is the message about the file). */
function onlyFailure(report: CheckReport): string {
  expect(report.pass).toBe(false);
  const failed = report.steps.filter((s) => !s.ok);
  expect(failed).toHaveLength(1);
  const all = [failed[0]?.title ?? '', ...(failed[0]?.details ?? [])].join('\n');
  expect(all).not.toMatch(/\n\s+at |checker itself failed/);
  return all;
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  const code = await labsMain(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => 0 },
    cwd,
    learnerLimits: LIMITS,
  });
  return { code, stdout };
}

describe('an endless loop in learner code is stopped after the time limit', () => {
  it('a call may take a few seconds, loading the module longer (it compiles the file)', () => {
    expect(LEARNER_CALL_LIMIT_MS).toBe(5000);
    expect(LEARNER_LOAD_LIMIT_MS).toBe(30_000);
  });

  it("lab 7's verify: named by file, function and lab; labs check then passes once it is fixed", async () => {
    const root = copyLabsRoot(7);
    const dir = join(root, 'exercises', lab(7).folder);
    writeFileSync(join(dir, 'validator.ts'), validatorWithLoop());
    const looping = await run(['check', '7'], root);
    expect(looping.code).toBe(1);
    expect(looping.stdout).toContain(
      'validator.ts: verify(token) did not finish within 1 s, so the check of lab 07-jwks-caching-validator stopped it',
    );
    expect(liveSandboxes()).toBe(0);
    cpSync(join(root, 'solutions', lab(7).folder), dir, { recursive: true });
    const fixed = await run(['check', '7'], root);
    expect(fixed.stdout).toContain('✓ 07 jwks-caching-validator');
    expect(fixed.code).toBe(0);
    expect(liveSandboxes()).toBe(0);
  });

  it("lab 8's credentials(): the watch runner shows it, and re-checks the fixed file to a pass", async () => {
    const root = copyLabsRoot(8);
    const paths = labsPaths(root);
    const dir = join(paths.exercises, lab(8).folder);
    writeFileSync(join(dir, 'app.ts'), APP_WITH_LOOP);
    const ui = render(<App engine={createEngine(paths, [lab(8)], LIMITS)} />);
    const frame = (text: string) =>
      vi.waitFor(() => expect(ui.lastFrame()).toContain(text), { timeout: FRAME_WAIT_MS, interval: 50 });
    await frame('credentials() did not finish within 1 s');
    expect(ui.lastFrame()).toContain('08-refresh-cached-token');
    cpSync(join(paths.solutions, lab(8).folder), dir, { recursive: true });
    await frame('✓ passed');
    ui.unmount();
    expect(liveSandboxes()).toBe(0);
  });

  // an endless loop at a module's top level: src/learner/learner-files.test.ts, with a 1 s load limit (the 30 s one
  // burnt a core for 30 s of every test run)
});

describe('learner code that ends its own thread', () => {
  it('a rejection nobody awaits: the next call names it, without a stack, and the check ends there', async () => {
    const text = exercise(7, 'validator.ts').replace(
      '    async verify(token) {\n',
      "    async verify(token) {\n      void Promise.reject(new RangeError('nobody awaits me'));\n",
    );
    const step = onlyFailure(await checkWith(7, { 'validator.ts': text }));
    expect(step).toContain('RangeError: nobody awaits me');
    expect(step).toMatch(/^validator\.ts(:\d+:\d+)?: /);
    expect(liveSandboxes()).toBe(0);
  });
});

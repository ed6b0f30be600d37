/**
 * labs:verify's own logic, on a tiny fake lab with a fake checker: it passes
 * a sound lab, and names each kind of problem (shipped exercise passing,
 * solution failing, a crashing checker, no TODO, no README, a solution file
 * without a counterpart, a lab without a checker).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckerTable } from '@irsa-lab/labs';
import { verifyLabs } from '@irsa-lab/labs';
import { afterEach, describe, expect, it } from 'vitest';

const README = `# Lab 01: the answer\n\n${'Set answer to 42 in answer.txt; the checker reads it and nothing else. '.repeat(4)}\n`;
const INFO = `labs:
  - name: the-answer
    folder: 01-the-answer
    files: [answer.txt]
    hint: Six times seven, written as digits.
    checks: answer.txt says 42.
`;

/** The fake checker: passes when answer.txt holds 42; `answer = crash` throws. */
const CHECKERS: CheckerTable = {
  '01-the-answer': async (files, steps) => {
    const text = files.read('answer.txt');
    if (text.includes('crash')) throw new Error('checker bug');
    steps.expect(text.includes('42'), 'answer.txt says 42', [`it says ${text.trim()}`]);
  },
};

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeLabs(files: { exercise?: string; solution?: string; readme?: string; extra?: boolean } = {}): string {
  root = mkdtempSync(join(tmpdir(), 'verify-test-'));
  const ex = join(root, 'exercises', '01-the-answer');
  const sol = join(root, 'solutions', '01-the-answer');
  mkdirSync(ex, { recursive: true });
  mkdirSync(sol, { recursive: true });
  writeFileSync(join(root, 'info.yaml'), INFO);
  writeFileSync(join(ex, 'answer.txt'), files.exercise ?? 'answer = 0  # TODO\n');
  writeFileSync(join(ex, 'README.md'), files.readme ?? README);
  writeFileSync(join(sol, 'answer.txt'), files.solution ?? 'answer = 42\n');
  if (files.extra) writeFileSync(join(sol, 'notes.txt'), 'extra\n');
  return root;
}

describe('verifyLabs', () => {
  it('passes a sound lab, and leaves the exercise untouched', async () => {
    const result = await verifyLabs(fakeLabs(), CHECKERS);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.lines.join('\n')).toContain('✓ 01 the-answer: shipped fails at "answer.txt says 42"');
    expect(readFileSync(join(root, 'exercises', '01-the-answer', 'answer.txt'), 'utf8')).toContain('TODO');
  });

  it('an exercise that passes as shipped', async () => {
    const result = await verifyLabs(fakeLabs({ exercise: 'answer = 42  # TODO\n' }), CHECKERS);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringContaining('the exercise as shipped (working tree) passes its check'),
    ]);
  });

  it('a solution that fails', async () => {
    const result = await verifyLabs(fakeLabs({ solution: 'answer = 41\n' }), CHECKERS);
    expect(result.problems).toEqual([
      expect.stringContaining('the solution fails its check: answer.txt says 42 — it says answer = 41'),
    ]);
  });

  it('a checker that crashes on the shipped exercise', async () => {
    const result = await verifyLabs(fakeLabs({ exercise: 'answer = crash  # TODO\n' }), CHECKERS);
    expect(result.problems).toEqual([expect.stringContaining("the exercise's check crashed: Error: checker bug")]);
  });

  it('no TODO, no README, and a solution file without a counterpart', async () => {
    const result = await verifyLabs(fakeLabs({ exercise: 'answer = 0\n', readme: '# short\n', extra: true }), CHECKERS);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('answer.txt has no TODO marker'),
        expect.stringContaining('README.md is missing or nearly empty'),
        expect.stringContaining('solutions/01-the-answer/notes.txt has no counterpart'),
      ]),
    );
  });

  it('a checker without a lab, and a lab without a checker', async () => {
    const result = await verifyLabs(fakeLabs(), { '02-ghost': async () => {} });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('checker 02-ghost has no lab in info.yaml'),
        expect.stringContaining('no checker is registered for 01-the-answer'),
      ]),
    );
  });

  it('duplicate names in info.yaml, at their line', async () => {
    fakeLabs();
    writeFileSync(
      join(root, 'info.yaml'),
      `${INFO}  - name: the-answer\n    folder: 02-the-answer\n    files: [a]\n    hint: again and again\n    checks: twice\n`,
    );
    const result = await verifyLabs(root, CHECKERS);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/^info\.yaml:7:\d+: labs\[1\]\.name: "the-answer" is already lab 1/);
  });
});

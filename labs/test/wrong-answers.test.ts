/**
 * Plausible wrong answers fail their lab's check, and the failure names what
 * went wrong (next to exercises-fail: the shipped files fail, and
 * solutions-pass: the reference solutions pass). Each wrong answer is a
 * whole learner file under test/fixtures/wrong-answers/<lab folder>/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport } from '@irsa-lab/labs';
import { describe, expect, it } from 'vitest';
import { checkWith, LABS_ROOT, lab } from './helpers.js';

const FIXTURES = join(LABS_ROOT, 'test', 'fixtures', 'wrong-answers');

async function checkWrongAnswer(n: number, file: string, fixture: string): Promise<CheckReport> {
  const text = readFileSync(join(FIXTURES, lab(n).folder, fixture), 'utf8');
  const report = await checkWith(n, { [file]: text });
  expect(report.pass).toBe(false);
  return report;
}

/** The failed step titled `title`, with its details as one string. */
function failedStep(report: CheckReport, title: string): string {
  const step = report.steps.find((s) => s.title.includes(title));
  expect(step, `a step titled "${title}"`).toBeDefined();
  expect(step?.ok, `the step "${title}" fails`).toBe(false);
  return step?.details.join('\n') ?? '';
}

const passed = (report: CheckReport, title: string) => report.steps.find((s) => s.title.includes(title))?.ok;

describe('lab 7: a validator that recovers from a rotation only by accident fails', () => {
  it('refetching and retrying on any error: names the wrong-audience and the expired token, each of which cost a keys request', async () => {
    const report = await checkWrongAnswer(7, 'validator.ts', 'refetch-on-any-error.ts');
    // it does reject both, and it survives the rotation: the requests are what is wrong
    expect(passed(report, 'a token for another audience is rejected')).toBe(true);
    expect(passed(report, 'a token signed by the new key verifies')).toBe(true);
    const audience = failedStep(report, 'rejecting the token for another audience makes no request to the issuer');
    expect(audience).toMatch(/verifying the token for another audience fetched .*\/keys/);
    const expired = failedStep(report, 'rejecting the expired token makes no request to the issuer');
    expect(expired).toMatch(/verifying the expired token fetched .*\/keys/);
  });

  it('clearing the cache on any error without a retry: the new-key token, right after a good one, is rejected', async () => {
    const report = await checkWrongAnswer(7, 'validator.ts', 'clear-cache-on-error.ts');
    expect(failedStep(report, 'rejecting a token keeps the cached key set')).toMatch(
      /the valid token after the rejected one fetched .*\/keys/,
    );
    expect(failedStep(report, 'a token signed by the new key verifies')).toContain('ERR_JWKS_NO_MATCHING_KEY');
  });
});

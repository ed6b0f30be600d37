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

describe('lab 13: a policy without the namespace tag fails, naming the pod and what it read', () => {
  const FILE = 'team-reports-policy.json';

  it('the whole bucket: every pod reads every prefix', async () => {
    const report = await checkWrongAnswer(13, FILE, 'whole-bucket.json');
    expect(passed(report, 'payments/reports reads its own payments/summary.csv')).toBe(true);
    const step = failedStep(report, 'web/reports is refused payments/summary.csv');
    expect(step).toContain('web/reports read payments/summary.csv');
    expect(step).toContain('→ 200 OK; expected 403 AccessDenied');
    expect(step).toContain('team-reports-policy.json:8 Resource "arn:aws:s3:::team-reports/*" matches');
  });

  it('payments/* hard-coded: payments is right, and the other two read payments and not their own', async () => {
    const report = await checkWrongAnswer(13, FILE, 'hard-coded-payments.json');
    expect(passed(report, 'payments/reports reads its own payments/summary.csv')).toBe(true);
    expect(passed(report, 'payments/reports is refused marketing/summary.csv')).toBe(true);
    const own = failedStep(report, 'marketing/reports reads its own marketing/summary.csv');
    expect(own).toContain('→ 403 AccessDenied; expected 200');
    expect(own).toContain('team-reports-policy.json:8 statement "ReadOwnPrefix": its Resource does not match');
    expect(own).toContain('kubernetes-namespace=marketing');
    const other = failedStep(report, 'web/reports is refused payments/summary.csv');
    expect(other).toContain('Resource "arn:aws:s3:::team-reports/payments/*" matches');
  });

  it('the ServiceAccount tag instead of the namespace: every team is reports, so no pod reads its own prefix', async () => {
    const report = await checkWrongAnswer(13, FILE, 'service-account-tag.json');
    expect(failedStep(report, 'payments/reports reads its own payments/summary.csv')).toContain(
      '→ 403 AccessDenied; expected 200',
    );
    expect(passed(report, 'payments/reports is refused marketing/summary.csv')).toBe(true);
  });
});

describe('lab 14: a migration in another wrong order fails at the step that breaks a pod', () => {
  const FILE = 'steps.yaml';

  it('the association before the node role may call EKS Auth: the new pod gets nothing, refused by EKS Auth', async () => {
    const report = await checkWrongAnswer(14, FILE, 'association-before-agent.yaml');
    expect(passed(report, 'after step 1 (steps.yaml:6, Role inventory-app), a new pod shop/inventory-1')).toBe(true);
    const step = failedStep(report, 'after step 2 (steps.yaml:28, PodIdentityAssociation shop/inventory), a new pod');
    expect(step).toContain('CredentialRetrievalError');
    expect(step).toContain('is not authorized to perform: eks-auth:AssumeRoleForPodIdentity');
    expect(step).toContain('the webhook gave shop/inventory-2 Pod Identity');
    expect(passed(report, 'the migration ends on Pod Identity')).toBe(true);
  });

  it('the OIDC statement removed while pods still use IRSA: the running pod and the new one are refused by STS', async () => {
    const report = await checkWrongAnswer(14, FILE, 'trust-cleanup-first.yaml');
    const running = failedStep(
      report,
      'after step 3 (steps.yaml:49, Role inventory-app), the running pod shop/inventory-2',
    );
    expect(running).toContain('AccessDenied');
    expect(running).toContain('sts:AssumeRoleWithWebIdentity');
    expect(running).toContain("the role's trust policy must keep its statement for the cluster's OIDC provider");
    expect(
      failedStep(report, 'after step 3 (steps.yaml:49, Role inventory-app), a new pod shop/inventory-3'),
    ).toContain('AccessDenied');
  });
});

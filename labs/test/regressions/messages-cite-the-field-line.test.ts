/**
 * A message about a field cites the line of that field, not the line of its
 * statement or of a neighbouring field; a field that is not written is cited
 * at the line of the mapping it belongs in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWith, failures, LABS_ROOT, lab } from '../helpers.js';

const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/29E49FD65FB6145F695A882349F1670E';
const solution = (n: number, file: string) => readFileSync(join(LABS_ROOT, 'solutions', lab(n).folder, file), 'utf8');

describe('messages cite the line of the field', () => {
  it('lab 2: IAM refusing Principal.Federated is reported at the Federated line (7), not the statement (4)', async () => {
    const f = failures(await checkWith(2));
    expect(f).toMatch(/^trust\.json:7: IAM rejected the trust policy \(MalformedPolicyDocument\)/m);
    expect(f).toContain('Statement[0].Principal.Federated is "TODO');
    expect(f).not.toMatch(/^trust\.json:4/m);
  });

  it("lab 9: a Principal that does not name the data account's provider is cited at its Federated line (8)", async () => {
    const report = await checkWith(9, {
      'data-account-provider.json': `{ "Url": "https://${ISSUER}", "ClientIDList": ["sts.amazonaws.com"] }`,
    });
    const f = failures(report);
    expect(f).toMatch(/reporter-trust\.json:8 statement "TODOCheckThePrincipal": its Principal does not name/);
    expect(f).not.toContain('reporter-trust.json:4');
  });

  it('lab 4: a Resource that does not match is cited at the Resource line', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::billing-reports/monthly/*' }],
    };
    const f = failures(await checkWith(4, { 'billing-reader-policy.json': JSON.stringify(policy, null, 2) }));
    expect(f).toContain('s3:GetObject billing-reports/reports/2026-01.csv is allowed');
    expect(f).toMatch(/billing-reader-policy\.json:7 statement #0: its Resource does not match/);
  });

  it('lab 4: an Action that does not match is cited at the Action line', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::billing-reports/reports/*' }],
    };
    const f = failures(await checkWith(4, { 'billing-reader-policy.json': JSON.stringify(policy, null, 2) }));
    expect(f).toMatch(/billing-reader-policy\.json:6 statement #0: its Action does not match s3:GetObject/);
  });

  it('lab 3: a missing spec.serviceAccountName is cited at spec (19), not at the next field (21)', async () => {
    const f = failures(await checkWith(3));
    expect(f).toMatch(/billing\.yaml:19 .*serviceAccountName/);
    expect(f).not.toContain('billing.yaml:21');
  });

  it('lab 3: a wrong spec.serviceAccountName is cited at its own line', async () => {
    const yaml = solution(3, 'billing.yaml').replace('serviceAccountName: billing', 'serviceAccountName: default');
    const f = failures(await checkWith(3, { 'billing.yaml': yaml }));
    expect(f).toMatch(/billing\.yaml:21 spec\.serviceAccountName is "default"/);
  });

  it('lab 3: a missing role annotation is cited at metadata (9), not at metadata.name (10)', async () => {
    const yaml = solution(3, 'billing.yaml').replace(
      '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/billing-reader\n',
      '',
    );
    const f = failures(await checkWith(3, { 'billing.yaml': yaml }));
    expect(f).toMatch(
      /billing\.yaml:9 ServiceAccount payments\/billing has no eks\.amazonaws\.com\/role-arn annotation/,
    );
  });
});

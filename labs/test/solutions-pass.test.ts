/**
 * Every reference solution passes its check, applied in a temporary copy
 * (never in the learner's tree), and the steps in between fail where they
 * should: half a fix is not a pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution, checkWith, failures, LABS, LABS_ROOT, lab, text } from './helpers.js';

describe('each reference solution passes', () => {
  it.each(LABS.map((l) => [l.number, l.name] as const))('%i %s', async (n) => {
    const report = await checkSolution(n);
    expect(report.pass, text(report)).toBe(true);
  });
});

const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/29E49FD65FB6145F695A882349F1670E';

describe('half fixes fail with the next problem named', () => {
  it('01: right Url, wrong audience: names ClientIDList and the token aud', async () => {
    const report = await checkWith(1, {
      'oidc-provider.json': `{\n  "Url": "https://${ISSUER}",\n  "ClientIDList": ["sts.amazon.com"]\n}\n`,
    });
    expect(report.pass).toBe(false);
    expect(failures(report)).toContain('Incorrect token audience');
    expect(failures(report)).toContain('oidc-provider.json:3 ClientIDList is ["sts.amazon.com"]');
  });

  it('06: StringEquals with a wildcard locks the real workload out', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:ci:*' } },
        },
      ],
    };
    const report = await checkWith(6, { 'trust.json': JSON.stringify(trust, null, 2) });
    const f = failures(report);
    expect(f).toContain('ci/publish-artifacts');
    expect(f).toMatch(/StringEquals: .*:sub is "system:serviceaccount:ci:publisher"/);
    expect(f).toContain('"system:serviceaccount:ci:*"');
  });

  it("09: provider registered but the trust names the cluster account's provider", async () => {
    const report = await checkWith(9, {
      'data-account-provider.json': `{ "Url": "https://${ISSUER}", "ClientIDList": ["sts.amazonaws.com"] }`,
    });
    const f = failures(report);
    expect(f).toContain('AccessDenied');
    expect(f).toContain(`its Principal does not name arn:aws:iam::444455556666:oidc-provider/${ISSUER}`);
  });

  it('05: disabling IMDS protects the app pod but breaks the hostNetwork system pod', async () => {
    const template = `Resources:
  T:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpEndpoint: disabled
`;
    const report = await checkWith(5, { 'launch-template.yaml': template });
    const f = failures(report);
    expect(f).not.toContain('shop/storefront');
    expect(f).toContain('aws-node-termination-handler');
    expect(f).toContain('PUT /latest/api/token → 403');
    expect(f).toContain('launch-template.yaml:7 HttpEndpoint is disabled');
  });
});

describe('Pod Identity labs: half fixes and over-fixes fail', () => {
  const solved11 = () => readFileSync(join(LABS_ROOT, 'solutions', lab(11).folder, 'trust.json'), 'utf8');

  it('11: TagSession added but the conditions dropped: the other ServiceAccounts get the role too', async () => {
    const trust = JSON.parse(solved11());
    delete trust.Statement[0].Condition;
    const f = failures(await checkWith(11, { 'trust.json': JSON.stringify(trust, null, 2) }));
    expect(f).toContain('web/writer');
    expect(f).toContain('ledger/auditor');
    expect(f).toContain('it has no Condition');
  });

  it('11: a trust policy that does not trust the Pod Identity service is refused by EKS', async () => {
    const trust = JSON.parse(solved11());
    trust.Statement[0].Principal = { Service: 'ecs-tasks.amazonaws.com' };
    const f = failures(await checkWith(11, { 'trust.json': JSON.stringify(trust, null, 2) }));
    expect(f).toContain('InvalidParameterException: Trust policy of the role provided is invalid');
  });

  it('12: the namespace fixed, the ServiceAccount still the Deployment name: only that line is named', async () => {
    const shippedFile = readFileSync(join(LABS_ROOT, 'exercises', lab(12).folder, 'association.yaml'), 'utf8');
    const half = shippedFile.replace('namespace: default # TODO: the namespace the pods run in', 'namespace: payments');
    const f = failures(await checkWith(12, { 'association.yaml': half }));
    expect(f).toContain('spec.serviceAccount is "billing-api"');
    expect(f).not.toContain('spec.namespace');
  });
});

/**
 * Every exercise, as shipped, fails its check, and the message names the
 * exact thing at fault: the claim, condition, hop or file line, and what
 * was expected. Only key facts are asserted, never whole sentences.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLabFolder, ISSUER_URL, providerArnIn } from '@irsa-lab/labs';
import { describe, expect, it } from 'vitest';
import { checkWith, failures, LABS_ROOT, lab } from './helpers.js';

async function shipped(n: number) {
  const report = await checkLabFolder(lab(n), join(LABS_ROOT, 'exercises', lab(n).folder));
  expect(report.pass).toBe(false);
  expect(failures(report)).not.toMatch(/checker itself failed|\n\s+at /);
  return failures(report);
}

describe('each exercise fails as shipped, naming what is wrong', () => {
  it('01: IAM refuses the role, whose trust names a provider that does not exist; names the Url line and the issuer', async () => {
    const f = await shipped(1);
    expect(f).toContain(
      'MalformedPolicyDocument: Federated principals must be valid domain names or SAML metadata ARNs',
    );
    expect(f).toContain(`the trust policy names ${providerArnIn('111122223333')}`);
    expect(f).toContain('oidc-provider.json:2 Url is "https://oidc.eks.us-west-2.amazonaws.com/id/TODO"');
    expect(f).toContain(`the cluster's issuer is "${ISSUER_URL}"`);
  });

  it('02: IAM refuses the trust policy; names its Federated principal by line and the provider that exists', async () => {
    const f = await shipped(2);
    expect(f).toContain('trust.json:7: IAM rejected the trust policy (MalformedPolicyDocument)');
    expect(f).toContain('Statement[0].Principal.Federated is "TODO: the ARN of the cluster\'s IAM OIDC provider"');
    expect(f).toContain(`expected: the ARN of the cluster's OIDC provider, ${providerArnIn('111122223333')}`);
  });

  it('03: the pod runs as the default ServiceAccount and the real SDK ends up as the node role', async () => {
    const f = await shipped(3);
    expect(f).toContain('billing.yaml:19 spec has no serviceAccountName');
    expect(f).toContain('the pod runs as ServiceAccount payments/default; expected payments/billing');
    expect(f).toContain('fromInstanceMetadata');
    expect(f).toMatch(/assumed-role\/workshop-node-role\/i-/);
  });

  it('04: s3:* on * lets the pod read payroll and write; names the statement and its line', async () => {
    const f = await shipped(4);
    expect(f).toContain('s3:GetObject billing-reports/payroll/2026-01.csv is denied');
    expect(f).toContain('→ 200 OK; expected AccessDenied');
    expect(f).toContain('s3:PutObject billing-reports/reports/2026-02.csv is denied');
    expect(f).toContain('billing-reader-policy.json:4 statement "TODONarrowThisDown" allows it');
    expect(f).not.toContain('reports/2026-01.csv is allowed');
  });

  it('05: the app pod reads node credentials; names the hop limit and http-tokens lines', async () => {
    const f = await shipped(5);
    expect(f).toContain('shop/storefront');
    expect(f).toContain('the node role credentials are reachable');
    expect(f).toContain('launch-template.yaml:15 HttpTokens is optional');
    expect(f).toContain('launch-template.yaml:17 HttpPutResponseHopLimit is 2');
    expect(f).not.toContain('aws-node-termination-handler');
  });

  it('06: the attacker namespace gets the role; names the StringLike condition that matched', async () => {
    const f = await shipped(6);
    expect(f).toContain('sandbox/totally-legit (sub system:serviceaccount:sandbox:publisher)');
    expect(f).toContain('expected AccessDenied');
    expect(f).toMatch(
      /trust\.json:13 StringLike: .*:sub is "system:serviceaccount:sandbox:publisher"; StringLike wants a match for "system:serviceaccount:\*:publisher": match/,
    );
  });

  it('07: after the rotation the new kid is rejected; names the kid and what was cached', async () => {
    const f = await shipped(7);
    expect(f).toContain('a token signed by the new key verifies');
    expect(f).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(f).toMatch(/the token's kid is [0-9a-f]{40}, the issuer's new signing key/);
    expect(f).toMatch(/last fetched the JWKS at 2026-01-11T09:00:00Z: kids [0-9a-f]{40}$/m);
  });

  it('08: a day later STS rejects the kept token; names its expiry and the newer token in the file', async () => {
    const f = await shipped(8);
    expect(f).toContain('25 hours later');
    expect(f).toContain('ExpiredTokenException');
    expect(f).toContain('the app sent the token issued 2026-01-05T09:00:00Z, which expired 2026-01-06T09:00:00Z');
    expect(f).toContain('/var/run/secrets/eks.amazonaws.com/serviceaccount/token holds a newer token');
  });

  it("09: no provider in the role's account; names the account and the Url line", async () => {
    const f = await shipped(9);
    expect(f).toContain('InvalidIdentityTokenException');
    expect(f).toContain('no provider in account 444455556666 has URL');
    expect(f).toContain('data-account-provider.json:2 Url is "https://TODO-the-issuer-the-data-account-must-trust"');
  });

  it('10: Incorrect token audience; names the aud claim, the annotation line and the client ids', async () => {
    const f = await shipped(10);
    expect(f).toContain('Incorrect token audience');
    expect(f).toContain(`the projected token's aud is ["sts.amazon.com"]`);
    expect(f).toContain('invoicer.yaml:10 eks.amazonaws.com/audience is "sts.amazon.com"');
    expect(f).toContain('ClientIDList ["sts.amazonaws.com"]');
  });

  it('11: STS refuses the tagged session EKS Auth asks for; names sts:TagSession and the Action line', async () => {
    const f = await shipped(11);
    expect(f).toContain('ledger/writer');
    expect(f).toContain('(AccessDeniedException): Unauthorized Exception! EKS does not have permissions');
    expect(f).toContain('STS evaluate-trust-policy (sts:TagSession): Implicit deny');
    expect(f).toContain(
      'trust.json:10 statement "AllowEksAuthToAssumeRoleForPodIdentity": its Action does not match sts:TagSession',
    );
  });

  it('12: the pod is not injected and silently gets the node role; names the namespace and ServiceAccount lines', async () => {
    const f = await shipped(12);
    expect(f).toContain('arn:aws:iam::111122223333:role/workshop-node-role from iam-role');
    expect(f).toContain('no association for payments/billing');
    expect(f).toContain('association.yaml:19 spec.namespace is "default"');
    expect(f).toContain('association.yaml:20 spec.serviceAccount is "billing-api"');
  });

  it("13: one policy for every session: each pod reads the other teams' prefixes; names the pod, the key and the Resource line", async () => {
    const f = await shipped(13);
    expect(f).toContain('payments/reports read marketing/summary.csv');
    expect(f).toContain('→ 200 OK; expected 403 AccessDenied');
    expect(f).toContain(
      'team-reports-policy.json:8 Resource "arn:aws:s3:::team-reports/*" matches arn:aws:s3:::team-reports/web/summary.csv',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the IAM policy variable the message names
    expect(f).toContain('${aws:PrincipalTag/kubernetes-namespace}');
    expect(f).not.toContain('reads its own');
  });

  it('14: the annotation is removed first: the next pod gets neither and lands on the node role; names the step line and pod', async () => {
    const f = await shipped(14);
    expect(f).toContain(
      'after step 1 (steps.yaml:15, ServiceAccount shop/inventory), a new pod shop/inventory-1 gets inventory-app',
    );
    expect(f).toContain('arn:aws:iam::111122223333:role/workshop-node-role from iam-role');
    expect(f).toContain('the webhook gave shop/inventory-1 neither IRSA nor Pod Identity');
    expect(f).not.toContain('the running pod shop/inventory-0');
    expect(f).not.toContain('the migration ends on Pod Identity');
  });
});

describe('with the first problem fixed, the next one is named', () => {
  it('02: the provider named, the conditions still TODO: the billing app is denied, naming the condition key by line', async () => {
    const shippedTrust = readFileSync(join(LABS_ROOT, 'exercises', lab(2).folder, 'trust.json'), 'utf8');
    const trust = shippedTrust.replace(
      "TODO: the ARN of the cluster's IAM OIDC provider",
      providerArnIn('111122223333'),
    );
    const report = await checkWith(2, { 'trust.json': trust });
    expect(report.pass).toBe(false);
    const f = failures(report);
    expect(f).toContain('payments/billing-api');
    expect(f).toContain('AccessDenied');
    expect(f).toContain('trust.json:12 StringEquals: TODO-issuer-host-and-path:sub is absent');
  });
});

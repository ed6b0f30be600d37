/**
 * IAM's verdict on signed calls to other services (EKS, EKS Auth): the
 * signature is checked against the credential store, the caller role's
 * policies against the action, session tags as aws:PrincipalTag; and
 * whether a trust policy lets a service (pods.eks.amazonaws.com) assume the role.
 */

import { authorizeRequest, trustsService } from '@irsa-lab/iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, createHarness, generateIssuerKeys, TestSha256 } from './harness.js';

beforeAll(generateIssuerKeys);

const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/demo`;
const HOST = 'eks-auth.us-west-2.api.aws';
const ACTION = 'eks-auth:AssumeRoleForPodIdentity';

async function signed(creds: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }, dateMs: number) {
  const body = '{"token":"a.b.c"}';
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      sessionToken: creds.SessionToken,
    },
    region: 'us-west-2',
    service: 'eks-auth',
    sha256: TestSha256,
  });
  const path = '/clusters/demo/assume-role-for-pod-identity';
  const s = await signer.sign(
    { method: 'POST', protocol: 'https:', hostname: HOST, path, headers: { host: HOST }, body },
    { signingDate: new Date(dateMs) },
  );
  return { request: new Request(`https://${HOST}${path}`, { method: 'POST', headers: s.headers, body }), body };
}

function nodeRole(h: ReturnType<typeof createHarness>, allow: boolean) {
  const ec2 = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const role = h.iam.createRole(ACCOUNT, { RoleName: 'node', AssumeRolePolicyDocument: JSON.stringify(ec2) });
  if (allow) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ACTION, Resource: '*' }] };
    h.iam.putRolePolicy(ACCOUNT, 'node', 'pod-identity', JSON.stringify(policy));
  }
  return h.iam.mintInstanceProfileCredentials(role.Arn, 'i-0abc');
}

describe('authorizeRequest', () => {
  it("allows a session whose role's policy allows the action, and names it", async () => {
    const h = createHarness();
    const creds = nodeRole(h, true);
    const { request, body } = await signed(creds, h.clock.nowMs());
    const out = await authorizeRequest(h.iam, request, body, {
      service: 'eks-auth',
      action: ACTION,
      resource: CLUSTER_ARN,
      nowMs: h.clock.nowMs(),
    });
    expect(out).toMatchObject({
      ok: true,
      session: { assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/node/i-0abc` },
    });
  });

  it('denies a session whose role lacks the permission, and refuses a bad signature', async () => {
    const h = createHarness();
    const creds = nodeRole(h, false);
    const { request, body } = await signed(creds, h.clock.nowMs());
    const options = { service: 'eks-auth', action: ACTION, resource: CLUSTER_ARN, nowMs: h.clock.nowMs() };
    expect(await authorizeRequest(h.iam, request, body, options)).toMatchObject({ ok: false, failure: 'denied' });
    const forged = await signed({ ...creds, SecretAccessKey: 'wrong' }, h.clock.nowMs());
    expect(await authorizeRequest(h.iam, forged.request, forged.body, options)).toMatchObject({
      ok: false,
      failure: 'unauthenticated',
      sigv4: 'signature-mismatch',
    });
  });
});

describe('trustsService', () => {
  it('finds an Allow for the service and sts:AssumeRole, conditions aside', () => {
    const h = createHarness();
    const podId = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'payments' } },
        },
      ],
    };
    const role = h.iam.createRole(ACCOUNT, { RoleName: 'pod', AssumeRolePolicyDocument: JSON.stringify(podId) });
    expect(trustsService(role, 'pods.eks.amazonaws.com')).toBe(true);
    expect(trustsService(h.iam.getRole(ACCOUNT, 'billing-reader'), 'pods.eks.amazonaws.com')).toBe(false);
  });
});

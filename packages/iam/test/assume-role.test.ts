/**
 * STS AssumeRole with session tags: EKS Auth (the AWS service
 * pods.eks.amazonaws.com, vouched for by the network) assuming a Pod
 * Identity role with the six session tags, the trust policy's sts:TagSession
 * and aws:RequestTag checks, and a role session chaining to a role in
 * another account with its transitive tags (EKS user guide, pod-id-role,
 * pod-id-abac, pod-id-assign-target-role; STS API reference, AssumeRole).
 */

import { stsHandlers } from '@irsa-lab/iam';
import { withCaller } from '@irsa-lab/net';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { asEksAuth, assumeRoleForm, assumeRoleTrust, POD_SERVICE } from './assume-role-harness.js';
import {
  ACCOUNT,
  createHarness,
  EKS_AUTH,
  generateIssuerKeys,
  type Harness,
  POD_ROLE,
  STS_HOST,
  signedStsRequest,
} from './harness.js';

beforeAll(generateIssuerKeys);

const TARGET_ACCOUNT = '444455556666';
const TARGET_ROLE = `arn:aws:iam::${TARGET_ACCOUNT}:role/target`;
const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/demo`;

/** The six tags EKS Pod Identity adds (EKS user guide, pod-id-abac). */
const TAGS: Record<string, string> = {
  'eks-cluster-arn': CLUSTER_ARN,
  'eks-cluster-name': 'demo',
  'kubernetes-namespace': 'payments',
  'kubernetes-service-account': 'billing',
  'kubernetes-pod-name': 'billing-api',
  'kubernetes-pod-uid': '91eee131-74f3-49d4-8f7c-bcde305c120b',
};

function trust(actions: string[], condition?: Record<string, unknown>): string {
  return assumeRoleTrust(POD_SERVICE, actions, condition);
}

function podRole(h: Harness, trustText = trust(['sts:AssumeRole', 'sts:TagSession'])): void {
  h.iam.createRole(ACCOUNT, { RoleName: 'pod-role', AssumeRolePolicyDocument: trustText });
}

async function podSession(h: Harness) {
  const out = await asEksAuth(
    h,
    assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-billing-api-1' }, TAGS),
  );
  if (!out.ok) throw new Error(out.error.message);
  return out.result;
}

describe('AssumeRole by EKS Auth with the Pod Identity session tags', () => {
  it('issues a session that carries the six transitive tags, with a tagged CloudTrail record', async () => {
    const h = createHarness();
    podRole(h);
    // 6-hour credentials although the role's own limit is an hour: the service asks on the account's behalf
    expect(h.iam.getRole(ACCOUNT, 'pod-role').MaxSessionDuration).toBe(3600);
    const body = assumeRoleForm(
      { RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-billing-api-1', DurationSeconds: '21600' },
      TAGS,
    );
    const out = await asEksAuth(h, body);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.Credentials.Expiration).toBe('2026-01-05T15:00:00Z');
    const session = h.iam.lookupAccessKey(out.result.Credentials.AccessKeyId);
    expect(session?.sessionTags).toEqual(Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })));
    expect(session?.transitiveTagKeys).toEqual(Object.keys(TAGS));
    expect(out.result.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/eks-demo-billing-api-1`);
    expect(out.result.PackedPolicySize).toBeGreaterThan(0);

    const record = h.log.all('cloudtrail').at(-1)?.data as Record<string, unknown>;
    expect(record).toMatchObject({
      eventVersion: '1.08',
      userIdentity: { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' },
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      sourceIPAddress: 'pods.eks.amazonaws.com',
      userAgent: 'pods.eks.amazonaws.com',
      requestParameters: {
        roleArn: POD_ROLE,
        roleSessionName: 'eks-demo-billing-api-1',
        durationSeconds: 21600,
        tags: Object.entries(TAGS).map(([key, value]) => ({ key, value })),
        transitiveTagKeys: Object.keys(TAGS),
      },
      responseElements: { assumedRoleUser: { arn: out.result.AssumedRoleUser.Arn } },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: POD_ROLE }],
      sharedEventID: expect.any(String),
    });
  });

  it('refuses a tagged session when the trust policy allows sts:AssumeRole but not sts:TagSession', async () => {
    const h = createHarness();
    podRole(h, trust(['sts:AssumeRole']));
    const out = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-x' }, TAGS));
    expect(out).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDenied',
        status: 403,
        message: `User: pods.eks.amazonaws.com is not authorized to perform: sts:TagSession on resource: ${POD_ROLE}`,
      },
    });
    expect(out.trace.map((s) => `${s.step}:${s.ok}`)).toContain('evaluate-trust-policy (sts:TagSession):false');
    // the same trust lets an untagged session through
    const untagged = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-x' }));
    expect(untagged.ok).toBe(true);
  });

  it('checks aws:RequestTag conditions of the trust policy against the passed tags', async () => {
    const h = createHarness();
    podRole(
      h,
      trust(['sts:AssumeRole', 'sts:TagSession'], {
        StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'payments' },
      }),
    );
    const ok = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-a' }, TAGS));
    expect(ok.ok).toBe(true);
    const other = { ...TAGS, 'kubernetes-namespace': 'web' };
    const denied = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-b' }, other));
    expect(denied).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });

  it('refuses malformed tag sets as STS does', async () => {
    const h = createHarness();
    podRole(h);
    const dup = await asEksAuth(
      h,
      assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-a' }, { team: 'a', Team: 'b' }, false),
    );
    expect(dup).toMatchObject({ ok: false, error: { code: 'InvalidParameterValue', status: 400 } });
    const stray = new URLSearchParams(
      assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-a' }, { team: 'a' }),
    );
    stray.set('TransitiveTagKeys.member.2', 'other');
    expect(await asEksAuth(h, stray.toString())).toMatchObject({ ok: false, error: { code: 'InvalidParameterValue' } });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await asEksAuth(
      h,
      assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-a' }, many, false),
    );
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'ValidationError' } });
    if (!tooMany.ok) expect(tooMany.error.message).toContain("at 'tags' failed to satisfy constraint");
  });

  it('asks an outside caller to sign, as for any STS action that needs credentials', async () => {
    const h = createHarness();
    podRole(h);
    const body = assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'x1' });
    const out = await h.sts.assumeRole(new Request(`https://${STS_HOST}/`, { method: 'POST', body }), body);
    expect(out).toMatchObject({ ok: false, error: { code: 'MissingAuthenticationToken' } });
  });
});

describe('AssumeRole chained from a tagged session to a role in another account', () => {
  function targetTrust(): string {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/kubernetes-namespace': 'payments',
              'aws:RequestTag/eks-cluster-arn': CLUSTER_ARN,
            },
            ArnEquals: { 'aws:PrincipalARN': POD_ROLE },
          },
        },
      ],
    });
  }

  async function setUp(allowFromPodRole: boolean) {
    const h = createHarness();
    podRole(h);
    h.iam.createAccount(TARGET_ACCOUNT);
    h.iam.createRole(TARGET_ACCOUNT, { RoleName: 'target', AssumeRolePolicyDocument: targetTrust() });
    if (allowFromPodRole) {
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: TARGET_ROLE }],
      };
      h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'assume-target', JSON.stringify(policy));
    }
    const first = await podSession(h);
    const creds = {
      accessKeyId: first.Credentials.AccessKeyId,
      secretAccessKey: first.Credentials.SecretAccessKey,
      sessionToken: first.Credentials.SessionToken,
    };
    const chain = async (params: Record<string, string>, tags: Record<string, string> = {}) => {
      const body = assumeRoleForm(
        { RoleArn: TARGET_ROLE, RoleSessionName: 'eks-demo-billing-api-2', ...params },
        tags,
        false,
      );
      return h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body }), body);
    };
    return { h, chain };
  }

  it('passes the transitive tags on, which the target trust policy tests as request tags', async () => {
    const { h, chain } = await setUp(true);
    const out = await chain({ ExternalId: 'us-west-2/111122223333/demo/payments/billing' });
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    const session = h.iam.lookupAccessKey(out.result.Credentials.AccessKeyId);
    expect(session?.accountId).toBe(TARGET_ACCOUNT);
    expect(session?.sessionTags?.map((t) => t.Key)).toEqual(Object.keys(TAGS));
    const record = h.log.all('cloudtrail').at(-1)?.data as Record<string, unknown>;
    expect(record).toMatchObject({
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/eks-demo-billing-api-1`,
      },
      requestParameters: { incomingTransitiveTags: TAGS, externalId: 'us-west-2/111122223333/demo/payments/billing' },
      recipientAccountId: TARGET_ACCOUNT,
    });
  });

  it("needs the association role's own policy to allow it (cross-account), and caps the chain at an hour", async () => {
    const { chain: denied } = await setUp(false);
    expect(await denied({})).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    const { chain } = await setUp(true);
    expect(await chain({ DurationSeconds: '7200' })).toMatchObject({
      ok: false,
      error: { code: 'ValidationError', message: expect.stringContaining('role chaining') },
    });
  });

  it('refuses a passed tag that reuses an inherited transitive key', async () => {
    const { chain } = await setUp(true);
    const out = await chain({}, { 'kubernetes-namespace': 'web' });
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidParameterValue' } });
  });
});

describe('AssumeRole on the wire', () => {
  it('answers <AssumeRoleResponse> in the STS API reference element order', async () => {
    const h = createHarness();
    podRole(h);
    const [handler] = stsHandlers(h.sts, { hosts: [STS_HOST] });
    const body = assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-w' }, TAGS);
    const request = withCaller(new Request(`https://${STS_HOST}/`, { method: 'POST', body }), EKS_AUTH);
    const { getResponse } = await import('msw');
    const response = (await getResponse([handler as never], request)) as Response;
    expect(response.status).toBe(200);
    const text = await response.text();
    const order = ['<AssumedRoleUser>', '<Credentials>', '<AccessKeyId>', '<Expiration>', '<PackedPolicySize>'];
    const positions = order.map((tag) => text.indexOf(tag));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const parsed = new XMLParser().parse(text);
    expect(parsed.AssumeRoleResponse.AssumeRoleResult.AssumedRoleUser.Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/eks-demo-w`,
    );
  });
});

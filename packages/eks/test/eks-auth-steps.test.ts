/**
 * AssumeRoleForPodIdentity's steps (eks-auth/assume-role-for-pod-identity.ts)
 * beyond the happy path: the authorization EKS Auth asks for, the input
 * against the model's patterns (InvalidParameterException before the cluster
 * is looked up), the session name cut to STS's 64 characters, the six tag
 * keys, where the association's session policy and external id go, how each
 * STS failure reaches the caller (EKSAUTH-MODEL codes and statuses), and the
 * facts each step of the trace names.
 */

import { podIdentitySessionName } from '@irsa-lab/eks';
import { HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  associate,
  CLUSTER,
  createHarness,
  eksAuthRequest,
  generateKeys,
  type Harness,
  REGION,
  ROLE_ARN,
  TARGET_ARN,
} from './harness.js';

beforeAll(generateKeys);

const CLUSTER_ARN = `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

async function call(h: Harness, token: string, cluster = CLUSTER, body?: string) {
  return h.eks.assumeRoleForPodIdentity(eksAuthRequest(token, cluster), cluster, body);
}

function detail(out: { trace: readonly { step: string; detail: string }[] }, step: string): string | undefined {
  return out.trace.find((s) => s.step === step)?.detail;
}

function stsError(code: string, status: number): Response {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>STS says no</Message></Error><RequestId>r-e</RequestId></ErrorResponse>`;
  return new HttpResponse(body, { status, headers: { 'content-type': 'text/xml' } });
}

describe('the input', () => {
  it('asks IAM to authorize eks-auth:AssumeRoleForPodIdentity on the cluster, for the service eks-auth', async () => {
    const h = createHarness();
    associate(h);
    await call(h, await h.token());
    expect(h.authorizeCalls).toEqual([
      { service: 'eks-auth', action: 'eks-auth:AssumeRoleForPodIdentity', resource: CLUSTER_ARN },
    ]);
  });

  it.each([
    ['a body that is not JSON', CLUSTER, 'not json'],
    ['a cluster name starting with a hyphen', '-demo', undefined],
    ['a cluster name with a character outside the pattern', 'demo!', undefined],
    ['a cluster name of 101 characters', 'a'.repeat(101), undefined],
  ])('refuses %s with InvalidParameterException (400), not as an unknown cluster', async (_t, cluster, body) => {
    const h = createHarness();
    associate(h);
    const out = await call(h, await h.token(), cluster, body);
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidParameterException', status: 400 } });
    expect(out.ok || out.error.message).toMatch(/\S/);
  });

  it('looks up a well-formed cluster name of 100 characters (ResourceNotFoundException, 404)', async () => {
    const h = createHarness();
    const out = await call(h, await h.token(), 'a'.repeat(100));
    expect(out).toMatchObject({ ok: false, error: { code: 'ResourceNotFoundException', status: 404 } });
  });

  it('refuses a token with characters before or after its three base64url parts (InvalidParameterException)', async () => {
    const h = createHarness();
    associate(h);
    const token = await h.token();
    for (const bad of [`!${token}`, `${token}!`]) {
      const out = await call(h, bad);
      expect(out).toMatchObject({ ok: false, error: { code: 'InvalidParameterException', status: 400 } });
      expect(out.ok || out.error.message).toMatch(/\S/);
    }
  });
});

describe('the STS calls', () => {
  it("cuts eks-<cluster>-<pod> so that the session name with its uuid is STS's 64 characters", () => {
    const uuid = '0f1e2d3c-4b5a-4697-8877-665544332211';
    expect(podIdentitySessionName('demo', 'p'.repeat(60), uuid)).toBe(`eks-demo-${'p'.repeat(18)}-${uuid}`);
    expect(podIdentitySessionName('demo', 'billing-api', uuid)).toBe(`eks-demo-billing-api-${uuid}`);
  });

  it('names the six tag keys in the order of the user guide', async () => {
    const h = createHarness();
    associate(h);
    await call(h, await h.token());
    const form = h.stsCalls[0]?.form;
    expect([1, 2, 3, 4, 5, 6].map((i) => form?.get(`Tags.member.${i}.Key`))).toEqual([
      'eks-cluster-arn',
      'eks-cluster-name',
      'kubernetes-namespace',
      'kubernetes-service-account',
      'kubernetes-pod-name',
      'kubernetes-pod-uid',
    ]);
  });

  it("passes the association's session policy to its role, or to the target role when there is one", async () => {
    const h = createHarness();
    associate(h, { policy: POLICY, disableSessionTags: true });
    await call(h, await h.token());
    expect(h.stsCalls.map((c) => c.form.get('Policy'))).toEqual([POLICY]);
    const chained = createHarness();
    associate(chained, { policy: POLICY, targetRoleArn: TARGET_ARN, disableSessionTags: true });
    await call(chained, await chained.token());
    expect(chained.stsCalls.map((c) => c.form.get('Policy'))).toEqual([null, POLICY]);
    const plain = createHarness();
    associate(plain, { targetRoleArn: TARGET_ARN });
    await call(plain, await plain.token());
    expect(plain.stsCalls.map((c) => c.form.get('Policy'))).toEqual([null, null]);
  });

  it('sends the target role no external id while session tags are on', async () => {
    const h = createHarness();
    associate(h, { targetRoleArn: TARGET_ARN });
    expect((await call(h, await h.token())).ok).toBe(true);
    expect(h.stsCalls.map((c) => c.form.get('ExternalId'))).toEqual([null, null]);
  });

  it.each([
    ['a 500', 'InternalServerException', 500, () => stsError('InternalFailure', 500)],
    ['a 200 without credentials', 'InternalServerException', 500, () => new HttpResponse('<AssumeRoleResponse/>')],
    ['a refusal of the parameters (400)', 'InvalidParameterException', 400, () => stsError('ValidationError', 400)],
  ])('answers STS %s with %s (%i)', async (_t, code, status, reply) => {
    const h = createHarness();
    associate(h);
    h.stsReply = reply;
    const out = await call(h, await h.token());
    expect(out).toMatchObject({ ok: false, error: { code, status } });
    expect(out.ok || out.error.message).toMatch(/\S/);
  });

  it("passes STS's message of a refused parameter on", async () => {
    const h = createHarness();
    associate(h);
    h.stsReply = () => stsError('ValidationError', 400);
    const out = await call(h, await h.token());
    expect(out.ok || out.error.message).toBe('STS says no');
  });

  it('answers InternalServerException (500) when STS is unreachable', async () => {
    const h = createHarness();
    associate(h);
    h.net.removeHost(`sts.${REGION}.amazonaws.com`);
    const out = await call(h, await h.token());
    expect(out).toMatchObject({ ok: false, error: { code: 'InternalServerException', status: 500 } });
  });
});

describe('the trace', () => {
  it('names the association found, its role and its target', async () => {
    const h = createHarness();
    const a = associate(h);
    expect(detail(await call(h, await h.token()), 'find-association')).toBe(
      `${a.associationId}: payments/billing → ${ROLE_ARN}`,
    );
    const chained = createHarness();
    const b = associate(chained, { targetRoleArn: TARGET_ARN });
    expect(detail(await call(chained, await chained.token()), 'find-association')).toBe(
      `${b.associationId}: payments/billing → ${ROLE_ARN} → ${TARGET_ARN}`,
    );
    const none = createHarness();
    const missing = detail(await call(none, await none.token()), 'find-association');
    expect(missing).toContain('payments/billing');
    expect(missing).toContain(CLUSTER);
  });

  it("names the caller's authorization failure", async () => {
    const h = createHarness();
    h.authorization = {
      ok: false,
      failure: 'unauthenticated',
      reason: 'no signature',
      sigv4: 'missing-auth',
      message: 'x',
    };
    const out = await call(h, await h.token());
    expect(detail(out, 'authorize-caller')).toContain('unauthenticated');
    expect(detail(out, 'authorize-caller')).toContain('no signature');
  });

  it('names the roles assumed, the sessions got, whether tags were sent, and what STS refused', async () => {
    const h = createHarness();
    associate(h);
    const tagged = await call(h, await h.token());
    if (!tagged.ok) throw new Error(tagged.error.message);
    expect(detail(tagged, 'sts-assume-role')).toContain(ROLE_ARN);
    expect(detail(tagged, 'sts-assume-role')).toContain(tagged.value.assumedRoleUser.arn);
    expect(detail(tagged, 'sts-assume-role')).toContain('six session tags');
    h.stsError = 'AccessDenied';
    expect(detail(await call(h, await h.token()), 'sts-assume-role')).toContain('AccessDenied');

    const chained = createHarness();
    associate(chained, { targetRoleArn: TARGET_ARN, disableSessionTags: true });
    const out = await call(chained, await chained.token());
    if (!out.ok) throw new Error(out.error.message);
    expect(detail(out, 'sts-assume-role')).toContain('session tags disabled');
    expect(detail(out, 'sts-assume-target-role')).toContain(TARGET_ARN);
    expect(detail(out, 'sts-assume-target-role')).toContain(out.value.assumedRoleUser.arn);
    chained.stsReply = (form) => (form.get('RoleArn') === TARGET_ARN ? stsError('AccessDenied', 403) : undefined);
    const refused = await call(chained, await chained.token());
    expect(refused).toMatchObject({ ok: false, error: { code: 'AccessDeniedException', status: 400 } });
    expect(detail(refused, 'sts-assume-target-role')).toContain(TARGET_ARN);
    expect(detail(refused, 'sts-assume-target-role')).toContain('AccessDenied');
  });
});

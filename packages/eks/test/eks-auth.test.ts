/**
 * EKS Auth's AssumeRoleForPodIdentity (EKSAUTH-MODEL; reference "Pod
 * Identity"): the model's response shape, the six session tags sent to STS
 * as pods.eks.amazonaws.com for 21600 s, the token checks (keys over the
 * network, issuer, audience, expiry), its documented errors and statuses,
 * disabled tags, target-role chaining, and the CloudTrail record.
 */

import { eksAuthHandlers } from '@irsa-lab/eks';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  associate,
  CLUSTER,
  createHarness,
  eksAuthRequest,
  generateKeys,
  type Harness,
  NODE_SESSION,
  ROLE_ARN,
  TARGET_ARN,
} from './harness.js';

beforeAll(generateKeys);

async function call(h: Harness, token: unknown, cluster = CLUSTER) {
  return h.eks.assumeRoleForPodIdentity(eksAuthRequest(token, cluster), cluster);
}

const CLUSTER_ARN = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/${CLUSTER}`;

describe('AssumeRoleForPodIdentity', () => {
  it("answers the model's shape, having assumed the role with the six transitive tags as pods.eks.amazonaws.com", async () => {
    const h = createHarness();
    const a = associate(h);
    const out = await call(h, await h.token());
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.value).toEqual({
      subject: { namespace: 'payments', serviceAccount: 'billing' },
      audience: 'pods.eks.amazonaws.com',
      podIdentityAssociation: { associationArn: a.associationArn, associationId: a.associationId },
      assumedRoleUser: {
        arn: expect.stringMatching(
          /^arn:aws:sts::111122223333:assumed-role\/pod-role\/eks-demo-billing-api-[0-9a-f-]{36}$/,
        ),
        assumeRoleId: expect.stringMatching(/^AROAFAKE1:eks-demo-billing-api-/),
      },
      credentials: {
        accessKeyId: 'ASIAFAKE00000000001',
        secretAccessKey: 'secret1',
        sessionToken: 'token1',
        expiration: Date.UTC(2026, 0, 5, 15) / 1000,
      },
    });
    const [sts] = h.stsCalls;
    expect(sts).toMatchObject({ signed: false, callerKind: 'aws-service' });
    const form = Object.fromEntries(sts?.form ?? []);
    expect(form).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: ROLE_ARN,
      DurationSeconds: '21600',
      'Tags.member.1.Key': 'eks-cluster-arn',
      'Tags.member.1.Value': CLUSTER_ARN,
      'Tags.member.2.Value': CLUSTER,
      'Tags.member.3.Value': 'payments',
      'Tags.member.4.Value': 'billing',
      'Tags.member.5.Value': 'billing-api',
      'Tags.member.6.Key': 'kubernetes-pod-uid',
      'Tags.member.6.Value': '91eee131-74f3-49d4-8f7c-bcde305c120b',
      'TransitiveTagKeys.member.6': 'kubernetes-pod-uid',
    });
    expect(form.RoleSessionName?.length).toBeLessThanOrEqual(64);
    expect(h.log.all('cloudtrail').at(-1)?.data).toMatchObject({
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        arn: NODE_SESSION.assumedRoleArn,
        sessionContext: { ec2RoleDelivery: '2.0' },
      },
      eventSource: 'eks-auth.amazonaws.com',
      eventName: 'AssumeRoleForPodIdentity',
      requestParameters: { clusterName: CLUSTER, token: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      responseElements: null,
      tlsDetails: { clientProvidedHostHeader: 'eks-auth.us-west-2.api.aws' },
    });
  });

  it('fetches the keys once over the network, and again for an unknown kid', async () => {
    const h = createHarness();
    associate(h);
    await call(h, await h.token());
    await call(h, await h.token());
    expect(h.issuerFetches).toEqual(['discovery', 'keys']);
    h.published = [0, 1];
    expect((await call(h, await h.token({}, 1))).ok).toBe(true);
    expect(h.issuerFetches).toHaveLength(4);
  });

  it.each([
    ['an expired token', { exp: Math.floor(Date.UTC(2026, 0, 5, 8) / 1000) }, 'ExpiredTokenException', 400],
    ['an STS-audience token', { aud: ['sts.amazonaws.com'] }, 'InvalidTokenException', 400],
    [
      'a token of another issuer',
      { iss: 'https://oidc.eks.us-west-2.amazonaws.com/id/OTHER' },
      'InvalidTokenException',
      400,
    ],
    [
      'a token not bound to a pod',
      { 'kubernetes.io': { namespace: 'payments', serviceaccount: { name: 'billing' } } },
      'InvalidTokenException',
      400,
    ],
  ])('refuses %s', async (_title, claims, code, status) => {
    const h = createHarness();
    associate(h);
    const out = await call(h, await h.token(claims));
    expect(out).toMatchObject({ ok: false, error: { code, status } });
    expect(h.stsCalls).toEqual([]);
  });

  it('says when the token expired in the words of the real ExpiredTokenException', async () => {
    const h = createHarness();
    associate(h);
    const token = await h.token({ exp: Math.floor(Date.UTC(2026, 0, 5, 8, 30) / 1000) });
    const out = await call(h, token);
    expect(out.ok || out.error.message).toBe(
      'The token included in the request is expired: current date/time 2026-01-05T09:00:00Z must be before the expiration date/time 2026-01-05T08:30:00Z.',
    );
  });

  it('refuses a token signed with a key the issuer does not publish, a garbage token, another cluster', async () => {
    const h = createHarness();
    associate(h);
    expect(await call(h, await h.token({}, 1))).toMatchObject({ ok: false, error: { code: 'InvalidTokenException' } });
    expect(await call(h, 'not-a-jwt')).toMatchObject({ ok: false, error: { code: 'InvalidParameterException' } });
    expect(await call(h, 'a.b.c')).toMatchObject({ ok: false, error: { code: 'InvalidTokenException' } });
    expect(await call(h, await h.token(), 'prod')).toMatchObject({
      ok: false,
      error: { code: 'ResourceNotFoundException', status: 404 },
    });
  });

  it('answers ResourceNotFoundException without an association, AccessDeniedException (400) when STS refuses', async () => {
    const h = createHarness();
    expect(await call(h, await h.token())).toMatchObject({
      ok: false,
      error: { code: 'ResourceNotFoundException', status: 404 },
    });
    associate(h);
    h.stsError = 'AccessDenied';
    expect(await call(h, await h.token())).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDeniedException',
        status: 400,
        message: 'Unauthorized Exception! EKS does not have permissions to assume the associated role.',
      },
    });
  });

  it("keeps each call's steps by request id, as its CloudTrail record names it, for the app to explain", async () => {
    const h = createHarness();
    const missing = await call(h, await h.token());
    associate(h);
    h.stsError = 'AccessDenied';
    const refused = await call(h, await h.token());
    const steps = (id: string) => h.eks.traceOf(id)?.map((s) => `${s.step} ${s.ok}`);
    expect(steps(missing.requestId)).toEqual(['authorize-caller true', 'verify-token true', 'find-association false']);
    expect(steps(refused.requestId)).toEqual([
      'authorize-caller true',
      'verify-token true',
      'find-association true',
      'sts-assume-role false',
    ]);
    const record = h.log
      .all('cloudtrail')
      .filter((e) => e.source === 'eks-auth')
      .at(-1)?.data as { requestID: string };
    expect(record.requestID).toBe(refused.requestId);
    expect(h.eks.traceOf('no-such-request')).toBeUndefined();
  });

  it('refuses a caller IAM does not authorize (400 AccessDeniedException) or cannot authenticate (403)', async () => {
    const h = createHarness();
    associate(h);
    h.authorization = {
      ok: false,
      failure: 'denied',
      reason: 'no statement allows it',
      message: 'x',
      session: NODE_SESSION,
    };
    expect(await call(h, await h.token())).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${NODE_SESSION.assumedRoleArn} is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: ${CLUSTER_ARN}`,
      },
    });
    h.authorization = { ok: false, failure: 'unauthenticated', reason: 'x', sigv4: 'missing-auth', message: 'x' };
    expect(await call(h, await h.token())).toMatchObject({
      ok: false,
      error: { code: 'MissingAuthenticationTokenException', status: 403 },
    });
  });

  it('sends no session tags when the association disables them', async () => {
    const h = createHarness();
    associate(h, { disableSessionTags: true });
    expect((await call(h, await h.token())).ok).toBe(true);
    expect([...(h.stsCalls[0]?.form.keys() ?? [])].some((k) => k.startsWith('Tags.'))).toBe(false);
  });

  it('chains to the target role signed with the first session, for an hour, with the external id when tags are off', async () => {
    const h = createHarness();
    const a = associate(h, { targetRoleArn: TARGET_ARN, disableSessionTags: true });
    const out = await call(h, await h.token());
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.assumedRoleUser.arn).toMatch(
      /^arn:aws:sts::444455556666:assumed-role\/target\/eks-demo-billing-api-/,
    );
    expect(
      h.stsCalls.map((c) => [c.form.get('RoleArn'), c.signed, c.form.get('DurationSeconds'), c.form.get('ExternalId')]),
    ).toEqual([
      [ROLE_ARN, false, '21600', null],
      [TARGET_ARN, true, '3600', a.externalId],
    ]);
    expect(out.trace.map((s) => s.step)).toEqual([
      'authorize-caller',
      'verify-token',
      'find-association',
      'sts-assume-role',
      'sts-assume-target-role',
    ]);
  });
});

describe('EKS Auth on the wire', () => {
  it('answers REST-JSON, and errors with x-amzn-ErrorType', async () => {
    const h = createHarness();
    associate(h);
    const handlers = eksAuthHandlers(h.eks);
    const ok = (await getResponse(handlers, eksAuthRequest(await h.token()))) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect((await ok.json()).audience).toBe('pods.eks.amazonaws.com');
    const expired = (await getResponse(handlers, eksAuthRequest(await h.token({ exp: 1 })))) as Response;
    expect(expired.status).toBe(400);
    expect(expired.headers.get('x-amzn-ErrorType')).toBe('ExpiredTokenException');
    expect(await expired.json()).toEqual({
      message: expect.stringContaining('The token included in the request is expired'),
    });
  });
});

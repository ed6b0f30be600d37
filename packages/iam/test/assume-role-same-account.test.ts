/**
 * AssumeRole by a role session of the same account (role chaining inside one
 * account; IAM user guide, "Cross account resource access" and "Policy
 * evaluation logic"): a trust policy that names the caller's account (as
 * `arn:...:root` or as the bare account id) needs the caller's own policies
 * to allow the call as well; one that names the caller's role or session
 * itself does not, unless the caller's policies explicitly deny it. Also
 * SourceIdentity, which a session keeps once set.
 */

import type { Caller } from '@irsa-lab/net';
import { withCaller } from '@irsa-lab/net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, createHarness, generateIssuerKeys, type Harness, STS_HOST, signedStsRequest } from './harness.js';

beforeAll(generateIssuerKeys);

const EKS_AUTH: Caller = {
  kind: 'aws-service',
  id: 'pods.eks.amazonaws.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '52.94.0.20',
};
const POD_ROLE = `arn:aws:iam::${ACCOUNT}:role/pod-role`;
const NEXT_ROLE = `arn:aws:iam::${ACCOUNT}:role/next`;
const POD_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/first`;

function trust(principal: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
}

function policy(effect: 'Allow' | 'Deny'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: 'sts:AssumeRole', Resource: NEXT_ROLE }],
  });
}

function body(params: Record<string, string>): string {
  return new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', ...params }).toString();
}

/** A pod-role session (EKS Auth's AssumeRole), and a function to call AssumeRole signed with it. */
async function podSession(h: Harness, params: Record<string, string> = {}) {
  h.iam.createRole(ACCOUNT, {
    RoleName: 'pod-role',
    AssumeRolePolicyDocument: trust({ Service: 'pods.eks.amazonaws.com' }),
  });
  const text = body({ RoleArn: POD_ROLE, RoleSessionName: 'first', ...params });
  const request = new Request(`https://${STS_HOST}/`, { method: 'POST', body: text });
  const first = await h.sts.assumeRole(withCaller(request, EKS_AUTH), text);
  if (!first.ok) throw new Error(first.error.message);
  const c = first.result.Credentials;
  const creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  return {
    first: first.result,
    chain: async (extra: Record<string, string> = {}) => {
      const chained = body({ RoleArn: NEXT_ROLE, RoleSessionName: 'second', ...extra });
      return h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body: chained }), chained);
    },
  };
}

describe('a same-account trust policy', () => {
  it.each([
    ['the account root', { AWS: `arn:aws:iam::${ACCOUNT}:root` }],
    ['the bare account id', { AWS: ACCOUNT }],
  ])("naming %s needs the caller's own policies to allow it", async (_t, principal) => {
    const h = createHarness();
    const { chain } = await podSession(h);
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: trust(principal) });
    const denied = await chain();
    expect(denied).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDenied',
        message: `User: ${POD_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${NEXT_ROLE}`,
      },
    });
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'next', policy('Allow'));
    expect((await chain()).ok).toBe(true);
  });

  it.each([
    ['the role', { AWS: POD_ROLE }],
    ['the session', { AWS: POD_SESSION }],
  ])('naming the caller itself (%s) needs no policy of its own, but yields to its explicit deny', async (_t, p) => {
    const h = createHarness();
    const { chain } = await podSession(h);
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: trust(p) });
    expect((await chain()).ok).toBe(true);
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'no-next', policy('Deny'));
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });
});

describe('SourceIdentity', () => {
  it('is set by the first session and kept by the chained one, whatever the chained call passes', async () => {
    const h = createHarness();
    const { first, chain } = await podSession(h, { SourceIdentity: 'alice' });
    expect(first.SourceIdentity).toBe('alice');
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: trust({ AWS: POD_ROLE }) });
    const out = await chain({ SourceIdentity: 'bob' });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.SourceIdentity).toBe('alice');
    expect(h.iam.lookupAccessKey(out.result.Credentials.AccessKeyId)?.sourceIdentity).toBe('alice');
  });

  it('is absent when no call passed one', async () => {
    const h = createHarness();
    const { first } = await podSession(h);
    expect(first).not.toHaveProperty('SourceIdentity');
  });
});

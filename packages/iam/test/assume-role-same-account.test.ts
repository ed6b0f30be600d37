/**
 * AssumeRole by a role session of the same account (role chaining inside one
 * account; IAM user guide, "Cross account resource access" and "Policy
 * evaluation logic"): a trust policy that names the caller's account (as
 * `arn:...:root` or as the bare account id) needs the caller's own policies
 * to allow the call as well; one that names the caller's role or session
 * itself does not, unless the caller's policies explicitly deny it. Also
 * SourceIdentity, which a session keeps once set.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import {
  asEksAuth,
  assumeRoleForm,
  assumeRoleTrust,
  NEXT_ROLE,
  POD_SERVICE,
  POD_SESSION,
  sessionCredentials,
} from './assume-role-harness.js';
import { ACCOUNT, createHarness, generateIssuerKeys, type Harness, POD_ROLE, signedStsRequest } from './harness.js';

beforeAll(generateIssuerKeys);

function policy(effect: 'Allow' | 'Deny'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: 'sts:AssumeRole', Resource: NEXT_ROLE }],
  });
}

/** A pod-role session (EKS Auth's AssumeRole), and a function to call AssumeRole signed with it. */
async function podSession(h: Harness, params: Record<string, string> = {}) {
  h.iam.createRole(ACCOUNT, {
    RoleName: 'pod-role',
    AssumeRolePolicyDocument: assumeRoleTrust(POD_SERVICE),
  });
  const first = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'first', ...params }));
  if (!first.ok) throw new Error(first.error.message);
  const creds = sessionCredentials(first.result.Credentials);
  const chainTo = async (roleArn: string, extra: Record<string, string> = {}) => {
    const chained = assumeRoleForm({ RoleArn: roleArn, RoleSessionName: 'second', ...extra });
    return h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body: chained }), chained);
  };
  return {
    first: first.result,
    chain: (extra: Record<string, string> = {}) => chainTo(NEXT_ROLE, extra),
    chainTo,
  };
}

describe('a same-account trust policy', () => {
  it.each([
    ['the account root', { AWS: `arn:aws:iam::${ACCOUNT}:root` }],
    ['the bare account id', { AWS: ACCOUNT }],
  ])("naming %s needs the caller's own policies to allow it", async (_t, principal) => {
    const h = createHarness();
    const { chain } = await podSession(h);
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust(principal) });
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
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust(p) });
    expect((await chain()).ok).toBe(true);
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'no-next', policy('Deny'));
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });
});

describe('a trust policy naming several principals', () => {
  it("counts as naming the caller when one of them is the caller's role, and not when another role is named", async () => {
    const h = createHarness();
    const { chain } = await podSession(h);
    const other = `arn:aws:iam::${ACCOUNT}:role/other`;
    h.iam.createRole(ACCOUNT, { RoleName: 'other', AssumeRolePolicyDocument: assumeRoleTrust({ AWS: ACCOUNT }) });
    h.iam.createRole(ACCOUNT, {
      RoleName: 'next',
      AssumeRolePolicyDocument: assumeRoleTrust({ AWS: [other, `arn:aws:iam::${ACCOUNT}:root`] }),
    });
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    h.iam.updateAssumeRolePolicy(ACCOUNT, 'next', assumeRoleTrust({ AWS: [POD_ROLE, `arn:aws:iam::${ACCOUNT}:root`] }));
    expect((await chain()).ok).toBe(true);
  });
});

describe('a trust policy of another account', () => {
  it("needs the caller's own policies even when it names the caller's role itself", async () => {
    const h = createHarness();
    const { chainTo } = await podSession(h);
    h.iam.createAccount('444455556666');
    h.iam.createRole('444455556666', {
      RoleName: 'target',
      AssumeRolePolicyDocument: assumeRoleTrust({ AWS: POD_ROLE }),
    });
    const target = 'arn:aws:iam::444455556666:role/target';
    expect(await chainTo(target)).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    h.iam.putRolePolicy(
      ACCOUNT,
      'pod-role',
      'target',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: target }],
      }),
    );
    expect((await chainTo(target)).ok).toBe(true);
  });
});

describe("the caller's session policy", () => {
  it('must allow the call too when the trust names the account, and its explicit deny wins over a direct trust', async () => {
    const h = createHarness();
    const { chain } = await podSession(h, { Policy: policy('Deny') });
    h.iam.createRole(ACCOUNT, {
      RoleName: 'next',
      AssumeRolePolicyDocument: assumeRoleTrust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'next', policy('Allow'));
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    h.iam.updateAssumeRolePolicy(ACCOUNT, 'next', assumeRoleTrust({ AWS: POD_ROLE }));
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });

  it('that allows the call lets it through with the identity policy', async () => {
    const h = createHarness();
    const { chain } = await podSession(h, { Policy: policy('Allow') });
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust({ AWS: ACCOUNT }) });
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'next', policy('Allow'));
    expect((await chain()).ok).toBe(true);
  });

  it('that allows something else only still refuses when the trust names the account', async () => {
    const h = createHarness();
    const other = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const { chain } = await podSession(h, { Policy: other });
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust({ AWS: ACCOUNT }) });
    h.iam.putRolePolicy(ACCOUNT, 'pod-role', 'next', policy('Allow'));
    expect(await chain()).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });
});

describe('SourceIdentity', () => {
  it('is set by the first session and kept by the chained one, whatever the chained call passes', async () => {
    const h = createHarness();
    const { first, chain } = await podSession(h, { SourceIdentity: 'alice' });
    expect(first.SourceIdentity).toBe('alice');
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust({ AWS: POD_ROLE }) });
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

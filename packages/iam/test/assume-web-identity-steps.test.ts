/**
 * AssumeRoleWithWebIdentity step by step, where the other tests stop at the
 * wire error: the optional members' constraints (ProviderId, PolicyArns,
 * Policy; the token's value never shown), what each trace step reports (the
 * provider and its URL, the JWKS's kids and whether they came from the
 * cache, the kid that verified, the role, the session's size), the key
 * refetch (not for a bad signature, its reason in the log, its failure),
 * the condition keys the trust policy sees (`:amr`, aws:EpochTime), the
 * session policy size boundary, and what CloudTrail keeps of a claim that
 * is not a string.
 */
import type { TraceStep } from '@irsa-lab/iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOW, params } from './assume-cases.js';
import {
  ACCOUNT,
  claimsAt,
  createHarness,
  generateIssuerKeys,
  goodToken,
  type Harness,
  HOST_PATH,
  ISSUER,
  issuerKeys,
  PROVIDER_ARN,
  ROLE_ARN,
  signToken,
} from './harness.js';

beforeAll(generateIssuerKeys);

function step(trace: readonly TraceStep[], name: string): TraceStep | undefined {
  return trace.find((s) => s.step === name);
}

function trustWith(condition: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: condition,
      },
    ],
  });
}

async function assumeWithTrust(h: Harness, trust: string, claims: Record<string, unknown> = {}) {
  h.iam.createRole(ACCOUNT, { RoleName: 'conditioned', AssumeRolePolicyDocument: trust });
  const token = await goodToken(h, claims);
  return h.sts.assumeRoleWithWebIdentity(params(token, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/conditioned` }));
}

function validationMessage(out: Awaited<ReturnType<Harness['sts']['assumeRoleWithWebIdentity']>>): string {
  expect(out).toMatchObject({ ok: false, error: { code: 'ValidationError', status: 400 } });
  return out.ok ? '' : out.error.message;
}

describe('the optional members against the API model', () => {
  it('a token too short is named without its value (a sensitive member)', async () => {
    const h = createHarness();
    expect(validationMessage(await h.sts.assumeRoleWithWebIdentity(params('abc')))).toBe(
      "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4",
    );
  });

  it('a missing token is a null member (still without a value shown)', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity({ RoleArn: ROLE_ARN, RoleSessionName: 'app' });
    expect(validationMessage(out)).toBe(
      "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must not be null",
    );
  });

  it('ProviderId of fewer than 4 characters', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { ProviderId: 'ab' }));
    expect(validationMessage(out)).toBe(
      "1 validation error detected: Value 'ab' at 'providerId' failed to satisfy constraint: Member must have length greater than or equal to 4",
    );
  });

  it('each PolicyArns member is checked under its 1-based name', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h), {
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::x' }],
      }),
    );
    expect(validationMessage(out)).toBe(
      "1 validation error detected: Value 'arn:aws:iam::x' at 'policyArns.2.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    );
  });

  it('an empty Policy', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { Policy: '' }));
    expect(validationMessage(out)).toContain("Value '' at 'policy' failed to satisfy constraint");
  });
});

describe('the trace of a call that succeeds', () => {
  it('names the provider, the kids fetched, the kid that verified, the role and the credentials', async () => {
    const h = createHarness();
    h.issuer.published = [issuerKeys().current.jwk, issuerKeys().next.jwk];
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    expect(out.ok).toBe(true);
    const { current, next } = issuerKeys();
    expect(step(out.trace, 'validate-parameters')?.detail).toBe('parameters satisfy the API constraints');
    expect(step(out.trace, 'find-provider')?.detail).toBe(`provider ${PROVIDER_ARN} has URL ${ISSUER}`);
    expect(step(out.trace, 'fetch-jwks')?.detail).toBe(`JWKS of ${ISSUER} fetched: kids ${current.kid}, ${next.kid}`);
    expect(step(out.trace, 'verify-signature')?.detail).toBe(`signature verified with kid ${current.kid}`);
    const role = h.iam.findRoleByArn(ROLE_ARN);
    expect(step(out.trace, 'find-role')?.detail).toBe(`role ${ROLE_ARN} (${role?.RoleId})`);
    expect(step(out.trace, 'check-session')?.detail).toBe('3600 s requested, no session policy');
    const issued = out.ok ? out.result : undefined;
    expect(step(out.trace, 'issue-credentials')?.detail).toBe(
      `${issued?.Credentials.AccessKeyId} for ${issued?.AssumedRoleUser.Arn}, valid until ${issued?.Credentials.Expiration}`,
    );
    expect(issued).not.toHaveProperty('PackedPolicySize');
  });

  it('the second call takes the keys from the cache; a token without kid shows (none)', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    const token = await signToken(claimsAt(h.clock.nowMs()), issuerKeys().current, { kid: undefined });
    const out = await h.sts.assumeRoleWithWebIdentity(params(token));
    expect(out.ok).toBe(true);
    expect(step(out.trace, 'fetch-jwks')?.detail).toBe(
      `JWKS of ${ISSUER} from the cache: kids ${issuerKeys().current.kid}`,
    );
    expect(step(out.trace, 'verify-signature')?.detail).toBe('signature verified with kid (none)');
  });
});

describe('the provider lookup', () => {
  it('an iss with a trailing slash the registered URL lacks: the hint names the registered one', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h, { iss: `${ISSUER}/` })));
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(out.trace.at(-1)).toEqual({
      step: 'find-provider',
      ok: false,
      detail: `no provider in account ${ACCOUNT} has URL ${ISSUER}/ (one is registered for ${ISSUER}: a trailing slash differs)`,
    });
  });

  it('a registered URL with a trailing slash the iss lacks: the hint names it too', async () => {
    const h = createHarness();
    const other = 'https://oidc.example.com/id/slash';
    h.iam.createOpenIdConnectProvider(ACCOUNT, { Url: `${other}/`, ClientIDList: ['sts.amazonaws.com'] });
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h, { iss: other })));
    expect(out.trace.at(-1)?.detail).toBe(
      `no provider in account ${ACCOUNT} has URL ${other} (one is registered for ${other}/: a trailing slash differs)`,
    );
  });

  it('no provider near the iss: no hint', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h, { iss: 'https://elsewhere.example' })));
    expect(out.trace.at(-1)?.detail).toBe(`no provider in account ${ACCOUNT} has URL https://elsewhere.example`);
  });
});

describe('keys and signature', () => {
  it('a bad signature with cached keys is refused without fetching the keys again', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    // signed by the next key, but claiming the current key's kid
    const forged = await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next, { kid: issuerKeys().current.kid });
    const out = await h.sts.assumeRoleWithWebIdentity(params(forged));
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(out.trace.map((s) => s.step)).not.toContain('refetch-jwks');
    expect(h.log.all('sts.jwks-fetched')).toHaveLength(1);
  });

  it('an unknown kid with refetch on: the refetch is traced and logged with its reason', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    h.issuer.published = [issuerKeys().current.jwk, issuerKeys().next.jwk];
    const { kid } = issuerKeys().next;
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next)),
    );
    expect(out.ok).toBe(true);
    expect(step(out.trace, 'refetch-jwks')?.detail).toBe(`kid ${kid} is not in the cached JWKS: fetching again`);
    expect(h.log.all('sts.jwks-fetched').map((e) => e.data.reason)).toEqual(['not cached', `unknown kid ${kid}`]);
  });

  it('an unknown kid whose refetch fails: the fetch step fails, IDPCommunicationError', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    h.issuer.unreachable = true;
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next)),
    );
    expect(out).toMatchObject({ ok: false, error: { code: 'IDPCommunicationError' } });
    expect(out.trace.at(-1)).toMatchObject({ step: 'fetch-jwks', ok: false });
  });

  it('an unknown kid with refetch off: the stale cache is named in the trace', async () => {
    const h = createHarness({ refetchOnUnknownKid: false });
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    const { kid } = issuerKeys().next;
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next)),
    );
    expect(out.trace.at(-1)).toEqual({
      step: 'verify-signature',
      ok: false,
      detail: `kid ${kid} is not in the cached JWKS and refetch on unknown kid is off (stale cache)`,
    });
  });

  it('an unknown kid in freshly fetched keys: the trace lists the kids there are', async () => {
    const h = createHarness();
    const { current, next } = issuerKeys();
    h.issuer.published = [current.jwk, { ...current.jwk, kid: 'older' }];
    const out = await h.sts.assumeRoleWithWebIdentity(params(await signToken(claimsAt(h.clock.nowMs()), next)));
    expect(out.trace.at(-1)).toEqual({
      step: 'verify-signature',
      ok: false,
      detail: `no key with kid ${next.kid} in the JWKS (kids ${current.kid}, older)`,
    });
  });
});

describe('the condition keys of the trust policy', () => {
  it(':amr as a string and as a list', async () => {
    const trust = trustWith({ 'ForAnyValue:StringEquals': { [`${HOST_PATH}:amr`]: 'mfa' } });
    expect((await assumeWithTrust(createHarness(), trust, { amr: 'mfa' })).ok).toBe(true);
    expect((await assumeWithTrust(createHarness(), trust, { amr: ['pwd', 'mfa'] })).ok).toBe(true);
    expect((await assumeWithTrust(createHarness(), trust, {})).ok).toBe(false);
  });

  it('aws:EpochTime is now in seconds', async () => {
    const trust = trustWith({ NumericEquals: { 'aws:EpochTime': String(NOW) } });
    expect((await assumeWithTrust(createHarness(), trust)).ok).toBe(true);
  });

  it('a role that does not exist is named in the trace', async () => {
    const h = createHarness();
    const missing = `arn:aws:iam::${ACCOUNT}:role/missing`;
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { RoleArn: missing }));
    expect(out.trace.at(-1)).toEqual({ step: 'find-role', ok: false, detail: `no role ${missing} exists` });
  });
});

describe('the session', () => {
  const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

  it('PolicyArns alone: PackedPolicySize from their length', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { PolicyArns: [{ arn }] }));
    const size = Math.ceil((arn.length * 100) / 2048);
    expect(out.ok && out.result.PackedPolicySize).toBe(size);
    expect(step(out.trace, 'check-session')?.detail).toBe(
      `3600 s requested; session policies use ${size}% of the allowed size`,
    );
  });

  it('exactly 2048 characters of session policies fit; one more does not', async () => {
    const base = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const policy = (chars: number) =>
      base.replace('"Version"', `"Id":"${'p'.repeat(chars - base.length - 8)}","Version"`);
    const fits = policy(2048 - arn.length);
    expect(fits.length + arn.length).toBe(2048);
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h), { Policy: fits, PolicyArns: [{ arn }] }),
    );
    expect(out.ok && out.result.PackedPolicySize).toBe(100);
    const over = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h), { Policy: policy(2049 - arn.length), PolicyArns: [{ arn }] }),
    );
    expect(over).toMatchObject({ ok: false, error: { code: 'PackedPolicyTooLarge' } });
    expect(over.trace.at(-1)?.detail).toBe('session policies hold 2049 characters, more than 2048');
  });

  it('a DurationSeconds over the role maximum, and a malformed session policy, are explained', async () => {
    const h = createHarness();
    const long = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { DurationSeconds: 7200 }));
    expect(long.trace.at(-1)?.detail).toBe("DurationSeconds 7200 is more than the role's MaxSessionDuration 3600");
    const bad = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { Policy: '{"Version":' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'MalformedPolicyDocument' } });
    expect(bad.trace.at(-1)?.detail).toBe(`session policy: ${bad.ok ? '' : bad.error.message}`);
  });
});

describe('what CloudTrail keeps of claims that are not strings', () => {
  it('a numeric sub or jti is left out, not recorded as a number', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h, { sub: 42, jti: 7 })));
    const record = h.log.all('cloudtrail')[0]?.data as {
      userIdentity: { userName?: unknown; principalId?: string };
      irsaLab: { tokenJti?: unknown };
    };
    expect(record.userIdentity.userName).toBeUndefined();
    expect(record.userIdentity.principalId).toBe(`${PROVIDER_ARN}:sts.amazonaws.com:`);
    expect(record.irsaLab.tokenJti).toBeUndefined();
  });
});

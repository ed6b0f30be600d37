/**
 * AssumeRoleWithWebIdentity that succeeds: the result fields, the session in
 * the credential store, the full trace, leeway, duration and session policy.
 */
import { isoSeconds } from '@irsa-lab/core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOW, params } from './assume-cases.js';
import {
  ACCOUNT,
  claimsAt,
  createHarness,
  generateIssuerKeys,
  goodToken,
  irsaTrustPolicy,
  PROVIDER_ARN,
  ROLE_NAME,
  START_MS,
  SUB,
} from './harness.js';

beforeAll(generateIssuerKeys);

const SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::billing-reports/*' }],
});

describe('AssumeRoleWithWebIdentity success', () => {
  it('returns credentials, the assumed-role user, the provider ARN and the audience', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    if (!out.ok) throw new Error(out.error.message);
    const role = h.iam.getRole(ACCOUNT, ROLE_NAME);
    expect(out.result).toEqual({
      Credentials: {
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        SessionToken: expect.any(String),
        Expiration: isoSeconds(START_MS + 3600_000),
      },
      SubjectFromWebIdentityToken: SUB,
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
        AssumedRoleId: `${role.RoleId}:app`,
      },
      Provider: PROVIDER_ARN,
      Audience: 'sts.amazonaws.com',
    });
    const session = h.iam.lookupAccessKey(out.result.Credentials.AccessKeyId);
    expect(session?.webIdentity).toEqual({
      sub: SUB,
      aud: 'sts.amazonaws.com',
      providerArn: PROVIDER_ARN,
      jti: '3f1c2a4e-5b6d-4c7e-8f90-a1b2c3d4e5f6',
    });
    expect(session?.SecretAccessKey).toBe(out.result.Credentials.SecretAccessKey);
  });

  it('traces every step in order', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h)));
    expect(out.trace.map((s) => [s.step, s.ok])).toEqual([
      ['validate-parameters', true],
      ['parse-token', true],
      ['check-alg', true],
      ['check-issuer', true],
      ['find-provider', true],
      ['fetch-jwks', true],
      ['verify-signature', true],
      ['check-time-claims', true],
      ['check-audience', true],
      ['check-subject', true],
      ['find-role', true],
      ['evaluate-trust-policy', true],
      ['check-session', true],
      ['issue-credentials', true],
    ]);
  });

  it('accepts a token that expired less than 5 minutes ago', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h, { exp: NOW - 300, iat: NOW - 3900, nbf: NOW - 3900 })),
    );
    expect(out.ok).toBe(true);
  });

  it('honours DurationSeconds up to the MaxSessionDuration', async () => {
    const h = createHarness();
    h.iam.createRole(ACCOUNT, {
      RoleName: 'long',
      AssumeRolePolicyDocument: irsaTrustPolicy(),
      MaxSessionDuration: 43200,
    });
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/long`, DurationSeconds: '43200' }),
    );
    expect(out.ok && out.result.Credentials.Expiration).toBe(isoSeconds(START_MS + 43200_000));
  });

  it('reports PackedPolicySize and keeps the session policy with the session', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { Policy: SESSION_POLICY }));
    if (!out.ok) throw new Error(out.error.message);
    expect(out.result.PackedPolicySize).toBe(Math.ceil((SESSION_POLICY.length * 100) / 2048));
    expect(h.iam.lookupAccessKey(out.result.Credentials.AccessKeyId)?.sessionPolicy?.statements).toHaveLength(1);
  });

  it('accepts an ES256-signed token', async () => {
    const h = createHarness();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    h.issuer.published = [{ ...(await exportJWK(publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' }];
    const token = await new SignJWT(claimsAt(h.clock.nowMs()))
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
      .sign(privateKey);
    const out = await h.sts.assumeRoleWithWebIdentity(params(token));
    expect(out.ok).toBe(true);
  });

  it('follows an updated trust policy: a denied ServiceAccount is allowed once the role trusts it', async () => {
    const h = createHarness();
    const token = await goodToken(h, { sub: 'system:serviceaccount:web:default' });
    expect((await h.sts.assumeRoleWithWebIdentity(params(token))).ok).toBe(false);
    h.iam.updateAssumeRolePolicy(ACCOUNT, ROLE_NAME, irsaTrustPolicy('system:serviceaccount:web:default'));
    const out = await h.sts.assumeRoleWithWebIdentity(params(token));
    expect(out.ok && out.result.SubjectFromWebIdentityToken).toBe('system:serviceaccount:web:default');
  });
});

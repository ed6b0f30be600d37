/**
 * AssumeRoleWithWebIdentity, request error paths: parameters, the role and
 * its trust policy, DurationSeconds and session policies; plus what the
 * trace shows and that the token's jku is never followed.
 */

import { parsePolicy } from '@irsa-lab/iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { DENIED, type ErrorCase, params, runErrorCases } from './assume-cases.js';
import {
  ACCOUNT,
  claimsAt,
  createHarness,
  generateIssuerKeys,
  goodToken,
  HOST_PATH,
  issuerKeys,
  PROVIDER_ARN,
  signToken,
} from './harness.js';

beforeAll(generateIssuerKeys);

const SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::billing-reports/*' }],
});

/** A session policy of about 1900 characters plus two managed policy ARNs: over 2048 together. */
const BIG_POLICY = SESSION_POLICY.replace('"Version"', `"Id":"${'p'.repeat(1800)}","Version"`);
const POLICY_ARNS = [
  { arn: `arn:aws:iam::${ACCOUNT}:policy/${'a'.repeat(100)}` },
  { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
];
const PLAINTEXT = BIG_POLICY.length + POLICY_ARNS.reduce((n, a) => n + a.arn.length, 0);

const cases: ErrorCase[] = [
  {
    title: 'a one-character session name',
    step: 'validate-parameters',
    request: async (h) => params(await goodToken(h), { RoleSessionName: 'x' }),
    expected: {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    },
  },
  {
    title: 'a session name with a space',
    step: 'validate-parameters',
    request: async (h) => params(await goodToken(h), { RoleSessionName: 'my app' }),
    expected: {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value 'my app' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    },
  },
  {
    title: 'no RoleArn and no RoleSessionName',
    step: 'validate-parameters',
    request: async (h) => ({ WebIdentityToken: await goodToken(h) }),
    expected: {
      code: 'ValidationError',
      status: 400,
      message:
        "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    },
  },
  {
    title: 'a token over 20000 characters (its value is not echoed: the member is sensitive)',
    step: 'validate-parameters',
    request: async () => params('a'.repeat(20001)),
    expected: {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000",
    },
  },
  {
    title: 'a RoleArn that is not a role ARN',
    step: 'validate-parameters',
    request: async (h) => params(await goodToken(h), { RoleArn: `arn:aws:iam::${ACCOUNT}:user/alice` }),
    expected: { code: 'ValidationError', status: 400, message: 'Request ARN is invalid' },
  },
  {
    title: 'a role that does not exist',
    step: 'find-role',
    request: async (h) => params(await goodToken(h), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/no-such-role` }),
    expected: { code: 'AccessDenied', status: 403, message: DENIED },
  },
  {
    title: 'a ServiceAccount the trust policy does not name',
    step: 'evaluate-trust-policy',
    request: async (h) => params(await goodToken(h, { sub: 'system:serviceaccount:web:default' })),
    expected: { code: 'AccessDenied', status: 403, message: DENIED },
  },
  {
    title: "DurationSeconds over the role's MaxSessionDuration",
    step: 'check-session',
    request: async (h) => params(await goodToken(h), { DurationSeconds: '7200' }),
    expected: {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    },
  },
  {
    title: 'DurationSeconds under 900',
    step: 'validate-parameters',
    request: async (h) => params(await goodToken(h), { DurationSeconds: 600 }),
    expected: {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    },
  },
  {
    title: 'session policies whose plaintext passes 2048 characters',
    step: 'check-session',
    request: async (h) => params(await goodToken(h), { Policy: BIG_POLICY, PolicyArns: POLICY_ARNS }),
    expected: {
      code: 'PackedPolicyTooLarge',
      status: 400,
      message: `Packed policy consumes ${Math.ceil((PLAINTEXT * 100) / 2048)}% of allotted space, please use smaller policy.`,
    },
  },
];

describe('AssumeRoleWithWebIdentity: request errors', () => {
  runErrorCases(cases);

  it('a malformed session policy gives MalformedPolicyDocument with the parser message (line and column)', async () => {
    const h = createHarness();
    const bad = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", } ]\n}';
    let parserMessage = '';
    try {
      parsePolicy(bad, { name: 'session policy', kind: 'identity' });
    } catch (err) {
      parserMessage = (err as Error).message;
    }
    expect(parserMessage).toMatch(/line 3/);
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h), { Policy: bad }));
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: parserMessage,
      type: 'Sender',
    });
  });

  it('the trust policy trace says which condition failed', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(
      params(await goodToken(h, { sub: 'system:serviceaccount:web:default' })),
    );
    const step = out.trace.find((s) => s.step === 'evaluate-trust-policy');
    expect(step?.evaluation?.decision).toBe('ImplicitDeny');
    const failed = step?.evaluation?.statements[0]?.conditions.filter((c) => !c.matched).map((c) => c.key);
    expect(failed).toEqual([`${HOST_PATH}:sub`]);
  });

  it("gives the :aud condition key the token's aud, not every client id of the provider", async () => {
    const h = createHarness();
    h.iam.addClientIdToOpenIdConnectProvider(PROVIDER_ARN, 'vault');
    const out = await h.sts.assumeRoleWithWebIdentity(params(await goodToken(h, { aud: ['vault'] })));
    expect(out.ok ? undefined : out.error.code).toBe('AccessDenied');
    const step = out.trace.find((s) => s.step === 'evaluate-trust-policy');
    expect(step).toMatchObject({ ok: false, evaluation: { decision: 'ImplicitDeny' } });
    const aud = step?.evaluation?.statements[0]?.conditions.find((c) => c.key === `${HOST_PATH}:aud`);
    expect(aud).toMatchObject({ expected: ['sts.amazonaws.com'], actual: 'vault', matched: false });
  });

  it('never follows a jku header', async () => {
    const h = createHarness();
    const token = await signToken(claimsAt(h.clock.nowMs()), issuerKeys().current, {
      jku: 'https://evil.example/keys',
    });
    const out = await h.sts.assumeRoleWithWebIdentity(params(token));
    expect(out.ok).toBe(true);
    expect(h.fetched.some((u) => u.includes('evil.example'))).toBe(false);
  });
});

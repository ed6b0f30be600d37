/**
 * AssumeRole's parameters as STS checks them (STS API reference,
 * AssumeRole: each member's length, range and pattern) and how the request
 * carries them: the ValidationError message names the member as the API
 * model does (`roleArn`, `policyArns.1.member.arn`, ...), which is the wire
 * format the SDKs show; a GET carries them in its query, a POST in its
 * form body; a signed request must be scoped to the region of the STS host
 * it is sent to.
 */

import { withCaller } from '@irsa-lab/net';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeAll, describe, expect, it } from 'vitest';
import { asEksAuth, assumeRoleForm, assumeRoleTrust, NEXT_ROLE, sessionCredentials } from './assume-role-harness.js';
import {
  ACCOUNT,
  createHarness,
  EKS_AUTH,
  generateIssuerKeys,
  type Harness,
  POD_ROLE,
  STS_HOST,
  signedStsRequest,
  TestSha256,
} from './harness.js';

beforeAll(generateIssuerKeys);

function fields(params: Record<string, string>): Record<string, string> {
  return { Action: 'AssumeRole', Version: '2011-06-15', ...params };
}

function asService(h: Harness, params: Record<string, string>, withBodyText = true) {
  return asEksAuth(h, assumeRoleForm(params), withBodyText);
}

function withPodRole(h: Harness): void {
  h.iam.createRole(ACCOUNT, {
    RoleName: 'pod-role',
    AssumeRolePolicyDocument: assumeRoleTrust({ Service: 'pods.eks.amazonaws.com' }),
  });
}

const GOOD = { RoleArn: POD_ROLE, RoleSessionName: 'eks-demo-1' };

describe('AssumeRole ValidationError', () => {
  const policyPattern = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
  it.each([
    [
      'no RoleArn',
      { RoleSessionName: 's1' },
      "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a RoleArn under 20 characters',
      { ...GOOD, RoleArn: 'arn:aws:iam::1:r/x' },
      "Value 'arn:aws:iam::1:r/x' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
    [
      'no RoleSessionName',
      { RoleArn: POD_ROLE },
      "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a RoleSessionName with a space',
      { ...GOOD, RoleSessionName: 'a b' },
      "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
    [
      'a PolicyArns member under 20 characters',
      { ...GOOD, 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:p' },
      "Value 'arn:aws:iam::aws:p' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
    [
      'a Policy with a character above U+00FF',
      { ...GOOD, Policy: '\u0100' },
      `Value '\u0100' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: ${policyPattern}`,
    ],
    [
      'a DurationSeconds under 900',
      { ...GOOD, DurationSeconds: '899' },
      "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [
      'a DurationSeconds over 43200',
      { ...GOOD, DurationSeconds: '43201' },
      "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    ],
    [
      'a one-character ExternalId',
      { ...GOOD, ExternalId: 'a' },
      "Value 'a' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      'an ExternalId over 1224 characters',
      { ...GOOD, ExternalId: 'x'.repeat(1225) },
      `Value '${'x'.repeat(1225)}' at 'externalId' failed to satisfy constraint: Member must have length less than or equal to 1224`,
    ],
    [
      'an ExternalId with a space',
      { ...GOOD, ExternalId: 'a b' },
      "Value 'a b' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    ],
    [
      'a one-character SourceIdentity',
      { ...GOOD, SourceIdentity: 'a' },
      "Value 'a' at 'sourceIdentity' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
  ])('names the member for %s', async (_t, params, violation) => {
    const h = createHarness();
    withPodRole(h);
    const message = `1 validation error detected: ${violation}`;
    const out = await asService(h, params);
    expect(out).toMatchObject({ ok: false, error: { code: 'ValidationError', status: 400, message } });
    // the parameters are checked before anything else
    expect(out.trace).toEqual([{ step: 'validate-parameters', ok: false, detail: message }]);
  });

  it('accepts an ExternalId of the characters the pattern allows, and a SourceIdentity of two', async () => {
    const h = createHarness();
    withPodRole(h);
    const out = await asService(h, {
      ...GOOD,
      ExternalId: 'us-west-2/111122223333:a+b=c,d.e@f_g',
      SourceIdentity: 'ab',
    });
    expect(out.ok).toBe(true);
  });
});

/** A pod-role session's credentials, from EKS Auth's AssumeRole. */
async function podCredentials(h: Harness) {
  withPodRole(h);
  h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: assumeRoleTrust({ AWS: POD_ROLE }) });
  const first = await asService(h, { ...GOOD, RoleSessionName: 'first' });
  if (!first.ok) throw new Error(first.error.message);
  return sessionCredentials(first.result.Credentials);
}

describe('how the request carries the parameters', () => {
  it('reads a GET request’s query when no body text is given', async () => {
    const h = createHarness();
    withPodRole(h);
    const query = new URLSearchParams(fields({ ...GOOD, RoleSessionName: 'by-get' }));
    const request = new Request(`https://${STS_HOST}/?${query}`, { method: 'GET' });
    const out = await h.sts.assumeRole(withCaller(request, EKS_AUTH));
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.result.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/by-get`);
  });

  it('reads a POST request’s own body when no body text is given', async () => {
    const h = createHarness();
    withPodRole(h);
    const out = await asService(h, { ...GOOD, RoleSessionName: 'by-post' }, false);
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.result.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/by-post`);
  });

  it('verifies a signed GET against its empty payload', async () => {
    const h = createHarness();
    const creds = await podCredentials(h);
    const query = fields({ RoleArn: NEXT_ROLE, RoleSessionName: 'second' });
    const signer = new SignatureV4({ credentials: creds, region: 'us-west-2', service: 'sts', sha256: TestSha256 });
    const signed = await signer.sign(
      { method: 'GET', protocol: 'https:', hostname: STS_HOST, path: '/', query, headers: { host: STS_HOST } },
      { signingDate: new Date(h.clock.nowMs()) },
    );
    const request = new Request(`https://${STS_HOST}/?${new URLSearchParams(query)}`, {
      method: 'GET',
      headers: signed.headers,
    });
    const out = await h.sts.assumeRole(request);
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.result.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/next/second`);
  });
});

describe('the signing region', () => {
  it('must be the region of the STS host the request is sent to', async () => {
    const h = createHarness();
    const creds = await podCredentials(h);
    const body = new URLSearchParams(fields({ RoleArn: NEXT_ROLE, RoleSessionName: 'second' })).toString();
    const elsewhere = await signedStsRequest(creds, h.clock.nowMs(), { body, region: 'eu-west-1' });
    expect(await h.sts.assumeRole(elsewhere, body)).toMatchObject({
      ok: false,
      error: {
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      },
    });
    const here = await signedStsRequest(creds, h.clock.nowMs(), { body, region: 'us-west-2' });
    expect((await h.sts.assumeRole(here, body)).ok).toBe(true);
  });
});

/**
 * GetCallerIdentity with SigV4: requests signed in the test by
 * @smithy/signature-v4 (the AWS SDK's signer) with credentials STS issued,
 * then tampered with, signed by unknown or expired keys, or signed with a
 * skewed clock. Also the AWS SigV4 test suite's get-vanilla vector.
 */

import { verifySigV4 } from '@irsa-lab/iam';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createHarness,
  GET_CALLER_IDENTITY_BODY,
  generateIssuerKeys,
  goodToken,
  type Harness,
  ROLE_ARN,
  ROLE_NAME,
  STS_HOST,
  signedStsRequest,
  type TestCredentials,
} from './harness.js';

beforeAll(generateIssuerKeys);

const HOST = STS_HOST;
const BODY = GET_CALLER_IDENTITY_BODY;
const signedRequest = signedStsRequest;

async function assumed(h: Harness): Promise<TestCredentials> {
  const out = await h.sts.assumeRoleWithWebIdentity({
    RoleArn: ROLE_ARN,
    RoleSessionName: 'app',
    WebIdentityToken: await goodToken(h),
  });
  if (!out.ok) throw new Error(out.error.message);
  const c = out.result.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('GetCallerIdentity', () => {
  it('names the assumed-role session that signed the request', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs()));
    const role = h.iam.getRole(ACCOUNT, ROLE_NAME);
    expect(out.ok && out.result).toEqual({
      UserId: `${role.RoleId}:app`,
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
    });
  });

  it('a body changed after signing: SignatureDoesNotMatch', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const signed = await signedRequest(creds, h.clock.nowMs());
    const tampered = new Request(signed.url, { method: 'POST', headers: signed.headers, body: `${BODY}&Extra=1` });
    const out = await h.sts.getCallerIdentity(tampered);
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: MISMATCH,
      type: 'Sender',
    });
  });

  it('a body changed after signing, without x-amz-content-sha256: the signature itself does not match', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const signed = await signedRequest(creds, h.clock.nowMs(), { payloadHashHeader: false });
    expect(signed.headers.has('x-amz-content-sha256')).toBe(false);
    const tampered = new Request(signed.url, { method: 'POST', headers: signed.headers, body: `${BODY}&Extra=1` });
    const out = await h.sts.getCallerIdentity(tampered);
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: MISMATCH,
      type: 'Sender',
    });
  });

  it('the wrong secret: SignatureDoesNotMatch', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const out = await h.sts.getCallerIdentity(
      await signedRequest({ ...creds, secretAccessKey: 'x'.repeat(40) }, h.clock.nowMs()),
    );
    expect(out.ok ? undefined : out.error.code).toBe('SignatureDoesNotMatch');
  });

  it('an access key STS never issued: InvalidClientTokenId', async () => {
    const h = createHarness();
    const creds = { accessKeyId: 'ASIAUNKNOWNKEY234567', secretAccessKey: 'x'.repeat(40), sessionToken: 'token' };
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs()));
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
      type: 'Sender',
    });
  });

  it('a session token that does not belong to the key: InvalidClientTokenId', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const out = await h.sts.getCallerIdentity(
      await signedRequest({ ...creds, sessionToken: 'forged' }, h.clock.nowMs()),
    );
    expect(out.ok ? undefined : out.error.code).toBe('InvalidClientTokenId');
  });

  it('a session past its expiration: ExpiredToken', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    h.clock.advanceBy(3600_000);
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs()));
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'ExpiredToken',
      status: 400,
      message: 'The security token included in the request is expired',
      type: 'Sender',
    });
  });

  it('a request signed 20 minutes in the past: Signature expired', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    h.clock.advanceBy(20 * 60_000);
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs() - 20 * 60_000));
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'Signature expired: 20260105T090000Z is now earlier than 20260105T090500Z (20260105T092000Z - 15 min.)',
      type: 'Sender',
    });
  });

  it('a request signed 16 minutes in the future: Signature not yet current', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs() + 16 * 60_000));
    expect(out.ok ? undefined : out.error.message).toBe(
      'Signature not yet current: 20260105T091600Z is still later than 20260105T091500Z (20260105T090000Z + 15 min.)',
    );
  });

  it('checks X-Amz-Date against the request clock, not the simulated one', async () => {
    const wall = { nowMs: () => Date.UTC(2026, 0, 5, 9, 0, 0) };
    const h = createHarness({ requestClock: wall });
    const creds = await assumed(h);
    h.clock.advanceBy(30 * 60_000);
    // simulated time moved on (credentials still valid), the client's real clock did not
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, wall.nowMs()));
    expect(out.ok).toBe(true);
  });

  it('a credential scoped to another region than the endpoint: SignatureDoesNotMatch', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    const out = await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs(), { region: 'eu-west-1' }));
    expect(out.ok ? undefined : out.error).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    });
  });

  it('an unsigned request: MissingAuthenticationToken', async () => {
    const h = createHarness();
    const out = await h.sts.getCallerIdentity(new Request(`https://${HOST}/`, { method: 'POST', body: BODY }));
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
      type: 'Sender',
    });
  });

  it('records GetCallerIdentity in CloudTrail with the session and its token jti', async () => {
    const h = createHarness();
    const creds = await assumed(h);
    await h.sts.getCallerIdentity(await signedRequest(creds, h.clock.nowMs()));
    const record = h.log.all('cloudtrail').at(-1)?.data;
    expect(record).toMatchObject({
      eventName: 'GetCallerIdentity',
      userIdentity: {
        type: 'AssumedRole',
        accessKeyId: creds.accessKeyId,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
      },
      irsaLab: { tokenJti: '3f1c2a4e-5b6d-4c7e-8f90-a1b2c3d4e5f6' },
    });
  });
});

describe('verifySigV4', () => {
  // aws-sig-v4-test-suite, get-vanilla
  const vanilla = new Request('https://example.amazonaws.com/', {
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    },
  });
  const secret = (id: string) =>
    id === 'AKIDEXAMPLE' ? { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } : undefined;
  const at = Date.UTC(2015, 7, 30, 12, 36, 0);

  it('accepts the get-vanilla test vector', async () => {
    const out = await verifySigV4(vanilla, '', secret, { service: 'service', nowMs: at });
    expect(out).toEqual({
      ok: true,
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-east-1',
      signedHeaders: ['host', 'x-amz-date'],
    });
  });

  it('rejects it for another service with the scope message', async () => {
    const out = await verifySigV4(vanilla, '', secret, { service: 'sts', nowMs: at });
    expect(out.ok ? undefined : [out.reason, out.error.message]).toEqual([
      'scope',
      "Credential should be scoped to correct service: 'sts'. ",
    ]);
  });

  it('rejects a malformed Authorization header as IncompleteSignature', async () => {
    const req = new Request('https://example.amazonaws.com/', {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request' },
    });
    const out = await verifySigV4(req, '', secret, { service: 'service', nowMs: at });
    expect(out.ok ? undefined : out.error).toMatchObject({
      code: 'IncompleteSignature',
      status: 400,
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
    });
  });
});

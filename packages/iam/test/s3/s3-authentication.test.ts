/**
 * SigV4 on S3: requests signed with the SDK's signer under S3's rules are
 * accepted; unknown keys, tampered requests, expired sessions, foreign
 * tokens, wrong regions, skewed clocks and bad payload hashes each get
 * S3's own error code, status and body.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  BUCKET,
  dispatch,
  pathUrl,
  policy,
  ROLE_NAME,
  START_MS,
  s3World,
  send,
  signedRequest,
} from './s3-world.js';

const ALL = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

function allowedWorld() {
  const w = s3World();
  w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'all', ALL);
  w.s3.putObjectDirect(BUCKET, 'k', 'v');
  return w;
}

describe('accepted', () => {
  it('a key needing percent-encoding, signed without double encoding (as S3 signs)', async () => {
    const w = allowedWorld();
    const key = "a b/c+d~é(1)!'*.txt";
    const creds = w.session();
    expect((await send(w, creds, pathUrl(BUCKET, key), { method: 'PUT', body: 'x' })).status).toBe(200);
    expect(w.s3.getBucket(BUCKET)?.objects.map((o) => o.key)).toContain(key);
  });

  it('UNSIGNED-PAYLOAD, and binary bodies hashed over their bytes', async () => {
    const w = allowedWorld();
    const creds = w.session();
    const bytes = new Uint8Array([0, 255, 128, 10, 0xc3]);
    expect((await send(w, creds, pathUrl(BUCKET, 'bin'), { method: 'PUT', body: bytes })).status).toBe(200);
    expect(
      (await send(w, creds, pathUrl(BUCKET, 'u'), { method: 'PUT', body: 'x', unsignedPayload: true })).status,
    ).toBe(200);
    expect(w.s3.getBucket(BUCKET)?.objects.find((o) => o.key === 'bin')?.body).toEqual(bytes);
  });
});

describe('refused', () => {
  it('an access key the credential store never issued: InvalidAccessKeyId 403', async () => {
    const w = allowedWorld();
    const creds = { AccessKeyId: 'ASIAUNKNOWNKEY234567', SecretAccessKey: 'x'.repeat(40), SessionToken: 'token' };
    const answer = await send(w, creds, pathUrl(BUCKET, 'k'));
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject({
      Code: 'InvalidAccessKeyId',
      Message: 'The AWS Access Key Id you provided does not exist in our records.',
      AWSAccessKeyId: 'ASIAUNKNOWNKEY234567',
      RequestId: expect.stringMatching(/^[0-9A-F]{16}$/),
      HostId: expect.any(String),
    });
  });

  it('a request changed after signing: SignatureDoesNotMatch 403', async () => {
    const w = allowedWorld();
    const signed = await signedRequest(w.session(), pathUrl(BUCKET, 'k'));
    const tampered = new Request(pathUrl(BUCKET, 'other-key'), { headers: signed.headers });
    const answer = await dispatch(w.s3, tampered);
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      Message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    });
  });

  it('the wrong secret: SignatureDoesNotMatch', async () => {
    const w = allowedWorld();
    const creds = { ...w.session(), SecretAccessKey: 'y'.repeat(40) };
    expect((await send(w, creds, pathUrl(BUCKET, 'k'))).xml.Error.Code).toBe('SignatureDoesNotMatch');
  });

  it('a session past its expiration: ExpiredToken 400', async () => {
    const w = allowedWorld();
    const creds = w.session();
    w.clock.advanceBy(3600_000);
    const answer = await send(w, creds, pathUrl(BUCKET, 'k'));
    expect(answer.status).toBe(400);
    expect(answer.xml.Error).toMatchObject({ Code: 'ExpiredToken', Message: 'The provided token has expired.' });
  });

  it('one second before expiry still works', async () => {
    const w = allowedWorld();
    const creds = w.session();
    w.clock.advanceBy(3599_000);
    expect((await send(w, creds, pathUrl(BUCKET, 'k'))).status).toBe(200);
  });

  it("another session's token: InvalidToken 400; no token at all: InvalidAccessKeyId", async () => {
    const w = allowedWorld();
    const creds = w.session();
    const other = w.session(undefined, 'other');
    const wrong = await send(w, { ...creds, SessionToken: other.SessionToken }, pathUrl(BUCKET, 'k'));
    expect({ status: wrong.status, code: wrong.xml.Error.Code }).toEqual({ status: 400, code: 'InvalidToken' });
    const none = await send(
      w,
      { AccessKeyId: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey, SessionToken: '' },
      pathUrl(BUCKET, 'k'),
    );
    expect(none.xml.Error.Code).toBe('InvalidAccessKeyId');
  });

  it('signed for another region: AuthorizationHeaderMalformed naming the right one', async () => {
    const w = allowedWorld();
    const answer = await send(w, w.session(), pathUrl(BUCKET, 'k'), { region: 'eu-west-1' });
    expect(answer.status).toBe(400);
    expect(answer.xml.Error).toMatchObject({
      Code: 'AuthorizationHeaderMalformed',
      Message: "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-west-2'",
      Region: 'us-west-2',
    });
  });

  it('signed 16 minutes in the past: RequestTimeTooSkewed 403', async () => {
    const w = allowedWorld();
    const answer = await send(w, w.session(), pathUrl(BUCKET, 'k'), { dateMs: START_MS - 16 * 60_000 });
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject({
      Code: 'RequestTimeTooSkewed',
      RequestTime: '20260105T084400Z',
      ServerTime: '2026-01-05T09:00:00Z',
      MaxAllowedSkewMilliseconds: '900000',
    });
  });

  it('a body that does not match x-amz-content-sha256: XAmzContentSHA256Mismatch 400', async () => {
    const w = allowedWorld();
    const signed = await signedRequest(w.session(), pathUrl(BUCKET, 'k'), { method: 'PUT', body: 'original' });
    const swapped = new Request(signed.url, { method: 'PUT', headers: signed.headers, body: 'replaced' });
    const answer = await dispatch(w.s3, swapped);
    expect(answer.status).toBe(400);
    expect(answer.xml.Error.Code).toBe('XAmzContentSHA256Mismatch');
    expect(w.s3.getBucket(BUCKET)?.objects.find((o) => o.key === 'k')?.body).toEqual(new Uint8Array(Buffer.from('v')));
  });

  it('no x-amz-content-sha256: InvalidRequest 400', async () => {
    const w = allowedWorld();
    const signed = await signedRequest(w.session(), pathUrl(BUCKET, 'k'));
    const headers = new Headers(signed.headers);
    headers.delete('x-amz-content-sha256');
    const answer = await dispatch(w.s3, new Request(signed.url, { headers }));
    expect({ status: answer.status, code: answer.xml.Error.Code }).toEqual({ status: 400, code: 'InvalidRequest' });
  });

  it('a presigned URL is reported as not simulated: NotImplemented 501', async () => {
    const w = allowedWorld();
    const answer = await dispatch(
      w.s3,
      new Request(`${pathUrl(BUCKET, 'k')}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00`),
    );
    expect({ status: answer.status, code: answer.xml.Error.Code }).toEqual({ status: 501, code: 'NotImplemented' });
  });
});

/**
 * verifySigV4's checks that the STS tests do not reach: a request without
 * X-Amz-Date (IncompleteSignature, in STS's words), a credential scope whose
 * date is not the X-Amz-Date's day (SignatureDoesNotMatch, in STS's words),
 * and the payload hash: a STREAMING-* value is not a hash of the body and
 * is not compared with one, while a hex hash must be the body's.
 */

import { verifySigV4 } from '@irsa-lab/iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { TestSha256 } from './harness.js';

const HOST = 'example.amazonaws.com';
const ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const secret = (id: string) => (id === ID ? { secretAccessKey: SECRET } : undefined);
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${ID}/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`;

/** aws-sig-v4-test-suite's get-vanilla, with its X-Amz-Date replaced (or left out). */
function vanilla(amzDate: string | undefined): Request {
  const headers: Record<string, string> = { host: HOST, authorization: AUTHORIZATION };
  if (amzDate !== undefined) headers['x-amz-date'] = amzDate;
  return new Request(`https://${HOST}/`, { headers });
}

async function signedPut(payloadHash: string, body: string, atMs: number): Promise<Request> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: ID, secretAccessKey: SECRET },
    region: 'us-east-1',
    service: 'service',
    sha256: TestSha256,
  });
  const signed = await signer.sign(
    {
      method: 'PUT',
      protocol: 'https:',
      hostname: HOST,
      path: '/object',
      headers: { host: HOST, 'x-amz-content-sha256': payloadHash },
      body,
    },
    { signingDate: new Date(atMs) },
  );
  return new Request(`https://${HOST}/object`, { method: 'PUT', headers: signed.headers, body });
}

describe('verifySigV4', () => {
  const at = Date.UTC(2015, 7, 30, 12, 36, 0);

  it('refuses a request without X-Amz-Date as IncompleteSignature, naming the header it got', async () => {
    const out = await verifySigV4(vanilla(undefined), '', secret, { service: 'service', nowMs: at });
    expect(out).toMatchObject({
      ok: false,
      reason: 'malformed-auth',
      accessKeyId: ID,
      error: {
        code: 'IncompleteSignature',
        status: 400,
        message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${AUTHORIZATION}`,
      },
    });
  });

  it("refuses a credential scope dated another day than X-Amz-Date, in STS's words", async () => {
    const nextDay = Date.UTC(2015, 7, 31, 12, 36, 0);
    const out = await verifySigV4(vanilla('20150831T123600Z'), '', secret, { service: 'service', nowMs: nextDay });
    expect(out).toMatchObject({
      ok: false,
      reason: 'scope',
      error: {
        code: 'SignatureDoesNotMatch',
        message:
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T123600Z'.",
      },
    });
  });

  it('accepts a signed STREAMING-* payload hash without hashing the body', async () => {
    const request = await signedPut('STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'a chunk', at);
    const out = await verifySigV4(request, 'a chunk', secret, { service: 'service', nowMs: at });
    expect(out.ok).toBe(true);
  });

  it('refuses a signed hex payload hash that is not the body’s (payload-hash)', async () => {
    const request = await signedPut('0'.repeat(64), 'a chunk', at);
    const out = await verifySigV4(request, 'a chunk', secret, { service: 'service', nowMs: at });
    expect(out).toMatchObject({ ok: false, reason: 'payload-hash', error: { code: 'SignatureDoesNotMatch' } });
  });
});

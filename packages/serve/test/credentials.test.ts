/**
 * Credentials a real client should not be using, refused in AWS's own wire
 * shape (code and status unchanged) with serve's reason in the message:
 * expired in simulated time after POST /clock/advance (STS and S3), a
 * long-term key of the user's own, a temporary key serve never issued. A
 * refusal that is not serve's doing keeps AWS's message as it is.
 */
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { Sha256, wallClock } from '@irsa-lab/core';
import type { WorldServer } from '@irsa-lab/serve';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { assumeBody, billing, postSts, served, xmlText } from './helpers.js';

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const ENV_AGAIN = 'eval "$(npx irsa-lab env payments/billing-api)" again';

/** GetCallerIdentity with `keys`: the error's code and message (undefined when it succeeds). */
async function callerIdentity(server: WorldServer, keys: Keys): Promise<{ code: string; message: string } | undefined> {
  const sts = new STSClient({
    region: 'us-west-2',
    endpoint: server.endpoints().sts,
    credentials: keys,
    maxAttempts: 1,
  });
  try {
    await sts.send(new GetCallerIdentityCommand({}));
    return undefined;
  } catch (err) {
    if (!(err instanceof STSServiceException)) throw err;
    return { code: err.name, message: err.message };
  } finally {
    sts.destroy();
  }
}

/** ListObjectsV2 on billing-reports, SigV4-signed with `keys`: status, code and message. */
async function listReports(
  server: WorldServer,
  keys: Keys,
): Promise<{ status: number; code?: string; message?: string }> {
  const url = new URL(`${server.endpoints().s3}/billing-reports?list-type=2`);
  const signer = new SignatureV4({ credentials: keys, region: 'us-west-2', service: 's3', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: { 'list-type': '2' },
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const res = await fetch(url, { headers: signed.headers });
  const text = await res.text();
  return { status: res.status, code: xmlText(text, 'Code'), message: xmlText(text, 'Message') };
}

/** payments/billing-api's credentials from STS, as its SDK would get them. */
async function billingKeys(server: WorldServer): Promise<Keys> {
  const { env, token } = await billing(server);
  const assumed = await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, token));
  return {
    accessKeyId: xmlText(assumed.text, 'AccessKeyId') as string,
    secretAccessKey: xmlText(assumed.text, 'SecretAccessKey') as string,
    sessionToken: xmlText(assumed.text, 'SessionToken') as string,
  };
}

describe('credentials serve cannot accept', () => {
  it('after /clock/advance past their expiry: ExpiredToken from STS and S3, saying when they expired and what to run', async () => {
    const server = await served({ wall: wallClock });
    const keys = await billingKeys(server);
    expect(await callerIdentity(server, keys)).toBeUndefined();
    await server.advance(2 * 3600);
    const sts = await callerIdentity(server, keys);
    expect(sts?.code).toBe('ExpiredToken');
    expect(sts?.message).toMatch(/^The security token included in the request is expired \(irsa-lab serve: /);
    expect(sts?.message).toMatch(/expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, simulated time/);
    expect(sts?.message).toContain('POST /clock/advance put simulated time 2 h ahead of the wall clock');
    expect(sts?.message).toContain('~/.aws/cli/cache');
    expect(sts?.message).toContain(ENV_AGAIN);
    const s3 = await listReports(server, keys);
    expect({ status: s3.status, code: s3.code }).toEqual({ status: 400, code: 'ExpiredToken' });
    expect(s3.message).toMatch(/^The provided token has expired\. \(irsa-lab serve: .*simulated time/);
    expect(s3.message).toContain(ENV_AGAIN);
  });

  it("a long-term key of the user's own, or a temporary key this serve never issued: InvalidClientTokenId with the likely source", async () => {
    const server = await served({ wall: wallClock });
    const own = await callerIdentity(server, {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(own?.code).toBe('InvalidClientTokenId');
    expect(own?.message).toContain('AKIAIOSFODNN7EXAMPLE is a long-term access key');
    expect(own?.message).toContain('AWS_ACCESS_KEY_ID or ~/.aws');
    const earlier = await callerIdentity(server, {
      accessKeyId: 'ASIAQPTBSNMTAAAAAAAA',
      secretAccessKey: 'x'.repeat(40),
      sessionToken: 'from-an-earlier-serve',
    });
    expect(earlier?.code).toBe('InvalidClientTokenId');
    expect(earlier?.message).toContain('this serve never issued ASIAQPTBSNMTAAAAAAAA');
    expect(earlier?.message).toContain('eval "$(npx irsa-lab env <namespace>/<pod>)" again');
    const s3 = await listReports(server, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect({ status: s3.status, code: s3.code }).toEqual({ status: 403, code: 'InvalidAccessKeyId' });
    expect(s3.message).toContain('is a long-term access key');
  });

  it("keeps AWS's message when the refusal is not serve's doing (a known key with the wrong session token)", async () => {
    const server = await served({ wall: wallClock });
    const keys = await billingKeys(server);
    expect(await callerIdentity(server, { ...keys, sessionToken: 'not-the-token' })).toEqual({
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
  });
});

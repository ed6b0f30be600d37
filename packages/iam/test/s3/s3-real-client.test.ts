/**
 * The real AWS SDK for JavaScript v3 S3Client against the small S3, routed
 * in with msw's setupServer (the one test here that patches the network
 * stack): PutObject, GetObject, ListObjectsV2 and ListBuckets in path style
 * and virtual-hosted style, then an AccessDenied the SDK surfaces as
 * S3ServiceException. The SDK signs with the wall clock, so this S3's
 * request clock is the wall clock; session expiry still runs on simulated time.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { wallClock } from '@irsa-lab/core';
import { s3Handlers } from '@irsa-lab/iam';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, BUCKET, policy, REGION, ROLE_NAME, type S3World, s3World } from './s3-world.js';

const server = setupServer();
const seen: string[] = [];

beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  server.listen({ onUnhandledFrame: 'error' });
  server.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).host}`);
  });
});
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function clientFor(w: S3World, forcePathStyle: boolean): S3Client {
  const c = w.session();
  return new S3Client({
    region: REGION,
    forcePathStyle,
    maxAttempts: 1,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
  });
}

describe.each([
  { style: 'path', forcePathStyle: true, host: `s3.${REGION}.amazonaws.com` },
  { style: 'virtual-hosted', forcePathStyle: false, host: `${BUCKET}.s3.${REGION}.amazonaws.com` },
])('S3Client, $style style', ({ forcePathStyle, host }) => {
  it('puts, gets and lists an object', async () => {
    const w = s3World({ requestClock: wallClock });
    w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'all', policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    server.use(...s3Handlers(w.s3));
    const client = clientFor(w, forcePathStyle);
    const key = 'reports/2026 Q1 (draft).csv';
    const put = await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'total,42\n', ContentType: 'text/csv' }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update('total,42\n').digest('hex')}"`);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect({ body: await got.Body?.transformToString(), type: got.ContentType, length: got.ContentLength }).toEqual({
      body: 'total,42\n',
      type: 'text/csv',
      length: 9,
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'reports/', MaxKeys: 10 }));
    expect(listed.Contents?.map((o) => ({ key: o.Key, size: o.Size }))).toEqual([{ key, size: 9 }]);
    expect(listed.KeyCount).toBe(1);
    const buckets = await client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual([BUCKET]);
    expect(seen.slice(0, 3)).toEqual([`PUT ${host}`, `GET ${host}`, `GET ${host}`]);
    expect(w.trail().map((e) => e.summary.split(' ')[0])).toEqual([
      'PutObject',
      'GetObject',
      'ListObjects',
      'ListBuckets',
    ]);
  });

  it('surfaces AccessDenied as an S3ServiceException with the request id', async () => {
    const w = s3World({ requestClock: wallClock });
    server.use(...s3Handlers(w.s3));
    const client = clientFor(w, forcePathStyle);
    const failure = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(S3ServiceException);
    const e = failure as S3ServiceException;
    expect({ name: e.name, message: e.message, status: e.$metadata.httpStatusCode }).toEqual({
      name: 'AccessDenied',
      message: 'Access Denied',
      status: 403,
    });
    expect(e.$metadata.requestId).toBe(w.trail()[0]?.data.requestID);
  });
});

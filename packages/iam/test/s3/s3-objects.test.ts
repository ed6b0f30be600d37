/**
 * The S3 operations on the wire: missing buckets and keys (and S3's
 * AccessDenied in place of NoSuchKey for callers who may not list),
 * ListObjectsV2 paging with max-keys, continuation tokens and delimiters,
 * virtual-hosted addressing, HEAD, ListBuckets, and the limits and
 * methods this S3 refuses.
 */

import { MAX_OBJECT_BYTES, s3Handlers } from '@irsa-lab/iam';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  BUCKET,
  OTHER_ACCOUNT,
  pathUrl,
  policy,
  REGION,
  ROLE_NAME,
  s3World,
  send,
  signedRequest,
} from './s3-world.js';

function world(actions: string[] = ['s3:*']) {
  const w = s3World();
  w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'p', policy({ Effect: 'Allow', Action: actions, Resource: '*' }));
  return { w, creds: w.session() };
}

describe('missing things', () => {
  it('a bucket nobody created: NoSuchBucket 404', async () => {
    const { w, creds } = world();
    const answer = await send(w, creds, pathUrl('no-such-bucket', 'k'));
    expect(answer.status).toBe(404);
    expect(answer.xml.Error).toMatchObject({
      Code: 'NoSuchBucket',
      Message: 'The specified bucket does not exist',
      BucketName: 'no-such-bucket',
    });
  });

  it('a missing key, for a caller who may list the bucket: NoSuchKey 404', async () => {
    const { w, creds } = world(['s3:GetObject', 's3:ListBucket']);
    const answer = await send(w, creds, pathUrl(BUCKET, 'missing.txt'));
    expect(answer.status).toBe(404);
    expect(answer.xml.Error).toMatchObject({
      Code: 'NoSuchKey',
      Message: 'The specified key does not exist.',
      Key: 'missing.txt',
    });
    expect(w.s3.lastDecision()).toMatchObject({ action: 's3:ListBucket', decision: 'Allow' });
  });

  it('a missing key, for a caller who may not list: AccessDenied 403, so keys cannot be probed', async () => {
    const { w, creds } = world(['s3:GetObject']);
    const answer = await send(w, creds, pathUrl(BUCKET, 'missing.txt'));
    expect(answer.status).toBe(403);
    expect(answer.xml.Error.Code).toBe('AccessDenied');
    expect(w.s3.lastDecision()).toMatchObject({ action: 's3:ListBucket', decision: 'ImplicitDeny' });
  });
});

describe('ListObjectsV2', () => {
  const KEYS = ['a.txt', 'docs/one.md', 'docs/two.md', 'img/x.png', 'z.txt'];

  async function list(query: string) {
    const { w, creds } = world();
    for (const key of KEYS) w.s3.putObjectDirect(BUCKET, key, key);
    return {
      w,
      creds,
      first: (await send(w, creds, pathUrl(BUCKET, undefined, `?list-type=2${query}`))).xml.ListBucketResult,
    };
  }

  it('pages with max-keys and continuation tokens until every key was seen once', async () => {
    const { w, creds, first } = await list('&max-keys=2');
    expect(first).toMatchObject({ KeyCount: '2', MaxKeys: '2', IsTruncated: 'true' });
    const seen = first.Contents.map((c: { Key: string }) => c.Key);
    let token: string | undefined = first.NextContinuationToken;
    while (token !== undefined) {
      const page = (
        await send(
          w,
          creds,
          pathUrl(BUCKET, undefined, `?list-type=2&max-keys=2&continuation-token=${encodeURIComponent(token)}`),
        )
      ).xml.ListBucketResult;
      expect(page.ContinuationToken).toBe(token);
      seen.push(...[page.Contents].flat().map((c: { Key: string }) => c.Key));
      token = page.NextContinuationToken;
    }
    expect(seen).toEqual(KEYS);
  });

  it('rolls keys up into CommonPrefixes at the delimiter, filtered by prefix', async () => {
    const { first } = await list('&delimiter=%2F');
    expect(first.Contents.map((c: { Key: string }) => c.Key)).toEqual(['a.txt', 'z.txt']);
    expect(first.CommonPrefixes).toEqual([{ Prefix: 'docs/' }, { Prefix: 'img/' }]);
    expect(first.KeyCount).toBe('4');
    const { first: docs } = await list('&prefix=docs%2F&delimiter=%2F');
    expect(docs.Contents.map((c: { Key: string }) => c.Key)).toEqual(['docs/one.md', 'docs/two.md']);
  });

  it('a page ending on a common prefix resumes after all of its keys', async () => {
    const { w, creds, first } = await list('&delimiter=%2F&max-keys=2');
    expect([first.Contents.Key, first.CommonPrefixes.Prefix]).toEqual(['a.txt', 'docs/']);
    const token = encodeURIComponent(first.NextContinuationToken);
    const next = (
      await send(
        w,
        creds,
        pathUrl(BUCKET, undefined, `?list-type=2&delimiter=%2F&max-keys=2&continuation-token=${token}`),
      )
    ).xml.ListBucketResult;
    expect([next.CommonPrefixes.Prefix, next.Contents.Key]).toEqual(['img/', 'z.txt']);
  });

  it('refuses a continuation token it did not issue, and max-keys that is not a number', async () => {
    const { w, creds } = await list('');
    const token = await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&continuation-token=Zm9v'));
    expect({ status: token.status, code: token.xml.Error.Code, name: token.xml.Error.ArgumentName }).toEqual({
      status: 400,
      code: 'InvalidArgument',
      name: 'continuation-token',
    });
    expect((await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&max-keys=ten'))).xml.Error.Code).toBe(
      'InvalidArgument',
    );
  });
});

describe('addressing and operations', () => {
  it('virtual-hosted style reaches the same objects as path style', async () => {
    const { w, creds } = world();
    const put = await send(w, creds, `https://${BUCKET}.s3.${REGION}.amazonaws.com/dir/file.txt`, {
      method: 'PUT',
      body: 'hi',
    });
    expect(put.status).toBe(200);
    expect((await send(w, creds, pathUrl(BUCKET, 'dir/file.txt'))).text).toBe('hi');
    const listed = await send(w, creds, `https://${BUCKET}.s3.${REGION}.amazonaws.com/?list-type=2`);
    expect(listed.xml.ListBucketResult.Contents.Key).toBe('dir/file.txt');
  });

  it('HEAD answers the headers without a body, and a bare 404 for a missing key', async () => {
    const { w, creds } = world();
    w.s3.putObjectDirect(BUCKET, 'k', 'hello', { contentType: 'text/plain' });
    const head = await send(w, creds, pathUrl(BUCKET, 'k'), { method: 'HEAD' });
    expect({
      status: head.status,
      text: head.text,
      length: head.headers.get('content-length'),
      etag: head.headers.get('etag'),
    }).toEqual({
      status: 200,
      text: '',
      length: '5',
      etag: '"5d41402abc4b2a76b9719d911017c592"',
    });
    const missing = await send(w, creds, pathUrl(BUCKET, 'nope'), { method: 'HEAD' });
    expect({ status: missing.status, text: missing.text }).toEqual({ status: 404, text: '' });
  });

  it('ListBuckets lists the caller account buckets only', async () => {
    const { w, creds } = world();
    w.s3.createBucket(ACCOUNT, 'another-bucket');
    w.s3.createBucket(OTHER_ACCOUNT, 'not-mine');
    const answer = await send(w, creds, `https://s3.${REGION}.amazonaws.com/`);
    expect(answer.xml.ListAllMyBucketsResult.Buckets.Bucket.map((b: { Name: string }) => b.Name)).toEqual([
      'another-bucket',
      BUCKET,
    ]);
    expect(w.s3.lastDecision()).toMatchObject({ action: 's3:ListAllMyBuckets', decision: 'Allow' });
  });

  it('the global endpoint signed for us-east-1 is told the bucket region', async () => {
    const { w, creds } = world();
    const answer = await send(w, creds, `https://s3.amazonaws.com/${BUCKET}/k`, { region: 'us-east-1' });
    expect(answer.xml.Error).toMatchObject({ Code: 'AuthorizationHeaderMalformed', Region: REGION });
  });

  it(`a body over ${MAX_OBJECT_BYTES} bytes: EntityTooLarge 400, naming the limit`, async () => {
    const { w, creds } = world();
    const answer = await send(w, creds, pathUrl(BUCKET, 'big'), {
      method: 'PUT',
      body: new Uint8Array(MAX_OBJECT_BYTES + 1),
    });
    expect(answer.status).toBe(400);
    expect(answer.xml.Error).toMatchObject({
      Code: 'EntityTooLarge',
      ProposedSize: String(MAX_OBJECT_BYTES + 1),
      MaxSizeAllowed: String(MAX_OBJECT_BYTES),
    });
    expect(w.s3.getBucket(BUCKET)?.objects).toEqual([]);
  });

  it('a method this S3 does not serve: MethodNotAllowed 405', async () => {
    const { w, creds } = world();
    const answer = await send(w, creds, pathUrl(BUCKET, 'k'), { method: 'DELETE' });
    expect(answer.status).toBe(405);
    expect(answer.xml.Error).toMatchObject({ Code: 'MethodNotAllowed', Method: 'DELETE', ResourceType: 'OBJECT' });
  });

  it('an extra origin serves path style over plain http, where aws:SecureTransport is false', async () => {
    const { w, creds } = world();
    w.s3.putObjectDirect(BUCKET, 'k', 'v');
    const handlers = s3Handlers(w.s3, { origins: ['http://127.0.0.1:4566'] });
    const get = async () =>
      (await getResponse(handlers, await signedRequest(creds, `http://127.0.0.1:4566/${BUCKET}/k`)))?.status;
    expect(await get()).toBe(200);
    expect(w.s3.lastDecision()?.context['aws:SecureTransport']).toBe('false');
    const tlsOnly = policy({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    w.s3.putBucketPolicy(BUCKET, tlsOnly);
    expect(await get()).toBe(403);
    expect(w.s3.lastDecision()?.decision).toBe('ExplicitDeny');
    expect((await send(w, creds, pathUrl(BUCKET, 'k'))).status).toBe(200);
  });
});

/**
 * The set-up API of the small S3 (no requests): bucket names and owners,
 * bucket policies checked as resource policies for this bucket, direct
 * object writes, and the SimError each mistake raises (with the S3 code in
 * `detail.awsCode`).
 */
import { isSimError } from '@irsa-lab/core';
import { MAX_BUCKETS_PER_ACCOUNT, MAX_KEY_BYTES } from '@irsa-lab/iam';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, BUCKET, OTHER_ACCOUNT, policy, s3World } from './s3-world.js';

function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    if (!isSimError(err)) throw err;
    return {
      code: err.code,
      awsCode: err.detail.awsCode,
      ...(err.detail.line === undefined ? {} : { line: err.detail.line }),
    };
  }
  throw new Error('expected a SimError');
}

describe('createBucket', () => {
  it('returns the bucket with its ARN, owner and (parsed) policy', () => {
    const w = s3World();
    const text = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::public-assets/*',
    });
    const bucket = w.s3.createBucket(OTHER_ACCOUNT, 'public-assets', { policy: text });
    expect(bucket).toMatchObject({
      name: 'public-assets',
      accountId: OTHER_ACCOUNT,
      arn: 'arn:aws:s3:::public-assets',
      policyText: text,
      objects: [],
    });
    expect(bucket.policy?.name).toBe('bucket policy of public-assets');
    expect(w.s3.listBuckets(OTHER_ACCOUNT).map((b) => b.name)).toEqual(['public-assets']);
    expect(w.log.all('s3.bucket-created').at(-1)?.data).toEqual({ bucket: 'public-assets', accountId: OTHER_ACCOUNT });
    w.s3.deleteBucketPolicy('public-assets');
    expect(w.log.all('s3.bucket-policy-changed').map((e) => e.summary)).toEqual([
      'bucket policy of public-assets deleted',
    ]);
  });

  it('refuses invalid names, taken names and unknown accounts', () => {
    const w = s3World();
    expect(failure(() => w.s3.createBucket(ACCOUNT, 'Bad_Name'))).toEqual({
      code: 'INPUT_INVALID',
      awsCode: 'InvalidBucketName',
    });
    expect(failure(() => w.s3.createBucket(ACCOUNT, '192.168.0.1'))).toMatchObject({ awsCode: 'InvalidBucketName' });
    expect(failure(() => w.s3.createBucket(ACCOUNT, BUCKET))).toEqual({
      code: 'IAM_ENTITY_ALREADY_EXISTS',
      awsCode: 'BucketAlreadyOwnedByYou',
    });
    expect(failure(() => w.s3.createBucket(OTHER_ACCOUNT, BUCKET))).toMatchObject({ awsCode: 'BucketAlreadyExists' });
    expect(failure(() => w.s3.createBucket('999999999999', 'fresh-name'))).toEqual({
      code: 'IAM_NO_SUCH_ENTITY',
      awsCode: 'NoSuchAccount',
    });
  });

  it(`stops at ${MAX_BUCKETS_PER_ACCOUNT} buckets per account`, () => {
    const w = s3World();
    for (let i = 1; i < MAX_BUCKETS_PER_ACCOUNT; i++) w.s3.createBucket(ACCOUNT, `bucket-${i}`);
    expect(failure(() => w.s3.createBucket(ACCOUNT, 'one-too-many'))).toEqual({
      code: 'IAM_LIMIT_EXCEEDED',
      awsCode: 'TooManyBuckets',
    });
  });
});

describe('bucket policies', () => {
  it('must name a Principal, and only this bucket or its objects as Resource', () => {
    const w = s3World();
    const noPrincipal = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` });
    expect(failure(() => w.s3.putBucketPolicy(BUCKET, noPrincipal))).toMatchObject({
      code: 'POLICY_MALFORMED',
      awsCode: 'MalformedPolicy',
      line: 4,
    });
    const elsewhere = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::other-bucket/*',
    });
    expect(failure(() => w.s3.putBucketPolicy(BUCKET, elsewhere))).toMatchObject({ awsCode: 'MalformedPolicy' });
    expect(w.s3.getBucket(BUCKET)?.policyText).toBeUndefined();
  });

  it('can be replaced and deleted', () => {
    const w = s3World();
    const text = policy({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(w.s3.putBucketPolicy(BUCKET, text).policyText).toBe(text);
    expect(w.s3.deleteBucketPolicy(BUCKET).policy).toBeUndefined();
  });
});

describe('putObjectDirect', () => {
  it('stores text and bytes with an MD5 ETag, in key order', () => {
    const w = s3World();
    w.s3.putObjectDirect(BUCKET, 'b.bin', new Uint8Array([1, 2, 3]));
    const a = w.s3.putObjectDirect(BUCKET, 'a.txt', 'hello', { contentType: 'text/plain' });
    expect(a).toMatchObject({
      key: 'a.txt',
      size: 5,
      etag: '"5d41402abc4b2a76b9719d911017c592"',
      contentType: 'text/plain',
    });
    expect(w.s3.getBucket(BUCKET)?.objects.map((o) => o.key)).toEqual(['a.txt', 'b.bin']);
  });

  it('refuses a missing bucket and an over-long key', () => {
    const w = s3World();
    expect(failure(() => w.s3.putObjectDirect('nope-bucket', 'k', 'v'))).toEqual({
      code: 'IAM_NO_SUCH_ENTITY',
      awsCode: 'NoSuchBucket',
    });
    expect(failure(() => w.s3.putObjectDirect(BUCKET, 'k'.repeat(MAX_KEY_BYTES + 1), 'v'))).toMatchObject({
      awsCode: 'KeyTooLongError',
    });
  });
});

/**
 * createS3: the small S3 of a world, over its IAM. Buckets belong to IAM
 * accounts and live in the S3's one region; requests are SigV4-verified
 * against IAM's credential store and authorized with the policy engine;
 * every call is recorded in the event log as CloudTrail.
 */
import {
  type BucketState,
  bucketView,
  createBucket,
  requireBucket,
  type S3Deps,
  setBucketPolicy,
  storeObject,
} from './buckets.js';
import { handleS3Request } from './handle-request.js';
import type { S3, S3Authorization, S3Options } from './types.js';

function toBytes(body: string | Uint8Array): Uint8Array {
  if (typeof body === 'string') return new Uint8Array(Buffer.from(body, 'utf8'));
  if (body instanceof Uint8Array) return body;
  throw new TypeError('putObjectDirect: body must be a string or a Uint8Array');
}

function byName(a: BucketState, b: BucketState): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Create the S3 of a world.
 * @example
 * const s3 = createS3({ iam, clock, ids, log, region: 'us-west-2' });
 * s3.createBucket('111122223333', 'billing-reports', { policy: bucketPolicyJson });
 * network.addHost('s3.us-west-2.amazonaws.com', s3Handlers(s3));
 */
export function createS3(options: S3Options): S3 {
  if (typeof options.region !== 'string' || !/^[a-z0-9-]+$/.test(options.region))
    throw new TypeError('createS3: region must be a region name such as us-west-2');
  const deps: S3Deps = {
    iam: options.iam,
    clock: options.clock,
    requestClock: options.requestClock ?? options.clock,
    ids: options.ids,
    log: options.log,
    region: options.region,
    buckets: new Map(),
  };
  let last: S3Authorization | undefined;
  return {
    region: deps.region,
    createBucket: (accountId, name, bucketOptions = {}) =>
      bucketView(createBucket(deps, accountId, name, bucketOptions.policy)),
    putBucketPolicy: (bucket, policyText) => {
      if (typeof policyText !== 'string') throw new TypeError('putBucketPolicy: policyText must be a string');
      return bucketView(setBucketPolicy(deps, bucket, policyText));
    },
    deleteBucketPolicy: (bucket) => bucketView(setBucketPolicy(deps, bucket, undefined)),
    putObjectDirect: (bucket, key, body, objectOptions = {}) =>
      storeObject(
        deps,
        requireBucket(deps, bucket),
        key,
        toBytes(body),
        objectOptions.contentType ?? 'application/octet-stream',
      ),
    getBucket: (name) => {
      const bucket = deps.buckets.get(name);
      return bucket && bucketView(bucket);
    },
    listBuckets: (accountId) =>
      [...deps.buckets.values()]
        .filter((b) => accountId === undefined || b.accountId === accountId)
        .sort(byName)
        .map(bucketView),
    handle: (request) =>
      handleS3Request(deps, request, (decision) => {
        last = decision;
      }),
    lastDecision: () => last,
  };
}

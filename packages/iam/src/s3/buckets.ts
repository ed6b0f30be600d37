/**
 * The S3 state of a world (buckets, their policies and objects) and the
 * set-up operations a scenario uses without any request: createBucket,
 * putBucketPolicy, putObjectDirect. Bucket names follow the S3 naming rules
 * and are global across accounts; every store has a limit, named in its error.
 */
import { createHash } from 'node:crypto';
import { type Clock, type EventLog, type IdMaker, isSimError } from '@irsa-lab/core';
import { bucketArn } from '../iam/arn.js';
import type { Iam } from '../iam/types.js';
import { globMatch } from '../policy/glob.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/types.js';
import { s3SetupError } from './errors.js';
import type { Bucket, S3Object } from './types.js';

/** Buckets one account may own (the long-standing S3 default quota). */
export const MAX_BUCKETS_PER_ACCOUNT = 100;
/** Largest object accepted, in bytes: 5 MiB, a simulation limit (real S3 takes 5 GiB in one PUT). */
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024;
/** Longest object key, in UTF-8 bytes (as S3). */
export const MAX_KEY_BYTES = 1024;

/** One bucket's mutable state. */
export interface BucketState {
  readonly name: string;
  readonly accountId: string;
  readonly createdAtMs: number;
  policyText?: string;
  policy?: Policy;
  readonly objects: Map<string, S3Object>;
}

/** What the S3 operations share. */
export interface S3Deps {
  readonly iam: Iam;
  readonly clock: Clock;
  readonly requestClock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly region: string;
  readonly buckets: Map<string, BucketState>;
}

/** Why `name` is not a valid bucket name, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'may hold only lower-case letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name))
    return 'uses a prefix or suffix S3 reserves';
  return undefined;
}

/** The bucket, or a NoSuchBucket SimError. */
export function requireBucket(deps: S3Deps, name: string): BucketState {
  const bucket = deps.buckets.get(name);
  if (!bucket) throw s3SetupError('NoSuchBucket', `The bucket ${name} does not exist.`, { field: 'bucket' });
  return bucket;
}

/** A snapshot of a bucket, objects in key order. */
export function bucketView(state: BucketState): Bucket {
  return Object.freeze({
    name: state.name,
    accountId: state.accountId,
    arn: bucketArn(state.name),
    createdAtMs: state.createdAtMs,
    ...(state.policyText === undefined ? {} : { policyText: state.policyText, policy: state.policy }),
    objects: sortedKeys(state).map((key) => state.objects.get(key) as S3Object),
  });
}

/** The bucket's keys in S3's order (UTF-8 binary). */
export function sortedKeys(state: BucketState): string[] {
  return [...state.objects.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function policyResourceProblem(policy: Policy, bucket: string): string | undefined {
  for (const statement of policy.statements) {
    const resources = statement.resource ?? statement.notResource;
    if (!resources) return `Statement ${statement.index} has no Resource.`;
    for (const resource of resources) {
      const named = /^arn:aws:s3:::([^/]*)/.exec(resource)?.[1];
      if (resource !== '*' && (named === undefined || !globMatch(named, bucket)))
        return `Policy has invalid resource: ${resource} is not ${bucketArn(bucket)} or an object in it.`;
    }
  }
  return undefined;
}

/** Parse a bucket policy (a resource policy) and check it only names this bucket. */
export function parseBucketPolicy(bucket: string, text: string): Policy {
  const name = `bucket policy of ${bucket}`;
  let policy: Policy;
  try {
    policy = parsePolicy(text, { name, kind: 'resource' });
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw s3SetupError('MalformedPolicy', err.message, { ...err.detail, policy: name }, err);
  }
  const problem = policyResourceProblem(policy, bucket);
  if (problem) throw s3SetupError('MalformedPolicy', problem, { policy: name, field: 'Resource' });
  return policy;
}

/** Create a bucket owned by `accountId`. */
export function createBucket(deps: S3Deps, accountId: string, name: string, policyText?: string): BucketState {
  if (!deps.iam.getAccount(accountId))
    throw s3SetupError('NoSuchAccount', `The account ${accountId} does not exist.`, { field: 'accountId' });
  const problem = bucketNameProblem(name);
  if (problem)
    throw s3SetupError('InvalidBucketName', `The bucket name ${JSON.stringify(name)} ${problem}.`, { field: 'name' });
  const existing = deps.buckets.get(name);
  if (existing?.accountId === accountId)
    throw s3SetupError('BucketAlreadyOwnedByYou', `The account ${accountId} already owns the bucket ${name}.`);
  if (existing) throw s3SetupError('BucketAlreadyExists', `The bucket name ${name} is taken: bucket names are global.`);
  const owned = [...deps.buckets.values()].filter((b) => b.accountId === accountId).length;
  if (owned >= MAX_BUCKETS_PER_ACCOUNT)
    throw s3SetupError('TooManyBuckets', `The account ${accountId} already owns ${owned} buckets.`, {
      limit: `${MAX_BUCKETS_PER_ACCOUNT} buckets per account`,
    });
  const policy = policyText === undefined ? undefined : parseBucketPolicy(name, policyText);
  const state: BucketState = {
    name,
    accountId,
    createdAtMs: deps.clock.nowMs(),
    ...(policy === undefined ? {} : { policyText, policy }),
    objects: new Map(),
  };
  deps.buckets.set(name, state);
  deps.log.append('s3.bucket-created', 's3', `bucket ${name} created in account ${accountId}`, {
    bucket: name,
    accountId,
  });
  return state;
}

/** Replace (or with `undefined`, delete) the bucket policy. */
export function setBucketPolicy(deps: S3Deps, name: string, policyText: string | undefined): BucketState {
  const bucket = requireBucket(deps, name);
  if (policyText === undefined) {
    delete bucket.policyText;
    delete bucket.policy;
  } else {
    bucket.policy = parseBucketPolicy(name, policyText);
    bucket.policyText = policyText;
  }
  const verb = policyText === undefined ? 'deleted' : 'set';
  deps.log.append('s3.bucket-policy-changed', 's3', `bucket policy of ${name} ${verb}`, { bucket: name });
  return bucket;
}

/** Store an object (after whatever checks the caller made); over-long keys and bodies throw. */
export function storeObject(
  deps: S3Deps,
  bucket: BucketState,
  key: string,
  body: Uint8Array,
  contentType: string,
): S3Object {
  if (typeof key !== 'string' || key === '') throw new TypeError('putObject: key must be a non-empty string');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw s3SetupError('KeyTooLongError', `The key is longer than ${MAX_KEY_BYTES} bytes.`, {
      limit: `${MAX_KEY_BYTES} bytes per key`,
    });
  if (body.byteLength > MAX_OBJECT_BYTES)
    throw s3SetupError('EntityTooLarge', `The object has ${body.byteLength} bytes.`, {
      limit: `${MAX_OBJECT_BYTES} bytes per object`,
    });
  const object: S3Object = Object.freeze({
    key,
    body: new Uint8Array(body),
    size: body.byteLength,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    contentType,
    lastModifiedMs: deps.clock.nowMs(),
  });
  bucket.objects.set(key, object);
  return object;
}

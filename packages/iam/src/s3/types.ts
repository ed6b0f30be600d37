/**
 * Public types of the small S3: buckets and objects, the wire error S3
 * sends in its `<Error>` body, the authorization decision (identity policies
 * of the caller's role, the bucket policy, and how the two combine) and the
 * outcome of one HTTP request, which the app renders to explain it.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import type { Iam } from '../iam/types.js';
import type { EvaluationResult, Policy } from '../policy/types.js';

/** What createS3 needs. */
export interface S3Options {
  readonly iam: Iam;
  /** Simulated time: object timestamps, session expiry, aws:CurrentTime, CloudTrail. */
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  /** The one region this S3 serves (every bucket lives there). */
  readonly region: string;
  /** The clock X-Amz-Date is compared with (15 minutes of skew) and the `Date` header; default `clock`. A real SDK signs with the wall clock. */
  readonly requestClock?: Clock;
}

/** A wire error as S3 sends it: `<Error><Code/><Message/>...<RequestId/><HostId/></Error>` with this HTTP status. */
export interface S3Error {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** The extra elements S3 puts in the body for this error (`BucketName`, `Key`, `AWSAccessKeyId` ...), in order. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The S3 operations this simulation serves. */
export type S3Operation = 'ListBuckets' | 'ListObjectsV2' | 'GetObject' | 'HeadObject' | 'PutObject';

/** One stored object. */
export interface S3Object {
  readonly key: string;
  readonly body: Uint8Array;
  readonly size: number;
  /** `"<md5 hex>"`, quotes included, as S3 sends it. */
  readonly etag: string;
  readonly contentType: string;
  readonly lastModifiedMs: number;
}

/** A bucket as the set-up API and the app see it (a snapshot). */
export interface Bucket {
  readonly name: string;
  /** The owning account. */
  readonly accountId: string;
  /** `arn:aws:s3:::<name>` */
  readonly arn: string;
  readonly createdAtMs: number;
  /** The bucket policy text as given, if any. */
  readonly policyText?: string;
  /** The bucket policy, parsed as a resource policy. */
  readonly policy?: Policy;
  /** The objects, in key order. */
  readonly objects: readonly S3Object[];
}

/** createBucket options. */
export interface CreateBucketOptions {
  /** Bucket policy JSON (a resource policy: every statement names a Principal). */
  readonly policy?: string;
}

/** putObjectDirect options. */
export interface PutObjectDirectOptions {
  /** Default `application/octet-stream`. */
  readonly contentType?: string;
}

/**
 * How the caller relates to the bucket, which decides how the policies combine:
 * same account, either an identity policy or the bucket policy may allow;
 * cross-account, both must; anonymous, only the bucket policy counts.
 */
export type S3CallerRelation = 'same-account' | 'cross-account' | 'anonymous';

/** An authorization decision with every policy's trace. */
export interface S3Authorization {
  readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** `s3:GetObject`, `s3:ListBucket` ... */
  readonly action: string;
  /** `arn:aws:s3:::bucket/key`, `arn:aws:s3:::bucket`, or `*` for ListAllMyBuckets. */
  readonly resource: string;
  /** The caller as the bucket policy's Principal sees it; absent for an anonymous request. */
  readonly principal?: { readonly type: 'AWS'; readonly id: string };
  readonly relation: S3CallerRelation;
  /** The caller role's inline policies (absent for anonymous callers). */
  readonly identity?: EvaluationResult;
  /** The session policy passed to AssumeRole*, when there was one: it can only narrow the role's permissions. */
  readonly sessionPolicy?: EvaluationResult;
  /** The bucket policy (absent when the bucket has none, and for ListBuckets). */
  readonly bucketPolicy?: EvaluationResult;
  /** The condition keys the request carried. */
  readonly context: Readonly<Record<string, string>>;
  /** One or two sentences a learner can read. */
  readonly reason: string;
}

/** What one HTTP request to S3 came to. */
export interface S3Outcome {
  /** Undefined when the request named no operation this S3 serves. */
  readonly operation?: S3Operation;
  readonly bucket?: string;
  readonly key?: string;
  /** `x-amz-request-id` (16 upper-case hex characters). */
  readonly requestId: string;
  /** `x-amz-id-2`. */
  readonly hostId: string;
  readonly status: number;
  readonly error?: S3Error;
  /** Who signed, when a known key did (even if the request then failed). */
  readonly principalArn?: string;
  /** The authorization decision, when the request got that far. */
  readonly authorization?: S3Authorization;
  /**
   * GetObject/HeadObject of a missing key: the s3:ListBucket check that chose
   * NoSuchKey (allowed) over AccessDenied (denied), as S3 does.
   */
  readonly listBucketCheck?: S3Authorization;
  /** The HTTP response (read its body once). */
  readonly response: Response;
}

/** The small S3 of a world. */
export interface S3 {
  readonly region: string;
  /** Create a bucket owned by `accountId` (an account of the IAM). */
  createBucket(accountId: string, name: string, options?: CreateBucketOptions): Bucket;
  /** Set (replace) the bucket policy. */
  putBucketPolicy(bucket: string, policyText: string): Bucket;
  deleteBucketPolicy(bucket: string): Bucket;
  /** Store an object without any request, signature or policy (scenario set-up). */
  putObjectDirect(bucket: string, key: string, body: string | Uint8Array, options?: PutObjectDirectOptions): S3Object;
  getBucket(name: string): Bucket | undefined;
  /** Every bucket, or those of one account, by name. */
  listBuckets(accountId?: string): readonly Bucket[];
  /** Answer one HTTP request (what the msw handlers call). */
  handle(request: Request): Promise<S3Outcome>;
  /** The authorization decision of the most recent request that reached one. */
  lastDecision(): S3Authorization | undefined;
}

/**
 * The small S3: buckets with bucket policies, SigV4-verified ListBuckets,
 * ListObjectsV2, GetObject, HeadObject and PutObject in path and
 * virtual-hosted style, authorized with the policy engine (identity
 * policies of the caller's role plus the bucket policy), and CloudTrail
 * data events carrying the decision trace.
 */

export type { Authentication, S3Caller } from './authenticate.js';
export { MAX_REQUEST_SKEW_MS } from './authenticate.js';
export type { AuthorizeInput } from './authorize.js';
export { authorizeS3 } from './authorize.js';
export { MAX_BUCKETS_PER_ACCOUNT, MAX_KEY_BYTES, MAX_OBJECT_BYTES } from './buckets.js';
export { createS3 } from './create-s3.js';
export type { S3SetupErrorCode } from './errors.js';
export { s3Errors } from './errors.js';
export type { S3HandlerOptions } from './handlers.js';
export { s3Handlers } from './handlers.js';
export { MAX_LIST_KEYS } from './list-objects.js';
export { parseS3Host } from './route.js';
export type {
  Bucket,
  CreateBucketOptions,
  PutObjectDirectOptions,
  S3,
  S3Authorization,
  S3CallerRelation,
  S3Error,
  S3Object,
  S3Operation,
  S3Options,
  S3Outcome,
} from './types.js';
export { S3_XMLNS } from './xml.js';

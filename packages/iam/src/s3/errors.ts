/**
 * Every S3 wire error this simulation sends, with its HTTP status, the
 * message S3 writes and the extra elements it adds to the `<Error>` body.
 * Codes, statuses and messages follow the S3 API reference's error table;
 * texts marked [UNCONFIRMED] are modelled on it, not captured. Also the
 * SimError raised by the set-up API (createBucket, putObjectDirect ...): the
 * S3 code rides in `detail.awsCode`, as IAM's errors do.
 */
import { SimError, type SimErrorCode, type SimErrorDetail } from '@irsa-lab/core';
import type { S3Error } from './types.js';

function error(code: string, status: number, message: string, extra?: Record<string, string>): S3Error {
  return extra === undefined ? { code, status, message } : { code, status, message, extra };
}

/** The wire errors of S3, by situation. */
export const s3Errors = {
  accessDenied: () => error('AccessDenied', 403, 'Access Denied'),
  noSuchBucket: (bucket: string) =>
    error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  invalidAccessKeyId: (accessKeyId: string) =>
    error('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId,
    }),
  signatureDoesNotMatch: (accessKeyId: string) =>
    error(
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: accessKeyId },
    ),
  expiredToken: (token: string) => error('ExpiredToken', 400, 'The provided token has expired.', { 'Token-0': token }),
  invalidToken: (token: string) =>
    error('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.', { 'Token-0': token }),
  requestTimeTooSkewed: (requestTime: string, serverTime: string, maxSkewMs: number) =>
    error('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
      RequestTime: requestTime,
      ServerTime: serverTime,
      MaxAllowedSkewMilliseconds: String(maxSkewMs),
    }),
  /** `detail` completes `The authorization header is malformed; ...`. */
  authorizationHeaderMalformed: (detail: string, extra?: Record<string, string>) =>
    error('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${detail}`, extra),
  missingDate: () => error('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header'),
  missingContentSha256: () =>
    error('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256'),
  badContentSha256: () =>
    error(
      'InvalidArgument',
      400,
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      { ArgumentName: 'x-amz-content-sha256' },
    ),
  contentSha256Mismatch: (claimed: string, computed: string) =>
    error(
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      {
        ClientComputedContentSHA256: claimed,
        S3ComputedContentSHA256: computed,
      },
    ),
  entityTooLarge: (proposedBytes: number, maxBytes: number) =>
    error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: String(proposedBytes),
      MaxSizeAllowed: String(maxBytes),
    }),
  keyTooLong: (maxBytes: number) =>
    error('KeyTooLongError', 400, 'Your key is too long', { MaxSizeAllowed: String(maxBytes) }),
  methodNotAllowed: (method: string, resourceType: 'SERVICE' | 'BUCKET' | 'OBJECT') =>
    error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
      Method: method,
      ResourceType: resourceType,
    }),
  /** A feature S3 has but this simulation does not (presigned URLs, aws-chunked uploads, subresources). */
  notImplemented: (what: string) =>
    error('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', {
      Header: what,
    }),
  invalidUri: () => error('InvalidURI', 400, "Couldn't parse the specified URI."),
  invalidArgument: (message: string, name: string, value: string) =>
    error('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value }),
} as const;

/** The S3 codes the set-up API raises. */
export type S3SetupErrorCode =
  | 'InvalidBucketName'
  | 'BucketAlreadyExists'
  | 'BucketAlreadyOwnedByYou'
  | 'TooManyBuckets'
  | 'NoSuchBucket'
  | 'NoSuchAccount'
  | 'KeyTooLongError'
  | 'EntityTooLarge'
  | 'MalformedPolicy';

// world's SimErrorCode has no S3 codes; the nearest IAM/input ones stand in and awsCode says which.
const SIM_CODE: Readonly<Record<S3SetupErrorCode, SimErrorCode>> = {
  InvalidBucketName: 'INPUT_INVALID',
  BucketAlreadyExists: 'IAM_ENTITY_ALREADY_EXISTS',
  BucketAlreadyOwnedByYou: 'IAM_ENTITY_ALREADY_EXISTS',
  TooManyBuckets: 'IAM_LIMIT_EXCEEDED',
  NoSuchBucket: 'IAM_NO_SUCH_ENTITY',
  NoSuchAccount: 'IAM_NO_SUCH_ENTITY',
  KeyTooLongError: 'IAM_LIMIT_EXCEEDED',
  EntityTooLarge: 'IAM_LIMIT_EXCEEDED',
  MalformedPolicy: 'POLICY_MALFORMED',
};

/** A SimError for a failed set-up call; `detail.awsCode` holds the S3 code. */
export function s3SetupError(
  awsCode: S3SetupErrorCode,
  message: string,
  detail: SimErrorDetail = {},
  cause?: unknown,
): SimError {
  return new SimError(SIM_CODE[awsCode], message, { ...detail, awsCode }, cause === undefined ? undefined : { cause });
}

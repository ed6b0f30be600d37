/**
 * The S3 operations, run once the caller is authenticated and allowed:
 * ListBuckets, ListObjectsV2, GetObject, HeadObject, PutObject. Each says
 * which action and resource it needs (`planAuthorization`) and then builds
 * its response. GetObject of a missing key answers NoSuchKey only when the
 * caller may also list the bucket (s3:ListBucket), else AccessDenied, so
 * that a caller cannot probe which keys exist: S3's documented behaviour.
 */
import { createHash } from 'node:crypto';
import { bucketArn, objectArn } from '../iam/arn.js';
import { type BucketState, MAX_KEY_BYTES, type S3Deps, sortedKeys, storeObject } from './buckets.js';
import { s3Errors } from './errors.js';
import { listPage, parseListParams } from './list-objects.js';
import { commonHeaders, type ResponseIds, xmlResponse } from './responses.js';
import type { S3Route } from './route.js';
import type { S3Authorization, S3Error, S3Object } from './types.js';
import { listAllMyBucketsXml, listBucketResultXml } from './xml.js';

/** What an operation needs permission for. */
export interface AuthorizationPlan {
  readonly action: string;
  readonly resource: string;
  /** The operation's `s3:` condition keys. */
  readonly keys: Readonly<Record<string, string>>;
}

/** An allowed operation's input. */
export interface OperationInput {
  readonly deps: S3Deps;
  readonly route: S3Route;
  readonly bucket?: BucketState;
  /** The caller's account (ListBuckets lists its buckets). */
  readonly accountId?: string;
  readonly body: Uint8Array;
  readonly contentType: string | null;
  readonly ids: ResponseIds;
  /** Authorize a further action with the same caller and context (GetObject's s3:ListBucket check). */
  readonly authorize: (plan: AuthorizationPlan) => S3Authorization;
}

/** An operation's result. */
export type OperationResult =
  | { readonly ok: true; readonly response: Response; readonly bytesOut: number }
  | { readonly ok: false; readonly error: S3Error; readonly listBucketCheck?: S3Authorization };

const HEADER_KEYS = ['x-amz-acl', 'x-amz-server-side-encryption', 'x-amz-storage-class'];

/** The `s3:` keys of a ListObjectsV2 request: the parameters it was sent with. */
function listKeys(query: URLSearchParams): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const name of ['prefix', 'max-keys', 'delimiter']) {
    const value = query.get(name);
    if (value !== null) keys[`s3:${name}`] = value;
  }
  return keys;
}

/** The action, resource and condition keys `route` needs. */
export function planAuthorization(route: S3Route, request: Request): AuthorizationPlan {
  const bucket = route.bucket ?? '';
  const key = route.key ?? '';
  switch (route.operation) {
    case 'ListBuckets':
      return { action: 's3:ListAllMyBuckets', resource: bucketArn('*'), keys: {} };
    case 'ListObjectsV2':
      return { action: 's3:ListBucket', resource: bucketArn(bucket), keys: listKeys(route.query) };
    case 'GetObject':
    case 'HeadObject':
      return { action: 's3:GetObject', resource: objectArn(bucket, key), keys: {} };
    case 'PutObject': {
      const keys: Record<string, string> = {};
      for (const name of HEADER_KEYS) {
        const value = request.headers.get(name);
        if (value !== null) keys[`s3:${name}`] = value;
      }
      return { action: 's3:PutObject', resource: objectArn(bucket, key), keys };
    }
  }
}

/** A stable 64-hex canonical user id per account (S3's owner id). */
function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`irsa-lab canonical user ${accountId}`).digest('hex');
}

function objectHeaders(object: S3Object, ids: ResponseIds): Record<string, string> {
  return {
    ...commonHeaders(ids),
    'content-type': object.contentType,
    'content-length': String(object.size),
    etag: object.etag,
    'last-modified': new Date(object.lastModifiedMs).toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
}

function getObject(input: OperationInput, head: boolean): OperationResult {
  const bucket = input.bucket as BucketState;
  const key = input.route.key as string;
  const object = bucket.objects.get(key);
  if (!object) {
    const check = input.authorize({ action: 's3:ListBucket', resource: bucketArn(bucket.name), keys: {} });
    const error = check.decision === 'Allow' ? s3Errors.noSuchKey(key) : s3Errors.accessDenied();
    return { ok: false, error, listBucketCheck: check };
  }
  const headers = objectHeaders(object, input.ids);
  const body = head ? null : new Uint8Array(object.body);
  return { ok: true, response: new Response(body, { status: 200, headers }), bytesOut: head ? 0 : object.size };
}

function putObject(input: OperationInput): OperationResult {
  const bucket = input.bucket as BucketState;
  const key = input.route.key as string;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return { ok: false, error: s3Errors.keyTooLong(MAX_KEY_BYTES) };
  const object = storeObject(input.deps, bucket, key, input.body, input.contentType ?? 'binary/octet-stream');
  const headers = { ...commonHeaders(input.ids), etag: object.etag, 'x-amz-server-side-encryption': 'AES256' };
  return { ok: true, response: new Response(null, { status: 200, headers }), bytesOut: 0 };
}

function listObjectsV2(input: OperationInput): OperationResult {
  const bucket = input.bucket as BucketState;
  const params = parseListParams(input.route.query);
  if ('code' in params) return { ok: false, error: params };
  const objects = sortedKeys(bucket).map((key) => bucket.objects.get(key) as S3Object);
  const page = listPage(objects, params);
  const xml = listBucketResultXml({ bucket: bucket.name, ...params, ...page });
  return { ok: true, response: xmlResponse(xml, input.ids), bytesOut: Buffer.byteLength(xml) };
}

function listBuckets(input: OperationInput): OperationResult {
  const accountId = input.accountId ?? '';
  const owned = [...input.deps.buckets.values()]
    .filter((b) => b.accountId === accountId)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const xml = listAllMyBucketsXml(owned, canonicalUserId(accountId));
  return { ok: true, response: xmlResponse(xml, input.ids), bytesOut: Buffer.byteLength(xml) };
}

/** Run the (allowed) operation `input.route` names. */
export function runOperation(input: OperationInput): OperationResult {
  switch (input.route.operation) {
    case 'ListBuckets':
      return listBuckets(input);
    case 'ListObjectsV2':
      return listObjectsV2(input);
    case 'GetObject':
      return getObject(input, false);
    case 'HeadObject':
      return getObject(input, true);
    case 'PutObject':
      return putObject(input);
  }
}

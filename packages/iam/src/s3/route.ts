/**
 * Which S3 operation a request asks for, and on which bucket and key. Both
 * addressing styles: path style (`s3.<region>.amazonaws.com/<bucket>/<key>`,
 * also the global `s3.amazonaws.com` and any custom origin such as a
 * loopback endpoint) and virtual-hosted style (`<bucket>.s3.<region>.amazonaws.com/<key>`).
 * The key is the URL path with its percent-encoding undone once: S3 signs
 * and addresses keys encoded exactly once.
 */
import { s3Errors } from './errors.js';
import type { S3Error, S3Operation } from './types.js';

/** Where a request goes. */
export interface S3Route {
  readonly operation: S3Operation;
  readonly bucket?: string;
  readonly key?: string;
  readonly style: 'path' | 'virtual-hosted';
  /** The Host the client used. */
  readonly host: string;
  readonly query: URLSearchParams;
}

const AWS_HOST = /^(?:(.+)\.)?s3(?:\.([a-z0-9-]+))?\.amazonaws\.com$/;

/** Sub-resources S3 has and this simulation does not serve (`?acl`, `?policy`, `?uploads` ...). */
const SUBRESOURCES = [
  'acl',
  'accelerate',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'partNumber',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
];

/** The bucket (virtual-hosted style) and region an AWS S3 host name names, or undefined for another host. */
export function parseS3Host(hostname: string): { bucket?: string; region: string } | undefined {
  const m = AWS_HOST.exec(hostname.toLowerCase());
  if (!m) return undefined;
  const region = m[2] ?? 'us-east-1';
  return m[1] === undefined ? { region } : { bucket: m[1], region };
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function operationOf(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: URLSearchParams,
): S3Operation | S3Error {
  const sub = SUBRESOURCES.find((name) => query.has(name));
  if (sub !== undefined) return s3Errors.notImplemented(`?${sub}`);
  if (bucket === undefined) return method === 'GET' ? 'ListBuckets' : s3Errors.methodNotAllowed(method, 'SERVICE');
  if (key === undefined) {
    if (method !== 'GET') return s3Errors.methodNotAllowed(method, 'BUCKET');
    return query.get('list-type') === '2' ? 'ListObjectsV2' : s3Errors.notImplemented('ListObjects (version 1)');
  }
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'PUT') return 'PutObject';
  return s3Errors.methodNotAllowed(method, 'OBJECT');
}

/** Route `request`; an S3Error when the URL cannot be parsed or names nothing this S3 serves. */
export function routeRequest(request: Request): S3Route | S3Error {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const aws = parseS3Host(url.hostname);
  let bucket: string | undefined = aws?.bucket;
  let rawKey: string;
  if (bucket === undefined) {
    const [first = '', ...rest] = url.pathname.slice(1).split('/');
    const decoded = decode(first);
    if (decoded === undefined) return s3Errors.invalidUri();
    bucket = decoded === '' ? undefined : decoded;
    rawKey = rest.join('/');
  } else {
    rawKey = url.pathname.slice(1);
  }
  const key = decode(rawKey);
  if (key === undefined) return s3Errors.invalidUri();
  const operation = operationOf(method, bucket, key === '' ? undefined : key, url.searchParams);
  if (typeof operation !== 'string') return operation;
  return {
    operation,
    ...(bucket === undefined ? {} : { bucket }),
    ...(key === '' ? {} : { key }),
    style: aws?.bucket === undefined ? 'path' : 'virtual-hosted',
    host: request.headers.get('host') ?? url.host,
    query: url.searchParams,
  };
}

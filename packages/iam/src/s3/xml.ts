/**
 * The XML bodies S3 answers with, built with fast-xml-parser's XMLBuilder
 * (which escapes every value): `ListAllMyBucketsResult`, ListObjectsV2's
 * `ListBucketResult`, and the `<Error>` body (no namespace, as S3 sends
 * it). Element order follows the samples in the S3 API reference.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { S3Error, S3Object } from './types.js';

/** The S3 XML namespace. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });

function build(root: string, body: Record<string, unknown>): string {
  return DECLARATION + builder.build({ [root]: body });
}

/** S3 writes LastModified and CreationDate with milliseconds. */
function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** `<Error><Code/><Message/>...extra...<RequestId/><HostId/></Error>` */
export function errorXml(error: S3Error, requestId: string, hostId: string): string {
  return build('Error', {
    Code: error.code,
    Message: error.message,
    ...error.extra,
    RequestId: requestId,
    HostId: hostId,
  });
}

/** ListBuckets: the caller account's buckets. */
export function listAllMyBucketsXml(
  buckets: readonly { readonly name: string; readonly createdAtMs: number }[],
  ownerId: string,
): string {
  return build('ListAllMyBucketsResult', {
    '@_xmlns': S3_XMLNS,
    Owner: { ID: ownerId },
    Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: isoMillis(b.createdAtMs) })) },
  });
}

/** What a ListObjectsV2 page says. */
export interface ListBucketResultInput {
  readonly bucket: string;
  readonly prefix: string;
  readonly delimiter?: string;
  readonly maxKeys: number;
  readonly startAfter?: string;
  readonly continuationToken?: string;
  readonly encodingType?: 'url';
  readonly contents: readonly S3Object[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

/** ListObjectsV2's `ListBucketResult`; with encoding-type=url, keys and prefixes are percent-encoded. */
export function listBucketResultXml(page: ListBucketResultInput): string {
  const enc = (text: string) => (page.encodingType === 'url' ? encodeURIComponent(text) : text);
  const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });
  return build('ListBucketResult', {
    '@_xmlns': S3_XMLNS,
    Name: page.bucket,
    Prefix: enc(page.prefix),
    ...optional('Delimiter', page.delimiter === undefined ? undefined : enc(page.delimiter)),
    MaxKeys: String(page.maxKeys),
    ...optional('EncodingType', page.encodingType),
    KeyCount: String(page.contents.length + page.commonPrefixes.length),
    IsTruncated: String(page.isTruncated),
    ...optional('ContinuationToken', page.continuationToken),
    ...optional('NextContinuationToken', page.nextContinuationToken),
    ...optional('StartAfter', page.startAfter === undefined ? undefined : enc(page.startAfter)),
    Contents: page.contents.map((o) => ({
      Key: enc(o.key),
      LastModified: isoMillis(o.lastModifiedMs),
      ETag: o.etag,
      Size: String(o.size),
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

/**
 * The HTTP side of S3 answers: the headers every response carries
 * (`x-amz-request-id`, `x-amz-id-2`, `Date` from the request clock, which
 * the SDKs use to correct their clock skew), error responses with the
 * `<Error>` XML body (none for HEAD, as S3), and reading a request body as
 * bytes with a size limit.
 */
import { HttpResponse } from 'msw';
import type { S3Error } from './types.js';
import { errorXml } from './xml.js';

/** The ids one request is answered with. */
export interface ResponseIds {
  readonly requestId: string;
  readonly hostId: string;
  /** The `Date` header's time, epoch ms. */
  readonly dateMs: number;
}

/** Headers on every S3 response. */
export function commonHeaders(ids: ResponseIds): Record<string, string> {
  return {
    'x-amz-request-id': ids.requestId,
    'x-amz-id-2': ids.hostId,
    date: new Date(ids.dateMs).toUTCString(),
    server: 'AmazonS3',
  };
}

/** An XML 200 response. */
export function xmlResponse(xml: string, ids: ResponseIds): Response {
  return HttpResponse.text(xml, {
    status: 200,
    headers: {
      ...commonHeaders(ids),
      'content-type': 'application/xml',
      'content-length': String(Buffer.byteLength(xml)),
    },
  });
}

/** The wire error, with its `<Error>` body unless the request was a HEAD. */
export function errorResponse(error: S3Error, ids: ResponseIds, head: boolean): Response {
  const headers = { ...commonHeaders(ids), 'content-type': 'application/xml' };
  if (head) return new Response(null, { status: error.status, headers });
  const body = errorXml(error, ids.requestId, ids.hostId);
  return HttpResponse.text(body, {
    status: error.status,
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
  });
}

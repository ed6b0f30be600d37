/**
 * ListObjectsV2 paging: keys in UTF-8 binary order, filtered by `prefix`,
 * rolled up into CommonPrefixes at `delimiter`, at most `max-keys` entries
 * (capped at 1000, as S3), resumed after `start-after` or a continuation
 * token. Tokens are opaque to clients (base64 of where the page ended), as
 * S3's are; one that does not decode is refused with InvalidArgument.
 */
import { s3Errors } from './errors.js';
import type { S3Error, S3Object } from './types.js';

/** The most keys one ListObjectsV2 page returns (and the default). */
export const MAX_LIST_KEYS = 1000;

/** ListObjectsV2 query parameters. */
export interface ListParams {
  readonly prefix: string;
  readonly delimiter?: string;
  readonly maxKeys: number;
  readonly startAfter?: string;
  readonly continuationToken?: string;
  readonly encodingType?: 'url';
}

/** One page. */
export interface ListPage {
  readonly contents: readonly S3Object[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

const TOKEN_TAG = 'irsa-lab-list:';

function encodeToken(kind: 'k' | 'p', value: string): string {
  return Buffer.from(`${TOKEN_TAG}${kind}:${value}`, 'utf8').toString('base64');
}

function decodeToken(token: string): { kind: 'k' | 'p'; value: string } | undefined {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_TAG)) return undefined;
  const kind = text.charAt(TOKEN_TAG.length);
  if ((kind !== 'k' && kind !== 'p') || text.charAt(TOKEN_TAG.length + 1) !== ':') return undefined;
  return { kind, value: text.slice(TOKEN_TAG.length + 2) };
}

/** Read and check the query of a ListObjectsV2 request. */
export function parseListParams(query: URLSearchParams): ListParams | S3Error {
  const rawMax = query.get('max-keys');
  const maxKeys = rawMax === null ? MAX_LIST_KEYS : Number(rawMax);
  if (rawMax !== null && (!/^\d+$/.test(rawMax) || !Number.isSafeInteger(maxKeys)))
    return s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', rawMax);
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url')
    return s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encoding);
  const token = query.get('continuation-token');
  if (token !== null && decodeToken(token) === undefined)
    return s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  const optional = {
    delimiter: query.get('delimiter') || undefined,
    startAfter: query.get('start-after') || undefined,
    continuationToken: token ?? undefined,
    encodingType: encoding === 'url' ? ('url' as const) : undefined,
  };
  return {
    prefix: query.get('prefix') ?? '',
    maxKeys: Math.min(maxKeys, MAX_LIST_KEYS),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function after(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) > 0;
}

/** One page of `objects` (already in key order). */
export function listPage(objects: readonly S3Object[], params: ListParams): ListPage {
  const resume = params.continuationToken === undefined ? undefined : decodeToken(params.continuationToken);
  const marker = resume?.value ?? params.startAfter;
  const contents: S3Object[] = [];
  const commonPrefixes: string[] = [];
  let last: { kind: 'k' | 'p'; value: string } | undefined;
  for (const object of objects) {
    const key = object.key;
    if (!key.startsWith(params.prefix)) continue;
    if (marker !== undefined && !after(key, marker)) continue;
    // a page that ended on a common prefix resumes past every key under it
    if (resume?.kind === 'p' && key.startsWith(resume.value)) continue;
    const cut = params.delimiter === undefined ? -1 : key.indexOf(params.delimiter, params.prefix.length);
    const rolledUp = cut === -1 ? undefined : key.slice(0, cut + (params.delimiter as string).length);
    if (rolledUp !== undefined && last?.kind === 'p' && last.value === rolledUp) continue;
    if (contents.length + commonPrefixes.length >= params.maxKeys) {
      return {
        contents,
        commonPrefixes,
        isTruncated: true,
        ...(last === undefined ? {} : { nextContinuationToken: encodeToken(last.kind, last.value) }),
      };
    }
    if (rolledUp === undefined) {
      contents.push(object);
      last = { kind: 'k', value: key };
    } else {
      commonPrefixes.push(rolledUp);
      last = { kind: 'p', value: rolledUp };
    }
  }
  return { contents, commonPrefixes, isTruncated: false };
}

/**
 * The pieces of SigV4 verification: parsing of the Authorization header and X-Amz-Date, the clock-skew
 * message AWS sends, and the recomputation of the expected signature with
 * @smithy/signature-v4 (the signer the AWS SDK itself uses) over exactly the
 * headers the client says it signed.
 */
import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@irsa-lab/core';
import { SignatureV4 } from '@smithy/signature-v4';
import type { StsError } from '../sts/types.js';

/** What a verifier needs to know about an access key. */
export interface SigV4Credential {
  readonly secretAccessKey: string;
  /** Required in X-Amz-Security-Token when set (temporary credentials). */
  readonly sessionToken?: string;
  /** When the credential stops working, simulated epoch ms. */
  readonly expirationMs?: number;
}

/** How to verify: the service, the clocks, the expected region, the allowed skew. */
export interface VerifySigV4Options {
  /** The signing name of the service (`sts`, `s3`). */
  readonly service: string;
  /** Simulated now, for credential expiry. */
  readonly nowMs: number;
  /** The clock X-Amz-Date is compared with (default `nowMs`). */
  readonly requestNowMs?: number;
  /** The region the credential scope must name, when the endpoint says (omitted: any). */
  readonly region?: string;
  /** Allowed request time skew; default 15 minutes. */
  readonly maxSkewMs?: number;
}

/** Why a signed request was refused, for services that map it to their own errors. */
export type SigV4FailureReason =
  | 'missing-auth'
  | 'malformed-auth'
  | 'unknown-key'
  | 'scope'
  | 'skew'
  | 'token-mismatch'
  | 'expired'
  | 'payload-hash'
  | 'signature-mismatch';

/** The verified access key, or the failure with its STS wire error. */
export type SigV4Result =
  | {
      readonly ok: true;
      readonly accessKeyId: string;
      readonly region: string;
      readonly signedHeaders: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: SigV4FailureReason;
      readonly error: StsError;
      readonly accessKeyId?: string;
    };

/** The parts of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
export interface ParsedAuth {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Parse the Authorization header; a string is the IncompleteSignature message. */
export function parseAuthorization(auth: string): ParsedAuth | string {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth.trim());
  const parts = new Map<string, string>();
  for (const piece of (m?.[1] ?? '').split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !parts.get(k));
  if (!m || missing.length > 0) {
    const needs = (m ? missing : ['Credential', 'Signature', 'SignedHeaders']).map(
      (k) => `Authorization header requires '${k}' parameter.`,
    );
    return `${needs.join(' ')} Authorization=${auth}`;
  }
  const scope = (parts.get('Credential') as string).split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || scope.some((s) => s === '')) {
    return `Credential should be of the form <key>/<date>/<region>/<service>/aws4_request. Authorization=${auth}`;
  }
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  const signedHeaders = (parts.get('SignedHeaders') as string).split(';').map((h) => h.trim().toLowerCase());
  return { accessKeyId, date, region, service, signedHeaders, signature: parts.get('Signature') as string };
}

/** `20260105T090000Z` to epoch ms, or undefined. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Epoch ms to `20260105T090000Z`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The SignatureDoesNotMatch text for a request time outside the allowed skew, if it is. */
export function skewMessage(dateMs: number, nowMs: number, maxSkewMs: number): string | undefined {
  const minutes = Math.round(maxSkewMs / 60_000);
  if (dateMs < nowMs - maxSkewMs) {
    return `Signature expired: ${formatAmzDate(dateMs)} is now earlier than ${formatAmzDate(nowMs - maxSkewMs)} (${formatAmzDate(nowMs)} - ${minutes} min.)`;
  }
  if (dateMs > nowMs + maxSkewMs) {
    return `Signature not yet current: ${formatAmzDate(dateMs)} is still later than ${formatAmzDate(nowMs + maxSkewMs)} (${formatAmzDate(nowMs)} + ${minutes} min.)`;
  }
  return undefined;
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The signature the client should have sent, recomputed over the request's signed headers. */
export async function expectedSignature(
  request: Request,
  bodyText: string | Uint8Array,
  auth: ParsedAuth,
  secretAccessKey: string,
  signingDateMs: number,
): Promise<string> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    // a Request may have lost Host or Content-Length on the way in: both follow from the URL and the body
    const fallback =
      name === 'host' ? url.host : name === 'content-length' ? String(Buffer.byteLength(bodyText)) : null;
    const value = request.headers.get(name) ?? fallback;
    if (value !== null) headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath: auth.service !== 's3',
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers,
      body: bodyText,
    },
    { signingDate: new Date(signingDateMs), signableHeaders: new Set(auth.signedHeaders) },
  );
  const header = String(signed.headers.authorization ?? '');
  return /Signature=([0-9a-f]+)/.exec(header)?.[1] ?? '';
}

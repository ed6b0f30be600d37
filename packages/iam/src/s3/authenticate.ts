/**
 * Who is calling S3: the SigV4 signature (Authorization header form) is
 * verified against the shared credential store with STS's verifier, under
 * S3's rules: the path is not double-encoded, x-amz-content-sha256 is
 * required and names the payload hash (or UNSIGNED-PAYLOAD), the session
 * must not have expired and X-Amz-Security-Token must be the session's.
 * A request without an Authorization header is anonymous (only a bucket
 * policy naming `*` can allow it). Each failure maps to S3's own error.
 */
import { createHash } from 'node:crypto';
import { isoSeconds } from '@irsa-lab/core';
import type { SessionCredentials } from '../iam/types.js';
import { parseAuthorization, type SigV4FailureReason } from '../sigv4/sigv4.js';
import { sessionSecrets, verifySigV4 } from '../sigv4/verify-sigv4.js';
import type { S3Deps } from './buckets.js';
import { s3Errors } from './errors.js';
import type { S3Error } from './types.js';

/** Allowed difference between X-Amz-Date and the request clock (as S3). */
export const MAX_REQUEST_SKEW_MS = 15 * 60_000;

/** The verified caller. */
export type S3Caller =
  | { readonly kind: 'session'; readonly session: SessionCredentials }
  | { readonly kind: 'anonymous' };

/** The caller, or the error to answer with (and whose key it was, when it was known). */
export type Authentication =
  | { readonly ok: true; readonly caller: S3Caller }
  | {
      readonly ok: false;
      readonly error: S3Error;
      readonly reason: SigV4FailureReason | 'unsupported';
      readonly accessKeyId?: string;
      readonly session?: SessionCredentials;
    };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function unsupported(error: S3Error): Authentication {
  return { ok: false, error, reason: 'unsupported' };
}

/** The header checks S3 makes before it looks at the signature. */
function preflight(request: Request, header: string): Authentication | undefined {
  if (!/^AWS4-HMAC-SHA256\s/.test(header))
    return unsupported({
      code: 'InvalidRequest',
      status: 400,
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
  const claimed = request.headers.get('x-amz-content-sha256');
  if (claimed === null) return unsupported(s3Errors.missingContentSha256());
  if (claimed.startsWith('STREAMING-')) return unsupported(s3Errors.notImplemented(`x-amz-content-sha256: ${claimed}`));
  if (claimed !== 'UNSIGNED-PAYLOAD' && !HEX_SHA256.test(claimed)) return unsupported(s3Errors.badContentSha256());
  return undefined;
}

function scopeError(header: string, region: string): S3Error {
  const auth = parseAuthorization(header);
  if (typeof auth !== 'string' && auth.region !== region)
    return s3Errors.authorizationHeaderMalformed(`the region '${auth.region}' is wrong; expecting '${region}'`, {
      Region: region,
    });
  if (typeof auth !== 'string' && auth.service !== 's3')
    return s3Errors.authorizationHeaderMalformed(`incorrect service "${auth.service}". This endpoint belongs to "s3".`);
  return s3Errors.authorizationHeaderMalformed('Invalid credential date. Date is not the same as X-Amz-Date.');
}

function failureError(
  reason: SigV4FailureReason,
  request: Request,
  body: Uint8Array,
  accessKeyId: string,
  deps: S3Deps,
): S3Error {
  const header = request.headers.get('authorization') ?? '';
  const token = request.headers.get('x-amz-security-token');
  switch (reason) {
    case 'missing-auth':
    case 'malformed-auth':
      return typeof parseAuthorization(header) === 'string'
        ? s3Errors.authorizationHeaderMalformed(
            'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
          )
        : s3Errors.missingDate();
    case 'unknown-key':
      return s3Errors.invalidAccessKeyId(accessKeyId);
    case 'scope':
      return scopeError(header, deps.region);
    case 'skew':
      return s3Errors.requestTimeTooSkewed(
        request.headers.get('x-amz-date') ?? '',
        isoSeconds(deps.requestClock.nowMs()),
        MAX_REQUEST_SKEW_MS,
      );
    case 'expired':
      return s3Errors.expiredToken(token ?? '');
    case 'token-mismatch':
      // a temporary key without its token is unknown to S3; a wrong token is an invalid one
      return token === null ? s3Errors.invalidAccessKeyId(accessKeyId) : s3Errors.invalidToken(token);
    case 'payload-hash':
      return s3Errors.contentSha256Mismatch(
        request.headers.get('x-amz-content-sha256') ?? '',
        createHash('sha256').update(body).digest('hex'),
      );
    case 'signature-mismatch':
      return s3Errors.signatureDoesNotMatch(accessKeyId);
  }
}

/**
 * Verify the request's signature (or find it anonymous).
 * @example const auth = await authenticate(deps, request, bodyBytes, clock.nowMs());
 */
export async function authenticate(
  deps: S3Deps,
  request: Request,
  body: Uint8Array,
  nowMs: number,
): Promise<Authentication> {
  const query = new URL(request.url).searchParams;
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Algorithm'))
    return unsupported(s3Errors.notImplemented('presigned URL (query-string authentication)'));
  const header = request.headers.get('authorization');
  if (header === null) return { ok: true, caller: { kind: 'anonymous' } };
  const refused = preflight(request, header);
  if (refused) return refused;
  const verified = await verifySigV4(
    request,
    body,
    sessionSecrets((id) => deps.iam.lookupAccessKey(id)),
    {
      service: 's3',
      nowMs,
      requestNowMs: deps.requestClock.nowMs(),
      region: deps.region,
      maxSkewMs: MAX_REQUEST_SKEW_MS,
    },
  );
  const accessKeyId = verified.accessKeyId;
  const session = accessKeyId === undefined ? undefined : deps.iam.lookupAccessKey(accessKeyId);
  if (verified.ok && session) return { ok: true, caller: { kind: 'session', session } };
  const reason: SigV4FailureReason = verified.ok ? 'unknown-key' : verified.reason;
  const error = failureError(reason, request, body, accessKeyId ?? '', deps);
  return {
    ok: false,
    error,
    reason,
    ...(accessKeyId === undefined ? {} : { accessKeyId }),
    ...(session === undefined ? {} : { session }),
  };
}

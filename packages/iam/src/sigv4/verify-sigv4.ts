/**
 * verifySigV4: check a SigV4-signed request (Authorization header form), for
 * STS GetCallerIdentity and the small S3. Order: header shape, X-Amz-Date,
 * access key, credential scope, request time (15 minutes of skew against the
 * request clock), credential expiry (simulated time), session token, payload
 * hash, signature. A failure carries a `reason`, so a service with its own
 * error codes (S3) can map it, and the STS wire error.
 */
import { createHash } from 'node:crypto';
import type { SessionCredentials } from '../iam/types.js';
import { stsErrors } from '../sts/messages.js';
import type { StsError } from '../sts/types.js';
import {
  expectedSignature,
  type ParsedAuth,
  parseAmzDate,
  parseAuthorization,
  type SigV4Credential,
  type SigV4FailureReason,
  type SigV4Result,
  sameSignature,
  skewMessage,
  type VerifySigV4Options,
} from './sigv4.js';

const FIFTEEN_MINUTES_MS = 15 * 60_000;

/** The verifier's view of the session credentials `lookup` finds by access key id (STS and S3 share it). */
export function sessionSecrets(
  lookup: (accessKeyId: string) => SessionCredentials | undefined,
): (accessKeyId: string) => SigV4Credential | undefined {
  return (id) => {
    const known = lookup(id);
    return (
      known && {
        secretAccessKey: known.SecretAccessKey,
        sessionToken: known.SessionToken,
        expirationMs: known.ExpirationMs,
      }
    );
  };
}

function fail(reason: SigV4FailureReason, error: StsError, accessKeyId?: string): SigV4Result {
  return accessKeyId === undefined ? { ok: false, reason, error } : { ok: false, reason, error, accessKeyId };
}

function scopeProblem(auth: ParsedAuth, amzDate: string, options: VerifySigV4Options): string | undefined {
  if (auth.service !== options.service) return `Credential should be scoped to correct service: '${options.service}'. `;
  if (options.region !== undefined && auth.region !== options.region) {
    return `Credential should be scoped to a valid region, not '${auth.region}'. `;
  }
  if (auth.date !== amzDate.slice(0, 8)) {
    return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`;
  }
  return undefined;
}

function payloadMatches(request: Request, bodyText: string | Uint8Array): boolean {
  const claimed = request.headers.get('x-amz-content-sha256');
  if (claimed === null || claimed === 'UNSIGNED-PAYLOAD' || claimed.startsWith('STREAMING-')) return true;
  return claimed === createHash('sha256').update(bodyText).digest('hex');
}

/**
 * Verify the SigV4 signature of `request` whose body is `bodyText` (text, or the raw bytes of a binary body such as an S3 upload).
 * @example const r = await verifySigV4(request, body, (id) => store.get(id), { service: 'sts', nowMs: clock.nowMs() });
 */
export async function verifySigV4(
  request: Request,
  bodyText: string | Uint8Array,
  lookupSecret: (accessKeyId: string) => SigV4Credential | undefined,
  options: VerifySigV4Options,
): Promise<SigV4Result> {
  const header = request.headers.get('authorization');
  if (header === null) return fail('missing-auth', stsErrors.missingAuthentication());
  const auth = parseAuthorization(header);
  if (typeof auth === 'string') return fail('malformed-auth', stsErrors.incompleteSignature(auth));
  const amzDate = request.headers.get('x-amz-date') ?? '';
  const dateMs = parseAmzDate(amzDate);
  if (dateMs === undefined) {
    const message = `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`;
    return fail('malformed-auth', stsErrors.incompleteSignature(message), auth.accessKeyId);
  }
  const id = auth.accessKeyId;
  const credential = lookupSecret(id);
  if (!credential) return fail('unknown-key', stsErrors.invalidClientTokenId(), id);
  const scope = scopeProblem(auth, amzDate, options);
  if (scope) return fail('scope', stsErrors.signatureDoesNotMatch(scope), id);
  const skew = skewMessage(dateMs, options.requestNowMs ?? options.nowMs, options.maxSkewMs ?? FIFTEEN_MINUTES_MS);
  if (skew) return fail('skew', stsErrors.signatureDoesNotMatch(skew), id);
  if (credential.expirationMs !== undefined && options.nowMs >= credential.expirationMs) {
    return fail('expired', stsErrors.expiredToken(), id);
  }
  const token = request.headers.get('x-amz-security-token');
  if ((credential.sessionToken ?? null) !== token) return fail('token-mismatch', stsErrors.invalidClientTokenId(), id);
  if (!payloadMatches(request, bodyText)) return fail('payload-hash', stsErrors.signatureDoesNotMatch(), id);
  const expected = await expectedSignature(request, bodyText, auth, credential.secretAccessKey, dateMs);
  if (!sameSignature(expected, auth.signature))
    return fail('signature-mismatch', stsErrors.signatureDoesNotMatch(), id);
  return { ok: true, accessKeyId: id, region: auth.region, signedHeaders: auth.signedHeaders };
}

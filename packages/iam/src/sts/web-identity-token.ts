/**
 * The checks STS makes on a web identity token, each returning a trace
 * sentence and, on failure, the wire error: decoding, the signing algorithm,
 * the issuer, the signature (jose, against the issuer's JWKS), the time
 * claims (STS's own rules: integer NumericDates, 5 minutes of leeway past
 * exp) and the audience. jose's JWT claim layer is not used: it accepts
 * fractional timestamps and has its own messages, while STS has its own rules.
 */
import { toNumericDate } from '@irsa-lab/core';
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { stsErrors } from './messages.js';
import type { StsError } from './types.js';

/** The algorithms STS accepts (STS API model, WebIdentityToken). */
export const ALLOWED_ALGS: readonly string[] = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
/** IAM allows 5 minutes of clock skew past exp (IAM User Guide, OIDC federation). */
export const EXP_LEEWAY_SECONDS = 300;

/** The outcome of one check: a value, or the wire error; both with a trace sentence. */
export type Check<T> =
  | { readonly ok: true; readonly value: T; readonly detail: string }
  | { readonly ok: false; readonly error: StsError; readonly detail: string };

/** A JWT's header and claims, not yet verified. */
export interface DecodedToken {
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

function fail<T>(error: StsError, detail: string): Check<T> {
  return { ok: false, error, detail };
}

/** Decode header and payload (no verification yet). */
export function decodeToken(token: string): Check<DecodedToken> {
  try {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    const kid = typeof header.kid === 'string' ? header.kid : '(none)';
    return { ok: true, value: { header, claims }, detail: `a JWT with alg ${String(header.alg)}, kid ${kid}` };
  } catch (err) {
    return fail(stsErrors.invalidToken(), `not a JWT: ${(err as Error).message}`);
  }
}

/** The header's alg must be one STS accepts (never `none` or an HMAC). */
export function checkAlg(header: ProtectedHeaderParameters): Check<string> {
  const alg = header.alg;
  if (typeof alg !== 'string' || !ALLOWED_ALGS.includes(alg)) {
    return fail(stsErrors.invalidToken(), `alg ${String(alg)} is not one of ${ALLOWED_ALGS.join(', ')}`);
  }
  return { ok: true, value: alg, detail: `alg ${alg} is accepted` };
}

/** iss must be present and an https URL. */
export function checkIssuer(claims: JWTPayload): Check<string> {
  const iss = claims.iss;
  if (iss === undefined) return fail(stsErrors.missingClaim('iss'), 'the token has no iss claim');
  let url: URL | undefined;
  try {
    url = typeof iss === 'string' ? new URL(iss) : undefined;
  } catch {
    url = undefined;
  }
  if (typeof iss !== 'string' || url?.protocol !== 'https:') {
    return fail(stsErrors.invalidToken(), `iss ${JSON.stringify(iss)} is not an https URL`);
  }
  return { ok: true, value: iss, detail: `iss ${iss} is an https URL` };
}

/** The outcome of checking the signature against a key set. */
export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'no-key' | 'bad-keyset' | 'invalid'; readonly detail: string };

function joseCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'ERR_UNKNOWN';
}

const KEY_SETS = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

/**
 * Verify the JWS signature with the key set. Only the key set is used: the
 * token's jku, x5u and jwk headers are never followed; unknown `crit`
 * extensions are rejected by jose.
 */
export async function verifySignature(token: string, jwks: JSONWebKeySet): Promise<SignatureCheck> {
  let keys: ReturnType<typeof createLocalJWKSet>;
  try {
    // one key set per cached JWKS document, so its imported keys are reused across calls
    keys = KEY_SETS.get(jwks) ?? createLocalJWKSet(jwks);
    KEY_SETS.set(jwks, keys);
  } catch (err) {
    return { ok: false, kind: 'bad-keyset', detail: `the JWKS is not usable (${(err as Error).message})` };
  }
  const options = { algorithms: [...ALLOWED_ALGS] };
  try {
    await compactVerify(token, keys, options);
    return { ok: true };
  } catch (err) {
    const code = joseCode(err);
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') return { ok: false, kind: 'no-key', detail: (err as Error).message };
    if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') return tryEach(token, err as AsyncIterable<CryptoKey>, options);
    return { ok: false, kind: 'invalid', detail: `${code}: ${(err as Error).message}` };
  }
}

/** A token without kid against a set with several candidate keys: any one that verifies will do. */
async function tryEach(
  token: string,
  candidates: AsyncIterable<CryptoKey>,
  options: { algorithms: string[] },
): Promise<SignatureCheck> {
  for await (const key of candidates) {
    try {
      await compactVerify(token, key, options);
      return { ok: true };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, kind: 'invalid', detail: 'no key of the JWKS verifies the signature' };
}

function isNumericDate(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/** exp required; exp, iat and nbf integers; exp + leeway not past; nbf not beyond now + leeway. */
export function checkTimeClaims(claims: JWTPayload, nowMs: number): Check<{ exp: number }> {
  if (claims.exp === undefined) return fail(stsErrors.missingClaim('exp'), 'the token has no exp claim');
  for (const name of ['exp', 'iat', 'nbf'] as const) {
    const v = claims[name];
    if (v !== undefined && !isNumericDate(v)) {
      return fail(stsErrors.invalidToken(), `${name} is ${JSON.stringify(v)}, not an integer NumericDate`);
    }
  }
  const exp = claims.exp as number;
  const now = toNumericDate(nowMs);
  if (exp + EXP_LEEWAY_SECONDS < now) {
    return fail(
      stsErrors.tokenExpired(now, exp),
      `exp ${exp} plus ${EXP_LEEWAY_SECONDS} s of leeway is before now (${now}): expired ${now - exp} s ago`,
    );
  }
  // [UNCONFIRMED] that STS checks nbf at all, and with the same leeway
  if (claims.nbf !== undefined && claims.nbf > now + EXP_LEEWAY_SECONDS) {
    return fail(stsErrors.invalidToken(), `nbf ${claims.nbf} is more than ${EXP_LEEWAY_SECONDS} s after now (${now})`);
  }
  const left = exp - now;
  const detail =
    left >= 0
      ? `exp ${exp} is ${left} s from now`
      : `exp ${exp} passed ${-left} s ago, within the ${EXP_LEEWAY_SECONDS} s leeway`;
  return { ok: true, value: { exp }, detail };
}

/** What the audience check found: the matching client id, and the value of the `<issuer>:aud` condition key. */
export interface AudienceMatch {
  readonly audience: string;
  readonly conditionValue: string;
}

/** aud (a string or a list) must contain one of the provider's client ids. */
export function checkAudience(claims: JWTPayload, clientIds: readonly string[]): Check<AudienceMatch> {
  const aud = claims.aud;
  if (aud === undefined) return fail(stsErrors.missingClaim('aud'), 'the token has no aud claim');
  const auds = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(auds) || auds.some((a) => typeof a !== 'string')) {
    return fail(stsErrors.invalidToken(), `aud ${JSON.stringify(aud)} is neither a string nor a list of strings`);
  }
  const audience = auds.find((a) => clientIds.includes(a));
  if (audience === undefined) {
    return fail(
      stsErrors.incorrectAudience(),
      `aud ${JSON.stringify(aud)} has no entry in the provider's client ids [${clientIds.join(', ')}]`,
    );
  }
  // [INFERRED from the IAM docs on OIDC condition keys] the :aud key carries azp when the token has one
  const conditionValue = typeof claims.azp === 'string' ? claims.azp : audience;
  return { ok: true, value: { audience, conditionValue }, detail: `aud ${audience} is a client id of the provider` };
}

/** sub must be present: it becomes SubjectFromWebIdentityToken and the `<issuer>:sub` key. */
export function checkSubject(claims: JWTPayload): Check<string> {
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    return fail(stsErrors.missingClaim('sub'), 'the token has no sub claim');
  }
  return { ok: true, value: claims.sub, detail: `sub is ${claims.sub}` };
}

/**
 * A validator for EKS service account tokens, as a service outside AWS runs
 * it (an API gateway, Vault's JWT auth method, a service mesh): it fetches
 * the issuer's discovery document and key set (JWKS), caches the keys for
 * the Cache-Control max-age the issuer sends, and verifies each token's
 * signature, issuer, audience and expiry with jose.
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

// ---- The contract: the checker calls createValidator with these. Keep them as they are. ----

/** As much of an HTTP response as a validator needs. */
export interface HttpResponse {
  readonly status: number;
  /** A response header by lower-case name (`cache-control`), or undefined. */
  header(name: string): string | undefined;
  json(): Promise<unknown>;
}

export interface ValidatorOptions {
  /** The cluster's issuer URL: tokens must carry it as `iss`. */
  readonly issuer: string;
  /** The audience this service accepts (`aud`). */
  readonly audience: string;
  /** GET a URL (the issuer's discovery document, then its jwks_uri). */
  fetch(url: string): Promise<HttpResponse>;
  /** The current time, epoch ms. Use it for every time decision (never Date.now()). */
  now(): number;
}

export interface TokenValidator {
  /** The token's claims when it is valid now; throws when it is not. */
  verify(token: string): Promise<JWTPayload>;
}

// ---- Your code. ----

/** Keys kept until the max-age the issuer sent runs out. */
interface KeyCache {
  readonly jwks: JSONWebKeySet;
  readonly expiresAtMs: number;
}

/** How long to keep a key set served without Cache-Control max-age. */
const DEFAULT_MAX_AGE_SECONDS = 3600;

export function createValidator(options: ValidatorOptions): TokenValidator {
  let cache: KeyCache | undefined;

  async function fetchKeys(): Promise<KeyCache> {
    const discovery = await options.fetch(`${options.issuer}/.well-known/openid-configuration`);
    if (discovery.status !== 200) throw new Error(`discovery answered ${discovery.status}`);
    const { jwks_uri: jwksUri } = (await discovery.json()) as { jwks_uri?: string };
    if (!jwksUri) throw new Error('the discovery document has no jwks_uri');
    const keys = await options.fetch(jwksUri);
    if (keys.status !== 200) throw new Error(`${jwksUri} answered ${keys.status}`);
    const maxAge = /max-age=(\d+)/.exec(keys.header('cache-control') ?? '')?.[1];
    const ttlSeconds = maxAge === undefined ? DEFAULT_MAX_AGE_SECONDS : Number(maxAge);
    return { jwks: (await keys.json()) as JSONWebKeySet, expiresAtMs: options.now() + ttlSeconds * 1000 };
  }

  async function check(token: string, jwks: JSONWebKeySet): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['RS256'],
      currentDate: new Date(options.now()),
    });
    return payload;
  }

  return {
    async verify(token) {
      if (!cache || options.now() >= cache.expiresAtMs) cache = await fetchKeys();
      // TODO: EKS rotates the issuer's signing key every 7 days, and the
      // issuer sends max-age=604800 (7 days) with its keys. A token signed by
      // the new key carries a kid this cache does not hold yet, so jwtVerify
      // throws an error with code 'ERR_JWKS_NO_MATCHING_KEY' until the cache
      // runs out, for up to a week. When that happens, fetch the key set
      // again and verify once more, but at most once per verify: anyone can
      // send a token with a made-up kid, and the issuer throttles.
      return check(token, cache.jwks);
    },
  };
}

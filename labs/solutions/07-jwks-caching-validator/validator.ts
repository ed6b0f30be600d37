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
      let fresh = false;
      if (!cache || options.now() >= cache.expiresAtMs) {
        cache = await fetchKeys();
        fresh = true;
      }
      try {
        return await check(token, cache.jwks);
      } catch (err) {
        // An unknown kid may be a key newer than the cache: refetch once, unless the set was just fetched.
        if (fresh || (err as { code?: unknown }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw err;
        cache = await fetchKeys();
        return check(token, cache.jwks);
      }
    },
  };
}

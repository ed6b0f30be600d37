/**
 * How STS gets an issuer's signing keys: `<iss>/.well-known/openid-configuration`,
 * then its `jwks_uri`, both through the injected fetch (the simulated
 * network), cached per issuer in simulated time. The lifetime is the JWKS
 * response's Cache-Control max-age unless a fixed one is configured; that is
 * what makes the stale-JWKS-after-rotation failure reproducible. Responses
 * are size-limited and the key set is checked before it is cached.
 */

import { type Clock, type EventLog, HOUR_MS, isSimError } from '@irsa-lab/core';
import { readTextLimited } from '@irsa-lab/net';
import type { JSONWebKeySet } from 'jose';
import type { JwksCacheView } from './types.js';

/** Lifetime of a JWKS served without Cache-Control max-age. */
export const DEFAULT_JWKS_TTL_MS = HOUR_MS;
/** Limits on what an IdP may send back. */
export const MAX_DISCOVERY_BYTES = 64 * 1024;
/** Largest JWKS response accepted. */
export const MAX_JWKS_BYTES = 256 * 1024;
/** Most keys in one JWKS. */
export const MAX_JWKS_KEYS = 100;

/** A cached key set. */
export interface JwksEntry extends JwksCacheView {
  readonly jwks: JSONWebKeySet;
}

/** Why keys could not be had: the IdP was unreachable, or it answered with something unusable. */
export type JwksFailure = { readonly kind: 'unreachable' | 'bad-response'; readonly detail: string };

/** The keys of an issuer, or why there are none. */
export type JwksLookup =
  | { readonly ok: true; readonly entry: JwksEntry; readonly fetched: boolean }
  | { readonly ok: false; readonly failure: JwksFailure };

/** What the cache needs: the clock, the log and the way to the network. */
export interface JwksCacheOptions {
  readonly clock: Clock;
  readonly log: EventLog;
  readonly fetch: (url: string) => Promise<Response>;
  readonly ttlMs?: number;
}

type Fetched<T> = { ok: true; value: T; response: Response } | { ok: false; failure: JwksFailure };

function maxAgeMs(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/\b(no-store|no-cache)\b/i.test(cacheControl)) return 0;
  const m = /\bmax-age\s*=\s*(\d+)/i.exec(cacheControl);
  return m ? Number(m[1]) * 1000 : undefined;
}

async function fetchJson(fetch: JwksCacheOptions['fetch'], url: string, maxBytes: number): Promise<Fetched<unknown>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    const why = isSimError(err) ? `${err.code}: ${err.message}` : String(err);
    return { ok: false, failure: { kind: 'unreachable', detail: `GET ${url} failed (${why})` } };
  }
  if (response.status >= 500 || response.status === 429) {
    return { ok: false, failure: { kind: 'unreachable', detail: `GET ${url} answered ${response.status}` } };
  }
  if (response.status !== 200) {
    return { ok: false, failure: { kind: 'bad-response', detail: `GET ${url} answered ${response.status}, not 200` } };
  }
  const text = await readTextLimited(response, maxBytes);
  if (text === undefined) {
    return { ok: false, failure: { kind: 'bad-response', detail: `GET ${url} sent more than ${maxBytes} bytes` } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, response };
  } catch {
    return { ok: false, failure: { kind: 'bad-response', detail: `GET ${url} did not answer JSON` } };
  }
}

function asKeySet(value: unknown, url: string): JSONWebKeySet | JwksFailure {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'object' || k === null)) {
    return { kind: 'bad-response', detail: `${url} is not a JWK set ({"keys": [...]})` };
  }
  if (keys.length > MAX_JWKS_KEYS) {
    return {
      kind: 'bad-response',
      detail: `${url} holds ${keys.length} keys, more than the limit of ${MAX_JWKS_KEYS}`,
    };
  }
  return { keys } as JSONWebKeySet;
}

/** The discovery URL of an issuer (one trailing slash dropped, as OpenID Connect Discovery says). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** A per-issuer JWKS cache in simulated time. */
export class JwksCache {
  readonly #entries = new Map<string, JwksEntry>();
  readonly #options: JwksCacheOptions;

  constructor(options: JwksCacheOptions) {
    this.#options = options;
  }

  /** The cached keys of `issuer` if still fresh, else fetched now; `force` always fetches. */
  async get(issuer: string, options: { force?: boolean; reason?: string } = {}): Promise<JwksLookup> {
    const cached = this.#entries.get(issuer);
    const nowMs = this.#options.clock.nowMs();
    if (cached && !options.force && nowMs < cached.expiresAtMs) return { ok: true, entry: cached, fetched: false };
    const reason = options.reason ?? (cached ? 'cache expired' : 'not cached');
    const result = await this.#fetch(issuer, reason);
    return result.ok ? { ok: true, entry: result.entry, fetched: true } : result;
  }

  async #fetch(
    issuer: string,
    reason: string,
  ): Promise<{ ok: true; entry: JwksEntry } | { ok: false; failure: JwksFailure }> {
    const { fetch, clock, log } = this.#options;
    const configUrl = discoveryUrl(issuer);
    const config = await fetchJson(fetch, configUrl, MAX_DISCOVERY_BYTES);
    if (!config.ok) return config;
    const jwksUri = (config.value as { jwks_uri?: unknown } | null)?.jwks_uri;
    if (typeof jwksUri !== 'string' || jwksUri === '') {
      return { ok: false, failure: { kind: 'bad-response', detail: `${configUrl} has no jwks_uri` } };
    }
    const keys = await fetchJson(fetch, jwksUri, MAX_JWKS_BYTES);
    if (!keys.ok) return keys;
    const jwks = asKeySet(keys.value, jwksUri);
    if ('kind' in jwks) return { ok: false, failure: jwks };
    const fetchedAtMs = clock.nowMs();
    const ttlMs = this.#options.ttlMs ?? maxAgeMs(keys.response.headers.get('cache-control')) ?? DEFAULT_JWKS_TTL_MS;
    const kids = jwks.keys.map((k) => k.kid ?? '(no kid)');
    const entry: JwksEntry = { issuer, jwksUri, jwks, kids, fetchedAtMs, expiresAtMs: fetchedAtMs + ttlMs };
    this.#entries.set(issuer, entry);
    log.append('sts.jwks-fetched', 'sts', `STS fetched the JWKS of ${issuer} (${reason}): kids ${kids.join(', ')}`, {
      issuer,
      jwksUri,
      kids,
      reason,
      ttlMs,
    });
    return { ok: true, entry };
  }

  entries(): readonly JwksCacheView[] {
    return [...this.#entries.values()].map(({ jwks: _jwks, ...view }) => view);
  }

  clear(issuer?: string): void {
    if (issuer === undefined) this.#entries.clear();
    else this.#entries.delete(issuer);
  }
}

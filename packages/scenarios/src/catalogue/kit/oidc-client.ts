/**
 * A third-party OIDC client (HashiCorp Vault's JWT auth method, an API
 * gateway, a service mesh) verifying EKS service account tokens on its own:
 * it fetches discovery and `jwks_uri` through the simulated network as its
 * own caller, caches the key set for the response's Cache-Control max-age in
 * simulated time, and verifies with jose. With `refetchOnUnknownKid` off it
 * behaves like go-oidc v2 in hashicorp/vault#11611: a token signed by a key
 * newer than its cache fails until the cache expires. On is the fix.
 */

import { HOUR_MS, isSimError } from '@irsa-lab/core';
import type { Caller } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import type { TimelineLane, TraceLine } from '../../engine/types.js';

interface CachedKeys {
  readonly jwks: JSONWebKeySet;
  readonly kids: readonly string[];
  readonly fetchedAtMs: number;
  readonly expiresAtMs: number;
}

/** The outcome of one verification, with the lines that explain it. */
export interface Verification {
  readonly ok: boolean;
  /** jose's error code (`ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWT_EXPIRED`...) or a `NET_*` code. */
  readonly code?: string;
  readonly kid: string;
  /** Whether this verification fetched the key set (first use, expiry, or refetch on unknown kid). */
  readonly fetched: boolean;
  readonly lines: readonly TraceLine[];
}

/** How the client is deployed and configured. */
export interface OidcClientOptions {
  /** How the client shows up on the network (its vantage decides DNS). */
  readonly caller: Caller;
  /** The audience it requires (Vault's `bound_audiences`). */
  readonly audience: string;
  readonly refetchOnUnknownKid: boolean;
}

const MAX_AGE = /\bmax-age\s*=\s*(\d+)/i;
/** Lifetime of a key set served without Cache-Control max-age. */
const DEFAULT_TTL_MS = HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/** A JWT validator outside AWS that trusts the cluster's issuer. */
export class ThirdPartyOidcClient {
  refetchOnUnknownKid: boolean;
  readonly caller: Caller;
  readonly #world: World;
  readonly #audience: string;
  #cache: CachedKeys | undefined;

  constructor(world: World, options: OidcClientOptions) {
    this.#world = world;
    this.caller = options.caller;
    this.#audience = options.audience;
    this.refetchOnUnknownKid = options.refetchOnUnknownKid;
  }

  /** The kids it holds and until when (undefined before the first fetch). */
  get cache(): Omit<CachedKeys, 'jwks'> | undefined {
    if (!this.#cache) return undefined;
    const { jwks: _jwks, ...view } = this.#cache;
    return view;
  }

  /** Its cache on a timeline. */
  cacheLane(): TimelineLane | undefined {
    const c = this.#cache;
    if (!c) return undefined;
    const kids = c.kids.map((k) => k.slice(0, 8)).join(', ');
    return {
      label: `${this.caller.id} JWKS cache`,
      spans: [{ fromMs: c.fetchedAtMs, toMs: c.expiresAtMs, label: `cached kids ${kids}` }],
      marks: [
        { atMs: c.fetchedAtMs, label: 'fetched' },
        { atMs: c.expiresAtMs, label: 'max-age ends' },
      ],
    };
  }

  /** Verify `token`: signature by kid, `iss`, `aud`, `exp`, at the simulated now. */
  async verify(token: string): Promise<Verification> {
    const lines: TraceLine[] = [];
    const kid = String(decodeProtectedHeader(token).kid ?? '(none)');
    lines.push({ depth: 0, text: `token header kid ${kid}` });
    const nowMs = this.#world.clock.nowMs();
    let fetched = false;
    if (!this.#cache || nowMs >= this.#cache.expiresAtMs) {
      const failure = await this.#fetch(lines, this.#cache ? 'cache past its max-age' : 'nothing cached');
      if (failure) return { ok: false, code: failure, kid, fetched: true, lines };
      fetched = true;
    } else {
      const c = this.#cache;
      lines.push({
        depth: 0,
        text: `JWKS from cache (fetched ${iso(c.fetchedAtMs)}, fresh until ${iso(c.expiresAtMs)}): kids ${c.kids.join(', ')}`,
        ok: true,
      });
    }
    let code = await this.#check(token);
    if (code === 'ERR_JWKS_NO_MATCHING_KEY' && !fetched) {
      if (!this.refetchOnUnknownKid) {
        lines.push({
          depth: 0,
          text: `kid ${kid} is not in the cached JWKS, and this client never refetches before max-age ends: ${code}`,
          ok: false,
        });
        return { ok: false, code, kid, fetched, lines };
      }
      lines.push({ depth: 0, text: `kid ${kid} is not in the cached JWKS: refetching once`, ok: true });
      const failure = await this.#fetch(lines, `unknown kid ${kid}`);
      if (failure) return { ok: false, code: failure, kid, fetched: true, lines };
      fetched = true;
      code = await this.#check(token);
    }
    if (code) {
      lines.push({ depth: 0, text: `jwtVerify failed: ${code}`, ok: false });
      return { ok: false, code, kid, fetched, lines };
    }
    lines.push({
      depth: 0,
      text: `signature verified with kid ${kid}; iss, aud ${this.#audience} and exp hold`,
      ok: true,
    });
    return { ok: true, kid, fetched, lines };
  }

  /** jwtVerify against the cached set; the jose error code, or undefined when valid. */
  async #check(token: string): Promise<string | undefined> {
    const world = this.#world;
    try {
      await jwtVerify(token, createLocalJWKSet(this.#cache?.jwks ?? { keys: [] }), {
        issuer: world.issuer.issuerUrl,
        audience: this.#audience,
        algorithms: ['RS256'],
        currentDate: new Date(world.clock.nowMs()),
      });
      return undefined;
    } catch (err) {
      // jose errors carry a stable code (ERR_JWKS_NO_MATCHING_KEY, ERR_JWT_EXPIRED...)
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_')) return code;
      throw err;
    }
  }

  /** Discovery, then jwks_uri, as this client's caller; the error code, or undefined once cached. */
  async #fetch(lines: TraceLine[], reason: string): Promise<string | undefined> {
    const world = this.#world;
    const discoveryUrl = `${world.issuer.issuerUrl}/.well-known/openid-configuration`;
    const discovery = await this.#get(discoveryUrl, lines, reason);
    if (typeof discovery === 'string') return discovery;
    const jwksUri = String(((await discovery.json()) as { jwks_uri?: unknown }).jwks_uri ?? '');
    const keys = await this.#get(jwksUri, lines, reason);
    if (typeof keys === 'string') return keys;
    const jwks = (await keys.json()) as JSONWebKeySet;
    const maxAge = MAX_AGE.exec(keys.headers.get('cache-control') ?? '');
    const ttlMs = maxAge ? Number(maxAge[1]) * 1000 : DEFAULT_TTL_MS;
    const fetchedAtMs = world.clock.nowMs();
    const kids = jwks.keys.map((k) => k.kid ?? '(no kid)');
    this.#cache = { jwks, kids, fetchedAtMs, expiresAtMs: fetchedAtMs + ttlMs };
    lines.push({
      depth: 1,
      text: `cached kids ${kids.join(', ')} for ${ttlMs / 1000} s (Cache-Control max-age), until ${iso(fetchedAtMs + ttlMs)}`,
      ok: true,
    });
    return undefined;
  }

  async #get(url: string, lines: TraceLine[], reason: string): Promise<Response | string> {
    try {
      const response = await this.#world.net.fetch(new Request(url), this.caller);
      lines.push({ depth: 0, text: `GET ${url} (${reason}) → ${response.status}`, ok: response.status === 200 });
      return response.status === 200 ? response : `HTTP_${response.status}`;
    } catch (err) {
      if (!isSimError(err)) throw err;
      lines.push({ depth: 0, text: `GET ${url} (${reason}) failed: ${err.code}: ${err.message}`, ok: false });
      return err.code;
    }
  }
}

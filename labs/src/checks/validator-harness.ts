/**
 * The world around the learner's token validator (lab 7): a service outside
 * the VPC that fetches the issuer's discovery document and JWKS over the
 * simulated internet, tokens minted by the cluster's apiserver for it, a
 * forged token from a key the issuer never had, and a record of every
 * fetch (the EKS OIDC endpoint throttles: too many fetches get 429).
 */
import type { Caller } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import { decodeProtectedHeader, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { ISSUER_URL } from '../sim/workshop-world.js';

/** The validator's audience (what the gateway's tokens are requested for). */
export const AUDIENCE = 'billing-gateway';
export const SUBJECT = 'system:serviceaccount:payments:billing';
/** More fetches than this in one check are answered 429 Too Many Requests. */
export const FETCH_LIMIT = 40;

/** An API gateway on the internet: it reaches the public issuer endpoint. */
const GATEWAY: Caller = Object.freeze({
  kind: 'outside',
  id: 'gateway.example.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '198.51.100.30',
});

/** What the validator's `fetch` is given to return (the learner's HttpResponse). */
export interface HttpResponse {
  readonly status: number;
  header(name: string): string | undefined;
  json(): Promise<unknown>;
}

/** One fetch the validator made. */
export interface Fetch {
  readonly url: string;
  readonly atMs: number;
  /** For a JWKS response: the kids it held. */
  readonly kids?: readonly string[];
}

/** Fetches through the simulated network as the gateway, recorded. */
export class RecordingFetch {
  readonly fetches: Fetch[] = [];
  constructor(private readonly world: World) {}

  /** How many JWKS documents were fetched so far. */
  get jwksFetches(): number {
    return this.fetches.filter((f) => f.kids).length;
  }

  /** The last JWKS fetch. */
  get lastJwks(): Fetch | undefined {
    return this.fetches.filter((f) => f.kids).at(-1);
  }

  readonly fetch = async (url: string): Promise<HttpResponse> => {
    const atMs = this.world.clock.nowMs();
    if (this.fetches.length >= FETCH_LIMIT) {
      this.fetches.push({ url, atMs });
      return { status: 429, header: () => undefined, json: async () => ({ message: 'Too Many Requests' }) };
    }
    const response = await this.world.net.fetch(new Request(String(url)), GATEWAY);
    const body = (await response.json().catch(() => null)) as unknown;
    const keys = (body as { keys?: { kid?: string }[] } | null)?.keys;
    this.fetches.push({ url, atMs, ...(Array.isArray(keys) ? { kids: keys.map((k) => String(k.kid)) } : {}) });
    return {
      status: response.status,
      header: (name) => response.headers.get(name) ?? undefined,
      json: async () => structuredClone(body),
    };
  };
}

/** A token for payments/billing from the apiserver (signed by the issuer's current key). */
export async function mintToken(world: World, audience: string, expirationSeconds: number): Promise<string> {
  return (await world.api.createToken('payments', 'billing', { audiences: [audience], expirationSeconds })).token;
}

/** The token's kid. */
export function kidOf(token: string): string {
  return String(decodeProtectedHeader(token).kid ?? '(none)');
}

let foreignKey: ReturnType<typeof generateKeyPair> | undefined;

/** A well-formed token for the right iss, aud and sub, signed by a key the issuer never published. */
export async function forgeToken(world: World): Promise<string> {
  foreignKey ??= generateKeyPair('RS256');
  const { privateKey } = await foreignKey;
  const now = Math.floor(world.clock.nowMs() / 1000);
  const claims: JWTPayload = { iss: ISSUER_URL, sub: SUBJECT, aud: [AUDIENCE], iat: now, nbf: now, exp: now + 3600 };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'f0rged0000000000000000000000000000000000' })
    .sign(privateKey);
}

/** `2026-01-11T09:00:00Z` */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

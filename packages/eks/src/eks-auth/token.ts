/**
 * How EKS Auth checks a Pod Identity token: the cluster issuer's keys
 * fetched over the network (discovery document, then its `jwks_uri`, never
 * by import), cached in simulated time for the JWKS's max-age (1 hour
 * without one) and fetched again once when a token names an unknown kid;
 * then signature (RS256), issuer, audience `pods.eks.amazonaws.com`, time
 * claims, and the `kubernetes.io` claims naming the namespace, service
 * account and pod (EKS Auth "extracts the Service Account and Namespace
 * details from the token", reference "Pod Identity").
 * Simplification: whether EKS Auth asks the cluster if the pod still exists
 * is not documented; here it does not (tokens of deleted pods work until
 * they expire, as aws/eks-pod-identity-agent#171 suggests).
 */
import { type Clock, type EventLog, HOUR_MS, isoSeconds, isSimError, POD_IDENTITY_AUDIENCE } from '@irsa-lab/core';
import { readTextLimited } from '@irsa-lab/net';
import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { eksAuthErrors } from '../errors.js';
import type { EksError } from '../types.js';

const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Who a valid token names. */
export interface TokenSubject {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podName: string;
  readonly podUid: string;
  readonly claims: JWTPayload;
}

export type TokenCheck =
  | { ok: true; subject: TokenSubject; detail: string }
  | { ok: false; error: EksError; detail: string };

interface CachedKeys {
  readonly jwks: JSONWebKeySet;
  readonly expiresAtMs: number;
}

/** Go's RFC 3339 with nanoseconds, trailing zeros of the fraction dropped (how EKS Auth writes now). */
function goNano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** Verifies Pod Identity tokens of one cluster. */
export class TokenVerifier {
  #cached: CachedKeys | undefined;

  constructor(
    private readonly deps: {
      readonly issuerUrl: string;
      readonly clock: Clock;
      readonly log: EventLog;
      readonly fetch: (request: Request) => Promise<Response>;
    },
  ) {}

  async #get(url: string): Promise<{ json: unknown; response: Response } | string> {
    let response: Response;
    try {
      response = await this.deps.fetch(new Request(url));
    } catch (err) {
      return `GET ${url} failed (${isSimError(err) ? `${err.code}: ${err.message}` : String(err)})`;
    }
    if (response.status !== 200) return `GET ${url} answered ${response.status}`;
    const text = await readTextLimited(response, MAX_DOCUMENT_BYTES);
    try {
      return { json: JSON.parse(text ?? ''), response };
    } catch {
      return `GET ${url} did not answer JSON within ${MAX_DOCUMENT_BYTES} bytes`;
    }
  }

  async #keys(force: boolean): Promise<CachedKeys | string> {
    const nowMs = this.deps.clock.nowMs();
    if (this.#cached && !force && nowMs < this.#cached.expiresAtMs) return this.#cached;
    const discovery = await this.#get(`${this.deps.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (typeof discovery === 'string') return discovery;
    const jwksUri = (discovery.json as { jwks_uri?: unknown } | null)?.jwks_uri;
    if (typeof jwksUri !== 'string') return 'the discovery document has no jwks_uri';
    const keys = await this.#get(jwksUri);
    if (typeof keys === 'string') return keys;
    const maxAge = /\bmax-age\s*=\s*(\d+)/i.exec(keys.response.headers.get('cache-control') ?? '');
    const ttlMs = maxAge ? Number(maxAge[1]) * 1000 : HOUR_MS;
    this.#cached = { jwks: keys.json as JSONWebKeySet, expiresAtMs: nowMs + ttlMs };
    const kids = (this.#cached.jwks.keys ?? []).map((k) => k.kid ?? '(no kid)');
    this.deps.log.append(
      'note',
      'eks-auth',
      `EKS Auth fetched the JWKS of ${this.deps.issuerUrl}: kids ${kids.join(', ')}`,
      {
        issuer: this.deps.issuerUrl,
        jwksUri,
        kids,
      },
    );
    return this.#cached;
  }

  /** Check `token` at the clock's now. */
  async verify(token: string): Promise<TokenCheck> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, error: eksAuthErrors.invalidToken('it is not a JWT'), detail: 'the token is not a JWT' };
    }
    let keys = await this.#keys(false);
    if (typeof keys !== 'string' && kid !== undefined && !(keys.jwks.keys ?? []).some((k) => k.kid === kid)) {
      keys = await this.#keys(true);
    }
    if (typeof keys === 'string') {
      return { ok: false, error: eksAuthErrors.internal('Failed to retrieve the cluster signing keys.'), detail: keys };
    }
    return this.#check(token, keys.jwks);
  }

  async #check(token: string, jwks: JSONWebKeySet): Promise<TokenCheck> {
    const nowMs = this.deps.clock.nowMs();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, createLocalJWKSet(jwks), {
        algorithms: ['RS256'],
        issuer: this.deps.issuerUrl,
        audience: POD_IDENTITY_AUDIENCE,
        currentDate: new Date(nowMs),
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        const exp = Number((err.payload as JWTPayload).exp);
        const error = eksAuthErrors.expiredToken(goNano(nowMs), isoSeconds(exp * 1000));
        return { ok: false, error, detail: `the token expired at ${isoSeconds(exp * 1000)}` };
      }
      const why = err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : String(err);
      return { ok: false, error: eksAuthErrors.invalidToken(why), detail: why };
    }
    const k8s = claims['kubernetes.io'] as
      | { namespace?: unknown; serviceaccount?: { name?: unknown }; pod?: { name?: unknown; uid?: unknown } }
      | undefined;
    const namespace = k8s?.namespace;
    const serviceAccount = k8s?.serviceaccount?.name;
    const podName = k8s?.pod?.name;
    const podUid = k8s?.pod?.uid;
    if (typeof namespace !== 'string' || typeof serviceAccount !== 'string') {
      const why = 'it names no namespace and service account';
      return { ok: false, error: eksAuthErrors.invalidToken(why), detail: why };
    }
    if (typeof podName !== 'string' || typeof podUid !== 'string') {
      // [UNCONFIRMED] that a token not bound to a pod is refused: the session tags need the pod's name and uid
      const why = 'it is not bound to a pod';
      return { ok: false, error: eksAuthErrors.invalidToken(why), detail: why };
    }
    const subject = { namespace, serviceAccount, podName, podUid, claims };
    return {
      ok: true,
      subject,
      detail: `signature, issuer, audience ${POD_IDENTITY_AUDIENCE} and expiry hold: ${namespace}/${serviceAccount}, pod ${podName}`,
    };
  }
}

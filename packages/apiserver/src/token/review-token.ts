/**
 * TokenReview: how the apiserver authenticates a service account token
 * (pkg/serviceaccount/jwt.go, claims.go, legacy.go): issuer, signature,
 * audiences, then the validator (times with 60 s leeway, and the SA, pod or
 * Secret still there with the same uid).
 */
import { Buffer } from 'node:buffer';
import { isoSeconds } from '@irsa-lab/core';
import { decodeJwt, type JWTPayload } from 'jose';
import { EVENT_SOURCE, type ServerContext } from '../lib/context.js';
import { isPlainObject } from '../lib/json.js';
import { LEGACY_ISSUER } from './legacy-token.js';

/** The user a token authenticates as (authentication.k8s.io/v1 UserInfo). */
export interface TokenReviewUser {
  readonly username: string;
  readonly uid: string;
  readonly groups: string[];
  readonly extra?: Record<string, string[]>;
}

/** The status of a TokenReview. */
export interface TokenReviewResult {
  readonly authenticated: boolean;
  /** Empty values when not authenticated, as a TokenReview's status.user is. */
  readonly user: TokenReviewUser;
  /** The token's audiences that the review asked for. */
  readonly audiences: string[];
  readonly error?: string;
  /** True when it was a legacy secret-based token. */
  readonly legacy?: boolean;
}

/** go-jose's default leeway on exp, nbf and iat. */
export const REVIEW_LEEWAY_SECONDS = 60;
/** Longest token looked at. */
const MAX_TOKEN_CHARS = 64 * 1024;
/** The label the apiserver stamps on a legacy token Secret when its token is used (LegacyServiceAccountTokenTracking). */
export const LEGACY_TOKEN_LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';

const NO_USER: TokenReviewUser = Object.freeze({ username: '', uid: '', groups: [] });

function fail(error: string): TokenReviewResult {
  return { authenticated: false, user: { ...NO_USER, groups: [] }, audiences: [], error };
}

/** Go's %q of a string slice: ["a" "b"]. */
function goQuoted(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

interface Subject {
  readonly namespace: string;
  readonly sa: { readonly name: string; readonly uid: string };
}

/** The SA must exist with the uid in the claims. */
function checkServiceAccount(ctx: ServerContext, subject: Subject, missing: string): string | undefined {
  const sa = ctx.store.get('ServiceAccount', subject.namespace, subject.sa.name)?.object;
  if (!sa) return missing;
  if (sa.metadata.uid !== subject.sa.uid) {
    return `service account UID (${sa.metadata.uid}) does not match claim (${subject.sa.uid})`;
  }
  return undefined;
}

function reviewLegacy(ctx: ServerContext, token: string, claims: JWTPayload): { error?: string; subject?: Subject } {
  const namespace = str(claims['kubernetes.io/serviceaccount/namespace']);
  const secretName = str(claims['kubernetes.io/serviceaccount/secret.name']);
  const subject = {
    namespace,
    sa: {
      name: str(claims['kubernetes.io/serviceaccount/service-account.name']),
      uid: str(claims['kubernetes.io/serviceaccount/service-account.uid']),
    },
  };
  const entry = ctx.store.get('Secret', namespace, secretName);
  if (!entry) return { error: 'Token has been invalidated' };
  const stored = Buffer.from(entry.object.data?.token ?? '', 'base64').toString('utf8');
  if (stored !== token) return { error: "Token does not match server's copy" };
  const saError = checkServiceAccount(ctx, subject, `serviceaccounts "${subject.sa.name}" not found`);
  if (saError) return { error: saError };
  const today = isoSeconds(ctx.clock.nowMs()).slice(0, 10);
  const secret = entry.object;
  if (secret.metadata.labels?.[LEGACY_TOKEN_LAST_USED_LABEL] !== today) {
    secret.metadata.labels = { ...secret.metadata.labels, [LEGACY_TOKEN_LAST_USED_LABEL]: today };
    ctx.store.put(entry);
  }
  return { subject };
}

function checkTimes(ctx: ServerContext, claims: JWTPayload): string | undefined {
  const now = ctx.clock.nowMs() / 1000;
  if (claims.nbf !== undefined && now + REVIEW_LEEWAY_SECONDS < claims.nbf)
    return 'service account token is not valid yet';
  if (claims.exp !== undefined && now - REVIEW_LEEWAY_SECONDS > claims.exp) return 'service account token has expired';
  if (claims.iat !== undefined && now + REVIEW_LEEWAY_SECONDS < claims.iat) {
    return 'service account token is issued in the future';
  }
  return undefined;
}

type Ref = { name: string; uid?: string } | undefined;

function refClaim(value: unknown): Ref {
  return isPlainObject(value) ? { name: str(value.name), uid: str(value.uid) } : undefined;
}

function reviewBound(ctx: ServerContext, token: string, claims: JWTPayload) {
  // Simplification: no signature verification here; the token must be the exact one this apiserver issued.
  if (!ctx.issued.matches(str(claims.jti), token)) {
    return { error: 'invalid bearer token: the signature does not verify (this apiserver did not sign it)' };
  }
  const timeError = checkTimes(ctx, claims);
  if (timeError) return { error: timeError };
  const k8s = isPlainObject(claims['kubernetes.io']) ? claims['kubernetes.io'] : {};
  const namespace = str(k8s.namespace);
  const sa = refClaim(k8s.serviceaccount) ?? { name: '' };
  const subject = { namespace, sa: { name: sa.name, uid: sa.uid ?? '' } };
  const saError = checkServiceAccount(ctx, subject, 'service account token has been invalidated');
  if (saError) return { error: saError };
  const bound: Array<['Pod' | 'Secret', string, Ref]> = [
    ['Pod', 'pod', refClaim(k8s.pod)],
    ['Secret', 'secret', refClaim(k8s.secret)],
  ];
  for (const [kind, label, ref] of bound) {
    if (!ref) continue;
    const live = ctx.store.get(kind, namespace, ref.name)?.object;
    if (!live) return { error: 'service account token has been invalidated' };
    if (live.metadata.uid !== ref.uid)
      return { error: `${label} UID (${live.metadata.uid}) does not match claim (${ref.uid})` };
  }
  const extra: Record<string, string[]> = {};
  const pod = refClaim(k8s.pod);
  const node = refClaim(k8s.node);
  if (pod)
    Object.assign(extra, {
      'authentication.kubernetes.io/pod-name': [pod.name],
      'authentication.kubernetes.io/pod-uid': [pod.uid ?? ''],
    });
  if (node) extra['authentication.kubernetes.io/node-name'] = [node.name];
  if (node?.uid) extra['authentication.kubernetes.io/node-uid'] = [node.uid];
  if (claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
  return { subject, extra };
}

/**
 * Review a service account token, as a TokenReview against this apiserver.
 * `audiences` defaults to the apiserver's API audiences. Never throws for a
 * bad token: the result says why it was not authenticated.
 */
export async function reviewToken(
  ctx: ServerContext,
  token: string,
  audiences?: readonly string[],
): Promise<TokenReviewResult> {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  if (token.length > MAX_TOKEN_CHARS) return fail(`token is longer than ${MAX_TOKEN_CHARS} characters`);
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    return fail('invalid bearer token: not a JWT');
  }
  const legacy = claims.iss === LEGACY_ISSUER;
  if (!legacy && claims.iss !== ctx.tokens.issuerUrl)
    return fail(`invalid bearer token: issuer ${JSON.stringify(claims.iss)} is not trusted`);
  const implicit = [...ctx.tokens.apiAudiences];
  const tokenAuds = claims.aud === undefined ? implicit : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const wanted = audiences?.length ? [...audiences] : implicit;
  const matched = tokenAuds.filter((a) => wanted.includes(a));
  if (matched.length === 0)
    return fail(`token audiences ${goQuoted(tokenAuds)} is invalid for the target audiences ${goQuoted(wanted)}`);
  const outcome: { error?: string; subject?: Subject; extra?: Record<string, string[]> } = legacy
    ? reviewLegacy(ctx, token, claims)
    : reviewBound(ctx, token, claims);
  if (outcome.error || !outcome.subject) return { ...fail(outcome.error ?? 'invalid bearer token'), legacy };
  const { namespace, sa } = outcome.subject;
  const user: TokenReviewUser = {
    username: `system:serviceaccount:${namespace}:${sa.name}`,
    uid: sa.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    ...(outcome.extra && Object.keys(outcome.extra).length > 0 ? { extra: outcome.extra } : {}),
  };
  ctx.log.append(
    'k8s.token-reviewed',
    EVENT_SOURCE,
    `TokenReview: authenticated ${user.username}${legacy ? ' (legacy token)' : ''}`,
    {
      username: user.username,
      legacy,
      jti: claims.jti,
    },
  );
  return { authenticated: true, user, audiences: matched, legacy };
}

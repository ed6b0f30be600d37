/**
 * TokenRequest (`POST .../serviceaccounts/{name}/token`), following
 * pkg/registry/core/serviceaccount/storage/token.go step by step: SA lookup,
 * audience defaulting, validation, object binding, the maximum expiration,
 * the 3607 s extension, then the claims of pkg/serviceaccount/claims.go.
 */
import { isoSeconds, toNumericDate } from '@irsa-lab/core';
import { DEFAULT_PROJECTED_TOKEN_SECONDS, expirationCauses } from '../admission/validate-pod.js';
import { EVENT_SOURCE, type ServerContext } from '../lib/context.js';
import { badRequest, conflict, invalid, notFound } from '../lib/k8s-errors.js';
import type { Node, Pod, Secret, ServiceAccount } from '../types.js';

/** The object a token is bound to (authentication.k8s.io/v1 BoundObjectReference). */
export interface BoundObjectReference {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid?: string;
  /** `v1` or absent; any API group other than core is refused. */
  readonly apiVersion?: string;
}

/** What a TokenRequest asks for. */
export interface TokenRequestSpec {
  /** Default: the apiserver's `--api-audiences`. */
  readonly audiences?: readonly string[];
  /** Default 3600; at least 600, at most 2^32. */
  readonly expirationSeconds?: number;
  readonly boundObjectRef?: BoundObjectReference;
}

/** `{name, uid}` of an object named in the token. */
export interface ObjectRef {
  readonly name: string;
  readonly uid: string;
}

/** The payload of a bound service account token, keys in the order Kubernetes writes them. */
export interface BoundTokenClaims {
  readonly aud: string[];
  readonly exp: number;
  readonly iat: number;
  readonly iss: string;
  readonly jti: string;
  readonly 'kubernetes.io': {
    readonly namespace: string;
    /** Pod-bound tokens of a scheduled pod, and node-bound tokens; no uid if the Node object is missing. */
    readonly node?: { readonly name: string; readonly uid?: string };
    readonly pod?: ObjectRef;
    readonly secret?: ObjectRef;
    readonly serviceaccount: ObjectRef;
    /** Only on extended (3607 s) tokens: when clients should have refreshed. */
    readonly warnafter?: number;
  };
  readonly nbf: number;
  readonly sub: string;
}

/** A TokenRequest's answer, plus the decoded claims for explanations. */
export interface TokenRequestResult {
  readonly token: string;
  /** status.expirationTimestamp: now + the requested (possibly shortened) seconds, not the extended exp. */
  readonly expirationTimestamp: string;
  /** The same instant in epoch ms (what kubelet refreshes against). */
  readonly expiresAtMs: number;
  readonly claims: BoundTokenClaims;
  /** API warnings (the `Warning` header), e.g. the shortening notice. */
  readonly warnings: string[];
  /** spec.audiences after defaulting. */
  readonly audiences: string[];
  /** spec.expirationSeconds after defaulting and shortening. */
  readonly expirationSeconds: number;
  readonly boundObjectRef?: BoundObjectReference;
}

interface Binding {
  pod?: Pod;
  secret?: Secret;
  node?: { name: string; uid?: string };
}

function bind(ctx: ServerContext, namespace: string, saName: string, ref: BoundObjectReference): Binding {
  const group = ref.apiVersion?.includes('/') ? (ref.apiVersion.split('/')[0] ?? '') : '';
  const { store } = ctx;
  let uid: string;
  let binding: Binding;
  if (group === '' && ref.kind === 'Pod') {
    const pod = store.get('Pod', namespace, ref.name)?.object;
    if (!pod) throw notFound('pods', ref.name);
    if (pod.spec.serviceAccountName !== saName) {
      throw badRequest(
        `cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`,
      );
    }
    const nodeName = pod.spec.nodeName;
    const node = nodeName ? store.get('Node', undefined, nodeName)?.object : undefined;
    uid = pod.metadata.uid;
    binding = { pod, ...(nodeName ? { node: node ? refOf(node) : { name: nodeName } } : {}) };
  } else if (group === '' && ref.kind === 'Node') {
    const node: Node | undefined = store.get('Node', undefined, ref.name)?.object;
    if (!node) throw notFound('nodes', ref.name);
    uid = node.metadata.uid;
    binding = { node: refOf(node) };
  } else if (group === '' && ref.kind === 'Secret') {
    const secret = store.get('Secret', namespace, ref.name)?.object;
    if (!secret) throw notFound('secrets', ref.name);
    uid = secret.metadata.uid;
    binding = { secret };
  } else {
    const version = ref.apiVersion?.split('/').at(-1) ?? '';
    throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${ref.kind}`);
  }
  if (ref.uid && ref.uid !== uid) {
    throw conflict(
      ref.kind,
      ref.name,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return binding;
}

function refOf(o: { metadata: { name: string; uid: string } }): ObjectRef {
  return { name: o.metadata.name, uid: o.metadata.uid };
}

function claimsFor(
  ctx: ServerContext,
  sa: ServiceAccount,
  binding: Binding,
  audiences: string[],
  expSeconds: number,
  warnAfterSeconds: number,
): BoundTokenClaims {
  const now = toNumericDate(ctx.clock.nowMs());
  const { namespace = '', name } = sa.metadata;
  return {
    aud: audiences,
    exp: now + expSeconds,
    iat: now,
    iss: ctx.tokens.issuerUrl,
    jti: ctx.ids.uuid(),
    'kubernetes.io': {
      namespace,
      ...(binding.node ? { node: binding.node } : {}),
      ...(binding.pod ? { pod: refOf(binding.pod) } : {}),
      ...(binding.secret ? { secret: refOf(binding.secret) } : {}),
      serviceaccount: refOf(sa),
      ...(warnAfterSeconds > 0 ? { warnafter: now + warnAfterSeconds } : {}),
    },
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
}

function checkArguments(namespace: unknown, name: unknown, spec: TokenRequestSpec): void {
  if (typeof namespace !== 'string' || typeof name !== 'string')
    throw new TypeError('namespace and name must be strings');
  if (spec.expirationSeconds !== undefined && !Number.isSafeInteger(spec.expirationSeconds)) {
    throw new TypeError('expirationSeconds must be an integer');
  }
  if (spec.audiences !== undefined && !spec.audiences.every((a) => typeof a === 'string')) {
    throw new TypeError('audiences must be strings');
  }
}

/** Issue a bound service account token, as the TokenRequest subresource does. */
export async function createToken(
  ctx: ServerContext,
  namespace: string,
  serviceAccountName: string,
  spec: TokenRequestSpec = {},
): Promise<TokenRequestResult> {
  checkArguments(namespace, serviceAccountName, spec);
  const sa = ctx.store.get('ServiceAccount', namespace, serviceAccountName)?.object;
  if (!sa) throw notFound('serviceaccounts', serviceAccountName);
  const { tokens } = ctx;
  const audiences = spec.audiences?.length ? [...spec.audiences] : [...tokens.apiAudiences];
  const requested = spec.expirationSeconds ?? DEFAULT_PROJECTED_TOKEN_SECONDS;
  const causes = expirationCauses('spec.expirationSeconds', requested);
  if (causes.length > 0) throw invalid('TokenRequest.authentication.k8s.io', '', causes);
  const binding = spec.boundObjectRef ? bind(ctx, namespace, serviceAccountName, spec.boundObjectRef) : {};
  const warnings: string[] = [];
  let expirationSeconds = requested;
  const max = tokens.maxTokenExpirationSeconds;
  if (max !== undefined && max > 0 && requested > max) {
    warnings.push(`requested expiration of ${requested} seconds shortened to ${max} seconds`);
    expirationSeconds = max;
  }
  const extended =
    tokens.extendTokenExpiration &&
    binding.pod !== undefined &&
    expirationSeconds === 3607 &&
    audiences.every((a) => tokens.apiAudiences.includes(a));
  const expSeconds = extended ? tokens.extendedExpirationSeconds : expirationSeconds;
  const nowMs = ctx.clock.nowMs();
  const claims = claimsFor(ctx, sa, binding, audiences, expSeconds, extended ? expirationSeconds : 0);
  const token = await ctx.signer({ ...claims });
  ctx.issued.record(claims.jti, token);
  const expiresAtMs = nowMs + expirationSeconds * 1000;
  const pod = binding.pod ? `${namespace}/${binding.pod.metadata.name}` : undefined;
  ctx.log.append(
    'k8s.token-issued',
    EVENT_SOURCE,
    `token for ${claims.sub} aud=${audiences.join(',')}${pod ? ` pod=${pod}` : ''}`,
    {
      sub: claims.sub,
      aud: claims.aud,
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
      pod,
      node: binding.node?.name,
      expirationSeconds,
      extended,
    },
  );
  return {
    token,
    expirationTimestamp: isoSeconds(expiresAtMs),
    expiresAtMs,
    claims,
    warnings,
    audiences,
    expirationSeconds,
    ...(spec.boundObjectRef ? { boundObjectRef: spec.boundObjectRef } : {}),
  };
}

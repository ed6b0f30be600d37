/**
 * What kubelet asks for to fill a pod's projected serviceAccountToken
 * source: a TokenRequest bound to that pod, with the source's audience and
 * lifetime (pkg/kubelet/token and the projected volume plugin).
 */

import { DEFAULT_PROJECTED_TOKEN_SECONDS } from '../admission/validate-pod.js';
import type { ServerContext } from '../lib/context.js';
import type { Pod, ServiceAccountTokenProjection } from '../types.js';
import { createToken, type TokenRequestResult } from './create-token.js';

/** Issue the token for one projected serviceAccountToken source of `pod` (same path as TokenRequest). */
export async function projectServiceAccountToken(
  ctx: ServerContext,
  pod: Pod,
  source: ServiceAccountTokenProjection,
): Promise<TokenRequestResult> {
  const { name, namespace, uid } = pod.metadata;
  if (!namespace) throw new TypeError('pod has no namespace');
  return createToken(ctx, namespace, pod.spec.serviceAccountName, {
    audiences: source.audience ? [source.audience] : [],
    expirationSeconds: source.expirationSeconds ?? DEFAULT_PROJECTED_TOKEN_SECONDS,
    boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name, uid },
  });
}

/**
 * The cluster's issuer as seen at the root of its loopback origin: the same
 * keys and documents, with an empty path, so `issuerHandlers` serves
 * `<origin>/.well-known/openid-configuration` and `<origin>/keys` (the
 * discovery document's `jwks_uri` in serve mode). `iss` stays the EKS URL.
 */
import type { Issuer } from '@irsa-lab/oidc-issuer';

/** `issuer` with `path` '' (every method delegates to the issuer itself). */
export function issuerAtRoot(issuer: Issuer): Issuer {
  return {
    issuerUrl: issuer.issuerUrl,
    host: issuer.host,
    path: '',
    region: issuer.region,
    clusterId: issuer.clusterId,
    rotationPeriodMs: issuer.rotationPeriodMs,
    currentKid: () => issuer.currentKid(),
    sign: (payload, options) => issuer.sign(payload, options),
    rotate: () => issuer.rotate(),
    jwks: () => issuer.jwks(),
    discovery: () => issuer.discovery(),
    keys: () => issuer.keys(),
    nextRotationAtMs: () => issuer.nextRotationAtMs(),
  };
}

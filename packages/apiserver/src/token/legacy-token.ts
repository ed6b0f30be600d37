/**
 * Legacy secret-based service account tokens (pkg/serviceaccount/legacy.go):
 * a Secret of type `kubernetes.io/service-account-token` naming its SA is
 * filled by the tokens controller with a JWT that never expires.
 */
import { Buffer } from 'node:buffer';
import { EVENT_SOURCE, type ServerContext } from '../lib/context.js';
import { invalid, requiredValue } from '../lib/k8s-errors.js';
import type { Secret, ServiceAccount } from '../types.js';

/** The Secret type of legacy tokens. */
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** The annotation naming the token's ServiceAccount. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** The annotation the controller adds with the ServiceAccount's uid. */
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
/** The `iss` of every legacy token. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/** The payload of a legacy token: flat private claims, no exp, iat, nbf or aud. */
export interface LegacyTokenClaims {
  readonly iss: typeof LEGACY_ISSUER;
  readonly 'kubernetes.io/serviceaccount/namespace': string;
  readonly 'kubernetes.io/serviceaccount/secret.name': string;
  readonly 'kubernetes.io/serviceaccount/service-account.name': string;
  readonly 'kubernetes.io/serviceaccount/service-account.uid': string;
  readonly sub: string;
}

/** Stand-in for the cluster CA bundle, which this simulation does not model. */
const CA_PLACEHOLDER =
  '-----BEGIN CERTIFICATE-----\nirsa-lab placeholder: the cluster CA is not simulated\n-----END CERTIFICATE-----\n';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The claims of the legacy token for `sa` stored in the Secret `secretName`. */
export function legacyClaims(sa: ServiceAccount, secretName: string): LegacyTokenClaims {
  const namespace = sa.metadata.namespace ?? '';
  return {
    iss: LEGACY_ISSUER,
    'kubernetes.io/serviceaccount/namespace': namespace,
    'kubernetes.io/serviceaccount/secret.name': secretName,
    'kubernetes.io/serviceaccount/service-account.name': sa.metadata.name,
    'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
    sub: `system:serviceaccount:${namespace}:${sa.metadata.name}`,
  };
}

/** Validation of a service-account-token Secret: it must name its ServiceAccount. */
export function checkTokenSecret(secret: Secret): void {
  if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE) return;
  if (!secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION]) {
    throw invalid('Secret', secret.metadata.name, [
      requiredValue(`metadata.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`),
    ]);
  }
}

/**
 * What the tokens controller does to a new token Secret: if its
 * ServiceAccount exists and the Secret holds no token yet, sign one and add
 * `token`, `ca.crt`, `namespace` and the uid annotation. Mutates `secret`;
 * returns whether it was filled.
 *
 * Simplification: a Secret naming a missing ServiceAccount is left empty
 * (the real controller deletes it).
 */
export async function populateLegacyToken(ctx: ServerContext, secret: Secret): Promise<boolean> {
  if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE || secret.data?.token) return false;
  const saName = secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? '';
  const sa = ctx.store.get('ServiceAccount', secret.metadata.namespace, saName)?.object;
  if (!sa) {
    // Simplification: left empty; the real tokens controller deletes a Secret whose ServiceAccount is missing.
    const where = `${secret.metadata.namespace}/${secret.metadata.name}`;
    ctx.log.append(
      'k8s.secret-left-empty',
      EVENT_SOURCE,
      `secret ${where} left empty: service account "${saName}" does not exist`,
      {
        secret: where,
        serviceAccount: saName,
      },
    );
    return false;
  }
  const token = await ctx.signer({ ...legacyClaims(sa, secret.metadata.name) });
  secret.metadata.annotations = { ...secret.metadata.annotations, [SERVICE_ACCOUNT_UID_ANNOTATION]: sa.metadata.uid };
  secret.data = {
    ...secret.data,
    'ca.crt': b64(CA_PLACEHOLDER),
    namespace: b64(sa.metadata.namespace ?? ''),
    token: b64(token),
  };
  return true;
}

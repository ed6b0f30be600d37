/**
 * Every lab's checker, by the lab's folder name in info.yaml.
 */
import { checkRegisterOidcProvider } from './01-register-oidc-provider.js';
import { checkScopedTrustPolicy } from './02-scoped-trust-policy.js';
import { checkAnnotateServiceAccount } from './03-annotate-service-account.js';
import { checkLeastPrivilegeS3 } from './04-least-privilege-s3.js';
import { checkLockDownImds } from './05-lock-down-imds.js';
import { checkFixPermissiveTrust } from './06-fix-permissive-trust.js';
import { checkJwksCachingValidator } from './07-jwks-caching-validator.js';
import { checkRefreshCachedToken } from './08-refresh-cached-token.js';
import { checkCrossAccount } from './09-cross-account.js';
import { checkFixAudience } from './10-fix-audience.js';
import { checkPodIdentityTrust } from './11-pod-identity-trust.js';
import { checkPodIdentityAssociation } from './12-pod-identity-association.js';
import { checkPodIdentityAbac } from './13-pod-identity-abac.js';
import { checkPodIdentityMigration } from './14-pod-identity-migration.js';
import type { LabCheck } from './lab-check.js';

/** Checkers by lab folder. */
export const CHECKERS: Readonly<Record<string, LabCheck>> = {
  '01-register-oidc-provider': checkRegisterOidcProvider,
  '02-scoped-trust-policy': checkScopedTrustPolicy,
  '03-annotate-service-account': checkAnnotateServiceAccount,
  '04-least-privilege-s3': checkLeastPrivilegeS3,
  '05-lock-down-imds': checkLockDownImds,
  '06-fix-permissive-trust': checkFixPermissiveTrust,
  '07-jwks-caching-validator': checkJwksCachingValidator,
  '08-refresh-cached-token': checkRefreshCachedToken,
  '09-cross-account': checkCrossAccount,
  '10-fix-audience': checkFixAudience,
  '11-pod-identity-trust': checkPodIdentityTrust,
  '12-pod-identity-association': checkPodIdentityAssociation,
  '13-pod-identity-abac': checkPodIdentityAbac,
  '14-pod-identity-migration': checkPodIdentityMigration,
};

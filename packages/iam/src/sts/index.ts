/**
 * The simulated AWS STS: AssumeRoleWithWebIdentity (token validation against
 * the issuer's JWKS, trust policy evaluation, CloudTrail), GetCallerIdentity
 * with SigV4 verification, and msw handlers speaking the Query protocol.
 */

export type { CallFacts, WebIdentityFacts } from './cloudtrail.js';
export { cloudTrailDate } from './cloudtrail.js';
export { createSts } from './create-sts.js';
export type { StsHandlerOptions } from './handlers.js';
export { DEFAULT_STS_HOSTS, MAX_STS_BODY_BYTES, STS_API_VERSION, stsHandlers } from './handlers.js';
export { DEFAULT_JWKS_TTL_MS, discoveryUrl, MAX_DISCOVERY_BYTES, MAX_JWKS_BYTES, MAX_JWKS_KEYS } from './jwks-cache.js';
export { CLOUDTRAIL_ACCESS_DENIED_MESSAGE, stsErrors } from './messages.js';
export {
  assumeRoleWithWebIdentityXml,
  assumeRoleXml,
  errorResponseXml,
  getCallerIdentityXml,
  STS_XMLNS,
} from './query-xml.js';
export type { QuotaUsage } from './request-quota.js';
export { RequestQuota } from './request-quota.js';
export type { ParsedAuth, SigV4Credential, SigV4FailureReason, SigV4Result, VerifySigV4Options } from './sigv4.js';
export { formatAmzDate, parseAmzDate, Sha256 } from './sigv4.js';
export type {
  AssumeRoleResult,
  AssumeRoleWithWebIdentityParams,
  AssumeRoleWithWebIdentityResult,
  GetCallerIdentityResult,
  JwksCacheView,
  RequestMeta,
  Sts,
  StsCredentials,
  StsError,
  StsOptions,
  StsOutcome,
  TraceStep,
} from './types.js';
export { verifySigV4 } from './verify-sigv4.js';
export { DEFAULT_DURATION_SECONDS, MAX_SESSION_POLICY_PLAINTEXT } from './web-identity-steps.js';
export { ALLOWED_ALGS, EXP_LEEWAY_SECONDS } from './web-identity-token.js';

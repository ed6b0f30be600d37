/**
 * @irsa-lab/iam: the AWS account side of the simulation: IAM (OIDC
 * providers, roles, policies), the policy engine with its traces, STS
 * speaking the Query protocol, and the small S3.
 */

// iam
export type { ParsedArn } from './iam/arn.js';
export { assumedRoleArn, issuerHostPath, oidcProviderArn, parseArn, parseRoleArn, roleArn } from './iam/arn.js';
export type { StringConstraint, Violation } from './iam/constraints.js';
export { checkInteger, checkString, validationMessage } from './iam/constraints.js';
export type { IamOptions } from './iam/create-iam.js';
export { createIam } from './iam/create-iam.js';
export type { CredentialStoreOptions } from './iam/credential-store.js';
export { INSTANCE_PROFILE_SECONDS } from './iam/credential-store.js';
export type { IamAwsErrorCode } from './iam/errors.js';
export { awsCodeOf } from './iam/errors.js';
export { MAX_PROVIDERS_PER_ACCOUNT } from './iam/oidc-providers.js';
export { policySize } from './iam/policy-size.js';
export { MAX_INLINE_POLICIES_SIZE, MAX_ROLES_PER_ACCOUNT, MAX_TRUST_POLICY_SIZE } from './iam/roles.js';
export type {
  Account,
  CreateOpenIdConnectProviderInput,
  CreateRoleInput,
  Iam,
  InlinePolicy,
  IssueSessionInput,
  OpenIdConnectProvider,
  Role,
  SessionCredentials,
  Tag,
  WebIdentityInfo,
} from './iam/types.js';
// policy
export { evaluate } from './policy/evaluate.js';
export type { ParsePolicyOptions } from './policy/parse-policy.js';
export { MAX_POLICY_CHARS, parsePolicy, parsePolicyObject } from './policy/parse-policy.js';
export type {
  ConditionEntry,
  ConditionTrace,
  ConditionValue,
  Decision,
  EvaluationResult,
  Policy,
  Principal,
  RequestContext,
  Statement,
  StatementTrace,
} from './policy/types.js';

// sts
export type { CallFacts, WebIdentityFacts } from './sts/cloudtrail.js';
export { cloudTrailDate } from './sts/cloudtrail.js';
export { createSts } from './sts/create-sts.js';
export type { StsHandlerOptions } from './sts/handlers.js';
export { DEFAULT_STS_HOSTS, MAX_STS_BODY_BYTES, STS_API_VERSION, stsHandlers } from './sts/handlers.js';
export {
  DEFAULT_JWKS_TTL_MS,
  discoveryUrl,
  MAX_DISCOVERY_BYTES,
  MAX_JWKS_BYTES,
  MAX_JWKS_KEYS,
} from './sts/jwks-cache.js';
export { CLOUDTRAIL_ACCESS_DENIED_MESSAGE, stsErrors } from './sts/messages.js';
export { assumeRoleWithWebIdentityXml, errorResponseXml, getCallerIdentityXml, STS_XMLNS } from './sts/query-xml.js';
export type { ParsedAuth, SigV4Credential, SigV4FailureReason, SigV4Result, VerifySigV4Options } from './sts/sigv4.js';
export { formatAmzDate, parseAmzDate, Sha256 } from './sts/sigv4.js';
export type {
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
} from './sts/types.js';
export { verifySigV4 } from './sts/verify-sigv4.js';
export { DEFAULT_DURATION_SECONDS, MAX_SESSION_POLICY_PLAINTEXT } from './sts/web-identity-steps.js';
export { ALLOWED_ALGS, EXP_LEEWAY_SECONDS } from './sts/web-identity-token.js';

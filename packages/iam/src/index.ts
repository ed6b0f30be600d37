/**
 * @irsa-lab/iam: the AWS account side of the simulation: IAM (OIDC
 * providers, roles, policies), the policy engine with its traces, STS
 * speaking the Query protocol, and the small S3.
 */

// events and CloudTrail records
export type {
  AssumeRoleRecord,
  AssumeRoleWithWebIdentityRecord,
  GetCallerIdentityRecord,
  S3EventName,
  S3Record,
} from './cloudtrail-records.js';
export type { BucketCreatedEvent, BucketPolicyChangedEvent, IamChangedEvent, JwksFetchedEvent } from './events.js';
// iam
export type { ParsedArn } from './iam/arn.js';
export {
  assumedRoleArn,
  bucketArn,
  instanceProfileArn,
  issuerHostPath,
  objectArn,
  oidcProviderArn,
  parseArn,
  parseRoleArn,
  roleArn,
} from './iam/arn.js';
export type { AuthorizeRequestOptions, RequestAuthorization } from './iam/authorize-request.js';
export { authorizeRequest, trustsService } from './iam/authorize-request.js';
export type { StringConstraint, Violation } from './iam/constraints.js';
export { checkInteger, checkString, validationMessage } from './iam/constraints.js';
export type { IamOptions } from './iam/create-iam.js';
export { createIam, DEFAULT_IAM_QUOTAS } from './iam/create-iam.js';
export type { CredentialStoreOptions } from './iam/credential-store.js';
export { INSTANCE_PROFILE_SECONDS } from './iam/credential-store.js';
export type { IamAwsErrorCode } from './iam/errors.js';
export { awsCodeOf } from './iam/errors.js';
export { MAX_PROVIDERS_PER_ACCOUNT } from './iam/oidc-providers.js';
export { policySize } from './iam/policy-size.js';
export {
  FEDERATED_PRINCIPAL_MESSAGE,
  MAX_INLINE_POLICIES_SIZE,
  MAX_ROLES_PER_ACCOUNT,
  MAX_TRUST_POLICY_SIZE,
} from './iam/roles.js';
export type { IamQuotas } from './iam/state.js';
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
// s3
export type { Authentication, S3Caller } from './s3/authenticate.js';
export { MAX_REQUEST_SKEW_MS } from './s3/authenticate.js';
export type { AuthorizeInput } from './s3/authorize.js';
export { authorizeS3 } from './s3/authorize.js';
export { MAX_BUCKETS_PER_ACCOUNT, MAX_KEY_BYTES, MAX_OBJECT_BYTES } from './s3/buckets.js';
export { createS3 } from './s3/create-s3.js';
export type { S3SetupErrorCode } from './s3/errors.js';
export { s3Errors } from './s3/errors.js';
export type { S3HandlerOptions } from './s3/handlers.js';
export { s3Handlers } from './s3/handlers.js';
export { MAX_LIST_KEYS } from './s3/list-objects.js';
export { parseS3Host } from './s3/route.js';
export type {
  Bucket,
  CreateBucketOptions,
  PutObjectDirectOptions,
  S3,
  S3Authorization,
  S3CallerRelation,
  S3Error,
  S3Object,
  S3Operation,
  S3Options,
  S3Outcome,
} from './s3/types.js';
export { S3_XMLNS } from './s3/xml.js';
// sigv4 (STS GetCallerIdentity and S3)
export type {
  ParsedAuth,
  SigV4Credential,
  SigV4FailureReason,
  SigV4Result,
  VerifySigV4Options,
} from './sigv4/sigv4.js';
export { formatAmzDate, parseAmzDate } from './sigv4/sigv4.js';
export { verifySigV4 } from './sigv4/verify-sigv4.js';
// sts
export type { CallFacts, WebIdentityFacts } from './sts/cloudtrail.js';
export { cloudTrailDate } from './sts/cloudtrail.js';
export { createSts, MAX_REMEMBERED_TRACES } from './sts/create-sts.js';
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
export {
  assumeRoleWithWebIdentityXml,
  assumeRoleXml,
  errorResponseXml,
  getCallerIdentityXml,
  STS_XMLNS,
} from './sts/query-xml.js';
export type { QuotaUsage } from './sts/request-quota.js';
export { RequestQuota } from './sts/request-quota.js';
export { MAX_SESSION_TAGS } from './sts/session-tags.js';
export type {
  AssumeRoleParams,
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
} from './sts/types.js';
export { DEFAULT_DURATION_SECONDS, MAX_SESSION_POLICY_PLAINTEXT } from './sts/web-identity-steps.js';
export { ALLOWED_ALGS, EXP_LEEWAY_SECONDS } from './sts/web-identity-token.js';

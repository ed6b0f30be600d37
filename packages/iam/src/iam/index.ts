/**
 * The simulated IAM: accounts, OIDC identity providers, roles with trust and
 * inline policies, and the session credential store shared with STS and S3.
 */

export type { ParsedArn } from './arn.js';
export { assumedRoleArn, issuerHostPath, oidcProviderArn, parseArn, parseRoleArn, roleArn } from './arn.js';
export type { StringConstraint, Violation } from './constraints.js';
export { checkInteger, checkString, validationMessage } from './constraints.js';
export type { IamOptions } from './create-iam.js';
export { createIam, DEFAULT_IAM_QUOTAS } from './create-iam.js';
export type { CredentialStoreOptions } from './credential-store.js';
export { INSTANCE_PROFILE_SECONDS } from './credential-store.js';
export type { IamAwsErrorCode } from './errors.js';
export { awsCodeOf } from './errors.js';
export { MAX_PROVIDERS_PER_ACCOUNT } from './oidc-providers.js';
export { policySize } from './policy-size.js';
export {
  FEDERATED_PRINCIPAL_MESSAGE,
  MAX_INLINE_POLICIES_SIZE,
  MAX_ROLES_PER_ACCOUNT,
  MAX_TRUST_POLICY_SIZE,
} from './roles.js';
export type { IamQuotas } from './state.js';
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
} from './types.js';

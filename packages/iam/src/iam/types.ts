/**
 * Public types of the simulated IAM: accounts, OIDC identity providers,
 * roles with their trust and inline policies, and the session credentials
 * that STS mints and that signed requests are later verified against.
 * Field names follow the IAM API (`RoleName`, `ClientIDList`) so a learner
 * can map them to the AWS docs; simulation-only fields are lower camel case.
 */
import type { Policy } from '../policy/types.js';

/** An IAM tag. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** An AWS account of the world. */
export interface Account {
  readonly accountId: string;
  readonly alias?: string;
}

/** An IAM OIDC identity provider, as GetOpenIDConnectProvider shows it plus its ARN. */
export interface OpenIdConnectProvider {
  readonly Arn: string;
  readonly accountId: string;
  /** The issuer URL as registered, with `https://` (STS compares the token's `iss` to it exactly). */
  readonly Url: string;
  readonly ClientIDList: readonly string[];
  readonly ThumbprintList: readonly string[];
  readonly Tags: readonly Tag[];
  /** ISO-8601, seconds. */
  readonly CreateDate: string;
  readonly createdAtMs: number;
}

/** CreateOpenIDConnectProvider input (IAM API names). */
export interface CreateOpenIdConnectProviderInput {
  readonly Url: string;
  readonly ClientIDList?: readonly string[];
  readonly ThumbprintList?: readonly string[];
  readonly Tags?: readonly Tag[];
}

/** One inline (role) policy. */
export interface InlinePolicy {
  readonly PolicyName: string;
  /** The JSON text as given. */
  readonly PolicyDocument: string;
  readonly policy: Policy;
}

/** An IAM role as GetRole shows it, plus its parsed policies. */
export interface Role {
  readonly accountId: string;
  readonly Path: string;
  readonly RoleName: string;
  /** AROA... */
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly createdAtMs: number;
  /** The trust policy text as given. */
  readonly AssumeRolePolicyDocument: string;
  /** The trust policy, parsed as a resource policy. */
  readonly trustPolicy: Policy;
  readonly Description?: string;
  /** Seconds, 3600-43200. */
  readonly MaxSessionDuration: number;
  readonly inlinePolicies: readonly InlinePolicy[];
}

/** CreateRole input (IAM API names). */
export interface CreateRoleInput {
  readonly RoleName: string;
  /** JSON text of the trust policy. */
  readonly AssumeRolePolicyDocument: string;
  /** Seconds, 3600-43200; default 3600. */
  readonly MaxSessionDuration?: number;
  /** Default `/`. */
  readonly Path?: string;
  readonly Description?: string;
}

/** Who the web identity behind a session was (for attribution and CloudTrail). */
export interface WebIdentityInfo {
  readonly sub: string;
  readonly aud: string;
  readonly providerArn: string;
  /** The token's jti, when it had one: links the session back to the token. */
  readonly jti?: string;
}

/** What a session is issued for (STS fills it in after its checks). */
export interface IssueSessionInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly sourceIdentity?: string;
  readonly webIdentity?: WebIdentityInfo;
  /** A session policy (AssumeRole* `Policy`), kept so a later permission check can intersect with it. */
  readonly sessionPolicy?: Policy;
  /** Which STS operation made the session. Default `web-identity`. */
  readonly kind?: 'web-identity' | 'assume-role';
  /** The session's tags (passed and inherited), seen later as `aws:PrincipalTag/<key>`. */
  readonly sessionTags?: readonly Tag[];
  /** Keys of `sessionTags` passed on to sessions this one creates (role chaining). */
  readonly transitiveTagKeys?: readonly string[];
}

/** Temporary credentials and what they stand for. */
export interface SessionCredentials {
  /** ASIA... */
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly ExpirationMs: number;
  readonly issuedAtMs: number;
  readonly kind: 'web-identity' | 'assume-role' | 'instance-profile';
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly roleSessionName: string;
  /** `arn:aws:sts::<acct>:assumed-role/<RoleName>/<RoleSessionName>` */
  readonly assumedRoleArn: string;
  /** `<AROA...>:<RoleSessionName>` */
  readonly assumedRoleId: string;
  readonly sourceIdentity?: string;
  readonly webIdentity?: WebIdentityInfo;
  readonly sessionPolicy?: Policy;
  /** Session tags (AssumeRole `Tags` and inherited transitive tags). */
  readonly sessionTags?: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
}

/** The simulated IAM of a world: every account's entities and the shared credential store. */
export interface Iam {
  createAccount(accountId: string, alias?: string): Account;
  getAccount(accountId: string): Account | undefined;
  listAccounts(): readonly Account[];

  createOpenIdConnectProvider(accountId: string, input: CreateOpenIdConnectProviderInput): { Arn: string };
  getOpenIdConnectProvider(arn: string): OpenIdConnectProvider;
  /** The provider of `accountId` registered for exactly `url`, if any (what STS looks up for a token's `iss`). */
  findOpenIdConnectProviderByUrl(accountId: string, url: string): OpenIdConnectProvider | undefined;
  listOpenIdConnectProviders(accountId: string): readonly OpenIdConnectProvider[];
  deleteOpenIdConnectProvider(arn: string): void;
  addClientIdToOpenIdConnectProvider(arn: string, clientId: string): void;
  removeClientIdFromOpenIdConnectProvider(arn: string, clientId: string): void;

  createRole(accountId: string, input: CreateRoleInput): Role;
  getRole(accountId: string, roleName: string): Role;
  findRoleByArn(arn: string): Role | undefined;
  listRoles(accountId: string): readonly Role[];
  deleteRole(accountId: string, roleName: string): void;
  updateAssumeRolePolicy(accountId: string, roleName: string, documentText: string): Role;
  putRolePolicy(accountId: string, roleName: string, policyName: string, documentText: string): Role;
  deleteRolePolicy(accountId: string, roleName: string, policyName: string): Role;

  issueSessionCredentials(input: IssueSessionInput): SessionCredentials;
  /** EC2 instance-profile credentials for a node role; the session name is the instance id. */
  mintInstanceProfileCredentials(roleArn: string, instanceId: string, durationSeconds?: number): SessionCredentials;
  /** The session behind an access key id (also after it expired, until pruned), or undefined. */
  lookupAccessKey(accessKeyId: string): SessionCredentials | undefined;
  /** Every session still known (expired ones too, until pruned), oldest first. */
  listSessions(): readonly SessionCredentials[];
}

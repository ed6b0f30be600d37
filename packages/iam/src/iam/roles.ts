/**
 * IAM roles: CreateRole, UpdateAssumeRolePolicy, PutRolePolicy and friends.
 * A trust policy is parsed as a resource policy and an inline policy as an
 * identity policy by the policy engine; a parse error becomes
 * MalformedPolicyDocument with the parser's line, column and field. Quotas:
 * 1000 roles per account, 2048 characters of trust policy, 10240 characters
 * of inline policies per role (white space outside strings not counted).
 * Like IAM, a trust policy's Federated principals must be domain names (web
 * identity providers such as cognito-identity.amazonaws.com) or the ARN of
 * a provider that exists: naming an OIDC provider that is not registered is
 * MalformedPolicyDocument "Federated principals must be valid domain names
 * or SAML metadata ARNs" (the error users of terraform and pulumi report when
 * the provider ARN is missing or wrong). Deleting a provider later leaves the
 * roles that name it as they are, as in IAM.
 */
import { isSimError } from '@irsa-lab/core';
import { parsePolicy } from '../policy/index.js';
import type { Policy } from '../policy/types.js';
import { parseArn, parseRoleArn, roleArn } from './arn.js';
import {
  checkInteger,
  checkString,
  POLICY_PATTERN,
  POLICY_REGEX,
  type Violation,
  validationMessage,
} from './constraints.js';
import { iamError } from './errors.js';
import { policySize } from './policy-size.js';
import { accountState, type IamContext, logChange, nowStamp } from './state.js';
import type { CreateRoleInput, InlinePolicy, Role } from './types.js';

/** Roles per account (IAM default quota). */
export const MAX_ROLES_PER_ACCOUNT = 1000;
/** Default quota of a role trust policy (`ACLSizePerRole`), characters; a world's is `IamQuotas.roleTrustPolicyLength`. */
export const MAX_TRUST_POLICY_SIZE = 2048;
/** Aggregate size of a role's inline policies, characters. */
export const MAX_INLINE_POLICIES_SIZE = 10240;
const DEFAULT_MAX_SESSION_SECONDS = 3600;

const NAME_PLUS = /^[A-Za-z0-9_+=,.@-]+$/;
const PATH_REGEX = /^(\/|\/[\u0021-\u007E]+\/)$/;

function failIfAny(violations: readonly Violation[]): void {
  if (violations.length > 0) {
    throw iamError('ValidationError', validationMessage(violations), { field: violations[0]?.member });
  }
}

function roleNameViolations(name: string | undefined): Violation[] {
  return checkString('roleName', name, { required: true, min: 1, max: 64, pattern: '[\\w+=,.@-]+', regex: NAME_PLUS });
}

function documentViolations(member: string, text: string | undefined): Violation[] {
  return checkString(member, text, {
    required: true,
    min: 1,
    max: 131072,
    pattern: POLICY_PATTERN,
    regex: POLICY_REGEX,
  });
}

/** Parse a policy document, turning the engine's POLICY_MALFORMED into IAM's MalformedPolicyDocument. */
export function parseDocument(text: string, name: string, kind: 'identity' | 'resource'): Policy {
  try {
    return parsePolicy(text, { name, kind });
  } catch (err) {
    if (isSimError(err) && err.code === 'POLICY_MALFORMED') {
      throw iamError('MalformedPolicyDocument', err.message, { ...err.detail, policy: name }, err);
    }
    throw err;
  }
}

/** The IAM text for a Federated principal it does not accept. */
export const FEDERATED_PRINCIPAL_MESSAGE = 'Federated principals must be valid domain names or SAML metadata ARNs';

const DOMAIN_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * Why IAM refuses this Federated principal, or undefined if it accepts it: an
 * `oidc-provider/` ARN must name a provider registered in its account; other
 * ARNs (SAML providers, which this simulation does not have) are refused as
 * not existing; anything else must be a domain name.
 * Simplification: `*` is accepted and left to the policy evaluator, a
 * provider of another account is accepted if it exists there, and "domain
 * name" is checked by its shape only; what IAM does in these cases is not
 * documented.
 */
function federatedProblem(ctx: IamContext, value: string): string | undefined {
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) {
    return DOMAIN_NAME.test(value) ? undefined : `"${value}" is neither a domain name nor a provider ARN`;
  }
  const arn = parseArn(value);
  if (arn?.service !== 'iam' || !arn.resource.startsWith('oidc-provider/')) {
    return `${value} is not the ARN of an identity provider in this simulation (it has OIDC providers only)`;
  }
  if (!ctx.accounts.get(arn.accountId)?.providers.has(value)) {
    return `${value} names no OIDC provider: none is registered with that ARN`;
  }
  return undefined;
}

/** Refuse a trust policy whose Federated principals IAM would not accept, naming the statement's line. */
function checkFederatedPrincipals(ctx: IamContext, policy: Policy): void {
  for (const statement of policy.statements) {
    for (const [element, principal] of [
      ['Principal', statement.principal],
      ['NotPrincipal', statement.notPrincipal],
    ] as const) {
      if (principal?.kind !== 'map') continue;
      for (const value of principal.Federated ?? []) {
        const problem = federatedProblem(ctx, value);
        if (problem === undefined) continue;
        throw iamError('MalformedPolicyDocument', FEDERATED_PRINCIPAL_MESSAGE, {
          policy: policy.name,
          field: `Statement[${statement.index}].${element}.Federated`,
          path: ['Statement', statement.index, element, 'Federated'],
          ...(statement.line === undefined ? {} : { line: statement.line }),
          statement: statement.index,
          value,
          problem,
        });
      }
    }
  }
}

function parseTrustPolicy(ctx: IamContext, roleName: string, text: string): Policy {
  const size = policySize(text);
  const quota = ctx.quotas.roleTrustPolicyLength;
  if (size > quota) {
    throw iamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${quota}`, {
      limit: 'ACLSizePerRole',
      size,
    });
  }
  const policy = parseDocument(text, `trust policy of role/${roleName}`, 'resource');
  checkFederatedPrincipals(ctx, policy);
  return policy;
}

function freezeRole(role: Role): Role {
  return Object.freeze({ ...role, inlinePolicies: Object.freeze([...role.inlinePolicies]) });
}

/** CreateRole. */
export function createRole(ctx: IamContext, accountId: string, input: CreateRoleInput): Role {
  const state = accountState(ctx, accountId);
  const maxSession = input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_SECONDS;
  if (!Number.isInteger(maxSession)) throw new TypeError('createRole: MaxSessionDuration must be an integer');
  const path = input.Path ?? '/';
  failIfAny([
    ...checkString('path', input.Path, {
      min: 1,
      max: 512,
      pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
      regex: PATH_REGEX,
    }),
    ...roleNameViolations(input.RoleName),
    ...documentViolations('assumeRolePolicyDocument', input.AssumeRolePolicyDocument),
    ...checkString('description', input.Description, { max: 1000 }),
    ...checkInteger('maxSessionDuration', String(maxSession), { min: 3600, max: 43200 }),
  ]);
  const key = input.RoleName.toLowerCase();
  if (state.roles.has(key)) {
    throw iamError('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`, { field: 'RoleName' });
  }
  if (state.roles.size >= MAX_ROLES_PER_ACCOUNT) {
    throw iamError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${MAX_ROLES_PER_ACCOUNT}`, {
      limit: 'RolesPerAccount',
    });
  }
  const trustPolicy = parseTrustPolicy(ctx, input.RoleName, input.AssumeRolePolicyDocument);
  const now = nowStamp(ctx);
  const role = freezeRole({
    accountId,
    Path: path,
    RoleName: input.RoleName,
    RoleId: ctx.ids.awsId('AROA'),
    Arn: roleArn(accountId, path, input.RoleName),
    CreateDate: now.iso,
    createdAtMs: now.ms,
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    trustPolicy,
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    MaxSessionDuration: maxSession,
    inlinePolicies: [],
  });
  state.roles.set(key, role);
  logChange(ctx, 'CreateRole', `role ${role.Arn} created`, { accountId, arn: role.Arn, roleId: role.RoleId });
  return role;
}

/** GetRole, or NoSuchEntity. */
export function getRole(ctx: IamContext, accountId: string, roleName: string): Role {
  const role = accountState(ctx, accountId).roles.get(String(roleName).toLowerCase());
  if (!role) throw iamError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, { field: 'RoleName' });
  return role;
}

/** The role whose ARN is exactly `arn` (path included), or undefined. */
export function findRoleByArn(ctx: IamContext, arn: string): Role | undefined {
  const parsed = parseRoleArn(arn);
  if (!parsed) return undefined;
  const role = ctx.accounts.get(parsed.accountId)?.roles.get(parsed.roleName.toLowerCase());
  return role?.Arn === arn ? role : undefined;
}

/** ListRoles (in creation order). */
export function listRoles(ctx: IamContext, accountId: string): readonly Role[] {
  return [...accountState(ctx, accountId).roles.values()];
}

function replaceRole(ctx: IamContext, role: Role, next: Role, action: string, summary: string): Role {
  const frozen = freezeRole(next);
  accountState(ctx, role.accountId).roles.set(role.RoleName.toLowerCase(), frozen);
  logChange(ctx, action, summary, { accountId: role.accountId, arn: role.Arn });
  return frozen;
}

/** DeleteRole: like IAM, refuses while the role still has inline policies. Sessions already issued live on. */
export function deleteRole(ctx: IamContext, accountId: string, roleName: string): void {
  const role = getRole(ctx, accountId, roleName);
  if (role.inlinePolicies.length > 0) {
    throw iamError('DeleteConflict', 'Cannot delete entity, must delete policies first.', { field: 'RoleName' });
  }
  accountState(ctx, accountId).roles.delete(role.RoleName.toLowerCase());
  logChange(ctx, 'DeleteRole', `role ${role.Arn} deleted`, { accountId, arn: role.Arn });
}

/** UpdateAssumeRolePolicy. */
export function updateAssumeRolePolicy(ctx: IamContext, accountId: string, roleName: string, text: string): Role {
  const role = getRole(ctx, accountId, roleName);
  failIfAny(documentViolations('policyDocument', text));
  const trustPolicy = parseTrustPolicy(ctx, role.RoleName, text);
  return replaceRole(
    ctx,
    role,
    { ...role, AssumeRolePolicyDocument: text, trustPolicy },
    'UpdateAssumeRolePolicy',
    `trust policy of ${role.Arn} updated`,
  );
}

/** PutRolePolicy: add or replace an inline (identity) policy. */
export function putRolePolicy(
  ctx: IamContext,
  accountId: string,
  roleName: string,
  policyName: string,
  text: string,
): Role {
  const role = getRole(ctx, accountId, roleName);
  failIfAny([
    ...checkString('policyName', policyName, {
      required: true,
      min: 1,
      max: 128,
      pattern: '[\\w+=,.@-]+',
      regex: NAME_PLUS,
    }),
    ...documentViolations('policyDocument', text),
  ]);
  const others = role.inlinePolicies.filter((p) => p.PolicyName !== policyName);
  const total = others.reduce((n, p) => n + policySize(p.PolicyDocument), policySize(text));
  if (total > MAX_INLINE_POLICIES_SIZE) {
    throw iamError(
      'LimitExceeded',
      `Maximum policy size of ${MAX_INLINE_POLICIES_SIZE} bytes exceeded for role ${role.RoleName}`,
      { limit: 'RolePolicySize', size: total },
    );
  }
  const policy = parseDocument(text, `${policyName} (inline policy of role/${role.RoleName})`, 'identity');
  const entry: InlinePolicy = Object.freeze({ PolicyName: policyName, PolicyDocument: text, policy });
  const existing = role.inlinePolicies.findIndex((p) => p.PolicyName === policyName);
  const inlinePolicies =
    existing < 0 ? [...role.inlinePolicies, entry] : role.inlinePolicies.map((p, i) => (i === existing ? entry : p));
  return replaceRole(
    ctx,
    role,
    { ...role, inlinePolicies },
    'PutRolePolicy',
    `inline policy ${policyName} put on ${role.Arn}`,
  );
}

/** DeleteRolePolicy. */
export function deleteRolePolicy(ctx: IamContext, accountId: string, roleName: string, policyName: string): Role {
  const role = getRole(ctx, accountId, roleName);
  if (!role.inlinePolicies.some((p) => p.PolicyName === policyName)) {
    throw iamError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, { field: 'PolicyName' });
  }
  const inlinePolicies = role.inlinePolicies.filter((p) => p.PolicyName !== policyName);
  return replaceRole(
    ctx,
    role,
    { ...role, inlinePolicies },
    'DeleteRolePolicy',
    `inline policy ${policyName} deleted from ${role.Arn}`,
  );
}

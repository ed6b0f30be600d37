/**
 * createIam: the simulated IAM of one world. It wires the account table, the
 * OIDC provider and role operations and the credential store over one state,
 * with time from the passed-in clock, ids from the id maker, and every
 * change recorded in the event log as 'iam.changed'.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import { type CredentialStoreOptions, createCredentialStore } from './credential-store.js';
import { iamError } from './errors.js';
import * as oidc from './oidc-providers.js';
import * as roles from './roles.js';
import { type IamContext, type IamQuotas, logChange } from './state.js';
import type { Account, Iam } from './types.js';

/** What createIam needs: the world's clock, id maker and event log. */
export interface IamOptions {
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly credentials?: CredentialStoreOptions;
  /** Quotas other than the defaults (IAM user guide, "IAM and AWS STS quotas"). */
  readonly quotas?: Partial<IamQuotas>;
}

/** The default quotas: 2048 characters of trust policy, 100 OIDC providers per account. */
export const DEFAULT_IAM_QUOTAS: IamQuotas = Object.freeze({
  roleTrustPolicyLength: 2048,
  openIdConnectProvidersPerAccount: 100,
});

function createAccount(ctx: IamContext, accountId: string, alias?: string): Account {
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    throw iamError('InvalidInput', `An AWS account id is 12 digits, not '${String(accountId)}'.`, {
      field: 'accountId',
    });
  }
  if (ctx.accounts.has(accountId)) {
    throw iamError('EntityAlreadyExists', `The account ${accountId} already exists.`, { field: 'accountId' });
  }
  const account: Account = Object.freeze(alias === undefined ? { accountId } : { accountId, alias });
  ctx.accounts.set(accountId, { account, providers: new Map(), roles: new Map() });
  logChange(ctx, 'CreateAccount', `account ${accountId}${alias ? ` (${alias})` : ''} created`, { accountId, alias });
  return account;
}

/**
 * Create the IAM of a world.
 * @example
 * const iam = createIam({ clock, ids, log });
 * iam.createAccount('111122223333');
 * const { Arn } = iam.createOpenIdConnectProvider('111122223333', { Url: issuer, ClientIDList: ['sts.amazonaws.com'] });
 */
export function createIam(options: IamOptions): Iam {
  const quotas = { ...DEFAULT_IAM_QUOTAS, ...options.quotas };
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`IAM quota ${name} must be a whole number of at least 1`);
  }
  const ctx: IamContext = { clock: options.clock, ids: options.ids, log: options.log, accounts: new Map(), quotas };
  const store = createCredentialStore(ctx, options.credentials);
  return {
    createAccount: (accountId, alias) => createAccount(ctx, accountId, alias),
    getAccount: (accountId) => ctx.accounts.get(accountId)?.account,
    listAccounts: () => [...ctx.accounts.values()].map((s) => s.account),

    createOpenIdConnectProvider: (accountId, input) => oidc.createOpenIdConnectProvider(ctx, accountId, input),
    getOpenIdConnectProvider: (arn) => oidc.getOpenIdConnectProvider(ctx, arn),
    findOpenIdConnectProviderByUrl: (accountId, url) => oidc.findOpenIdConnectProviderByUrl(ctx, accountId, url),
    listOpenIdConnectProviders: (accountId) => oidc.listOpenIdConnectProviders(ctx, accountId),
    deleteOpenIdConnectProvider: (arn) => oidc.deleteOpenIdConnectProvider(ctx, arn),
    addClientIdToOpenIdConnectProvider: (arn, id) => oidc.addClientIdToOpenIdConnectProvider(ctx, arn, id),
    removeClientIdFromOpenIdConnectProvider: (arn, id) => oidc.removeClientIdFromOpenIdConnectProvider(ctx, arn, id),

    createRole: (accountId, input) => roles.createRole(ctx, accountId, input),
    getRole: (accountId, name) => roles.getRole(ctx, accountId, name),
    findRoleByArn: (arn) => roles.findRoleByArn(ctx, arn),
    listRoles: (accountId) => roles.listRoles(ctx, accountId),
    deleteRole: (accountId, name) => roles.deleteRole(ctx, accountId, name),
    updateAssumeRolePolicy: (accountId, name, text) => roles.updateAssumeRolePolicy(ctx, accountId, name, text),
    putRolePolicy: (accountId, name, policyName, text) => roles.putRolePolicy(ctx, accountId, name, policyName, text),
    deleteRolePolicy: (accountId, name, policyName) => roles.deleteRolePolicy(ctx, accountId, name, policyName),

    issueSessionCredentials: store.issueSessionCredentials,
    mintInstanceProfileCredentials: store.mintInstanceProfileCredentials,
    lookupAccessKey: store.lookupAccessKey,
    listSessions: store.listSessions,
  };
}

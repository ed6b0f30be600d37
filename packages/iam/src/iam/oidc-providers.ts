/**
 * IAM OIDC identity providers: CreateOpenIDConnectProvider and friends, with
 * the input rules of the IAM API (https only, 1-255 characters, path allowed,
 * no query and no port; at most 100 client ids of 1-255 characters; at most
 * 5 thumbprints of 40 hex characters; at most 100 providers per account).
 */
import { oidcProviderArn, parseArn } from './arn.js';
import { iamError } from './errors.js';
import { accountState, type IamContext, logChange, nowStamp } from './state.js';
import type { CreateOpenIdConnectProviderInput, OpenIdConnectProvider, Tag } from './types.js';

/** Providers per account (IAM default quota); a world's is `IamQuotas.openIdConnectProvidersPerAccount`. */
export const MAX_PROVIDERS_PER_ACCOUNT = 100;
/** Client ids per provider. */
export const MAX_CLIENT_IDS = 100;
/** Thumbprints per provider. */
export const MAX_THUMBPRINTS = 5;
/** Tags per provider. */
export const MAX_TAGS = 50;

function invalid(message: string, field: string): never {
  throw iamError('InvalidInput', message, { field });
}

function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length < 1 || url.length > 255) {
    invalid('The URL of an OpenID Connect provider must be 1 to 255 characters long.', 'Url');
  }
  if (!url.startsWith('https://')) invalid(`The URL ${url} must begin with https://`, 'Url');
  const authority = url.slice('https://'.length).split('/')[0] ?? '';
  if (authority === '') invalid(`The URL ${url} has no host name.`, 'Url');
  if (url.includes('?') || url.includes('#')) invalid(`The URL ${url} must not contain a query or fragment.`, 'Url');
  // a port, or user info, in the authority: IAM accepts only the default https port, implied
  if (authority.includes(':') || authority.includes('@')) invalid(`The URL ${url} must not contain a port.`, 'Url');
  try {
    new URL(url);
  } catch {
    invalid(`The URL ${url} is not a valid URL.`, 'Url');
  }
  return url;
}

function checkClientIds(list: readonly string[] | undefined): string[] {
  const ids = [...(list ?? [])];
  if (ids.length > MAX_CLIENT_IDS) {
    throw iamError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`, {
      limit: 'ClientIdsPerOpenIdConnectProvider',
    });
  }
  for (const id of ids) {
    if (typeof id !== 'string' || id.length < 1 || id.length > 255) {
      invalid('Each client ID must be 1 to 255 characters long.', 'ClientIDList');
    }
  }
  return [...new Set(ids)];
}

function checkThumbprints(list: readonly string[] | undefined): string[] {
  const prints = [...(list ?? [])];
  if (prints.length > MAX_THUMBPRINTS) {
    invalid(`The thumbprint list can hold at most ${MAX_THUMBPRINTS} thumbprints.`, 'ThumbprintList');
  }
  for (const p of prints) {
    if (typeof p !== 'string' || !/^[0-9a-fA-F]{40}$/.test(p)) {
      invalid('Each thumbprint must be exactly 40 hexadecimal characters (a SHA-1 fingerprint).', 'ThumbprintList');
    }
  }
  return prints;
}

function checkTags(tags: readonly Tag[] | undefined): Tag[] {
  const list = [...(tags ?? [])];
  if (list.length > MAX_TAGS) invalid(`At most ${MAX_TAGS} tags are allowed.`, 'Tags');
  return list.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** CreateOpenIDConnectProvider: returns the provider ARN. */
export function createOpenIdConnectProvider(
  ctx: IamContext,
  accountId: string,
  input: CreateOpenIdConnectProviderInput,
): { Arn: string } {
  const state = accountState(ctx, accountId);
  const url = checkUrl(input.Url);
  const ClientIDList = checkClientIds(input.ClientIDList);
  const ThumbprintList = checkThumbprints(input.ThumbprintList);
  const Tags = checkTags(input.Tags);
  const arn = oidcProviderArn(accountId, url);
  if (state.providers.has(arn)) {
    throw iamError('EntityAlreadyExists', `Provider with url ${url} already exists.`, { field: 'Url', arn });
  }
  const quota = ctx.quotas.openIdConnectProvidersPerAccount;
  if (state.providers.size >= quota) {
    throw iamError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${quota}`, {
      limit: 'OpenIdConnectProvidersPerAccount',
    });
  }
  const now = nowStamp(ctx);
  const provider: OpenIdConnectProvider = Object.freeze({
    Arn: arn,
    accountId,
    Url: url,
    ClientIDList: Object.freeze(ClientIDList),
    ThumbprintList: Object.freeze(ThumbprintList),
    Tags: Object.freeze(Tags),
    CreateDate: now.iso,
    createdAtMs: now.ms,
  });
  state.providers.set(arn, provider);
  logChange(ctx, 'CreateOpenIDConnectProvider', `OIDC provider ${url} registered in ${accountId}`, {
    accountId,
    arn,
    url,
    clientIds: ClientIDList,
  });
  return { Arn: arn };
}

/** The state and provider behind `arn`, or NoSuchEntity. */
function locate(
  ctx: IamContext,
  arn: string,
): { providers: Map<string, OpenIdConnectProvider>; provider: OpenIdConnectProvider } {
  const accountId = parseArn(arn)?.accountId;
  const state = accountId === undefined ? undefined : ctx.accounts.get(accountId);
  const provider = state?.providers.get(arn);
  if (!state || !provider) throw iamError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, { arn });
  return { providers: state.providers, provider };
}

/** GetOpenIDConnectProvider. */
export function getOpenIdConnectProvider(ctx: IamContext, arn: string): OpenIdConnectProvider {
  return locate(ctx, arn).provider;
}

/** The provider of `accountId` whose URL is exactly `url` (no normalisation: a trailing slash differs). */
export function findOpenIdConnectProviderByUrl(
  ctx: IamContext,
  accountId: string,
  url: string,
): OpenIdConnectProvider | undefined {
  const state = ctx.accounts.get(accountId);
  if (!state) return undefined;
  for (const p of state.providers.values()) if (p.Url === url) return p;
  return undefined;
}

/** ListOpenIDConnectProviders (with full details, in creation order). */
export function listOpenIdConnectProviders(ctx: IamContext, accountId: string): readonly OpenIdConnectProvider[] {
  return [...accountState(ctx, accountId).providers.values()];
}

/** DeleteOpenIDConnectProvider. Roles that trust it stay, and can no longer be assumed with its tokens. */
export function deleteOpenIdConnectProvider(ctx: IamContext, arn: string): void {
  const { providers, provider } = locate(ctx, arn);
  providers.delete(arn);
  logChange(ctx, 'DeleteOpenIDConnectProvider', `OIDC provider ${provider.Url} deleted`, {
    accountId: provider.accountId,
    arn,
  });
}

function replaceClientIds(ctx: IamContext, arn: string, action: string, edit: (ids: string[]) => string[]): void {
  const { providers, provider } = locate(ctx, arn);
  const next = checkClientIds(edit([...provider.ClientIDList]));
  providers.set(arn, Object.freeze({ ...provider, ClientIDList: Object.freeze(next) }));
  logChange(ctx, action, `client ids of ${provider.Url} are now [${next.join(', ')}]`, {
    accountId: provider.accountId,
    arn,
    clientIds: next,
  });
}

/** AddClientIDToOpenIDConnectProvider (adding an id already present changes nothing, as in IAM). */
export function addClientIdToOpenIdConnectProvider(ctx: IamContext, arn: string, clientId: string): void {
  if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > 255) {
    invalid('A client ID must be 1 to 255 characters long.', 'ClientID');
  }
  replaceClientIds(ctx, arn, 'AddClientIDToOpenIDConnectProvider', (ids) => [...ids, clientId]);
}

/** RemoveClientIDFromOpenIDConnectProvider (removing an absent id changes nothing, as in IAM). */
export function removeClientIdFromOpenIdConnectProvider(ctx: IamContext, arn: string, clientId: string): void {
  replaceClientIds(ctx, arn, 'RemoveClientIDFromOpenIDConnectProvider', (ids) => ids.filter((id) => id !== clientId));
}

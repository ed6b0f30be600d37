/**
 * createSts: the simulated AWS STS of a world, over its IAM. It reaches
 * identity providers only through the injected fetch (never the issuer
 * package), keeps its JWKS cache in simulated time, and records every call
 * in the event log as CloudTrail.
 */

import { parseRoleArn } from '../iam/arn.js';
import { RecentKeys } from '../iam/recent-keys.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { JwksCache } from './jwks-cache.js';
import { stsErrors } from './messages.js';
import { RequestQuota } from './request-quota.js';
import { regionOfHost, requestMeta, type StsDeps } from './run.js';
import type { RequestMeta, Sts, StsOptions, StsOutcome, TraceStep } from './types.js';

/**
 * How many recent calls' traces `traceOf` can still return. A trace with its
 * policy evaluations is about 2.6 KB, and what reads them (a scenario step,
 * explaining the calls it just made) needs the last few: 1,000 of them kept
 * sts-throttling's 1,400 calls a step at 2.6 MB more live heap.
 */
export const MAX_REMEMBERED_TRACES = 100;

/**
 * Create the STS of a world.
 * @example
 * const sts = createSts({ iam, clock, ids, log, fetch: (url) => network.fetch(url, { from: STS_CALLER }) });
 * const out = await sts.assumeRoleWithWebIdentity({ RoleArn, RoleSessionName: 'app', WebIdentityToken: token });
 */
export function createSts(options: StsOptions): Sts {
  const jwks = new JwksCache({
    clock: options.clock,
    log: options.log,
    fetch: options.fetch,
    ...(options.jwksCacheTtlMs === undefined ? {} : { ttlMs: options.jwksCacheTtlMs }),
  });
  const deps: StsDeps = {
    iam: options.iam,
    clock: options.clock,
    requestClock: options.requestClock ?? options.clock,
    ids: options.ids,
    log: options.log,
    jwks,
    region: options.region ?? 'us-east-1',
    refetchOnUnknownKid: options.refetchOnUnknownKid ?? true,
  };
  // the traces of recent calls, by request id: a call made over the wire can still be explained
  const traces = new Map<string, readonly TraceStep[]>();
  // request ids in the order first remembered, so the oldest is found without walking the Map past the
  // holes its deletions leave at the front
  const order = new RecentKeys();
  const remember = <T extends { readonly requestId: string; readonly trace: readonly TraceStep[] }>(outcome: T): T => {
    if (!traces.has(outcome.requestId)) order.push(outcome.requestId);
    traces.set(outcome.requestId, outcome.trace);
    if (traces.size > MAX_REMEMBERED_TRACES) traces.delete(order.shift() as string);
    return outcome;
  };
  const quota = options.requestsPerSecond === undefined ? undefined : new RequestQuota(options.requestsPerSecond);
  const limit = (account: string | undefined, meta: RequestMeta) =>
    quota && account ? throttled(deps, quota, account, regionOfHost(meta, deps.region)) : undefined;
  return {
    region: deps.region,
    assumeRoleWithWebIdentity: async (params, meta = {}) =>
      remember(limit(roleAccount(params.RoleArn), meta) ?? (await assumeRoleWithWebIdentity(deps, params, meta))),
    // Simplification: an AWS service's unsigned calls (EKS Auth's) count against no account's quota here
    assumeRole: async (request, bodyText) =>
      remember(
        limit(signerAccount(deps, request), requestMeta(request)) ?? (await assumeRole(deps, request, bodyText)),
      ),
    getCallerIdentity: async (request, bodyText) =>
      remember(
        limit(signerAccount(deps, request), requestMeta(request)) ?? (await getCallerIdentity(deps, request, bodyText)),
      ),
    traceOf: (requestId) => traces.get(requestId),
    jwksCache: () => jwks.entries(),
    clearJwksCache: (issuer) => jwks.clear(issuer),
    nextRequestId: () => deps.ids.uuid(),
    quotaUsage: () => quota?.usage() ?? [],
  };
}

/** The account of a role ARN, if it is one. */
function roleAccount(roleArn: string | undefined): string | undefined {
  return roleArn === undefined ? undefined : parseRoleArn(roleArn)?.accountId;
}

/** The account of the session whose access key signed `request` (SigV4 `Credential=<key>/...`), if known. */
function signerAccount(deps: StsDeps, request: Request): string | undefined {
  const keyId = /Credential=([^/,\s]+)\//.exec(request.headers.get('authorization') ?? '')?.[1];
  return keyId === undefined ? undefined : deps.iam.lookupAccessKey(keyId)?.accountId;
}

/** `Throttling: Rate exceeded` when the account's bucket in `region` is empty; undefined when a token was taken. */
function throttled(deps: StsDeps, quota: RequestQuota, account: string, region: string): StsOutcome<never> | undefined {
  if (quota.take(account, region, deps.clock.nowMs())) return undefined;
  const detail = `account ${account} has used its ${quota.requestsPerSecond} requests for this second in ${region}`;
  return {
    ok: false,
    error: stsErrors.throttling(),
    requestId: deps.ids.uuid(),
    trace: [{ step: 'request-quota', ok: false, detail }],
  };
}

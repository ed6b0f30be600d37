/**
 * createSts: the simulated AWS STS of a world, over its IAM. It reaches
 * identity providers only through the injected fetch (never the issuer
 * package), keeps its JWKS cache in simulated time, and records every call
 * in the event log as CloudTrail.
 */

import { RecentKeys } from '../iam/recent-keys.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { JwksCache } from './jwks-cache.js';
import type { StsDeps } from './run.js';
import type { Sts, StsOptions, TraceStep } from './types.js';

/** How many recent calls' traces `traceOf` can still return. */
export const MAX_REMEMBERED_TRACES = 1000;

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
  return {
    region: deps.region,
    assumeRoleWithWebIdentity: async (params, meta) => remember(await assumeRoleWithWebIdentity(deps, params, meta)),
    assumeRole: async (request, bodyText) => remember(await assumeRole(deps, request, bodyText)),
    getCallerIdentity: async (request, bodyText) => remember(await getCallerIdentity(deps, request, bodyText)),
    traceOf: (requestId) => traces.get(requestId),
    jwksCache: () => jwks.entries(),
    clearJwksCache: (issuer) => jwks.clear(issuer),
    nextRequestId: () => deps.ids.uuid(),
  };
}

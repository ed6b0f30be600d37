/**
 * @irsa-lab/net: the simulated network. Hosts answer through msw handlers,
 * dispatched in process with `getResponse`; callers are stamped on every
 * request; DNS has vantage points; node egress filters act like iptables;
 * a real HTTP client can be routed in with `intercept()`.
 */

export type { LimitedBody } from './body.js';
export { readBodyLimited, readTextLimited } from './body.js';
export type { Caller, Vantage } from './caller.js';
export { CALLER_HEADER, callerOf, OUTSIDE, withCaller } from './caller.js';
export type { ForwardRule, PrivateZone, Resolution } from './dns.js';
export { Dns } from './dns.js';
export type { NetRequestEvent } from './events.js';
export { http } from './http.js';
export type { Interception, InterceptOptions } from './intercept.js';
export { intercept } from './intercept.js';
export type { EgressFilter, FilterDecision, HopTrace, HostOptions, SimNetworkOptions } from './network.js';
export { SimNetwork } from './network.js';
export type { RouteErrors, ServeRoute } from './serve/route.js';
export { DEFAULT_MAX_BODY_BYTES, plainErrors } from './serve/route.js';
export type { LoopbackServer, NetworkFetch, ServeOptions } from './serve/serve.js';
export { serve } from './serve/serve.js';
export { serviceHandlers } from './service.js';
export { RESPONSE_TTL_HEADER } from './ttl.js';

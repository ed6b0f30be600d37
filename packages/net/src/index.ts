/**
 * @irsa-lab/net: the simulated network. Hosts answer through msw handlers,
 * dispatched in process with `getResponse`; callers are stamped on every
 * request; DNS has vantage points; a real HTTP client can be routed in.
 */

export type { Caller, Vantage } from './caller.js';
export { CALLER_HEADER, callerOf, OUTSIDE, withCaller } from './caller.js';
export { RESPONSE_TTL_HEADER } from './ttl.js';

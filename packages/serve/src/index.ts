/**
 * @irsa-lab/serve: a world on real loopback ports, for real clients. The
 * issuer, STS, S3 and the API server listen as themselves; each pod gets
 * its own IMDS listener (its hops and node rules applied) and token files
 * kept fresh on disk; a control API moves the clock, applies world files and
 * reads the CloudTrail records. The clock runs with the wall clock plus an
 * offset the learner adds to.
 */

export type { ClockMove } from './serve-clock.js';
export { MAX_ADVANCE_SECONDS } from './serve-clock.js';
export type { Endpoints, ServeWorldOptions, ServiceName, WorldServer } from './serve-world.js';
export { LOOPBACK_CLIENT, SERVICE_NAMES, serveWorld } from './serve-world.js';

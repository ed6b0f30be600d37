/**
 * @irsa-lab/imds: the EC2 Instance Metadata Service of one simulated
 * instance: IMDSv1/v2, session tokens, the PUT-response hop limit,
 * instance-profile credentials, and the reachability truth table.
 */

export type { ImdsOptionsModifiedEvent, ImdsRequestEvent } from './events.js';
export type { Reachability, ReachabilityCaller } from './explain-reachability.js';
export { explainReachability } from './explain-reachability.js';
export type { ImdsHandlerOptions } from './handlers.js';
export { imdsHandlers } from './handlers.js';
export type {
  CreateImdsOptions,
  Imds,
  InstanceProfile,
  IssuedToken,
  RoleCredentials,
  TokenCheck,
} from './imds.js';
export { createImds, MAX_LIVE_TOKENS, MAX_TOKEN_TTL_SECONDS, MIN_TOKEN_TTL_SECONDS } from './imds.js';
export type { MetadataOptions } from './metadata-options.js';
export { DEFAULT_METADATA_OPTIONS, MAX_HOP_LIMIT, MIN_HOP_LIMIT } from './metadata-options.js';

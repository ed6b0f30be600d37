/**
 * @irsa-lab/core: the core of every simulated world: the clock, the seeded
 * random source, id makers, the event log and the error type, and the
 * protocol constants (names, paths, addresses, hosts) every layer shares.
 */

export type { Clock, SimClockOptions, TimerHandle } from './clock.js';
export { SimClock, SkewedClock } from './clock.js';
export type {
  CloudTrailFields,
  CloudTrailRecord,
  CloudTrailRecords,
  CloudTrailResource,
  CloudTrailSessionContext,
  CloudTrailTlsDetails,
  CloudTrailUserIdentity,
} from './cloudtrail.js';
export type { DocumentPath, PathSegment } from './document/path.js';
export { fieldText } from './document/path.js';
export type { SimErrorCode, SimErrorDetail } from './errors.js';
export { describeError, isSimError, SimError } from './errors.js';
export type { EventListener, EventMap, SimEvent, SimEventType } from './events.js';
export { EventLog } from './events.js';
export type { AwsIdPrefix } from './ids.js';
export { IdMaker } from './ids.js';
export { MASK_SHOWS_TAIL_FROM_LENGTH, maskSecret } from './mask-secret.js';
export {
  AUDIENCE_ANNOTATION,
  AWS_CONTAINER_AUTHORIZATION_TOKEN,
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  AWS_DEFAULT_REGION,
  AWS_EC2_METADATA_DISABLED,
  AWS_EC2_METADATA_SERVICE_ENDPOINT,
  AWS_REGION,
  AWS_ROLE_ARN,
  AWS_ROLE_SESSION_NAME,
  AWS_STS_REGIONAL_ENDPOINTS,
  AWS_WEB_IDENTITY_TOKEN_FILE,
  ECS_CREDENTIALS_IPV4,
  EKS_ANNOTATION_PREFIX,
  eksIssuerHost,
  IMDS_CREDENTIALS_PATH,
  IMDS_ENDPOINT,
  IMDS_EXTENDED_CREDENTIALS_PATH,
  IMDS_IPV4,
  IMDS_IPV6,
  IMDS_IPV6_ENDPOINT,
  IMDS_TOKEN_HEADER,
  IMDS_TOKEN_PATH,
  IMDS_TOKEN_TTL_HEADER,
  IRSA_AUDIENCE,
  IRSA_MOUNT_PATH,
  IRSA_TOKEN_FILE,
  IRSA_TOKEN_PATH,
  IRSA_VOLUME_NAME,
  POD_IDENTITY_AGENT_IPV4,
  POD_IDENTITY_AGENT_IPV6,
  POD_IDENTITY_AUDIENCE,
  POD_IDENTITY_CREDENTIALS_URI,
  POD_IDENTITY_MOUNT_PATH,
  POD_IDENTITY_TOKEN_FILE,
  POD_IDENTITY_TOKEN_PATH,
  POD_IDENTITY_VOLUME_NAME,
  ROLE_ARN_ANNOTATION,
  S3_EVENT_SOURCE,
  S3_GLOBAL_HOST,
  SKIP_CONTAINERS_ANNOTATION,
  SKIP_WEBHOOK_LABEL,
  STS_EVENT_SOURCE,
  STS_GLOBAL_HOST,
  STS_REGIONAL_ENDPOINTS_ANNOTATION,
  s3RegionalHost,
  stsRegionalHost,
  TOKEN_EXPIRATION_ANNOTATION,
} from './protocol.js';
export { wallClock } from './real-clock.js';
export { Rng } from './rng.js';
export { Sha256 } from './sha256.js';
export { DAY_MS, DEFAULT_START_MS, HOUR_MS, isoSeconds, MINUTE_MS, SECOND_MS, toNumericDate } from './time.js';

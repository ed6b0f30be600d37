/**
 * The state of one instance's metadata service: who the instance is, its
 * metadata options, the IMDSv2 session tokens it has handed out (valid only
 * on this instance, expiring in simulated time) and its access log.
 */
import { type Clock, type EventLog, type IdMaker, SimError } from '@irsa-lab/core';
import type { ImdsRequestEvent } from './events.js';
import {
  applyMetadataOptions,
  DEFAULT_METADATA_OPTIONS,
  describeMetadataOptions,
  type MetadataOptions,
} from './metadata-options.js';

/** The instance profile attached to the instance (what `iam/info` reports). */
export interface InstanceProfile {
  readonly name: string;
  readonly arn: string;
  /** The profile's unique id (AIPA...). */
  readonly id: string;
  /** The role inside the profile: the name listed under `security-credentials/`. */
  readonly roleName: string;
}

/** Role credentials as the IAM/STS side mints them for the instance (renewed by the assembly). */
export interface RoleCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
  readonly ExpirationMs: number;
  readonly LastUpdatedMs: number;
}

export interface CreateImdsOptions {
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly instanceId: string;
  readonly nodeName: string;
  readonly region: string;
  /** Defaults to `<region>a`. */
  readonly availabilityZone?: string;
  readonly accountId: string;
  /** No profile: the `iam/` category is absent and credential paths answer 404. */
  readonly instanceProfile?: InstanceProfile;
  /** Current credentials of `roleName`; may throw SimError when they cannot be had. */
  readonly getRoleCredentials: (roleName: string) => RoleCredentials;
  readonly metadataOptions?: Partial<MetadataOptions>;
}

/** An IMDSv2 session token handed out by `issueToken`. */
export interface IssuedToken {
  readonly token: string;
  readonly ttlSeconds: number;
  readonly expiresAtMs: number;
}

/** What `checkToken` found: `unknown` covers forged tokens and tokens of other instances. */
export type TokenCheck = 'valid' | 'expired' | 'unknown';

/** One instance's metadata service. Serve it with `imdsHandlers`. */
export interface Imds {
  readonly instanceId: string;
  readonly nodeName: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly accountId: string;
  readonly instanceProfile: InstanceProfile | undefined;
  /** Simulated time the instance was created at (the identity document's `pendingTime`). */
  readonly launchedAtMs: number;
  /** The current metadata options (a frozen copy). */
  metadataOptions(): MetadataOptions;
  /** Change some options, as `aws ec2 modify-instance-metadata-options`; SimError INPUT_INVALID on a bad field. */
  modifyInstanceMetadataOptions(change: Partial<MetadataOptions>): MetadataOptions;
  /** Hand out a session token valid for `ttlSeconds` (1–21600) of simulated time on this instance only. */
  issueToken(ttlSeconds: number): IssuedToken;
  /** Whether `token` is a live token of this instance. */
  checkToken(token: string): TokenCheck;
  /** Current credentials of the attached profile's role; SimError IMDS_UNAVAILABLE without a profile. */
  roleCredentials(): RoleCredentials;
  /** Append an `imds.request` event to the world's log. */
  recordRequest(event: Omit<ImdsRequestEvent, 'instanceId'>): void;
}

/** Bounds of `X-aws-ec2-metadata-token-ttl-seconds` (docs/reference.md#imds-requests-and-answers). */
export const MIN_TOKEN_TTL_SECONDS = 1;
export const MAX_TOKEN_TTL_SECONDS = 21_600;
/** Live tokens kept per instance; past this the oldest is forgotten (and then answers 401). */
export const MAX_LIVE_TOKENS = 10_000;

/** Create the metadata service of one instance. */
export function createImds(options: CreateImdsOptions): Imds {
  for (const field of ['instanceId', 'nodeName', 'region', 'accountId'] as const) {
    if (typeof options[field] !== 'string' || options[field] === '') {
      throw new TypeError(`createImds: ${field} must be a non-empty string`);
    }
  }
  const { clock, ids, log, instanceId, instanceProfile } = options;
  const source = `imds/${options.nodeName}`;
  // tokens of this instance carry its tag, so two same-seeded instances never share a token string
  const tag = fnv1a32(instanceId);
  const tokens = new Map<string, number>(); // token -> expiresAtMs, oldest first
  let current = applyMetadataOptions(DEFAULT_METADATA_OPTIONS, options.metadataOptions ?? {});

  const imds: Imds = {
    instanceId,
    nodeName: options.nodeName,
    region: options.region,
    availabilityZone: options.availabilityZone ?? `${options.region}a`,
    accountId: options.accountId,
    instanceProfile,
    launchedAtMs: clock.nowMs(),
    metadataOptions: () => current,
    modifyInstanceMetadataOptions(change) {
      current = applyMetadataOptions(current, change);
      log.append(
        'imds.options-modified',
        source,
        `IMDS options of ${instanceId}: ${describeMetadataOptions(current)}`,
        {
          instanceId,
          metadataOptions: current,
        },
      );
      return current;
    },
    issueToken(ttlSeconds) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TOKEN_TTL_SECONDS || ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
        throw new SimError('INPUT_INVALID', `token TTL must be ${MIN_TOKEN_TTL_SECONDS}–${MAX_TOKEN_TTL_SECONDS} s`, {
          field: 'X-aws-ec2-metadata-token-ttl-seconds',
        });
      }
      const nowMs = clock.nowMs();
      pruneTokens(tokens, nowMs);
      const token = `AQAEA${tag}${ids.secretAccessKey()}==`;
      const expiresAtMs = nowMs + ttlSeconds * 1000;
      tokens.set(token, expiresAtMs);
      return { token, ttlSeconds, expiresAtMs };
    },
    checkToken(token) {
      const expiresAtMs = tokens.get(token);
      if (expiresAtMs === undefined) return 'unknown';
      if (clock.nowMs() >= expiresAtMs) {
        tokens.delete(token);
        return 'expired';
      }
      return 'valid';
    },
    roleCredentials() {
      if (!instanceProfile) {
        throw new SimError('IMDS_UNAVAILABLE', `instance ${instanceId} has no instance profile`, { instanceId });
      }
      return options.getRoleCredentials(instanceProfile.roleName);
    },
    recordRequest(event) {
      const summary = `${event.method} ${event.path} → ${event.status}: ${event.decision}`;
      log.append('imds.request', source, summary, { instanceId, ...event });
    },
  };
  return imds;
}

/** At the limit: forget expired tokens, then the oldest ones until there is room for one more. */
function pruneTokens(tokens: Map<string, number>, nowMs: number): void {
  if (tokens.size < MAX_LIVE_TOKENS) return;
  for (const [token, expiresAtMs] of tokens) {
    if (nowMs >= expiresAtMs) tokens.delete(token);
  }
  for (const token of tokens.keys()) {
    if (tokens.size < MAX_LIVE_TOKENS) break;
    tokens.delete(token);
  }
}

/** 32-bit FNV-1a of `text` as 8 hex characters. */
function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The credential store shared by STS (which mints session credentials) and
 * the services that verify signed requests (STS GetCallerIdentity, the small
 * S3): access key id -> the session it stands for. Expired sessions are kept
 * for a while so a late request gets "expired" rather than "unknown key",
 * then pruned; the store has a size limit.
 */
import { HOUR_MS } from '@irsa-lab/core';
import { assumedRoleArn } from './arn.js';
import { iamError } from './errors.js';
import { RecentKeys } from './recent-keys.js';
import { findRoleByArn } from './roles.js';
import type { IamContext } from './state.js';
import type { IssueSessionInput, SessionCredentials } from './types.js';

/** Limits of the credential store. */
export interface CredentialStoreOptions {
  /** Most sessions kept; the oldest go first. Default 100,000. */
  readonly maxSessions?: number;
  /** How long an expired session stays known. Default 24 h. */
  readonly retainExpiredMs?: number;
}

/** Issue session credentials and find them again by access key id. */
export interface CredentialStore {
  issueSessionCredentials(input: IssueSessionInput): SessionCredentials;
  mintInstanceProfileCredentials(roleArn: string, instanceId: string, durationSeconds?: number): SessionCredentials;
  lookupAccessKey(accessKeyId: string): SessionCredentials | undefined;
  /** Every session the store still knows (expired ones too, until pruned), oldest first. */
  listSessions(): readonly SessionCredentials[];
}

/** EC2 instance-profile credentials last about 6 hours (IMDS rotates them well before). */
export const INSTANCE_PROFILE_SECONDS = 6 * 3600;

/** A credential store over the IAM state in `ctx`. */
export function createCredentialStore(ctx: IamContext, options: CredentialStoreOptions = {}): CredentialStore {
  const maxSessions = options.maxSessions ?? 100_000;
  const retainExpiredMs = options.retainExpiredMs ?? 24 * HOUR_MS;
  const sessions = new Map<string, SessionCredentials>();
  // the access key ids in the order first stored (the Map's own order), oldest first: finding the oldest
  // through the Map would walk past every session deleted before it
  const order = new RecentKeys();

  // Walks from the oldest session and stops at the first one still kept, so a mint costs O(1) amortized
  // rather than a scan of every session. Simplification: a short session minted after a long one is
  // forgotten only once the long one is, so it may stay known (answering ExpiredToken) a little longer.
  function prune(nowMs: number): void {
    for (let key = order.peek(); key !== undefined; key = order.peek()) {
      const s = sessions.get(key) as SessionCredentials;
      if (s.ExpirationMs + retainExpiredMs >= nowMs) break;
      sessions.delete(order.shift() as string);
    }
    while (sessions.size >= maxSessions) {
      const oldest = order.shift();
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
  }

  function mint(input: IssueSessionInput, kind: SessionCredentials['kind']): SessionCredentials {
    if (!Number.isInteger(input.durationSeconds) || input.durationSeconds <= 0) {
      throw new TypeError('issueSessionCredentials: durationSeconds must be a positive integer');
    }
    if (typeof input.roleSessionName !== 'string' || input.roleSessionName === '') {
      throw new TypeError('issueSessionCredentials: roleSessionName must be a non-empty string');
    }
    const role = findRoleByArn(ctx, input.roleArn);
    if (!role) throw iamError('NoSuchEntity', `The role ${input.roleArn} cannot be found.`, { field: 'roleArn' });
    const nowMs = ctx.clock.nowMs();
    prune(nowMs);
    const session: SessionCredentials = Object.freeze({
      AccessKeyId: ctx.ids.awsId('ASIA'),
      SecretAccessKey: ctx.ids.secretAccessKey(),
      SessionToken: ctx.ids.sessionToken(),
      // AWS hands out whole seconds
      ExpirationMs: Math.floor(nowMs / 1000) * 1000 + input.durationSeconds * 1000,
      issuedAtMs: nowMs,
      kind,
      accountId: role.accountId,
      roleArn: role.Arn,
      roleId: role.RoleId,
      roleName: role.RoleName,
      roleSessionName: input.roleSessionName,
      assumedRoleArn: assumedRoleArn(role.accountId, role.RoleName, input.roleSessionName),
      assumedRoleId: `${role.RoleId}:${input.roleSessionName}`,
      ...(input.sourceIdentity === undefined ? {} : { sourceIdentity: input.sourceIdentity }),
      ...(input.webIdentity === undefined ? {} : { webIdentity: Object.freeze({ ...input.webIdentity }) }),
      ...(input.sessionPolicy === undefined ? {} : { sessionPolicy: input.sessionPolicy }),
      ...(input.sessionTags?.length ? { sessionTags: Object.freeze([...input.sessionTags]) } : {}),
      ...(input.transitiveTagKeys?.length ? { transitiveTagKeys: Object.freeze([...input.transitiveTagKeys]) } : {}),
    });
    if (!sessions.has(session.AccessKeyId)) order.push(session.AccessKeyId);
    sessions.set(session.AccessKeyId, session);
    return session;
  }

  return {
    issueSessionCredentials: (input) => mint(input, input.kind ?? 'web-identity'),
    mintInstanceProfileCredentials: (roleArn, instanceId, durationSeconds = INSTANCE_PROFILE_SECONDS) =>
      mint({ roleArn, roleSessionName: instanceId, durationSeconds }, 'instance-profile'),
    lookupAccessKey: (accessKeyId) => sessions.get(accessKeyId),
    listSessions: () => [...sessions.values()],
  };
}

/**
 * The role credentials a world has handed out, seen across time: who holds
 * them (the pod whose token STS took, the ServiceAccount, or a node for
 * node-role credentials) and when they expire, a moment no timer stands for.
 * The scenarios draw these as lanes after the learner moves the clock.
 */
import type { SessionCredentials } from '@irsa-lab/iam';
import type { World } from './create-world.js';
import { expiryEvent, type TimeEvent } from './time-events.js';

/** Which pod a web-identity session's token was projected for, by the token's jti (the API server's log). */
function podsByJti(world: World): Map<string, string> {
  const pods = new Map<string, string>();
  for (const { data } of world.log.all('k8s.token-issued')) {
    if (data.jti && data.pod) pods.set(data.jti, data.pod);
  }
  return pods;
}

/** Who holds a session: the pod its token was for, else its ServiceAccount, or the node for node-role credentials. */
function holder(session: SessionCredentials, pods: Map<string, string>): string {
  if (session.kind === 'instance-profile') return `node ${session.roleSessionName}`;
  const jti = session.webIdentity?.jti;
  return (jti && pods.get(jti)) ?? session.webIdentity?.sub ?? session.roleSessionName;
}

/** Credentials as held: whose, of which role, from when until when. */
export interface HeldCredentials {
  readonly holder: string;
  readonly roleName: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Every session the world's IAM still knows, with its holder, oldest first. */
export function heldCredentials(world: World): HeldCredentials[] {
  const pods = podsByJti(world);
  return world.iam.listSessions().map((s) => ({
    holder: holder(s, pods),
    roleName: s.roleName,
    issuedAtMs: s.issuedAtMs,
    expiresAtMs: s.ExpirationMs,
  }));
}

/** Every session's expiry, as time events (`credentials-expire`), soonest first. */
export function credentialExpiries(world: World): TimeEvent[] {
  return heldCredentials(world)
    .map((c) => expiryEvent(c.expiresAtMs, c.roleName, c.holder))
    .sort((a, b) => a.atMs - b.atMs);
}

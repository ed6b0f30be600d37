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

/** `sessions` with their holders, in the order given. */
function held(world: World, sessions: readonly SessionCredentials[]): HeldCredentials[] {
  // the API server's log is read only when there is a session to name (a month of steps asks about none most of the time)
  const pods = sessions.length === 0 ? new Map<string, string>() : podsByJti(world);
  return sessions.map((s) => ({
    holder: holder(s, pods),
    roleName: s.roleName,
    issuedAtMs: s.issuedAtMs,
    expiresAtMs: s.ExpirationMs,
  }));
}

/** Every session the world's IAM still knows, with its holder, oldest first. */
export function heldCredentials(world: World): HeldCredentials[] {
  return held(world, world.iam.listSessions());
}

/**
 * The expiries of the sessions that expire after `afterMs` and by `untilMs`
 * (every session's, by default), as time events (`credentials-expire`),
 * soonest first. Sessions outside the window are left out before their
 * holders are looked up: moving time asks for one step's window at a time.
 */
export function credentialExpiries(world: World, afterMs = -Infinity, untilMs = Infinity): TimeEvent[] {
  const inWindow = world.iam.listSessions().filter((s) => s.ExpirationMs > afterMs && s.ExpirationMs <= untilMs);
  return held(world, inWindow)
    .map((c) => expiryEvent(c.expiresAtMs, c.roleName, c.holder))
    .sort((a, b) => a.atMs - b.atMs);
}

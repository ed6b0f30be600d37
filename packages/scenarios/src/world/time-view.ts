/**
 * The world seen across time, for the learner's time keys: the role
 * credentials sessions hold and when they expire (no timer stands for
 * that moment), and the picture after a move: what changed, then the
 * lifetimes of tokens, keys and credentials against the new now.
 */
import type { SessionCredentials } from '@irsa-lab/iam';
import type { TimeMove } from '../engine/session.js';
import { expiryEvent, summarise, type TimeEvent } from '../engine/time-events.js';
import type { Panel, TimelineLane } from '../engine/types.js';
import { timelinePanel } from '../panels/panels.js';
import type { World } from './create-world.js';

/** Which pod a web-identity session's token was projected for, by the token's jti (the API server's log). */
function podsByJti(world: World): Map<string, string> {
  const pods = new Map<string, string>();
  for (const e of world.log.all('k8s.token-issued')) {
    const data = e.data as { jti?: string; pod?: string };
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

/** Every session's expiry, as time events (`credentials-expire`), soonest first. */
export function credentialExpiries(world: World): TimeEvent[] {
  const pods = podsByJti(world);
  return world.iam
    .listSessions()
    .map((s) => expiryEvent(s.ExpirationMs, s.roleName, holder(s, pods)))
    .sort((a, b) => a.atMs - b.atMs);
}

/** Credentials lanes: the latest session of each holder and role, valid or not. */
function credentialLanes(world: World): TimelineLane[] {
  const pods = podsByJti(world);
  const latest = new Map<string, SessionCredentials>();
  for (const s of world.iam.listSessions()) latest.set(`${holder(s, pods)} ${s.roleName}`, s);
  return [...latest.entries()].map(([key, s]) => ({
    label: `creds ${key}`,
    spans: [{ fromMs: s.issuedAtMs, toMs: s.ExpirationMs, label: 'valid' }],
    marks: [{ atMs: s.ExpirationMs, label: 'expires' }],
  }));
}

/** After a move: what changed (grouped, lesson first) and the lifetimes against the new now. */
export function timeMovePanel(world: World, move: TimeMove): Panel {
  const base = timelinePanel(world, credentialLanes(world));
  const changes = move.summary.length === 0 ? ['nothing fired and no credentials expired'] : [...move.summary];
  return base.kind === 'timeline' ? { ...base, title: 'After the clock moved', changes } : base;
}

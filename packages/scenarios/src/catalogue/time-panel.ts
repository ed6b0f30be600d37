/**
 * The ⏱ now tab of every catalogue scenario: after the learner moves the
 * clock, what changed (grouped, what the lesson is about first) and the
 * lifetimes of the tokens, the keys and each holder's credentials against
 * the new now.
 */
import { heldCredentials, type World } from '@irsa-lab/world';
import type { TimeMove } from '../engine/session.js';
import type { Panel, TimelineLane } from '../engine/types.js';
import { timelinePanel } from '../panels/panels.js';

/** Credentials lanes: the latest session of each holder and role, valid or not. */
function credentialLanes(world: World): TimelineLane[] {
  const latest = new Map<string, { issuedAtMs: number; expiresAtMs: number }>();
  for (const c of heldCredentials(world)) latest.set(`${c.holder} ${c.roleName}`, c);
  return [...latest.entries()].map(([key, c]) => ({
    label: `creds ${key}`,
    spans: [{ fromMs: c.issuedAtMs, toMs: c.expiresAtMs, label: 'valid' }],
    marks: [{ atMs: c.expiresAtMs, label: 'expires' }],
  }));
}

/** After a move: what changed and the lifetimes against the new now. */
export function worldTimePanel(world: World, move: TimeMove): Panel {
  const base = timelinePanel(world, credentialLanes(world));
  const changes = move.summary.length === 0 ? ['nothing fired and no credentials expired'] : [...move.summary];
  return base.kind === 'timeline' ? { ...base, title: 'After the clock moved', changes } : base;
}

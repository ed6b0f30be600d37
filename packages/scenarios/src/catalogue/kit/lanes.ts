/**
 * Timeline lanes of the things that expire: a pod's IRSA token as the
 * kubelet keeps it, a token string someone kept, the SDK's credentials; and
 * a duration as a summary says it.
 */
import { MINUTE_MS } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import type { TimelineLane } from '../../engine/types.js';
import { inspect, irsaTokenEntry } from './tokens.js';

/** SDK credentials on a timeline: valid from issue to expiry, the JS v3 refresh 5 minutes before. */
export function credentialsLane(label: string, issuedAtMs: number, expirationMs: number): TimelineLane {
  return {
    label,
    spans: [{ fromMs: issuedAtMs, toMs: expirationMs, label: 'valid' }],
    marks: [
      { atMs: issuedAtMs, label: 'issued' },
      { atMs: expirationMs - 5 * MINUTE_MS, label: 'refresh due' },
      { atMs: expirationMs, label: 'expiry' },
    ],
  };
}

/** A token string someone kept, on a timeline: valid until exp, and STS's 5-minute leeway after it. */
export function keptTokenLane(label: string, token: string): TimelineLane {
  const { claims } = inspect(token);
  const iatMs = Number(claims.iat) * 1000;
  const expMs = Number(claims.exp) * 1000;
  return {
    label,
    spans: [{ fromMs: iatMs, toMs: expMs, label: 'valid' }],
    marks: [
      { atMs: expMs, label: 'expiry' },
      { atMs: expMs + 5 * MINUTE_MS, label: 'STS leeway ends' },
    ],
  };
}

/** A pod's IRSA token on a timeline: issued, refresh due (kubelet), expiry. */
export function tokenLane(world: World, label: string, namespace: string, pod: string): TimelineLane | undefined {
  const t = irsaTokenEntry(world, namespace, pod);
  if (!t) return undefined;
  return {
    label,
    spans: [{ fromMs: t.issuedAtMs, toMs: t.expiresAtMs, label: 'valid' }],
    marks: [
      { atMs: t.issuedAtMs, label: 'issued' },
      ...(t.nextRefreshAtMs === undefined ? [] : [{ atMs: t.nextRefreshAtMs, label: 'refresh due' }]),
      { atMs: t.expiresAtMs, label: 'expiry' },
    ],
  };
}

/** Whole-minute rendering of a duration for summaries (`55 min`, `19 h 12 min`). */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * What happens when the learner moves the clock, by kind: the kubelet
 * rewriting a pod's IRSA token or its Kubernetes API token, the issuer
 * rotating its signing key or dropping a retired one, role credentials
 * expiring. The lesson is about the IRSA token, the keys and the
 * credentials; the API token (kube-api-access-*, refreshed every 48 minutes
 * or so) is background, counted but never shown before the rest.
 */
import { IRSA_VOLUME_NAME } from '@irsa-lab/core';

export type TimeEventKind =
  | 'key-rotation'
  | 'key-retirement'
  | 'irsa-token-refresh'
  | 'credentials-expire'
  | 'token-refresh'
  | 'token-retry'
  | 'api-token-refresh'
  | 'other';

/** One thing that happened, or will, at a moment of simulated time. */
export interface TimeEvent {
  readonly atMs: number;
  readonly kind: TimeEventKind;
  /** What it is about: a pod (`payments/billing-api`), a role's credentials, the issuer. */
  readonly subject: string;
  /** The scheduler's own label (or the credentials' description), for the full record. */
  readonly label: string;
  /** For people, as a thing ahead: `IRSA token refresh of payments/billing-api`. */
  readonly what: string;
}

/** The kinds a lesson is about: `n` jumps to the next of these, and they are listed first. */
export const LESSON_KINDS: ReadonlySet<TimeEventKind> = new Set([
  'key-rotation',
  'key-retirement',
  'irsa-token-refresh',
  'credentials-expire',
  'token-refresh',
]);

/** In the order a summary lists them: what the lessons are about first, the API token last. */
export const KIND_ORDER: readonly TimeEventKind[] = [
  'key-rotation',
  'key-retirement',
  'irsa-token-refresh',
  'credentials-expire',
  'token-refresh',
  'token-retry',
  'other',
  'api-token-refresh',
];

/** How each kind reads in a summary (`IRSA token refreshed ×7`). */
export const KIND_LABELS: Readonly<Record<TimeEventKind, string>> = {
  'key-rotation': 'signing key rotated',
  'key-retirement': 'retired key dropped from /keys',
  'irsa-token-refresh': 'IRSA token refreshed',
  'credentials-expire': 'role credentials expired',
  'token-refresh': 'projected token refreshed',
  'token-retry': 'token request retried',
  other: 'other event',
  'api-token-refresh': 'Kubernetes API token refreshed',
};

// the labels the kubelet (packages/ec2-node, token-manager.ts) and the issuer (packages/oidc-issuer) schedule with
const KUBELET_REFRESH = /^kubelet\/[^:]+: refresh token (\S+) (\S+)$/;
const KUBELET_RETRY = /^kubelet\/[^:]+: retry token (\S+)$/;

/** How each kind reads as a thing ahead, before its subject. */
const AHEAD: Readonly<Record<TimeEventKind, string>> = {
  'key-rotation': 'signing key rotation',
  'key-retirement': 'a retired key leaves /keys',
  'irsa-token-refresh': 'IRSA token refresh of',
  'credentials-expire': 'role credentials expire:',
  'token-refresh': 'projected token refresh of',
  'token-retry': 'token request retry for',
  other: '',
  'api-token-refresh': 'Kubernetes API token refresh of',
};

function event(atMs: number, label: string, kind: TimeEventKind, subject: string): TimeEvent {
  const about = kind === 'key-rotation' || kind === 'key-retirement' ? '' : subject;
  return { atMs, label, kind, subject, what: [AHEAD[kind], about].filter(Boolean).join(' ') };
}

/** Classify a scheduler label. */
export function timerEvent(atMs: number, label: string): TimeEvent {
  if (label === 'issuer.rotate') return event(atMs, label, 'key-rotation', 'issuer');
  if (label === 'issuer.remove-key') return event(atMs, label, 'key-retirement', 'issuer');
  const refresh = KUBELET_REFRESH.exec(label);
  if (refresh) {
    const [, pod = '', volume = ''] = refresh;
    const kind: TimeEventKind =
      volume === IRSA_VOLUME_NAME
        ? 'irsa-token-refresh'
        : volume.startsWith('kube-api-access-')
          ? 'api-token-refresh'
          : 'token-refresh';
    return event(atMs, label, kind, pod);
  }
  const retry = KUBELET_RETRY.exec(label);
  if (retry) return event(atMs, label, 'token-retry', retry[1] ?? '');
  return event(atMs, label, 'other', label);
}

/** Role credentials expiring at `atMs` (no timer stands for it): `subject` says whose, `label` which role. */
export function expiryEvent(atMs: number, roleName: string, holder: string): TimeEvent {
  return event(
    atMs,
    `credentials of ${roleName} held by ${holder} expire`,
    'credentials-expire',
    `${roleName} (${holder})`,
  );
}

/** What happened, grouped and described, lesson first: the lines of a time move's summary. */
export function summarise(events: readonly TimeEvent[]): string[] {
  return groupEvents(events).map(describeGroup);
}

/** One line of a summary: a kind, how many, and of what. */
export interface EventGroup {
  readonly kind: TimeEventKind;
  readonly count: number;
  /** The distinct subjects, in order of first appearance. */
  readonly subjects: readonly string[];
}

/** Events grouped by kind, in KIND_ORDER. */
export function groupEvents(events: readonly TimeEvent[]): EventGroup[] {
  const groups = new Map<TimeEventKind, { count: number; subjects: string[] }>();
  for (const e of events) {
    const g = groups.get(e.kind) ?? { count: 0, subjects: [] };
    g.count++;
    if (!g.subjects.includes(e.subject)) g.subjects.push(e.subject);
    groups.set(e.kind, g);
  }
  return KIND_ORDER.flatMap((kind) => {
    const g = groups.get(kind);
    return g ? [{ kind, count: g.count, subjects: g.subjects }] : [];
  });
}

/** A group as text: `IRSA token refreshed ×7 (payments/billing-api)`. */
export function describeGroup(g: EventGroup): string {
  const count = g.count > 1 ? ` ×${g.count}` : '';
  const about = g.kind === 'key-rotation' || g.kind === 'key-retirement' ? [] : g.subjects;
  const shown = about.slice(0, 3).join(', ') + (about.length > 3 ? `, +${about.length - 3} more` : '');
  return `${KIND_LABELS[g.kind]}${count}${shown ? ` (${shown})` : ''}`;
}

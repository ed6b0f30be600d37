/**
 * The learner's time keys: what fired is grouped by kind, what the lesson is
 * about first (a key rotation, an IRSA token refresh) and the API token's
 * background refreshes last; `n` jumps to the next moment the lesson is
 * about, never to an API token refresh; every move brings a picture of what
 * changed and where lifetimes stand.
 */

import { catalogue, ScenarioSession } from '@irsa-lab/scenarios';
import { LESSON_KINDS, summarise, timerEvent } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

async function happyPathWithPod() {
  const scenario = catalogue.find((s) => s.id === 'happy-path');
  if (!scenario) throw new Error('happy-path is missing');
  const session = await ScenarioSession.start(scenario, 1);
  await session.runAll(); // the pod runs, with its IRSA token and its API token, and its SDK holds credentials
  return session;
}

describe('time events', () => {
  it('classifies what the kubelet and the issuer schedule', () => {
    const kubelet = 'kubelet/ip-10-0-1-10.us-west-2.compute.internal';
    expect(timerEvent(1, `${kubelet}: refresh token payments/billing-api aws-iam-token`)).toMatchObject({
      kind: 'irsa-token-refresh',
      subject: 'payments/billing-api',
    });
    expect(timerEvent(1, `${kubelet}: refresh token payments/billing-api kube-api-access-x7k2p`).kind).toBe(
      'api-token-refresh',
    );
    expect(timerEvent(1, `${kubelet}: retry token payments/billing-api`).kind).toBe('token-retry');
    expect(timerEvent(1, 'issuer.rotate').kind).toBe('key-rotation');
    expect(timerEvent(1, 'issuer.remove-key').kind).toBe('key-retirement');
    expect(timerEvent(1, 'something new').kind).toBe('other');
  });

  it("knows every label a running world schedules (a new label format would read as 'other')", async () => {
    const session = await happyPathWithPod();
    await session.advance(8 * DAY_MS); // past a rotation, so a retired key's removal is scheduled too
    const kinds = session.world.clock.pending().map((t) => timerEvent(t.dueMs, t.label).kind);
    expect(kinds).toContain('api-token-refresh');
    expect(kinds).toContain('irsa-token-refresh');
    expect(kinds).toContain('key-rotation');
    expect(kinds).not.toContain('other');
  });

  it('summarises lesson first, with counts: a rotation is never behind the API token refreshes', () => {
    const api = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        timerEvent(i, 'kubelet/n1: refresh token payments/billing-api kube-api-access-abcde'),
      );
    const irsa = timerEvent(500, 'kubelet/n1: refresh token payments/billing-api aws-iam-token');
    expect(summarise([...api(210), irsa, timerEvent(900, 'issuer.rotate'), irsa])).toEqual([
      'signing key rotated',
      'IRSA token refreshed ×2 (payments/billing-api)',
      'Kubernetes API token refreshed ×210 (payments/billing-api)',
    ]);
  });
});

describe('moving time in a session', () => {
  it('n jumps to the next moment the lesson is about, firing the API token refreshes on the way', async () => {
    const session = await happyPathWithPod();
    const nowMs = session.world.clock.nowMs();
    // an API token refresh is due first (about 48 minutes), before the credentials' expiry (1 hour)
    const first = session.scheduled(1)[0];
    expect(first?.kind).toBe('api-token-refresh');
    const ahead = session.upcoming(3);
    expect(ahead.every((e) => LESSON_KINDS.has(e.kind))).toBe(true);
    const move = await session.jumpToNextEvent();
    expect(move?.toMs).toBe(ahead[0]?.atMs);
    expect(move?.toMs).toBeGreaterThan(first?.atMs ?? Number.POSITIVE_INFINITY);
    expect(ahead[0]?.kind).toBe('credentials-expire');
    expect(ahead[0]?.subject).toContain('payments/billing-api'); // whose credentials: the pod whose token STS took
    expect(move?.summary[0]).toMatch(/^role credentials expired/);
    expect(move?.summary.at(-1)).toMatch(/^Kubernetes API token refreshed/);
    expect(move?.toMs).toBeLessThanOrEqual(nowMs + HOUR_MS + 1000);
  });

  it('+7 days: the rotation and the IRSA refreshes lead the summary; the picture says what changed', async () => {
    const session = await happyPathWithPod();
    const move = await session.advance(7 * DAY_MS);
    expect(move.summary[0]).toBe('signing key rotated');
    expect(move.summary[1]).toMatch(/^IRSA token refreshed ×\d+ \(payments\/billing-api\)$/);
    expect(move.summary.at(-1)).toMatch(/^Kubernetes API token refreshed ×\d+/);
    expect(move.panel).toMatchObject({ kind: 'timeline', changes: move.summary });
    const lanes = move.panel?.kind === 'timeline' ? move.panel.lanes.map((l) => l.label) : [];
    expect(lanes.some((l) => l.startsWith('creds payments/billing-api billing-reader'))).toBe(true);
    expect(lanes.some((l) => l.startsWith('IRSA token payments/billing-api'))).toBe(true);
  });
});

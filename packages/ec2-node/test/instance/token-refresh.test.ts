/**
 * The kubelet's token refresh (docs/reference.md#kubelet-token-refresh): the rule itself, then the
 * node renewing real files on the simulated clock at 80% of TTL or 24 h less
 * a whole-second jitter of 0–9 s, reproducible per seed; failures that keep
 * the old token and retry; and deleted pods that stop renewing.
 */
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '@irsa-lab/core';
import {
  isExpired,
  MAX_TOKEN_AGE_MS,
  refreshThresholdMs,
  requiresRefresh,
  retryDelayMs,
  type TokenScheduleEntry,
} from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { claimsOf, IRSA_MOUNT, makePod, makeWorld, type TestWorld } from './fixture.js';

function only(world: TestWorld): TokenScheduleEntry {
  const [entry, ...rest] = world.node.tokenSchedule();
  if (!entry || rest.length > 0) throw new Error(`expected one token, got ${rest.length + (entry ? 1 : 0)}`);
  return entry;
}

function tokenOf(world: TestWorld, name = 'app'): string | undefined {
  return world.node.podView('default', name).readFile(`${IRSA_MOUNT}/token`);
}

/** Delay from issue to the scheduled refresh, and the jitter it implies (the refresh fires 1 ms after the threshold). */
function delayAndJitter(entry: TokenScheduleEntry, nominalMs: number) {
  const delayMs = (entry.nextRefreshAtMs ?? Number.NaN) - entry.issuedAtMs;
  return { delayMs, jitterMs: nominalMs - (delayMs - 1) };
}

describe('refresh rule (pure)', () => {
  const day = { issuedAtMs: 0, expiresAtMs: 86_400 * SECOND_MS };
  it.each([
    { title: 'IRSA 86400 s → 80% = 19.2 h', ttlSeconds: 86_400, expectedMs: 69_120 * SECOND_MS },
    { title: '172800 s → capped at 24 h', ttlSeconds: 172_800, expectedMs: MAX_TOKEN_AGE_MS },
    { title: '3607 s → exp − 721 s (integer 20%) ≈ 48 min', ttlSeconds: 3607, expectedMs: 2886 * SECOND_MS },
    { title: '600 s → 480 s', ttlSeconds: 600, expectedMs: 480 * SECOND_MS },
  ])('$title', ({ ttlSeconds, expectedMs }) => {
    const times = { issuedAtMs: 1_000_000, expiresAtMs: 1_000_000 + ttlSeconds * SECOND_MS };
    expect(refreshThresholdMs(times, 0) - times.issuedAtMs).toBe(expectedMs);
    expect(refreshThresholdMs(times, 7 * SECOND_MS) - times.issuedAtMs).toBe(expectedMs - 7 * SECOND_MS);
  });

  it('holds strictly after the threshold, and when the token seems issued in the future', () => {
    const at = refreshThresholdMs(day, 3000);
    expect(requiresRefresh(at, day, 3000)).toBe(false);
    expect(requiresRefresh(at + 1, day, 3000)).toBe(true);
    expect(requiresRefresh(-1, day, 0)).toBe(true);
  });

  it('leaves a token alone at the instant it was issued (only one from the future is renewed at once)', () => {
    expect(requiresRefresh(day.issuedAtMs, day, 0)).toBe(false);
    expect(requiresRefresh(day.issuedAtMs, day, 9 * SECOND_MS)).toBe(false);
  });

  it('counts a token as expired only after its exp instant, as kubelet does', () => {
    expect(isExpired(day.expiresAtMs, day)).toBe(false);
    expect(isExpired(day.expiresAtMs + 1, day)).toBe(true);
  });

  it('retries every sync (1 min) at first, then backs off to 2 min 2 s', () => {
    expect([1, 2, 7, 8, 9, 50].map(retryDelayMs)).toEqual([60_000, 60_000, 60_000, 64_000, 122_000, 122_000]);
  });

  it('refuses a failure count that is not a positive integer, naming it', () => {
    for (const failures of [0, -1, 1.5, Number.NaN]) expect(() => retryDelayMs(failures)).toThrow(/failures/);
    expect(() => retryDelayMs(0)).toThrow(TypeError);
  });
});

describe('kubelet refresh on the clock', () => {
  it('rewrites an 86400-s token once it is past 80% of its lifetime (≈19.2 h), not a millisecond before', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'app'));
    const first = only(world);
    const original = tokenOf(world);
    const { delayMs, jitterMs } = delayAndJitter(first, 69_120 * SECOND_MS);
    expect(jitterMs % SECOND_MS).toBe(0);
    expect(jitterMs).toBeGreaterThanOrEqual(0);
    expect(jitterMs).toBeLessThanOrEqual(9 * SECOND_MS);
    await world.advance(delayMs - 1);
    expect(tokenOf(world)).toBe(original);
    expect(world.calls).toHaveLength(1);
    await world.advance(1);
    const renewed = tokenOf(world);
    expect(renewed).not.toBe(original);
    expect(world.calls).toHaveLength(2);
    expect(claimsOf(renewed ?? '').iat * 1000).toBe(Math.floor(world.clock.nowMs() / 1000) * 1000);
    const written = world.log.all('kubelet.token-written');
    expect(written).toHaveLength(2);
    expect(written[1]?.data).toMatchObject({ pod: 'default/app', phase: 'refresh', jti: claimsOf(renewed ?? '').jti });
    expect(only(world)).toMatchObject({ state: 'valid', writes: 2, failures: 0 });
  });

  it('rewrites a 172800-s token at 24 h (the age cap), well before 80% of its lifetime', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'app', { expirationSeconds: 172_800 }));
    const { delayMs, jitterMs } = delayAndJitter(only(world), 24 * HOUR_MS);
    expect(jitterMs).toBeGreaterThanOrEqual(0);
    expect(jitterMs).toBeLessThanOrEqual(9 * SECOND_MS);
    const original = tokenOf(world);
    await world.advance(delayMs);
    expect(tokenOf(world)).not.toBe(original);
    expect(only(world).issuedAtMs).toBeLessThanOrEqual(world.clock.nowMs());
  });

  it('keeps renewing over a week, drawing a fresh jitter each time, identically for the same seed', async () => {
    async function week(seed: number) {
      const world = makeWorld(seed);
      await world.node.runPod(makePod(world, 'app'));
      await world.advance(7 * 24 * HOUR_MS);
      return world;
    }
    const a = await week(11);
    const b = await week(11);
    const writes = a.log.all('kubelet.token-written');
    expect(writes).toHaveLength(1 + 8); // 7 days / 19.2 h = 8.75
    const refreshJitters = writes.slice(1).map((e) => e.data.jitterMs);
    expect(new Set(refreshJitters).size).toBeGreaterThan(1);
    expect(b.log.toJsonLines()).toBe(a.log.toJsonLines());
    const firstJitters = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const world = makeWorld(100 + i);
        await world.node.runPod(makePod(world, 'app'));
        return delayAndJitter(only(world), 69_120 * SECOND_MS).jitterMs;
      }),
    );
    expect(firstJitters.every((j) => j >= 0 && j <= 9000 && j % 1000 === 0)).toBe(true);
    expect(new Set(firstJitters).size).toBeGreaterThanOrEqual(5);
  });

  it('keeps serving the old token when a refresh fails, logs it, retries after a minute and recovers', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'app'));
    const original = tokenOf(world);
    world.failWith = 'K8S_FORBIDDEN';
    await world.advance((only(world).nextRefreshAtMs ?? 0) - world.clock.nowMs());
    expect(tokenOf(world)).toBe(original);
    const [failure] = world.log.all('kubelet.refresh-failed');
    expect(failure?.data).toMatchObject({ pod: 'default/app', code: 'K8S_FORBIDDEN', expired: false, failures: 1 });
    expect(only(world)).toMatchObject({ state: 'refresh-failing', failures: 1 });
    expect(only(world).nextRefreshAtMs).toBe(world.clock.nowMs() + MINUTE_MS);
    world.failWith = undefined;
    await world.advance(MINUTE_MS);
    expect(tokenOf(world)).not.toBe(original);
    expect(only(world)).toMatchObject({ state: 'valid', failures: 0, writes: 2 });
  });

  it('leaves the expired token in place (stale) and says so once refreshes have failed past exp', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'app'));
    const original = tokenOf(world);
    const { expiresAtMs } = only(world);
    world.failWith = 'K8S_NOT_FOUND';
    await world.advance(expiresAtMs - world.clock.nowMs() + 5 * MINUTE_MS);
    expect(tokenOf(world)).toBe(original);
    expect(only(world).state).toBe('expired');
    const failures = world.log.all('kubelet.refresh-failed').map((e) => e.data);
    expect(failures.some((f) => !f.expired)).toBe(true);
    expect(failures.at(-1)?.expired).toBe(true);
    // the kubelet keeps trying, at most 2 min 2 s apart
    expect((only(world).nextRefreshAtMs ?? 0) - world.clock.nowMs()).toBeLessThanOrEqual(122 * SECOND_MS);
  });

  it('stops renewing a deleted pod’s token, and discards the answer to a request in flight', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'gone'));
    await world.node.runPod(makePod(world, 'stays'));
    const uid = world.node.pod('default', 'gone')?.uid;
    const due = world.node.tokenSchedule().find((e) => e.pod === 'default/gone')?.nextRefreshAtMs ?? 0;
    const release = world.hold();
    world.clock.jumpTo(due); // fires the refresh
    for (let i = 0; i < 10 && world.calls.length < 3; i++) await Promise.resolve();
    expect(world.calls.at(-1)).toMatchObject({ pod: 'default/gone', atMs: due }); // the request is in flight
    world.node.deletePod('default', 'gone');
    release();
    await world.node.whenIdle();
    expect(world.node.fs.exists(`/var/lib/kubelet/pods/${uid}`)).toBe(false);
    const callsAfterDelete = world.calls.filter((c) => c.pod === 'default/gone').length;
    await world.advance(3 * 24 * HOUR_MS);
    expect(world.calls.filter((c) => c.pod === 'default/gone')).toHaveLength(callsAfterDelete);
    expect(world.clock.pending().some((t) => t.label.includes('default/gone'))).toBe(false);
    expect(world.node.tokenSchedule().map((e) => e.pod)).toEqual(['default/stays']);
    const goneWrites = world.log.all('kubelet.token-written').filter((e) => e.data.pod === 'default/gone');
    expect(goneWrites).toHaveLength(1);
  });
});

describe('clock skew', () => {
  it('skews the node’s readings (file mtimes) but not the kubelet’s schedule', async () => {
    const plain = makeWorld(5);
    const skewed = makeWorld(5, {}, 90 * SECOND_MS);
    for (const world of [plain, skewed]) await world.node.runPod(makePod(world, 'app'));
    expect(skewed.node.clock.nowMs()).toBe(skewed.clock.nowMs() + 90 * SECOND_MS);
    const path = only(skewed).path;
    expect(skewed.node.fs.stat(path)?.modifiedAtMs).toBe(skewed.clock.nowMs() + 90 * SECOND_MS);
    expect(only(skewed).nextRefreshAtMs).toBe(only(plain).nextRefreshAtMs);
  });
});

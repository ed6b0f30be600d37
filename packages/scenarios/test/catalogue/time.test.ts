/**
 * Time, run headless: what allows or denies as the clock moves (a key
 * rotation, token and credential refreshes), what CloudTrail and the network
 * recorded, and the contract every scenario of the group keeps.
 */
import { describe, expect, it } from 'vitest';
import { actual, describeGroup, requestsBy, run, stepIn, trail } from './sessions.js';

describeGroup('time');

describe('key-rotation', () => {
  it('keeps STS validating across the rotation while a JWKS cache without refetch rejects key-B tokens', async () => {
    const s = await run('key-rotation');
    const stale = stepIn(s, 'stale-validator');
    expect(stale.outcome).toBe('denied');
    expect(stale.decision?.allowed).toBe(false);
    expect(actual(stale, 'Vault login')).toBe('ERR_JWKS_NO_MATCHING_KEY');
    expect(stepIn(s, 'refetch-fix').outcome).toBe('allowed');
    for (const id of ['irsa-works', 'rotation', 'new-token']) expect(stepIn(s, id).outcome).toBe('allowed');
    // Vault fetched discovery + keys twice: on first use (day 6) and on the unknown kid, never in the failing step
    expect(requestsBy(s.world, 'vault.example.com').map((r) => new URL(r.url).pathname.split('/').at(-1))).toEqual([
      'openid-configuration',
      'keys',
      'openid-configuration',
      'keys',
    ]);
    expect(trail(s.world).filter((r) => r.errorCode)).toEqual([]);
    const rotations = s.world.log.all('issuer.key-rotated').map((e) => e.data.newKid);
    expect(rotations.length).toBe(1);
    expect(s.world.issuer.jwks().keys.map((k) => k.kid)).toEqual(rotations);
  });
});

describe('token-refresh', () => {
  it('fails the kept token only past exp + 5 min, while the SDK chain keeps re-reading the file', async () => {
    const s = await run('token-refresh');
    const broken = stepIn(s, 'kept-token-expires');
    expect(broken.outcome).toBe('denied');
    expect(broken.decision?.lines.find((l) => l.text.startsWith('check-time-claims'))?.ok).toBe(false);
    expect(trail(s.world).map((r) => r.errorCode ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ExpiredTokenException',
      'ok',
    ]);
    const refresh = stepIn(s, 'sdk-refresh');
    expect(actual(refresh, 'at 54 min: from cache')).toBe('yes');
    expect(actual(refresh, 'at 56 min: refreshed')).toBe('yes');
    const writes = s.world.log
      .all('kubelet.token-written')
      .filter((e) => JSON.stringify(e.data).includes('aws-iam-token'));
    expect(writes.length).toBe(2);
    // the kept token's two calls are both in the step's CloudTrail panel: inside the leeway, then refused
    const trailPanel = stepIn(s, 'kept-token-expires').panels.find((p) => p.kind === 'cloudtrail');
    const calls = trailPanel?.kind === 'cloudtrail' ? trailPanel.records : [];
    expect(calls.map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'ExpiredTokenException']);
    const stillFine = stepIn(s, 'sdk-still-fine');
    expect(stillFine.outcome).toBe('allowed');
    // the lifetimes shown are those of the credentials the SDK holds now, not of ones it dropped hours ago
    const lifetimes = stillFine.panels.find((p) => p.kind === 'timeline');
    const sdkLane =
      lifetimes?.kind === 'timeline' ? lifetimes.lanes.find((l) => l.label === 'credentials (SDK)') : undefined;
    const validUntil = sdkLane?.spans[0]?.toMs ?? 0;
    expect(validUntil).toBeGreaterThan(s.world.clock.nowMs());
  });
});

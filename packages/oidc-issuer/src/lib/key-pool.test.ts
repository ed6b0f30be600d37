/** The key pool: seeded order without replacement, live keys on request and after the pool runs out. */
import { DEFAULT_START_MS, EventLog, Rng, SimClock, toNumericDate } from '@irsa-lab/core';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { FIXTURE_KEYS } from '../fixtures/keys.js';
import { createIssuer, type KeySource } from '../index.js';
import { fixtureKey, shuffledIndices } from './key-pool.js';

async function setup(keySource?: KeySource) {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const issuer = await createIssuer({
    clock,
    rng: new Rng(5),
    log,
    region: 'eu-west-1',
    clusterId: 'ABC123',
    ...(keySource ? { keySource } : {}),
  });
  /** Sign a one-hour token and verify it against the issuer's own JWKS at simulated time. */
  const roundTrip = async () => {
    const iat = toNumericDate(clock.nowMs());
    const token = await issuer.sign({ exp: iat + 3600, iat, iss: issuer.issuerUrl, sub: 'system:serviceaccount:a:b' });
    return jwtVerify(token, createLocalJWKSet(issuer.jwks()), { currentDate: new Date(clock.nowMs()) });
  };
  return { log, issuer, roundTrip };
}

describe('key pool', () => {
  it('holds 48 distinct fixture keys', () => {
    expect(FIXTURE_KEYS).toHaveLength(48);
    expect(new Set(FIXTURE_KEYS.map((_, i) => fixtureKey(i).kid)).size).toBe(48);
  });

  it('shuffles the pool into a seeded permutation', () => {
    const a = shuffledIndices(new Rng(1), 48);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 48 }, (_, i) => i));
    expect(shuffledIndices(new Rng(1), 48)).toEqual(a);
    expect(shuffledIndices(new Rng(2), 48)).not.toEqual(a);
  });

  it('generates keys live with keySource "live", and logs it', async () => {
    const { log, issuer, roundTrip } = await setup('live');
    expect(issuer.keys()[0]?.source).toBe('live');
    const fixtureKids = new Set(FIXTURE_KEYS.map((_, i) => fixtureKey(i).kid));
    expect(fixtureKids.has(issuer.currentKid())).toBe(false);
    expect(log.all('issuer.key-drawn').map((e) => e.data)).toEqual([
      expect.objectContaining({ kid: issuer.currentKid(), reason: 'keySource: live' }),
    ]);
    await expect(roundTrip()).resolves.toMatchObject({ protectedHeader: { kid: issuer.currentKid() } });
  });

  it('uses every fixture key once, then recycles those no longer published, in the same order', async () => {
    const { log, issuer, roundTrip } = await setup();
    const kids = [issuer.currentKid()];
    for (let i = 0; i < 47; i++) {
      issuer.rotate();
      kids.push(issuer.currentKid());
    }
    expect(new Set(kids).size).toBe(48);
    expect(log.all('issuer.key-drawn')).toHaveLength(0);

    // keys that signed nothing leave /keys at once, so the first fixture is free again
    issuer.rotate();
    expect(issuer.currentKid()).toBe(kids[0]);
    expect(issuer.keys().at(-1)).toMatchObject({ kid: kids[0], source: 'fixture', signing: true });
    expect(log.all('issuer.key-drawn').map((e) => e.data)).toEqual([
      expect.objectContaining({ kid: kids[0], reason: 'fixture pool recycled' }),
    ]);
    await expect(roundTrip()).resolves.toMatchObject({ protectedHeader: { kid: issuer.currentKid() } });
  });

  it('skips a fixture that is still published when recycling', async () => {
    const { issuer } = await setup();
    const kids = [issuer.currentKid()];
    // a token without exp (a legacy token) keeps its key published for ever
    await issuer.sign({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:a:b' });
    for (let i = 0; i < 47; i++) {
      issuer.rotate();
      kids.push(issuer.currentKid());
    }
    issuer.rotate();
    expect(issuer.currentKid()).toBe(kids[1]);
    expect(issuer.jwks().keys.filter((k) => k.kid === kids[0])).toHaveLength(1);
  });
});

/**
 * The issuer's key ring at its edges: what sign() refuses before any key is
 * used, a removed key that is still remembered coming back when the fixture
 * pool starts again, and the note a live key leaves in the log.
 */
import { DAY_MS, DEFAULT_START_MS, EventLog, Rng, SimClock, toNumericDate } from '@irsa-lab/core';
import { createIssuer, type IssuerOptions } from '@irsa-lab/oidc-issuer';
import { describe, expect, it } from 'vitest';

const WEEK_MS = 7 * DAY_MS;

async function setup(extra: Partial<IssuerOptions> = {}) {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const issuer = await createIssuer({
    clock,
    rng: new Rng(3),
    log,
    region: 'us-west-2',
    clusterId: 'D43CF17C27A865933144EA99A26FB128',
    ...extra,
  });
  return { clock, log, issuer };
}

describe('sign refuses a payload that is not a JSON object', () => {
  it.each([
    ['null', null],
    ['an array', [{ sub: 'system:serviceaccount:default:app' }]],
    ['a string', 'system:serviceaccount:default:app'],
  ])('%s', async (_name, payload) => {
    const { issuer } = await setup();
    // the caller's mistake named, not a failure from somewhere inside signing
    await expect(issuer.sign(payload as unknown as Record<string, unknown>)).rejects.toThrow(
      new TypeError('payload must be a JSON object'),
    );
    expect(issuer.keys()[0]?.tokensSigned).toBe(0);
  });

  it('and an exp that is not a finite number of seconds, before counting the token', async () => {
    const { clock, issuer } = await setup();
    const iat = toNumericDate(clock.nowMs());
    for (const exp of [String(iat + 3600), Number.POSITIVE_INFINITY, Number.NaN]) {
      await expect(issuer.sign({ iat, exp })).rejects.toThrow(
        new TypeError('exp must be a NumericDate (seconds since the epoch)'),
      );
    }
    expect(issuer.keys()[0]).toMatchObject({ tokensSigned: 0, keptForever: false });
  });
});

describe('recycling the fixture pool', () => {
  it('takes back a key that left the JWKS even while the issuer still remembers it', async () => {
    const { clock, log, issuer } = await setup();
    const firstKid = issuer.currentKid();
    // the first key signs nothing and leaves at the first rotation; the next
    // 16 each sign a token without exp and stay published, so fewer than 33
    // keys are ever removed and the first one is still in keys() at week 48
    clock.advanceBy(WEEK_MS);
    for (let i = 0; i < 16; i++) {
      await issuer.sign({ sub: 'system:serviceaccount:default:app' });
      clock.advanceBy(WEEK_MS);
    }
    clock.advanceBy(30 * WEEK_MS);
    expect(issuer.keys().find((k) => k.kid === firstKid)).toMatchObject({ published: false });
    expect(issuer.keys().filter((k) => !k.published)).toHaveLength(31);
    clock.advanceBy(WEEK_MS);
    expect(issuer.currentKid()).toBe(firstKid);
    expect(log.all('issuer.key-drawn').map((e) => e.data)).toEqual([
      expect.objectContaining({ kid: firstKid, reason: 'fixture pool recycled' }),
    ]);
  });
});

describe('live keys', () => {
  it('notes a key generated live, naming its kid and why', async () => {
    const { log, issuer } = await setup({ keySource: 'live' });
    const [note] = log.all('issuer.key-drawn');
    expect(note?.data).toMatchObject({ kid: issuer.currentKid(), reason: 'keySource: live' });
    expect(note?.summary).toContain(issuer.currentKid());
    expect(issuer.keys()[0]).toMatchObject({ source: 'live', signing: true });
  });
});

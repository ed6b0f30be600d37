/**
 * STS's JWKS cache in simulated time: one fetch per max-age, a refetch on an
 * unknown kid after a key rotation (or, with the refetch switched off, the
 * stale-cache failure hashicorp/vault#11611 describes).
 */
import { HOUR_MS } from '@irsa-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimsAt,
  createHarness,
  generateIssuerKeys,
  goodToken,
  type Harness,
  ISSUER,
  issuerKeys,
  ROLE_ARN,
  signToken,
} from './harness.js';

beforeAll(generateIssuerKeys);

const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
const KEYS = `${ISSUER}/keys`;
const NO_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

async function assume(h: Harness, token: string) {
  return h.sts.assumeRoleWithWebIdentity({ RoleArn: ROLE_ARN, RoleSessionName: 'app', WebIdentityToken: token });
}

/** Warm the cache with the current key, then rotate: the issuer now signs with `next` and publishes both. */
async function warmThenRotate(h: Harness): Promise<string> {
  expect((await assume(h, await goodToken(h))).ok).toBe(true);
  h.issuer.published = [issuerKeys().current.jwk, issuerKeys().next.jwk];
  return signToken(claimsAt(h.clock.nowMs()), issuerKeys().next);
}

describe('JWKS cache', () => {
  it('fetches discovery and keys once, then serves from the cache until max-age passes', async () => {
    const h = createHarness();
    await assume(h, await goodToken(h));
    await assume(h, await goodToken(h));
    expect(h.fetched).toEqual([DISCOVERY, KEYS]);
    h.clock.advanceBy(604800_000);
    await assume(h, await goodToken(h));
    expect(h.fetched).toEqual([DISCOVERY, KEYS, DISCOVERY, KEYS]);
    expect(h.log.all('sts.jwks-fetched').map((e) => e.data.reason)).toEqual(['not cached', 'cache expired']);
  });

  it('keeps keys served without Cache-Control for an hour', async () => {
    const h = createHarness();
    h.issuer.cacheControl = undefined;
    await assume(h, await goodToken(h));
    h.clock.advanceBy(HOUR_MS - 1000);
    await assume(h, await goodToken(h));
    expect(h.fetched).toHaveLength(2);
    h.clock.advanceBy(1000);
    await assume(h, await goodToken(h));
    expect(h.fetched).toHaveLength(4);
  });

  it('uses a configured lifetime instead of max-age', async () => {
    const h = createHarness({ jwksCacheTtlMs: 60_000 });
    await assume(h, await goodToken(h));
    h.clock.advanceBy(60_000);
    await assume(h, await goodToken(h));
    expect(h.fetched).toHaveLength(4);
    expect(h.sts.jwksCache()).toEqual([
      expect.objectContaining({
        issuer: ISSUER,
        jwksUri: KEYS,
        kids: [issuerKeys().current.kid],
        expiresAtMs: h.clock.nowMs() + 60_000,
      }),
    ]);
  });

  it('refetches once on an unknown kid, so a token signed with a rotated-in key succeeds', async () => {
    const h = createHarness();
    const token = await warmThenRotate(h);
    const out = await assume(h, token);
    expect(out.ok).toBe(true);
    expect(h.fetched).toEqual([DISCOVERY, KEYS, DISCOVERY, KEYS]);
    expect(out.trace.map((s) => s.step)).toContain('refetch-jwks');
    expect(h.sts.jwksCache()[0]?.kids).toEqual([issuerKeys().current.kid, issuerKeys().next.kid]);
  });

  it('with refetch on unknown kid off, a rotated-in key fails until the cache expires (stale JWKS)', async () => {
    const h = createHarness({ refetchOnUnknownKid: false });
    const token = await warmThenRotate(h);
    const out = await assume(h, token);
    expect(out.ok ? undefined : out.error).toEqual({
      code: 'InvalidIdentityToken',
      status: 400,
      message: NO_KEY,
      type: 'Sender',
    });
    expect(h.fetched).toHaveLength(2);
    h.clock.advanceBy(604800_000);
    expect((await assume(h, await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next))).ok).toBe(true);
  });

  it('an unknown kid still unknown after the refetch fails with no verification key', async () => {
    const h = createHarness();
    const token = await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next);
    const out = await assume(h, token);
    expect(out.ok ? undefined : out.error.message).toBe(NO_KEY);
    // the cache was cold, so the first fetch was already fresh: no second fetch
    expect(h.fetched).toEqual([DISCOVERY, KEYS]);
  });

  it('clearJwksCache forgets the keys', async () => {
    const h = createHarness();
    await assume(h, await goodToken(h));
    h.sts.clearJwksCache(ISSUER);
    expect(h.sts.jwksCache()).toEqual([]);
    await assume(h, await goodToken(h));
    expect(h.fetched).toHaveLength(4);
  });
});

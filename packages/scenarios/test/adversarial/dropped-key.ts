/**
 * Found by the rotation property (twin-signed tokens): STS keeps the JWKS
 * for the max-age the issuer sends (7 days), so a key the issuer has
 * dropped stays trusted by STS until its cached copy expires. Only someone
 * holding the dropped private key can use that window (the issuer keeps a
 * key until its own tokens are past exp + leeway); with the cache cold or
 * expired the same token is refused. adversarial.test.ts pins this current
 * behaviour so a change to it is a decision, not an accident; whether AWS
 * STS caches the same way is not documented (docs/reference.md#key-rotation).
 */

import { createWorld, moveTime } from '@irsa-lab/world';
import { expect } from 'vitest';
import { ARENA_SEED, arena } from './arena.js';

/** A token signed with a key the issuer has just dropped, STS's cache warmed first or not. */
export async function droppedKeyToken(warmCache: boolean) {
  const a = await arena();
  // the twin has the same seed, so the same keys: it plays whoever kept the old private key
  const twin = await createWorld({ seed: ARENA_SEED });
  if (warmCache) expect((await a.assume(await a.goodToken())).ok).toBe(true); // STS caches the JWKS
  await moveTime(a.world, a.world.clock.nowMs() + 2 * 3600_000); // the good token is long expired
  const oldKid = a.world.issuer.currentKid();
  a.world.issuer.rotate();
  expect(a.world.issuer.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
  const forged = await twin.issuer.sign(a.claims());
  return { a, twin, forged };
}

/**
 * Adversarial tokens. Every attack of header-attacks.ts and
 * claim-attacks.ts is sent to STS in a fresh arena and must be refused with
 * the code (and status, and message where the real text is known) real STS
 * gives: no credentials, one CloudTrail record with that errorCode, and
 * nothing fetched from where the token points. Controls (near misses STS
 * accepts), the dropped-key cache window, and the fuzz property follow. One
 * file, so the simulation is imported once.
 */

import { moveTime } from '@irsa-lab/world';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerProperty } from '../properties/runs.js';
import { type Arena, arena, testKeys } from './arena.js';
import type { AttackCase, Refusal } from './attack-types.js';
import { NO_KEY } from './attack-types.js';
import { CLAIM_ATTACKS } from './claim-attacks.js';
import { CONTROLS } from './controls.js';
import { droppedKeyToken } from './dropped-key.js';
import { fuzzProperty } from './fuzz-property.js';
import { HEADER_ATTACKS } from './header-attacks.js';

const ATTACKS: readonly AttackCase[] = [...HEADER_ATTACKS, ...CLAIM_ATTACKS];
const DAY_MS = 86_400_000;

beforeAll(async () => {
  await testKeys();
});

describe('JWT attacks on STS', () => {
  it('are at least 30, each named once', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ATTACKS.map((c) => c.title)).size).toBe(ATTACKS.length);
  });

  it.each(ATTACKS)('refuses: $title', async (attack) => {
    const a = await arena();
    const { token, roleArn } = await attack.input(a);
    const expected: Refusal = typeof attack.expected === 'function' ? attack.expected(a) : attack.expected;
    const before = a.world.log.all('cloudtrail').length;
    const out = await a.assume(token, roleArn);
    expect(out.ok ? 'credentials issued' : out.error).toMatchObject(expected);
    if (expected.code === 'ExpiredTokenException') {
      expect(out.ok ? '' : out.error.message).toMatch(
        /^Token expired: current date\/time \d+ must be before the expiration date\/time\d+$/,
      );
    }
    const records = a.world.log.all('cloudtrail').slice(before);
    expect(records.map((r) => r.data.errorCode)).toEqual([expected.code]);
    expect(a.attackerHits).toEqual([]);
  });
});

describe('near misses STS accepts (controls)', () => {
  it.each(CONTROLS)('accepts: $title', async ({ token, lab }) => {
    const a = await arena();
    const out = await a.assume(await token(a), lab ? a.labRoleArn : a.roleArn);
    expect(out.ok ? 'issued' : `${out.error.code}: ${out.trace.at(-1)?.detail}`).toBe('issued');
  });
});

describe('a key the issuer has dropped (dropped-key.ts)', () => {
  it('is refused when STS fetches the JWKS afresh', async () => {
    const { a, forged } = await droppedKeyToken(false);
    const out = await a.assume(forged);
    expect(out.ok ? 'issued' : out.error).toMatchObject(NO_KEY);
  });

  it('stays trusted while STS holds a JWKS fetched before the drop (max-age 7 days), then is refused', async () => {
    const { a, twin, forged } = await droppedKeyToken(true);
    expect((await a.assume(forged)).ok).toBe(true);
    await moveTime(a.world, a.world.clock.nowMs() + 7 * DAY_MS); // the cached JWKS has expired
    const out = await a.assume(await twin.issuer.sign(a.claims()));
    expect(out.ok ? 'issued' : out.error).toMatchObject(NO_KEY);
  });
});

describe('fuzzed tokens', () => {
  let target: { a: Arena; token: string };

  beforeAll(async () => {
    const a = await arena();
    target = { a, token: await a.goodToken() };
  });

  it('start from a token STS accepts', async () => {
    expect((await target.a.assume(target.token)).ok).toBe(true);
  });

  registerProperty(fuzzProperty(() => target));
});

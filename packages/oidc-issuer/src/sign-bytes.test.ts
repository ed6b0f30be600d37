/**
 * issuer.sign writes a plain JSON payload with CompactSign rather than
 * SignJWT (which first structuredClones the claims, a cost the benchmarks showed): the tokens
 * must be byte for byte what SignJWT made (RS256 is deterministic), and
 * anything a clone would change or refuse still goes through SignJWT.
 */
import { DEFAULT_START_MS, EventLog, Rng, SimClock } from '@irsa-lab/core';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { FIXTURE_KEYS } from './fixtures/keys.js';
import { createIssuer } from './index.js';
import { fixtureKey } from './lib/key-pool.js';

async function setup() {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const issuer = await createIssuer({
    clock,
    rng: new Rng(5),
    log: new EventLog(clock),
    region: 'us-west-2',
    clusterId: 'D43CF17C27A865933144EA99A26FB128',
  });
  const kid = issuer.currentKid();
  const index = FIXTURE_KEYS.findIndex((_, i) => fixtureKey(i).kid === kid);
  const privateKey = await fixtureKey(index).privateKey();
  const viaSignJwt = (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
  return { issuer, viaSignJwt };
}

/** [1, <hole>, 3] */
function sparse(): unknown[] {
  const list: unknown[] = new Array(3);
  list[0] = 1;
  list[2] = 3;
  return list;
}

class Named {
  constructor(readonly name: string) {}
  toJSON() {
    return `named:${this.name}`;
  }
}

describe('issuer.sign bytes', () => {
  it('signs plain claims to exactly the token SignJWT makes', async () => {
    const { issuer, viaSignJwt } = await setup();
    const payloads: Record<string, unknown>[] = [
      {
        aud: ['sts.amazonaws.com'],
        exp: 1767690000,
        iat: 1767603600,
        iss: issuer.issuerUrl,
        jti: 'd8a3fc00-b840-4f5d-b4a8-dec3b4a177bb',
        'kubernetes.io': { namespace: 'a', pod: { name: 'p', uid: 'u' }, serviceaccount: { name: 's', uid: 'v' } },
        nbf: 1767603600,
        sub: 'system:serviceaccount:a:s',
      },
      { sub: 'no exp: a legacy token', nested: [1, 'two', null, true, { deep: [[]] }], skipped: undefined },
      { unicode: 'é€😀', 'key with "quotes"': '\n\t', n: -0.5e-7 },
      Object.assign(Object.create(null), { sub: 'null prototype', exp: 1767690000 }),
    ];
    for (const payload of payloads) expect(await issuer.sign(payload)).toBe(await viaSignJwt(payload));
  });

  it('leaves what a structuredClone would change to SignJWT, with the same outcome as before', async () => {
    const { issuer, viaSignJwt } = await setup();
    const cloned: Record<string, unknown>[] = [
      { sub: 'x', when: new Named('a') }, // a clone drops the class, so its toJSON
      { sub: 'x', when: new Date(0) },
      {
        sub: 'x',
        get computed() {
          return 'getter';
        },
      },
      { sub: 'x', list: Object.assign([1, 2], { extra: true }) },
      { sub: 'x', holes: sparse() },
      {
        sub: 'x',
        list: Object.defineProperty([1, 2], 0, {
          get: () => 'indexed getter',
          enumerable: true,
        }),
      },
    ];
    for (const payload of cloned) expect(await issuer.sign(payload)).toBe(await viaSignJwt(payload));
    // refused the same way
    const refusal = await (async () => viaSignJwt({ sub: 'x', f: () => 1 }))().catch((e: Error) => e);
    expect(refusal).toBeInstanceOf(Error);
    await expect(issuer.sign({ sub: 'x', f: () => 1 })).rejects.toThrow((refusal as Error).message);
    const proxied = new Proxy({ sub: 'x' }, {});
    const proxyRefusal = await (async () => viaSignJwt(proxied))().catch((e: Error) => e);
    await expect(issuer.sign(proxied)).rejects.toThrow((proxyRefusal as Error).message);
    await expect(issuer.sign({ sub: 'x', iat: Number.NaN })).rejects.toThrow('"iat" claim must be a finite number');
    await expect(issuer.sign({ sub: 'x', big: 1n })).rejects.toThrow(TypeError);
    const cyclic: Record<string, unknown> = { sub: 'x' };
    cyclic.self = cyclic;
    await expect(issuer.sign(cyclic)).rejects.toThrow(TypeError);
  });
});

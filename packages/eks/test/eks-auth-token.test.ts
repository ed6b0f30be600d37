/**
 * EKS Auth's checks of the Pod Identity token (eks-auth/token.ts): how long
 * the issuer's keys are cached (the JWKS's max-age, an hour without one),
 * when they are fetched again (a kid not in the cached set, and only then),
 * what happens when the issuer cannot give them (InternalServerException,
 * 500), and the claims a token must carry (exp, the namespace and service
 * account). The verify-token step names what it decided on.
 */

import { HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { associate, CLUSTER, createHarness, eksAuthRequest, generateKeys, type Harness, ISSUER } from './harness.js';

beforeAll(generateKeys);

async function call(h: Harness, token: string) {
  return h.eks.assumeRoleForPodIdentity(eksAuthRequest(token), CLUSTER);
}

/** The verify-token step's detail of a call. */
function verifyDetail(out: { trace: readonly { step: string; detail: string }[] }): string | undefined {
  return out.trace.find((s) => s.step === 'verify-token')?.detail;
}

describe("the issuer's keys", () => {
  it("are cached for the JWKS's max-age: fetched again when it has passed, not a millisecond before", async () => {
    const h = createHarness();
    associate(h);
    h.keysCacheControl = 'public, max-age=60';
    expect((await call(h, await h.token())).ok).toBe(true);
    h.clock.advanceBy(59_999);
    expect((await call(h, await h.token())).ok).toBe(true);
    expect(h.issuerFetches).toEqual(['discovery', 'keys']);
    h.clock.advanceBy(1);
    expect((await call(h, await h.token())).ok).toBe(true);
    expect(h.issuerFetches).toEqual(['discovery', 'keys', 'discovery', 'keys']);
  });

  it('are cached for an hour when the JWKS has no max-age', async () => {
    const h = createHarness();
    associate(h);
    h.keysCacheControl = undefined;
    await call(h, await h.token());
    h.clock.advanceBy(3_599_999);
    await call(h, await h.token());
    expect(h.issuerFetches).toHaveLength(2);
    h.clock.advanceBy(1);
    await call(h, await h.token());
    expect(h.issuerFetches).toHaveLength(4);
  });

  it('are not fetched again for a kid the cached set has, nor for a token without a kid', async () => {
    const h = createHarness();
    associate(h);
    h.published = [0, 1];
    expect((await call(h, await h.token({}, 1))).ok).toBe(true);
    expect((await call(h, await h.token({}, 0))).ok).toBe(true);
    expect(h.issuerFetches).toEqual(['discovery', 'keys']);
    h.published = [0];
    const fresh = createHarness();
    associate(fresh);
    await call(fresh, await fresh.token());
    expect((await call(fresh, await fresh.token({}, 0, false))).ok).toBe(true);
    expect(fresh.issuerFetches).toEqual(['discovery', 'keys']);
  });

  it('are logged when fetched: the issuer, the jwks_uri and the kids', async () => {
    const h = createHarness();
    associate(h);
    h.published = [0, 1];
    await call(h, await h.token());
    const [event] = h.log.all('eks-auth.jwks-fetched');
    expect(event).toMatchObject({
      source: 'eks-auth',
      data: { issuer: ISSUER, jwksUri: `${ISSUER}/keys`, kids: ['kid-one', 'kid-two'] },
    });
    expect(event?.summary).toContain('kid-one, kid-two');
  });

  it('are logged as none for a JWKS without keys, and a key without a kid as such (and the token is refused)', async () => {
    for (const [jwks, kids] of [
      [{}, []],
      [{ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, ['(no kid)']],
    ] as const) {
      const h = createHarness();
      associate(h);
      h.issuerReplies.keys = () => HttpResponse.json(jwks);
      const out = await call(h, await h.token());
      expect(out).toMatchObject({ ok: false, error: { code: 'InvalidTokenException', status: 400 } });
      expect(h.log.all('eks-auth.jwks-fetched').map((e) => e.data.kids)).toEqual([kids, kids]);
    }
  });

  it("are found from an issuer URL with a trailing slash (discovery at the issuer's path, no double slash)", async () => {
    const h = createHarness({ issuerUrl: `${ISSUER}/` });
    associate(h);
    expect((await call(h, await h.token({ iss: `${ISSUER}/` }))).ok).toBe(true);
    expect(h.issuerFetches).toEqual(['discovery', 'keys']);
  });
});

describe('when the issuer cannot give its keys', () => {
  // each case: how the issuer fails, and what the verify-token step must name
  it.each([
    [
      'the issuer is unreachable',
      (h: Harness) => h.net.removeHost('oidc.eks.us-west-2.amazonaws.com'),
      [`${ISSUER}/.well-known/openid-configuration`, 'NET_NXDOMAIN'],
    ],
    [
      'the JWKS answers 503 (with a JSON body)',
      (h: Harness) => {
        h.issuerReplies.keys = () => HttpResponse.json({ keys: [] }, { status: 503 });
      },
      [`${ISSUER}/keys`, '503'],
    ],
    [
      'the JWKS is not JSON',
      (h: Harness) => {
        h.issuerReplies.keys = () => HttpResponse.text('<html>keys</html>');
      },
      [`${ISSUER}/keys`, 'JSON'],
    ],
    [
      'the discovery document has no jwks_uri',
      (h: Harness) => {
        h.issuerReplies.discovery = () => HttpResponse.json({ issuer: ISSUER });
      },
      ['jwks_uri'],
    ],
  ])('answers InternalServerException (500) when %s, and calls no STS', async (_title, breakIssuer, named) => {
    const h = createHarness();
    associate(h);
    breakIssuer(h);
    const out = await call(h, await h.token());
    expect(out).toMatchObject({ ok: false, error: { code: 'InternalServerException', status: 500 } });
    expect(out.ok || out.error.message).toMatch(/\S/);
    for (const fact of named) expect(verifyDetail(out)).toContain(fact);
    expect(h.stsCalls).toEqual([]);
  });
});

describe('the claims', () => {
  it('refuses a token without exp (InvalidTokenException)', async () => {
    const h = createHarness();
    associate(h);
    const out = await call(h, await h.token({ exp: undefined }));
    expect(out).toMatchObject({ ok: false, error: { code: 'InvalidTokenException', status: 400 } });
  });

  it('refuses a token naming no namespace or no service account (InvalidTokenException)', async () => {
    const h = createHarness();
    associate(h);
    const pod = { name: 'billing-api', uid: '91eee131-74f3-49d4-8f7c-bcde305c120b' };
    for (const k8s of [
      { pod, serviceaccount: { name: 'billing' } },
      { pod, namespace: 'payments' },
    ]) {
      const out = await call(h, await h.token({ 'kubernetes.io': k8s }));
      expect(out).toMatchObject({ ok: false, error: { code: 'InvalidTokenException', status: 400 } });
      expect(verifyDetail(out)).toContain('namespace and service account');
    }
    expect(h.stsCalls).toEqual([]);
  });

  it("writes now with Go's nanosecond fraction, trailing zeros dropped, in ExpiredTokenException", async () => {
    const h = createHarness();
    associate(h);
    h.clock.advanceBy(120);
    const out = await call(h, await h.token({ exp: Math.floor(Date.UTC(2026, 0, 5, 8, 30) / 1000) }));
    expect(out.ok || out.error.message).toBe(
      'The token included in the request is expired: current date/time 2026-01-05T09:00:00.12Z must be before the expiration date/time 2026-01-05T08:30:00Z.',
    );
  });

  it('names in the step what it found: not a JWT, no pod, the expiry, the JOSE error, or who and which pod', async () => {
    const h = createHarness();
    associate(h);
    const expired = await call(h, await h.token({ exp: Math.floor(Date.UTC(2026, 0, 5, 8, 30) / 1000) }));
    expect(verifyDetail(expired)).toContain('2026-01-05T08:30:00Z');
    expect(verifyDetail(await call(h, 'a.b.c'))).toContain('not a JWT');
    const unbound = { 'kubernetes.io': { namespace: 'payments', serviceaccount: { name: 'billing' } } };
    expect(verifyDetail(await call(h, await h.token(unbound)))).toContain('not bound to a pod');
    const audience = await call(h, await h.token({ aud: ['sts.amazonaws.com'] }));
    expect(verifyDetail(audience)).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED');
    const ok = await call(h, await h.token());
    expect(verifyDetail(ok)).toContain('payments/billing');
    expect(verifyDetail(ok)).toContain('billing-api');
  });
});

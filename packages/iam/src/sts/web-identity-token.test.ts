/**
 * The signing-algorithm allow-list on its own (the STS API model's
 * WebIdentityToken: RS256/384/512, ES256/384/512), apart from jose's
 * `algorithms` option, which would refuse most of these later anyway.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ALGS, checkAlg, verifySignature } from './web-identity-token.js';

/** Written out here, not read from ALLOWED_ALGS, so a change to the list fails. */
const STS_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

describe('checkAlg', () => {
  it('allows exactly the algorithms of the STS model', () => {
    expect([...ALLOWED_ALGS].sort()).toEqual([...STS_ALGS].sort());
  });

  it.each(STS_ALGS)('accepts %s', (alg) => {
    expect(checkAlg({ alg })).toMatchObject({ ok: true, value: alg });
  });

  it.each(['none', 'HS256', 'PS256', 'EdDSA', 'ES256K', 'rs256', 'RS256 '])(
    'refuses %j: InvalidIdentityToken',
    (alg) => {
      expect(checkAlg({ alg })).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken', status: 400 } });
    },
  );

  it('refuses a header without alg', () => {
    expect(checkAlg({})).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
  });
});

/** Two RS256 key pairs, their public JWKs published as two separate key sets. */
async function twoIssuers() {
  const make = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    return { kid, privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] } };
  };
  return [await make('a'), await make('b')] as const;
}

describe('verifySignature remembers each answer per key set and token, and only that answer', () => {
  it('gives the same answer again, and never carries one over to another token or another key set', async () => {
    const [a, b] = await twoIssuers();
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256', kid: 'a' }).sign(a.privateKey);
    const [head, , sig] = token.split('.') as [string, string, string];
    const tampered = `${head}.${Buffer.from('{"sub":"y"}').toString('base64url')}.${sig}`;
    const forgedWithB = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'a' })
      .sign(b.privateKey);

    expect(await verifySignature(token, a.jwks)).toEqual({ ok: true });
    expect(await verifySignature(token, a.jwks)).toEqual({ ok: true });
    // same signature, other payload; same kid, other key: each checked on its own
    expect(await verifySignature(tampered, a.jwks)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(await verifySignature(forgedWithB, a.jwks)).toMatchObject({ ok: false, kind: 'invalid' });
    // the same token against another key set (no key with its kid), then against its own again
    expect(await verifySignature(token, b.jwks)).toMatchObject({ ok: false, kind: 'no-key' });
    expect(await verifySignature(token, a.jwks)).toEqual({ ok: true });
    // a new key set document with the same keys (a refetch) is checked afresh, with the same answer
    expect(await verifySignature(token, { keys: [...a.jwks.keys] })).toEqual({ ok: true });
  });
});

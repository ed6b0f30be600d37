/**
 * Each web identity token check on its own (decoding, issuer, signature,
 * time claims, audience, subject): the edges the AssumeRoleWithWebIdentity
 * tests in test/ do not reach with the Kubernetes-shaped tokens they mint
 * (a string aud, a token without iat or nbf, a kid-less token against
 * several keys, the exact leeway boundaries), and what each trace sentence
 * reports (the value found and the numbers computed), since the trace is
 * what a learner reads. STS error messages are asserted only where they are
 * the wire format.
 */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkAlg,
  checkAudience,
  checkIssuer,
  checkSubject,
  checkTimeClaims,
  decodeToken,
  verifySignature,
} from './web-identity-token.js';

const NOW_S = 1_767_603_600; // 2026-01-05T09:00:00Z
const NOW_MS = NOW_S * 1000 + 999; // a NumericDate is whole seconds: the milliseconds are dropped

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
/** A token that is only decoded, never verified. */
function unsigned(header: Record<string, unknown>, claims: JWTPayload): string {
  return `${b64(header)}.${b64(claims)}.c2ln`;
}

describe('decodeToken', () => {
  it('reports alg and kid, or (none) when the header has no kid', () => {
    const withKid = decodeToken(unsigned({ alg: 'RS256', kid: 'key-1' }, { sub: 's' }));
    expect(withKid).toMatchObject({ ok: true, value: { header: { kid: 'key-1' }, claims: { sub: 's' } } });
    expect(withKid.detail).toContain('alg RS256, kid key-1');
    expect(decodeToken(unsigned({ alg: 'RS256' }, {})).detail).toContain('kid (none)');
  });

  it('refuses what is not a JWT with InvalidIdentityToken, saying so in the trace', () => {
    const result = decodeToken('not.a-jwt');
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken', status: 400 } });
    expect(result.detail).toMatch(/^not a JWT: ./);
  });
});

describe('checkAlg: the trace', () => {
  it('names the refused alg and the accepted list, or the accepted alg', () => {
    expect(checkAlg({ alg: 'HS256' }).detail).toContain('HS256 is not one of RS256, RS384, RS512, ES256, ES384, ES512');
    expect(checkAlg({ alg: 'ES384' }).detail).toContain('ES384');
  });
});

describe('checkIssuer', () => {
  it('a missing iss is a missing claim (the wire message names it)', () => {
    const result = checkIssuer({ sub: 's' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'InvalidIdentityToken', message: 'Missing a required claim: iss' },
    });
    expect(result.detail).not.toBe('');
  });

  it.each([
    ['http', 'http://oidc.example.com/id/1'],
    ['not a URL', 'oidc.example.com/id/1'],
    ['a number', 42],
    ['a list', ['https://oidc.example.com/id/1']],
  ])('refuses an iss that is %s: InvalidIdentityToken', (_what, iss) => {
    const result = checkIssuer({ iss } as unknown as JWTPayload);
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(result.ok === false && result.error.message).not.toMatch(/Missing a required claim/);
    expect(result.detail).toContain(JSON.stringify(iss));
  });

  it('accepts an https iss and names it', () => {
    const result = checkIssuer({ iss: 'https://oidc.example.com/id/1' });
    expect(result).toMatchObject({ ok: true, value: 'https://oidc.example.com/id/1' });
    expect(result.detail).toContain('https://oidc.example.com/id/1');
  });
});

describe('verifySignature', () => {
  let keys: { privateKey: CryptoKey; jwk: JWK }[] = [];
  beforeAll(async () => {
    keys = await Promise.all(
      [1, 2, 3].map(async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256');
        return { privateKey, jwk: await exportJWK(publicKey) };
      }),
    );
  });
  function sign(index: number, kid?: string): Promise<string> {
    return new SignJWT({ sub: 's' })
      .setProtectedHeader(kid === undefined ? { alg: 'ES256' } : { alg: 'ES256', kid })
      .sign((keys[index] as { privateKey: CryptoKey }).privateKey);
  }
  const set = (...indices: number[]) => ({
    keys: indices.map((i) => ({ ...(keys[i] as { jwk: JWK }).jwk, kid: `k${i}`, use: 'sig' })),
  });

  it('a token without kid against several keys verifies if any one of them does', async () => {
    expect(await verifySignature(await sign(1), set(0, 1))).toEqual({ ok: true });
  });

  it('a token without kid that none of several keys verifies is invalid', async () => {
    expect(await verifySignature(await sign(2), set(0, 1))).toEqual({
      ok: false,
      kind: 'invalid',
      detail: 'no key of the JWKS verifies the signature',
    });
  });

  it('a kid the set does not have is no-key; a bad signature is invalid, with jose code in the trace', async () => {
    expect(await verifySignature(await sign(2, 'k2'), set(0, 1))).toMatchObject({ ok: false, kind: 'no-key' });
    const result = await verifySignature(await sign(2, 'k0'), set(0, 1));
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    expect(result.ok === false && result.detail).toMatch(/^ERR_JWS_SIGNATURE_VERIFICATION_FAILED: /);
  });

  it('a key set jose cannot use is bad-keyset', async () => {
    const result = await verifySignature(await sign(0, 'k0'), { keys: 'none' } as never);
    expect(result).toMatchObject({ ok: false, kind: 'bad-keyset' });
    expect(result.ok === false && result.detail).toMatch(/^the JWKS is not usable \(./);
  });
});

describe('checkTimeClaims', () => {
  it('exp is required: a missing claim', () => {
    const result = checkTimeClaims({ iat: NOW_S }, NOW_MS);
    expect(result).toMatchObject({ ok: false, error: { message: 'Missing a required claim: exp' } });
    expect(result.detail).not.toBe('');
  });

  it('a token without iat and nbf is fine (only exp is required)', () => {
    expect(checkTimeClaims({ exp: NOW_S + 600 }, NOW_MS)).toMatchObject({ ok: true, value: { exp: NOW_S + 600 } });
  });

  it.each([
    ['iat', { exp: NOW_S + 600, iat: NOW_S - 0.5 }],
    ['nbf', { exp: NOW_S + 600, nbf: `${NOW_S}` }],
  ])('an %s that is not an integer is InvalidIdentityToken, named in the trace', (name, claims) => {
    const result = checkTimeClaims(claims as JWTPayload, NOW_MS);
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(result.detail).toContain(`${name} is ${JSON.stringify((claims as Record<string, unknown>)[name])}`);
  });

  it('reports how far exp is, ahead, exactly now, or passed within the leeway', () => {
    expect(checkTimeClaims({ exp: NOW_S + 600 }, NOW_MS).detail).toContain(`exp ${NOW_S + 600} is 600 s from now`);
    expect(checkTimeClaims({ exp: NOW_S }, NOW_MS).detail).toContain('is 0 s from now');
    const late = checkTimeClaims({ exp: NOW_S - 100 }, NOW_MS);
    expect(late).toMatchObject({ ok: true });
    expect(late.detail).toContain('passed 100 s ago, within the 300 s leeway');
  });

  it('past the leeway: ExpiredTokenException (the wire message), and how long ago in the trace', () => {
    const result = checkTimeClaims({ exp: NOW_S - 400 }, NOW_MS);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'ExpiredTokenException',
        message: `Token expired: current date/time ${NOW_S} must be before the expiration date/time${NOW_S - 400}`,
      },
    });
    expect(result.detail).toContain('expired 400 s ago');
  });

  it('nbf up to exactly 300 s ahead is accepted, one second more is not', () => {
    expect(checkTimeClaims({ exp: NOW_S + 900, nbf: NOW_S + 300 }, NOW_MS)).toMatchObject({ ok: true });
    const early = checkTimeClaims({ exp: NOW_S + 900, nbf: NOW_S + 301 }, NOW_MS);
    expect(early).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(early.detail).toContain(`nbf ${NOW_S + 301}`);
  });
});

describe('checkAudience', () => {
  it('a single string aud is a one-entry list', () => {
    const result = checkAudience({ aud: 'sts.amazonaws.com' }, ['sts.amazonaws.com']);
    expect(result).toMatchObject({ ok: true, value: { audience: 'sts.amazonaws.com' } });
    expect(result.detail).toContain('sts.amazonaws.com');
  });

  it('a missing aud is a missing claim (the wire message names it)', () => {
    const result = checkAudience({}, ['sts.amazonaws.com']);
    expect(result).toMatchObject({ ok: false, error: { message: 'Missing a required claim: aud' } });
    expect(result.detail).not.toBe('');
  });

  it.each([
    ['a number', 5],
    ['a list with a non-string', ['sts.amazonaws.com', 7]],
  ])('an aud that is %s is InvalidIdentityToken, not a match and not a crash', (_what, aud) => {
    const result = checkAudience({ aud } as unknown as JWTPayload, ['sts.amazonaws.com']);
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(result.ok === false && result.error.message).not.toBe('Incorrect token audience');
    expect(result.detail).toContain(JSON.stringify(aud));
  });

  it('no client id in aud: Incorrect token audience, the client ids listed in the trace', () => {
    const result = checkAudience({ aud: ['other'] }, ['sts.amazonaws.com', 'sts.example']);
    expect(result).toMatchObject({ ok: false, error: { message: 'Incorrect token audience' } });
    expect(result.detail).toContain('[sts.amazonaws.com, sts.example]');
  });
});

describe('checkSubject', () => {
  it.each([
    ['missing', {}],
    ['empty', { sub: '' }],
  ])('a %s sub is a missing claim (the wire message names it)', (_what, claims) => {
    const result = checkSubject(claims);
    expect(result).toMatchObject({ ok: false, error: { message: 'Missing a required claim: sub' } });
    expect(result.detail).not.toBe('');
  });

  it('names the sub it found', () => {
    expect(checkSubject({ sub: 'system:serviceaccount:a:b' })).toMatchObject({
      ok: true,
      value: 'system:serviceaccount:a:b',
    });
    expect(checkSubject({ sub: 'system:serviceaccount:a:b' }).detail).toContain('system:serviceaccount:a:b');
  });
});

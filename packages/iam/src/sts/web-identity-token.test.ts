/**
 * The signing-algorithm allow-list on its own (the STS API model's
 * WebIdentityToken: RS256/384/512, ES256/384/512), apart from jose's
 * `algorithms` option, which would refuse most of these later anyway.
 */
import { describe, expect, it } from 'vitest';
import { ALLOWED_ALGS, checkAlg } from './web-identity-token.js';

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

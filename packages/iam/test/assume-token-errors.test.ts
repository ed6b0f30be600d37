/**
 * AssumeRoleWithWebIdentity, token error paths: one case per way a web
 * identity token can be refused (decoding, alg, issuer, provider, IdP,
 * signature, time claims, audience, subject), each with code, status and
 * message (where AWS's text is known).
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ErrorCase, INVALID, NO_KEY, NOW, params, runErrorCases } from './assume-cases.js';
import {
  b64json,
  claimsAt,
  createHarness,
  generateIssuerKeys,
  goodToken,
  HOST_PATH,
  ISSUER,
  issuerKeys,
  signToken,
} from './harness.js';

beforeAll(generateIssuerKeys);

const cases: ErrorCase[] = [
  {
    title: 'garbage instead of a JWT',
    step: 'parse-token',
    request: async () => params('not-a-jwt-at-all'),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'alg none',
    step: 'check-alg',
    request: async (h) => params(`${b64json({ alg: 'none', typ: 'JWT' })}.${b64json(claimsAt(h.clock.nowMs()))}.`),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'HS256 (a shared secret, never accepted)',
    step: 'check-alg',
    request: async (h) =>
      params(
        await new SignJWT(claimsAt(h.clock.nowMs()))
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef')),
      ),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'an http:// issuer',
    step: 'check-issuer',
    request: async (h) => params(await goodToken(h, { iss: `http://${HOST_PATH}` })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: "an issuer with no provider in the role's account",
    step: 'find-provider',
    request: async (h) => params(await goodToken(h, { iss: 'https://oidc.eks.us-west-2.amazonaws.com/id/0THER' })),
    expected: {
      code: 'InvalidIdentityToken',
      status: 400,
      message: 'No OpenIDConnect provider found in your account for https://oidc.eks.us-west-2.amazonaws.com/id/0THER',
    },
  },
  {
    title: 'an issuer that differs from the provider URL by a trailing slash',
    step: 'find-provider',
    request: async (h) => params(await goodToken(h, { iss: `${ISSUER}/` })),
    expected: {
      code: 'InvalidIdentityToken',
      status: 400,
      message: `No OpenIDConnect provider found in your account for ${ISSUER}/`,
    },
  },
  {
    title: 'an unreachable identity provider (NXDOMAIN)',
    step: 'fetch-jwks',
    arrange: (h) => {
      h.issuer.unreachable = true;
    },
    request: async (h) => params(await goodToken(h)),
    expected: {
      code: 'IDPCommunicationError',
      status: 400,
      message:
        'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions.',
    },
  },
  {
    title: 'an identity provider whose JWKS answers 404',
    step: 'fetch-jwks',
    arrange: (h) => {
      h.issuer.jwksStatus = 404;
    },
    request: async (h) => params(await goodToken(h)),
    expected: { code: 'InvalidIdentityToken', status: 400, message: NO_KEY },
  },
  {
    title: 'a signature made with another key under the published kid',
    step: 'verify-signature',
    request: async (h) =>
      params(await signToken(claimsAt(h.clock.nowMs()), issuerKeys().next, { kid: issuerKeys().current.kid })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'a crit header jose does not understand',
    step: 'verify-signature',
    request: async (h) =>
      params(
        await new SignJWT(claimsAt(h.clock.nowMs()))
          .setProtectedHeader({ alg: 'RS256', kid: issuerKeys().current.kid, crit: ['x-irsa'], 'x-irsa': true })
          .sign(issuerKeys().current.privateKey, { crit: { 'x-irsa': true } }),
      ),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'no exp claim',
    step: 'check-time-claims',
    request: async (h) => params(await goodToken(h, { exp: undefined })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: 'Missing a required claim: exp' },
  },
  {
    title: 'exp more than 5 minutes past',
    step: 'check-time-claims',
    request: async (h) => params(await goodToken(h, { exp: NOW - 301, iat: NOW - 3901, nbf: NOW - 3901 })),
    expected: {
      code: 'ExpiredTokenException',
      status: 400,
      message: `Token expired: current date/time ${NOW} must be before the expiration date/time${NOW - 301}`,
    },
  },
  {
    title: 'a fractional exp (NumericDate must be an integer)',
    step: 'check-time-claims',
    request: async (h) => params(await goodToken(h, { exp: NOW + 3600.5 })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'nbf more than 5 minutes ahead (nbf handling is unconfirmed)',
    step: 'check-time-claims',
    request: async (h) => params(await goodToken(h, { nbf: NOW + 301 })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: INVALID },
  },
  {
    title: 'no aud claim',
    step: 'check-audience',
    request: async (h) => params(await goodToken(h, { aud: undefined })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: 'Missing a required claim: aud' },
  },
  {
    title: 'an aud that is not a client id of the provider',
    step: 'check-audience',
    request: async (h) => params(await goodToken(h, { aud: ['sts.amazon.com'] })),
    expected: { code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' },
  },
  // the text for sub is inferred from the aud capture (messages.ts), so only code, status and step are pinned
  {
    title: 'no sub claim',
    step: 'check-subject',
    request: async (h) => params(await goodToken(h, { sub: undefined })),
    expected: { code: 'InvalidIdentityToken', status: 400 },
  },
  {
    title: 'an empty sub claim',
    step: 'check-subject',
    request: async (h) => params(await goodToken(h, { sub: '' })),
    expected: { code: 'InvalidIdentityToken', status: 400 },
  },
];

describe('AssumeRoleWithWebIdentity: token errors', () => {
  runErrorCases(cases);

  it('refuses a PS256 token at check-alg, before fetching any key, even with its key published', async () => {
    const h = createHarness();
    const { privateKey, publicKey } = await generateKeyPair('PS256');
    const psJwk = { ...(await exportJWK(publicKey)), kid: 'ps-1', alg: 'PS256', use: 'sig' };
    h.issuer.published = [...h.issuer.published, psJwk];
    const token = await new SignJWT(claimsAt(h.clock.nowMs()))
      .setProtectedHeader({ alg: 'PS256', kid: 'ps-1', typ: 'JWT' })
      .sign(privateKey);
    const out = await h.sts.assumeRoleWithWebIdentity(params(token));
    expect(out.ok ? undefined : out.error).toMatchObject({ code: 'InvalidIdentityToken', status: 400 });
    expect(out.trace.at(-1)).toMatchObject({ step: 'check-alg', ok: false });
    expect(h.fetched).toEqual([]);
  }); // an RSA key pair is generated
});

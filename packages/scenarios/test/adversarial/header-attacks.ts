/**
 * JWT attacks on the header and the signature: alg none and alg confusion
 * (HS256 keyed with the issuer's public key), relabelled algorithms, unknown
 * and rotated-out kids, keys offered by the token itself (jku, x5u, jwk),
 * crit, and tampering with the payload or the signature. Sources: RFC 7515
 * §4.1 (header parameters), §4.1.11 (crit), RFC 8725 §2.1–2.3 (JWT BCP:
 * alg none, alg confusion, key from the token), docs/reference.md#sts-wire-format
 * and docs/reference.md#sts-validation.
 */
import { createPublicKey } from 'node:crypto';
import { createWorld } from '@irsa-lab/world';
import { ARENA_SEED, ATTACKER, LAB_KID } from './arena.js';
import { type AttackCase, INVALID, NO_KEY, TOO_LONG } from './attack-types.js';
import { b64json, flipSignatureBit, headerOf, payloadOf, segments, signRaw, withParts } from './forge.js';

const BCP = 'https://www.rfc-editor.org/rfc/rfc8725#section-2';
const JWS = 'https://www.rfc-editor.org/rfc/rfc7515#section-4.1';

/** The issuer's current public key, as published in its JWKS. */
function publishedJwk(a: Parameters<AttackCase['input']>[0]) {
  const kid = a.world.issuer.currentKid();
  const jwk = a.world.issuer.jwks().keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error('the current key is not published');
  return jwk;
}

export const HEADER_ATTACKS: readonly AttackCase[] = [
  {
    title: 'alg none, empty signature',
    source: BCP,
    input: async (a) => ({ token: `${b64json({ alg: 'none' })}.${b64json(a.claims())}.` }),
    expected: INVALID,
  },
  {
    title: 'alg none with the real kid, the genuine signature kept',
    source: BCP,
    input: async (a) => {
      const good = await a.goodToken();
      return { token: withParts(good, { header: { ...headerOf(good), alg: 'none' } }) };
    },
    expected: INVALID,
  },
  {
    title: 'alg NONE (case variant)',
    source: BCP,
    input: async (a) => ({
      token: `${b64json({ alg: 'NONE', kid: a.world.issuer.currentKid() })}.${b64json(a.claims())}.`,
    }),
    expected: INVALID,
  },
  {
    title: "HS256 keyed with the issuer's public JWK (alg confusion)",
    source: BCP,
    input: async (a) => {
      const secret = new TextEncoder().encode(JSON.stringify(publishedJwk(a)));
      return { token: await signRaw({ alg: 'HS256', kid: a.world.issuer.currentKid() }, a.claims(), secret, 'HS256') };
    },
    expected: INVALID,
  },
  {
    title: "HS256 keyed with the issuer's public key as PEM (alg confusion)",
    source: BCP,
    input: async (a) => {
      const pem = createPublicKey({ key: { ...publishedJwk(a) }, format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      });
      const secret = new TextEncoder().encode(String(pem));
      return { token: await signRaw({ alg: 'HS256', kid: a.world.issuer.currentKid() }, a.claims(), secret, 'HS256') };
    },
    expected: INVALID,
  },
  {
    title: 'RS256 signature relabelled PS256',
    source: BCP,
    input: async (a) => {
      const good = await a.goodToken();
      return { token: withParts(good, { header: { ...headerOf(good), alg: 'PS256' } }) };
    },
    expected: INVALID,
  },
  {
    title: 'RS256 signature relabelled RS384 (an allowed alg, the wrong one)',
    source: BCP,
    input: async (a) => {
      const good = await a.goodToken();
      return { token: withParts(good, { header: { ...headerOf(good), alg: 'RS384' } }) };
    },
    expected: { code: 'InvalidIdentityToken', status: 400 },
  },
  {
    title: 'unknown kid (a key STS cannot find)',
    source: 'docs/reference.md#sts-validation',
    input: async (a) => ({
      token: await signRaw({ alg: 'RS256', kid: 'no-such-key' }, a.claims(), a.attacker.privateKey),
    }),
    expected: NO_KEY,
  },
  {
    title: 'kid of a key the issuer rotated out, signed with that very key',
    source: 'docs/reference.md#key-rotation',
    input: async (a) => {
      a.world.issuer.rotate(); // the old key signed nothing, so it leaves the JWKS at once
      const twin = await createWorld({ seed: ARENA_SEED }); // same seed, same private keys
      return { token: await twin.issuer.sign(a.claims()) };
    },
    expected: NO_KEY,
  },
  {
    title: 'no kid, signed by a key nobody trusts',
    source: JWS,
    input: async (a) => ({ token: await signRaw({ alg: 'RS256' }, a.claims(), a.attacker.privateKey) }),
    expected: INVALID,
  },
  {
    title: 'jku pointing at the attacker’s JWKS',
    source: `${JWS}.2`,
    input: async (a) => ({
      token: await signRaw(
        { alg: 'RS256', kid: 'attacker-key', jku: `${ATTACKER}/jwks.json` },
        a.claims(),
        a.attacker.privateKey,
      ),
    }),
    expected: NO_KEY,
  },
  {
    title: 'x5u pointing at the attacker’s certificate',
    source: `${JWS}.5`,
    input: async (a) => ({
      token: await signRaw(
        { alg: 'RS256', kid: 'attacker-key', x5u: `${ATTACKER}/cert.pem` },
        a.claims(),
        a.attacker.privateKey,
      ),
    }),
    expected: NO_KEY,
  },
  {
    title: 'embedded jwk (the attacker’s key), no kid',
    source: `${JWS}.3`,
    input: async (a) => ({
      token: await signRaw({ alg: 'RS256', jwk: a.attacker.publicJwk }, a.claims(), a.attacker.privateKey),
    }),
    expected: INVALID,
  },
  {
    title: 'embedded jwk (the attacker’s key) under the real kid',
    source: `${JWS}.3`,
    input: async (a) => ({
      token: await signRaw(
        { alg: 'RS256', kid: a.world.issuer.currentKid(), jwk: a.attacker.publicJwk },
        a.claims(),
        a.attacker.privateKey,
      ),
    }),
    expected: INVALID,
  },
  {
    title: 'crit naming an extension STS does not understand (genuine signature)',
    source: `${JWS}.11`,
    input: async (a) => ({
      token: await signRaw(
        { alg: 'RS256', kid: LAB_KID, crit: ['x-lab'], 'x-lab': true },
        a.labClaims(),
        a.lab.privateKey,
      ),
      roleArn: a.labRoleArn,
    }),
    expected: INVALID,
  },
  {
    title: 'crit as an empty list (genuine signature)',
    source: `${JWS}.11`,
    input: async (a) => ({
      token: await signRaw({ alg: 'RS256', kid: LAB_KID, crit: [] }, a.labClaims(), a.lab.privateKey),
      roleArn: a.labRoleArn,
    }),
    expected: INVALID,
  },
  {
    title: 'payload tampered: sub changed to another ServiceAccount',
    source: 'RFC 7515 §5.2',
    input: async (a) => {
      const good = await a.goodToken();
      return {
        token: withParts(good, { payload: { ...payloadOf(good), sub: 'system:serviceaccount:payments:other' } }),
        roleArn: a.otherRoleArn,
      };
    },
    expected: INVALID,
  },
  {
    title: 'payload tampered: exp pushed a year out',
    source: 'RFC 7515 §5.2',
    input: async (a) => {
      const good = await a.goodToken();
      return { token: withParts(good, { payload: { ...payloadOf(good), exp: a.now() + 365 * 86400 } }) };
    },
    expected: INVALID,
  },
  {
    title: 'signature with one bit flipped',
    source: 'RFC 7515 §5.2',
    input: async (a) => ({ token: flipSignatureBit(await a.goodToken()) }),
    expected: INVALID,
  },
  {
    title: 'signature truncated to half',
    source: 'RFC 7515 §5.2',
    input: async (a) => {
      const [h, p, s] = segments(await a.goodToken());
      return { token: `${h}.${p}.${s.slice(0, s.length / 2)}` };
    },
    expected: INVALID,
  },
  {
    title: 'signature removed',
    source: 'RFC 7515 §5.2',
    input: async (a) => ({ token: withParts(await a.goodToken(), { signature: '' }) }),
    expected: INVALID,
  },
  {
    title: 'five segments (a JWE-shaped token)',
    source: 'RFC 7516 §7.1',
    input: async (a) => ({ token: `${await a.goodToken()}.e30.e30` }),
    expected: INVALID,
  },
  {
    title: 'oversized token (more than 20,000 characters, genuinely signed)',
    source: 'docs/reference.md#sts-wire-format (WebIdentityToken 4–20000 characters)',
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ pad: 'x'.repeat(20_000) })) }),
    expected: TOO_LONG,
  },
];

/** createIssuer: identity, determinism, rotation on the clock, JWKS retention, signing and the documents. */
import { createHash } from 'node:crypto';
import { DAY_MS, DEFAULT_START_MS, EventLog, Rng, SimClock, toNumericDate } from '@irsa-lab/core';
import { createLocalJWKSet, decodeProtectedHeader, exportSPKI, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createIssuer, type IssuerOptions } from './index.js';

const CLUSTER_ID = 'D43CF17C27A865933144EA99A26FB128';
const HOUR_S = 3600;
/** STS's 5-minute skew on exp: a retired key must outlive its last token by this much. */
// exp + 5 minutes, through the whole last second (validators compare whole seconds)
const LEEWAY_MS = 5 * 60 * 1000 + 1000;

async function setup(seed: number, extra: Partial<IssuerOptions> = {}) {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const issuer = await createIssuer({
    clock,
    rng: new Rng(seed),
    log,
    region: 'us-west-2',
    clusterId: CLUSTER_ID,
    ...extra,
  });
  const nowS = () => toNumericDate(clock.nowMs());
  /** A token the way the apiserver would mint it: absolute numeric dates from the clock. */
  const claims = (ttlSeconds: number) => ({
    aud: ['sts.amazonaws.com'],
    exp: nowS() + ttlSeconds,
    iat: nowS(),
    iss: issuer.issuerUrl,
    nbf: nowS(),
    sub: 'system:serviceaccount:default:app',
  });
  const verify = (token: string) =>
    jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      currentDate: new Date(clock.nowMs()),
      issuer: issuer.issuerUrl,
      audience: 'sts.amazonaws.com',
    });
  return { clock, log, issuer, claims, verify };
}

/** Kids of `rotations + 1` successive keys, and the JWKS JSON at the end (a 30-day token keeps every key). */
async function kidSequence(seed: number, rotations: number) {
  const { clock, issuer, claims } = await setup(seed);
  const kids = [issuer.currentKid()];
  for (let i = 0; i < rotations; i++) {
    await issuer.sign(claims(30 * 24 * HOUR_S));
    clock.advanceBy(issuer.rotationPeriodMs);
    kids.push(issuer.currentKid());
  }
  return { kids, jwksJson: JSON.stringify(issuer.jwks()) };
}

describe('createIssuer', () => {
  it('builds the EKS issuer URL from region and cluster id', async () => {
    const { issuer } = await setup(1);
    expect(issuer.issuerUrl).toBe(`https://oidc.eks.us-west-2.amazonaws.com/id/${CLUSTER_ID}`);
    expect(issuer.host).toBe('oidc.eks.us-west-2.amazonaws.com');
    expect(issuer.path).toBe(`/id/${CLUSTER_ID}`);
  });

  it('derives the kid as 40 hex characters: SHA-1 of the DER SubjectPublicKeyInfo', async () => {
    const { issuer } = await setup(1);
    const [jwk] = issuer.jwks().keys;
    expect(issuer.currentKid()).toMatch(/^[0-9a-f]{40}$/);
    // recompute through an independent path: jose's PEM export of the published key
    const pem = await exportSPKI(await importJWK({ kty: 'RSA', n: jwk?.n, e: jwk?.e }, 'RS256', { extractable: true }));
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(createHash('sha1').update(der).digest('hex')).toBe(issuer.currentKid());
  });

  it('rejects malformed options with TypeError', async () => {
    const clock = new SimClock({ startMs: DEFAULT_START_MS });
    const base = { clock, rng: new Rng(1), log: new EventLog(clock), region: 'us-west-2', clusterId: CLUSTER_ID };
    await expect(createIssuer({ ...base, region: 'us west/2' })).rejects.toThrow(TypeError);
    await expect(createIssuer({ ...base, clusterId: '../x' })).rejects.toThrow(TypeError);
    await expect(createIssuer({ ...base, rotationPeriodMs: 0 })).rejects.toThrow(TypeError);
    await expect(createIssuer({ ...base, jwksUri: 'not a url' })).rejects.toThrow(TypeError);
  });
});

describe('determinism', () => {
  it('gives the same kids and the same JWKS JSON for the same seed', async () => {
    const a = await kidSequence(42, 3);
    const b = await kidSequence(42, 3);
    expect(a.kids).toEqual(b.kids);
    expect(a.jwksJson).toBe(b.jwksJson);
    expect(new Set(a.kids).size).toBe(4);
  });

  it('gives different kids for a different seed', async () => {
    const a = await kidSequence(42, 3);
    const c = await kidSequence(43, 3);
    expect(c.kids).not.toEqual(a.kids);
    expect(c.jwksJson).not.toBe(a.jwksJson);
  });
});

describe('rotation', () => {
  it('rotates every 7 days on the clock and logs old and new kid', async () => {
    const { clock, log, issuer } = await setup(7);
    const first = issuer.currentKid();
    expect(issuer.nextRotationAtMs()).toBe(DEFAULT_START_MS + 7 * DAY_MS);
    expect(clock.pending().map((t) => t.label)).toEqual(['issuer.rotate']);

    clock.advanceBy(7 * DAY_MS - 1);
    expect(issuer.currentKid()).toBe(first);
    clock.advanceBy(1);
    const second = issuer.currentKid();
    expect(second).not.toBe(first);
    expect(issuer.nextRotationAtMs()).toBe(DEFAULT_START_MS + 14 * DAY_MS);

    const [rotated] = log.all('issuer.key-rotated');
    expect(rotated?.atMs).toBe(DEFAULT_START_MS + 7 * DAY_MS);
    expect(rotated?.data).toMatchObject({ oldKid: first, newKid: second });
    expect(rotated?.summary).toContain(`${second} replaces ${first}`);

    clock.advanceBy(21 * DAY_MS);
    expect(log.all('issuer.key-rotated').map((e) => e.atMs - DEFAULT_START_MS)).toEqual(
      [7, 14, 21, 28].map((d) => d * DAY_MS),
    );
  });

  it('honours a custom period, and a manual rotate() restarts the schedule', async () => {
    const { clock, issuer } = await setup(7, { rotationPeriodMs: DAY_MS });
    clock.advanceBy(DAY_MS / 2);
    issuer.rotate();
    expect(issuer.nextRotationAtMs()).toBe(clock.nowMs() + DAY_MS);
    expect(clock.pending().filter((t) => t.label === 'issuer.rotate')).toHaveLength(1);
  });
});

describe('retention of retired keys', () => {
  it('publishes a retired key until its last token is past exp + 5 minutes, then removes it', async () => {
    const { clock, log, issuer, claims, verify } = await setup(3);
    const oldKid = issuer.currentKid();
    const token = await issuer.sign(claims(8 * 24 * HOUR_S));
    const expMs = (DEFAULT_START_MS / 1000 + 8 * 24 * HOUR_S) * 1000;

    clock.advanceBy(7 * DAY_MS);
    expect(issuer.currentKid()).not.toBe(oldKid);
    expect(issuer.keys().find((k) => k.kid === oldKid)).toMatchObject({
      signing: false,
      published: true,
      retiredAtMs: DEFAULT_START_MS + 7 * DAY_MS,
      removeAfterMs: expMs + LEEWAY_MS,
    });
    await expect(verify(token)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });

    clock.jumpTo(expMs + LEEWAY_MS - 1);
    expect(issuer.jwks().keys.map((k) => k.kid)).toContain(oldKid);
    expect(log.all('issuer.key-retired')).toHaveLength(0);

    clock.advanceBy(1);
    expect(issuer.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
    expect(log.all('issuer.key-retired').map((e) => e.data)).toEqual([expect.objectContaining({ kid: oldKid })]);
    await expect(verify(token)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('removes a retired key that signed nothing at rotation', async () => {
    const { clock, issuer } = await setup(3);
    const oldKid = issuer.currentKid();
    clock.advanceBy(7 * DAY_MS);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([issuer.currentKid()]);
    expect(issuer.keys().find((k) => k.kid === oldKid)).toMatchObject({ published: false, removedAtMs: clock.nowMs() });
  });

  it('keeps a key forever once it signed a token without exp (legacy token)', async () => {
    const { clock, issuer, claims } = await setup(3);
    const oldKid = issuer.currentKid();
    const { exp: _exp, ...legacy } = claims(HOUR_S);
    await issuer.sign(legacy);
    clock.advanceBy(70 * DAY_MS);
    expect(issuer.keys().find((k) => k.kid === oldKid)).toMatchObject({ published: true, keptForever: true });
    expect(issuer.keys().find((k) => k.kid === oldKid)?.removeAfterMs).toBeUndefined();
    expect(issuer.jwks().keys.map((k) => k.kid)).toContain(oldKid);
  });

  it('keeps a retired key for its longest-lived token, whichever order the tokens were signed in', async () => {
    const { clock, issuer, claims } = await setup(3);
    const oldKid = issuer.currentKid();
    const long = claims(10 * 24 * HOUR_S);
    await issuer.sign(long);
    await issuer.sign(claims(HOUR_S));
    clock.advanceBy(7 * DAY_MS);
    expect(issuer.keys().find((k) => k.kid === oldKid)).toMatchObject({
      tokensSigned: 2,
      latestTokenExpMs: long.exp * 1000,
      removeAfterMs: long.exp * 1000 + LEEWAY_MS,
    });
    clock.jumpTo(long.exp * 1000 + LEEWAY_MS - 1);
    expect(issuer.jwks().keys.map((k) => k.kid)).toContain(oldKid);
  });

  it('schedules the removal on the clock as issuer.remove-key, and logs when the key leaves', async () => {
    const { clock, log, issuer, claims } = await setup(3);
    const oldKid = issuer.currentKid();
    const { exp } = claims(8 * 24 * HOUR_S);
    await issuer.sign(claims(8 * 24 * HOUR_S));
    clock.advanceBy(7 * DAY_MS);
    expect(clock.pending().map((t) => t.label)).toEqual(expect.arrayContaining(['issuer.rotate', 'issuer.remove-key']));
    clock.jumpTo(exp * 1000 + LEEWAY_MS);
    const [retired] = log.all('issuer.key-retired');
    expect(retired?.data).toMatchObject({ kid: oldKid, tokensSigned: 1, latestTokenExpMs: exp * 1000 });
    expect(retired?.summary).toContain(oldKid);
  });

  it('logs a key that signed nothing as leaving with no latest exp', async () => {
    const { clock, log, issuer } = await setup(3);
    const oldKid = issuer.currentKid();
    clock.advanceBy(7 * DAY_MS);
    expect(log.all('issuer.key-retired').map((e) => e.data)).toEqual([
      expect.objectContaining({ kid: oldKid, tokensSigned: 0, latestTokenExpMs: null }),
    ]);
  });

  it('describes a signing key with exactly the fields that apply, and a removed one without removeAfterMs', async () => {
    const { clock, issuer } = await setup(3);
    const kid = issuer.currentKid();
    expect(issuer.keys()).toStrictEqual([
      {
        kid,
        source: 'fixture',
        createdAtMs: DEFAULT_START_MS,
        signing: true,
        published: true,
        tokensSigned: 0,
        keptForever: false,
      },
    ]);
    clock.advanceBy(7 * DAY_MS);
    const removed = issuer.keys().find((k) => k.kid === kid);
    expect(removed).toMatchObject({ published: false, removedAtMs: clock.nowMs() });
    expect(removed).not.toHaveProperty('removeAfterMs');
  });

  it('remembers at most 32 removed keys, besides the published ones', async () => {
    const { clock, issuer } = await setup(3);
    clock.advanceBy(40 * 7 * DAY_MS);
    const keys = issuer.keys();
    expect(keys.filter((k) => !k.published)).toHaveLength(32);
    expect(keys.filter((k) => k.published).map((k) => k.kid)).toEqual([issuer.currentKid()]);
  });

  it('recycles fixture keys that left the JWKS once all 48 were used, rather than generating keys live', async () => {
    const { clock, log, issuer } = await setup(3);
    clock.advanceBy(48 * 7 * DAY_MS);
    const notes = log.all('issuer.key-drawn').map((e) => e.data);
    expect(notes).toEqual([expect.objectContaining({ kid: issuer.currentKid(), reason: 'fixture pool recycled' })]);
    expect(issuer.keys().at(-1)).toMatchObject({ source: 'fixture', signing: true });
    expect(log.all('issuer.key-drawn')[0]?.summary).toContain(issuer.currentKid());
  });

  it('extends retention when a retired key signs a later token', async () => {
    const { clock, issuer, claims } = await setup(3);
    const oldKid = issuer.currentKid();
    await issuer.sign(claims(8 * 24 * HOUR_S));
    clock.advanceBy(7 * DAY_MS);
    await issuer.sign(claims(10 * 24 * HOUR_S), { kid: oldKid });
    clock.advanceBy(9 * DAY_MS);
    expect(issuer.jwks().keys.map((k) => k.kid)).toContain(oldKid);
    clock.advanceBy(DAY_MS + LEEWAY_MS);
    expect(issuer.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
  });
});

describe('sign', () => {
  it('signs a token that jose verifies against the JWKS at the simulated time', async () => {
    const { issuer, claims, verify } = await setup(5);
    const token = await issuer.sign(claims(HOUR_S));
    const { payload } = await verify(token);
    expect(payload.sub).toBe('system:serviceaccount:default:app');
  });

  it('writes the header exactly {alg, kid}, without typ, and the claims as given', async () => {
    const { issuer, claims } = await setup(5);
    const given = claims(HOUR_S);
    const token = await issuer.sign(given);
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid() });
    expect(Object.keys(header)).toEqual(['alg', 'kid']);
    const payloadJson = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString();
    expect(payloadJson).toBe(JSON.stringify(given));
  });

  it('refuses an unknown kid with ISSUER_NO_KEY and a non-numeric exp with TypeError', async () => {
    const { issuer, claims } = await setup(5);
    const unknown = '0'.repeat(40);
    await expect(issuer.sign(claims(HOUR_S), { kid: unknown })).rejects.toMatchObject({
      code: 'ISSUER_NO_KEY',
      message: expect.stringContaining(unknown),
      detail: { field: 'kid', kid: unknown },
    });
    await expect(issuer.sign({ ...claims(HOUR_S), exp: '1700000000' })).rejects.toThrow(TypeError);
  });
});

describe('sign with a chosen key', () => {
  it('refuses a key that has left the JWKS: nothing could verify what it signs', async () => {
    const { clock, issuer, claims } = await setup(5);
    const oldKid = issuer.currentKid();
    clock.advanceBy(7 * DAY_MS);
    expect(issuer.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
    await expect(issuer.sign(claims(HOUR_S), { kid: oldKid })).rejects.toMatchObject({ code: 'ISSUER_NO_KEY' });
  });
});

describe('documents', () => {
  it('publishes only public members, in the order kty, kid, use, alg, n, e', async () => {
    const { issuer } = await setup(9);
    const [jwk] = issuer.jwks().keys;
    expect(Object.keys(jwk ?? {})).toEqual(['kty', 'kid', 'use', 'alg', 'n', 'e']);
    expect(jwk).toMatchObject({ kty: 'RSA', kid: issuer.currentKid(), use: 'sig', alg: 'RS256', e: 'AQAB' });
  });

  it('serves the EKS discovery document with exactly its fields, in order', async () => {
    const { issuer } = await setup(9);
    const doc = issuer.discovery();
    expect(JSON.stringify(doc)).toBe(
      JSON.stringify({
        issuer: issuer.issuerUrl,
        jwks_uri: `${issuer.issuerUrl}/keys`,
        authorization_endpoint: 'urn:kubernetes:programmatic_authorization',
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        claims_supported: ['sub', 'iss'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });

  it('points jwks_uri at the override while issuer stays the EKS URL', async () => {
    const jwksUri = `http://127.0.0.1:4000/id/${CLUSTER_ID}/keys`;
    const { issuer } = await setup(9, { jwksUri });
    expect(issuer.discovery()).toMatchObject({ issuer: issuer.issuerUrl, jwks_uri: jwksUri });
  });
});

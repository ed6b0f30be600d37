/**
 * JwksCache against what an IdP may answer: Cache-Control forms, the
 * statuses that mean "unreachable" (5xx, 429: STS answers
 * IDPCommunicationError) and those that mean a bad answer, oversized or
 * non-JSON bodies, a discovery document without jwks_uri, key sets that are
 * not lists of objects or hold too many keys; plus the jwks-fetched event.
 * The IdP is a table of canned responses; no network, no jose.
 */
import { EventLog, SimClock, SimError } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { discoveryUrl, JwksCache, MAX_JWKS_BYTES, MAX_JWKS_KEYS } from './jwks-cache.js';

const ISSUER = 'https://oidc.example.com/id/1';
const CONFIG = `${ISSUER}/.well-known/openid-configuration`;
const KEYS = `${ISSUER}/keys`;
const KEY = { kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' };

type Answer = Response | (() => Response) | Error;

function idp(answers: Record<string, Answer>) {
  const clock = new SimClock({ startMs: Date.UTC(2026, 0, 5) });
  const log = new EventLog(clock);
  const fetched: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    fetched.push(url);
    const answer = answers[url];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) return new Response('not found', { status: 404 });
    return typeof answer === 'function' ? answer() : answer.clone();
  };
  return { clock, log, fetched, cache: new JwksCache({ clock, log, fetch }) };
}

const config =
  (body: unknown = { issuer: ISSUER, jwks_uri: KEYS }) =>
  () =>
    Response.json(body);
const keys =
  (body: unknown, headers: Record<string, string> = {}, status = 200) =>
  () =>
    Response.json(body, { status, headers });

describe('how long a JWKS is kept', () => {
  it.each([
    ['max-age=600', 600_000],
    ['public, max-age = 90', 90_000],
    ['MAX-AGE=7', 7_000],
    ['no-store', 0],
    ['max-age=600, no-cache', 0],
    ['private', 3_600_000],
  ])('Cache-Control %j: %i ms', async (cacheControl, ttlMs) => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys({ keys: [KEY] }, { 'cache-control': cacheControl }) });
    const lookup = await w.cache.get(ISSUER);
    expect(lookup).toMatchObject({ ok: true, fetched: true });
    const entry = lookup.ok ? lookup.entry : undefined;
    expect((entry?.expiresAtMs ?? 0) - (entry?.fetchedAtMs ?? 0)).toBe(ttlMs);
    expect(w.log.all('sts.jwks-fetched').map((e) => e.data.ttlMs)).toEqual([ttlMs]);
  });

  it('a JWKS served with no-store is fetched again on the next call', async () => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys({ keys: [KEY] }, { 'cache-control': 'no-store' }) });
    await w.cache.get(ISSUER);
    expect(await w.cache.get(ISSUER)).toMatchObject({ ok: true, fetched: true });
    expect(w.fetched).toEqual([CONFIG, KEYS, CONFIG, KEYS]);
  });
});

describe('what the cache reports', () => {
  it('lists the kids, "(no kid)" for a key without one, and logs why it fetched', async () => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys({ keys: [KEY, { kty: 'RSA', n: 'AQAB', e: 'AQAB' }] }) });
    const lookup = await w.cache.get(ISSUER);
    expect(lookup.ok && lookup.entry.kids).toEqual(['k1', '(no kid)']);
    const [event] = w.log.all('sts.jwks-fetched');
    expect(event?.source).toBe('sts');
    expect(event?.data).toMatchObject({
      issuer: ISSUER,
      jwksUri: KEYS,
      kids: ['k1', '(no kid)'],
      reason: 'not cached',
    });
    expect(event?.summary).toContain(`the JWKS of ${ISSUER} (not cached): kids k1, (no kid)`);
  });

  it('one trailing slash of the issuer is dropped for the discovery URL', () => {
    expect(discoveryUrl(`${ISSUER}/`)).toBe(CONFIG);
    expect(discoveryUrl(ISSUER)).toBe(CONFIG);
  });
});

describe('an IdP that cannot be reached', () => {
  it('a network error: unreachable, with the URL and the error code', async () => {
    const w = idp({ [CONFIG]: new SimError('NET_NXDOMAIN', 'oidc.example.com: no such host', {}) });
    const lookup = await w.cache.get(ISSUER);
    expect(lookup).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
    expect(lookup.ok === false && lookup.failure.detail).toBe(
      `GET ${CONFIG} failed (NET_NXDOMAIN: oidc.example.com: no such host)`,
    );
  });

  it('a thrown non-SimError is shown as it is', async () => {
    const w = idp({ [CONFIG]: new TypeError('fetch failed') });
    const lookup = await w.cache.get(ISSUER);
    expect(lookup.ok === false && lookup.failure.detail).toBe(`GET ${CONFIG} failed (TypeError: fetch failed)`);
  });

  it.each([500, 503, 429])('status %i: unreachable', async (status) => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys({ keys: [KEY] }, {}, status) });
    const lookup = await w.cache.get(ISSUER);
    expect(lookup).toMatchObject({
      ok: false,
      failure: { kind: 'unreachable', detail: `GET ${KEYS} answered ${status}` },
    });
  });
});

describe('an IdP that answers something unusable: bad-response', () => {
  it.each([404, 403, 302])('status %i', async (status) => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys({ keys: [KEY] }, {}, status) });
    expect(await w.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response', detail: `GET ${KEYS} answered ${status}, not 200` },
    });
  });

  it('a body over the limit, or not JSON', async () => {
    const big = idp({ [CONFIG]: config(), [KEYS]: () => new Response('x'.repeat(MAX_JWKS_BYTES + 1)) });
    expect(await big.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response', detail: `GET ${KEYS} sent more than ${MAX_JWKS_BYTES} bytes` },
    });
    const text = idp({ [CONFIG]: config(), [KEYS]: () => new Response('<html>') });
    expect(await text.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response', detail: `GET ${KEYS} did not answer JSON` },
    });
  });

  it.each([
    ['no jwks_uri', { issuer: ISSUER }],
    ['an empty jwks_uri', { issuer: ISSUER, jwks_uri: '' }],
    ['a jwks_uri that is not a string', { issuer: ISSUER, jwks_uri: 7 }],
  ])('a discovery document with %s', async (_what, body) => {
    const w = idp({ [CONFIG]: config(body) });
    expect(await w.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response', detail: `${CONFIG} has no jwks_uri` },
    });
    expect(w.fetched).toEqual([CONFIG]);
  });

  it.each([
    ['keys not a list', { keys: {} }],
    ['a number among the keys', { keys: [KEY, 1] }],
    ['a null among the keys', { keys: [KEY, null] }],
    ['a string as the only key', { keys: ['k'] }],
  ])('a key set with %s', async (_what, body) => {
    const w = idp({ [CONFIG]: config(), [KEYS]: keys(body) });
    expect(await w.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: { kind: 'bad-response', detail: `${KEYS} is not a JWK set ({"keys": [...]})` },
    });
  });

  it(`at most ${MAX_JWKS_KEYS} keys`, async () => {
    const many = (n: number) => ({ keys: Array.from({ length: n }, (_, i) => ({ ...KEY, kid: `k${i}` })) });
    const limit = idp({ [CONFIG]: config(), [KEYS]: keys(many(MAX_JWKS_KEYS)) });
    expect(await limit.cache.get(ISSUER)).toMatchObject({ ok: true });
    const over = idp({ [CONFIG]: config(), [KEYS]: keys(many(MAX_JWKS_KEYS + 1)) });
    expect(await over.cache.get(ISSUER)).toMatchObject({
      ok: false,
      failure: {
        kind: 'bad-response',
        detail: `${KEYS} holds ${MAX_JWKS_KEYS + 1} keys, more than the limit of ${MAX_JWKS_KEYS}`,
      },
    });
  });
});

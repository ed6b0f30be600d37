/** issuerHandlers answered through msw's getResponse: no server, no global patching. */
import { DEFAULT_START_MS, EventLog, Rng, SimClock } from '@irsa-lab/core';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createIssuer, issuerHandlers } from './index.js';

const CLUSTER_ID = 'EXAMPLED539D4633E53DE1B71EXAMPLE';
const LOOPBACK = 'http://127.0.0.1:4000';

async function setup(jwksUri?: string) {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  return createIssuer({
    clock,
    rng: new Rng(11),
    log,
    region: 'us-east-1',
    clusterId: CLUSTER_ID,
    ...(jwksUri ? { jwksUri } : {}),
  });
}

describe('issuerHandlers', () => {
  it('serves the discovery document as JSON with a Cache-Control header', async () => {
    const issuer = await setup();
    const res = await getResponse(
      issuerHandlers(issuer),
      new Request(`${issuer.issuerUrl}/.well-known/openid-configuration`),
    );
    expect(res?.status).toBe(200);
    expect(res?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res?.headers.get('cache-control')).toBe('max-age=3600');
    expect(await res?.text()).toBe(JSON.stringify(issuer.discovery()));
  });

  it('serves the JWKS at /keys with max-age=604800, reflecting rotations', async () => {
    const issuer = await setup();
    const handlers = issuerHandlers(issuer);
    const first = await getResponse(handlers, new Request(`${issuer.issuerUrl}/keys`));
    expect(first?.status).toBe(200);
    expect(first?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first?.headers.get('cache-control')).toBe('max-age=604800');
    expect(await first?.json()).toEqual(issuer.jwks());

    issuer.rotate();
    const second = await getResponse(handlers, new Request(`${issuer.issuerUrl}/keys`));
    const body = (await second?.json()) as { keys: { kid: string }[] };
    expect(body.keys.map((k) => k.kid)).toContain(issuer.currentKid());
  });

  it('answers 404 for another cluster id on the same host', async () => {
    const issuer = await setup();
    const other = `https://${issuer.host}/id/0000000000000000000000000000FFFF`;
    for (const path of ['/keys', '/.well-known/openid-configuration']) {
      const res = await getResponse(issuerHandlers(issuer), new Request(`${other}${path}`));
      expect(res?.status).toBe(404);
      expect(await res?.text()).toBe('Not Found');
    }
  });

  it('leaves other clusters to other handlers when notFound is off, and ignores other hosts', async () => {
    const issuer = await setup();
    const handlers = issuerHandlers(issuer, { notFound: false });
    const other = new Request(`https://${issuer.host}/id/0000000000000000000000000000FFFF/keys`);
    expect(await getResponse(handlers, other)).toBeUndefined();
    const otherRegion = new Request(`https://oidc.eks.eu-west-1.amazonaws.com${issuer.path}/keys`);
    expect(await getResponse(issuerHandlers(issuer), otherRegion)).toBeUndefined();
  });

  it('serves the same paths under a loopback base URL, with issuer unchanged and jwks_uri overridden', async () => {
    const jwksUri = `${LOOPBACK}/id/${CLUSTER_ID}/keys`;
    const issuer = await setup(jwksUri);
    const handlers = issuerHandlers(issuer, { baseUrl: `${LOOPBACK}/` });

    const discovery = await getResponse(
      handlers,
      new Request(`${LOOPBACK}/id/${CLUSTER_ID}/.well-known/openid-configuration`),
    );
    expect(await discovery?.json()).toMatchObject({ issuer: issuer.issuerUrl, jwks_uri: jwksUri });

    const keys = await getResponse(handlers, new Request(jwksUri));
    expect(keys?.status).toBe(200);
    expect(await keys?.json()).toEqual(issuer.jwks());

    expect(await getResponse(handlers, new Request(`${issuer.issuerUrl}/keys`))).toBeUndefined();
    expect((await getResponse(handlers, new Request(`${LOOPBACK}/id/OTHER/keys`)))?.status).toBe(404);
    // other services on the same serve port are not swallowed by the 404
    expect(await getResponse(handlers, new Request(`${LOOPBACK}/pods/default/app/env`))).toBeUndefined();
  });

  it('rejects a base URL that is not plain http(s)', async () => {
    const issuer = await setup();
    expect(() => issuerHandlers(issuer, { baseUrl: 'ftp://127.0.0.1' })).toThrow(TypeError);
    expect(() => issuerHandlers(issuer, { baseUrl: `${LOOPBACK}?x=1` })).toThrow(TypeError);
  });
});

/**
 * Time in serve mode, with a hand-moved wall clock: simulated time starts at
 * the wall clock and follows it on each request; /clock/advance adds an
 * offset and returns only after everything due has happened (the kubelet
 * has rewritten the token file); SigV4 request times are checked against
 * the wall-clock part.
 */
import { readFileSync } from 'node:fs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { wallClock } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { assumeBody, billing, fakeWall, postSts, served, xmlText } from './helpers.js';

const DAY_S = 24 * 3600;

function claims(jwt: string): { iat: number; exp: number } {
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
}

describe('serve clock', () => {
  it('starts at the wall clock and follows it on each request', async () => {
    const wall = fakeWall();
    const server = await served({ wall });
    const startMs = wall.nowMs();
    expect(server.world.clock.nowMs()).toBe(startMs);
    wall.advance(5000);
    expect(server.world.clock.nowMs()).toBe(startMs);
    await fetch(`${server.endpoints().control}/endpoints`);
    expect(server.world.clock.nowMs()).toBe(startMs + 5000);
  });

  it('advances by an offset: simulated time runs ahead, SigV4 time stays the wall clock', async () => {
    const wall = fakeWall();
    const server = await served({ wall });
    const { control } = server.endpoints();
    const res = await fetch(`${control}/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
    const move = await res.json();
    expect({ status: res.status, toMs: move.toMs, offsetSeconds: move.offsetSeconds }).toEqual({
      status: 200,
      toMs: wall.nowMs() + 3600_000,
      offsetSeconds: 3600,
    });
    expect(server.world.clock.nowMs()).toBe(wall.nowMs() + 3600_000);
    wall.advance(1000);
    await server.sync();
    expect(server.world.clock.nowMs()).toBe(wall.nowMs() + 3600_000);
  });

  it('GET /clock answers simulated time and the offset, in milliseconds and ISO 8601', async () => {
    const wall = fakeWall();
    const server = await served({ wall });
    const { control } = server.endpoints();
    const read = async () => {
      const res = await fetch(`${control}/clock`);
      return { status: res.status, body: await res.json() };
    };
    expect(await read()).toEqual({
      status: 200,
      body: { nowMs: wall.nowMs(), nowIso: '2026-01-05T09:00:00.000Z', offsetMs: 0 },
    });
    await server.advance(90_000);
    wall.advance(1500);
    expect(await read()).toEqual({
      status: 200,
      body: { nowMs: wall.nowMs() + 90_000_000, nowIso: '2026-01-06T10:00:01.500Z', offsetMs: 90_000_000 },
    });
    const post = await fetch(`${control}/clock`, { method: 'POST' });
    expect({ status: post.status, code: (await post.json()).error.code }).toEqual({
      status: 405,
      code: 'MethodNotAllowed',
    });
  });

  it('checks SigV4 request times against the wall clock, credential expiry against simulated time', async () => {
    const server = await served({ wall: wallClock });
    const { env, token } = await billing(server);
    await server.advance(3600);
    const assumed = await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, token));
    const expiration = Date.parse(xmlText(assumed.text, 'Expiration') as string);
    expect(expiration).toBeGreaterThan(Date.now() + 2 * 3600_000 - 60_000);
    const credentials = {
      accessKeyId: xmlText(assumed.text, 'AccessKeyId') as string,
      secretAccessKey: xmlText(assumed.text, 'SecretAccessKey') as string,
      sessionToken: xmlText(assumed.text, 'SessionToken') as string,
    };
    // signed with this process's real clock, an hour behind simulated time: accepted
    const sts = new STSClient({ region: 'us-west-2', endpoint: server.endpoints().sts, credentials });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/billing-reader/test-session');
    sts.destroy();
  });

  it('after an advance past a day the token file holds a fresh token, and the old one is expired at STS', async () => {
    const wall = fakeWall();
    const server = await served({ wall });
    const { env, token: before } = await billing(server);
    const res = await fetch(`${server.endpoints().control}/clock/advance`, {
      method: 'POST',
      body: JSON.stringify({ seconds: DAY_S + 3600 }),
    });
    const move = await res.json();
    expect(move.fired.some((label: string) => label.includes('payments/billing-api aws-iam-token'))).toBe(true);
    const after = readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE as string, 'utf8');
    expect(after).not.toBe(before);
    expect(claims(after).exp * 1000).toBeGreaterThan(server.world.clock.nowMs());
    expect(claims(before).exp * 1000).toBeLessThan(server.world.clock.nowMs());
    const stale = await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, before));
    expect(xmlText(stale.text, 'Code')).toBe('ExpiredTokenException');
    const fresh = await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, after));
    expect(fresh.status).toBe(200);
  });

  it('refuses advances that are not whole seconds from 1 to 400 days, and other methods', async () => {
    const server = await served({ wall: fakeWall() });
    const { control } = server.endpoints();
    for (const body of ['{"seconds": 0}', '{"seconds": 1.5}', '{"seconds": "60"}', '{}', 'not json']) {
      const res = await fetch(`${control}/clock/advance`, { method: 'POST', body });
      const error = (await res.json()).error;
      expect({ status: res.status, code: error.code }).toEqual({
        status: 400,
        code: body === 'not json' ? 'InvalidJson' : 'InvalidArgument',
      });
    }
    const wrong = await fetch(`${control}/clock/advance`);
    expect({ status: wrong.status, code: (await wrong.json()).error.code }).toEqual({
      status: 405,
      code: 'MethodNotAllowed',
    });
  });
});

/** IMDSv2 session tokens: the PUT and its refusals, the hop limit, expiry in simulated time, binding to one instance. */

import { MAX_LIVE_TOKENS } from '@irsa-lab/imds';
import { RESPONSE_TTL_HEADER } from '@irsa-lab/net';
import { describe, expect, it } from 'vitest';
import { INSTANCE_ID, makeInstance, NODE, POD } from './fixture.js';

const PUT_21600 = { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' } };

describe('PUT /latest/api/token', () => {
  it('answers 200 with the token as text, echoing the TTL and carrying the hop limit as IP TTL', async () => {
    const { send } = makeInstance();
    const response = await send('/latest/api/token', PUT_21600);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('x-aws-ec2-metadata-token-ttl-seconds')).toBe('21600');
    expect(response.headers.get(RESPONSE_TTL_HEADER)).toBe('1');
    expect(await response.text()).toMatch(/^AQAEA[0-9a-f]{8}[A-Za-z0-9+/]{40}==$/);
  });

  it.each([2, 64])('carries http-put-response-hop-limit %i as the response IP TTL', async (limit) => {
    const { send } = makeInstance({ metadataOptions: { httpPutResponseHopLimit: limit } });
    const response = await send('/latest/api/token', PUT_21600, POD);
    expect(response.status).toBe(200);
    expect(response.headers.get(RESPONSE_TTL_HEADER)).toBe(String(limit));
  });

  it('follows a modified hop limit on the next PUT', async () => {
    const { imds, send } = makeInstance();
    imds.modifyInstanceMetadataOptions({ httpPutResponseHopLimit: 3 });
    const response = await send('/latest/api/token', PUT_21600);
    expect(response.headers.get(RESPONSE_TTL_HEADER)).toBe('3');
  });

  it('hands out a different token each time, and the same ones for the same seed', async () => {
    const a = makeInstance({}, 7);
    const b = makeInstance({}, 7);
    const first = await a.token();
    const second = await a.token();
    expect(second).not.toBe(first);
    expect(await b.token()).toBe(first);
  });

  it('answers 400 without a TTL header', async () => {
    const { send } = makeInstance();
    const response = await send('/latest/api/token', { method: 'PUT' });
    expect(response.status).toBe(400);
    expect(response.headers.get(RESPONSE_TTL_HEADER)).toBeNull();
    expect(await response.text()).toBe('400 - Bad Request');
  });

  it.each(['0', '21601', '-1', '1.5', 'abc', '', '1e3', '0x10', '9999999'])(
    'answers 400 for TTL header %j',
    async (ttl) => {
      const { send } = makeInstance();
      const response = await send('/latest/api/token', {
        method: 'PUT',
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl },
      });
      expect(response.status).toBe(400);
    },
  );

  it.each(['1', '21600'])('accepts the boundary TTL %s', async (ttl) => {
    const { send } = makeInstance();
    const response = await send('/latest/api/token', {
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-aws-ec2-metadata-token-ttl-seconds')).toBe(ttl);
  });

  it('answers 403 to a PUT carrying X-Forwarded-For (the real status is unconfirmed)', async () => {
    const { send } = makeInstance();
    const response = await send('/latest/api/token', {
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600', 'X-Forwarded-For': '10.0.1.57' },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('403 - Forbidden');
  });

  it('answers 403 to a PUT on a versioned token path', async () => {
    const { send } = makeInstance();
    const response = await send('/2021-03-23/api/token', PUT_21600);
    expect(response.status).toBe(403);
  });

  it.each(['GET', 'POST', 'DELETE', 'HEAD'])('answers 405 to %s on the token path', async (method) => {
    const { send } = makeInstance();
    const response = await send('/latest/api/token', { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('PUT');
  });
});

describe('the hop limit, through the simulated network', () => {
  it('hop limit 1: the node (1 hop) gets the token; the response to a pod (2 hops) is dropped, so the PUT times out', async () => {
    const { fetch } = makeInstance();
    const onNode = await fetch('/latest/api/token', PUT_21600, NODE);
    expect(onNode.status).toBe(200);
    expect(await onNode.text()).toMatch(/^AQAEA/);
    await expect(fetch('/latest/api/token', PUT_21600, POD)).rejects.toMatchObject({ code: 'NET_TIMEOUT' });
  });

  it('hop limit 2: the pod (2 hops) gets the token', async () => {
    const { fetch } = makeInstance({ metadataOptions: { httpPutResponseHopLimit: 2 } });
    const inPod = await fetch('/latest/api/token', PUT_21600, POD);
    expect(inPod.status).toBe(200);
    expect(await inPod.text()).toMatch(/^AQAEA/);
  });
});

describe('using a token', () => {
  it('works until its TTL has passed in simulated time, then answers 401', async () => {
    const { clock, send, token } = makeInstance({ metadataOptions: { httpTokens: 'required' } });
    const t = await token(60);
    const get = () => send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': t } });
    expect((await get()).status).toBe(200);
    clock.advanceBy(59_999);
    const stillValid = await get();
    expect(stillValid.status).toBe(200);
    expect(await stillValid.text()).toBe(INSTANCE_ID);
    clock.advanceBy(1);
    const expired = await get();
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('401 - Unauthorized');
  });

  it('answers 401 to a token from another instance, even one built from the same seed', async () => {
    const mine = makeInstance({}, 3);
    const other = makeInstance({ instanceId: 'i-0fedcba9876543210' }, 3);
    const foreign = await other.token();
    const response = await mine.send('/latest/meta-data/instance-id', {
      headers: { 'X-aws-ec2-metadata-token': foreign },
    });
    expect(response.status).toBe(401);
    const own = await other.send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': foreign } });
    expect(own.status).toBe(200);
  });

  it.each(['', 'not-a-token', 'AQAEAforged=='])('answers 401 to token %j even when tokens are optional', async (t) => {
    const { send } = makeInstance();
    const response = await send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': t } });
    expect(response.status).toBe(401);
  });

  it('lets any number of tokens live side by side', async () => {
    const { send, token } = makeInstance();
    const tokens = [await token(), await token(), await token()];
    for (const t of tokens) {
      const response = await send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': t } });
      expect(response.status).toBe(200);
    }
  });

  it('is checked directly by imds.checkToken', async () => {
    const { clock, imds } = makeInstance();
    const issued = imds.issueToken(10);
    expect(issued.expiresAtMs).toBe(clock.nowMs() + 10_000);
    expect(imds.checkToken(issued.token)).toBe('valid');
    expect(imds.checkToken('nope')).toBe('unknown');
    clock.advanceBy(10_000);
    expect(imds.checkToken(issued.token)).toBe('expired');
    expect(() => imds.issueToken(0)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => imds.issueToken(21_601)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});

describe('the live-token limit', () => {
  it(`forgets expired tokens first, then the oldest live one, past ${MAX_LIVE_TOKENS} tokens`, () => {
    const { clock, imds } = makeInstance();
    const shortLived = imds.issueToken(1);
    const oldest = imds.issueToken(21_600);
    for (let i = 2; i < MAX_LIVE_TOKENS; i++) imds.issueToken(21_600);
    clock.advanceBy(1_000);
    const next = imds.issueToken(21_600); // room made by dropping the expired one
    expect(imds.checkToken(oldest.token)).toBe('valid');
    expect(imds.checkToken(shortLived.token)).toBe('unknown');
    imds.issueToken(21_600); // full of live tokens: the oldest goes
    expect(imds.checkToken(oldest.token)).toBe('unknown');
    expect(imds.checkToken(next.token)).toBe('valid');
  });
});

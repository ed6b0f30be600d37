/**
 * IMDS at its edges: the status line and Server header of every answer, a
 * token PUT to a versioned path (403) against a PUT on metadata (405), which
 * requests count as IMDSv2, the instance tag in every token, the live-token
 * limit forgetting expired tokens before live ones, an expired token
 * forgotten once seen, and the inputs createImds and the options refuse.
 */
import { IMDS_ENDPOINT } from '@irsa-lab/core';
import { type ImdsRequestEvent, imdsHandlers, MAX_LIVE_TOKENS } from '@irsa-lab/imds';
import { withCaller } from '@irsa-lab/net';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { INSTANCE_ID, makeInstance, NODE } from './fixture.js';

const PUT_60 = { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } };

/** 32-bit FNV-1a, written out here so the test does not share the code it checks. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(text, 'latin1')) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

describe('the HTTP answer', () => {
  it('carries the status text and Server: EC2ws, as IMDS does', async () => {
    const { send } = makeInstance();
    const ok = await send('/latest/meta-data/instance-id');
    expect([ok.status, ok.statusText, ok.headers.get('server')]).toEqual([200, 'OK', 'EC2ws']);
    const put = await send('/latest/meta-data/instance-id', { method: 'PUT' });
    expect([put.status, put.statusText, put.headers.get('allow')]).toEqual([405, 'Method Not Allowed', 'GET, HEAD']);
  });

  it('refuses a token PUT to a versioned path with 403, but only that exact shape', async () => {
    const { send } = makeInstance();
    expect((await send('/2021-03-23/api/token', PUT_60)).status).toBe(403);
    expect((await send('/2021-03-23/api/token/x', PUT_60)).status).toBe(405);
    expect((await send('/a/2021-03-23/api/token', PUT_60)).status).toBe(405);
  });

  it('serves at a base URL given with trailing slashes', async () => {
    const { imds } = makeInstance();
    const handlers = imdsHandlers(imds, { baseUrl: `${IMDS_ENDPOINT}//` });
    const request = withCaller(new Request(`${IMDS_ENDPOINT}/latest/meta-data/instance-id`), NODE);
    expect(await (await getResponse(handlers, request))?.text()).toBe(INSTANCE_ID);
  });
});

describe('a 404 says why', () => {
  it('no iam/ category without an instance profile, for iam and below only', async () => {
    const { send, log } = makeInstance({ instanceProfile: undefined });
    const decisions: string[] = [];
    for (const path of ['/latest/meta-data/iam', '/latest/meta-data/iam/info', '/latest/meta-data/iamx']) {
      expect((await send(path)).status).toBe(404);
      decisions.push((log.all('imds.request').at(-1)?.data as ImdsRequestEvent | undefined)?.decision ?? '');
    }
    expect(decisions.map((d) => d.includes('no instance profile'))).toEqual([true, true, false]);
  });
});

describe('IMDSv1 or IMDSv2, as logged', () => {
  it('counts a token PUT or a request with a token as v2, anything else as v1', async () => {
    const { send, token, log } = makeInstance();
    await send('/latest/meta-data/instance-id', { method: 'PUT' });
    await send('/latest/api/token', { method: 'GET' });
    await send('/latest/meta-data/instance-id');
    const t = await token(60);
    await send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': t } });
    expect(log.all('imds.request').map((e) => (e.data as ImdsRequestEvent).version)).toEqual([
      'v1',
      'v1',
      'v1',
      'v2',
      'v2',
    ]);
  });
});

describe('tokens', () => {
  it('carry the FNV-1a of the instance id, so same-seeded instances never share one', async () => {
    const a = makeInstance({ instanceId: 'i-0aaaaaaaaaaaaaaa1' });
    const b = makeInstance({ instanceId: 'i-0bbbbbbbbbbbbbbb2' });
    expect((await a.token()).slice(5, 13)).toBe(fnv1a('i-0aaaaaaaaaaaaaaa1'));
    expect((await b.token()).slice(5, 13)).toBe(fnv1a('i-0bbbbbbbbbbbbbbb2'));
    // the published test vector, so the helper itself is right
    expect(fnv1a('a')).toBe('e40c292c');
  });

  it('are forgotten once seen expired', () => {
    const { imds, clock } = makeInstance();
    const { token } = imds.issueToken(60);
    clock.advanceBy(60_000);
    expect(imds.checkToken(token)).toBe('expired');
    expect(imds.checkToken(token)).toBe('unknown');
  });

  it('at the limit, forget the expired ones first, and a live one only when none has expired', () => {
    const { imds, clock } = makeInstance();
    const long = imds.issueToken(21_600).token;
    for (let i = 1; i < MAX_LIVE_TOKENS; i++) imds.issueToken(60);
    clock.advanceBy(60_000);
    imds.issueToken(60);
    expect(imds.checkToken(long)).toBe('valid');
  });

  it('refuses a TTL outside 1 to 21600 s, naming the header', () => {
    const { imds } = makeInstance();
    for (const ttl of [0, 21_601, 1.5]) {
      expect(() => imds.issueToken(ttl)).toThrow(
        expect.objectContaining({ code: 'INPUT_INVALID', detail: { field: 'X-aws-ec2-metadata-token-ttl-seconds' } }),
      );
    }
  });
});

describe('refused inputs', () => {
  it.each(['instanceId', 'nodeName', 'region', 'accountId'])('createImds without %s', (field) => {
    expect(() => makeInstance({ [field]: '' })).toThrow(
      new TypeError(`createImds: ${field} must be a non-empty string`),
    );
  });

  it('metadata options that are not an object', () => {
    const { imds } = makeInstance();
    for (const change of [null, 'required']) {
      expect(() => imds.modifyInstanceMetadataOptions(change as never)).toThrow(
        new TypeError('metadata options must be an object'),
      );
    }
  });

  it('logs the options it applied', () => {
    const { imds, log } = makeInstance();
    const current = imds.modifyInstanceMetadataOptions({ httpTokens: 'required' });
    expect(log.all('imds.options-modified').at(-1)?.data).toEqual({
      instanceId: INSTANCE_ID,
      metadataOptions: current,
    });
  });
});

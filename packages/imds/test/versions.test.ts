/** IMDSv1 vs IMDSv2 under http-tokens optional and required, and what the access log records. */

import type { ImdsRequestEvent } from '@irsa-lab/imds';
import { describe, expect, it } from 'vitest';
import { HOST_POD, makeInstance, POD, ROLE_NAME } from './fixture.js';

const CREDS_PATH = `/latest/meta-data/iam/security-credentials/${ROLE_NAME}`;

function requests(log: ReturnType<typeof makeInstance>['log']): ImdsRequestEvent[] {
  return log.all('imds.request').map((e) => e.data);
}

describe('http-tokens', () => {
  it('optional: both a tokenless (v1) GET and a token (v2) GET get credentials', async () => {
    const { send, token } = makeInstance();
    expect((await send(CREDS_PATH)).status).toBe(200);
    const t = await token();
    expect((await send(CREDS_PATH, { headers: { 'X-aws-ec2-metadata-token': t } })).status).toBe(200);
  });

  it('required: a tokenless GET answers 401, a token GET answers 200', async () => {
    const { send, token } = makeInstance({ metadataOptions: { httpTokens: 'required' } });
    const v1 = await send(CREDS_PATH);
    expect(v1.status).toBe(401);
    expect(await v1.text()).toBe('401 - Unauthorized');
    expect((await send('/latest/meta-data/', { method: 'HEAD' })).status).toBe(401);
    const t = await token();
    const v2 = await send(CREDS_PATH, { headers: { 'X-aws-ec2-metadata-token': t } });
    expect(v2.status).toBe(200);
    expect(JSON.parse(await v2.text())).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC' });
  });

  it('checks the token before the path: a bad token on an unknown path answers 401, not 404', async () => {
    const { send } = makeInstance();
    const response = await send('/latest/meta-data/nothing', { headers: { 'X-aws-ec2-metadata-token': 'bogus' } });
    expect(response.status).toBe(401);
  });

  it('follows modifyInstanceMetadataOptions at once', async () => {
    const { imds, send } = makeInstance();
    expect((await send(CREDS_PATH)).status).toBe(200);
    imds.modifyInstanceMetadataOptions({ httpTokens: 'required' });
    expect((await send(CREDS_PATH)).status).toBe(401);
    imds.modifyInstanceMetadataOptions({ httpTokens: 'optional' });
    expect((await send(CREDS_PATH)).status).toBe(200);
  });
});

describe('the access log', () => {
  it('records caller, method, path, version, status and a readable decision for every request', async () => {
    const { log, send, token } = makeInstance({ metadataOptions: { httpTokens: 'required' } });
    await send(CREDS_PATH, {}, POD);
    const t = await token(21_600, HOST_POD);
    await send(CREDS_PATH, { headers: { 'X-aws-ec2-metadata-token': t } }, HOST_POD);
    await send('/latest/meta-data/nope', { headers: { 'X-aws-ec2-metadata-token': t } }, HOST_POD);
    const events = requests(log);
    expect(
      events.map(({ callerId, method, path, version, status }) => ({ callerId, method, path, version, status })),
    ).toEqual([
      { callerId: POD.id, method: 'GET', path: CREDS_PATH, version: 'v1', status: 401 },
      { callerId: HOST_POD.id, method: 'PUT', path: '/latest/api/token', version: 'v2', status: 200 },
      { callerId: HOST_POD.id, method: 'GET', path: CREDS_PATH, version: 'v2', status: 200 },
      { callerId: HOST_POD.id, method: 'GET', path: '/latest/meta-data/nope', version: 'v2', status: 404 },
    ]);
    expect(events[0]?.decision).toBe('IMDSv1 GET refused: http-tokens is required');
    expect(events[1]?.decision).toBe('IMDSv2 token issued for 21600 s (expires 2026-01-05T15:00:00Z) with IP TTL 1');
    expect(events[2]?.decision).toMatch(/^IMDSv2 GET: served credentials of node role eks-node-role \(ASIA/);
    expect(events[3]?.decision).toBe('IMDSv2 GET: no metadata at /latest/meta-data/nope');
    expect(events.every((e) => e.instanceId === 'i-0abc123def4567890')).toBe(true);
  });

  it('says when the token response will be dropped on its way to a pod', async () => {
    const { log, send } = makeInstance();
    await send('/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } }, POD);
    const [event] = log.all('imds.request');
    expect(requests(log)[0]?.decision).toContain(
      'the caller is 2 hops away, so the network drops it (http-put-response-hop-limit 1)',
    );
    expect(event?.summary).toMatch(/^PUT \/latest\/api\/token → 200: /);
    expect(event?.source).toBe('imds/ip-10-0-1-23.us-west-2.compute.internal');
  });

  it.each([
    [{ httpTokens: 'optional' }, `/latest/meta-data/iam/security-credentials-extended/${ROLE_NAME}`, /not simulated/],
    [{ httpTokens: 'optional' }, '/latest/meta-data/iam/security-credentials/admin', /role "admin" is not the role/],
    [{ httpEndpoint: 'disabled' }, '/latest/meta-data/', /turned off .*http-endpoint disabled/],
  ] as const)('explains %j GET %s', async (metadataOptions, path, decision) => {
    const { log, send } = makeInstance({ metadataOptions });
    await send(path);
    expect(requests(log)[0]?.decision).toMatch(decision);
  });

  it('explains a missing instance profile', async () => {
    const { log, send } = makeInstance({ instanceProfile: undefined });
    await send('/latest/meta-data/iam/security-credentials/');
    expect(requests(log)[0]?.decision).toBe(
      'IMDSv1 GET (http-tokens optional): no instance profile is attached, so there is no iam/ category',
    );
  });
});

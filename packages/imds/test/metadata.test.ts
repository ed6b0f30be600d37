/** GET and HEAD on metadata paths: listings, values, the JSON documents, 404s, and a turned-off endpoint. */

import { imdsHandlers } from '@irsa-lab/imds';
import { withCaller } from '@irsa-lab/net';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS, failingCredentials, INSTANCE_ID, makeInstance, NODE, ROLE_NAME } from './fixture.js';

const CREDS_PATH = `/latest/meta-data/iam/security-credentials/${ROLE_NAME}`;

describe('metadata paths (IMDSv1, http-tokens optional)', () => {
  it.each([
    ['/latest/meta-data/', 'iam/\ninstance-id\nplacement/'],
    ['/latest/meta-data', 'iam/\ninstance-id\nplacement/'],
    ['/latest/', 'dynamic\nmeta-data'],
    ['/latest/meta-data/instance-id', INSTANCE_ID],
    ['/latest/meta-data/placement/', 'availability-zone\nregion'],
    ['/latest/meta-data/placement/region', 'us-west-2'],
    ['/latest/meta-data/placement/availability-zone', 'us-west-2a'],
    ['/latest/meta-data/iam/', 'info\nsecurity-credentials/'],
    ['/latest/meta-data/iam/security-credentials/', ROLE_NAME],
    ['/latest/dynamic/instance-identity/', 'document'],
  ])('GET %s answers 200 with %j', async (path, body) => {
    const { send } = makeInstance();
    const response = await send(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe(body);
  });

  it('serves the role credentials as IMDS lays them out, as text/plain', async () => {
    const { send, asked } = makeInstance();
    const response = await send(CREDS_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    const text = await response.text();
    expect(text).toBe(
      [
        '{',
        '  "Code" : "Success",',
        '  "LastUpdated" : "2026-01-05T08:55:00Z",',
        '  "Type" : "AWS-HMAC",',
        `  "AccessKeyId" : "${CREDENTIALS.AccessKeyId}",`,
        `  "SecretAccessKey" : "${CREDENTIALS.SecretAccessKey}",`,
        `  "Token" : "${CREDENTIALS.Token}",`,
        '  "Expiration" : "2026-01-05T15:00:00Z"',
        '}',
      ].join('\n'),
    );
    expect(Object.keys(JSON.parse(text))).toEqual([
      'Code',
      'LastUpdated',
      'Type',
      'AccessKeyId',
      'SecretAccessKey',
      'Token',
      'Expiration',
    ]);
    expect(asked).toEqual([ROLE_NAME]);
  });

  it('serves iam/info with the profile ARN and id', async () => {
    const { send } = makeInstance();
    const response = await send('/latest/meta-data/iam/info');
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toEqual({
      Code: 'Success',
      LastUpdated: '2026-01-05T08:55:00Z',
      InstanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/eks-node-profile',
      InstanceProfileId: 'AIPAQX5EXAMPLEPROFILE',
    });
  });

  it('serves the instance identity document', async () => {
    const { send } = makeInstance({ availabilityZone: 'us-west-2c' });
    const response = await send('/latest/dynamic/instance-identity/document');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(JSON.parse(await response.text())).toEqual({
      accountId: '111122223333',
      architecture: 'x86_64',
      availabilityZone: 'us-west-2c',
      instanceId: INSTANCE_ID,
      pendingTime: '2026-01-05T09:00:00Z',
      region: 'us-west-2',
      version: '2017-09-30',
    });
  });

  it.each([
    `/latest/meta-data/iam/security-credentials/some-other-role`,
    `/latest/meta-data/iam/security-credentials-extended/${ROLE_NAME}`,
    `${CREDS_PATH}/`,
    '/latest/meta-data/instance-id/',
    '/latest/meta-data/ami-id',
    '/latest/user-data',
    '/latest//meta-data/',
    '/2021-03-23/meta-data/instance-id',
    '/latest/meta-data/constructor',
  ])('GET %s answers 404 with a text/plain body', async (path) => {
    const { send } = makeInstance();
    const response = await send(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('404 - Not Found');
  });

  it('answers HEAD like GET, without a body', async () => {
    const { send } = makeInstance();
    const found = await send('/latest/meta-data/instance-id', { method: 'HEAD' });
    expect(found.status).toBe(200);
    expect(await found.text()).toBe('');
    const missing = await send('/latest/meta-data/nothing-here', { method: 'HEAD' });
    expect(missing.status).toBe(404);
  });

  it.each(['POST', 'DELETE', 'PUT'])('answers 405 to %s on a metadata path', async (method) => {
    const { send } = makeInstance();
    const response = await send('/latest/meta-data/instance-id', { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 when the IAM side cannot supply credentials, instead of throwing', async () => {
    const { send } = makeInstance({ getRoleCredentials: failingCredentials });
    expect((await send(CREDS_PATH)).status).toBe(404);
    expect((await send('/latest/meta-data/iam/info')).status).toBe(404);
    expect((await send('/latest/meta-data/iam/security-credentials/')).status).toBe(200);
  });
});

describe('an instance without an instance profile', () => {
  it('has no iam/ category and answers 404 on every iam path', async () => {
    const { send, asked } = makeInstance({ instanceProfile: undefined });
    const listing = await send('/latest/meta-data/');
    expect(await listing.text()).toBe('instance-id\nplacement/');
    for (const path of [
      '/latest/meta-data/iam/',
      '/latest/meta-data/iam/info',
      '/latest/meta-data/iam/security-credentials/',
      CREDS_PATH,
    ]) {
      expect((await send(path)).status, path).toBe(404);
    }
    expect(asked).toEqual([]);
  });
});

describe('http-endpoint disabled', () => {
  it.each([
    ['PUT', '/latest/api/token'],
    ['GET', '/latest/api/token'],
    ['PUT', '/2021-03-23/api/token'],
    ['GET', '/latest/meta-data/'],
    ['GET', CREDS_PATH],
    ['HEAD', '/latest/meta-data/instance-id'],
    ['GET', '/no/such/path'],
    ['POST', '/latest/meta-data/'],
  ])('answers 403 to %s %s', async (method, path) => {
    const { imds, send } = makeInstance();
    imds.modifyInstanceMetadataOptions({ httpEndpoint: 'disabled' });
    const headers = { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' };
    const response = await send(path, { method, headers });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/plain');
  });

  it('refuses a token issued before the endpoint was turned off, and serves again once it is back on', async () => {
    const { imds, send, token } = makeInstance();
    const t = await token();
    const get = () => send('/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': t } });
    imds.modifyInstanceMetadataOptions({ httpEndpoint: 'disabled' });
    expect((await get()).status).toBe(403);
    imds.modifyInstanceMetadataOptions({ httpEndpoint: 'enabled' });
    expect((await get()).status).toBe(200);
  });
});

describe('imdsHandlers baseUrl', () => {
  it('serves at the given base URL only', async () => {
    const { imds } = makeInstance();
    const handlers = imdsHandlers(imds, { baseUrl: 'http://127.0.0.1:1338/' });
    const at = (url: string) => getResponse(handlers, withCaller(new Request(url), NODE));
    const here = await at('http://127.0.0.1:1338/latest/meta-data/instance-id');
    expect(here?.status).toBe(200);
    expect(await here?.text()).toBe(INSTANCE_ID);
    expect(await at('http://169.254.169.254/latest/meta-data/instance-id')).toBeUndefined();
  });
});

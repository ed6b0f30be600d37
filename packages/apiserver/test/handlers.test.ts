/**
 * The apiserver's msw handlers, answered in process with getResponse: a real
 * TokenRequest round trip, reads, and Status objects for every error.
 */

import { apiserverHandlers } from '@irsa-lab/apiserver';
import { decodeJwt } from 'jose';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

const BASE = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';

async function setup(options: Parameters<typeof makeWorld>[1] = {}) {
  const world = makeWorld(keys, options);
  await world.api.apply(
    `${saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN })}---\n${podYaml('p', 'app')}`,
    'a.yaml',
  );
  const handlers = apiserverHandlers(world.api, { baseUrl: BASE });
  const send = async (request: Request): Promise<Response> => {
    const response = await getResponse(handlers, request);
    if (!response) throw new Error(`unhandled request: ${request.method} ${request.url}`);
    return response;
  };
  return { ...world, send };
}

const tokenUrl = (ns: string, sa: string) => `${BASE}/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`;
const post = (url: string, body: unknown) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const tokenRequest = (spec: Record<string, unknown>) => ({
  apiVersion: 'authentication.k8s.io/v1',
  kind: 'TokenRequest',
  spec,
});

describe('POST .../serviceaccounts/{name}/token', () => {
  it('answers 201 with a TokenRequest holding the token', async () => {
    const { send, api } = await setup();
    const uid = api.get('Pod', 'default', 'p').metadata.uid;
    const spec = {
      audiences: ['sts.amazonaws.com'],
      expirationSeconds: 86400,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid },
    };
    const response = await send(post(tokenUrl('default', 'app'), tokenRequest(spec)));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'app', namespace: 'default', creationTimestamp: '2026-01-05T09:00:00Z' },
      spec: { audiences: ['sts.amazonaws.com'], expirationSeconds: 86400, boundObjectRef: spec.boundObjectRef },
      status: { token: expect.any(String), expirationTimestamp: '2026-01-06T09:00:00Z' },
    });
    expect(decodeJwt(body.status.token)).toMatchObject({
      aud: ['sts.amazonaws.com'],
      'kubernetes.io': { pod: { name: 'p', uid } },
    });
  });

  it('sends the shortening warning as a Warning header', async () => {
    const { send } = await setup({ maxTokenExpirationSeconds: 3600 });
    const response = await send(post(tokenUrl('default', 'app'), tokenRequest({ expirationSeconds: 7200 })));
    expect(response.status).toBe(201);
    expect(response.headers.get('warning')).toBe(
      '299 - "requested expiration of 7200 seconds shortened to 3600 seconds"',
    );
  });

  it.each([
    { title: 'missing ServiceAccount', sa: 'nope', spec: {}, code: 404, reason: 'NotFound' },
    { title: 'too short', sa: 'app', spec: { expirationSeconds: 60 }, code: 422, reason: 'Invalid' },
    {
      title: 'pod of another SA',
      sa: 'default',
      spec: { boundObjectRef: { kind: 'Pod', name: 'p' } },
      code: 400,
      reason: 'BadRequest',
    },
    {
      title: 'uid mismatch',
      sa: 'app',
      spec: { boundObjectRef: { kind: 'Pod', name: 'p', uid: 'x' } },
      code: 409,
      reason: 'Conflict',
    },
    { title: 'wrong field type', sa: 'app', spec: { expirationSeconds: '3600' }, code: 400, reason: 'BadRequest' },
  ])('answers a Status for $title', async ({ sa, spec, code, reason }) => {
    const { send } = await setup();
    const response = await send(post(tokenUrl('default', sa), tokenRequest(spec)));
    expect(response.status).toBe(code);
    expect(await response.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code });
  });

  it('puts field causes into an Invalid Status', async () => {
    const { send } = await setup();
    const response = await send(post(tokenUrl('default', 'app'), tokenRequest({ expirationSeconds: 60 })));
    expect((await response.json()).details).toEqual({
      name: '',
      group: 'authentication.k8s.io',
      kind: 'TokenRequest',
      causes: [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 60: may not specify a duration less than 10 minutes',
          field: 'spec.expirationSeconds',
        },
      ],
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { send } = await setup();
    const response = await send(new Request(tokenUrl('default', 'app'), { method: 'POST', body: '{"spec":' }));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it('answers 413 past the 64 KiB body limit', async () => {
    const { send } = await setup();
    const big = tokenRequest({ audiences: ['x'.repeat(70 * 1024)] });
    const response = await send(post(tokenUrl('default', 'app'), big));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413 });
  });
});

describe('GET objects', () => {
  it('returns the ServiceAccount and the Pod, or a NotFound Status', async () => {
    const { send, api } = await setup();
    const sa = await send(new Request(`${BASE}/api/v1/namespaces/default/serviceaccounts/app`));
    expect(await sa.json()).toEqual(api.get('ServiceAccount', 'default', 'app'));
    const pod = await send(new Request(`${BASE}/api/v1/namespaces/default/pods/p`));
    expect((await pod.json()).spec.containers[0].env).toContainEqual({ name: 'AWS_ROLE_ARN', value: ROLE_ARN });
    const missing = await send(new Request(`${BASE}/api/v1/namespaces/default/pods/ghost`));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', kind: 'pods' },
      code: 404,
    });
  });

  it('does not answer other hosts', async () => {
    const { api } = await setup();
    const handlers = apiserverHandlers(api, { baseUrl: BASE });
    expect(
      await getResponse(handlers, new Request('https://elsewhere.example/api/v1/namespaces/default/pods/p')),
    ).toBeUndefined();
  });
});

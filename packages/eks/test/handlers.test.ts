/**
 * The association operations on the wire: REST-JSON at EKS-MODEL's paths,
 * `{"association": ...}` and `{"associations": [...]}` bodies, errors with
 * their status and `x-amzn-ErrorType`, and IAM's refusals of unsigned or
 * unauthorized callers.
 */

import { eksHandlers } from '@irsa-lab/eks';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, createHarness, generateKeys, NODE_SESSION, ROLE_ARN } from './harness.js';

beforeAll(generateKeys);

const BASE = `https://eks.us-west-2.amazonaws.com/clusters/${CLUSTER}/pod-identity-associations`;

function setUp() {
  const h = createHarness();
  let n = 0;
  const handlers = eksHandlers(h.eks, {
    iam: { role: () => ({ exists: true, trustsPodIdentity: true }), authorize: async () => h.authorization },
    nextRequestId: () => `req-${++n}`,
  });
  const send = async (method: string, url: string, body?: unknown) =>
    (await getResponse(
      handlers,
      new Request(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    )) as Response;
  return { h, send };
}

describe('EKS pod identity association API', () => {
  it('creates, lists, describes and deletes over REST-JSON', async () => {
    const { send } = setUp();
    const created = await send('POST', BASE, { namespace: 'payments', serviceAccount: 'billing', roleArn: ROLE_ARN });
    expect(created.status).toBe(200);
    const { association } = await created.json();
    expect(association).toMatchObject({
      namespace: 'payments',
      serviceAccount: 'billing',
      roleArn: ROLE_ARN,
      createdAt: expect.any(Number),
    });
    const list = await (await send('GET', `${BASE}?namespace=payments&maxResults=10`)).json();
    expect(list).toEqual({ associations: [expect.objectContaining({ associationId: association.associationId })] });
    const described = await send('GET', `${BASE}/${association.associationId}`);
    expect((await described.json()).association.associationArn).toBe(association.associationArn);
    expect((await send('DELETE', `${BASE}/${association.associationId}`)).status).toBe(200);
    const gone = await send('GET', `${BASE}/${association.associationId}`);
    expect([gone.status, gone.headers.get('x-amzn-ErrorType')]).toEqual([404, 'ResourceNotFoundException']);
  });

  it('answers a duplicate with 409 ResourceInUseException and its message in the body', async () => {
    const { send } = setUp();
    const body = { namespace: 'payments', serviceAccount: 'billing', roleArn: ROLE_ARN };
    const { association } = await (await send('POST', BASE, body)).json();
    const again = await send('POST', BASE, body);
    expect(again.status).toBe(409);
    expect(again.headers.get('x-amzn-ErrorType')).toBe('ResourceInUseException');
    expect(await again.json()).toEqual({ message: `Association already exists: ${association.associationId}` });
  });

  it('refuses callers IAM does not authorize (403 AccessDeniedException) and unsigned ones', async () => {
    const { h, send } = setUp();
    h.authorization = { ok: false, failure: 'denied', reason: 'r', message: 'r', session: NODE_SESSION };
    const denied = await send('GET', BASE);
    expect([denied.status, denied.headers.get('x-amzn-ErrorType')]).toEqual([403, 'AccessDeniedException']);
    expect((await denied.json()).message).toContain('eks:ListPodIdentityAssociations');
    h.authorization = { ok: false, failure: 'unauthenticated', reason: 'r', message: 'r', sigv4: 'missing-auth' };
    expect((await send('GET', BASE)).headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationTokenException');
  });
});

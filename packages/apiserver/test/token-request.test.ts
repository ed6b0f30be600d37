/**
 * TokenRequest: the claims (decoded and verified with jose), lifetime
 * validation and defaults, the maximum-expiration warning, the 3607 s
 * extension and the binding errors of token.go.
 */

import { EKS_EXTENDED_EXPIRATION_SECONDS } from '@irsa-lab/apiserver';
import type { SimError } from '@irsa-lab/core';
import { toNumericDate } from '@irsa-lab/core';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ISSUER, type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NODE = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: ip-10-0-1-23.us-west-2.compute.internal\n';

async function withPod(
  options: Parameters<typeof makeWorld>[1] = {},
  podExtra = '  nodeName: ip-10-0-1-23.us-west-2.compute.internal\n',
) {
  const world = makeWorld(keys, options);
  await world.api.apply(
    `${saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN })}---\n${podYaml('p', 'app', podExtra)}`,
    'a.yaml',
  );
  const pod = world.api.get('Pod', 'default', 'p');
  const sa = world.api.get('ServiceAccount', 'default', 'app');
  const nowS = toNumericDate(world.clock.nowMs());
  return { ...world, pod, sa, nowS };
}

async function rejection(p: Promise<unknown>): Promise<SimError> {
  try {
    await p;
  } catch (err) {
    return err as SimError;
  }
  throw new Error('expected a rejection');
}

describe('claims', () => {
  it('names a node its kubelet registered by name and uid; AlreadyExists on a second registration', async () => {
    const { api, pod } = await withPod();
    const node = api.registerNode('ip-10-0-1-23.us-west-2.compute.internal');
    expect(node).toMatchObject({
      kind: 'Node',
      metadata: { name: node.metadata.name, uid: expect.stringMatching(UUID) },
    });
    const result = await api.createToken('default', 'app', {
      audiences: ['sts.amazonaws.com'],
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: pod.metadata.uid },
    });
    expect(decodeJwt(result.token)['kubernetes.io']).toMatchObject({
      node: { name: node.metadata.name, uid: node.metadata.uid },
    });
    expect(() => api.registerNode(node.metadata.name)).toThrow(expect.objectContaining({ code: 'K8S_ALREADY_EXISTS' }));
  });

  it('binds an unscheduled pod to a node (pods/binding): its tokens then name the node; Conflict for another node', async () => {
    const { api } = await withPod({}, '');
    const node = api.registerNode('ip-10-0-1-23.us-west-2.compute.internal');
    expect(api.get('Pod', 'default', 'p').spec.nodeName).toBeUndefined();
    const bound = api.bindPod('default', 'p', node.metadata.name);
    expect(bound.spec.nodeName).toBe(node.metadata.name);
    expect(api.get('Pod', 'default', 'p').spec.nodeName).toBe(node.metadata.name);
    const result = await api.createToken('default', 'app', {
      audiences: ['sts.amazonaws.com'],
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: bound.metadata.uid },
    });
    expect(decodeJwt(result.token)['kubernetes.io']).toMatchObject({
      node: { name: node.metadata.name, uid: node.metadata.uid },
    });
    expect(api.bindPod('default', 'p', node.metadata.name).metadata.resourceVersion).toBe(
      bound.metadata.resourceVersion,
    );
    expect(() => api.bindPod('default', 'p', 'another-node')).toThrow(
      expect.objectContaining({ code: 'K8S_CONFLICT' }),
    );
    expect(() => api.bindPod('default', 'nope', node.metadata.name)).toThrow(
      expect.objectContaining({ code: 'K8S_NOT_FOUND' }),
    );
  });

  it('has the claims of a pod-bound IRSA token, signed and verifiable', async () => {
    const { api, pod, sa, nowS, clock } = await withPod();
    await api.apply(NODE, 'node.yaml');
    const node = api.get('Node', undefined, 'ip-10-0-1-23.us-west-2.compute.internal');
    const result = await api.createToken('default', 'app', {
      audiences: ['sts.amazonaws.com'],
      expirationSeconds: 86400,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: pod.metadata.uid },
    });
    const claims = decodeJwt(result.token);
    expect(claims).toEqual({
      aud: ['sts.amazonaws.com'],
      exp: nowS + 86400,
      iat: nowS,
      iss: ISSUER,
      jti: expect.stringMatching(UUID),
      'kubernetes.io': {
        namespace: 'default',
        node: { name: node.metadata.name, uid: node.metadata.uid },
        pod: { name: 'p', uid: pod.metadata.uid },
        serviceaccount: { name: 'app', uid: sa.metadata.uid },
      },
      nbf: nowS,
      sub: 'system:serviceaccount:default:app',
    });
    expect(result.claims).toEqual(claims);
    expect(decodeProtectedHeader(result.token)).toEqual({ alg: 'RS256', kid: 'test-key-1' });
    const verified = await jwtVerify(result.token, keys.publicKey, {
      currentDate: new Date(clock.nowMs()),
      issuer: ISSUER,
    });
    expect(verified.payload.sub).toBe('system:serviceaccount:default:app');
  });

  it('writes payload keys in alphabetical order, as a Go map does', async () => {
    const { api } = await withPod();
    const { token } = await api.createToken('default', 'app');
    const json = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    const keysInOrder = Object.keys(JSON.parse(json));
    expect(keysInOrder).toEqual([...keysInOrder].sort());
  });

  it('embeds only the node name when the Node object is missing', async () => {
    const { api, pod } = await withPod();
    const { claims } = await api.createToken('default', 'app', {
      boundObjectRef: { kind: 'Pod', name: pod.metadata.name },
    });
    expect(claims['kubernetes.io'].node).toEqual({ name: 'ip-10-0-1-23.us-west-2.compute.internal' });
  });

  it('has no node claim for an unscheduled pod, no pod claim for an unbound token', async () => {
    const { api } = await withPod({}, '');
    const bound = await api.createToken('default', 'app', { boundObjectRef: { kind: 'Pod', name: 'p' } });
    expect(bound.claims['kubernetes.io']).not.toHaveProperty('node');
    const unbound = await api.createToken('default', 'app');
    expect(unbound.claims['kubernetes.io']).toEqual({
      namespace: 'default',
      serviceaccount: { name: 'app', uid: expect.stringMatching(UUID) },
    });
  });

  it('defaults: 3600 s and the API audiences; aud stays an array', async () => {
    const { api, nowS } = await withPod({ apiAudiences: ['https://kubernetes.default.svc', 'extra'] });
    const result = await api.createToken('default', 'app');
    expect(result.claims.aud).toEqual(['https://kubernetes.default.svc', 'extra']);
    expect(result.claims.exp).toBe(nowS + 3600);
    expect(result.expirationSeconds).toBe(3600);
    expect(result.expirationTimestamp).toBe('2026-01-05T10:00:00Z');
  });

  it('binds to a Secret and to a Node', async () => {
    const { api } = await withPod();
    await api.apply(`${NODE}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n`, 'x.yaml');
    const secret = await api.createToken('default', 'app', { boundObjectRef: { kind: 'Secret', name: 's' } });
    expect(secret.claims['kubernetes.io'].secret?.uid).toBe(api.get('Secret', 'default', 's').metadata.uid);
    const node = await api.createToken('default', 'app', {
      boundObjectRef: { kind: 'Node', name: 'ip-10-0-1-23.us-west-2.compute.internal' },
    });
    expect(node.claims['kubernetes.io'].node?.uid).toBeDefined();
    expect(node.claims['kubernetes.io']).not.toHaveProperty('pod');
  });

  it('logs k8s.token-issued without the token itself', async () => {
    const { api, log } = await withPod();
    const { token, claims } = await api.createToken('default', 'app', { boundObjectRef: { kind: 'Pod', name: 'p' } });
    const [event] = log.all('k8s.token-issued');
    expect(event?.data).toMatchObject({
      sub: claims.sub,
      aud: claims.aud,
      jti: claims.jti,
      exp: claims.exp,
      pod: 'default/p',
    });
    expect(log.toJsonLines()).not.toContain(token);
  });
});

describe('expiration', () => {
  it('refuses less than 10 minutes with the real message; 600 is fine', async () => {
    const { api } = await withPod();
    const err = await rejection(api.createToken('default', 'app', { expirationSeconds: 599 }));
    expect(err.code).toBe('K8S_INVALID');
    expect(err.message).toBe(
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    );
    await expect(api.createToken('default', 'app', { expirationSeconds: 600 })).resolves.toMatchObject({
      expirationSeconds: 600,
    });
  });

  it('refuses more than 2^32 seconds', async () => {
    const { api } = await withPod();
    const err = await rejection(api.createToken('default', 'app', { expirationSeconds: 2 ** 32 + 1 }));
    expect(err.code).toBe('K8S_INVALID');
    expect(err.message).toContain('may not specify a duration larger than 2^32 seconds');
  });

  it('shortens to the maximum with a warning', async () => {
    const { api, nowS } = await withPod({ maxTokenExpirationSeconds: 7200 });
    const result = await api.createToken('default', 'app', {
      audiences: ['sts.amazonaws.com'],
      expirationSeconds: 86400,
    });
    expect(result.warnings).toEqual(['requested expiration of 86400 seconds shortened to 7200 seconds']);
    expect(result.claims.exp).toBe(nowS + 7200);
    expect(result.expirationSeconds).toBe(7200);
  });

  it('extends a pod-bound 3607 s token for API audiences: exp +90 days, warnafter, status unchanged', async () => {
    const { api, nowS, clock } = await withPod();
    const result = await api.createToken('default', 'app', {
      expirationSeconds: 3607,
      boundObjectRef: { kind: 'Pod', name: 'p' },
    });
    expect(result.claims.exp).toBe(nowS + EKS_EXTENDED_EXPIRATION_SECONDS);
    expect(result.claims['kubernetes.io'].warnafter).toBe(nowS + 3607);
    expect(result.expiresAtMs).toBe(clock.nowMs() + 3607_000);
  });

  it.each([
    { title: 'sts audience', spec: { audiences: ['sts.amazonaws.com'], bound: true }, options: {} },
    {
      title: 'mixed audiences',
      spec: { audiences: ['https://kubernetes.default.svc', 'sts.amazonaws.com'], bound: true },
      options: {},
    },
    { title: 'not pod-bound', spec: { bound: false }, options: {} },
    { title: 'extension switched off', spec: { bound: true }, options: { extendTokenExpiration: false } },
  ])('does not extend: $title', async ({ spec, options }) => {
    const { api, nowS } = await withPod(options);
    const result = await api.createToken('default', 'app', {
      expirationSeconds: 3607,
      ...(spec.audiences ? { audiences: spec.audiences } : {}),
      ...(spec.bound ? { boundObjectRef: { kind: 'Pod' as const, name: 'p' } } : {}),
    });
    expect(result.claims.exp).toBe(nowS + 3607);
    expect(result.claims['kubernetes.io']).not.toHaveProperty('warnafter');
  });
});

describe('binding errors', () => {
  it('BadRequest for a pod running as another ServiceAccount', async () => {
    const { api } = await withPod();
    const err = await rejection(api.createToken('default', 'default', { boundObjectRef: { kind: 'Pod', name: 'p' } }));
    expect(err.code).toBe('K8S_BAD_REQUEST');
    expect(err.message).toBe(
      'cannot bind token for serviceaccount "default" to pod running with different serviceaccount name.',
    );
  });

  it('Conflict for a uid mismatch (the pod was recreated)', async () => {
    const { api } = await withPod();
    const err = await rejection(
      api.createToken('default', 'app', { boundObjectRef: { kind: 'Pod', name: 'p', uid: 'old-uid' } }),
    );
    expect(err.code).toBe('K8S_CONFLICT');
    expect(err.message).toBe(
      'Operation cannot be fulfilled on Pod "p": the UID in the bound object reference (old-uid) does not match the UID in record. The object might have been deleted and then recreated',
    );
  });

  it('NotFound for a missing pod or ServiceAccount (the SA is looked up before validation)', async () => {
    const { api } = await withPod();
    const pod = await rejection(api.createToken('default', 'app', { boundObjectRef: { kind: 'Pod', name: 'ghost' } }));
    expect([pod.code, pod.message]).toEqual(['K8S_NOT_FOUND', 'pods "ghost" not found']);
    const sa = await rejection(api.createToken('default', 'nope', { expirationSeconds: 1 }));
    expect([sa.code, sa.message]).toEqual(['K8S_NOT_FOUND', 'serviceaccounts "nope" not found']);
  });

  it('BadRequest for an object type that cannot be bound', async () => {
    const { api } = await withPod();
    const ref = { kind: 'ConfigMap', name: 'c', apiVersion: 'v1' } as unknown as { kind: 'Pod'; name: string };
    const err = await rejection(api.createToken('default', 'app', { boundObjectRef: ref }));
    expect(err.message).toBe('cannot bind token to object of type /v1, Kind=ConfigMap');
    const group = await rejection(
      api.createToken('default', 'app', { boundObjectRef: { kind: 'Pod', name: 'p', apiVersion: 'apps/v1' } }),
    );
    expect(group.code).toBe('K8S_BAD_REQUEST');
  });
});

describe('projectServiceAccountToken', () => {
  it('issues the IRSA volume token bound to the pod, with its audience and lifetime', async () => {
    const { api, pod, nowS } = await withPod();
    const source = pod.spec.volumes?.[0]?.projected?.sources?.[0]?.serviceAccountToken;
    if (!source) throw new Error('no IRSA token source');
    const result = await api.projectServiceAccountToken(pod, source);
    expect(result.claims.aud).toEqual(['sts.amazonaws.com']);
    expect(result.claims.exp).toBe(nowS + 86400);
    expect(result.claims['kubernetes.io'].pod).toEqual({ name: 'p', uid: pod.metadata.uid });
  });

  it('extends the kube-api-access token (3607 s, API audiences)', async () => {
    const { api, pod, nowS } = await withPod();
    const access = pod.spec.volumes?.find((v) => v.name.startsWith('kube-api-access-'));
    const source = access?.projected?.sources?.[0]?.serviceAccountToken;
    if (!source) throw new Error('no kube-api-access token source');
    const result = await api.projectServiceAccountToken(pod, source);
    expect(result.claims.aud).toEqual(['https://kubernetes.default.svc']);
    expect(result.claims.exp).toBe(nowS + EKS_EXTENDED_EXPIRATION_SECONDS);
  });
});

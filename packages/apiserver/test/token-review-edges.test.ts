/**
 * TokenReview at its edges: what a failed review returns, each refusal by its
 * own error (size, not a JWT, issuer, signature, a deleted or re-created
 * ServiceAccount, Secret or legacy ServiceAccount), exp + 60 s inclusive, the
 * node and Secret bindings in extra, and what a review writes (the legacy
 * last-used label once a day, the log note).
 */
import { Buffer } from 'node:buffer';
import { LEGACY_TOKEN_LAST_USED_LABEL } from '@irsa-lab/apiserver';
import { beforeAll, describe, expect, it } from 'vitest';
import { ISSUER, type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

const STS = ['sts.amazonaws.com'];
const NODE_NAME = 'ip-10-0-1-23.us-west-2.compute.internal';

const tokenSecret = (name: string, sa: string, token?: string) =>
  `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  annotations:
    kubernetes.io/service-account.name: ${sa}
type: kubernetes.io/service-account-token
${token ? `data:\n  token: ${Buffer.from(token).toString('base64')}\n` : ''}`;

async function withLegacy() {
  const world = makeWorld(keys);
  await world.api.apply(`${saYaml('build')}---\n${tokenSecret('build-token', 'build')}`, 'legacy.yaml');
  const secret = world.api.get('Secret', 'default', 'build-token');
  const token = Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8');
  return { ...world, token, uid: world.api.get('ServiceAccount', 'default', 'build').metadata.uid };
}

async function withPod(podExtra = '') {
  const world = makeWorld(keys);
  await world.api.apply(
    `${saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN })}---\n${podYaml('p', 'app', podExtra)}`,
    'a.yaml',
  );
  return world;
}

const failed = (error: string) => ({
  authenticated: false,
  user: { username: '', uid: '', groups: [] },
  audiences: [],
  error,
});

describe('reviewToken refuses', () => {
  it('a token that is not a string, as a programming error', async () => {
    const { api } = makeWorld(keys);
    await expect(api.reviewToken(42 as unknown as string)).rejects.toThrow(new TypeError('token must be a string'));
  });

  it('a token longer than 64 KiB before decoding it, and garbage of exactly 64 KiB as not a JWT', async () => {
    const { api } = makeWorld(keys);
    expect(await api.reviewToken('a'.repeat(65_537))).toStrictEqual(failed('token is longer than 65536 characters'));
    expect(await api.reviewToken('a'.repeat(65_536))).toStrictEqual(failed('invalid bearer token: not a JWT'));
  });

  it('a token of another issuer, by its issuer', async () => {
    const { api } = await withPod();
    const { token } = await api.createToken('default', 'app', { audiences: STS });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    const foreign = Buffer.from(JSON.stringify({ ...claims, iss: 'https://evil.example' })).toString('base64url');
    expect(await api.reviewToken(`${h}.${foreign}.${s}`, STS)).toStrictEqual(
      failed('invalid bearer token: issuer "https://evil.example" is not trusted'),
    );
    expect(claims.iss).toBe(ISSUER);
  });

  it('an altered token of this issuer, as a signature that does not verify', async () => {
    const { api } = await withPod();
    const { token, claims } = await api.createToken('default', 'app', { audiences: STS });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' }));
    expect(await api.reviewToken(`${h}.${forged.toString('base64url')}.${s}`, STS)).toStrictEqual({
      ...failed('invalid bearer token: the signature does not verify (this apiserver did not sign it)'),
      legacy: false,
    });
  });

  it('naming every audience of the token and of the review, as Go prints a string slice', async () => {
    const { api } = await withPod();
    const { token } = await api.createToken('default', 'app', { audiences: ['a', 'b'] });
    expect(await api.reviewToken(token, ['c', 'd'])).toStrictEqual(
      failed('token audiences ["a" "b"] is invalid for the target audiences ["c" "d"]'),
    );
  });

  it('a bound token whose ServiceAccount was deleted, then re-created with a new uid', async () => {
    const { api } = await withPod();
    const { token } = await api.createToken('default', 'app', { audiences: STS });
    const oldUid = api.get('ServiceAccount', 'default', 'app').metadata.uid;
    api.delete('ServiceAccount', 'default', 'app');
    expect(await api.reviewToken(token, STS)).toMatchObject({
      authenticated: false,
      error: 'service account token has been invalidated',
    });
    await api.apply(saYaml('app'), 'again.yaml');
    const newUid = api.get('ServiceAccount', 'default', 'app').metadata.uid;
    expect(await api.reviewToken(token, STS)).toMatchObject({
      authenticated: false,
      error: `service account UID (${newUid}) does not match claim (${oldUid})`,
    });
  });

  it('a Secret-bound token once its Secret is re-created under the same name', async () => {
    const { api } = await withPod();
    await api.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n', 's.yaml');
    const oldUid = api.get('Secret', 'default', 's').metadata.uid;
    const { token } = await api.createToken('default', 'app', {
      audiences: STS,
      boundObjectRef: { kind: 'Secret', name: 's', uid: oldUid },
    });
    expect((await api.reviewToken(token, STS)).authenticated).toBe(true);
    api.delete('Secret', 'default', 's');
    await api.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n', 's.yaml');
    const newUid = api.get('Secret', 'default', 's').metadata.uid;
    expect(await api.reviewToken(token, STS)).toMatchObject({
      authenticated: false,
      error: `secret UID (${newUid}) does not match claim (${oldUid})`,
    });
  });

  it('a legacy token whose ServiceAccount is gone, though its Secret holds the token again', async () => {
    const { api, token, uid } = await withLegacy();
    api.delete('ServiceAccount', 'default', 'build');
    await api.apply(tokenSecret('build-token', 'build', token), 'again.yaml');
    expect(await api.reviewToken(token)).toMatchObject({
      authenticated: false,
      error: 'serviceaccounts "build" not found',
      legacy: true,
    });
    await api.apply(saYaml('build'), 'sa.yaml');
    const newUid = api.get('ServiceAccount', 'default', 'build').metadata.uid;
    expect(await api.reviewToken(token)).toMatchObject({
      authenticated: false,
      error: `service account UID (${newUid}) does not match claim (${uid})`,
    });
  });
});

describe('reviewToken accepts', () => {
  it('a bound token until exp + 60 s inclusive', async () => {
    const { api, clock } = await withPod();
    const { token } = await api.createToken('default', 'app', { audiences: STS, expirationSeconds: 3600 });
    clock.advanceBy((3600 + 60) * 1000);
    expect((await api.reviewToken(token, STS)).authenticated).toBe(true);
  });

  it('a pod-bound token on a registered node, with the node in extra', async () => {
    const { api, log } = await withPod(`  nodeName: ${NODE_NAME}\n`);
    const node = api.registerNode(NODE_NAME);
    const pod = api.get('Pod', 'default', 'p');
    const { token, claims } = await api.createToken('default', 'app', {
      audiences: STS,
      boundObjectRef: { kind: 'Pod', name: 'p', uid: pod.metadata.uid },
    });
    const review = await api.reviewToken(token, STS);
    expect(log.all('k8s.token-reviewed').at(-1)?.summary).toBe(
      'TokenReview: authenticated system:serviceaccount:default:app',
    );
    expect(review.user.extra).toStrictEqual({
      'authentication.kubernetes.io/pod-name': ['p'],
      'authentication.kubernetes.io/pod-uid': [pod.metadata.uid],
      'authentication.kubernetes.io/node-name': [NODE_NAME],
      'authentication.kubernetes.io/node-uid': [node.metadata.uid],
      'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`],
    });
  });

  it('a legacy token with no extra at all, and notes each review in the log', async () => {
    const { api, log, token, uid } = await withLegacy();
    const review = await api.reviewToken(token);
    expect(review).toStrictEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:default:build',
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      },
      audiences: ['https://kubernetes.default.svc'],
      legacy: true,
    });
    const note = log.all('k8s.token-reviewed').at(-1);
    expect(note?.summary).toBe('TokenReview: authenticated system:serviceaccount:default:build (legacy token)');
    expect(note?.data).toStrictEqual({ username: 'system:serviceaccount:default:build', legacy: true, jti: undefined });
  });
});

describe('the legacy last-used label', () => {
  it('is written (a new resourceVersion) on the first use of a day only', async () => {
    const { api, token } = await withLegacy();
    const before = api.get('Secret', 'default', 'build-token').metadata;
    expect(before.labels?.[LEGACY_TOKEN_LAST_USED_LABEL]).toBeUndefined();
    await api.reviewToken(token);
    const first = api.get('Secret', 'default', 'build-token').metadata;
    expect(first.labels).toStrictEqual({ 'kubernetes.io/legacy-token-last-used': '2026-01-05' });
    expect(Number(first.resourceVersion)).toBeGreaterThan(Number(before.resourceVersion));
    await api.reviewToken(token);
    expect(api.get('Secret', 'default', 'build-token').metadata.resourceVersion).toBe(first.resourceVersion);
  });
});

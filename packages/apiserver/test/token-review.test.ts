/**
 * Legacy token Secrets (claims of legacy.go) and TokenReview: a years-old
 * legacy token still authenticates; bound tokens stop at exp (+60 s leeway),
 * at a deleted pod (also once one of the same name replaces it), and outside
 * the API audiences.
 */
import { Buffer } from 'node:buffer';
import { LEGACY_TOKEN_LAST_USED_LABEL } from '@irsa-lab/apiserver';
import { DAY_MS, type SimError } from '@irsa-lab/core';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

const tokenSecret = (name: string, sa: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  annotations:
    kubernetes.io/service-account.name: ${sa}
type: kubernetes.io/service-account-token
`;

async function withLegacy() {
  const world = makeWorld(keys);
  await world.api.apply(`${saYaml('build')}---\n${tokenSecret('build-token', 'build')}`, 'legacy.yaml');
  const secret = world.api.get('Secret', 'default', 'build-token');
  const token = Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8');
  return { ...world, secret, token, sa: world.api.get('ServiceAccount', 'default', 'build') };
}

describe('legacy token Secrets', () => {
  it('are filled with a never-expiring JWT with flat claims', async () => {
    const { secret, token, sa } = await withLegacy();
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(Buffer.from(secret.data?.namespace ?? '', 'base64').toString()).toBe('default');
    expect(secret.metadata.annotations?.['kubernetes.io/service-account.uid']).toBe(sa.metadata.uid);
    expect(decodeJwt(token)).toEqual({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'default',
      'kubernetes.io/serviceaccount/secret.name': 'build-token',
      'kubernetes.io/serviceaccount/service-account.name': 'build',
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
      sub: 'system:serviceaccount:default:build',
    });
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
  });

  it('must name their ServiceAccount', async () => {
    const { api } = makeWorld(keys);
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\ntype: kubernetes.io/service-account-token\n';
    const err = await api.apply(text, 's.yaml').catch((e: SimError) => e);
    expect(err).toMatchObject({
      code: 'K8S_INVALID',
      message: 'Secret "t" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    });
  });

  it('stay empty when the ServiceAccount does not exist', async () => {
    const { api, log } = makeWorld(keys);
    await api.apply(tokenSecret('t', 'ghost'), 's.yaml');
    expect(api.get('Secret', 'default', 't').data).toBeUndefined();
    expect(log.all('k8s.secret-left-empty').at(-1)?.data).toEqual({ secret: 'default/t', serviceAccount: 'ghost' });
  });
});

describe('reviewToken: legacy', () => {
  it('still accepts a legacy token three years later, and stamps last-used', async () => {
    const { api, token, sa, clock } = await withLegacy();
    clock.advanceBy(3 * 365 * DAY_MS);
    const review = await api.reviewToken(token);
    expect(review).toEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:default:build',
        uid: sa.metadata.uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      },
      audiences: ['https://kubernetes.default.svc'],
      legacy: true,
    });
    expect(api.get('Secret', 'default', 'build-token').metadata.labels?.[LEGACY_TOKEN_LAST_USED_LABEL]).toBe(
      '2029-01-04',
    );
  });

  it("rejects a token that no longer matches the Secret's copy", async () => {
    const { api, token } = await withLegacy();
    // a legacy token is deterministic (no iat, no jti), so replace the stored copy by hand
    api.delete('Secret', 'default', 'build-token');
    await api.apply(`${tokenSecret('build-token', 'build')}data:\n  token: b3RoZXI=\n`, 'again.yaml');
    expect(await api.reviewToken(token)).toMatchObject({
      authenticated: false,
      error: "Token does not match server's copy",
    });
  });

  it('rejects it once the ServiceAccount (and so its Secret) is deleted', async () => {
    const { api, token } = await withLegacy();
    api.delete('ServiceAccount', 'default', 'build');
    expect(api.exists('Secret', 'default', 'build-token')).toBe(false);
    expect(await api.reviewToken(token)).toMatchObject({ authenticated: false, error: 'Token has been invalidated' });
  });
});

describe('reviewToken: bound tokens', () => {
  async function withBound() {
    const world = makeWorld(keys);
    await world.api.apply(
      `${saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN })}---\n${podYaml('p', 'app')}`,
      'a.yaml',
    );
    const pod = world.api.get('Pod', 'default', 'p');
    const irsa = await world.api.createToken('default', 'app', {
      audiences: ['sts.amazonaws.com'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', name: 'p', uid: pod.metadata.uid },
    });
    return { ...world, pod, irsa };
  }

  it('accepts an IRSA token only for its own audience', async () => {
    const { api, irsa, pod, log } = await withBound();
    expect(await api.reviewToken(irsa.token)).toMatchObject({
      authenticated: false,
      error:
        'token audiences ["sts.amazonaws.com"] is invalid for the target audiences ["https://kubernetes.default.svc"]',
    });
    const ok = await api.reviewToken(irsa.token, ['sts.amazonaws.com']);
    expect(ok.authenticated).toBe(true);
    expect(log.all('k8s.token-reviewed').map((e) => e.data)).toEqual([
      { username: 'system:serviceaccount:default:app', legacy: false, jti: irsa.claims.jti },
    ]);
    expect(ok.user.extra).toMatchObject({
      'authentication.kubernetes.io/pod-name': ['p'],
      'authentication.kubernetes.io/pod-uid': [pod.metadata.uid],
      'authentication.kubernetes.io/credential-id': [`JTI=${irsa.claims.jti}`],
    });
  });

  it('allows 60 s of leeway after exp, then reports it expired', async () => {
    const { api, irsa, clock } = await withBound();
    clock.advanceBy(3600_000 + 59_000);
    expect((await api.reviewToken(irsa.token, ['sts.amazonaws.com'])).authenticated).toBe(true);
    clock.advanceBy(2_000);
    expect(await api.reviewToken(irsa.token, ['sts.amazonaws.com'])).toMatchObject({
      authenticated: false,
      error: 'service account token has expired',
    });
  });

  it('is invalidated when its pod is deleted', async () => {
    const { api, irsa } = await withBound();
    api.delete('Pod', 'default', 'p');
    expect(await api.reviewToken(irsa.token, ['sts.amazonaws.com'])).toMatchObject({
      authenticated: false,
      error: 'service account token has been invalidated',
    });
  });

  it('is invalidated when its pod is deleted and re-created under the same name (a new pod UID)', async () => {
    const { api, irsa, pod } = await withBound();
    api.delete('Pod', 'default', 'p');
    await api.apply(podYaml('p', 'app'), 'again.yaml');
    const again = api.get('Pod', 'default', 'p');
    expect(again.metadata.uid).not.toBe(pod.metadata.uid);
    expect(await api.reviewToken(irsa.token, ['sts.amazonaws.com'])).toMatchObject({
      authenticated: false,
      user: { username: '', uid: '' },
      // the apiserver's own text (pkg/serviceaccount/claims.go)
      error: `pod UID (${again.metadata.uid}) does not match claim (${pod.metadata.uid})`,
    });
  });

  it('rejects an altered token, garbage, and a foreign issuer', async () => {
    const { api, irsa } = await withBound();
    const [h, , s] = irsa.token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...irsa.claims, sub: 'system:serviceaccount:kube-system:admin' }),
    ).toString('base64url');
    expect((await api.reviewToken(`${h}.${forged}.${s}`, ['sts.amazonaws.com'])).authenticated).toBe(false);
    expect((await api.reviewToken('not-a-jwt')).authenticated).toBe(false);
    const foreign = `${h}.${Buffer.from(JSON.stringify({ ...irsa.claims, iss: 'https://evil' })).toString('base64url')}.${s}`;
    expect(await api.reviewToken(foreign, ['sts.amazonaws.com'])).toMatchObject({ authenticated: false });
  });
});

/**
 * The pod identity webhook in container-credentials mode (EKS Pod Identity,
 * aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go; EKS user
 * guide pod-id-how-it-works): the exact env, mount, volume and label; it
 * takes precedence over an IRSA annotation; pods created before the
 * association keep what they had; a container that sets the variables is
 * left alone.
 */

import type { Container, Pod, WebhookTrace } from '@irsa-lab/apiserver';
import { POD_IDENTITY_MOUNT_PATH } from '@irsa-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

const TOKEN_FILE = '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token';
const FULL_URI = 'http://169.254.170.23/v1/credentials';
const envOf = (c: Container | undefined) => (c?.env ?? []).map((e) => `${e.name}=${e.value}`);

/** A world whose webhook sees associations in `associated` ("namespace/sa"). */
function world(associated: Set<string>) {
  return makeWorld(keys, {
    webhook: { region: 'us-west-2', containerCredentials: (ns, sa) => associated.has(`${ns}/${sa}`) },
  });
}

async function create(associated: Set<string>, saAnnotations: Record<string, string> = {}, podExtra = '') {
  const w = world(associated);
  const results = await w.api.apply(`${saYaml('app', saAnnotations)}---\n${podYaml('p', 'app', podExtra)}`, 'w.yaml');
  return { pod: w.api.get('Pod', 'default', 'p') as Pod, trace: results[1]?.webhook as WebhookTrace, w };
}

describe('container credentials (EKS Pod Identity)', () => {
  it('injects FULL_URI, the token file, the mount, the label and the pods.eks.amazonaws.com token volume', async () => {
    const { pod, trace } = await create(new Set(['default/app']));
    const [c] = pod.spec.containers;
    expect(envOf(c)).toEqual([
      'AWS_STS_REGIONAL_ENDPOINTS=regional',
      'AWS_DEFAULT_REGION=us-west-2',
      'AWS_REGION=us-west-2',
      `AWS_CONTAINER_CREDENTIALS_FULL_URI=${FULL_URI}`,
      `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=${TOKEN_FILE}`,
    ]);
    expect(c?.volumeMounts).toContainEqual({
      name: 'eks-pod-identity-token',
      readOnly: true,
      mountPath: POD_IDENTITY_MOUNT_PATH,
    });
    expect(pod.spec.volumes?.[0]).toEqual({
      name: 'eks-pod-identity-token',
      projected: {
        sources: [
          {
            serviceAccountToken: {
              audience: 'pods.eks.amazonaws.com',
              expirationSeconds: 86400,
              path: 'eks-pod-identity-token',
            },
          },
        ],
        defaultMode: 420,
      },
    });
    expect(pod.metadata.labels).toMatchObject({ 'eks.amazonaws.com/pod-identity': 'enabled' });
    expect(trace).toMatchObject({
      mutated: true,
      containerCredentials: { audience: 'pods.eks.amazonaws.com', tokenFile: TOKEN_FILE },
    });
    expect(trace.config).toBeUndefined();
  });

  it('takes regional STS and the lifetime from the cached ServiceAccount, defaults without it (GetCommonConfigurations)', async () => {
    const { pod } = await create(new Set(['default/app']), { 'eks.amazonaws.com/token-expiration': '3600' });
    expect(envOf(pod.spec.containers[0])[0]).toBe('AWS_STS_REGIONAL_ENDPOINTS=regional');
    expect(pod.spec.volumes?.[0]?.projected?.sources?.[0]?.serviceAccountToken?.expirationSeconds).toBe(3600);
    const lagging = makeWorld(keys, {
      webhook: { region: 'us-west-2', webhookCacheLagMs: 60_000, containerCredentials: () => true },
    });
    await lagging.api.apply(
      `${saYaml('app', { 'eks.amazonaws.com/token-expiration': '3600' })}---\n${podYaml('p', 'app')}`,
      'w.yaml',
    );
    const uncached = lagging.api.get('Pod', 'default', 'p');
    expect(envOf(uncached.spec.containers[0])).not.toContain('AWS_STS_REGIONAL_ENDPOINTS=regional');
    expect(uncached.spec.volumes?.[0]?.projected?.sources?.[0]?.serviceAccountToken?.expirationSeconds).toBe(86400);
  });

  it('takes precedence over an IRSA annotation: no AWS_ROLE_ARN, no aws-iam-token volume', async () => {
    const { pod, trace } = await create(new Set(['default/app']), { 'eks.amazonaws.com/role-arn': ROLE_ARN });
    const env = envOf(pod.spec.containers[0]);
    expect(env.some((e) => e.startsWith('AWS_ROLE_ARN=') || e.startsWith('AWS_WEB_IDENTITY_TOKEN_FILE='))).toBe(false);
    expect(env).toContain(`AWS_CONTAINER_CREDENTIALS_FULL_URI=${FULL_URI}`);
    expect(pod.spec.volumes?.some((v) => v.name === 'aws-iam-token')).toBe(false);
    expect(trace.steps[0]).toMatchObject({
      code: 'container-credentials',
      message: expect.stringContaining('take precedence'),
    });
  });

  it('leaves a container that sets either container variable alone, but still labels the pod', async () => {
    const extra =
      '    env:\n    - name: AWS_CONTAINER_CREDENTIALS_FULL_URI\n      value: http://127.0.0.1:9911/creds\n';
    const { pod } = await create(new Set(['default/app']), {}, extra);
    const env = envOf(pod.spec.containers[0]);
    expect(env).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9911/creds');
    expect(env.some((e) => e.startsWith('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE='))).toBe(false);
    expect(pod.metadata.labels?.['eks.amazonaws.com/pod-identity']).toBe('enabled');
  });

  it('changes nothing for pods created before the association (the webhook only sees CREATE)', async () => {
    const associated = new Set<string>();
    const w = world(associated);
    await w.api.apply(
      `${saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN })}---\n${podYaml('early', 'app')}`,
      'a.yaml',
    );
    associated.add('default/app');
    await w.api.apply(podYaml('late', 'app'), 'b.yaml');
    const early = envOf(w.api.get('Pod', 'default', 'early').spec.containers[0]);
    const late = envOf(w.api.get('Pod', 'default', 'late').spec.containers[0]);
    expect(early).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
    expect(early.some((e) => e.startsWith('AWS_CONTAINER_'))).toBe(false);
    expect(late).toContain(`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=${TOKEN_FILE}`);
  });

  it('does not run for pods with the skip label or when the webhook is down', async () => {
    const labelled = 'metadata:\n  labels:\n    eks.amazonaws.com/skip-pod-identity-webhook: "true"\n';
    const w = world(new Set(['default/app']));
    await w.api.apply(`${saYaml('app')}---\n${podYaml('p', 'app').replace('metadata:\n', labelled)}`, 'w.yaml');
    expect(envOf(w.api.get('Pod', 'default', 'p').spec.containers[0])).toEqual([]);
  });
});

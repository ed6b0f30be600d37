/**
 * The pod identity webhook through `apply`: what it injects and in which
 * order, every annotation, the skip rules, and that it runs on CREATE only
 * (vectors after aws/amazon-eks-pod-identity-webhook pkg/handler/testdata).
 */
import { type Container, DEFAULT_WEBHOOK_OPTIONS, mutatePod, type Pod, type WebhookTrace } from '@irsa-lab/apiserver';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

// the webhook's exact mount path and token file, written out: the literals are the point
const IRSA_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
const TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
const IRSA = { 'eks.amazonaws.com/role-arn': ROLE_ARN };

async function createPod(
  saAnnotations: Record<string, string>,
  podExtra = '',
  options: Parameters<typeof makeWorld>[1] = {},
): Promise<{ pod: Pod; trace: WebhookTrace | undefined; world: ReturnType<typeof makeWorld> }> {
  const world = makeWorld(keys, options);
  const results = await world.api.apply(
    `${saYaml('app', saAnnotations)}---\n${podYaml('p', 'app', podExtra)}`,
    'w.yaml',
  );
  return { pod: world.api.get('Pod', 'default', 'p'), trace: results[1]?.webhook, world };
}

const envOf = (c: Container | undefined) => (c?.env ?? []).map((e) => `${e.name}=${e.value}`);
const irsaVolume = (pod: Pod) => pod.spec.volumes?.find((v) => v.name === 'aws-iam-token');
const tokenSource = (pod: Pod) => irsaVolume(pod)?.projected?.sources?.[0]?.serviceAccountToken;

describe('injection', () => {
  it('appends env in the webhook order, prepends the volume and mounts it read-only', async () => {
    const { pod, trace, world } = await createPod(IRSA);
    const [c] = pod.spec.containers;
    expect(envOf(c)).toEqual([
      'AWS_STS_REGIONAL_ENDPOINTS=regional',
      'AWS_DEFAULT_REGION=us-west-2',
      'AWS_REGION=us-west-2',
      `AWS_ROLE_ARN=${ROLE_ARN}`,
      `AWS_WEB_IDENTITY_TOKEN_FILE=${TOKEN_FILE}`,
    ]);
    expect(pod.spec.volumes?.[0]).toEqual({
      name: 'aws-iam-token',
      projected: {
        sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'token' } }],
        defaultMode: 420,
      },
    });
    expect(c?.volumeMounts?.at(-1)).toEqual({ name: 'aws-iam-token', readOnly: true, mountPath: IRSA_MOUNT_PATH });
    expect(trace).toMatchObject({ mutated: true, pod: 'default/p', serviceAccount: 'default/app' });
    expect(world.log.all('k8s.webhook-mutated')).toHaveLength(1);
  });

  it('runs after ServiceAccount admission: kube-api-access is last, its mount first', async () => {
    const { pod } = await createPod(IRSA);
    expect(pod.spec.volumes?.map((v) => v.name)).toEqual([
      'aws-iam-token',
      expect.stringMatching(/^kube-api-access-[b-z2-9]{5}$/),
    ]);
    expect(pod.spec.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual([
      '/var/run/secrets/kubernetes.io/serviceaccount',
      IRSA_MOUNT_PATH,
    ]);
  });

  it('injects into init containers, native sidecars included, and hostNetwork pods alike', async () => {
    const extra =
      '  hostNetwork: true\n  initContainers:\n  - name: init\n    image: busybox\n  - name: sidecar\n    image: envoy\n    restartPolicy: Always\n';
    const { pod } = await createPod(IRSA, extra);
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      expect(envOf(c)).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
      expect(c.volumeMounts?.map((m) => m.name)).toContain('aws-iam-token');
    }
  });

  it('uses the Windows token path for a windows nodeSelector, mount path unchanged', async () => {
    const { pod } = await createPod(IRSA, '  nodeSelector:\n    kubernetes.io/os: windows\n');
    const c = pod.spec.containers[0];
    expect(envOf(c)).toContain(
      'AWS_WEB_IDENTITY_TOKEN_FILE=C:\\var\\run\\secrets\\eks.amazonaws.com\\serviceaccount\\token',
    );
    expect(c?.volumeMounts?.at(-1)?.mountPath).toBe(IRSA_MOUNT_PATH);
  });

  it('injects no region variables without a region', async () => {
    const { pod } = await createPod(IRSA, '', { webhook: { injectRegion: false, region: 'us-west-2' } });
    expect(envOf(pod.spec.containers[0]).some((e) => e.startsWith('AWS_REGION'))).toBe(false);
  });

  it('only warns about a role ARN that does not match the pattern', async () => {
    const { pod, trace } = await createPod({ 'eks.amazonaws.com/role-arn': 'my-role' });
    expect(envOf(pod.spec.containers[0])).toContain('AWS_ROLE_ARN=my-role');
    expect(trace?.steps.map((s) => s.code)).toContain('role-arn-invalid');
  });

  it('honours a custom annotation prefix', async () => {
    const { pod } = await createPod({ 'example.com/role-arn': ROLE_ARN }, '', {
      webhook: { annotationPrefix: 'example.com' },
    });
    expect(envOf(pod.spec.containers[0])).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
  });
});

describe('annotations', () => {
  it('audience', async () => {
    const { pod } = await createPod({ ...IRSA, 'eks.amazonaws.com/audience': 'my-aud' });
    expect(tokenSource(pod)?.audience).toBe('my-aud');
  });

  it('sts-regional-endpoints false, and an unparsable value ignored', async () => {
    const off = await createPod({ ...IRSA, 'eks.amazonaws.com/sts-regional-endpoints': 'false' });
    expect(envOf(off.pod.spec.containers[0])).not.toContain('AWS_STS_REGIONAL_ENDPOINTS=regional');
    const bad = await createPod({ ...IRSA, 'eks.amazonaws.com/sts-regional-endpoints': 'maybe' });
    expect(envOf(bad.pod.spec.containers[0])).toContain('AWS_STS_REGIONAL_ENDPOINTS=regional');
    expect(bad.trace?.steps.map((s) => s.code)).toContain('annotation-ignored');
  });

  it.each([
    { title: 'SA value', sa: '3600', pod: undefined, expected: 3600 },
    { title: 'pod overrides SA', sa: '3600', pod: '7200', expected: 7200 },
    { title: 'below 600 becomes 600', sa: '100', pod: undefined, expected: 600 },
    { title: 'non-integer SA value ignored', sa: '1h', pod: undefined, expected: 86400 },
    { title: 'non-integer pod value falls back to the SA', sa: '3600', pod: 'soon', expected: 3600 },
  ])('token-expiration: $title', async ({ sa, pod: podValue, expected }) => {
    const podAnn =
      podValue === undefined ? '' : `  annotations:\n    eks.amazonaws.com/token-expiration: "${podValue}"\n`;
    const world = makeWorld(keys);
    const text = `${saYaml('app', { ...IRSA, 'eks.amazonaws.com/token-expiration': sa })}---\n${podYaml('p', 'app').replace('  namespace: default\n', `  namespace: default\n${podAnn}`)}`;
    await world.api.apply(text, 't.yaml');
    expect(tokenSource(world.api.get('Pod', 'default', 'p'))?.expirationSeconds).toBe(expected);
  });

  it('skip-containers leaves the listed containers alone; bad CSV skips none', async () => {
    const sidecar = '  - name: sidecar\n    image: envoy\n';
    const skipAnn = (v: string) => `  annotations:\n    eks.amazonaws.com/skip-containers: '${v}'\n`;
    for (const [value, skipped] of [
      ['sidecar', true],
      ['side"car', false],
    ] as const) {
      const world = makeWorld(keys);
      const pod = (podYaml('p', 'app') + sidecar).replace(
        '  namespace: default\n',
        `  namespace: default\n${skipAnn(value)}`,
      );
      await world.api.apply(`${saYaml('app', IRSA)}---\n${pod}`, 's.yaml');
      const [app, side] = world.api.get('Pod', 'default', 'p').spec.containers;
      expect(envOf(app)).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
      expect(envOf(side).length === 0).toBe(skipped);
      expect(side?.volumeMounts?.some((m) => m.name === 'aws-iam-token')).toBe(!skipped);
    }
  });
});

describe('skip rules', () => {
  it('no role-arn annotation: not mutated, logged as skipped', async () => {
    const { pod, trace, world } = await createPod({});
    expect(irsaVolume(pod)).toBeUndefined();
    expect(envOf(pod.spec.containers[0])).toEqual([]);
    expect(trace).toMatchObject({ mutated: false, skipped: 'no-role-arn' });
    expect(world.log.all('k8s.webhook-skipped')).toHaveLength(1);
  });

  it('the skip label keeps the webhook from being called', async () => {
    const world = makeWorld(keys);
    const pod = podYaml('p', 'app').replace(
      '  namespace: default\n',
      '  namespace: default\n  labels:\n    eks.amazonaws.com/skip-pod-identity-webhook: "true"\n',
    );
    const [, result] = await world.api.apply(`${saYaml('app', IRSA)}---\n${pod}`, 'l.yaml');
    expect(result?.webhook).toMatchObject({ mutated: false, skipped: 'skip-label' });
    expect(irsaVolume(world.api.get('Pod', 'default', 'p'))).toBeUndefined();
  });

  it('a webhook that is down admits the pod unmutated', async () => {
    const { pod, trace } = await createPod(IRSA, '', { webhook: { enabled: false } });
    expect(irsaVolume(pod)).toBeUndefined();
    expect(trace?.skipped).toBe('webhook-disabled');
  });

  it('existing env: a region or role variable stops its whole group', async () => {
    const world = makeWorld(keys);
    const env =
      '    env:\n    - name: AWS_REGION\n      value: eu-west-1\n    - name: AWS_ROLE_ARN\n      value: mine\n';
    const [, result] = await world.api.apply(`${saYaml('app', IRSA)}---\n${podYaml('p', 'app')}${env}`, 'e.yaml');
    expect(envOf(world.api.get('Pod', 'default', 'p').spec.containers[0])).toEqual([
      'AWS_REGION=eu-west-1',
      'AWS_ROLE_ARN=mine',
      'AWS_STS_REGIONAL_ENDPOINTS=regional',
    ]);
    expect(result?.webhook?.steps.filter((s) => s.code === 'env-present')).toHaveLength(2);
  });

  it('an existing aws-iam-token volume is kept as it is', async () => {
    const vol = '  volumes:\n  - name: aws-iam-token\n    emptyDir: {}\n';
    const { pod, trace } = await createPod(IRSA, vol);
    expect(irsaVolume(pod)).toEqual({ name: 'aws-iam-token', emptyDir: {} });
    expect(trace?.steps.map((s) => s.code)).toContain('volume-present');
  });

  it('mutatePod does not change its input', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: 'x' },
      spec: { serviceAccountName: 'app', containers: [{ name: 'c', image: 'i' }] },
    };
    const sa = {
      apiVersion: 'v1' as const,
      kind: 'ServiceAccount' as const,
      metadata: { ...pod.metadata, name: 'app', annotations: IRSA },
    };
    const before = structuredClone(pod);
    const { pod: out } = mutatePod(pod, sa, { ...DEFAULT_WEBHOOK_OPTIONS, region: 'eu-west-1' });
    expect(pod).toEqual(before);
    expect(envOf(out.spec.containers[0])).toContain('AWS_REGION=eu-west-1');
  });
});

describe('CREATE only, and the cache race', () => {
  it('annotating the SA later does not change a running pod; recreating it does', async () => {
    const world = makeWorld(keys);
    await world.api.apply(`${saYaml('app')}---\n${podYaml('p', 'app')}`, 'a.yaml');
    world.api.annotate('ServiceAccount', 'default', 'app', 'eks.amazonaws.com/role-arn', ROLE_ARN);
    const [reapplied] = await world.api.apply(podYaml('p', 'app'), 'p.yaml');
    expect(reapplied?.action).toBe('unchanged');
    expect(irsaVolume(world.api.get('Pod', 'default', 'p'))).toBeUndefined();
    world.api.delete('Pod', 'default', 'p');
    const [created] = await world.api.apply(podYaml('p', 'app'), 'p.yaml');
    expect(created?.webhook?.mutated).toBe(true);
    expect(envOf(world.api.get('Pod', 'default', 'p').spec.containers[0])).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
  });

  it('with a cache lag, an SA created in the same apply is not seen', async () => {
    const { pod, trace, world } = await createPod(IRSA, '', {
      webhook: { region: 'us-west-2', webhookCacheLagMs: 1000 },
    });
    expect(irsaVolume(pod)).toBeUndefined();
    expect(trace?.skipped).toBe('service-account-not-cached');
    world.clock.advanceBy(1000);
    world.api.delete('Pod', 'default', 'p');
    const [again] = await world.api.apply(podYaml('p', 'app'), 'p.yaml');
    expect(again?.webhook?.mutated).toBe(true);
  });

  it('with a cache lag, a fresh annotation is not seen yet', async () => {
    const world = makeWorld(keys, { webhook: { region: 'us-west-2', webhookCacheLagMs: 500 } });
    await world.api.apply(saYaml('app'), 'sa.yaml');
    world.clock.advanceBy(1000);
    world.api.annotate('ServiceAccount', 'default', 'app', 'eks.amazonaws.com/role-arn', ROLE_ARN);
    const [result] = await world.api.apply(podYaml('p', 'app'), 'p.yaml');
    expect(result?.webhook?.skipped).toBe('no-role-arn');
  });

  it('with a lookup grace period, an SA missing from the cache is fetched from the apiserver', async () => {
    const { pod, trace } = await createPod(IRSA, '', {
      webhook: { region: 'us-west-2', webhookCacheLagMs: 1000, serviceAccountLookupGracePeriodMs: 100 },
    });
    expect(trace?.mutated).toBe(true);
    expect(trace?.steps[0]?.code).toBe('service-account-fetched');
    expect(envOf(pod.spec.containers[0])).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
  });

  it('the grace period does not wait for an annotation an SA in the cache lacks', async () => {
    const webhook = { region: 'us-west-2', webhookCacheLagMs: 500, serviceAccountLookupGracePeriodMs: 100 };
    const world = makeWorld(keys, { webhook });
    await world.api.apply(saYaml('app'), 'sa.yaml');
    world.clock.advanceBy(1000);
    world.api.annotate('ServiceAccount', 'default', 'app', 'eks.amazonaws.com/role-arn', ROLE_ARN);
    const [result] = await world.api.apply(podYaml('p', 'app'), 'p.yaml');
    expect(result?.webhook?.skipped).toBe('no-role-arn');
  });

  it('configureWebhook restarts the webhook with a grace period; its cache keeps the lag', async () => {
    const world = makeWorld(keys, { webhook: { region: 'us-west-2', webhookCacheLagMs: 1000 } });
    expect(world.api.configureWebhook({ serviceAccountLookupGracePeriodMs: 100 }).webhookCacheLagMs).toBe(1000);
    const [, pod] = await world.api.apply(`${saYaml('app', IRSA)}---\n${podYaml('p', 'app')}`, 'w.yaml');
    expect(pod?.webhook?.steps.map((s) => s.code)).toContain('service-account-fetched');
    expect(() => world.api.configureWebhook({ serviceAccountLookupGracePeriodMs: Number.NaN })).toThrow(TypeError);
  });

  it('refuses a negative grace period', () => {
    expect(() => makeWorld(keys, { webhook: { serviceAccountLookupGracePeriodMs: -1 } })).toThrow(TypeError);
  });

  it('automountServiceAccountToken: false leaves out kube-api-access', async () => {
    const world = makeWorld(keys);
    await world.api.apply(`${saYaml('app')}automountServiceAccountToken: false\n---\n${podYaml('p', 'app')}`, 'a.yaml');
    expect(world.api.get('Pod', 'default', 'p').spec.volumes ?? []).toEqual([]);
  });
});

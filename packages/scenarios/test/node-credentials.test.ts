/**
 * On one node: which credentials a Pod ends up holding, through the
 * model SDK chain (and the real SDK where it matters), with IRSA, without it,
 * with IMDS open or locked down, and on the host network.
 */
import { describe, expect, it } from 'vitest';
import { nodeWorld, podYaml, resolveIn, roleOf, startBillingApi, startFrontend } from './node-world.js';

describe('credentials on one node', () => {
  it('gives an IRSA pod its role, and a pod without IRSA the node role through IMDS while IMDS is open', async () => {
    const nw = await nodeWorld();
    const { world, billingRoleArn, nodeRoleArn } = nw;
    await startBillingApi(nw);
    await startFrontend(nw);

    for (const sdk of ['js-v3', 'botocore'] as const) {
      const irsa = await resolveIn(world, 'payments', 'billing-api', sdk);
      expect(irsa.ok && irsa.credentials.source).toBe(
        sdk === 'js-v3' ? 'fromTokenFile' : 'assume-role-with-web-identity',
      );
      expect(irsa.ok && roleOf(world, irsa.credentials.accessKeyId)).toBe(billingRoleArn);

      const plain = await resolveIn(world, 'web', 'frontend', sdk);
      expect(plain.ok && plain.credentials.source).toBe(sdk === 'js-v3' ? 'fromInstanceMetadata' : 'iam-role');
      expect(plain.ok && roleOf(world, plain.credentials.accessKeyId)).toBe(nodeRoleArn);
    }
  });

  it('with http-tokens optional, IMDSv1 works whatever the hop limit', async () => {
    const nw = await nodeWorld({ httpTokens: 'optional', httpPutResponseHopLimit: 1 });
    const { world, nodeRoleArn } = nw;
    await startFrontend(nw);
    const result = await resolveIn(world, 'web', 'frontend');
    expect(result.ok && roleOf(world, result.credentials.accessKeyId)).toBe(nodeRoleArn);
    const imds = result.trace.find((a) => a.provider === 'fromInstanceMetadata');
    // the PUT's response died a hop short; the v1 GETs carried on without a token
    expect(imds?.requests?.[0]).toMatchObject({ method: 'PUT', status: 'NET_TIMEOUT' });
    expect(imds?.requests?.slice(1).every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
  });

  it('with http-tokens required and hop limit 1, blocks a pod-network pod but not a hostNetwork pod', async () => {
    const nw = await nodeWorld({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    const { world, nodeName, nodeRoleArn } = nw;
    await startFrontend(nw);
    await world.apply(
      podYaml({
        namespace: 'kube-system',
        serviceAccount: 'default',
        pod: 'node-agent',
        nodeName,
        hostNetwork: true,
        withNamespace: false,
      }),
      'agent.yaml',
    );
    const blocked = await resolveIn(world, 'web', 'frontend');
    expect(blocked.ok).toBe(false);
    const imds = blocked.trace.find((a) => a.provider === 'fromInstanceMetadata');
    expect(imds?.requests?.[0]).toMatchObject({ method: 'PUT', status: 'NET_TIMEOUT' });
    expect(imds?.requests?.some((r) => r.method === 'GET' && r.status === 401)).toBe(true);

    const host = await resolveIn(world, 'kube-system', 'node-agent');
    expect(host.ok && roleOf(world, host.credentials.accessKeyId)).toBe(nodeRoleArn);
  });

  it('lets a privileged pod with a hostPath on the kubelet directory steal a co-located pod token; the trail shows only the ServiceAccount', async () => {
    const nw = await nodeWorld();
    const { world, nodeName, billingRoleArn } = nw;
    await startBillingApi(nw);
    await world.apply(
      podYaml({
        namespace: 'tools',
        serviceAccount: 'default',
        pod: 'debug',
        nodeName,
        hostPath: '/var/lib/kubelet',
        privileged: true,
      }),
      'debug.yaml',
    );
    const victim = world.nodeOf('payments', 'billing-api').pod('payments', 'billing-api');
    const tokenPath = `/host/var/lib/kubelet/pods/${victim?.uid}/volumes/kubernetes.io~projected/aws-iam-token/token`;
    const stolen = world.nodeOf('tools', 'debug').podView('tools', 'debug').readFile(tokenPath);
    expect(stolen).toMatch(/^eyJ/);

    const result = await world.sts.assumeRoleWithWebIdentity(
      { RoleArn: billingRoleArn, RoleSessionName: 'totally-billing', WebIdentityToken: stolen ?? '' },
      { sourceIp: '10.0.1.99' },
    );
    expect(result.ok).toBe(true);
    const record = world.log.all('cloudtrail').at(-1)?.data;
    expect(record?.userIdentity.userName).toBe('system:serviceaccount:payments:billing');
    expect(JSON.stringify(record)).not.toContain('billing-api');
  });

  it('leaves a pod created before its ServiceAccount was annotated unmutated (node role) until it is re-created', async () => {
    const nw = await nodeWorld();
    const { world, nodeName, billingRoleArn, nodeRoleArn } = nw;
    await world.apply(
      podYaml({ namespace: 'payments', serviceAccount: 'billing', pod: 'billing-api', nodeName }),
      'v1.yaml',
    );
    world.api.annotate('ServiceAccount', 'payments', 'billing', 'eks.amazonaws.com/role-arn', billingRoleArn);
    const before = await resolveIn(world, 'payments', 'billing-api');
    expect(before.ok && roleOf(world, before.credentials.accessKeyId)).toBe(nodeRoleArn);

    world.deletePod('payments', 'billing-api');
    await world.apply(
      podYaml({
        namespace: 'payments',
        serviceAccount: 'billing',
        pod: 'billing-api',
        nodeName,
        withNamespace: false,
      }).replace(/^apiVersion: v1\nkind: ServiceAccount[\s\S]*?---\n/, ''),
      'v2.yaml',
    );
    const after = await resolveIn(world, 'payments', 'billing-api');
    expect(after.ok && roleOf(world, after.credentials.accessKeyId)).toBe(billingRoleArn);
  });
});

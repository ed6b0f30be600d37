/**
 * The default world of `irsa-lab serve`, loaded from its world file: the
 * cluster, the OIDC provider, the roles and their policies, the buckets, the
 * node's IMDS and instance role, and the three Pods, exactly as
 * docs/world-file.md describes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWorldYaml, loadWorld } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

const docs = join(import.meta.dirname, '../../../../docs/world-file.md');

describe('the default world file', () => {
  it('keeps a net.request event for every request, unless loaded with logNetworkRequests false (as serve loads it)', async () => {
    const kept = async (options: { logNetworkRequests?: boolean }) => {
      const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 42, ...options });
      const before = world.log.all('net.request').length;
      const discovery = await world.net.fetch(
        new Request(`${world.issuer.issuerUrl}/.well-known/openid-configuration`),
      );
      expect(discovery.status).toBe(200);
      return world.log.all('net.request').length - before;
    };
    expect(await kept({})).toBe(1);
    expect(await kept({ logNetworkRequests: true })).toBe(1);
    expect(await kept({ logNetworkRequests: false })).toBe(0);
  });

  it('builds cluster demo in us-west-2 for account 111122223333 with the IAM OIDC provider registered', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 42 });
    expect({ cluster: world.clusterName, region: world.region, account: world.accountId }).toEqual({
      cluster: 'demo',
      region: 'us-west-2',
      account: '111122223333',
    });
    const provider = world.iam.findOpenIdConnectProviderByUrl('111122223333', world.issuer.issuerUrl);
    expect(provider?.ClientIDList).toEqual(['sts.amazonaws.com']);
    expect(provider?.Arn).toBe(world.providerArn);
  });

  it('trusts exactly payments/billing with audience sts.amazonaws.com and lets billing-reader read billing-reports only', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 42 });
    const role = world.iam.getRole('111122223333', 'billing-reader');
    expect(JSON.parse(role.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: world.providerArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${world.issuerHostPath}:sub`]: 'system:serviceaccount:payments:billing',
              [`${world.issuerHostPath}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
    const resources = role.inlinePolicies.flatMap((p) =>
      JSON.parse(p.PolicyDocument).Statement.map((s: { Resource: string }) => s.Resource),
    );
    expect(resources).toEqual(['arn:aws:s3:::billing-reports', 'arn:aws:s3:::billing-reports/*']);
    expect(world.s3.getBucket('billing-reports')?.objects.map((o) => o.key)).toEqual(['reports/2026-01.csv']);
    expect(world.s3.getBucket('node-logs')?.objects.length).toBeGreaterThan(0);
  });

  it('runs one node (IMDS http-tokens optional, hop limit 2, instance role reading node-logs) with the three Pods', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 42 });
    const nodes = [...world.nodes.values()];
    expect(nodes).toHaveLength(1);
    const [only] = nodes;
    expect(only?.node.imds.metadataOptions()).toEqual({
      httpTokens: 'optional',
      httpPutResponseHopLimit: 2,
      httpEndpoint: 'enabled',
    });
    expect(only?.instanceRoleArn).toBe('arn:aws:iam::111122223333:role/demo-node-role');
    const nodeRole = world.iam.getRole('111122223333', 'demo-node-role');
    expect(nodeRole.inlinePolicies[0]?.PolicyDocument).toContain('arn:aws:s3:::node-logs/*');
    const pods = only?.node.pods().map((p) => ({ pod: p.key, hostNetwork: p.hostNetwork, phase: p.phase }));
    expect(pods?.sort((a, b) => (a.pod < b.pod ? -1 : 1))).toEqual([
      { pod: 'kube-system/node-agent', hostNetwork: true, phase: 'Running' },
      { pod: 'payments/billing-api', hostNetwork: false, phase: 'Running' },
      { pod: 'web/frontend', hostNetwork: false, phase: 'Running' },
    ]);
    const billing = only?.node.podView('payments', 'billing-api').env();
    expect(billing?.AWS_ROLE_ARN).toBe('arn:aws:iam::111122223333:role/billing-reader');
    expect(only?.node.podView('web', 'frontend').env().AWS_ROLE_ARN).toBeUndefined();
    expect(world.api.get('Pod', 'web', 'frontend').spec.serviceAccountName).toBe('default');
  });

  it('is the example docs/world-file.md shows, verbatim', () => {
    const text = readFileSync(docs, 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(text.slice(text.indexOf('## The default world')))?.[1];
    expect(block).toBe(defaultWorldYaml);
  });
});

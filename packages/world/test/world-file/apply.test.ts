/**
 * applyWorldFile on a running world: re-applying the same file changes
 * nothing, changed documents are configured in place, new ones created,
 * placeholders filled in from the world (IAM policy variables left alone),
 * and a file describing another cluster is refused.
 */
import { isSimError } from '@irsa-lab/core';
import { applyWorldFile, defaultWorldYaml, loadWorld, substitutePlaceholders } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

const EXTRA = `apiVersion: irsa-lab.dev/v1
kind: Role
metadata:
  name: billing-reader
spec:
  trustPolicy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: { Federated: \${OIDC_PROVIDER_ARN} }
        Action: sts:AssumeRoleWithWebIdentity
        Condition:
          StringLike:
            "\${OIDC_PROVIDER}:sub": system:serviceaccount:payments:*
---
apiVersion: irsa-lab.dev/v1
kind: Bucket
metadata:
  name: user-files
spec:
  policy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: { AWS: "arn:aws:iam::\${ACCOUNT_ID}:root" }
        Action: s3:GetObject
        Resource: "arn:aws:s3:::user-files/home/\${aws:username}/*"
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
  namespace: payments
spec:
  serviceAccountName: billing
  containers:
    - name: app
      image: busybox
`;

describe('applyWorldFile', () => {
  it('changes nothing when the same file is applied again', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 7 });
    const results = await applyWorldFile(world, defaultWorldYaml, 'default-world.yaml');
    expect(results.filter((r) => r.action !== 'unchanged').map((r) => r.summary)).toEqual([]);
    expect(results.map((r) => r.summary)).toContain('role.irsa-lab.dev/billing-reader unchanged');
  });

  it('configures changed objects, creates new ones, and fills placeholders but not IAM policy variables', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 7 });
    const results = await applyWorldFile(world, EXTRA, 'extra.yaml');
    expect(results.map((r) => `${r.kind} ${r.name} ${r.action}`)).toEqual([
      'Role billing-reader configured',
      'Bucket user-files created',
      'Pod worker created',
    ]);
    const trust = JSON.parse(world.iam.getRole('111122223333', 'billing-reader').AssumeRolePolicyDocument);
    expect(trust.Statement[0].Principal.Federated).toBe(world.providerArn);
    expect(trust.Statement[0].Condition.StringLike).toEqual({
      [`${world.issuerHostPath}:sub`]: 'system:serviceaccount:payments:*',
    });
    const policy = JSON.parse(world.s3.getBucket('user-files')?.policyText ?? '{}');
    expect(policy.Statement[0].Resource).toBe(`arn:aws:s3:::user-files/home/\${aws:username}/*`);
    expect(policy.Statement[0].Principal.AWS).toBe('arn:aws:iam::111122223333:root');
    expect(world.nodeOf('payments', 'worker').pod('payments', 'worker')?.phase).toBe('Running');
  });

  it('refuses a Cluster document that differs from the running cluster, naming the field', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 7 });
    const other = defaultWorldYaml.replace('region: us-west-2', 'region: eu-west-1');
    const err = await applyWorldFile(world, other, 'other.yaml').catch((e: unknown) => e);
    expect(isSimError(err) && { line: err.detail.line, field: err.detail.field }).toEqual({
      line: 7,
      field: 'spec.region',
    });
    expect(String((err as Error).message)).toContain('a running cluster cannot change it');
  });

  it('loads the world settings a Cluster document gives, and refuses to change them on a running world', async () => {
    const withLag = (ms: number) =>
      defaultWorldYaml.replace(
        'account: "111122223333"',
        `account: "111122223333"\n  webhook:\n    serviceAccountCacheLagMs: ${ms}`,
      );
    const world = await loadWorld(withLag(500), 'lag.yaml', { seed: 7 });
    expect(world.settings.webhookCacheLagMs).toBe(500);
    expect(world.settings.webhookLookupGracePeriodMs).toBe(0);
    // the file's pod was applied with its ServiceAccount: the lagging cache did not have it yet
    expect(world.api.get('Pod', 'payments', 'billing-api').spec.containers[0]?.env).toBeUndefined();
    const err = await applyWorldFile(world, withLag(0), 'x.yaml').catch((e: unknown) => e);
    expect(isSimError(err) && err.detail.field).toBe('spec.webhook.serviceAccountCacheLagMs');
  });

  it("gives a Node's kubelet the token file permissions its document says, and will not change them later", async () => {
    const old = defaultWorldYaml.replace(
      '  instanceRole: demo-node-role\n',
      '  instanceRole: demo-node-role\n  kubelet:\n    tokenFilePermissions: before-1.19\n',
    );
    const world = await loadWorld(old, 'old.yaml', { seed: 7 });
    expect([...world.nodes.values()][0]?.node.tokenFilePermissions).toBe('before-1.19');
    const err = await applyWorldFile(world, defaultWorldYaml, 'x.yaml').catch((e: unknown) => e);
    expect(isSimError(err) && err.detail.field).toBe('spec.kubelet.tokenFilePermissions');
  });

  it('replaces only the known upper-case placeholders, keeping lines where they were', async () => {
    const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 7 });
    const text = `a: \${ACCOUNT_ID}\nb: \${REGION} \${CLUSTER_NAME}\nc: \${NOT_A_PLACEHOLDER} \${aws:username}\nd: \${OIDC_ISSUER_URL}\n`;
    expect(substitutePlaceholders(text, world)).toBe(
      `a: 111122223333\nb: us-west-2 demo\nc: \${NOT_A_PLACEHOLDER} \${aws:username}\nd: ${world.issuer.issuerUrl}\n`,
    );
  });
});

/**
 * The world-file kind PodIdentityAssociation: applied after roles and
 * before the Kubernetes documents (so its pods get Pod Identity), unchanged
 * when applied again, and refused as EKS refuses it, naming the document's
 * file, line and field with EKS's error code and message, before anything
 * of the file is applied.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables and world-file placeholders, not JS templates */
import { isSimError } from '@irsa-lab/core';
import { applyWorldFile, createWorld, loadWorld } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

const ROLE = `apiVersion: irsa-lab.dev/v1
kind: Role
metadata:
  name: app-role
spec:
  trustPolicy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: { Service: pods.eks.amazonaws.com }
        Action: [sts:AssumeRole, sts:TagSession]
`;
const association = (sa: string, roleArn = 'arn:aws:iam::${ACCOUNT_ID}:role/app-role', extra = '') => `---
apiVersion: irsa-lab.dev/v1
kind: PodIdentityAssociation
spec:
  namespace: payments
  serviceAccount: ${sa}
  roleArn: ${roleArn}
${extra}`;
const PODS = `---
apiVersion: v1
kind: Namespace
metadata:
  name: payments
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing
  namespace: payments
---
apiVersion: v1
kind: Pod
metadata:
  name: billing-api
  namespace: payments
spec:
  serviceAccountName: billing
  containers:
    - name: app
      image: busybox
`;

async function refusal(text: string) {
  const world = await createWorld({ seed: 5 });
  try {
    await applyWorldFile(world, text, 'world.yaml');
  } catch (err) {
    if (!isSimError(err)) throw err;
    return { err, world };
  }
  throw new Error('expected a refusal');
}

describe('PodIdentityAssociation documents', () => {
  it('are applied before the pods, which get container credentials; applying again changes nothing', async () => {
    const text = `${ROLE}${association('billing')}${PODS}`;
    const world = await loadWorld(text, 'world.yaml', { seed: 5 });
    expect(world.eks.associationFor('payments', 'billing')?.roleArn).toBe('arn:aws:iam::111122223333:role/app-role');
    const pod = world.api.get('Pod', 'payments', 'billing-api');
    expect(pod.spec.containers[0]?.env?.map((e) => e.name)).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    const again = await applyWorldFile(world, text, 'world.yaml');
    expect(again.find((r) => r.kind === 'PodIdentityAssociation')?.summary).toBe(
      'podidentityassociation.irsa-lab.dev/payments/billing unchanged',
    );
    expect(world.eks.associations()).toHaveLength(1);
  });

  it.each([
    [
      'a malformed role ARN',
      association('billing', 'arn:aws:iam::1234:role/x'),
      18,
      'spec.roleArn',
      'InvalidParameterException: roleArn',
    ],
    [
      'a role in another account',
      association('billing', 'arn:aws:iam::444455556666:role/app-role'),
      18,
      'spec.roleArn',
      'must be in the cluster',
    ],
    [
      'a role that does not trust pods.eks.amazonaws.com',
      association('billing', 'arn:aws:iam::${ACCOUNT_ID}:role/nope'),
      18,
      'spec.roleArn',
      'does not exist',
    ],
    [
      'a second association for one service account',
      `${association('billing')}${association('billing')}`,
      24,
      'spec.serviceAccount',
      'ResourceInUseException',
    ],
    [
      'a session policy with session tags on',
      association(
        'billing',
        undefined,
        '  policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }\n',
      ),
      19,
      'spec.policy',
      'disableSessionTags',
    ],
  ])('refuses %s at its line, applying nothing', async (_title, doc, line, field, says) => {
    const { err, world } = await refusal(`${ROLE}${doc}${PODS}`);
    expect(err.detail).toMatchObject({ file: 'world.yaml', line, field });
    expect(err.message).toContain(says);
    expect(err.message.startsWith(`world.yaml:${line}: ${field}: `)).toBe(true);
    expect(world.eks.associations()).toEqual([]);
    expect(world.iam.listRoles(world.accountId).map((r) => r.RoleName)).not.toContain('app-role');
    expect(world.api.exists('Pod', 'payments', 'billing-api')).toBe(false);
  });

  it('refuses an association for a service account that already has one in the running cluster', async () => {
    const world = await loadWorld(`${ROLE}${association('billing')}`, 'world.yaml', { seed: 5 });
    const other = `${ROLE.replaceAll('app-role', 'other-role')}${association('billing', 'arn:aws:iam::${ACCOUNT_ID}:role/other-role')}`;
    const err = await applyWorldFile(world, other, 'apply.yaml').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSimError(err) && err.message).toMatch(
      /^apply\.yaml:17: spec\.serviceAccount: ResourceInUseException: Association already exists: a-[a-z0-9]{17}$/,
    );
  });

  it('knows the new node rule kind', async () => {
    const text =
      'apiVersion: irsa-lab.dev/v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  rules:\n    - kind: block-pod-identity-agent-from-pods\n      action: REJECT\n';
    const world = await loadWorld(text, 'world.yaml', { seed: 5 });
    expect(world.nodes.get('n1')?.node.iptablesLines()).toEqual([
      'iptables -A INPUT -s 10.0.1.0/24 -d 169.254.170.23/32 -p tcp --dport 80 -j REJECT',
    ]);
  });
});

/**
 * The EKS Pod Identity set-up steps of the EKS user guide, as world
 * operations: a role whose trust policy lets pods.eks.amazonaws.com assume
 * it and tag the session (pod-id-role), the node role's permission to call
 * EKS Auth (pod-id-agent-setup), and the association (pod-id-association).
 * The agent needs no step: every node of a world runs it.
 */
import { SimError } from '@irsa-lab/core';
import type { CreatePodIdentityAssociationInput, PodIdentityAssociation } from '@irsa-lab/eks';
import type { World } from './create-world.js';
import { POD_IDENTITY_SERVICE } from './wire-eks.js';

/** The user guide's trust policy; `tagSession: false` leaves out sts:TagSession (a mistake the guide warns of). */
export function podIdentityTrustPolicy(
  options: { readonly tagSession?: boolean; readonly condition?: Readonly<Record<string, unknown>> } = {},
): string {
  const actions = options.tagSession === false ? ['sts:AssumeRole'] : ['sts:AssumeRole', 'sts:TagSession'];
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
          Effect: 'Allow',
          Principal: { Service: POD_IDENTITY_SERVICE },
          Action: actions,
          ...(options.condition ? { Condition: options.condition } : {}),
        },
      ],
    },
    null,
    2,
  );
}

/** A role for Pod Identity in `accountId` (default the cluster's), with inline `policies` (name: JSON text). Returns its ARN. */
export function createPodIdentityRole(
  world: World,
  input: {
    readonly roleName: string;
    readonly tagSession?: boolean;
    readonly condition?: Readonly<Record<string, unknown>>;
    readonly policies?: Readonly<Record<string, string>>;
    readonly accountId?: string;
  },
): string {
  const accountId = input.accountId ?? world.accountId;
  const role = world.iam.createRole(accountId, {
    RoleName: input.roleName,
    AssumeRolePolicyDocument: podIdentityTrustPolicy({
      ...(input.tagSession === undefined ? {} : { tagSession: input.tagSession }),
      ...(input.condition ? { condition: input.condition } : {}),
    }),
  });
  for (const [name, text] of Object.entries(input.policies ?? {}))
    world.iam.putRolePolicy(accountId, input.roleName, name, text);
  return role.Arn;
}

/** The node role's permission for the agent (what AmazonEKSWorkerNodePolicy grants for Pod Identity). */
export const POD_IDENTITY_AGENT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['eks-auth:AssumeRoleForPodIdentity'], Resource: '*' }],
});

/** Give the instance role of every node (or of `nodeName`) the agent's permission, as an inline policy. */
export function allowPodIdentityAgent(world: World, nodeName?: string): void {
  for (const [name, node] of world.nodes) {
    if (nodeName !== undefined && name !== nodeName) continue;
    const roleName = node.instanceRoleArn?.split('/').pop();
    if (roleName)
      world.iam.putRolePolicy(world.accountId, roleName, 'eks-pod-identity-agent', POD_IDENTITY_AGENT_POLICY);
  }
}

/**
 * `aws eks create-pod-identity-association` on the world's cluster.
 * @throws SimError INPUT_INVALID whose detail carries EKS's `awsCode` and `status` when EKS refuses it.
 */
export function associatePodIdentity(
  world: World,
  input: Omit<CreatePodIdentityAssociationInput, 'clusterName'>,
): PodIdentityAssociation {
  const out = world.eks.createPodIdentityAssociation({ clusterName: world.clusterName, ...input });
  if (out.ok) return out.value;
  throw new SimError('INPUT_INVALID', `${out.error.code}: ${out.error.message}`, {
    awsCode: out.error.code,
    status: out.error.status,
    field: 'podIdentityAssociation',
  });
}

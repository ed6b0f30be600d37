/**
 * The world a scenario starts from: one worker node with its instance role,
 * its IMDS options and, if asked, the cluster's issuer registered as an IAM
 * OIDC provider; and what scenarios ask of it (the node, a pod's view, the
 * role behind an access key).
 */

import type { PodView, TokenFilePermissions } from '@irsa-lab/ec2-node';
import { roleArn } from '@irsa-lab/iam';
import type { MetadataOptions } from '@irsa-lab/imds';
import type { WorldNode, WorldSettings } from '@irsa-lab/world';
import { createWorld, registerOidcProvider, type World } from '@irsa-lab/world';

/** The node's instance-profile role (what a pod inherits if it reaches IMDS). */
export const NODE_ROLE = 'demo-node-role';

/** A small inline policy standing in for the managed worker-node policies, by policy name. */
export const WORKER_NODE_POLICIES: Readonly<Record<string, string>> = {
  'worker-node': JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'ecr:GetAuthorizationToken', 'ecr:BatchGetImage'],
        Resource: '*',
      },
    ],
  }),
};

/** IMDSv1 allowed, PUT response hop limit 2: pods reach IMDS (eksctl before 0.143.0; EC2 for most AMIs). */
export const IMDS_OPEN: Partial<MetadataOptions> = { httpTokens: 'optional', httpPutResponseHopLimit: 2 };

/** IMDSv2 required, PUT response hop limit 1: pods in their own network namespace do not reach IMDS. */
export const IMDS_LOCKED_DOWN: Partial<MetadataOptions> = { httpTokens: 'required', httpPutResponseHopLimit: 1 };

/** What differs between the scenarios' worlds: each call site says all three. */
export interface NodeWorldOptions {
  /** The node's IMDS options (`MetadataOptions` of its launch template). */
  readonly metadataOptions: Partial<MetadataOptions>;
  /** Inline policies put on the node's instance role, by policy name (`{}`: none). */
  readonly instanceRolePolicies: Readonly<Record<string, string>>;
  /** Register the cluster's issuer as an IAM OIDC provider of the account after adding the node. */
  readonly oidcProvider: boolean;
  /** World settings other than their defaults (the problems scenarios turn these up). */
  readonly settings?: Partial<WorldSettings>;
  /** How the node's kubelet writes token files (default since-1.19). */
  readonly tokenFilePermissions?: TokenFilePermissions;
}

/** A world with one worker node whose instance role is NODE_ROLE. */
export async function worldWithNode(seed: number, options: NodeWorldOptions): Promise<World> {
  const world = await createWorld({ seed, ...options.settings });
  world.addNode({
    instanceRoleName: NODE_ROLE,
    instanceRolePolicies: options.instanceRolePolicies,
    metadataOptions: options.metadataOptions,
    ...(options.tokenFilePermissions ? { tokenFilePermissions: options.tokenFilePermissions } : {}),
  });
  if (options.oidcProvider) registerOidcProvider(world);
  return world;
}

/** The world's first node. */
export function firstNode(world: World): WorldNode | undefined {
  return [...world.nodes.values()][0];
}

/** The name of the world's first node ('' when it has none). */
export function nodeName(world: World): string {
  return [...world.nodes.keys()][0] ?? '';
}

/** A pod as it sees the world: its files, its env, its network. */
export function podView(world: World, namespace: string, pod: string): PodView {
  return world.nodeOf(namespace, pod).podView(namespace, pod);
}

/** The ARN of the node's instance role. */
export function nodeRoleArn(world: World): string {
  return roleArn(world.accountId, '/', NODE_ROLE);
}

/** The role ARN IAM holds for an access key (web identity or instance profile). */
export function roleOf(world: World, accessKeyId: string | undefined): string | undefined {
  return accessKeyId ? world.iam.lookupAccessKey(accessKeyId)?.roleArn : undefined;
}

/**
 * payments/billing-api, the Node.js app most scenarios run: its role
 * billing-reader (trusted by ServiceAccount payments/billing), its Pod, and
 * the set-ups that start it.
 */
import type { World } from '@irsa-lab/world';
import { createIrsaRole, serviceAccountYaml } from '@irsa-lab/world';
import { NODE_IMAGE, podYaml } from './manifests.js';
import { type NodeWorldOptions, nodeName, worldWithNode } from './worlds.js';

/** `aws iam create-role --role-name billing-reader`, trusted by exactly payments/billing; returns its ARN. */
export function createBillingReader(world: World): string {
  return createIrsaRole(world, { roleName: 'billing-reader', namespace: 'payments', serviceAccount: 'billing' });
}

/** The ARN of billing-reader, once created. */
export function billingReaderArn(world: World): string {
  return world.iam.getRole(world.accountId, 'billing-reader').Arn;
}

/**
 * A world with the node as `node` says, the issuer registered as an OIDC
 * provider (IAM refuses a role naming a missing one) and billing-reader
 * created: IRSA set up, nothing running yet.
 */
export async function billingReaderWorld(seed: number, node: Omit<NodeWorldOptions, 'oidcProvider'>): Promise<World> {
  const world = await worldWithNode(seed, { ...node, oidcProvider: true });
  createBillingReader(world);
  return world;
}

/**
 * billing-api on the first node as ServiceAccount payments/billing (applied
 * on its own); `automount: false` turns the Kubernetes API token off.
 */
export function billingApiYaml(world: World, options: { readonly automount?: false } = {}): string {
  return podYaml({
    namespace: 'payments',
    pod: 'billing-api',
    serviceAccount: 'billing',
    image: NODE_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: nodeName(world),
    ...options,
  });
}

/** ServiceAccount payments/billing annotated with `roleArn`, then billing-api using it. */
export async function startBillingApi(
  world: World,
  roleArn: string,
  options: { readonly automount?: false } = {},
): Promise<void> {
  await world.apply(serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn }), 'billing-sa.yaml');
  await world.apply(billingApiYaml(world, options), 'billing-api.yaml');
}

/** A world with one node and its instance role, for the node-level integration tests (node-*.test.ts). */

import { createCredentialChain, type SdkFlavor } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import { BUSYBOX_IMAGE, type PodYamlInput, podYaml as scenarioPodYaml } from '@irsa-lab/scenarios';
import { createIrsaRole, createWorld, registerOidcProvider, type World, type WorldOptions } from '@irsa-lab/world';

/** The node's instance role, named as in the catalogue's node worlds. */
export const NODE_ROLE = 'demo-node-role';

/** The role ARN IAM holds for an access key (web identity or instance profile). */
export function roleOf(world: World, accessKeyId: string | undefined): string | undefined {
  return accessKeyId ? world.iam.lookupAccessKey(accessKeyId)?.roleArn : undefined;
}

export interface NodeWorld {
  readonly world: World;
  readonly nodeName: string;
  readonly billingRoleArn: string;
  readonly nodeRoleArn: string;
}

/** Cluster `demo`, the OIDC provider, role billing-reader for payments/billing, one node with an instance role. */
export async function nodeWorld(
  metadataOptions: Partial<MetadataOptions> = { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
  options: Partial<WorldOptions> = {},
): Promise<NodeWorld> {
  const world = await createWorld({ seed: 11, ...options });
  registerOidcProvider(world);
  const billingRoleArn = createIrsaRole(world, {
    roleName: 'billing-reader',
    namespace: 'payments',
    serviceAccount: 'billing',
  });
  const { node, instanceRoleArn } = world.addNode({ instanceRoleName: NODE_ROLE, metadataOptions });
  return { world, nodeName: node.name, billingRoleArn, nodeRoleArn: instanceRoleArn ?? '' };
}

/**
 * YAML for a namespace (unless `withNamespace: false`), a ServiceAccount (annotated with `roleArn` or not; none
 * for `default`) and a busybox pod on `nodeName`.
 */
export function podYaml(
  input: Omit<PodYamlInput, 'image' | 'withNamespace' | 'withServiceAccount'> & { withNamespace?: boolean },
): string {
  return scenarioPodYaml({
    ...input,
    image: BUSYBOX_IMAGE,
    withNamespace: input.withNamespace !== false,
    withServiceAccount: input.serviceAccount !== 'default',
  });
}

/** payments/billing-api on the node, as ServiceAccount billing annotated with billing-reader. */
export async function startBillingApi({ world, nodeName, billingRoleArn }: NodeWorld): Promise<void> {
  await world.apply(
    podYaml({
      namespace: 'payments',
      serviceAccount: 'billing',
      pod: 'billing-api',
      nodeName,
      roleArn: billingRoleArn,
    }),
    'billing.yaml',
  );
}

/** web/frontend on the node, on the default ServiceAccount (no IRSA). */
export async function startFrontend({ world, nodeName }: NodeWorld): Promise<void> {
  await world.apply(podYaml({ namespace: 'web', serviceAccount: 'default', pod: 'frontend', nodeName }), 'web.yaml');
}

/** Resolve credentials in a pod with a model chain. */
export async function resolveIn(world: World, namespace: string, pod: string, sdk: SdkFlavor = 'js-v3') {
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  return createCredentialChain(view, { sdk, clock: world.clock, log: world.log, region: world.region }).resolve();
}

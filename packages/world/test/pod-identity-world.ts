/**
 * A world for the EKS Pod Identity tests: cluster `demo`, the OIDC provider
 * (so IRSA can be compared), one node whose role may call EKS Auth, and
 * helpers to run a pod and resolve its credentials with a chain model.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables and world-file placeholders, not JS templates */
import { createCredentialChain, type SdkFlavor } from '@irsa-lab/ec2-node';
import {
  allowPodIdentityAgent,
  createPodIdentityRole,
  createWorld,
  irsaManifest,
  registerOidcProvider,
  type World,
} from '@irsa-lab/world';

export const BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared/${aws:PrincipalTag/kubernetes-namespace}/*',
    },
  ],
});

/** The world, its node, and `app-role` trusted by Pod Identity (with or without sts:TagSession). */
export async function podIdentityWorld(options: { tagSession?: boolean; agentAllowed?: boolean } = {}) {
  const world = await createWorld({ seed: 21 });
  registerOidcProvider(world);
  const { node } = world.addNode({ instanceRoleName: 'demo-node-role' });
  if (options.agentAllowed !== false) allowPodIdentityAgent(world);
  const roleArn = createPodIdentityRole(world, {
    roleName: 'app-role',
    ...(options.tagSession === undefined ? {} : { tagSession: options.tagSession }),
    policies: { abac: BUCKET_POLICY },
  });
  return { world, node, roleArn };
}

/** Namespace, ServiceAccount (annotated with `irsaRoleArn` if given) and a pod on the only node. */
export async function runPod(world: World, namespace: string, sa: string, pod: string, irsaRoleArn?: string) {
  await world.apply(
    irsaManifest({ namespace, serviceAccount: sa, pod, ...(irsaRoleArn ? { roleArn: irsaRoleArn } : {}) }),
    `${namespace}-${pod}.yaml`,
  );
  await world.settle();
  return world.nodeOf(namespace, pod).podView(namespace, pod);
}

/** The pod's credentials through a chain model. */
export async function resolve(world: World, namespace: string, pod: string, sdk: SdkFlavor = 'js-v3') {
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  return createCredentialChain(view, { sdk, clock: world.clock, log: world.log, region: world.region }).resolve();
}

/** The CloudTrail records so far, as their data. */
export function trail(world: World): Record<string, unknown>[] {
  return world.log.all('cloudtrail').map((e) => e.data as Record<string, unknown>);
}

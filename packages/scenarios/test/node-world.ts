/** A world with one node and its instance role, for the node-level integration tests of issue 3. */
import type { MetadataOptions } from '@irsa-lab/imds';
import { createCredentialChain, type SdkFlavor } from '@irsa-lab/node';
import { createIrsaRole, createWorld, registerOidcProvider, type World, type WorldOptions } from '../src/index.js';

export const NODE_ROLE = 'demo-node-role';

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

/** YAML for a namespace, a ServiceAccount (annotated or not) and a pod on `nodeName`. */
export function podYaml(input: {
  namespace: string;
  serviceAccount: string;
  pod: string;
  nodeName: string;
  roleArn?: string;
  hostNetwork?: boolean;
  env?: Readonly<Record<string, string>>;
  hostPath?: string;
  privileged?: boolean;
  withNamespace?: boolean;
  /** false: no Kubernetes API token volume (automountServiceAccountToken: false). */
  automount?: boolean;
}): string {
  const docs: string[] = [];
  if (input.withNamespace !== false)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${input.namespace}\n`);
  if (input.serviceAccount !== 'default') {
    const ann = input.roleArn ? `\n  annotations:\n    eks.amazonaws.com/role-arn: ${input.roleArn}` : '';
    docs.push(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${input.serviceAccount}\n  namespace: ${input.namespace}${ann}\n`,
    );
  }
  const env = Object.entries(input.env ?? {});
  const envYaml = env.length
    ? `\n      env:\n${env.map(([k, v]) => `        - name: ${k}\n          value: "${v}"`).join('\n')}`
    : '';
  const mount = input.hostPath
    ? `\n      volumeMounts:\n        - name: host\n          mountPath: /host${input.hostPath}`
    : '';
  const privileged = input.privileged ? '\n      securityContext:\n        privileged: true' : '';
  const volumes = input.hostPath
    ? `\n  volumes:\n    - name: host\n      hostPath:\n        path: ${input.hostPath}`
    : '';
  docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: ${input.pod}
  namespace: ${input.namespace}
spec:
  serviceAccountName: ${input.serviceAccount}${input.automount === false ? '\n  automountServiceAccountToken: false' : ''}
  nodeName: ${input.nodeName}${input.hostNetwork ? '\n  hostNetwork: true' : ''}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36${envYaml}${mount}${privileged}${volumes}
`);
  return docs.join('---\n');
}

/** Resolve credentials in a pod with a model chain. */
export async function resolveIn(world: World, namespace: string, pod: string, sdk: SdkFlavor = 'js-v3') {
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  return createCredentialChain(view, { sdk, clock: world.clock, log: world.log, region: world.region }).resolve();
}

/** The role ARN behind an access key, as IAM sees it. */
export function roleOf(world: World, accessKeyId: string): string | undefined {
  return world.iam.lookupAccessKey(accessKeyId)?.roleArn;
}

/** Shared set-up for integration tests: a world with the IRSA happy path applied. */
import type { Pod, ServiceAccountTokenProjection } from '@irsa-lab/apiserver';
import {
  createIrsaRole,
  createWorld,
  irsaManifest,
  registerOidcProvider,
  type World,
  type WorldOptions,
} from '@irsa-lab/world';

export interface HappyPath {
  readonly world: World;
  readonly roleArn: string;
  readonly pod: Pod;
  readonly projection: ServiceAccountTokenProjection;
}

/** The four set-up steps, then the pod's projected token source as the webhook wrote it. */
export async function happyPath(options: Partial<WorldOptions> = {}): Promise<HappyPath> {
  const world = await createWorld({ seed: 42, ...options });
  registerOidcProvider(world);
  const roleArn = createIrsaRole(world, {
    roleName: 'billing-reader',
    namespace: 'payments',
    serviceAccount: 'billing',
  });
  await world.api.apply(
    irsaManifest({ namespace: 'payments', serviceAccount: 'billing', roleArn, pod: 'billing-api' }),
    'billing.yaml',
  );
  const pod = world.api.get('Pod', 'payments', 'billing-api');
  const volume = pod.spec.volumes?.find((v) => v.name === 'aws-iam-token');
  const projection = volume?.projected?.sources?.find((s) => s.serviceAccountToken)?.serviceAccountToken;
  if (!projection) throw new Error('the webhook did not add the aws-iam-token volume');
  return { world, roleArn, pod, projection };
}

/** The pod's caller identity for network requests (no node yet: a pod network address). */
export const BILLING_POD_CALLER = {
  kind: 'pod',
  id: 'payments/billing-api',
  node: 'ip-10-0-1-10.us-west-2.compute.internal',
  hostNetwork: false,
  hops: 2,
  vantage: 'vpc',
  sourceIp: '10.0.1.23',
} as const;

/**
 * The workshop cluster every lab checks against: one seeded world (so the
 * issuer URL in the READMEs never changes), its account, one worker node
 * with an instance role, and helpers for the set-up steps a lab does not
 * ask the learner to write.
 */

import { type Clock, eksIssuerHost, wallClock } from '@irsa-lab/core';
import { oidcProviderArn } from '@irsa-lab/iam';
import { NODE_IMAGE, podYaml } from '@irsa-lab/scenarios';
import { createIrsaRole, createWorld, registerOidcProvider, type World } from '@irsa-lab/world';

/** The seed of the workshop world: fixes the cluster's issuer id and keys. */
export const WORKSHOP_SEED = 2026;
export const REGION = 'us-west-2';
export const CLUSTER_NAME = 'workshop';
export const CLUSTER_ACCOUNT = '111122223333';
/** The second account of the cross-account lab. */
export const DATA_ACCOUNT = '444455556666';
/** The cluster's issuer id for WORKSHOP_SEED (a test checks it against the world). */
export const ISSUER_ID = '29E49FD65FB6145F695A882349F1670E';
export const ISSUER_HOST_PATH = `${eksIssuerHost(REGION)}/id/${ISSUER_ID}`;
export const ISSUER_URL = `https://${ISSUER_HOST_PATH}`;
/** The IAM OIDC provider ARN of the issuer in `accountId`. */
export const providerArnIn = (accountId: string): string => oidcProviderArn(accountId, ISSUER_URL);
export const NODE_ROLE = 'workshop-node-role';

export interface WorkshopOptions {
  /** Add the worker node (default true). */
  readonly node?: boolean;
  /** IMDS options of the node (default: tokens optional, hop limit 2, as eksctl launches nodes). */
  readonly metadataOptions?: {
    httpTokens?: 'optional' | 'required';
    httpPutResponseHopLimit?: number;
    httpEndpoint?: 'enabled' | 'disabled';
  };
  /** Register the issuer in the cluster account (default true). */
  readonly provider?: boolean;
  /** Real clients sign with the wall clock: set for labs that run the real AWS SDK. */
  readonly realSdk?: boolean;
}

/** A fresh workshop world. */
export async function workshopWorld(options: WorkshopOptions = {}): Promise<World> {
  const requestClock: Clock | undefined = options.realSdk ? wallClock : undefined;
  const world = await createWorld({
    seed: WORKSHOP_SEED,
    clusterName: CLUSTER_NAME,
    ...(requestClock ? { requestClock } : {}),
  });
  if (options.provider !== false) registerOidcProvider(world);
  if (options.node !== false) {
    world.addNode({
      instanceRoleName: NODE_ROLE,
      metadataOptions: options.metadataOptions ?? { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
    });
  }
  return world;
}

/** A role trusted (EKS user guide style) by exactly `namespace/serviceAccount`; returns its ARN. */
export function irsaRole(world: World, roleName: string, namespace: string, serviceAccount: string): string {
  return createIrsaRole(world, { roleName, namespace, serviceAccount });
}

/**
 * YAML of a Namespace (unless `withNamespace: false`), a ServiceAccount
 * (annotated when `roleArn` is given; none for `default`) and a one-container
 * Node.js Pod without the Kubernetes API token, left to the scheduler.
 */
export function workloadYaml(input: {
  namespace: string;
  serviceAccount: string;
  pod: string;
  roleArn?: string;
  hostNetwork?: boolean;
  withNamespace?: boolean;
}): string {
  return podYaml({
    namespace: input.namespace,
    pod: input.pod,
    serviceAccount: input.serviceAccount,
    image: NODE_IMAGE,
    withNamespace: input.withNamespace !== false,
    withServiceAccount: input.serviceAccount !== 'default',
    ...(input.roleArn ? { roleArn: input.roleArn } : {}),
    automount: false,
    ...(input.hostNetwork ? { hostNetwork: true } : {}),
  });
}

/**
 * createEks: the simulated EKS of a world: the cluster's pod identity
 * associations and EKS Auth. It reaches the issuer and STS only through
 * the injected fetch (the simulated network, as pods.eks.amazonaws.com),
 * and IAM only through the view the assembly wires in.
 */
import { IdMaker } from '@irsa-lab/core';
import { AssociationStore } from './associations/associations.js';
import { assumeRoleForPodIdentity, type EksAuthDeps } from './eks-auth/assume-role-for-pod-identity.js';
import { TokenVerifier } from './eks-auth/token.js';
import type { Eks, EksOptions } from './types.js';

/**
 * Create the EKS of a world.
 * @example
 * const eks = createEks({ clock, rng, log, region, accountId, cluster: { name, issuerUrl }, iam: view, fetch });
 * eks.createPodIdentityAssociation({ clusterName: name, namespace: 'payments', serviceAccount: 'billing', roleArn });
 */
export function createEks(options: EksOptions): Eks {
  const { clock, rng, log, region, accountId, cluster, iam } = options;
  if (!clock || !rng || !log || !iam || typeof options.fetch !== 'function') {
    throw new TypeError('createEks: clock, rng, log, iam and fetch are required');
  }
  const ids = new IdMaker(rng);
  const clusterArn = `arn:aws:eks:${region}:${accountId}:cluster/${cluster.name}`;
  const store = new AssociationStore({
    clock,
    rng,
    log,
    region,
    accountId,
    cluster,
    iam,
    propagationDelayMs: options.propagationDelayMs ?? 0,
  });
  const verifier = new TokenVerifier({ issuerUrl: cluster.issuerUrl, clock, log, fetch: options.fetch });
  const auth: EksAuthDeps = {
    clock,
    requestClock: options.requestClock ?? clock,
    ids,
    log,
    region,
    accountId,
    cluster,
    clusterArn,
    iam,
    fetch: options.fetch,
    verifier,
    store,
  };
  return {
    region,
    cluster,
    clusterArn,
    createPodIdentityAssociation: (input) => store.create(input),
    describePodIdentityAssociation: (name, id) => store.describe(name, id),
    listPodIdentityAssociations: (input) => store.list(input),
    deletePodIdentityAssociation: (name, id) => store.delete(name, id),
    checkPodIdentityAssociation: (input, role) => store.check(input, role),
    associationFor: (namespace, serviceAccount, nowMs = clock.nowMs()) =>
      store.effective(namespace, serviceAccount, nowMs),
    associations: () => store.all(),
    nextRequestId: () => ids.uuid(),
    assumeRoleForPodIdentity: (request, clusterName, bodyText) =>
      assumeRoleForPodIdentity(auth, request, clusterName, bodyText),
  };
}

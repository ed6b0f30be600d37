/**
 * The events the simulated EKS API and EKS Auth log, declared in core's
 * EventMap (see EventMap there), and EKS Auth's CloudTrail record, declared
 * in core's CloudTrailRecords.
 */
import type { CloudTrailFields, CloudTrailResource } from '@irsa-lab/core';
import type { PodIdentityAssociation } from './types.js';

/** CreatePodIdentityAssociation or DeletePodIdentityAssociation changed the cluster's associations. */
export interface AssociationChangedEvent {
  readonly action: 'CreatePodIdentityAssociation' | 'DeletePodIdentityAssociation';
  readonly association: PodIdentityAssociation;
}

/** EKS Auth fetched the cluster issuer's JWKS (through its discovery document), and the key ids it holds now. */
export interface EksAuthJwksFetchedEvent {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly kids: readonly string[];
}

/**
 * EKS Auth AssumeRoleForPodIdentity as CloudTrail shows the agent's call:
 * the node role's session as userIdentity, the token hidden, no response
 * elements, the cluster as the resource.
 */
export type AssumeRoleForPodIdentityRecord = CloudTrailFields & {
  readonly eventSource: 'eks-auth.amazonaws.com';
  readonly eventName: 'AssumeRoleForPodIdentity';
  readonly requestParameters: { readonly clusterName: string; readonly token: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
  readonly responseElements: null;
  readonly resources: readonly CloudTrailResource[];
};

declare module '@irsa-lab/core' {
  interface EventMap {
    'eks.association-created': AssociationChangedEvent;
    'eks.association-deleted': AssociationChangedEvent;
    'eks-auth.jwks-fetched': EksAuthJwksFetchedEvent;
  }
  interface CloudTrailRecords {
    AssumeRoleForPodIdentity: AssumeRoleForPodIdentityRecord;
  }
}

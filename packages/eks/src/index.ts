/**
 * @irsa-lab/eks: the simulated EKS API's pod identity associations and EKS
 * Auth's AssumeRoleForPodIdentity (EKS Pod Identity), REST-JSON on the
 * simulated network. A service like STS: it fetches the issuer's keys and
 * calls STS over the network, and never imports another service.
 */

export { MAX_ASSOCIATIONS_PER_CLUSTER } from './associations/associations.js';
export type { EksHandlerDeps } from './associations/handlers.js';
export { eksHandlers, MAX_EKS_BODY_BYTES } from './associations/handlers.js';
export { roleArnAccount } from './associations/validate.js';
export { createEks } from './create-eks.js';
export {
  POD_IDENTITY_SESSION_SECONDS,
  podIdentitySessionName,
  podIdentityTags,
  TARGET_ROLE_SESSION_SECONDS,
} from './eks-auth/assume-role-for-pod-identity.js';
export { eksAuthHandlers, eksAuthHost, MAX_EKS_AUTH_BODY_BYTES } from './eks-auth/handlers.js';
export { eksAuthErrors, eksErrors } from './errors.js';
export type {
  AssumeRoleForPodIdentityResponse,
  Authorization,
  CallerSession,
  CreatePodIdentityAssociationInput,
  Eks,
  EksAuthOutcome,
  EksAuthStep,
  EksCluster,
  EksError,
  EksIamView,
  EksOptions,
  EksOutcome,
  ListPodIdentityAssociationsInput,
  PodIdentityAssociation,
  PodIdentityAssociationSummary,
} from './types.js';

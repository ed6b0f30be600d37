/**
 * @irsa-lab/world: one EKS cluster and its AWS account wired into a
 * simulated world (createWorld: the only place that knows every service),
 * the IRSA and EKS Pod Identity set-up helpers, the world-file format that describes a world in
 * YAML, and how time moves in it (one scheduled event at a time, each
 * classified: token refreshes, key rotations, credential expiries).
 */

export type { World, WorldOptions } from './create-world.js';
export { createWorld, STS_CALLER } from './create-world.js';
export {
  createIrsaRole,
  irsaManifest,
  irsaTrustPolicy,
  registerOidcProvider,
  serviceAccountYaml,
} from './irsa-setup.js';
export type { MovableWorld } from './move-time.js';
export { moveTime, moveTimeEvents } from './move-time.js';
export type { NodeDeps, NodeSpec, WorldNode } from './nodes.js';
export { addNode } from './nodes.js';
export {
  allowPodIdentityAgent,
  associatePodIdentity,
  createPodIdentityRole,
  POD_IDENTITY_AGENT_POLICY,
  podIdentityTrustPolicy,
} from './pod-identity-setup.js';
export type { EventGroup, TimeEvent, TimeEventKind } from './time-events.js';
export {
  describeGroup,
  expiryEvent,
  groupEvents,
  KIND_LABELS,
  LESSON_KINDS,
  summarise,
  timerEvent,
} from './time-events.js';
export type { HeldCredentials } from './time-view.js';
export { credentialExpiries, heldCredentials } from './time-view.js';
export { EKS_AUTH_CALLER, POD_IDENTITY_SERVICE } from './wire-eks.js';
export type { WorldFileResult } from './world-file/apply-world-file.js';
export { applyWorldFile } from './world-file/apply-world-file.js';
export { defaultWorldYaml } from './world-file/default-world.js';
export type { ClusterSpec, IrsaLabKind, IrsaLabSpec } from './world-file/irsa-kinds.js';
export { IRSA_LAB_API_VERSION, IRSA_LAB_KINDS } from './world-file/irsa-kinds.js';
export type { LoadWorldOptions } from './world-file/load-world.js';
export { loadWorld } from './world-file/load-world.js';
export { MAX_WORLD_FILE_BYTES, parseWorldFile } from './world-file/parse-world-file.js';
export { PLACEHOLDERS, substitutePlaceholders } from './world-file/placeholders.js';
export type { PodIdentityAssociationSpec } from './world-file/pod-identity-kind.js';

/**
 * @irsa-lab/scenarios: assembles simulated worlds (the only package that
 * knows every service) and defines the scenarios that run on them.
 */

export { catalogue, findScenario } from './catalogue/index.js';
export type { PodYamlInput } from './catalogue/kit/manifests.js';
export { BUSYBOX_IMAGE, NODE_IMAGE, podYaml } from './catalogue/kit/manifests.js';
export type { CompletedStep, TimedWorld, TimeMove } from './engine/session.js';
export { moveTime, ScenarioSession } from './engine/session.js';
export type { EventGroup, TimeEvent, TimeEventKind } from './engine/time-events.js';
export {
  describeGroup,
  expiryEvent,
  groupEvents,
  KIND_LABELS,
  LESSON_KINDS,
  summarise,
  timerEvent,
} from './engine/time-events.js';
export type {
  Check,
  DecisionTrace,
  Panel,
  ScenarioDef,
  ScenarioGroup,
  ScenarioSource,
  StepContext,
  StepDef,
  StepResult,
  TimelineLane,
  TimelineMark,
  TimelineSpan,
  TraceLine,
} from './engine/types.js';
export type { PodCredentials } from './panels/actions.js';
export { lastStsDecision, resolveInPod } from './panels/actions.js';
export {
  check,
  cloudtrailPanel,
  credentialsPanel,
  jwksPanel,
  mask,
  timelinePanel,
  tokenPanel,
} from './panels/panels.js';
export type { S3CallResult } from './panels/s3-call.js';
export { s3GetObject } from './panels/s3-call.js';
export { chainDecision, evaluationLines, hopLines, stsDecision } from './panels/traces.js';
export type { ClockMove } from './serve/serve-clock.js';
export { MAX_ADVANCE_SECONDS } from './serve/serve-clock.js';
export type { Endpoints, ServeWorldOptions, ServiceName, WorldServer } from './serve/serve-world.js';
export { LOOPBACK_CLIENT, SERVICE_NAMES, serveWorld } from './serve/serve-world.js';
export type { World, WorldOptions } from './world/create-world.js';
export { createWorld, STS_CALLER } from './world/create-world.js';
export {
  createIrsaRole,
  irsaManifest,
  irsaTrustPolicy,
  registerOidcProvider,
  serviceAccountYaml,
} from './world/irsa-setup.js';
export type { NodeDeps, NodeSpec, WorldNode } from './world/nodes.js';
export { addNode } from './world/nodes.js';
export type { WorldFileResult } from './world-file/apply-world-file.js';
export { applyWorldFile } from './world-file/apply-world-file.js';
export { defaultWorldYaml } from './world-file/default-world.js';
export type { ClusterSpec, IrsaLabKind, IrsaLabSpec } from './world-file/irsa-kinds.js';
export { IRSA_LAB_API_VERSION, IRSA_LAB_KINDS } from './world-file/irsa-kinds.js';
export type { LoadWorldOptions } from './world-file/load-world.js';
export { loadWorld } from './world-file/load-world.js';
export { MAX_WORLD_FILE_BYTES, parseWorldFile } from './world-file/parse-world-file.js';
export { PLACEHOLDERS, substitutePlaceholders } from './world-file/placeholders.js';

/**
 * @irsa-lab/scenarios: assembles simulated worlds (the only package that
 * knows every service) and defines the scenarios that run on them.
 */

export { catalogue, findScenario } from './catalogue/index.js';
export type { CompletedStep, TimedWorld, TimeMove } from './engine/session.js';
export { moveTime, ScenarioSession } from './engine/session.js';
export type {
  Check,
  DecisionTrace,
  Panel,
  ScenarioDef,
  ScenarioGroup,
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
export type { World, WorldOptions } from './world/create-world.js';
export { createWorld, STS_CALLER } from './world/create-world.js';
export { createIrsaRole, irsaManifest, irsaTrustPolicy, registerOidcProvider } from './world/irsa-setup.js';
export type { NodeDeps, NodeSpec, WorldNode } from './world/nodes.js';
export { addNode } from './world/nodes.js';

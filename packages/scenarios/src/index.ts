/**
 * @irsa-lab/scenarios: the scenario engine (a session runs a scenario's
 * steps on its world and puts time in the learner's hands), the panels a
 * step shows, and the catalogue of scenarios by group. Worlds themselves
 * come from @irsa-lab/world.
 */

export { failureControls } from './catalogue/failures/index.js';
export { catalogue, findScenario } from './catalogue/index.js';
export type { PodYamlInput } from './catalogue/kit/manifests.js';
export { BUSYBOX_IMAGE, NODE_IMAGE, podYaml } from './catalogue/kit/manifests.js';
export type { CompletedStep, TimedWorld, TimeMove } from './engine/session.js';
export { ScenarioSession } from './engine/session.js';
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

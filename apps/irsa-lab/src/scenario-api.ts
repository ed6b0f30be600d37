/**
 * The app's one doorway to the scenarios package: the contract types, the
 * step engine and the catalogue. Everything else in the app imports from
 * here, so a change in how the package exports them touches one file. Only
 * types are imported statically; values come through dynamic imports
 * (engine.ts, catalogue-source.ts) so the bundle can load them late.
 */

export type {
  Check,
  CompletedStep,
  DecisionTrace,
  Panel,
  ScenarioDef,
  ScenarioGroup,
  StepDef,
  StepResult,
  TimedWorld,
  TimelineLane,
  TimelineMark,
  TimelineSpan,
  TimeMove,
  TraceLine,
} from '@irsa-lab/scenarios';
export { catalogue, ScenarioSession } from '@irsa-lab/scenarios';
export type { TimeEvent, TimeEventKind } from '@irsa-lab/world';

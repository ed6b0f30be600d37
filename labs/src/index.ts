/**
 * @irsa-lab/labs: the workshop exercises' checker, the non-interactive
 * commands (`irsa-lab labs ...`), the maintainers' verification and the
 * pieces of the interactive runner.
 */

export type { CheckerTable } from './check-lab.js';
export { checkLabFolder } from './check-lab.js';
export { CHECKERS } from './checks/index.js';
export type { LabCheck } from './checks/lab-check.js';
export type { LabsIo } from './cli.js';
export { labsMain } from './cli.js';
export { reportLines } from './format.js';
export type { LabInfo } from './info.js';
export { closestLabs, findLab, loadInfo, parseInfo } from './info.js';
export type { FilePosition, LabInputErrorCode } from './learner/input-error.js';
export { formatPosition, isLabInputError, LabInputError } from './learner/input-error.js';
export type { LabFiles, LearnerLimits } from './learner/lab-files.js';
export { labFiles } from './learner/lab-files.js';
export { liveSandboxes } from './learner/sandbox.js';
export { LEARNER_CALL_LIMIT_MS, LEARNER_LOAD_LIMIT_MS } from './learner/ts-module.js';
export type { LabsPaths } from './paths.js';
export { findLabsRoot, labsPaths } from './paths.js';
export type { PristineLab } from './pristine.js';
export { pristineLab } from './pristine.js';
export type { Progress } from './progress.js';
export { EMPTY_PROGRESS, readProgress, recordCheck, updateProgress, withCurrent, writeProgress } from './progress.js';
export type { CheckReport, CheckStep } from './report.js';
export { Steps } from './report.js';
export type { ResetResult } from './reset.js';
export { ResetError, resetLab } from './reset.js';
export type { AppProps as RunnerAppProps } from './runner/app.js';
export { App as RunnerApp } from './runner/app.js';
export type { RunnerEngine, SolutionFile } from './runner/engine.js';
export { createEngine } from './runner/engine.js';
export { sdkLogger } from './sim/pods.js';
export {
  CLUSTER_NAME,
  ISSUER_HOST_PATH,
  ISSUER_ID,
  ISSUER_URL,
  providerArnIn,
  WORKSHOP_SEED,
} from './sim/workshop-world.js';
export type { VerifyResult } from './verify.js';
export { verifyLabs } from './verify.js';

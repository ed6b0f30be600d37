/**
 * Check one lab folder with its checker: time it, and turn every way it can
 * go wrong into failed steps with readable lines. A problem in a learner's
 * file names file:line; a bug in a checker says so; neither shows a stack.
 */
import { CHECKERS } from './checks/index.js';
import type { LabCheck } from './checks/lab-check.js';
import type { LabInfo } from './info.js';
import { isLabInputError } from './learner/input-error.js';
import { type LearnerLimits, labFiles } from './learner/lab-files.js';
import { stopLearnerModules } from './learner/ts-module.js';
import { type CheckReport, Steps } from './report.js';

/** Checkers to use, by lab folder (tests pass their own). */
export type CheckerTable = Readonly<Record<string, LabCheck>>;

/** Check the lab folder `dir` (the learner's, or a temporary copy) as lab `lab`. */
export async function checkLabFolder(
  lab: LabInfo,
  dir: string,
  checkers: CheckerTable = CHECKERS,
  limits: LearnerLimits = {},
): Promise<CheckReport> {
  const started = performance.now();
  const steps = new Steps();
  const check = checkers[lab.folder];
  if (!check) {
    steps.fail(`no checker is registered for ${lab.folder}`);
  } else {
    const files = labFiles(dir, limits);
    try {
      await check(files, steps);
    } catch (err) {
      if (isLabInputError(err)) {
        steps.fail(err.message, ...err.more);
      } else {
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        steps.fail('the checker itself failed (a bug in the lab, not in your files; please report it)', what);
      }
    } finally {
      // the learner's modules ran in threads of their own: end them with the check
      await stopLearnerModules(files);
    }
  }
  return {
    lab: lab.name,
    pass: steps.all.length > 0 && !steps.failed,
    steps: steps.all,
    durationMs: Math.round(performance.now() - started),
  };
}

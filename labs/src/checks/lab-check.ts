/**
 * The contract of a lab's checker: given read-only access to a lab folder,
 * build a world from the learner's files, run the chain, and record steps.
 * A checker may throw LabInputError for a problem in a learner file; the
 * caller turns it into a failed step.
 */
import type { LabFiles } from '../learner/lab-files.js';
import type { Steps } from '../report.js';

/** Check one lab folder, recording what passed and what failed (and why) in `steps`. */
export type LabCheck = (files: LabFiles, steps: Steps) => Promise<void>;

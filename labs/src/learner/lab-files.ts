/**
 * Read-only access to one lab folder (the learner's, or a temporary copy
 * with a solution applied). Checks only ever read through this: nothing a
 * learner wrote is written, moved or deleted by a check.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { LabInputError } from './input-error.js';

/** The limit on one learner file, so a runaway paste cannot stall a check. */
export const MAX_LEARNER_FILE_BYTES = 256 * 1024;

/** What a check may set for the learner's code it runs. */
export interface LearnerLimits {
  /**
   * How long one call into a learner's TypeScript may take (default 5 s, LEARNER_CALL_LIMIT_MS in
   * ts-module.ts). Tests that run an endless loop on purpose shorten it, so the loop does not take a core for
   * the whole default.
   */
  readonly callLimitMs?: number;
}

/** One lab folder, read only, with the limits its check set for the learner's code. */
export interface LabFiles extends LearnerLimits {
  /** The folder's absolute path. */
  readonly dir: string;
  /** The absolute path of `name` inside the folder. */
  path(name: string): string;
  /** The text of `name`; LabInputError FILE_MISSING if absent, SCHEMA if over the size limit. */
  read(name: string): string;
}

/** Read access to the lab folder `dir`. */
export function labFiles(dir: string, limits: LearnerLimits = {}): LabFiles {
  const path = (name: string): string => {
    const rel = normalize(name);
    if (rel.startsWith('..')) throw new TypeError(`lab file ${name} is outside the lab folder`);
    return join(dir, rel);
  };
  return {
    dir,
    path,
    ...(limits.callLimitMs === undefined ? {} : { callLimitMs: limits.callLimitMs }),
    read(name) {
      const full = path(name);
      if (!existsSync(full)) {
        throw new LabInputError('FILE_MISSING', { file: name }, 'file not found (reset the lab to get it back)');
      }
      const size = statSync(full).size;
      if (size > MAX_LEARNER_FILE_BYTES) {
        throw new LabInputError('SCHEMA', { file: name }, `file is ${size} bytes; at most ${MAX_LEARNER_FILE_BYTES}`);
      }
      return readFileSync(full, 'utf8');
    },
  };
}

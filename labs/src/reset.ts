/**
 * Reset a lab to its pristine files. What the learner wrote is copied to
 * `.backup/<folder>/<timestamp>/` first, every time, so nothing is lost;
 * files the learner added are left where they are.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabInfo } from './info.js';
import type { LabsPaths } from './paths.js';
import { type PristineLab, pristineLab } from './pristine.js';

export interface ResetResult {
  /** Where the learner's files were copied, when there were any. */
  readonly backupDir?: string;
  /** The pristine files written back. */
  readonly restored: readonly string[];
}

/** Why a reset could not run. */
export class ResetError extends Error {
  override readonly name = 'ResetError';
  readonly code = 'NO_PRISTINE_COPY';
}

/** `2026-01-05T09-00-00-000Z`: a wall-clock stamp usable as a folder name. */
export function backupStamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[:.]/g, '-');
}

/**
 * Back up and reset `lab`. `pristine` defaults to git HEAD.
 * @throws ResetError when no pristine copy is known (not a git checkout, or the lab is not committed).
 */
export function resetLab(paths: LabsPaths, lab: LabInfo, nowMs: number, pristine?: PristineLab): ResetResult {
  const dir = join(paths.exercises, lab.folder);
  const source = pristine ?? pristineLab(dir);
  if (source.source !== 'git HEAD' && !pristine) {
    throw new ResetError(
      `no pristine copy of ${lab.folder} is known (it is not committed in git): nothing was changed`,
    );
  }
  let backupDir: string | undefined;
  if (existsSync(dir)) {
    backupDir = join(paths.backups, lab.folder, backupStamp(nowMs));
    mkdirSync(backupDir, { recursive: true });
    cpSync(dir, backupDir, { recursive: true });
  }
  const restored: string[] = [];
  for (const [name, body] of source.files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
    restored.push(name);
  }
  return { ...(backupDir ? { backupDir } : {}), restored };
}

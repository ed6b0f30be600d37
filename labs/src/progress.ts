/**
 * The learner's progress (rustlings' state file): which labs passed and
 * which one is current, in a small git-ignored JSON file next to info.yaml.
 * A missing or unreadable file is a fresh start, never an error. The
 * runner and `irsa-lab labs check` may run at once on one folder, so each
 * writes only what it changed (updateProgress), on the file as it is then.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Progress {
  /** Names of the labs whose last check passed. */
  readonly done: readonly string[];
  /** The lab the learner is on. */
  readonly current?: string;
}

export const EMPTY_PROGRESS: Progress = Object.freeze({ done: [] });

/** Read the progress file at `path` (empty when absent or unreadable). */
export function readProgress(path: string): Progress {
  if (!existsSync(path)) return EMPTY_PROGRESS;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { done?: unknown; current?: unknown };
    const done = Array.isArray(value.done) ? value.done.filter((d): d is string => typeof d === 'string') : [];
    return { done: [...new Set(done)], ...(typeof value.current === 'string' ? { current: value.current } : {}) };
  } catch {
    return EMPTY_PROGRESS;
  }
}

/** Write `progress` to `path` (via a temporary file, so a crash never leaves half a file). */
export function writeProgress(path: string, progress: Progress): void {
  const tmp = `${path}.tmp`;
  const body = {
    version: 1,
    ...(progress.current ? { current: progress.current } : {}),
    done: [...progress.done].sort(),
  };
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Whether two done lists name the same labs (in any order). */
export function sameDone(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((d) => b.includes(d));
}

/** How many of `labs` are in `done`: a progress file may name a lab that is not (or no longer) one of them. */
export function doneCount(labs: readonly { readonly name: string }[], done: readonly string[]): number {
  return labs.filter((l) => done.includes(l.name)).length;
}

/** Whether `a` and `b` say the same (the order of `done` aside). */
function sameProgress(a: Progress, b: Progress): boolean {
  return a.current === b.current && sameDone(a.done, b.done);
}

/**
 * Apply `change` to what the file at `path` says now, and write the result only when it differs; returns
 * what the file then says. A program that saved a whole snapshot of its own would undo what another wrote
 * since it started (a lab passed with `labs check` while the runner was open); a change applied to the file
 * as it is keeps both, and a file that already says it is left as the learner had it. Two writes in the same
 * few milliseconds can still race (no lock): the last one wins, as before.
 */
export function updateProgress(path: string, change: (progress: Progress) => Progress): Progress {
  const before = readProgress(path);
  const after = change(before);
  if (!sameProgress(before, after)) writeProgress(path, after);
  return after;
}

/** `progress` after a check of `lab`: done when it passed, not done when it failed. */
export function recordCheck(progress: Progress, lab: string, pass: boolean): Progress {
  const others = progress.done.filter((d) => d !== lab);
  return { ...progress, done: pass ? [...others, lab] : others };
}

/** `progress` with `lab` as the current one. */
export function withCurrent(progress: Progress, lab: string): Progress {
  return { ...progress, current: lab };
}

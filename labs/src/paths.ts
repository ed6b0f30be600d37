/**
 * Where the labs live: the labs root holds `info.yaml`, `exercises/` (the
 * learner's tree), `solutions/`, the progress file and the reset backups.
 * The root is found from a starting directory (the learner's cwd: the repo
 * root or `labs/` itself), else from this package's own location.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The paths of one labs root. */
export interface LabsPaths {
  readonly root: string;
  readonly info: string;
  readonly exercises: string;
  readonly solutions: string;
  readonly progress: string;
  readonly backups: string;
}

function isLabsRoot(dir: string): boolean {
  return existsSync(join(dir, 'info.yaml')) && existsSync(join(dir, 'exercises'));
}

/** The labs root at or above `start` (also `<dir>/labs`), else this package's root. */
export function findLabsRoot(start?: string): string {
  if (start) {
    let dir = resolve(start);
    for (;;) {
      if (isLabsRoot(dir)) return dir;
      if (isLabsRoot(join(dir, 'labs'))) return join(dir, 'labs');
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  // dist/paths.js (or src/paths.ts under vitest) sits one level below the package root
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** Every path of the labs root `root`. */
export function labsPaths(root: string): LabsPaths {
  return {
    root,
    info: join(root, 'info.yaml'),
    exercises: join(root, 'exercises'),
    solutions: join(root, 'solutions'),
    progress: join(root, '.progress.json'),
    backups: join(root, '.backup'),
  };
}

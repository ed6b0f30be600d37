/**
 * What the interactive runner needs from the labs, as one value the Ink app
 * takes as a prop (tests hand it their own): the labs, checking, resetting,
 * the progress file, the solution files, and a watch on a lab's folder.
 */
import { existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { LabInfo } from '../info.js';
import type { LearnerLimits } from '../learner/lab-files.js';
import type { LabsPaths } from '../paths.js';
import { listFiles } from '../pristine.js';
import { type Progress, readProgress, updateProgress } from '../progress.js';
import type { CheckReport } from '../report.js';
import { ResetError, resetLab } from '../reset.js';

/** A file of a reference solution. */
export interface SolutionFile {
  readonly file: string;
  readonly text: string;
}

export interface RunnerEngine {
  readonly labs: readonly LabInfo[];
  /** The folder the learner edits, for display: `exercises/04-least-privilege-s3`. */
  folderOf(lab: LabInfo): string;
  check(lab: LabInfo): Promise<CheckReport>;
  /** Back up and reset; lines to show (or throws ResetError with a message to show). */
  reset(lab: LabInfo): string[];
  readProgress(): Progress;
  /** Apply `change` to the progress file as it is now (see updateProgress); returns what it then says. */
  updateProgress(change: (progress: Progress) => Progress): Progress;
  solution(lab: LabInfo): SolutionFile[];
  /** Call `onChange` when a file in the lab's folder changes; returns the unsubscribe. */
  watch(lab: LabInfo, onChange: () => void): () => void;
}

/** How long edits must settle before a re-check (editors write in bursts). */
export const WATCH_DEBOUNCE_MS = 150;

/** The engine over a real labs root; `limits` for the learner code its checks run (default: the usual ones). */
export function createEngine(paths: LabsPaths, labs: readonly LabInfo[], limits: LearnerLimits = {}): RunnerEngine {
  return {
    labs,
    folderOf: (lab) => `exercises/${lab.folder}`,
    async check(lab) {
      // the checks bring the whole simulation, the AWS SDK and the TypeScript loader: load them after the first
      // frame is on screen (it says "checking…" meanwhile), not before it
      const { checkLabFolder } = await import('../check-lab.js');
      return checkLabFolder(lab, join(paths.exercises, lab.folder), undefined, limits);
    },
    reset(lab) {
      const result = resetLab(paths, lab, Date.now());
      return [
        ...(result.backupDir ? [`your files were copied to ${result.backupDir}`] : []),
        `restored ${result.restored.join(', ')}`,
      ];
    },
    readProgress: () => readProgress(paths.progress),
    updateProgress: (change) => updateProgress(paths.progress, change),
    solution(lab) {
      const dir = join(paths.solutions, lab.folder);
      return listFiles(dir).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
    },
    watch(lab, onChange) {
      const dir = join(paths.exercises, lab.folder);
      if (!existsSync(dir)) return () => {};
      let timer: NodeJS.Timeout | undefined;
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(dir, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(onChange, WATCH_DEBOUNCE_MS);
        });
        watcher.on('error', () => watcher?.close());
      } catch {
        return () => {};
      }
      return () => {
        clearTimeout(timer);
        watcher?.close();
      };
    },
  };
}

export { ResetError };

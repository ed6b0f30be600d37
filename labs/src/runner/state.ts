/**
 * The runner's state and its pure transitions: which lab is current, what
 * the screen shows (the lab, the list, the hint, the solution, a reset
 * question), the last report of each lab, what is being checked, and the
 * labs done. Side effects (checks, resets, files) live in the app.
 */
import type { LabInfo } from '../info.js';
import { type Progress, sameDone } from '../progress.js';
import type { CheckReport } from '../report.js';

export type View = 'lab' | 'list' | 'hint' | 'solution' | 'confirm-reset';

export interface RunnerState {
  /** Index of the current lab. */
  readonly current: number;
  readonly view: View;
  /** The last report of each lab, by name. */
  readonly reports: Readonly<Record<string, CheckReport>>;
  /** Names of labs being checked now. */
  readonly checking: readonly string[];
  /** Names of labs whose last check passed. */
  readonly done: readonly string[];
  /** A short message under the screen (reset done, solution locked...). */
  readonly notice: readonly string[];
}

/** Start on the lab the progress file names, else the first one not done. */
export function initialState(labs: readonly LabInfo[], progress: Progress): RunnerState {
  const named = labs.findIndex((l) => l.name === progress.current);
  const firstOpen = labs.findIndex((l) => !progress.done.includes(l.name));
  const current = named >= 0 ? named : Math.max(firstOpen, 0);
  return { current, view: 'lab', reports: {}, checking: [], done: [...progress.done], notice: [] };
}

/** A check of `lab` started. */
export function checkStarted(s: RunnerState, lab: LabInfo): RunnerState {
  return s.checking.includes(lab.name) ? s : { ...s, checking: [...s.checking, lab.name] };
}

/** A check of `lab` finished with `report`. */
export function checkFinished(s: RunnerState, lab: LabInfo, report: CheckReport): RunnerState {
  const others = s.done.filter((d) => d !== lab.name);
  return {
    ...s,
    reports: { ...s.reports, [lab.name]: report },
    checking: s.checking.filter((c) => c !== lab.name),
    done: report.pass ? [...others, lab.name] : others,
  };
}

/** The labs done as the progress file says after a save (it may hold labs passed elsewhere since the start). */
export function progressSaved(s: RunnerState, progress: Progress): RunnerState {
  return sameDone(s.done, progress.done) ? s : { ...s, done: [...progress.done] };
}

/** Whether the solution of `lab` may be shown: only after it passed. */
export function solutionUnlocked(s: RunnerState, lab: LabInfo): boolean {
  return s.done.includes(lab.name) || s.reports[lab.name]?.pass === true;
}

/** The state after a key that needs no side effect (n, h, l, s, r, and leaving a view). */
export function onKey(s: RunnerState, input: string, labs: readonly LabInfo[]): RunnerState {
  const lab = labs[s.current];
  if (!lab) return s;
  if (s.view === 'confirm-reset') return { ...s, view: 'lab', notice: input === 'y' ? s.notice : ['reset cancelled'] };
  switch (input) {
    case 'n':
      return { ...s, current: (s.current + 1) % labs.length, view: 'lab', notice: [] };
    case 'h':
      return { ...s, view: s.view === 'hint' ? 'lab' : 'hint', notice: [] };
    case 'l':
      return { ...s, view: s.view === 'list' ? 'lab' : 'list', notice: [] };
    case 's':
      return solutionUnlocked(s, lab)
        ? { ...s, view: s.view === 'solution' ? 'lab' : 'solution', notice: [] }
        : { ...s, notice: ['the solution unlocks once this lab passes: keep going (h shows the hint)'] };
    case 'r':
      return { ...s, view: 'confirm-reset', notice: [] };
    case 'c':
      return { ...s, view: 'list', notice: [] };
    default:
      return s;
  }
}

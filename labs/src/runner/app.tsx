/**
 * The interactive labs runner (rustlings' watch mode) as an Ink app: checks
 * the current lab on start and on every save, and answers single keys:
 * n next, h hint, l list, c check all, r reset, s solution (after a pass),
 * q quit. It takes its engine as a prop, so tests drive it with their own.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabInfo } from '../info.js';
import { type Progress, recordCheck, withCurrent } from '../progress.js';
import { ResetError, type RunnerEngine } from './engine.js';
import { checkFinished, checkStarted, initialState, onKey, progressSaved, type RunnerState } from './state.js';
import { screen } from './view.js';

export interface AppProps {
  readonly engine: RunnerEngine;
  /** Called when the learner quits, before the app exits. */
  readonly onQuit?: () => void;
}

/**
 * Save one change to the progress file, on the file as it is now (`irsa-lab labs check` may have written to it
 * since the runner started), and show the labs done it then holds.
 */
function saveProgress(
  engine: RunnerEngine,
  setState: (f: (s: RunnerState) => RunnerState) => void,
  change: (progress: Progress) => Progress,
): void {
  let saved: Progress;
  try {
    saved = engine.updateProgress(change);
  } catch {
    return; // progress is a convenience: a read-only tree must not stop the workshop
  }
  setState((s) => progressSaved(s, saved));
}

/** Runs checks one at a time per lab; a request during a check schedules one more run after it. */
function useChecker(engine: RunnerEngine, setState: (f: (s: RunnerState) => RunnerState) => void) {
  const running = useRef(new Map<string, { again: boolean; done: Promise<void> }>());
  const run = useCallback(
    (lab: LabInfo): Promise<void> => {
      const busy = running.current.get(lab.name);
      if (busy) {
        busy.again = true;
        return busy.done;
      }
      const entry = { again: false, done: Promise.resolve() };
      entry.done = (async () => {
        do {
          entry.again = false;
          setState((s) => checkStarted(s, lab));
          const report = await engine.check(lab);
          setState((s) => checkFinished(s, lab, report));
          saveProgress(engine, setState, (progress) => recordCheck(progress, lab.name, report.pass));
        } while (entry.again);
        running.current.delete(lab.name);
      })();
      running.current.set(lab.name, entry);
      return entry.done;
    },
    [engine, setState],
  );
  return run;
}

/** Leading spaces become padding, so a wrapped line keeps its indent. */
const indentOf = (text: string): number => text.length - text.trimStart().length;

/** The runner: the current lab's last check, re-run on every save, and the single-key commands. */
export function App({ engine, onQuit }: AppProps) {
  const { exit } = useApp();
  const labs = engine.labs;
  const [state, setState] = useState<RunnerState>(() => initialState(labs, engine.readProgress()));
  const latest = useRef(state);
  latest.current = state;
  const check = useChecker(engine, setState);
  const lab = labs[state.current];

  useEffect(() => {
    if (!lab) return;
    void check(lab);
    return engine.watch(lab, () => void check(lab));
  }, [lab, check, engine]);

  useEffect(() => {
    if (lab) saveProgress(engine, setState, (progress) => withCurrent(progress, lab.name));
  }, [lab, engine]);

  useInput((input) => {
    const s = latest.current;
    const current = labs[s.current];
    if (!current) return;
    if (s.view !== 'confirm-reset' && input === 'q') {
      onQuit?.();
      exit();
      return;
    }
    if (s.view === 'confirm-reset' && input === 'y') {
      let notice: string[];
      try {
        notice = engine.reset(current);
      } catch (err) {
        notice = [err instanceof ResetError ? err.message : `reset failed: ${String(err)}`];
      }
      setState((x) => ({ ...onKey(x, input, labs), notice }));
      void check(current);
      return;
    }
    setState((x) => onKey(x, input, labs));
    if (s.view !== 'confirm-reset' && input === 'c') {
      void (async () => {
        for (const l of labs) await check(l);
      })();
    }
  });

  return (
    <Box flexDirection="column">
      {screen(state, labs, engine.folderOf, engine.solution).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the screen is rebuilt whole on every render
        <Box key={i} paddingLeft={indentOf(line.text)}>
          <Text {...(line.color ? { color: line.color } : {})} bold={line.bold ?? false}>
            {line.text.trimStart() === '' ? ' ' : line.text.trimStart()}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

/**
 * useScenarioSession: owns one ScenarioSession for the walkthrough: starts it
 * (again on restart), runs the next step, moves simulated time, and turns any
 * failure into a message with what to do, never a thrown error. The session
 * is mutable, so a version counter tells React when it changed.
 */
import { describeError } from '@irsa-lab/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type CatalogueItem, resolveScenario } from '../catalogue-item.js';
import { startSession } from '../engine.js';
import type { Panel, ScenarioSession, TimedWorld, TimeMove } from '../scenario-api.js';

/** What a time key asked for. */
export type TimeRequest =
  | { readonly kind: 'advance'; readonly ms: number; readonly label: string }
  | { readonly kind: 'next-event' };

/** The outcome of the last time move, for the walkthrough's clock line. */
export type TimeNotice =
  | { readonly kind: 'moved'; readonly label: string; readonly move: TimeMove }
  | { readonly kind: 'nothing-scheduled' }
  | { readonly kind: 'error'; readonly message: string };

export type SessionState =
  | { readonly status: 'starting' }
  | { readonly status: 'failed'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly session: ScenarioSession<TimedWorld>;
      /** What the session is busy with, if anything. */
      readonly running: string | undefined;
    };

export interface SessionControls {
  readonly state: SessionState;
  /** Bumped on every change to the session (steps run, time moved). */
  readonly version: number;
  /** Bumped on every (re)start, so views keyed on it start afresh. */
  readonly generation: number;
  readonly notice: TimeNotice | undefined;
  /** The picture after the last time move (what changed, lifetimes now), until the next step runs. */
  readonly timePanel: Panel | undefined;
  runNext(): void;
  moveTime(request: TimeRequest): void;
  restart(): void;
}

/** Move the session's clock as asked; never rejects. */
function timeMove(session: ScenarioSession<TimedWorld>, request: TimeRequest): Promise<TimeNotice> {
  const move: Promise<TimeNotice> =
    request.kind === 'advance'
      ? session.advance(request.ms).then((m) => ({ kind: 'moved', label: request.label, move: m }))
      : session
          .jumpToNextEvent()
          .then((m) => (m ? { kind: 'moved', label: 'next event', move: m } : { kind: 'nothing-scheduled' }));
  return move.catch((err: unknown): TimeNotice => ({ kind: 'error', message: describeError(err) }));
}

/**
 * Load `scenario`, build its world and report back; returns the effect's
 * cleanup, after which nothing is reported (the learner restarted or left).
 */
function openSession(
  scenario: CatalogueItem,
  seed: number,
  report: {
    opening(): void;
    opened(session: ScenarioSession<TimedWorld>): void;
    failed(message: string): void;
  },
): () => void {
  let cancelled = false;
  report.opening();
  resolveScenario(scenario)
    .then((def) => startSession(def, seed))
    .then(
      (session) => {
        if (!cancelled) report.opened(session);
      },
      (err: unknown) => {
        if (!cancelled) report.failed(describeError(err));
      },
    );
  return () => {
    cancelled = true;
  };
}

/** Load and start `scenario` with `seed` and expose the learner's controls over it. */
export function useScenarioSession(scenario: CatalogueItem, seed: number): SessionControls {
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const [version, setVersion] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<TimeNotice | undefined>(undefined);
  const [timePanel, setTimePanel] = useState<Panel | undefined>(undefined);
  // Refs, not state, guard re-entry: a key handler may run before React re-renders.
  const busy = useRef(false);
  const live = useRef({ generation: 0, session: undefined as ScenarioSession<TimedWorld> | undefined });
  // one Enter pressed while the world is still being built or a step is running is kept, not dropped
  const queued = useRef(false);
  const runQueued = useRef(() => {});

  useEffect(
    () =>
      openSession(scenario, seed, {
        opening: () => {
          live.current = { generation, session: undefined };
          queued.current = false;
          setState({ status: 'starting' });
          setNotice(undefined);
          setTimePanel(undefined);
        },
        opened: (session) => {
          live.current = { generation, session };
          setState({ status: 'ready', session, running: undefined });
          runQueued.current();
        },
        failed: (message) => setState({ status: 'failed', message }),
      }),
    [scenario, seed, generation],
  );

  const runNext = useCallback(() => {
    const { session, generation: gen } = live.current;
    if (!session || busy.current) {
      queued.current = true;
      return;
    }
    if (session.finished) return;
    busy.current = true;
    setState({ status: 'ready', session, running: 'running the step' });
    setNotice(undefined);
    setTimePanel(undefined);
    session
      .runNext()
      .catch(() => undefined) // the session turns step errors into results; this only guards the engine itself
      .finally(() => {
        busy.current = false;
        if (live.current.generation !== gen) return;
        setState({ status: 'ready', session, running: undefined });
        setVersion((v) => v + 1);
        runQueued.current();
      });
  }, []);
  runQueued.current = () => {
    if (!queued.current) return;
    queued.current = false;
    runNext();
  };

  const moveTime = useCallback((request: TimeRequest) => {
    const { session, generation: gen } = live.current;
    if (!session || busy.current) return;
    busy.current = true;
    setState({ status: 'ready', session, running: 'moving the clock' });
    timeMove(session, request).then((notice) => {
      busy.current = false;
      if (live.current.generation !== gen) return;
      setNotice(notice);
      if (notice.kind === 'moved' && notice.move.panel) setTimePanel(notice.move.panel);
      setState({ status: 'ready', session, running: undefined });
      setVersion((v) => v + 1);
      runQueued.current();
    });
  }, []);

  const restart = useCallback(() => {
    if (busy.current) return;
    setGeneration((g) => g + 1);
  }, []);

  return { state, version, generation, notice, timePanel, runNext, moveTime, restart };
}

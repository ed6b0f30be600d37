/**
 * The walkthrough: finished steps kept above in <Static> as one-line
 * summaries, the current step live below (narration, action, panels,
 * checks), the simulated clock under the learner's keys, and the explain
 * overlay with the full decision trace of the current step.
 */
import { type Key, useInput } from 'ink';
import { useEffect, useRef } from 'react';
import type { CatalogueItem } from '../catalogue-item.js';
import { closingBody, explainBody, helpOverlay, overlayLines } from '../format/overlays.js';
import { type DisplayLine, line } from '../format/text.js';
import { headerLine, stepPanels, summaryLine, walkthroughLines } from '../format/walkthrough.js';
import type { Panel, StepResult } from '../scenario-api.js';
import { Lines } from './lines.js';
import { type SessionControls, type TimeRequest, useScenarioSession } from './use-scenario-session.js';
import { useSyncState } from './use-sync-state.js';
import type { TerminalSize } from './use-terminal-size.js';

const HOUR_MS = 3_600_000;
const TIME_KEYS: Readonly<Record<string, TimeRequest>> = {
  h: { kind: 'advance', ms: HOUR_MS, label: '+1 hour' },
  d: { kind: 'advance', ms: 24 * HOUR_MS, label: '+1 day' },
  w: { kind: 'advance', ms: 7 * 24 * HOUR_MS, label: '+7 days' },
  n: { kind: 'next-event' },
};

export interface WalkthroughScreenProps {
  /** The scenario, or its catalogue line with a loader. */
  readonly scenario: CatalogueItem;
  readonly seed: number;
  readonly size: TerminalSize;
  /** False while an app-level overlay (help) has the keyboard. */
  readonly active: boolean;
  /** Lines to show instead of the live area (help, terminal too small); the session is kept meanwhile. */
  readonly cover?: readonly DisplayLine[] | undefined;
  /** The help overlay's scroll position while it is open (the app handles its keys). */
  readonly help?: number | undefined;
  onBack(): void;
  onHelp(): void;
  onQuit(): void;
  /** Clear the screen: the finished steps printed above stay there otherwise (called after a restart). */
  onClearScreen(): void;
  /** Print lines once above the live area (the app's <Static>): each finished step's summary. */
  onPrint(lines: readonly DisplayLine[]): void;
}

interface ViewState {
  readonly panel: number;
  readonly scroll: number;
  readonly explain: boolean;
  /** The closing screen (lesson, simplifications, sources), after the last step. */
  readonly closing: boolean;
}

const FRESH: ViewState = { panel: 0, scroll: 0, explain: false, closing: false };

interface KeyContext {
  readonly controls: SessionControls;
  readonly props: WalkthroughScreenProps;
  /** How far the panel or overlay on screen can scroll. */
  readonly maxScroll: number;
}

/** The panels on screen: the current step's, then the picture after the last time move. */
function panelsShown(controls: SessionControls): readonly Panel[] {
  const session = controls.state.status === 'ready' ? controls.state.session : undefined;
  const r = session?.done[session.done.length - 1]?.result;
  const result = r && r.outcome !== 'error' ? (r as StepResult) : undefined;
  return stepPanels(result, timePanelOf(controls));
}

function timePanelOf(controls: SessionControls): Panel | undefined {
  return controls.timePanel;
}

/** Handle one key; returns the new view state. Session actions go straight to the session. */
function onKey(input: string, key: Key, view: ViewState, { controls, props, maxScroll }: KeyContext): ViewState {
  const session = controls.state.status === 'ready' ? controls.state.session : undefined;
  const scroll = (delta: number) => ({ ...view, scroll: Math.max(0, Math.min(maxScroll, view.scroll + delta)) });
  if (key.upArrow) return scroll(-1);
  if (key.downArrow) return scroll(1);
  if (key.pageUp) return scroll(-10);
  if (key.pageDown) return scroll(10);
  if (input === 'q') props.onQuit();
  else if (input === '?') props.onHelp();
  else if (view.explain) return key.escape || input === 'e' ? { ...view, explain: false, scroll: 0 } : view;
  else if (view.closing && (key.escape || key.return)) return { ...view, closing: false, scroll: 0 };
  else if (input === 'b' || key.escape) props.onBack();
  else if (input === 'r') {
    controls.restart();
    return FRESH;
  } else if (key.return || input === ' ') {
    // after the last step, Enter opens the closing screen
    if (session?.finished) return { ...view, closing: true, explain: false, scroll: 0 };
    controls.runNext();
    return FRESH;
  } else if (input === 'e') return { ...view, explain: true, closing: false, scroll: 0 };
  else if (key.tab) {
    const n = panelsShown(controls).length;
    return n === 0 ? view : { ...view, panel: (view.panel + (key.shift ? n - 1 : 1)) % n, scroll: 0, closing: false };
  } else if (/^[1-9]$/.test(input)) {
    const i = Number(input) - 1;
    return i < panelsShown(controls).length ? { ...view, panel: i, scroll: 0, closing: false } : view;
  } else if (TIME_KEYS[input]) controls.moveTime(TIME_KEYS[input] as TimeRequest);
  return view;
}

function startupLines(props: WalkthroughScreenProps, controls: SessionControls): DisplayLine[] {
  const head = headerLine(
    props.scenario.title,
    0,
    'steps' in props.scenario ? props.scenario.steps.length : undefined,
    undefined,
    props.seed,
    props.size.columns,
  );
  if (controls.state.status === 'failed') {
    return [
      head,
      line(`✗ The scenario could not start: ${controls.state.message}`, 'bad'),
      line('What to do: press r to try again, b to pick another scenario, or restart with another --seed.', 'warn'),
    ];
  }
  return [head, line('… building the simulated world', 'dim')];
}

/** The live area of a running session: help, the explain overlay, or the current step. */
function liveLayout(props: WalkthroughScreenProps, controls: SessionControls, view: ViewState) {
  if (controls.state.status !== 'ready') throw new TypeError('liveLayout needs a started session');
  const { seed, size } = props;
  const { session, running } = controls.state;
  const scenario = session.scenario;
  const done = session.done;
  const nowMs = session.world.clock.nowMs();
  const header = headerLine(scenario.title, done.length, scenario.steps.length, nowMs, seed, size.columns);
  const current = done[done.length - 1];
  if (props.help !== undefined) return helpOverlay(size, props.help, header);
  if (view.closing) {
    return overlayLines(
      `Scenario complete · ${scenario.title}`,
      closingBody(scenario, done.length, session.failures()),
      {
        ...size,
        header,
        scroll: view.scroll,
        hint: 'Esc or Enter: back to the last step · r restart · b catalogue · ↑↓ scroll · q quit',
      },
    );
  }
  if (view.explain) {
    return overlayLines(
      `Explain · ${(current?.step ?? session.nextStep)?.title ?? scenario.title}`,
      explainBody(current, session.nextStep),
      {
        ...size,
        header,
        scroll: view.scroll,
        hint: 'Esc or e closes · ↑↓ scroll · ? help · q quit',
      },
    );
  }
  return walkthroughLines({
    scenario,
    seed,
    nowMs,
    done,
    nextStep: session.nextStep,
    running,
    panelIndex: view.panel,
    scroll: view.scroll,
    notice: controls.notice,
    timePanel: timePanelOf(controls),
    upcoming: session.upcoming(3),
    columns: size.columns,
    rows: size.rows,
  });
}

export function WalkthroughScreen(props: WalkthroughScreenProps) {
  const { scenario, seed, size, active } = props;
  const controls = useScenarioSession(scenario, seed);
  const controlsRef = useRef(controls);
  controlsRef.current = controls;
  const [view, getView, setView] = useSyncState<ViewState>(FRESH);

  // written at render, read by the key handler: how far what is on screen can scroll
  const maxScroll = useRef(0);
  // once a restart's new session is on screen, clear what the old run's <Static> printed above it
  const session = controls.state.status === 'ready' ? controls.state.session : undefined;
  const shownSession = useRef<typeof session>(undefined);
  const { onClearScreen, onPrint } = props;
  useEffect(() => {
    if (!session || session === shownSession.current) return;
    if (shownSession.current !== undefined) onClearScreen();
    shownSession.current = session;
  }, [session, onClearScreen]);
  // a time move's picture is the last tab: show it as soon as it arrives
  const { notice } = controls;
  useEffect(() => {
    if (notice?.kind !== 'moved' || !notice.move.panel) return;
    setView((v) => ({
      ...v,
      panel: panelsShown(controlsRef.current).length - 1,
      scroll: 0,
      explain: false,
      closing: false,
    }));
  }, [notice, setView]);
  // every finished step but the one on screen is printed above, once: how many of this session's are printed
  const printedSteps = useRef<{ session: typeof session; count: number }>({ session: undefined, count: 0 });
  const finishedCount = Math.max(0, (session?.done.length ?? 0) - 1);
  useEffect(() => {
    if (!session) return;
    if (printedSteps.current.session !== session) printedSteps.current = { session, count: 0 };
    const finished = session.done.slice(0, finishedCount);
    const fresh = finished.slice(printedSteps.current.count);
    if (fresh.length === 0) return;
    printedSteps.current.count = finished.length;
    onPrint(fresh.map((d) => summaryLine(d, session.scenario.steps.length)));
  }, [session, finishedCount, onPrint]);

  useInput(
    (input, key) => {
      const context = { controls, props, maxScroll: maxScroll.current };
      // several keys can arrive as one input ("hd"); treat each character as its own key press
      if (input.length > 1 && !input.startsWith('\u001B')) {
        for (const ch of input)
          setView(onKey(ch, { ...key, return: ch === '\r', tab: ch === '\t' }, getView(), context));
      } else setView(onKey(input, key, getView(), context));
    },
    { isActive: active },
  );

  if (controls.state.status !== 'ready') {
    const keysOnly = controls.state.status === 'failed' ? [line('r retry · b back · q quit', 'dim')] : [];
    const help = props.help === undefined ? undefined : helpOverlay(size, props.help).lines;
    return <Lines lines={props.cover ?? help ?? [...startupLines(props, controls), ...keysOnly]} />;
  }
  const layout = liveLayout(props, controls, view);
  maxScroll.current = layout.maxScroll;
  return <Lines lines={props.cover ?? layout.lines} />;
}

/**
 * The walkthrough screen as lines: the header (scenario, progress, clock,
 * seed), the current step (narration, action, outcome, panel tabs, the
 * selected panel cut to the space left, checks), the last time move and
 * what fired, what is scheduled next, and the key hints. Pure: the Ink view
 * only colours and prints these, and the total never exceeds the terminal.
 */
import type { CompletedStep, Panel, ScenarioDef, StepDef, StepResult, TimeMove } from '../scenario-api.js';
import { panelLines, panelTabLabel } from './panels.js';
import { clampLines, type DisplayLine, line, type Tone, truncate, wrapIndented, wrapText } from './text.js';
import { formatClock, formatDuration, formatRelative, formatShortClock } from './time.js';

/** What happened on the last time key (see useScenarioSession). */
export type TimeNoticeView =
  | {
      readonly kind: 'moved';
      readonly label: string;
      readonly move: Pick<TimeMove, 'fromMs' | 'toMs' | 'summary' | 'panel'>;
    }
  | { readonly kind: 'nothing-scheduled' }
  | { readonly kind: 'error'; readonly message: string };

export interface WalkthroughState {
  readonly scenario: Pick<ScenarioDef<never>, 'title' | 'steps'>;
  readonly seed: number;
  readonly nowMs: number;
  readonly done: readonly CompletedStep[];
  readonly nextStep: Pick<StepDef<never>, 'title' | 'narration' | 'kind'> | undefined;
  /** What the session is busy with (`running the step`), if anything. */
  readonly running: string | undefined;
  readonly panelIndex: number;
  readonly scroll: number;
  readonly notice: TimeNoticeView | undefined;
  /** The picture after the learner's last time move (what changed, lifetimes now), shown as the last tab. */
  readonly timePanel?: Panel | undefined;
  /** What the lesson is about ahead (IRSA token refreshes, key rotations, credential expiries), soonest first. */
  readonly upcoming: readonly { readonly atMs: number; readonly what: string }[];
  readonly columns: number;
  readonly rows: number;
}

/** `scenario title · done 3/7 (steps finished) · 2026-01-05 09:00:00Z · seed 42`, cut to the width. */
export function headerLine(
  title: string,
  done: number,
  total: number | undefined,
  nowMs: number | undefined,
  seed: number,
  width: number,
): DisplayLine {
  const clock = nowMs === undefined ? '----------  --:--:--' : formatClock(nowMs);
  const bar =
    total !== undefined && total > 0 && total <= 16
      ? ` ${'▰'.repeat(done)}${'▱'.repeat(Math.max(0, total - done))}`
      : '';
  const right = `done ${done}/${total ?? '?'}${bar}  ${clock}  seed ${seed}`;
  const left = truncate(`irsa-lab ▸ ${title}`, Math.max(10, width - right.length - 2));
  return line(`${left}${' '.repeat(Math.max(2, width - left.length - right.length))}${right}`, 'title');
}

function kindTag(kind: StepDef['kind']): string {
  return kind === 'break' ? '  [break it]' : kind === 'fix' ? '  [fix it]' : '';
}

type Outcome = StepResult['outcome'] | 'error';

/**
 * How an outcome reads, and its colour, read the right way round: on a [break it] step a request that got
 * through is the attack working (LEAKED, a warning), on a [fix it] step a refused one is the fix working
 * (BLOCKED, good). Green never means the attack worked.
 */
export function outcomeMark(outcome: Outcome, kind: StepDef['kind']): { readonly mark: string; readonly tone?: Tone } {
  if (kind === 'break' && outcome === 'allowed') return { mark: '⚠ LEAKED', tone: 'warn' };
  if (kind === 'fix' && outcome === 'denied') return { mark: '✓ BLOCKED', tone: 'ok' };
  if (outcome === 'allowed') return { mark: '✓ ALLOWED', tone: 'ok' };
  if (outcome === 'denied') return { mark: '✗ DENIED', tone: 'bad' };
  if (outcome === 'error') return { mark: '✗ ERROR', tone: 'bad' };
  return { mark: '•' };
}

/** One line per finished step, for the scroll-back above the live area. */
export function summaryLine(d: CompletedStep, total: number): DisplayLine {
  const r = d.result;
  const summary = r.outcome === 'error' ? r.message : (r as StepResult).summary;
  const failed = r.outcome === 'error' || (r as StepResult).checks.some((c) => !c.pass);
  const text = `${failed ? '✗' : '✓'} ${d.index + 1}/${total} ${d.step.title}${kindTag(d.step.kind)}: ${outcomeMark(r.outcome, d.step.kind).mark} ${summary}`;
  return line(text, failed ? 'bad' : 'dim');
}

/** Key hints, packed into as few lines of `width` as they fit. */
export function keyHintLines(hints: readonly string[], width: number): DisplayLine[] {
  const out: string[] = [];
  let current = '';
  for (const hint of hints) {
    if (current && current.length + 3 + hint.length > width) {
      out.push(current);
      current = hint;
    } else current = current ? `${current} · ${hint}` : hint;
  }
  if (current) out.push(current);
  return out.map((t) => line(truncate(t, width), 'dim'));
}

export const WALKTHROUGH_KEYS = [
  'Enter run step',
  'Tab/1-9 panel',
  '↑↓ scroll',
  'e explain',
  'h +1h',
  'd +1d',
  'w +7d',
  'n next event',
  'r restart',
  'b back',
  '? help',
  'q quit',
];

/**
 * The last time move: where the clock went and what happened on the way, grouped, what the lesson is about
 * first. `brief`: the clock line only, when the ⏱ now tab is on screen and lists what changed itself.
 */
function noticeLines(notice: TimeNoticeView | undefined, width: number, brief = false): DisplayLine[] {
  if (!notice) return [];
  if (notice.kind === 'nothing-scheduled') {
    const text =
      '⏱ nothing the lesson is about lies ahead (no IRSA token refresh, key rotation or credential expiry); h, d and w still move the clock';
    return wrapText(text, width).map((t) => line(t, 'warn'));
  }
  if (notice.kind === 'error') return [line(`✗ time could not move: ${notice.message}`, 'bad')];
  const { fromMs, toMs, summary } = notice.move;
  const head = `⏱ ${notice.label}: ${formatShortClock(fromMs)} → ${formatShortClock(toMs)} (+${formatDuration(toMs - fromMs)})`;
  if (brief) return [line(truncate(`${head} · what changed: in the ⏱ now tab`, width), 'mark')];
  const what = summary.length === 0 ? 'nothing happened' : summary.join(' · ');
  // the groups come lesson first, so what a cut hides is the API token's background refreshes
  const wrapped = wrapText(`${head} · ${what}`, width);
  const shown = wrapped.slice(0, 3);
  if (wrapped.length > 3) shown[2] = `${truncate(shown[2] ?? '', width - 1)}…`;
  return shown.map((t) => line(t, 'mark'));
}

function upcomingLine(upcoming: WalkthroughState['upcoming'], nowMs: number, width: number): DisplayLine[] {
  if (upcoming.length === 0) return [];
  // the time first: what can be long (a pod's name, a role's), and a cut line must still say when
  const items = upcoming.slice(0, 3).map((u) => `${formatRelative(u.atMs, nowMs)}: ${u.what}`);
  return [line(truncate(`ahead: ${items.join(' · ')}`, width), 'dim')];
}

/**
 * The step's checks, failed ones first, each with what it found (`✓ frontend has IRSA: no`), so a check
 * whose expected answer is "no" does not read as a yes. At most 3 lines unless `all`.
 */
function checkLines(result: StepResult, width: number, all = false): DisplayLine[] {
  const sorted = [...result.checks].sort((a, b) => Number(a.pass) - Number(b.pass));
  const lines = sorted.map((c) =>
    line(
      truncate(
        `${c.pass ? '✓' : '✗'} ${c.name}: ${c.pass ? c.actual : `expected ${c.expected}, got ${c.actual}`}`,
        width,
      ),
      c.pass ? 'ok' : 'bad',
    ),
  );
  if (all || lines.length <= 3) return lines;
  const hidden = sorted.slice(2);
  const failed = hidden.filter((c) => !c.pass).length;
  const more = `… ${hidden.length} more checks: ${hidden.length - failed} ✓${failed > 0 ? `, ${failed} ✗` : ''} (all in \`irsa-lab run\`)`;
  return [...lines.slice(0, 2), line(truncate(more, width), failed > 0 ? 'bad' : 'dim')];
}

/**
 * When a check failed after the learner moved the clock: the checks expect
 * the scenario's own timeline, so say so, lest the ✗ read as a broken
 * simulation.
 */
function offScriptLines(current: CompletedStep, result: StepResult, width: number): DisplayLine[] {
  if (current.learnerMovedMs <= 0 || result.checks.every((c) => c.pass)) return [];
  const text = `⚠ You moved the clock ${formatDuration(current.learnerMovedMs)} off the scenario's timeline before this step; its checks expect the script's times. r restarts the scenario.`;
  return wrapText(text, width).map((t) => line(t, 'warn'));
}

/** The tab of the picture after a time move. */
export const TIME_TAB = '⏱ now';

function tabLine(panels: readonly Panel[], timePanel: Panel | undefined, selected: number, width: number): DisplayLine {
  const tabs = panels.map((p, i) => {
    const label = p === timePanel ? TIME_TAB : panelTabLabel(p);
    return i === selected ? `[${i + 1} ${label}]` : ` ${i + 1} ${label} `;
  });
  const title = panels[selected]?.title ?? '';
  return line(truncate(`${tabs.join(' ')}  ${title}`, width), 'mark');
}

function currentResult(current: CompletedStep | undefined): StepResult | undefined {
  return current && current.result.outcome !== 'error' ? (current.result as StepResult) : undefined;
}

/** The panels a step shows: its own, then the picture after the learner's last time move, if any. */
export function stepPanels(result: StepResult | undefined, timePanel: Panel | undefined): Panel[] {
  // a result without panels is malformed: spreading it fails, and the crash guard says so
  return [...(result ? result.panels : []), ...(timePanel ? [timePanel] : [])];
}

/** A panel's lines fitted to `width`: long values (policies, commands, conditions) wrap, never cut. */
function fittedPanelLines(panel: Panel, nowMs: number, width: number): DisplayLine[] {
  return panelLines(panel, { nowMs, width: width - 2 }).flatMap((l) =>
    wrapIndented(`  ${l.text}`, width).map((t) => line(t, l.tone)),
  );
}

/** A window of `rows` panel lines from `scroll`, saying what is hidden above and below. */
export function panelWindow(all: readonly DisplayLine[], scroll: number, rows: number): DisplayLine[] {
  if (rows <= 0) return [];
  const start = Math.max(0, Math.min(scroll, all.length - rows));
  const window = all.slice(start, start + rows);
  if (rows >= 2 && start > 0) window[0] = line(`  ↑ ${start + 1} more above (↑ to scroll)`, 'dim');
  const below = all.length - start - rows;
  if (rows >= 2 && below > 0) window[window.length - 1] = line(`  ↓ ${below + 1} more below (↓ to scroll)`, 'dim');
  return window;
}

interface StepBlock {
  readonly lines: DisplayLine[];
  /** How far the selected panel can scroll. */
  readonly maxScroll: number;
}

/** The step block: what it did and what it showed, fitted into `budget` lines. */
function currentStepLines(s: WalkthroughState, current: CompletedStep, width: number, budget: number): StepBlock {
  const r = current.result;
  if (r.outcome === 'error') {
    const lines = [
      ...wrapText(`✗ This step could not run: ${r.message}`, width).map((t) => line(t, 'bad')),
      ...wrapText(`What to do: ${r.hint}`, width).map((t) => line(t, 'warn')),
    ];
    return { lines, maxScroll: 0 };
  }
  const result = r as StepResult;
  const panels = stepPanels(result, s.timePanel);
  const selected = Math.min(s.panelIndex, panels.length - 1);
  const panel = panels[selected];
  const all = panel ? fittedPanelLines(panel, s.nowMs, width) : [];
  const { mark, tone } = outcomeMark(result.outcome, current.step.kind);
  const summary = wrapText(`${mark} ${result.summary}`, width).map((t) => line(t, tone));
  const offScript = offScriptLines(current, result, width);
  const fewChecks = checkLines(result, width);
  const allChecks = checkLines(result, width, true);
  // the whole panel, 2 lines of summary and 3 of checks come first; room left over shows the rest of the
  // summary, then every check
  let room = budget - (1 + Math.min(2, summary.length) + fewChecks.length + offScript.length + (panel ? 1 : 0));
  room -= all.length;
  const summaryShown = Math.min(summary.length, 2 + Math.max(0, room));
  room -= summaryShown - Math.min(2, summary.length);
  const checks = allChecks.length - fewChecks.length <= room ? allChecks : fewChecks;
  // the step's whole command, wrapped: `aws iam create-open-id-connect-provider ... --client-id-list sts.amazonaws.com`
  const action = wrapIndented(`$ ${result.action}`, width).map((t) => line(t, 'dim'));
  const pre: DisplayLine[] = [...action, ...clampLines(summary, summaryShown)];
  const post = [...checks, ...offScript];
  if (!panel) return { lines: [...pre, ...post], maxScroll: 0 };
  const rows = Math.max(1, budget - pre.length - post.length - 1);
  return {
    lines: [...pre, tabLine(panels, s.timePanel, selected, width), ...panelWindow(all, s.scroll, rows), ...post],
    maxScroll: Math.max(0, all.length - rows),
  };
}

/** Before any step ran, after a time move: the picture after the move alone. */
function timeOnlyLines(s: WalkthroughState, timePanel: Panel, width: number, budget: number): StepBlock {
  const all = fittedPanelLines(timePanel, s.nowMs, width);
  const rows = Math.max(1, budget - 1);
  return {
    lines: [tabLine([timePanel], timePanel, 0, width), ...panelWindow(all, s.scroll, rows)],
    maxScroll: Math.max(0, all.length - rows),
  };
}

/** The narration wrapped to `max` lines; if cut, the last line ends with `… (e reads it all)`. */
export function narrationLines(narration: string, width: number, max: number): DisplayLine[] {
  const wrapped = wrapText(narration, width);
  if (wrapped.length <= max) return wrapped.map((t) => line(t));
  const more = ' … (e: read it all)';
  const kept = wrapped.slice(0, max);
  kept[max - 1] = `${truncate(kept[max - 1] ?? '', width - more.length)}${more}`;
  return kept.map((t) => line(t));
}

/** The whole live area, at most `rows - 1` lines, and how far its panel can scroll. */
export function walkthroughLines(s: WalkthroughState): StepBlock {
  const width = s.columns;
  const total = s.scenario.steps.length;
  const current = s.done[s.done.length - 1];
  const shown = current ? current.step : s.nextStep;
  // the ⏱ now tab lists what changed itself: the notice then needs only its clock line, and the narration,
  // read before the step ran, gives it two more lines on a small screen
  const timeTabShown =
    s.timePanel !== undefined && s.panelIndex >= stepPanels(currentResult(current), s.timePanel).length - 1;
  const narrationMax = s.rows >= 32 ? 6 : timeTabShown ? 2 : 4;
  const head: DisplayLine[] = [
    headerLine(s.scenario.title, s.done.length, total, s.nowMs, s.seed, width),
    line('─'.repeat(width), 'dim'),
  ];
  if (shown) {
    const index = current ? current.index + 1 : s.done.length + 1;
    head.push(line(truncate(`Step ${index}/${total} · ${shown.title}${kindTag(shown.kind)}`, width), 'title'));
    head.push(...narrationLines(shown.narration, width, narrationMax));
  }
  const tail: DisplayLine[] = [...noticeLines(s.notice, width, timeTabShown)];
  if (s.running) tail.push(line(`… ${s.running}`, 'warn'));
  else if (!current && s.nextStep) tail.push(line('Press Enter to run this step.', 'mark'));
  else if (s.nextStep)
    tail.push(line(truncate(`Next ▸ ${s.nextStep.title}${kindTag(s.nextStep.kind)}: press Enter`, width), 'mark'));
  else {
    const complete = 'Scenario complete · Enter: what it taught, simplifications, sources · r restart · b back';
    tail.push(...wrapText(complete, width).map((t) => line(t, 'ok')));
  }
  tail.push(...upcomingLine(s.upcoming, s.nowMs, width));
  // once the last step has run, Enter opens the closing screen
  const keys =
    s.nextStep || !current
      ? WALKTHROUGH_KEYS
      : WALKTHROUGH_KEYS.map((k) => (k === 'Enter run step' ? 'Enter lesson' : k));
  const footer = [line('─'.repeat(width), 'dim'), ...keyHintLines(keys, width)];
  const budget = s.rows - 1 - head.length - tail.length - footer.length;
  const body = current
    ? currentStepLines(s, current, width, budget)
    : s.timePanel
      ? timeOnlyLines(s, s.timePanel, width, budget)
      : { lines: [], maxScroll: 0 };
  // the panel took what the fixed lines left; if a long error still overflows, cut the body
  return {
    lines: [...head, ...clampLines(body.lines, Math.max(0, budget)), ...tail, ...footer],
    maxScroll: body.maxScroll,
  };
}

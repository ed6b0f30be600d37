/**
 * A timeline panel as text strips scaled to the terminal width: one row per
 * lane (token, credentials, keys) with spans drawn as bars and marks as ◆,
 * an axis with the range's ends, a row with ▲ at the simulated now, and a
 * legend of the marks with their times, so time can be seen, not read.
 */
import type { TimelineLane } from '../scenario-api.js';
import { type DisplayLine, line, padEnd, truncate } from './text.js';
import { formatRelative, formatShortClock } from './time.js';

export interface TimelineOptions {
  /** The simulated now (the live clock, which may be past the step that drew the panel). */
  readonly nowMs: number;
  /** Total columns available, label included. */
  readonly width: number;
}

const BG = '·';

function range(lanes: readonly TimelineLane[], nowMs: number): { startMs: number; endMs: number } {
  const times = [nowMs];
  for (const l of lanes) {
    for (const s of l.spans) times.push(s.fromMs, s.toMs);
    for (const m of l.marks) times.push(m.atMs);
  }
  const finite = times.filter(Number.isFinite);
  const startMs = Math.min(...finite);
  const endMs = Math.max(...finite);
  return { startMs, endMs: endMs > startMs ? endMs : startMs + 3_600_000 };
}

/** Column of `ms` in a strip `cols` wide covering [startMs, endMs]. */
export function columnOf(ms: number, startMs: number, endMs: number, cols: number): number {
  const x = Math.round(((ms - startMs) / (endMs - startMs)) * (cols - 1));
  return Math.max(0, Math.min(cols - 1, x));
}

/** One lane's strip: spans as bars (├━━┤, alternating ━/═ so back-to-back spans stay apart), marks as ◆. */
export function laneStrip(lane: TimelineLane, startMs: number, endMs: number, cols: number): string {
  const cells = Array.from({ length: cols }, () => BG);
  lane.spans.forEach((span, i) => {
    const a = columnOf(span.fromMs, startMs, endMs, cols);
    const b = columnOf(span.toMs, startMs, endMs, cols);
    const fill = i % 2 === 0 ? '━' : '═';
    for (let x = a; x <= b; x++) cells[x] = fill;
    if (b > a) {
      cells[a] = '├';
      cells[b] = '┤';
      const label = [...span.label];
      if (span.label && b - a - 1 >= label.length + 2) {
        label.forEach((ch, k) => {
          cells[a + 1 + k] = ch;
        });
      }
    } else cells[a] = '┃';
  });
  for (const mark of lane.marks) cells[columnOf(mark.atMs, startMs, endMs, cols)] = '◆';
  return cells.join('');
}

/** The whole panel: axis, lanes, the now row and a legend of marks. */
export function timelineLines(lanes: readonly TimelineLane[], options: TimelineOptions): DisplayLine[] {
  if (lanes.length === 0) return [line('(no lifetimes to show)', 'dim')];
  const labelWidth = Math.min(Math.floor(options.width / 4), Math.max(4, ...lanes.map((l) => [...l.label].length))) + 1;
  const cols = Math.max(10, options.width - labelWidth);
  const { startMs, endMs } = range(lanes, options.nowMs);
  const left = formatShortClock(startMs);
  const right = formatShortClock(endMs);
  const gap = Math.max(1, cols - left.length - right.length);
  const out: DisplayLine[] = [line(`${padEnd('', labelWidth)}${left}${' '.repeat(gap)}${right}`, 'dim')];
  for (const lane of lanes) {
    out.push(
      line(`${padEnd(truncate(lane.label, labelWidth - 1), labelWidth)}${laneStrip(lane, startMs, endMs, cols)}`),
    );
  }
  const nowX = columnOf(options.nowMs, startMs, endMs, cols);
  const nowLabel = `now ${formatShortClock(options.nowMs)}`;
  const nowRow =
    nowX + 2 + nowLabel.length <= cols
      ? `${' '.repeat(nowX)}▲ ${nowLabel}`
      : `${' '.repeat(Math.max(0, nowX - nowLabel.length - 1))}${nowLabel} ▲`;
  out.push(line(`${padEnd('', labelWidth)}${nowRow}`, 'mark'));
  for (const lane of lanes) {
    if (lane.marks.length === 0) continue;
    const marks = [...lane.marks]
      .sort((a, b) => a.atMs - b.atMs)
      .map((m) => `◆ ${m.label} ${formatShortClock(m.atMs)} (${formatRelative(m.atMs, options.nowMs)})`);
    out.push(line(`${lane.label}: ${marks.join('  ')}`, 'dim'));
  }
  return out;
}

/**
 * Decision traces as text: each line indented by its depth and marked ✓
 * (met), ✗ (failed) or · (context), under a verdict line. Shared by the
 * explain overlay, the trace panels and the plain transcript.
 */
import type { DecisionTrace, TraceLine } from '../scenario-api.js';
import { type DisplayLine, line } from './text.js';

/** `✓`, `✗` or `·` for a trace line's verdict. */
export function verdictMark(ok: boolean | undefined): string {
  if (ok === true) return '✓';
  if (ok === false) return '✗';
  return '·';
}

/** One trace line, indented two spaces per level. */
export function traceLine(t: TraceLine): DisplayLine {
  const depth = Math.max(0, Math.min(t.depth, 12));
  const tone = t.ok === true ? 'ok' : t.ok === false ? 'bad' : undefined;
  return line(`${'  '.repeat(depth)}${verdictMark(t.ok)} ${t.text}`, tone);
}

/** The verdict (`ALLOWED` / `DENIED`, or the trace's own word, and its title), then every line. */
export function traceLines(trace: DecisionTrace): DisplayLine[] {
  const word = trace.verdict ?? (trace.allowed ? 'ALLOWED' : 'DENIED');
  return [
    line(`${trace.allowed ? '✓' : '✗'} ${word}: ${trace.title}`, trace.allowed ? 'ok' : 'bad'),
    ...trace.lines.map(traceLine),
  ];
}

/**
 * The overlays as lines: "explain" (the full decision trace behind the
 * current step's allow or deny) and the help screen. Each is framed by a
 * title and a hint line and fitted to the terminal, scrolling if needed.
 */
import type { Check, CompletedStep, ScenarioDef, StepResult } from '../scenario-api.js';
import { type DisplayLine, line, padEnd, truncate, wrapIndented, wrapText } from './text.js';
import { traceLines } from './trace.js';
import { panelWindow } from './walkthrough.js';

/** The step's full narration, then every trace behind it: its decision first, then trust and chain panels that differ. */
export function explainBody(
  current: CompletedStep | undefined,
  next?: { readonly narration: string } | undefined,
): DisplayLine[] {
  if (!current) {
    const run = line('No step has run yet: press Esc, then Enter to run it and see what it decides.', 'dim');
    return next ? [line(next.narration), line(' '), run] : [run];
  }
  return [line(current.step.narration), line(' '), ...traceBody(current)];
}

function traceBody(current: CompletedStep): DisplayLine[] {
  const r = current.result;
  if (r.outcome === 'error') {
    return [line(`This step could not run: ${r.message}`, 'bad'), line(`What to do: ${r.hint}`, 'warn')];
  }
  const result = r as StepResult;
  // the step's decision, then the panels' traces it does not already hold: a decision often nests the chain's
  // and STS's traces, which the panels also show on their own
  const shown = new Set((result.decision?.lines ?? []).map((l) => l.text));
  const traces = [
    ...(result.decision ? [result.decision] : []),
    ...result.panels.flatMap((p) => (p.kind === 'trust-trace' || p.kind === 'chain' ? [p.trace] : [])),
  ].filter(
    (t, i, all) =>
      all.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i &&
      (i === 0 || !result.decision || !t.lines.every((l) => shown.has(l.text))),
  );
  if (traces.length === 0) {
    return [line(`"${current.step.title}" made no allow or deny decision, so there is nothing to explain.`, 'dim')];
  }
  return traces.flatMap((t, i) => [...(i > 0 ? [line(' ')] : []), ...traceLines(t)]);
}

/**
 * The closing screen's body: what the scenario taught, what the simulation simplified, where to read
 * more (links a learner can open: a URL, or a section of docs/reference.md in this repository), and
 * whether its checks held.
 */
export function closingBody(
  scenario: Pick<ScenarioDef<never>, 'lesson' | 'simplifications' | 'sources'>,
  steps: number,
  failures: readonly Check[],
): DisplayLine[] {
  const simplified = scenario.simplifications ?? [];
  return [
    line('What it taught', 'title'),
    line(scenario.lesson),
    ...(simplified.length > 0
      ? [line(' '), line('Simplified here', 'title'), ...simplified.map((note) => line(`  • ${note}`))]
      : []),
    ...(scenario.sources.length > 0
      ? [
          line(' '),
          line('Read more', 'title'),
          ...scenario.sources.flatMap((src) => [line(`  • ${src.label}`), line(`    ${src.href}`, 'mark')]),
        ]
      : []),
    line(' '),
    failures.length === 0
      ? line(`✓ ${steps} steps, every check held.`, 'ok')
      : line(`✗ ${failures.length} check(s) failed: ${failures.map((f) => f.name).join('; ')}`, 'bad'),
  ];
}

export const HELP_ROWS: readonly (readonly [string, string])[] = [
  ['Catalogue', ''],
  ['type', 'filter scenarios by id, title or goal'],
  ['↑ ↓', 'move the selection'],
  ['Enter', 'open the selected scenario'],
  ['Esc', 'clear the filter'],
  ['Walkthrough', ''],
  ['Enter, space', 'run the next step; after the last, the closing screen (lesson, simplifications, sources)'],
  [
    'Tab, 1-9',
    "switch panel: the step's tabs (token, keys, trust, chain, hops, creds, cloudtrail, timeline, files and commands by name)",
  ],
  ['↑ ↓', 'scroll the panel'],
  ['e', 'explain: the full decision trace of the current step'],
  ['h  d  w', 'advance the simulated clock by 1 hour, 1 day, 7 days'],
  [
    'n',
    'jump to the next event the lesson is about: an IRSA token refresh, a key rotation or retirement, credentials expiring',
  ],
  ['', 'after a time key, the last tab (⏱ now) shows what changed and the lifetimes now'],
  ['', 'moving time takes the scenario off its script: later checks may fail'],
  ['r', 'restart the scenario (same seed)'],
  ['b', 'back to the catalogue'],
  ['Anywhere', ''],
  ['?', 'this help (Esc closes)'],
  ['q, Ctrl+C', 'quit (in the catalogue, q quits when the filter is empty)'],
];

/** The help overlay, framed, fitted to `size`, under an optional header line. */
export function helpOverlay(
  size: { readonly columns: number; readonly rows: number },
  scroll: number,
  header?: DisplayLine,
): { lines: DisplayLine[]; maxScroll: number } {
  return overlayLines('Help', helpBody(size.columns), {
    ...size,
    scroll,
    hint: 'Esc or ? closes · ↑↓ scroll · q quits',
    ...(header ? { header } : {}),
  });
}

/** The help screen's body. */
export function helpBody(width: number): DisplayLine[] {
  return HELP_ROWS.flatMap(([key, what]) =>
    what === ''
      ? [line(key, 'title')]
      : wrapText(what, Math.max(20, width - 16)).map((t, i) => line(`  ${padEnd(i === 0 ? key : '', 13)} ${t}`)),
  );
}

/** An overlay framed by its title and hints, with its body scrolled to fit `rows - 1` lines. */
export function overlayLines(
  title: string,
  body: readonly DisplayLine[],
  options: {
    readonly columns: number;
    readonly rows: number;
    readonly scroll: number;
    readonly hint: string;
    /** A line above the title (the walkthrough's clock and seed). */
    readonly header?: DisplayLine;
  },
): { lines: DisplayLine[]; maxScroll: number } {
  const width = options.columns;
  const wrapped = body.flatMap((l) => wrapIndented(l.text, width).map((t) => line(t, l.tone)));
  const head = options.header ? [options.header] : [];
  const rows = Math.max(1, options.rows - 1 - 4 - head.length);
  return {
    lines: [
      ...head,
      line(truncate(title, width), 'title'),
      line('─'.repeat(width), 'dim'),
      ...panelWindow(wrapped, options.scroll, rows),
      line('─'.repeat(width), 'dim'),
      line(truncate(options.hint, width), 'dim'),
    ],
    maxScroll: Math.max(0, wrapped.length - rows),
  };
}

/**
 * Transcripts of a finished headless run: plain text for workshop handouts
 * and docs (panels rendered exactly as the app draws them, without colour),
 * and one JSON document for CI and tooling. Secrets are masked in both.
 */
import type { CompletedStep, ScenarioDef, ScenarioSession, StepResult, TimedWorld } from '../scenario-api.js';
import { panelLines } from './panels.js';
import { maskSecret, redactRecord } from './secrets.js';
import { formatClock } from './time.js';
import { traceLines } from './trace.js';

/** A session whose steps have run (`runAll`). */
export type FinishedSession = Pick<ScenarioSession<TimedWorld>, 'scenario' | 'seed' | 'done' | 'failures' | 'world'>;

const PLAIN_WIDTH = 100;

function stepHeading(d: CompletedStep, total: number): string {
  const kind = d.step.kind && d.step.kind !== 'normal' ? ` [${d.step.kind}]` : '';
  return `## Step ${d.index + 1}/${total}: ${d.step.title}${kind}  (${formatClock(d.atMs)})`;
}

function resultText(result: StepResult, nowMs: number): string[] {
  const out = [`$ ${result.action}`, `${result.outcome.toUpperCase()}: ${result.summary}`];
  for (const panel of result.panels) {
    out.push('', `[${panel.title}]`, ...panelLines(panel, { nowMs, width: PLAIN_WIDTH }).map((l) => `  ${l.text}`));
  }
  const shown = result.panels.flatMap((p) =>
    p.kind === 'trust-trace' || p.kind === 'chain' ? [JSON.stringify(p.trace)] : [],
  );
  if (result.decision && !shown.includes(JSON.stringify(result.decision))) {
    out.push('', '[decision]', ...traceLines(result.decision).map((l) => `  ${l.text}`));
  }
  if (result.checks.length > 0) {
    out.push('', 'checks:');
    for (const c of result.checks) {
      out.push(`  ${c.pass ? '✓' : '✗'} ${c.name}: expected ${c.expected}, got ${c.actual}`);
    }
  }
  return out;
}

/** The whole run as readable text. */
export function plainTranscript(session: FinishedSession): string {
  const s = session.scenario;
  const total = s.steps.length;
  const out = [
    `# ${s.title} (${s.id}, ${s.group})`,
    `goal: ${s.goal}`,
    `seed: ${session.seed}`,
    ...(s.sources.length > 0 ? ['sources:', ...s.sources.map((src) => `  ${src.label}: ${src.href}`)] : []),
  ];
  for (const d of session.done) {
    out.push('', stepHeading(d, total), d.step.narration, '');
    if (d.result.outcome === 'error') out.push(`ERROR: ${d.result.message}`, `what to do: ${d.result.hint}`);
    else out.push(...resultText(d.result as StepResult, d.atMs));
  }
  const failures = session.failures();
  out.push('', `lesson: ${s.lesson}`);
  for (const note of s.simplifications ?? []) out.push(`simplified: ${note}`);
  out.push(
    failures.length === 0
      ? `result: PASS (${session.done.length} steps, seed ${session.seed})`
      : `result: FAIL (${failures.length} failed: ${failures.map((f) => f.name).join('; ')}; seed ${session.seed})`,
  );
  return `${out.join('\n')}\n`;
}

function jsonPanel(panel: StepResult['panels'][number]): unknown {
  if (panel.kind === 'credentials') return { ...panel, secretAccessKey: maskSecret(panel.secretAccessKey) };
  return redactRecord(panel);
}

/** The whole run as one JSON-serialisable document. */
export function jsonTranscript(session: FinishedSession): unknown {
  const s: ScenarioDef<never> = session.scenario as ScenarioDef<never>;
  const failures = session.failures();
  return {
    scenario: { id: s.id, title: s.title, group: s.group, goal: s.goal, lesson: s.lesson, sources: s.sources },
    seed: session.seed,
    passed: failures.length === 0,
    failures,
    steps: session.done.map((d) => ({
      index: d.index,
      id: d.step.id,
      title: d.step.title,
      kind: d.step.kind ?? 'normal',
      narration: d.step.narration,
      atMs: d.atMs,
      at: formatClock(d.atMs),
      result:
        d.result.outcome === 'error'
          ? d.result
          : { ...(d.result as StepResult), panels: (d.result as StepResult).panels.map(jsonPanel) },
    })),
  };
}

/**
 * Plain-text rendering of labs and check reports, shared by the
 * non-interactive commands and labs:verify (the Ink runner renders the
 * same data with colours).
 */
import type { LabInfo } from './info.js';
import type { CheckReport } from './report.js';

/** `02 scoped-trust-policy` */
export function labLabel(lab: LabInfo): string {
  return `${String(lab.number).padStart(2, '0')} ${lab.name}`;
}

/** How long a check took: `42 ms` under a second (a check of one file often is), `1.3 s` from there on. */
export function seconds(ms: number): string {
  return ms < 999.5 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A report as lines: the verdict, then (for a failure) every step, with the details of failed ones. */
export function reportLines(lab: LabInfo, report: CheckReport): string[] {
  const lines = [`${report.pass ? '✓' : '✗'} ${labLabel(lab)} (${seconds(report.durationMs)})`];
  if (report.pass) return lines;
  for (const step of report.steps) {
    lines.push(`    ${step.ok ? '✓' : '✗'} ${step.title}`);
    if (!step.ok) for (const d of step.details) lines.push(`        ${d}`);
  }
  return lines;
}

/** Word-wrap `text` at `width` columns. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out;
}

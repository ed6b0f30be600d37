/**
 * The mapping from runner state to what the screen shows, as plain lines
 * with a colour: the header with the progress bar, then the current view,
 * then notices and the key line. Pure, so tests can read it directly.
 */
import { labLabel, seconds, wrap } from '../format.js';
import type { LabInfo } from '../info.js';
import { doneCount } from '../progress.js';
import type { CheckReport } from '../report.js';
import type { SolutionFile } from './engine.js';
import { type RunnerState, solutionUnlocked } from './state.js';

export interface Line {
  readonly text: string;
  readonly color?: 'green' | 'red' | 'yellow' | 'cyan' | 'gray';
  readonly bold?: boolean;
}

export const KEYS = 'n next · h hint · l list · c check all · r reset · s solution · q quit';
const WIDTH = 96;
const MAX_SOLUTION_LINES = 60;

/** `[██████░░░░░░░░░░]` for `done` of `total`. */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

function mark(s: RunnerState, lab: LabInfo): Line {
  if (s.checking.includes(lab.name)) return { text: '…', color: 'yellow' };
  if (s.done.includes(lab.name)) return { text: '✓', color: 'green' };
  if (s.reports[lab.name]) return { text: '✗', color: 'red' };
  return { text: '·', color: 'gray' };
}

function reportView(report: CheckReport | undefined, checking: boolean): Line[] {
  if (!report) return [{ text: checking ? 'checking…' : 'not checked yet', color: 'yellow' }];
  const lines: Line[] = report.pass
    ? [
        {
          text: `✓ passed (${seconds(report.durationMs)}): n for the next lab, s to see the reference solution`,
          color: 'green',
          bold: true,
        },
      ]
    : [
        {
          text: `✗ not yet (${seconds(report.durationMs)}): edit the file and save, it is checked again`,
          color: 'red',
          bold: true,
        },
      ];
  for (const step of report.steps) {
    lines.push({ text: `  ${step.ok ? '✓' : '✗'} ${step.title}`, color: step.ok ? 'green' : 'red' });
    if (!step.ok) for (const d of step.details) lines.push({ text: `      ${d}` });
  }
  if (checking) lines.push({ text: 'checking again…', color: 'yellow' });
  return lines;
}

function listView(s: RunnerState, labs: readonly LabInfo[]): Line[] {
  return labs.map((lab, i) => {
    const m = mark(s, lab);
    const report = s.reports[lab.name];
    const first = report && !report.pass ? report.steps.find((x) => !x.ok)?.title : undefined;
    return {
      text: `${i === s.current ? '▸' : ' '} ${m.text} ${labLabel(lab)}${first ? `  — ${first}` : ''}`,
      ...(m.color ? { color: m.color } : {}),
    };
  });
}

function solutionView(lab: LabInfo, files: readonly SolutionFile[]): Line[] {
  const lines: Line[] = [];
  for (const f of files) {
    lines.push({ text: `solutions/${lab.folder}/${f.file}`, color: 'cyan', bold: true });
    const body = f.text.trimEnd().split('\n');
    for (const l of body.slice(0, MAX_SOLUTION_LINES)) lines.push({ text: `  ${l}` });
    if (body.length > MAX_SOLUTION_LINES)
      lines.push({ text: `  … ${body.length - MAX_SOLUTION_LINES} more lines`, color: 'gray' });
  }
  return lines;
}

/** Every line of the screen. */
export function screen(
  s: RunnerState,
  labs: readonly LabInfo[],
  folderOf: (lab: LabInfo) => string,
  solution: (lab: LabInfo) => readonly SolutionFile[],
): Line[] {
  const lab = labs[s.current];
  if (!lab) return [{ text: 'no labs' }];
  const done = doneCount(labs, s.done);
  const lines: Line[] = [
    {
      text: `irsa-lab labs ${progressBar(done, labs.length)} ${done}/${labs.length} done`,
      bold: true,
    },
    {
      text: `Lab ${labLabel(lab)}: edit ${folderOf(lab)}/${lab.files.join(', ')} (README.md says what to do)`,
      color: 'cyan',
    },
    { text: '' },
  ];
  switch (s.view) {
    case 'list':
      lines.push(...listView(s, labs));
      break;
    case 'hint':
      lines.push({ text: 'Hint', bold: true }, ...wrap(lab.hint, WIDTH).map((text) => ({ text: `  ${text}` })));
      break;
    case 'solution':
      lines.push(...(solutionUnlocked(s, lab) ? solutionView(lab, solution(lab)) : []));
      break;
    case 'confirm-reset':
      lines.push({
        text: `Reset ${lab.folder} to its pristine files? Your files are backed up first. y = yes, any other key = no`,
        color: 'yellow',
        bold: true,
      });
      break;
    default:
      lines.push(...reportView(s.reports[lab.name], s.checking.includes(lab.name)));
  }
  lines.push({ text: '' });
  for (const n of s.notice) lines.push({ text: n, color: 'yellow' });
  lines.push({ text: `${KEYS}   (watching ${folderOf(lab)} for changes)`, color: 'gray' });
  return lines;
}

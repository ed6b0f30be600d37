/**
 * The non-interactive labs commands, for instructors and CI (the app wires
 * them as `irsa-lab labs ...`): `list`, `check <n|name|all>`, `hint <lab>`
 * and `reset <lab>`. Exit 0 when every checked lab passes, 1 on a failure,
 * 2 on a usage error (an unknown lab gets the closest names).
 */
import { join } from 'node:path';
import { checkLabFolder } from './check-lab.js';
import { labLabel, reportLines, wrap } from './format.js';
import { closestLabs, findLab, type LabInfo, loadInfo } from './info.js';
import type { LearnerLimits } from './learner/lab-files.js';
import { findLabsRoot, type LabsPaths, labsPaths } from './paths.js';
import { doneCount, readProgress, recordCheck, updateProgress } from './progress.js';
import { ResetError, resetLab } from './reset.js';

/** Where the commands write, and where they start looking for the labs. */
export interface LabsIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  /** The directory to find the labs from (default: this package's own labs). */
  readonly cwd?: string;
  /** Limits for the learner code a check runs (default: the usual ones; see LearnerLimits). */
  readonly learnerLimits?: LearnerLimits;
}

const USAGE = `usage: irsa-lab labs <command>

  list                     the labs, in order, with your progress
  check <n|name|all>       check a lab (or all); exit 0 if every one passes, 1 if not
  hint <n|name>            the lab's hint
  reset <n|name>           restore the pristine lab (your files are backed up first)

Interactive watch mode: npm run labs
`;

type Out = (line: string) => void;

function resolveLab(labs: readonly LabInfo[], ref: string | undefined, err: Out): LabInfo | undefined {
  if (!ref) {
    err('name a lab: its number or name (irsa-lab labs list shows them)');
    return undefined;
  }
  const lab = findLab(labs, ref);
  if (lab) return lab;
  const near = closestLabs(labs, ref);
  const suggestion = near.length
    ? `; did you mean ${near.map((l) => `${l.number} (${l.name})`).join(', ')}?`
    : `; the labs are 1 to ${labs.length} (irsa-lab labs list shows them)`;
  err(`no lab "${ref}"${suggestion}`);
  return undefined;
}

function list(labs: readonly LabInfo[], paths: LabsPaths, out: Out): number {
  const { done } = readProgress(paths.progress);
  out(`irsa-lab workshop labs (${doneCount(labs, done)}/${labs.length} done)`);
  for (const lab of labs) {
    out(`${done.includes(lab.name) ? '✓' : '·'} ${labLabel(lab)}  exercises/${lab.folder}/${lab.files.join(', ')}`);
    for (const line of wrap(lab.checks, 90)) out(`      ${line}`);
  }
  return 0;
}

async function check(
  labs: readonly LabInfo[],
  ref: string | undefined,
  paths: LabsPaths,
  out: Out,
  err: Out,
  limits: LearnerLimits = {},
): Promise<number> {
  const targets = ref === 'all' ? labs : [resolveLab(labs, ref, err)].filter((l): l is LabInfo => l !== undefined);
  if (targets.length === 0) return 2;
  let passed = 0;
  for (const lab of targets) {
    const report = await checkLabFolder(lab, join(paths.exercises, lab.folder), undefined, limits);
    for (const line of reportLines(lab, report)) out(line);
    if (!report.pass) out(`    hint: irsa-lab labs hint ${lab.number}`);
    if (report.pass) passed += 1;
    // each result as it comes, on the file as it is then (the runner may be open too)
    try {
      updateProgress(paths.progress, (progress) => recordCheck(progress, lab.name, report.pass));
    } catch {
      // a read-only checkout (CI) keeps no progress; the verdict stands
    }
  }
  if (targets.length > 1) out(`${passed}/${targets.length} labs pass`);
  return passed === targets.length ? 0 : 1;
}

function reset(labs: readonly LabInfo[], ref: string | undefined, paths: LabsPaths, out: Out, err: Out): number {
  const lab = resolveLab(labs, ref, err);
  if (!lab) return 2;
  try {
    const result = resetLab(paths, lab, Date.now());
    if (result.backupDir) out(`your files were copied to ${result.backupDir}`);
    out(`restored ${result.restored.join(', ')} in exercises/${lab.folder}`);
    return 0;
  } catch (e) {
    if (e instanceof ResetError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
}

/**
 * Run `irsa-lab labs <argv...>`.
 * @example const code = await labsMain(['check', 'all'], { stdout: process.stdout, stderr: process.stderr });
 */
export async function labsMain(argv: string[], io: LabsIo): Promise<number> {
  const out: Out = (line) => io.stdout.write(`${line}\n`);
  const err: Out = (line) => io.stderr.write(`irsa-lab labs: ${line}\n`);
  const [command, ref, extra] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (extra !== undefined) {
    err(`unexpected argument "${extra}"\n${USAGE}`);
    return 2;
  }
  const paths = labsPaths(findLabsRoot(io.cwd));
  let labs: LabInfo[];
  try {
    labs = loadInfo(paths.info);
  } catch (e) {
    err(`cannot read the labs: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  switch (command) {
    case 'list':
      return list(labs, paths, out);
    case 'check':
      return check(labs, ref, paths, out, err, io.learnerLimits);
    case 'hint': {
      const lab = resolveLab(labs, ref, err);
      if (!lab) return 2;
      out(`hint for ${labLabel(lab)}:`);
      for (const line of wrap(lab.hint, 90)) out(`  ${line}`);
      return 0;
    }
    case 'reset':
      return reset(labs, ref, paths, out, err);
    default:
      err(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

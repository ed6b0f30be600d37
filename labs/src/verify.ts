/**
 * labs:verify, the maintainers' proof (rustlings' `dev check`): the metadata
 * is valid and unique; every lab has a README, a hint, TODO markers in its
 * files and a mirrored solution; every exercise as shipped FAILS its check
 * and every reference solution PASSES it. Both run in temporary copies,
 * never in the learner's tree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckerTable } from './check-lab.js';
import { checkLabFolder } from './check-lab.js';
import { CHECKERS } from './checks/index.js';
import { labLabel, seconds } from './format.js';
import { type LabInfo, loadInfo } from './info.js';
import { isLabInputError } from './learner/input-error.js';
import { labsPaths } from './paths.js';
import { listFiles, pristineLab } from './pristine.js';
import { withLabCopy } from './workspace.js';

export interface VerifyResult {
  readonly ok: boolean;
  /** The report, line by line. */
  readonly lines: readonly string[];
  /** Each problem found, prefixed with its lab. */
  readonly problems: readonly string[];
}

const CRASH = 'the checker itself failed';

/** The static checks of one lab: files, README, hint, TODOs, mirrored solution. */
function staticProblems(root: string, lab: LabInfo): string[] {
  const paths = labsPaths(root);
  const ex = join(paths.exercises, lab.folder);
  const sol = join(paths.solutions, lab.folder);
  const problems: string[] = [];
  if (!existsSync(ex)) return [`exercises/${lab.folder} does not exist`];
  const readme = join(ex, 'README.md');
  if (!existsSync(readme) || readFileSync(readme, 'utf8').trim().length < 200)
    problems.push('README.md is missing or nearly empty');
  if (lab.hint.length < 20) problems.push('the hint is too short to help');
  for (const file of lab.files) {
    const path = join(ex, file);
    if (!existsSync(path)) problems.push(`exercises/${lab.folder}/${file} (listed in files) does not exist`);
    else if (!readFileSync(path, 'utf8').includes('TODO')) problems.push(`${file} has no TODO marker`);
  }
  if (!existsSync(sol)) return [...problems, `solutions/${lab.folder} does not exist`];
  const exercise = new Set(listFiles(ex));
  for (const file of listFiles(sol)) {
    if (!exercise.has(file)) problems.push(`solutions/${lab.folder}/${file} has no counterpart in the exercise`);
    else if (readFileSync(join(sol, file), 'utf8').includes('TODO')) problems.push(`solution ${file} still has a TODO`);
  }
  for (const file of lab.files) {
    if (!existsSync(join(sol, file))) problems.push(`solutions/${lab.folder}/${file} is missing`);
  }
  return problems;
}

/** Check the shipped exercise (must fail cleanly) and the solution (must pass). */
async function dynamicProblems(
  root: string,
  lab: LabInfo,
  checkers: CheckerTable,
): Promise<{ problems: string[]; line: string }> {
  const paths = labsPaths(root);
  const pristine = pristineLab(join(paths.exercises, lab.folder));
  const shipped = await withLabCopy(root, lab.folder, pristine, undefined, (dir) => checkLabFolder(lab, dir, checkers));
  const solved = await withLabCopy(root, lab.folder, pristine, join(paths.solutions, lab.folder), (dir) =>
    checkLabFolder(lab, dir, checkers),
  );
  const problems: string[] = [];
  const firstFail = shipped.steps.find((s) => !s.ok);
  if (shipped.pass) problems.push(`the exercise as shipped (${pristine.source}) passes its check`);
  else if (firstFail?.title.startsWith(CRASH))
    problems.push(`the exercise's check crashed: ${firstFail.details.join('; ')}`);
  if (!solved.pass) {
    const failed = solved.steps.filter((s) => !s.ok).map((s) => [s.title, ...s.details].join(' — '));
    problems.push(`the solution fails its check: ${failed.join(' | ')}`);
  }
  const line = `shipped fails at "${firstFail?.title ?? '?'}" (${seconds(shipped.durationMs)}); solution ${solved.pass ? 'passes' : 'FAILS'} (${seconds(solved.durationMs)})`;
  return { problems, line };
}

/** Verify every lab under `root`. */
export async function verifyLabs(root: string, checkers: CheckerTable = CHECKERS): Promise<VerifyResult> {
  const lines: string[] = [];
  const problems: string[] = [];
  let labs: LabInfo[];
  try {
    labs = loadInfo(labsPaths(root).info);
  } catch (err) {
    const message = isLabInputError(err) || err instanceof Error ? err.message : String(err);
    const problem = message.startsWith('info.yaml') ? message : `info.yaml: ${message}`;
    return { ok: false, lines: [`✗ ${problem}`], problems: [problem] };
  }
  lines.push(`info.yaml: ${labs.length} labs, names unique`);
  for (const folder of Object.keys(checkers)) {
    if (!labs.some((l) => l.folder === folder)) problems.push(`checker ${folder} has no lab in info.yaml`);
  }
  for (const lab of labs) {
    const found = staticProblems(root, lab);
    let detail = 'files not checked';
    if (found.length === 0) {
      const dynamic = await dynamicProblems(root, lab, checkers);
      found.push(...dynamic.problems);
      detail = dynamic.line;
    }
    lines.push(`${found.length === 0 ? '✓' : '✗'} ${labLabel(lab)}: ${detail}`);
    for (const p of found) {
      lines.push(`    ${p}`);
      problems.push(`${labLabel(lab)}: ${p}`);
    }
  }
  lines.push(
    problems.length === 0
      ? `labs:verify: all ${labs.length} labs verified`
      : `labs:verify: ${problems.length} problem(s)`,
  );
  return { ok: problems.length === 0, lines, problems };
}

/**
 * Test helpers: the real labs (info.yaml, exercises, solutions), and
 * temporary copies of the labs root to check or edit without touching the
 * learner's tree (the copy links the repo's node_modules, so the
 * TypeScript labs can import jose).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '@irsa-lab/labs';
import { checkLabFolder, type LabInfo, loadInfo } from '@irsa-lab/labs';
import { onTestFinished } from 'vitest';

export const LABS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LABS: readonly LabInfo[] = loadInfo(join(LABS_ROOT, 'info.yaml'));

/** The lab numbered `n`. */
export function lab(n: number): LabInfo {
  const found = LABS.find((l) => l.number === n);
  if (!found) throw new Error(`no lab ${n}`);
  return found;
}

function nodeModules(): string {
  for (let dir = LABS_ROOT; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'jose'))) return join(dir, 'node_modules');
    if (dirname(dir) === dir) throw new Error('no node_modules with jose');
  }
}

/**
 * A new temporary root, removed when the test that made it ends. (A hook of this module's own would not do: a
 * worker keeps this module from one test file to the next, so an `afterAll` here ran after the first file only.)
 */
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'labs-test-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  symlinkSync(nodeModules(), join(root, 'node_modules'), 'dir');
  return root;
}

function copyLab(root: string, l: LabInfo): void {
  cpSync(join(LABS_ROOT, 'exercises', l.folder), join(root, 'exercises', l.folder), { recursive: true });
  cpSync(join(LABS_ROOT, 'solutions', l.folder), join(root, 'solutions', l.folder), { recursive: true });
}

/** A temporary labs root with the first `count` labs (all by default) and their info.yaml. Removed after the test. */
export function copyLabsRoot(count = LABS.length): string {
  const root = tempRoot();
  const labs = LABS.slice(0, count);
  for (const l of labs) copyLab(root, l);
  const entry = (l: LabInfo) =>
    `  - name: ${l.name}\n    folder: ${l.folder}\n    files: [${l.files.join(', ')}]\n    hint: ${JSON.stringify(l.hint)}\n    checks: ${JSON.stringify(l.checks)}\n`;
  writeFileSync(join(root, 'info.yaml'), `labs:\n${labs.map(entry).join('')}`);
  return root;
}

/** A temporary root holding lab `n`'s exercise and solution folders only. */
function labCopy(n: number): string {
  const root = tempRoot();
  copyLab(root, lab(n));
  return root;
}

/** Check lab `n` in a temporary copy of its exercise, with `files` written over it. */
export async function checkWith(n: number, files: Readonly<Record<string, string>> = {}): Promise<CheckReport> {
  const root = labCopy(n);
  const l = lab(n);
  const dir = join(root, 'exercises', l.folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return checkLabFolder(l, dir);
}

/** Check lab `n` with its reference solution applied (in a temporary copy). */
export async function checkSolution(n: number): Promise<CheckReport> {
  const root = labCopy(n);
  const l = lab(n);
  cpSync(join(root, 'solutions', l.folder), join(root, 'exercises', l.folder), { recursive: true });
  return checkLabFolder(l, join(root, 'exercises', l.folder));
}

/** Every line of a report (titles and details), for `toContain` checks on key facts. */
export function text(report: CheckReport): string {
  return report.steps.flatMap((s) => [`${s.ok ? 'ok' : 'FAIL'} ${s.title}`, ...s.details]).join('\n');
}

/** The failed steps' lines only. */
export function failures(report: CheckReport): string {
  return report.steps
    .filter((s) => !s.ok)
    .flatMap((s) => [s.title, ...s.details])
    .join('\n');
}

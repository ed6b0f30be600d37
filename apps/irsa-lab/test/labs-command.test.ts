/**
 * `irsa-lab labs …` through the built app, run from a copy of the labs: it
 * finds the labs from the current directory, as `npm run labs` does, so the
 * copy's progress and files are the ones read and written, not the repo's.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const appDir = join(import.meta.dirname, '..');
const labsDir = dirname(dirname(fileURLToPath(import.meta.resolve('@irsa-lab/labs'))));
const work = mkdtempSync(join(tmpdir(), 'irsa-lab-labs-copy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function labs(...args: string[]) {
  const bundle = join(appDir, 'dist/irsa-lab.mjs');
  expect(existsSync(bundle), `${bundle} is missing: run \`npm run build\``).toBe(true);
  return spawnSync(process.execPath, [bundle, 'labs', ...args], { cwd: work, encoding: 'utf8' });
}

test('labs list and check work on the copy the command runs in, and leave the repo alone', () => {
  for (const part of ['info.yaml', 'exercises', 'solutions'])
    cpSync(join(labsDir, part), join(work, part), { recursive: true });
  const repoProgress = join(labsDir, '.progress.json');
  const before = existsSync(repoProgress) ? readFileSync(repoProgress, 'utf8') : undefined;
  // the copy's own progress: lab 02 is the current one
  writeFileSync(join(work, '.progress.json'), JSON.stringify({ version: 1, current: 'scoped-trust-policy', done: [] }));
  // lab 01 solved in the copy only
  const lab1 = '01-register-oidc-provider';
  cpSync(join(work, 'solutions', lab1), join(work, 'exercises', lab1), { recursive: true });

  const checked = labs('check', '1');
  expect(checked.stderr).toBe('');
  expect(checked.stdout).toMatch(/^✓ 01 register-oidc-provider/);
  expect(checked.status).toBe(0);
  expect(JSON.parse(readFileSync(join(work, '.progress.json'), 'utf8')).done).toEqual(['register-oidc-provider']);

  const listed = labs('list');
  expect(listed.status).toBe(0);
  expect(listed.stdout).toMatch(/\(1\/14 done\)/);
  expect(existsSync(repoProgress) ? readFileSync(repoProgress, 'utf8') : undefined).toBe(before);
});

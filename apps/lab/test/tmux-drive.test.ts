/**
 * Runs scripts/tmux-drive.sh: the app in a real terminal (tmux), driven as
 * a person would. Twice: on a bundle of the app with the fixture scenarios
 * (the UI itself), and on the built app, dist/irsa-lab.mjs, with the real
 * catalogue's happy-path. Runs wherever tmux is installed (here and on CI);
 * a missing bundle is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'irsa-lab-tmux-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function drive(bundle: string, scenario: string) {
  const run = spawnSync('bash', [join(appDir, 'scripts/tmux-drive.sh'), bundle, scenario], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr, run.stdout).toBe('');
  expect(run.stdout).toMatch(/^tmux-drive: ok/);
  expect(run.status).toBe(0);
}

describe.runIf(hasTmux)('the app under tmux', () => {
  it('with fixture scenarios: opens, picks one by typing, steps, moves time, explains, helps, quits cleanly', () => {
    const bundle = join(work, 'irsa-lab-fixtures.mjs');
    const built = spawnSync(
      'node',
      [join(appDir, 'scripts/bundle.mjs'), join(appDir, 'test/fixtures/fixture-cli.ts'), bundle],
      { encoding: 'utf8' },
    );
    expect(built.status, built.stderr).toBe(0);
    drive(bundle, 'fixture-basics');
  }, 70_000);

  it('the built app (dist/irsa-lab.mjs) with the real happy-path scenario', () => {
    const bundle = join(appDir, 'dist/irsa-lab.mjs');
    expect(existsSync(bundle), `${bundle} is missing: run \`npm run build\` in apps/lab`).toBe(true);
    drive(bundle, 'happy-path');
  }, 70_000);
});

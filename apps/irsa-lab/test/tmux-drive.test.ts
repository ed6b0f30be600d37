/**
 * Runs scripts/tmux-drive.sh: the app in a real terminal (tmux), driven as
 * a person would. Twice: on a bundle of the app with the fixture scenarios
 * (the UI itself), and on the built app, dist/irsa-lab.mjs, with the real
 * catalogue's happy-path. Runs wherever tmux is installed (here and on CI);
 * a missing bundle is a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '..');
// the labs package's folder (where `npm run labs` runs), from its entry point
const labsDir = dirname(dirname(fileURLToPath(import.meta.resolve('@irsa-lab/labs'))));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'irsa-lab-tmux-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function drive(bundle: string, scenario: string) {
  const run = spawnSync('bash', [join(appDir, 'scripts/tmux-drive.sh'), bundle, scenario], {
    encoding: 'utf8',
    timeout: 240_000, // inside the test's own limit, so a hung drive is reported with its output
  });
  expect(run.stderr, run.stdout).toBe('');
  expect(run.stdout).toMatch(/^tmux-drive: ok/);
  expect(run.status).toBe(0);
}

/** Wait (up to 20 s) until `check` is true. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 20_000) throw new Error(`still waiting after 20 s for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
  });

  // the app, and the labs runner (`npm run labs`, its own Ink program, bundled the same way), once it has checked
  // the current lab (its checks are the labs' tsc output, which the bundle loads after its first frame). Both start in
  // a copy of the labs folder: the runner saves its progress where it runs, and a learner's own (labs/.progress.json,
  // their exercises) is not the test's to write
  const labsCopy = join(work, 'labs');
  for (const part of ['info.yaml', 'exercises', 'solutions'])
    cpSync(join(labsDir, part), join(labsCopy, part), { recursive: true });
  const programs = [
    { name: 'the app', script: join(appDir, 'dist/irsa-lab.mjs'), shows: /irsa-lab ▸ scenarios/, saves: false },
    {
      name: 'the labs runner',
      script: join(labsDir, 'dist/runner.mjs'),
      shows: /irsa-lab labs[\s\S]*(✗ not yet|✓ passed)/,
      saves: true,
    },
  ];
  it.each(programs)(
    'a terminal that goes away (window closed, ssh dropped) ends $name without a stack trace',
    async ({ script, shows, saves }) => {
      expect(existsSync(script), `${script} is missing: run \`npm run build\``).toBe(true);
      const stderr = join(work, `closed-terminal-${basename(script)}.txt`);
      const tmux = (...args: string[]) =>
        spawnSync('tmux', ['-L', `irsa-closed-${process.pid}`, ...args], { encoding: 'utf8' });
      // as scripts/tmux-drive.sh does: with CI set (as on CI), Ink draws only the last frame, at exit
      const command = `exec env -u CI node '${script}' 2>'${stderr}'`;
      const repoProgress = join(labsDir, '.progress.json');
      const before = existsSync(repoProgress) ? readFileSync(repoProgress, 'utf8') : undefined;
      const started = tmux('new-session', '-d', '-s', 'c', '-x', '120', '-y', '40', '-c', labsCopy, command);
      expect(started.status, started.stderr).toBe(0);
      const socket = tmux('display-message', '-p', '#{socket_path}').stdout.trim();
      try {
        const pid = Number(tmux('display-message', '-p', '-t', 'c', '#{pane_pid}').stdout.trim());
        expect(pid).toBeGreaterThan(0);
        await until(() => shows.test(tmux('capture-pane', '-p', '-t', 'c').stdout));
        tmux('kill-server'); // the terminal is gone: SIGHUP, and every later write fails with EIO
        await until(() => !alive(pid));
      } finally {
        tmux('kill-server');
        if (socket) rmSync(socket, { force: true }); // tmux leaves its socket file behind
      }
      // Ink shows the cursor again on its way out (on stderr, here a file); nothing else may be there
      expect(readFileSync(stderr, 'utf8').replaceAll('\u001b[?25h', '')).toBe('');
      expect(existsSync(repoProgress) ? readFileSync(repoProgress, 'utf8') : undefined).toBe(before);
      expect(existsSync(join(labsCopy, '.progress.json'))).toBe(saves);
    },
    70_000,
  );

  it('the built app (dist/irsa-lab.mjs) with the real happy-path scenario', () => {
    const bundle = join(appDir, 'dist/irsa-lab.mjs');
    expect(existsSync(bundle), `${bundle} is missing: run \`npm run build\` in apps/irsa-lab`).toBe(true);
    drive(bundle, 'happy-path');
  });
});

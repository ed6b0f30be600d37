/**
 * The watchdog in a real terminal: a program whose main thread stalls (a
 * render that never ends) still ends on Ctrl-C, q or SIGTERM, with the
 * terminal restored, and keys typed during a stall it recovers from reach it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from './tmux/terminal.js';

const appDir = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'irsa-lab-watchdog-'));
const bundle = join(work, 'stalling-app.mjs');
let term: Terminal | undefined;

beforeAll(() => {
  const built = spawnSync(
    'node',
    [join(appDir, 'scripts/bundle.mjs'), join(appDir, 'test/fixtures/stalling-app.tsx'), bundle],
    {
      encoding: 'utf8',
    },
  );
  expect(built.status, built.stderr).toBe(0);
});
afterEach(() => term?.close());
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Start the program in a shell that reports its exit status and the terminal's mode once it ends. */
async function start(): Promise<Terminal> {
  const report = `echo "exited rc=$? tty=$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?icanon|-?echo' | tr '\\n' ' ')"`;
  term = new Terminal(`sh -c 'node ${bundle}; ${report.replaceAll("'", "'\\''")}; sleep 60'`, {
    columns: 80,
    rows: 24,
  });
  await term.waitFor('ready · typed:');
  return term;
}

/**
 * The program's process under the pane's shell, found by its command line: not by the name `node`, which
 * Node 24 no longer has in /proc (it names its main thread MainThread). Throws rather than return 0, which
 * process.kill would take for this test's own process group.
 */
function programPid(t: Terminal): number {
  const found = spawnSync('pgrep', ['-P', String(t.pid), '-f', bundle], { encoding: 'utf8' }).stdout.trim();
  const pid = Number(found.split('\n')[0]);
  if (!(pid > 0)) throw new Error(`no process running ${bundle} under the pane's shell (pid ${t.pid})`);
  return pid;
}

/**
 * How long to wait for the program to end. The watchdog's own limits (500 ms
 * to notice a stall, 10 s to give up after SIGTERM) are wall-clock features;
 * on a busy machine its thread may run late, so the test waits long and
 * asserts what matters: a main thread that never returns still ends, with
 * the terminal restored and the report printed.
 */
const EXIT_WAIT_MS = 60_000;

describe.runIf(hasTmux)('the watchdog', () => {
  it.each([
    ['Ctrl-C', 'C-c'],
    ['q', 'q'],
  ])('%s ends a program whose main thread never returns, and restores the terminal', async (_name, key) => {
    const t = await start();
    t.press('x');
    await new Promise((r) => setTimeout(r, 800)); // past the watchdog's 500 ms
    t.press(key);
    const screen = await t.waitFor('exited rc=', EXIT_WAIT_MS);
    expect(screen).toContain('rc=137'); // the watchdog can only end a stuck process with SIGKILL
    expect(screen).toContain('tty=icanon echo');
    expect(screen.replaceAll('\n', '')).toMatch(
      /irsa-lab: stopped on (Ctrl-C|q) while the screen was not updating\. fixture report/,
    );
  });

  it('SIGTERM ends it within the give-up limit, and restores the terminal', async () => {
    const t = await start();
    t.press('x');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(programPid(t), 'SIGTERM');
    const screen = await t.waitFor('exited rc=', EXIT_WAIT_MS);
    expect(screen).toContain('tty=icanon echo');
    expect(screen.replaceAll('\n', '')).toMatch(
      /irsa-lab: the screen had not updated for \d+ s, so the app was stopped\. fixture report/,
    );
  });

  it('keys typed during a stall it recovers from reach the program, in order; q then quits normally', async () => {
    const t = await start();
    t.press('y');
    await new Promise((r) => setTimeout(r, 900)); // the watchdog is reading keys now
    t.type('abc');
    await t.waitFor('typed: abc', EXIT_WAIT_MS);
    t.type('d');
    await t.waitFor('typed: abcd');
    t.press('C-c');
    const screen = await t.waitFor('exited rc=', EXIT_WAIT_MS);
    expect(screen).toContain('rc=0');
    expect(screen).toContain('tty=icanon echo');
  });
});

/**
 * The interactive app's entry: render <App> on the real terminal and wait
 * until the learner quits; Ink restores the terminal (raw mode, cursor) on exit.
 */
import { setFlagsFromString } from 'node:v8';
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { CatalogueItem } from './catalogue-item.js';
import { App } from './ui/app.js';
import { CrashGuard } from './ui/crash-guard.js';
import { startWatchdog, type Watchdog } from './watchdog.js';

/** Where a session draws and reads; the process's own streams unless a test gives others. */
export interface SessionStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Render `app` until it exits. Nothing printed meanwhile is dropped: Ink's
 * patchConsole takes console output (a dependency's console.warn, React's
 * development warnings, and Node's process warnings, which Node prints with
 * console.error) and writes it above the frame, which it then draws again
 * below, so it stays in the terminal's scrollback after the app ends.
 * Errors in drawing are the CrashGuard's to show; Ink 8 gives React no-op
 * error callbacks, so React itself prints none.
 */
export async function runSession(
  app: ReactElement,
  seed: number,
  streams: SessionStreams = { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr },
): Promise<void> {
  const instance = render(app, { ...streams, exitOnCtrlC: true, patchConsole: true });
  // Ctrl-C, q and SIGTERM are answered by the main thread; the watchdog answers them if it ever stops turning.
  // It starts a second after the first frame, so its thread does not compete with the first frame for a core.
  let watchdog: Watchdog | undefined;
  const later = setTimeout(() => {
    watchdog = startWatchdog({
      report: `This is a bug: please report it with the seed (${seed}) and the keys you pressed.`,
    });
  }, 1_000);
  later.unref();
  try {
    await instance.waitUntilExit();
  } finally {
    clearTimeout(later);
    watchdog?.stop();
  }
}

/**
 * V8 flags for the walkthrough, which runs for as long as a
 * session lasts and should stay under 150 MB (the soak test's bound):
 * - `--optimize-for-size`: V8 grows the heap in smaller steps, keeps the
 *   young generation small and gives pages back sooner. Without it the app
 *   climbed to 201 MB after a burst of time keys and never came down.
 * - `--no-maglev`: after sts-throttling's 1,400 STS exchanges had warmed up
 *   V8's mid-tier compiler, the process kept about 12 MB more outside the
 *   heap, and never gave it back. The interpreter, Sparkplug and TurboFan
 *   stay; the scenario runs as fast.
 * Three soak runs (seeds 1765354761, 3333, 4444) peaked at 129, 128 and
 * 129 MB with both (and the bin's 2 MB semi-space); at 139, 137 and 147 MB
 * with Maglev, before STS kept less per call.
 *
 * Set here, when the walkthrough starts, rather than on the bin's first
 * line: the same command runs `irsa-lab serve`, a server, whose requests a
 * second these flags cut by 40 to 70% (serve-load, with and without, in
 * the same run). No scenario code has run yet, and V8 reads both flags as it
 * goes (when it sizes the heap, when it decides to compile a function
 * further); V8's code cache, which start-up reads, does not depend on them.
 */
export const WALKTHROUGH_V8_FLAGS = '--optimize-for-size --no-maglev';

export function runInteractive(catalogue: readonly CatalogueItem[], seed: number): Promise<void> {
  setFlagsFromString(WALKTHROUGH_V8_FLAGS);
  return runSession(
    <CrashGuard seed={seed}>
      <App catalogue={catalogue} seed={seed} />
    </CrashGuard>,
    seed,
  );
}

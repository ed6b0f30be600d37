/**
 * The interactive app's entry: render <App> on the real terminal and wait
 * until the learner quits; Ink restores the terminal (raw mode, cursor) on exit.
 */
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

export function runInteractive(catalogue: readonly CatalogueItem[], seed: number): Promise<void> {
  return runSession(
    <CrashGuard seed={seed}>
      <App catalogue={catalogue} seed={seed} />
    </CrashGuard>,
    seed,
  );
}

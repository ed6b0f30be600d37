/**
 * The interactive app's entry: render <App> on the real terminal and wait
 * until the learner quits; Ink restores the terminal (raw mode, cursor) on exit.
 */
import { render } from 'ink';
import type { CatalogueItem } from './catalogue-item.js';
import { App } from './ui/app.js';
import { CrashGuard } from './ui/crash-guard.js';
import { startWatchdog, type Watchdog } from './watchdog.js';

export async function runInteractive(catalogue: readonly CatalogueItem[], seed: number): Promise<void> {
  // Node prints process warnings straight to stderr, through the middle of the screen; drop them while the app runs
  process.removeAllListeners('warning');
  // React reports errors the CrashGuard caught with console.error, stack and all; the guard already shows them
  const { error, warn } = console;
  console.error = () => {};
  console.warn = () => {};
  const instance = render(
    <CrashGuard seed={seed}>
      <App catalogue={catalogue} seed={seed} />
    </CrashGuard>,
    { exitOnCtrlC: true },
  );
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
    console.error = error;
    console.warn = warn;
  }
}

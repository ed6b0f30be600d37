/**
 * The interactive app's entry: render <App> on the real terminal and wait
 * until the learner quits; Ink restores the terminal (raw mode, cursor) on exit.
 */
import { render } from 'ink';
import type { CatalogueItem } from './catalogue-item.js';
import { App } from './ui/app.js';
import { CrashGuard } from './ui/crash-guard.js';

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
  try {
    await instance.waitUntilExit();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

/**
 * @irsa-lab/app: the irsa-lab terminal app as a package, for its tests and
 * for whatever embeds it: the command-line dispatcher (`main`: everything it
 * touches comes in through `io`), the interactive app (`runInteractive`, or
 * `App` rendered with a catalogue and a seed of one's own, inside the
 * `CrashGuard` that turns a drawing failure into a message) and the freeze
 * watchdog. The `serve` and `env` commands are `@irsa-lab/app/serve`. The
 * `irsa-lab` binary runs the bundle of src/cli.tsx, not this entry.
 */

export type { CatalogueItem, LazyScenario } from './catalogue-item.js';
export { USAGE, USAGE_ROWS } from './cli/args.js';
export { runInteractive, runSession } from './interactive.js';
export type { CliIo } from './main.js';
export { main } from './main.js';
export type { AppProps } from './ui/app.js';
export { App, CLEAR_SCREEN } from './ui/app.js';
export type { CrashGuardProps } from './ui/crash-guard.js';
export { CrashGuard } from './ui/crash-guard.js';
export type { Watchdog, WatchdogOptions } from './watchdog.js';
export { startWatchdog } from './watchdog.js';

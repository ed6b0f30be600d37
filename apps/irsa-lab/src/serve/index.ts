/**
 * The `serve` and `env` commands, for the CLI dispatcher: `serveMain` runs a
 * world on 127.0.0.1 until stopped, `envMain` prints a Pod's env from a
 * running server. The app's `./serve` export (`@irsa-lab/app/serve`) is this file.
 */

export type { EnvIo } from './env-main.js';
export { envMain, exportLines, namesToUnset, shellLines, shellQuote } from './env-main.js';
export { CONTROL_ENV_VAR, ENV_USAGE, SERVE_USAGE } from './serve-args.js';
export type { ServeIo } from './serve-main.js';
export { endpointsTable, serveMain } from './serve-main.js';

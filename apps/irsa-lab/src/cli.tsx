#!/usr/bin/env node
/**
 * The `irsa-lab` binary: `serve`, `env` and `labs` go to their own commands
 * (loaded only when asked for); everything else goes to main() with the real
 * catalogue, the process's streams and the Ink renderer. Exits with the code.
 *
 * First it turns on Node's module compile cache, and only then loads the
 * rest (every import below is dynamic, and the bundle splits each into its
 * own chunk), so from the second start on V8 reads that code's compiled form
 * from disk instead of parsing and compiling it again. The cache lives where
 * Node puts it by default: the directory NODE_COMPILE_CACHE names, or
 * <os temp dir>/node-compile-cache. Node keys each entry by the file's
 * content and its own version and never removes old ones, and every build
 * makes new chunks: in the temp directory the system clears them away, and
 * nothing is written into the repository or the home directory.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off; if the directory cannot be
 * written, Node runs without it.
 */
import { enableCompileCache, flushCompileCache } from 'node:module';
import type { CatalogueItem } from './catalogue-item.js';
import { loadCatalogue } from './catalogue-source.js';

enableCompileCache();

// the AWS SDK (used by some scenario steps) warns about Node 20 on stderr, which would tear through the screen
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The terminal went away under the app (window closed, ssh dropped): end as a
 * process whose terminal hung up does, by SIGHUP's default action. Not with
 * process.exit: on its way out Node 20 restores the terminal's mode, fails on
 * the hung-up terminal and aborts with a native stack trace
 * (nodejs/node#51519, fixed in later Node versions).
 */
function terminalGone(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
}

// a reader that goes away is not an error: `irsa-lab list | head` (EPIPE), or a closed terminal (EIO on
// Ink's last writes after SIGHUP)
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  else if (err.code === 'EIO') terminalGone();
  else throw err;
});

/**
 * Exit with `code` once stdout has taken what was written, while serve's SIGINT and SIGTERM handlers are still
 * in place. A process that ends by running out of work closes its signal handles as it tears down (Node 22 and
 * 24 take a few ms for it), and a second Ctrl-C or a SIGTERM landing in that moment would kill it instead.
 */
function exitOnceWritten(code: number): Promise<number> {
  return new Promise(() => process.stdout.write('', () => process.exit(code)));
}

/**
 * The interactive app. Node writes the compile cache when the process exits normally (q, Ctrl-C), but a closed
 * terminal ends it by SIGHUP, which writes nothing: so it is also written a second after the app starts drawing,
 * when it is waiting for a key, not competing with the first frame for a core.
 */
async function interactive(catalogue: readonly CatalogueItem[], seed: number): Promise<void> {
  const { runInteractive } = await import('./interactive.js');
  setTimeout(flushCompileCache, 1_000).unref();
  return runInteractive(catalogue, seed);
}

const [command, ...rest] = process.argv.slice(2);
const streams = { stdout: process.stdout, stderr: process.stderr };

async function dispatch(): Promise<number> {
  switch (command) {
    case 'serve':
      return exitOnceWritten(await (await import('./serve/index.js')).serveMain(rest, streams));
    case 'env':
      return (await import('./serve/index.js')).envMain(rest, streams);
    case 'labs':
      // the labs are found from where the learner runs the command (a copy of the labs works too), as in `npm run labs`
      return (await import('@irsa-lab/labs')).labsMain(rest, { ...streams, cwd: process.cwd() });
    default:
      return (await import('./main.js')).main(process.argv.slice(2), {
        ...streams,
        isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
        catalogue: loadCatalogue(),
        interactive,
      });
  }
}

process.exitCode = await dispatch();

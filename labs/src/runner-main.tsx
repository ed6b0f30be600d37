/**
 * `npm run labs`: the interactive runner. Needs a terminal; anywhere else it
 * points to the non-interactive `irsa-lab labs check`.
 */
import { render } from 'ink';
import { loadInfo } from './info.js';
import { findLabsRoot, labsPaths } from './paths.js';
import { App } from './runner/app.js';
import { createEngine } from './runner/engine.js';

// the AWS SDK (the real-SDK labs) warns about Node 20 on stderr, which would tear through the screen
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

if (!process.stdin.isTTY || !process.stdout.isTTY) {
  process.stderr.write(
    'npm run labs is interactive and needs a terminal.\nWithout one, use: irsa-lab labs list | irsa-lab labs check <n|all>\n',
  );
  process.exit(2);
}

const paths = labsPaths(findLabsRoot(process.cwd()));
let labs: ReturnType<typeof loadInfo>;
try {
  labs = loadInfo(paths.info);
} catch (err) {
  process.stderr.write(`cannot read the labs: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
// the terminal went away (window closed, ssh dropped): Ink's next write fails with EIO. End by SIGHUP's
// default action, as irsa-lab's own CLI does: process.exit would make Node 20 abort restoring the hung-up
// terminal's mode (nodejs/node#51519)
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EIO' && err.code !== 'EPIPE') throw err;
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
});
// learner code may leave a promise rejecting after its check ended: that must not end the workshop
process.on('unhandledRejection', () => {});
const app = render(<App engine={createEngine(paths, labs)} />);
await app.waitUntilExit();

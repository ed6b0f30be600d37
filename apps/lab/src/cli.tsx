#!/usr/bin/env node
/**
 * The `irsa-lab` binary: hands the real catalogue, the process's streams and
 * the Ink renderer to main(), then exits with its code.
 */
import { loadCatalogue } from './catalogue-source.js';
import { runInteractive } from './interactive.js';
import { main } from './main.js';

// the AWS SDK (used by some scenario steps) warns about Node 20 on stderr, which would tear through the screen
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  catalogue: await loadCatalogue(),
  interactive: runInteractive,
});
process.exitCode = code;

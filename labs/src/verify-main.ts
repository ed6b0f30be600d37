/**
 * `npm run labs:verify` (run by the repo's test command): verify every lab
 * and exit non-zero with a readable report on any problem.
 */
import { findLabsRoot } from './paths.js';
import { verifyLabs } from './verify.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = performance.now();
const result = await verifyLabs(findLabsRoot(process.cwd()));
for (const line of result.lines) process.stdout.write(`${line}\n`);
process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
process.exitCode = result.ok ? 0 : 1;

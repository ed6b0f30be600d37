/**
 * How the bin starts `irsa-lab serve`. The bin's first line gives Node a 2 MB
 * semi-space (V8's young generation) for the walkthrough's memory; a server
 * answering thousands of STS requests a second pays for it in garbage
 * collection: between a tenth and a fifth of its requests a second in the
 * serve-load benchmark (bench/README.md). The flag can only be given at start-up, so
 * for `serve` the bin starts Node again without it, in the same process
 * (`process.execve`: the same pid, so a signal sent to it, Ctrl-C included,
 * reaches the server as before). Where Node has no `process.execve` (22.12
 * to 22.14, Windows) serve runs on in the first Node, with the flag: slower,
 * and the same in every other way.
 *
 * bench/serve-load starts its server with `serveFlags` of the bin's flags, so
 * that it measures serve as the bin runs it.
 */

/** Flags of the bin's first line that only the walkthrough needs. */
const WALKTHROUGH_ONLY = /^--max-semi-space-size(?:=|$)/;

/**
 * The Node flags `irsa-lab serve` runs with, out of those Node was started with.
 * @param {readonly string[]} execArgv
 * @returns {string[]}
 */
export function serveFlags(execArgv) {
  return execArgv.filter((flag) => !WALKTHROUGH_ONLY.test(flag));
}

/**
 * The `process.execve` arguments that start `irsa-lab serve` again without the walkthrough's flags, or
 * undefined when there is nothing to do: another command, no such flag, or no `process.execve` here.
 * @param {import('./launch.d.mts').NodeProcess} node
 *   what `process` says
 * @param {string} bundle the path of the app's bundle
 * @returns {[string, string[], Record<string, string>] | undefined}
 */
export function serveRelaunch(node, bundle) {
  if (node.argv[2] !== 'serve' || typeof node.execve !== 'function' || node.platform === 'win32') return undefined;
  const flags = serveFlags(node.execArgv);
  if (flags.length === node.execArgv.length) return undefined;
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(node.env)) if (value !== undefined) env[name] = value;
  return [node.execPath, [node.execPath, ...flags, bundle, ...node.argv.slice(2)], env];
}

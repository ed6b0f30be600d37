/**
 * How the installed `irsa-lab` command starts Node, read off the first line
 * of apps/irsa-lab/bin/irsa-lab.mjs: `#!/usr/bin/env -S [NAME=value ...] node
 * [--flag[=value] ...]`, the environment it sets and the Node flags it passes.
 * bench/serve-load starts its server the same way, so that it measures
 * `irsa-lab serve` as users run it; the app's bin test reads it too.
 */
import { readFileSync } from 'node:fs';

const SHEBANG = /^#!\/usr\/bin\/env -S((?: [A-Z_][A-Z0-9_]*=[\w.-]+)*) node((?: --[\w-]+(?:=[\w.-]+)?)*)$/;

/**
 * The environment and Node flags of a bin's first line, or undefined when the line is not of that form.
 * @param {string} firstLine
 * @returns {{ env: Record<string, string>, flags: string[] } | undefined}
 */
export function parseLaunch(firstLine) {
  const m = SHEBANG.exec(firstLine);
  if (!m) return undefined;
  const words = (s) => (s ?? '').trim().split(' ').filter(Boolean);
  const env = Object.fromEntries(words(m[1]).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { env, flags: words(m[2]) };
}

/**
 * The launch of the bin at `path` (a file URL or path).
 * @param {string | URL} path
 */
export function binLaunch(path) {
  const first = readFileSync(path, 'utf8').split('\n')[0] ?? '';
  const launch = parseLaunch(first);
  if (!launch)
    throw new Error(
      `${String(path)}: its first line is not \`#!/usr/bin/env -S [NAME=value ...] node [flags]\`: ${first}`,
    );
  return launch;
}

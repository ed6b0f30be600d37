/**
 * The real SDK reads its files from the real filesystem, so the Pod's files
 * are copied into a fresh temp dir and the env vars that point at them are
 * rewritten to the copies. Simplification: a real process would read them
 * at their container paths; the content is the same. HOME points at the
 * temp dir, so the developer's own ~/.aws is never read, and the Pod's
 * ~/.aws files are copied there.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE } from '@irsa-lab/core';
import type { PodView } from '../../pod-view.js';

/** Env vars whose value is a file the SDK reads. */
export const FILE_ENV_VARS = [
  AWS_WEB_IDENTITY_TOKEN_FILE,
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
] as const;

const INI_FILE_VARS: readonly string[] = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
const DEFAULT_HOME = '/root';

/** A temp dir holding copies of the Pod's files, and the env that points at them. */
export interface Sandbox {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Container path → host path of every file copied (absent files are not copied, so the SDK sees ENOENT). */
  readonly copies: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

/** Copy what `view` can read into a new temp dir and build the env the real SDK runs with. */
export async function prepareSandbox(view: PodView): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'irsa-lab-sdk-'));
  const podEnv = view.env();
  const env: Record<string, string> = { ...podEnv };
  const copies: Record<string, string> = {};
  let counter = 0;
  const copy = async (containerPath: string, rewriteIni: boolean): Promise<string> => {
    const known = copies[containerPath];
    if (known) return known;
    const target = join(dir, 'files', `${++counter}-${containerPath.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80)}`);
    copies[containerPath] = target;
    const content = view.readFile(containerPath);
    if (content !== undefined) await put(target, rewriteIni ? await rewriteTokenPaths(content, copy) : content);
    return target;
  };
  const home = podEnv.HOME || DEFAULT_HOME;
  for (const name of FILE_ENV_VARS) {
    const path = podEnv[name];
    if (!path) continue;
    env[name] = await copy(path.startsWith('~/') ? `${home}/${path.slice(2)}` : path, INI_FILE_VARS.includes(name));
  }
  for (const name of ['config', 'credentials']) {
    const content = view.readFile(`${home}/.aws/${name}`);
    if (content !== undefined) await put(join(dir, '.aws', name), await rewriteTokenPaths(content, copy));
  }
  env.HOME = dir;
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return { dir, env, copies, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** A profile's `web_identity_token_file` is a container path too: copy it and point the line at the copy. */
async function rewriteTokenPaths(
  ini: string,
  copy: (containerPath: string, rewriteIni: boolean) => Promise<string>,
): Promise<string> {
  const lines = ini.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*web_identity_token_file\s*=\s*)(\S.*?)\s*$/.exec(lines[i] as string);
    if (match) lines[i] = `${match[1]}${await copy(match[2] as string, false)}`;
  }
  return lines.join('\n');
}

/** Make `process.env` exactly `env`; the returned function puts every variable back as it was. */
export function swapProcessEnv(env: Readonly<Record<string, string>>): () => void {
  const saved = { ...process.env };
  const replaceWith = (next: Readonly<Record<string, string | undefined>>) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    for (const [key, value] of Object.entries(next)) if (value !== undefined) process.env[key] = value;
  };
  replaceWith(env);
  return () => replaceWith(saved);
}

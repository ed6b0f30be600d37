/**
 * POSIX path handling for the node's host filesystem and for container
 * paths: lexical normalisation (`.`, `..`, repeated slashes) in which `..`
 * never climbs above `/`, so no path escapes the tree it is resolved in.
 */

/** Longest path the host filesystem accepts (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/**
 * Normalise an absolute path: `/a//b/./c/../d/` → `/a/b/d`. `..` at the root
 * stays at the root, as the kernel does. Throws TypeError on a relative path,
 * a NUL byte or a path longer than MAX_PATH_LENGTH.
 * @example normalizePath('/var/lib/../../../etc') // '/etc'
 */
export function normalizePath(path: string): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(`path must be absolute, got ${JSON.stringify(path)}`);
  }
  if (path.includes('\0')) throw new TypeError('path must not contain a NUL byte');
  if (path.length > MAX_PATH_LENGTH) throw new TypeError(`path is longer than ${MAX_PATH_LENGTH} characters`);
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Resolve `path` against the absolute directory `cwd` (when relative) and normalise it. */
export function resolvePath(cwd: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${cwd}/${path}`);
}

/** Join a normalised base with a relative tail, keeping the result inside `base`. */
export function joinInside(base: string, tail: string): string {
  // normalise the tail on its own first, so its `..` cannot climb out of `base`
  const rest = normalizePath(`/${tail}`);
  return rest === '/' ? normalizePath(base) : normalizePath(`${base}${rest}`);
}

/** Whether normalised `path` is `dir` itself or lies under it. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** The parent directory of a normalised path (`/` for `/`). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

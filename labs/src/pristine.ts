/**
 * The pristine exercises, as shipped: what reset restores and what
 * labs:verify proves fails. They are the files of the last commit (read with
 * `git show HEAD:…`, which changes nothing); outside a git checkout, or for
 * files not committed yet, the working tree is taken as shipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The files of one pristine lab folder, by path relative to the folder. */
export interface PristineLab {
  readonly files: ReadonlyMap<string, Buffer>;
  /** Where they came from: `git HEAD` or `working tree`. */
  readonly source: 'git HEAD' | 'working tree';
}

function git(cwd: string, args: readonly string[]): Buffer | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 8 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, relative, `/`-separated. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at)) {
      const full = join(at, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The lab folder `dir` as committed at HEAD, if git knows it. */
function fromGit(dir: string): PristineLab | undefined {
  if (!existsSync(dir)) return undefined;
  const top = git(dir, ['rev-parse', '--show-toplevel'])?.toString().trim();
  if (!top) return undefined;
  const prefix = relative(top, dir).split(sep).join('/');
  const listed = git(top, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', prefix]);
  const names =
    listed
      ?.toString()
      .split('\0')
      .filter((n) => n !== '') ?? [];
  if (names.length === 0) return undefined;
  const files = new Map<string, Buffer>();
  for (const name of names) {
    const blob = git(top, ['show', `HEAD:${name}`]);
    if (!blob) return undefined;
    files.set(name.slice(prefix.length + 1), blob);
  }
  return { files, source: 'git HEAD' };
}

/** The working tree's files of `dir`, taken as shipped. */
function fromTree(dir: string): PristineLab {
  return { files: new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f))])), source: 'working tree' };
}

/** The pristine files of the exercise folder `dir`: git HEAD when committed, else the working tree. */
export function pristineLab(dir: string): PristineLab {
  return fromGit(dir) ?? fromTree(dir);
}

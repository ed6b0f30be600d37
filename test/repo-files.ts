/** The repository's files, for the repository tests that read its sources. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (absolute paths), node_modules and dist/ left out. */
export function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** The files under `dir` (none if it does not exist). */
export function filesUnder(dir: string): string[] {
  try {
    return walk(dir);
  } catch {
    return [];
  }
}

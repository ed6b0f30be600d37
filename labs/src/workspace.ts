/**
 * Temporary copies of a lab, outside the learner's tree: the pristine
 * exercise with a reference solution laid over it (what labs:verify checks,
 * and never the learner's own folder). The copy can import the repo's
 * packages (jose, for the TypeScript labs) through a node_modules link.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PristineLab } from './pristine.js';

/** The nearest node_modules at or above `dir` that holds `jose`. */
function nodeModulesFor(dir: string): string | undefined {
  let at = dir;
  for (;;) {
    if (existsSync(join(at, 'node_modules', 'jose'))) return join(at, 'node_modules');
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/**
 * Run `use` on a temporary lab folder holding `pristine`'s files with
 * `overlay` (a solution folder) copied over them; the copy is removed after.
 */
export async function withLabCopy<T>(
  labsRoot: string,
  folder: string,
  pristine: PristineLab,
  overlay: string | undefined,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'irsa-labs-'));
  try {
    writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
    const modules = nodeModulesFor(labsRoot);
    if (modules) symlinkSync(modules, join(root, 'node_modules'), 'dir');
    const dir = join(root, 'exercises', folder);
    mkdirSync(dir, { recursive: true });
    for (const [name, body] of pristine.files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), body);
    }
    if (overlay) cpSync(overlay, dir, { recursive: true });
    return await use(dir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Tests run the sources, not a stale dist/ (vitest.shared.ts): every
 * workspace package.json maps each export to its source under a `source`
 * condition, every workspace's vitest config takes the shared one, and
 * vitest, configured that way, resolves every workspace package to src/ in
 * the environment node tests run in. Mutation testing relies on it: a
 * mutant in src/ is only seen by tests that load src/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { TEST_LIMIT_MS } from '../vitest.shared.js';
import { filesUnder } from './repo-files.js';

const root = join(import.meta.dirname, '..');

interface Workspace {
  readonly dir: string;
  readonly name: string;
  readonly exports: Record<string, Record<string, string>>;
}

function workspaces(): Workspace[] {
  const dirs = [
    ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
    ...readdirSync(join(root, 'apps')).map((d) => join(root, 'apps', d)),
    join(root, 'labs'),
  ].filter((d) => existsSync(join(d, 'package.json')));
  return dirs.map((dir) => {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Omit<Workspace, 'dir'>;
    return { dir, name: json.name, exports: json.exports ?? {} };
  });
}

const all = workspaces();

/** `./src/a/b.ts(x)` → the tsc output paths `./dist/a/b.d.ts` and `./dist/a/b.js`. */
function distOf(source: string): { types: string; default: string } {
  const base = source.replace(/^\.\/src\//, './dist/').replace(/\.tsx?$/, '');
  return { types: `${base}.d.ts`, default: `${base}.js` };
}

describe('package exports', () => {
  it('map every export to its source first, then to its tsc output', () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const w of all) {
      const entries = Object.entries(w.exports);
      expect(entries.length, `${w.name} has an exports map`).toBeGreaterThan(0);
      for (const [subpath, target] of entries) {
        const at = `${w.name} exports["${subpath}"]`;
        expect(Object.keys(target), at).toEqual(['source', 'types', 'default']);
        expect(target.source, at).toMatch(/^\.\/src\/.+\.tsx?$/);
        expect(existsSync(join(w.dir, target.source as string)), `${at}.source exists`).toBe(true);
        expect({ types: target.types, default: target.default }, at).toEqual(distOf(target.source as string));
      }
    }
  });
});

describe('vitest resolves workspace packages to their sources', () => {
  const tested = all.filter((w) => existsSync(join(w.dir, 'vitest.config.ts')));
  const specifiers = all.flatMap((w) => Object.keys(w.exports).map((sub) => join(w.name, sub)));

  it('has a vitest config in every workspace, each merging vitest.shared.ts', () => {
    expect(tested.map((w) => w.name)).toEqual(all.map((w) => w.name));
    for (const w of tested) {
      expect(readFileSync(join(w.dir, 'vitest.config.ts'), 'utf8'), w.name).toMatch(
        /import shared(, \{ ONE_WORKER \})? from '\.\.\/(\.\.\/)?vitest\.shared\.(js|ts)';[\s\S]*mergeConfig\(shared,/,
      );
    }
  });

  for (const w of tested) {
    it(`${w.name}: node tests resolve every workspace package into its src/, with the shared limits`, async () => {
      const vitest = await createVitest('test', { root: w.dir, watch: false }, {}, {});
      try {
        const project = vitest.projects[0];
        expect(project?.config.testTimeout).toBe(TEST_LIMIT_MS);
        expect(project?.config.hookTimeout).toBe(TEST_LIMIT_MS);
        const ssr = project?.vite.environments.ssr;
        expect(ssr?.config.resolve.conditions).toContain('source');
        const importer = join(w.dir, 'test', 'any.test.ts');
        const wrong: string[] = [];
        for (const spec of specifiers) {
          const resolved = await ssr?.pluginContainer.resolveId(spec, importer);
          const owner = all.find((o) => spec === o.name || spec.startsWith(`${o.name}/`));
          const id = resolved?.id ?? '(unresolved)';
          if (!owner || !id.startsWith(`${join(owner.dir, 'src')}/`)) wrong.push(`${spec} → ${relative(root, id)}`);
        }
        expect(wrong).toEqual([]);
      } finally {
        await vitest.close();
      }
    });
  }
});

describe('helper modules register no hooks of their own', () => {
  // `isolate: false` (vitest.shared.ts): a worker imports a helper module once and keeps it for every later test
  // file, so a hook the module registers at its top level belongs to the first file only. Helpers that made temporary
  // folders and servers that way removed the first file's and left every later file's behind (about 80 folders
  // and about twenty open servers per `npm test`); they now clean up with `onTestFinished`. Biome formats every
  // top-level statement from the first column, which is what this looks for.
  it('no module beside the tests (not a .test file) calls afterAll, afterEach, beforeAll or beforeEach at its top level', () => {
    const helpers = all
      .flatMap((w) => [...filesUnder(join(w.dir, 'test')), ...filesUnder(join(w.dir, 'src'))])
      .concat(filesUnder(join(root, 'test')))
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    expect(helpers.length).toBeGreaterThan(10);
    const hooked = helpers.filter((f) => /^(afterAll|afterEach|beforeAll|beforeEach)\(/m.test(readFileSync(f, 'utf8')));
    expect(hooked.map((f) => relative(root, f))).toEqual([]);
  });
});

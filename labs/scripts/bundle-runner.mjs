/**
 * Builds the labs' interactive runner (`npm run labs`): src/runner-main.tsx
 * and the Ink UI it draws into dist/runner.mjs, with lazy chunks in
 * dist/chunks/, so its first frame does not wait for the simulation. The
 * checks are not bundled: src/runner/engine.ts imports ../check-lab.js when
 * the first check runs, and that import is pointed at the labs' own tsc
 * output (dist/check-lab.js, beside the bundle), because the checks find
 * their exercises from their own files and load learners' TypeScript with
 * tsx. The same recipe as the app's bundle (apps/irsa-lab/scripts/bundle.mjs):
 * ESM with code splitting, production React and Ink, a createRequire banner
 * for CommonJS dependencies, react-devtools-core left out; no dependency is
 * patched. Run by this workspace's `build` (turbo, after the tsc build).
 *
 * usage: node scripts/bundle-runner.mjs
 */
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const labsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(labsDir, 'dist');

/** Leaves src/check-lab.ts out of the bundle: it is loaded from the tsc output, dist/check-lab.js. */
const checksFromDist = {
  name: 'checks-from-dist',
  setup(b) {
    b.onResolve({ filter: /[\\/]check-lab\.js$/ }, (args) => {
      if (resolve(args.resolveDir, args.path) !== join(labsDir, 'src/check-lab.js')) return undefined;
      // dist/runner.mjs sits beside dist/check-lab.js
      return { path: './check-lab.js', external: true };
    });
  },
};

try {
  // chunk names carry content hashes: clear the last build's so they do not pile up
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: { runner: join(labsDir, 'src/runner-main.tsx') },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    jsx: 'automatic',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    plugins: [checksFromDist],
    external: ['react-devtools-core'],
  });
  chmodSync(join(outdir, 'runner.mjs'), 0o755);
} catch (err) {
  console.error(`labs runner bundle failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

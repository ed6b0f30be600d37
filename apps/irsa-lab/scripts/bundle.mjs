/**
 * Bundles the app (`npm run build` in this workspace): src/cli.tsx and
 * everything it loads, into dist/irsa-lab.mjs and lazy chunks in
 * dist/chunks/. What it bundles is the source the tests test, unchanged:
 * no module is replaced and no dependency patched. The first frame comes
 * from what is left out of it: cli.tsx turns on Node's compile cache and
 * loads the rest with dynamic imports (each its own chunk, compiled from
 * the cache on later starts), and the catalogue lists its lines
 * (@irsa-lab/scenarios/catalogue-lines) while the simulation's code loads
 * only when a scenario opens. The recipe: ESM with code splitting, React
 * and Ink in production mode, a createRequire banner for CommonJS
 * dependencies that require Node's modules, and react-devtools-core left
 * out (Ink looks for it only when DEV=true, and then finds it missing).
 * bench/app-first-frame builds its Ink hello-world with `bundleApp` too,
 * and the app's tests bundle their fixtures with this script.
 *
 * usage: node scripts/bundle.mjs [entry outfile]   (default: src/cli.tsx → dist/irsa-lab.mjs)
 */
import { chmodSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundle `entry` (TS/TSX/JS) into `outfile` (ESM, executable), with its lazy chunks in `chunks/` beside it.
 * `plugins` and `external` add to the recipe (the labs runner's build leaves its checks to its tsc output).
 */
export async function bundleApp(entry, outfile, { plugins = [], external = [] } = {}) {
  // chunk names carry content hashes: clear the last build's so they do not pile up
  rmSync(join(dirname(outfile), 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: { [basename(outfile).replace(/\.mjs$/, '')]: entry },
    outdir: dirname(outfile),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    jsx: 'automatic',
    // prefer ESM builds: UMD builds (jsonc-parser) call require() on relative paths that no longer exist once bundled
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    plugins,
    // the labs find their exercises next to their own package and load learners' TypeScript with tsx
    external: ['@irsa-lab/labs', 'react-devtools-core', ...external],
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outfile] = process.argv.slice(2);
  try {
    await bundleApp(
      resolve(entry ?? join(appDir, 'src/cli.tsx')),
      resolve(outfile ?? join(appDir, 'dist/irsa-lab.mjs')),
    );
  } catch (err) {
    console.error(`bundle failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

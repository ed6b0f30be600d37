/**
 * The one esbuild recipe for this repository's Ink programs: the app
 * (apps/irsa-lab/scripts/bundle.mjs, which bench/app-first-frame's
 * hello-world also uses) and the labs' runner (labs/scripts/bundle-runner.mjs).
 * Each workspace builds its own output with it. ESM with code splitting
 * (lazy chunks in `chunks/` beside the entry), React and Ink in production
 * mode, a createRequire banner for CommonJS dependencies that require Node's
 * modules, and react-devtools-core left out (Ink looks for it only when
 * DEV=true, and then finds it missing). What it bundles is the source the
 * tests test: no module is replaced and no dependency patched.
 */
import { chmodSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundle `entry` (TS/TSX/JS) into `outfile` (ESM, executable), with its lazy chunks in `chunks/` beside it.
 * `plugins` and `external` add to the recipe.
 */
export async function bundleNodeApp(entry, outfile, { plugins = [], external = [] } = {}) {
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
    external: ['react-devtools-core', ...external],
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

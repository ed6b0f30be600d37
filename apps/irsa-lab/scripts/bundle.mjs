/**
 * Bundles the app (`npm run build` in this workspace): src/cli.tsx and
 * everything it loads, into dist/irsa-lab.mjs and lazy chunks in
 * dist/chunks/. What it bundles is the source the tests test, unchanged:
 * no module is replaced and no dependency patched. The first frame comes
 * from what is left out of it: cli.tsx turns on Node's compile cache and
 * loads the rest with dynamic imports (each its own chunk, compiled from
 * the cache on later starts), and the catalogue lists its lines
 * (@irsa-lab/scenarios/catalogue-lines) while the simulation's code loads
 * only when a scenario opens. The recipe is the repository's one
 * (scripts/bundle-node-app.mjs, which the labs' runner uses too).
 * bench/app-first-frame builds its Ink hello-world with `bundleApp` too,
 * and the app's tests bundle their fixtures with this script.
 *
 * usage: node scripts/bundle.mjs [entry outfile]   (default: src/cli.tsx → dist/irsa-lab.mjs)
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../../scripts/bundle-node-app.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundle `entry` into `outfile` with the repository's recipe; the labs stay outside (they find their exercises next to their own package and load learners' TypeScript with tsx). */
export function bundleApp(entry, outfile) {
  return bundleNodeApp(entry, outfile, { external: ['@irsa-lab/labs'] });
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

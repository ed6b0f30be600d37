/**
 * Builds the labs' interactive runner (`npm run labs`): src/runner-main.tsx
 * and the Ink UI it draws into dist/runner.mjs, with lazy chunks in
 * dist/chunks/, so its first frame does not wait for the simulation. The
 * checks are not bundled: src/runner/engine.ts imports ../check-lab.js when
 * the first check runs, and that import is pointed at the labs' own tsc
 * output (dist/check-lab.js, beside the bundle), because the checks find
 * their exercises from their own files and load learners' TypeScript with
 * tsx. The recipe is the repository's one, which the app's bundle uses too
 * (scripts/bundle-node-app.mjs); no dependency is patched. Run by this
 * workspace's `build` (turbo, after the tsc build).
 *
 * usage: node scripts/bundle-runner.mjs
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../scripts/bundle-node-app.mjs';

const labsDir = resolve(fileURLToPath(import.meta.url), '../..');

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
  await bundleNodeApp(join(labsDir, 'src/runner-main.tsx'), join(labsDir, 'dist/runner.mjs'), {
    plugins: [checksFromDist],
  });
} catch (err) {
  console.error(`labs runner bundle failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

/**
 * What every workspace's vitest.config.ts shares (each one merges it with
 * `mergeConfig`); test/vitest-source.test.ts checks that they do.
 *
 * Tests run the sources, not the last build. The packages reach each other
 * through node_modules, and every package.json `exports` entry lists a
 * `source` condition (src/….ts) before `types` and `default` (dist/), so
 * resolving with `source` lands in src/. Node tests run in vite's `ssr`
 * environment, which does not read the top-level `resolve.conditions` (since
 * vite 6 that one is the client environment's), hence `ssr.resolve` too.
 * Only `source` is named: vitest's plugin adds its defaults (`node`,
 * `development|production`) and vite concatenates arrays when it merges
 * configs. vitest also hands the ssr conditions to its workers as
 * `--conditions`, so what Node resolves itself in a worker picks src/ too;
 * a test that spawns a process of its own passes `--conditions=source` where
 * that process should run the sources (with tsx, which loads .ts). vitest
 * caches transformed modules (fsModuleCache, node_modules/.vitest-cache) with
 * their imports already resolved, keyed on the file and this config but not
 * on any package.json: after changing an `exports` map, run
 * `npx vitest --clearCache` once. test/vitest-source.test.ts resolves afresh.
 *
 * The limits only catch hangs: five minutes for any test or hook, which no
 * test comes near on a quiet machine (the longest, thirty days of twenty
 * pods, takes about a minute and has ten). CI runs every package's tests at
 * once on two shared cores, and a machine that is busy with something else
 * too stretches every test: a test that takes half a second alone has taken
 * four, and forty seconds has become two hundred at a load average of 15.
 * So no test here may depend on the CPU's speed, and tests do not set
 * shorter limits of their own.
 *
 * `isolate: false`: a worker keeps the modules it imported from one test
 * file to the next instead of importing jose, msw, the AWS SDK and the
 * packages afresh for every file (iam's suite: 36 s of CPU with isolation,
 * 5 s without). No test mocks modules, and a test that changes a global
 * puts it back. `maxWorkers: '100%'`: one worker per core (vitest's default
 * leaves one core free). These were flags of each package's `test` script;
 * here, a plain `npx vitest run` in a package runs as `npm test` does.
 */
import { defineConfig } from 'vitest/config';

/** How long a test or hook may run before it counts as hung. */
export const TEST_LIMIT_MS = 300_000;

/**
 * For a workspace whose whole suite takes a few seconds: one worker. A second
 * worker imports the package and its dependencies again (about a second of
 * CPU) to save a fraction of a second alone, and inside `npm test`, where
 * thirteen suites share two cores, it saves nothing. Measured per workspace
 * on Node 24, CPU of the whole machine, two runs each: core 2.5 to 2.2 s,
 * net 3.7 to 2.8, imds 3.2 to 2.5, eks 3.9 to 2.8, apiserver 4.4 to 3.2,
 * oidc-issuer 3.1 to 2.5, iam 6.1 to 4.9, world 5.1 to 3.8, serve 6.6 to
 * 4.8, ec2-node 4.6 to 3.5, the repository tests 3.6 to 3.2 (about 10.5 s in
 * all), with the same wall time alone within 0.3 s. The scenarios, labs and
 * app keep a worker per core: their long files run side by side.
 */
export const ONE_WORKER = { test: { maxWorkers: 1 } } as const;

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { testTimeout: TEST_LIMIT_MS, hookTimeout: TEST_LIMIT_MS, isolate: false, maxWorkers: '100%' },
});

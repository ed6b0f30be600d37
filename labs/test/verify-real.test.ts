/**
 * labs:verify on the real labs, inside the test run (where the compiler and
 * the simulation are already loaded, instead of a process of its own): the
 * metadata is sound, every lab has its README, hint, TODOs and mirrored
 * solution, every exercise fails cleanly as shipped and every solution
 * passes. `npm run labs:verify -w @irsa-lab/labs` prints the same report.
 */

import { labsPaths, loadInfo, verifyLabs } from '@irsa-lab/labs';
import { expect, it } from 'vitest';
import { LABS_ROOT } from './helpers.js';

it('verifies every lab as shipped: static checks, exercise fails, solution passes', async () => {
  const labs = loadInfo(labsPaths(LABS_ROOT).info);
  const result = await verifyLabs(LABS_ROOT);
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.lines.filter((line) => line.startsWith('✓'))).toHaveLength(labs.length);
  expect(labs.length).toBe(14);
});

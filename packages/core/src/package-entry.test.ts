/**
 * Tests run the sources: in vitest the package's own name, as other
 * packages and the integration tests import it, resolves through its
 * `source` export condition (vitest.shared.ts) to this folder's index.ts,
 * the very module a relative import loads, and not to dist/.
 */
import * as byName from '@irsa-lab/core';
import { expect, it } from 'vitest';
import * as bySource from './index.js';

it('@irsa-lab/core is src/index.ts, the same module instance a relative import gets', () => {
  expect(Object.keys(byName).sort()).toEqual(Object.keys(bySource).sort());
  expect(byName.SimClock).toBe(bySource.SimClock);
  expect(byName.SimError).toBe(bySource.SimError);
});

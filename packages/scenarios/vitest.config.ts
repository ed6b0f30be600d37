/** Tests load the sources, with limits that only catch hangs: see ../../vitest.shared.ts. */
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Two test files at a time (vitest's default on two cores is one), so that
 * the month on one node, the properties and the catalogue's checks do not all
 * wait for each other once the other packages' tests are done.
 */
export default mergeConfig(shared, { test: { maxWorkers: 2 } });

/**
 * Tests load the sources, with limits that only catch hangs: see
 * ../../vitest.shared.ts. The app's tests run whole scenarios, bundle with
 * esbuild and drive real processes; on a loaded CI machine (every package's
 * tests at once on two cores) one of them can take several seconds.
 */
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(shared, {});

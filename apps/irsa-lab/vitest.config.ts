/**
 * Tests load the sources, with limits that only catch hangs: see
 * ../../vitest.shared.ts. The app's tests run whole scenarios, bundle with
 * esbuild and drive real processes; on a loaded CI machine (every package's
 * tests at once on two cores) one of them can take several seconds.
 */
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Three test files at a time, one more than the cores: most of the app's
 * tests wait on other processes (the app under tmux, serve and the AWS CLI,
 * boto3 and the SDK), not on this one's CPU.
 */
export default mergeConfig(shared, { test: { maxWorkers: 3 } });

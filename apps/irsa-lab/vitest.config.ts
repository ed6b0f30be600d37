/**
 * Tests load the sources, with limits that only catch hangs: see
 * ../../vitest.shared.ts. The app's tests run whole scenarios, bundle with
 * esbuild and drive real processes; on a loaded CI machine (every package's
 * tests at once on two cores) one of them can take several seconds.
 */
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Three test files at a time: most of the app's tests wait on other processes
 * (the app under tmux, serve and the AWS CLI, boto3 and the SDK), not on this
 * one's CPU, and vitest's default on two cores is one file at a time, which
 * made the soak test (a minute and a half) and the rest (two minutes) run one
 * after the other.
 */
export default mergeConfig(shared, { test: { maxWorkers: 3 } });

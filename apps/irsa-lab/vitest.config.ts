/**
 * The app's tests run whole scenarios, bundle with esbuild and drive real
 * processes; on a loaded CI machine (every package's tests at once on two
 * cores) one of them can take several seconds. The limits only catch hangs.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });

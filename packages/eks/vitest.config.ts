/**
 * The limits only catch hangs. CI runs every package's tests at once on two
 * shared cores, where a test that takes half a second alone has taken four
 * (vitest's default limit is five): no test here may depend on the CPU's speed.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });

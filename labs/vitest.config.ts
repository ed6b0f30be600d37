/**
 * The labs' tests compile learners' TypeScript with the compiler API and
 * build worlds; under a loaded CI machine one check can take several seconds.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });

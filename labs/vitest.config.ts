/**
 * Tests load the sources, with limits that only catch hangs: see
 * ../vitest.shared.ts. The labs' tests compile learners' TypeScript with the
 * compiler API and build worlds; under a loaded CI machine one check can take
 * several seconds.
 */
import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

/**
 * Two test files at a time (vitest's default on two cores is one): the labs'
 * longest tests wait out learner code's time limits in worker threads.
 */
export default mergeConfig(shared, { test: { maxWorkers: 2 } });

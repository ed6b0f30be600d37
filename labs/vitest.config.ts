/**
 * Tests load the sources, with limits that only catch hangs: see
 * ../vitest.shared.ts. The labs' tests compile learners' TypeScript with the
 * compiler API and build worlds; under a loaded CI machine one check can take
 * several seconds.
 */
import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

export default mergeConfig(shared, {});

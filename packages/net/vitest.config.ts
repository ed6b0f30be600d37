/** Tests load the sources, with limits that only catch hangs, in one worker: see ../../vitest.shared.ts. */
import { mergeConfig } from 'vitest/config';
import shared, { ONE_WORKER } from '../../vitest.shared.js';

export default mergeConfig(shared, ONE_WORKER);

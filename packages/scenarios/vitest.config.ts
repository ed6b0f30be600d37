/** Tests load the sources, with limits that only catch hangs: see ../../vitest.shared.ts. */
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(shared, {});

/** The repository's own tests (npm run test:repo) share the workspaces' settings, in one worker: see ../vitest.shared.ts. */
import { mergeConfig } from 'vitest/config';
import shared, { ONE_WORKER } from '../vitest.shared.js';

export default mergeConfig(shared, ONE_WORKER);

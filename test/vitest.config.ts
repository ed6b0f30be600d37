/** The repository's own tests (npm run test:repo) share the workspaces' settings: see ../vitest.shared.ts. */
import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

export default mergeConfig(shared, {});

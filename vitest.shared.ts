/**
 * Shared vitest settings. Workspace packages resolve to their built `dist/`
 * through symlinks outside node_modules, which vitest would otherwise run
 * through its transform pipeline; they are plain ESM, so load them natively.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    server: { deps: { external: [/\/packages\/[a-z-]+\/dist\//] } },
  },
});

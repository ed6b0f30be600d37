/**
 * Where the `irsa-lab` binary gets its catalogue. Unbundled (dist/cli.js),
 * it imports @irsa-lab/scenarios. In the bundle, scripts/bundle.mjs
 * replaces this module with the catalogue's lines extracted at build time
 * and a lazy loader per scenario (see catalogue-item.ts).
 */
import type { CatalogueItem } from './catalogue-item.js';

export async function loadCatalogue(): Promise<readonly CatalogueItem[]> {
  const { catalogue } = await import('./scenario-api.js');
  return catalogue;
}

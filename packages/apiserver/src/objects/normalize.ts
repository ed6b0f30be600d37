/**
 * A checked manifest in the form the server compares and stores: the
 * namespace filled in (or dropped for cluster-scoped kinds) and a Secret's
 * stringData folded into data, as the apiserver does on write.
 */
import { Buffer } from 'node:buffer';
import { clone } from '../lib/json.js';
import { NAMESPACED } from '../lib/store.js';
import type { Kind } from '../types.js';

/** A manifest after checking and normalizing. */
export interface NormalizedManifest {
  readonly kind: Kind;
  readonly name: string;
  /** Set for namespaced kinds. */
  readonly namespace?: string;
  readonly manifest: Record<string, unknown>;
}

/** Normalize a checked manifest; `defaultNamespace` fills a missing namespace. */
export function normalizeManifest(
  kind: Kind,
  checked: Record<string, unknown>,
  defaultNamespace: string,
): NormalizedManifest {
  const manifest = clone(checked);
  const metadata = manifest.metadata as { name: string; namespace?: string };
  if (NAMESPACED[kind]) metadata.namespace ??= defaultNamespace;
  else delete metadata.namespace;
  if (kind === 'Secret' && manifest.stringData !== undefined) {
    const data = { ...(manifest.data as Record<string, string> | undefined) };
    for (const [key, value] of Object.entries(manifest.stringData as Record<string, string>)) {
      data[key] = Buffer.from(value, 'utf8').toString('base64');
    }
    delete manifest.stringData;
    manifest.data = data;
  }
  return { kind, name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}), manifest };
}

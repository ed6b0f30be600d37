/**
 * loadWorld: build a world from a world file. The `Cluster` document (at
 * most one; defaults otherwise) decides the cluster's name, region and
 * account; then every other document is applied as `applyWorldFile` does.
 */
import type { Clock } from '@irsa-lab/core';
import { createWorld, type World } from '../create-world.js';
import { applyWorldFile } from './apply-world-file.js';
import type { ClusterSpec } from './irsa-kinds.js';
import { parseWorldFile } from './parse-world-file.js';

export interface LoadWorldOptions {
  /** Reproduces the world (its issuer id, keys, ids). */
  readonly seed: number;
  /** Start of simulated time (epoch ms); serve mode passes the wall clock's now. */
  readonly startMs?: number;
  /** The clock SigV4 request times are checked against (real clients sign with their wall clock). */
  readonly requestClock?: Clock;
  /** The discovery document's `jwks_uri` (serve mode points it at the loopback `/keys`). */
  readonly issuerJwksUri?: string;
  /** Whether network requests go into the event log (createWorld's `logNetworkRequests`; default true). */
  readonly logNetworkRequests?: boolean;
}

/** The Cluster document, if any (a second one is an error at its line). */
function clusterOf(text: string, file: string): ClusterSpec | undefined {
  const clusters = parseWorldFile(text, file, ['Cluster']).irsaLab;
  const second = clusters[1];
  if (second) throw second.reader.error(['kind'], 'a world file describes one cluster; this is a second Cluster');
  return clusters[0]?.spec as ClusterSpec | undefined;
}

/**
 * Build the world a world file describes.
 * @throws SimError INPUT_YAML, INPUT_SCHEMA or INPUT_INVALID naming file, line and field.
 * @example const world = await loadWorld(defaultWorldYaml, 'default-world.yaml', { seed: 42 });
 */
export async function loadWorld(text: string, file: string, options: LoadWorldOptions): Promise<World> {
  const cluster = clusterOf(text, file);
  const world = await createWorld({
    seed: options.seed,
    ...(options.startMs === undefined ? {} : { startMs: options.startMs }),
    ...(options.requestClock ? { requestClock: options.requestClock } : {}),
    ...(options.issuerJwksUri ? { issuerJwksUri: options.issuerJwksUri } : {}),
    ...(options.logNetworkRequests === undefined ? {} : { logNetworkRequests: options.logNetworkRequests }),
    ...(cluster
      ? { clusterName: cluster.name, region: cluster.region, accountId: cluster.account, ...cluster.settings }
      : {}),
  });
  await applyWorldFile(world, text, file);
  return world;
}

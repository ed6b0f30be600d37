/**
 * The pod identity webhook's view of ServiceAccounts: an informer cache that
 * sees each change `lagMs` after it happened. The real webhook reads SAs from
 * such a cache, so a pod admitted right after its SA was created (or
 * annotated) can be admitted against stale data and left unmutated.
 *
 * Simplification: the informer delay is a fixed lag in simulated time. With
 * the default lag of 0 a change is visible as soon as it is stored, so within
 * one `apply` the SAs earlier in the file are seen by the pods after them
 * (common manifests keep working); set `webhookCacheLagMs` above 0 to show
 * the race (aws/amazon-eks-pod-identity-webhook#174).
 *
 * `lookupWithGrace` is the webhook's `--service-account-lookup-grace-period`
 * (PRs #236 and #252): on a miss it asks the apiserver for the SA and waits
 * up to the grace period for it. Simplification: the GET always answers
 * within the grace period (its 10-per-second rate limit is not modelled).
 */
import { clone } from '../lib/json.js';
import type { ServiceAccount } from '../types.js';
import type { WebhookStep } from './webhook-types.js';

interface Observation {
  readonly atMs: number;
  /** undefined: deleted. */
  readonly sa: ServiceAccount | undefined;
}

export class ServiceAccountCache {
  readonly #history = new Map<string, Observation[]>();

  constructor(readonly lagMs: number) {
    if (!(lagMs >= 0) || !Number.isFinite(lagMs)) throw new TypeError('webhookCacheLagMs must be >= 0');
  }

  /**
   * Record that the SA changed (or was deleted) at `atMs` (now: simulated time only moves on). What is
   * forgotten is what no later lookup can return: every change older than the newest one already visible
   * now. So the history holds the visible change and the changes of the last lag window, however many. (It
   * used to keep the last 32 changes, and 33 in one lag window dropped the visible one: the SA looked absent.)
   */
  record(namespace: string, name: string, atMs: number, sa: ServiceAccount | undefined): void {
    const key = `${namespace}/${name}`;
    const history = this.#history.get(key) ?? [];
    history.push({ atMs, sa: sa ? clone(sa) : undefined });
    let visible = history.length - 1;
    while (visible > 0 && (history[visible] as Observation).atMs + this.lagMs > atMs) visible--;
    if (visible > 0) history.splice(0, visible);
    this.#history.set(key, history);
  }

  /** How many changes of the SA the cache remembers (what a long-lived world keeps per ServiceAccount). */
  changesHeld(namespace: string, name: string): number {
    return this.#history.get(`${namespace}/${name}`)?.length ?? 0;
  }

  /** The SA as the cache holds it at `nowMs`: the latest change at least `lagMs` old. */
  get(namespace: string, name: string, nowMs: number): ServiceAccount | undefined {
    const history = this.#history.get(`${namespace}/${name}`) ?? [];
    for (let i = history.length - 1; i >= 0; i--) {
      const seen = history[i] as Observation;
      if (seen.atMs + this.lagMs <= nowMs) return seen.sa ? clone(seen.sa) : undefined;
    }
    return undefined;
  }
}

/**
 * The SA the webhook works with: the cached one; on a miss, with a grace
 * period above 0, the one the apiserver stores (`stored`), with the step
 * that says so. An SA cached without the role annotation is not a miss: the
 * webhook does not wait for it (handler.go waits only when not FoundInCache).
 */
export function lookupWithGrace(
  cached: ServiceAccount | undefined,
  stored: ServiceAccount | undefined,
  gracePeriodMs: number,
): { readonly sa: ServiceAccount | undefined; readonly step?: WebhookStep } {
  if (cached || gracePeriodMs <= 0 || !stored) return { sa: cached };
  const key = `${stored.metadata.namespace}/${stored.metadata.name}`;
  const message = `service account ${key} not in the webhook's cache: fetched from the apiserver within the ${gracePeriodMs} ms grace period`;
  return { sa: clone(stored), step: { code: 'service-account-fetched', message } };
}

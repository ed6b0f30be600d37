/**
 * PodView: what a workload inside one container of a Pod can see — its
 * environment, its filesystem (mounts resolved to the node's host paths),
 * and the network as that Pod. The kubelet side builds it; credential
 * chains (the SDK models and the real SDK runner) only read through it.
 */
import type { Caller } from '@irsa-lab/net';

export interface PodView {
  /** `<namespace>/<pod>`. */
  readonly podKey: string;
  /** The container this view is for. */
  readonly container: string;
  /** The caller identity this Pod's traffic carries (pod IP, hops to IMDS, hostNetwork). */
  readonly caller: Caller;
  /** The container's environment as the process sees it (after the webhook's mutation). */
  env(): Readonly<Record<string, string>>;
  /** Read a file at a path inside the container; undefined if absent (no mount or no file). */
  readFile(path: string): string | undefined;
  /** Make an HTTP request from this Pod through the simulated network (rejects with SimError NET_*). */
  fetch(request: Request): Promise<Response>;
}

/** The events the network logs, declared in core's EventMap (see EventMap there). */
import type { HopTrace } from './network.js';

/** One request through the network (when request logging is on). */
export interface NetRequestEvent {
  /** The caller's id: a pod, a node, or an outside host. */
  readonly caller: string;
  readonly method: string;
  /** Origin and path, without the query. */
  readonly url: string;
  /** The response status, or the SimError code that ended the request (`NET_NXDOMAIN`). */
  readonly outcome: number | string;
  readonly trace: readonly HopTrace[];
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'net.request': NetRequestEvent;
  }
}

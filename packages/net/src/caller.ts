/**
 * Who is making a request, as the simulated network sees it. The network
 * stamps every request it delivers with the caller (a header that it strips
 * from anything arriving from outside first), so a service's handler can ask
 * `callerOf(request)` exactly as a real service would look at a source address.
 */

/** Where a caller sits, for DNS: inside the cluster's VPC, or on the public internet. */
export type Vantage = 'vpc' | 'internet';

export interface Caller {
  /** What kind of thing is calling. */
  readonly kind: 'pod' | 'node' | 'aws-service' | 'outside';
  /** A stable name: `<namespace>/<pod>` for pods, the node name, `sts.amazonaws.com`, `learner`. */
  readonly id: string;
  /** The node the caller runs on (pods and nodes only). */
  readonly node?: string;
  /** Whether a pod shares the node's network namespace. */
  readonly hostNetwork?: boolean;
  /**
   * IP hops between the caller and a link-local service on its node (IMDS):
   * 1 for the node itself and hostNetwork pods, 2 for a pod in its own network
   * namespace (the veth is one more routed hop).
   */
  readonly hops: number;
  /** Which DNS view the caller resolves names through. */
  readonly vantage: Vantage;
  /** The caller's source address (pod IP, node IP, ...). */
  readonly sourceIp: string;
}

/** The header the network uses to tell a handler who is calling. Never trusted from outside. */
export const CALLER_HEADER = 'x-irsa-lab-caller';

/** A caller outside every VPC: a learner's laptop on the internet. */
export const OUTSIDE: Caller = Object.freeze({
  kind: 'outside',
  id: 'learner',
  hops: 8,
  vantage: 'internet',
  sourceIp: '203.0.113.10',
});

/** The caller as stamped by the network; OUTSIDE when the request did not come through it. */
export function callerOf(request: Request): Caller {
  const raw = request.headers.get(CALLER_HEADER);
  if (!raw) return OUTSIDE;
  try {
    return JSON.parse(raw) as Caller;
  } catch {
    return OUTSIDE;
  }
}

/** `request` stamped with `caller` (any caller header it carried is replaced). */
export function withCaller(request: Request, caller: Caller): Request {
  const value = JSON.stringify(caller);
  try {
    // stamping in place avoids cloning the body; requests with immutable headers get a copy
    request.headers.set(CALLER_HEADER, value);
    return request;
  } catch {
    const stamped = new Request(request);
    stamped.headers.set(CALLER_HEADER, value);
    return stamped;
  }
}

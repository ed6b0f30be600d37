/** A request's path through the simulated network (DNS, filters, route, response), as the network recorded it. */
import type { Caller, HopTrace } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import type { Panel } from '../../engine/types.js';
import { hopLines } from '../../panels/traces.js';

/** The hops of `caller`'s last request. */
export function lastHops(world: World, caller: Pick<Caller, 'id'>): readonly HopTrace[] {
  return world.net.lastTrace.get(caller.id) ?? [];
}

/** A hop-path panel: the hops, and `verdict` (how the request ended). */
export function hopPanel(title: string, hops: readonly HopTrace[], verdict: string): Panel {
  return { kind: 'hop-path', title, hops: hopLines(hops), verdict };
}

/** The path of `caller`'s last request as a panel: where it failed, or `delivered`. */
export function lastRequestPanel(world: World, title: string, caller: Caller): Panel {
  const hops = lastHops(world, caller);
  const failed = hopLines(hops).find((h) => h.ok === false);
  return hopPanel(title, hops, failed ? `failed at: ${failed.text}` : 'delivered');
}

/**
 * Moving a world's clock the way time passes: one scheduled event at a
 * time (kubelet refreshes, key rotations), letting the asynchronous work
 * each one starts finish before the next, so nothing piles up at the end of
 * a long jump. What fired comes back classified (time-events.ts), with the
 * role credentials that expired on the way.
 */
import type { SimClock } from '@irsa-lab/core';
import { type TimeEvent, timerEvent } from './time-events.js';

/** What moving time needs of a world: its clock, and optionally a way to wait for work and its expiries. */
export interface MovableWorld {
  readonly clock: SimClock;
  /**
   * Wait for the asynchronous work timers started (a kubelet's TokenRequest
   * is signed asynchronously).
   */
  settle?(): Promise<void>;
  /**
   * Moments a lesson cares about that no timer stands for: role credentials
   * expiring (nothing happens at that instant, but a call after it fails):
   * those after `afterMs` and by `untilMs`, or all when no window is given.
   */
  expiries?(afterMs?: number, untilMs?: number): readonly TimeEvent[];
}

/** Move `world`'s clock to `targetMs`, one scheduled event at a time, settling after each. Returns the labels fired. */
export async function moveTime(world: MovableWorld, targetMs: number): Promise<string[]> {
  return (await moveTimeEvents(world, targetMs)).map((e) => e.label);
}

/** As moveTime, returning what fired as classified events, with the credential expiries passed on the way. */
export async function moveTimeEvents(world: MovableWorld, targetMs: number): Promise<TimeEvent[]> {
  const fromMs = world.clock.nowMs();
  const fired: TimeEvent[] = [];
  const unsubscribe = world.clock.onFired((t) => fired.push(timerEvent(t.dueMs, t.label)));
  try {
    await world.settle?.();
    for (;;) {
      const next = world.clock.nextDue();
      if (!next || next.dueMs > targetMs) break;
      world.clock.jumpTo(next.dueMs);
      await world.settle?.();
    }
    world.clock.jumpTo(targetMs);
    await world.settle?.();
  } finally {
    unsubscribe();
  }
  const passed = (world.expiries?.(fromMs, targetMs) ?? []).filter((e) => e.atMs > fromMs && e.atMs <= targetMs);
  return [...fired, ...passed].sort((a, b) => a.atMs - b.atMs);
}

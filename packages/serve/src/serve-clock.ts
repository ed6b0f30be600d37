/**
 * Simulated time in serve mode: it starts at the wall clock's now and runs
 * with it, plus an offset that `advance` grows, so it is never behind the
 * real clients' clocks. Before each request the world is moved to
 * wall + offset; moves are queued one after another (the SimClock never goes
 * back) and settle kubelet work event by event, so everything due has
 * happened before a request is handled or an advance returns.
 */
import type { Clock } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { moveTime } from '@irsa-lab/world';

/** One move of the clock. */
export interface ClockMove {
  readonly fromMs: number;
  readonly toMs: number;
  /** Labels of the scheduled events that fired (token refreshes, key rotations). */
  readonly fired: readonly string[];
}

/** Most an advance may add at once: 400 days. */
export const MAX_ADVANCE_SECONDS = 400 * 24 * 3600;

export class ServeClock {
  #offsetMs = 0;
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * @param world the world whose SimClock this drives
   * @param wall the real clock (`wallClock`, or a fake one in tests)
   * @param onMoved called after a move that fired events (token files are rewritten there)
   */
  constructor(
    private readonly world: World,
    private readonly wall: Clock,
    private readonly onMoved: (move: ClockMove) => void,
  ) {}

  /** How far simulated time runs ahead of the wall clock. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** The wall-clock part of simulated time (SigV4 request times are checked against it). */
  readonly requestClock: Clock = { nowMs: () => this.world.clock.nowMs() - this.#offsetMs };

  /** Move simulated time up to wall + offset. */
  sync(): Promise<ClockMove | undefined> {
    if (this.wall.nowMs() + this.#offsetMs <= this.world.clock.nowMs()) return Promise.resolve(undefined);
    return this.#enqueue(() => this.#moveTo(this.wall.nowMs() + this.#offsetMs));
  }

  /** Add `seconds` to the offset and move there; resolves when everything due has happened. */
  advance(seconds: number): Promise<ClockMove> {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
      throw new TypeError(`seconds must be a whole number from 1 to ${MAX_ADVANCE_SECONDS}`);
    }
    return this.#enqueue(async () => {
      this.#offsetMs += seconds * 1000;
      return (await this.#moveTo(this.wall.nowMs() + this.#offsetMs)) ?? this.#still();
    });
  }

  #still(): ClockMove {
    const now = this.world.clock.nowMs();
    return { fromMs: now, toMs: now, fired: [] };
  }

  #enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #moveTo(targetMs: number): Promise<ClockMove | undefined> {
    const { clock } = this.world;
    const fromMs = clock.nowMs();
    if (targetMs <= fromMs) return undefined;
    const next = clock.nextDue();
    if (!next || next.dueMs > targetMs) {
      // nothing is due on the way: a plain jump, no settling (the common case, once per request)
      clock.jumpTo(targetMs);
      return { fromMs, toMs: targetMs, fired: [] };
    }
    const fired = await moveTime(this.world, targetMs);
    const move = { fromMs, toMs: clock.nowMs(), fired };
    this.onMoved(move);
    return move;
  }
}

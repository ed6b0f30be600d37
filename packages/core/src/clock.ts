/**
 * SimClock: the only source of time inside the simulation. A discrete-event
 * scheduler in epoch milliseconds: timers fire in due-time order (ties in the
 * order they were scheduled), time never goes backwards, and a loop limit
 * stops runaway timers.
 */
import { SimError } from './errors.js';

/** A scheduled event's handle. */
export interface TimerHandle {
  readonly id: number;
  readonly dueMs: number;
  readonly label: string;
}

interface Timer extends TimerHandle {
  readonly seq: number;
  readonly run: (nowMs: number) => void;
}

export interface SimClockOptions {
  /** Start of simulated time, epoch ms. */
  readonly startMs: number;
  /** Maximum timers fired by one advance/jump before CLOCK_LOOP_LIMIT. Default 100,000. */
  readonly loopLimit?: number;
}

/** A read-only view of time, for code that must not move the clock. */
export interface Clock {
  nowMs(): number;
}

export class SimClock implements Clock {
  #nowMs: number;
  #seq = 0;
  #timers: Timer[] = [];
  readonly #listeners = new Set<(fired: TimerHandle) => void>();
  readonly loopLimit: number;

  constructor(options: SimClockOptions) {
    if (!Number.isFinite(options.startMs)) throw new TypeError('startMs must be a finite number');
    this.#nowMs = Math.floor(options.startMs);
    this.loopLimit = options.loopLimit ?? 100_000;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Schedule `run` at absolute time `dueMs` (clamped to now if in the past). */
  scheduleAt(dueMs: number, label: string, run: (nowMs: number) => void): TimerHandle {
    if (!Number.isFinite(dueMs)) throw new TypeError('dueMs must be a finite number');
    const timer: Timer = { id: ++this.#seq, seq: this.#seq, dueMs: Math.max(dueMs, this.#nowMs), label, run };
    // keep sorted by (dueMs, seq): insertion after every timer due at or before this one
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as Timer).dueMs > timer.dueMs) i--;
    this.#timers.splice(i, 0, timer);
    return { id: timer.id, dueMs: timer.dueMs, label };
  }

  /** Schedule `run` after `delayMs` of simulated time. */
  schedule(delayMs: number, label: string, run: (nowMs: number) => void): TimerHandle {
    if (!(delayMs >= 0)) throw new TypeError('delayMs must be >= 0');
    return this.scheduleAt(this.#nowMs + delayMs, label, run);
  }

  cancel(handle: TimerHandle): boolean {
    const i = this.#timers.findIndex((t) => t.id === handle.id);
    if (i < 0) return false;
    this.#timers.splice(i, 1);
    return true;
  }

  /** Be told of every timer as it fires (the app lists what a time move set off). Returns an unsubscribe. */
  onFired(listener: (fired: TimerHandle) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Timers not yet fired, in firing order. */
  pending(): readonly TimerHandle[] {
    return this.#timers.map(({ id, dueMs, label }) => ({ id, dueMs, label }));
  }

  /** The next timer due, if any. */
  nextDue(): TimerHandle | undefined {
    const t = this.#timers[0];
    return t && { id: t.id, dueMs: t.dueMs, label: t.label };
  }

  /** Move time forward by `deltaMs`, firing every timer due on the way. Returns how many fired. */
  advanceBy(deltaMs: number): number {
    if (!Number.isFinite(deltaMs)) throw new TypeError('deltaMs must be a finite number');
    if (deltaMs < 0) {
      throw new SimError('CLOCK_BACKWARDS', `the simulated clock cannot go backwards (advance by ${deltaMs} ms)`, {
        nowMs: this.#nowMs,
      });
    }
    return this.jumpTo(this.#nowMs + deltaMs);
  }

  /** Move time forward to `targetMs`, firing every timer due on the way. Returns how many fired. */
  jumpTo(targetMs: number): number {
    if (!Number.isFinite(targetMs)) throw new TypeError('targetMs must be a finite number');
    if (targetMs < this.#nowMs) {
      throw new SimError(
        'CLOCK_BACKWARDS',
        `the simulated clock cannot go backwards (to ${targetMs} from ${this.#nowMs})`,
        {
          nowMs: this.#nowMs,
          targetMs,
        },
      );
    }
    let fired = 0;
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.dueMs > targetMs) break;
      if (fired >= this.loopLimit) {
        throw new SimError('CLOCK_LOOP_LIMIT', `more than ${this.loopLimit} timers fired in one move of the clock`, {
          limit: 'loopLimit',
          nowMs: this.#nowMs,
          next: next.label,
        });
      }
      this.#timers.shift();
      this.#nowMs = next.dueMs;
      next.run(this.#nowMs);
      fired++;
      for (const l of this.#listeners) l({ id: next.id, dueMs: next.dueMs, label: next.label });
    }
    this.#nowMs = Math.floor(targetMs);
    return fired;
  }

  /** Jump to the next scheduled event and fire everything due then. Returns the handle fired first, if any. */
  runNext(): TimerHandle | undefined {
    const next = this.nextDue();
    if (next) this.jumpTo(next.dueMs);
    return next;
  }
}

/**
 * A node's view of time: the simulated clock plus a fixed skew (a node whose
 * NTP is off). Only that node's readings are skewed; scheduling stays on the
 * one true clock.
 */
export class SkewedClock implements Clock {
  constructor(
    private readonly base: Clock,
    public skewMs: number,
  ) {}

  nowMs(): number {
    return this.base.nowMs() + this.skewMs;
  }
}

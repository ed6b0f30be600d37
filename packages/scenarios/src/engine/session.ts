/**
 * ScenarioSession: runs a scenario's steps one by one on its world, keeps
 * the finished steps, and puts time in the learner's hands (advance by a
 * duration, or jump to the next scheduled event). A step that fails with an
 * error becomes a finished step with outcome 'error' and a readable message,
 * never an exception the app would have to catch.
 */
import type { EventLog } from '@irsa-lab/core';
import { isSimError } from '@irsa-lab/core';
import {
  LESSON_KINDS,
  type MovableWorld,
  moveTimeEvents,
  summarise,
  type TimeEvent,
  timerEvent,
} from '@irsa-lab/world';
import type { Check, Panel, ScenarioDef, StepDef, StepResult } from './types.js';

/** What a session needs from its world: the clock to move (see MovableWorld) and the log to read. */
export interface TimedWorld extends MovableWorld {
  readonly log: EventLog;
}

export interface CompletedStep {
  readonly index: number;
  readonly step: StepDef<never>;
  /** Simulated time when the step finished. */
  readonly atMs: number;
  readonly result: StepResult | { readonly outcome: 'error'; readonly message: string; readonly hint: string };
  /**
   * How far the learner moved the clock (advance, next event) since the
   * scenario began, before this step ran. The steps and their checks are
   * written for the scenario's own timeline, so a step run after such a move
   * may find the world elsewhere (a key already rotated, a token refreshed)
   * and fail a check that holds on the script. 0 on the script.
   */
  readonly learnerMovedMs: number;
}

export interface TimeMove {
  readonly fromMs: number;
  readonly toMs: number;
  /** What happened on the way, in order: the scheduled events that fired and the credentials that expired. */
  readonly fired: readonly TimeEvent[];
  /** The same grouped by kind with counts, what lessons are about first: `IRSA token refreshed ×7 (payments/billing-api)`. */
  readonly summary: readonly string[];
  /** The world's picture after the move (see TimedWorld.timePanel), if it draws one. */
  readonly panel?: Panel;
}

export class ScenarioSession<W extends TimedWorld> {
  readonly #done: CompletedStep[] = [];
  readonly #state: Record<string, unknown> = {};
  #learnerMovedMs = 0;

  private constructor(
    readonly scenario: ScenarioDef<W>,
    readonly seed: number,
    readonly world: W,
  ) {}

  /** Build the scenario's world from `seed` and open a session on it. */
  static async start<W extends TimedWorld>(scenario: ScenarioDef<W>, seed: number): Promise<ScenarioSession<W>> {
    return new ScenarioSession(scenario, seed, await scenario.setup(seed));
  }

  get done(): readonly CompletedStep[] {
    return this.#done;
  }

  get nextStep(): StepDef<W> | undefined {
    return this.scenario.steps[this.#done.length];
  }

  get finished(): boolean {
    return this.#done.length >= this.scenario.steps.length;
  }

  /** Run the next step. Errors become a finished step with outcome 'error'. */
  async runNext(): Promise<CompletedStep | undefined> {
    const step = this.nextStep;
    if (!step) return undefined;
    let result: CompletedStep['result'];
    try {
      result = await step.run({ world: this.world, state: this.#state });
    } catch (err) {
      result = {
        outcome: 'error',
        message: isSimError(err) ? `${err.code}: ${err.message}` : String(err instanceof Error ? err.message : err),
        hint: 'This step could not run. Restart the scenario (r) or try another seed; if it persists, report it with the seed.',
      };
    }
    const completed: CompletedStep = {
      index: this.#done.length,
      step: step as StepDef<never>,
      atMs: this.world.clock.nowMs(),
      result,
      learnerMovedMs: this.#learnerMovedMs,
    };
    this.#done.push(completed);
    return completed;
  }

  /** Run every remaining step. */
  async runAll(): Promise<readonly CompletedStep[]> {
    while (!this.finished) await this.runNext();
    return this.#done;
  }

  /** Move simulated time forward by `ms`, firing (and settling) everything due on the way. */
  async advance(ms: number): Promise<TimeMove> {
    if (!(ms >= 0)) throw new TypeError('ms must be >= 0');
    return this.#moveTo(this.world.clock.nowMs() + ms);
  }

  /**
   * Jump to the next moment the lesson is about (an IRSA token refresh, a key rotation or retirement, role
   * credentials expiring), firing everything due on the way. Undefined when none is ahead.
   */
  async jumpToNextEvent(): Promise<TimeMove | undefined> {
    const next = this.upcoming(1)[0];
    return next ? this.#moveTo(next.atMs) : undefined;
  }

  async #moveTo(targetMs: number): Promise<TimeMove> {
    const fromMs = this.world.clock.nowMs();
    const fired = await moveTimeEvents(this.world, targetMs);
    this.#learnerMovedMs += this.world.clock.nowMs() - fromMs;
    const move: TimeMove = { fromMs, toMs: this.world.clock.nowMs(), fired, summary: summarise(fired) };
    const panel = this.scenario.timePanel?.(this.world, move);
    return panel ? { ...move, panel } : move;
  }

  /** The moments ahead that the lesson is about (see jumpToNextEvent), soonest first. */
  upcoming(limit = 5): readonly TimeEvent[] {
    const nowMs = this.world.clock.nowMs();
    const timers = this.world.clock.pending().map((t) => timerEvent(t.dueMs, t.label));
    const expiries = (this.world.expiries?.(nowMs) ?? []).filter((e) => e.atMs > nowMs);
    return [...timers, ...expiries]
      .filter((e) => LESSON_KINDS.has(e.kind))
      .sort((a, b) => a.atMs - b.atMs)
      .slice(0, limit);
  }

  /** Everything scheduled ahead, lesson or not (the API token's refreshes too), soonest first. */
  scheduled(limit = 5): readonly TimeEvent[] {
    return this.world.clock
      .pending()
      .slice(0, limit)
      .map((t) => timerEvent(t.dueMs, t.label));
  }

  /** Every check of every finished step that did not pass, plus steps that errored. */
  failures(): readonly Check[] {
    return this.#done.flatMap((d) =>
      d.result.outcome === 'error'
        ? [{ name: `step "${d.step.title}" ran`, expected: 'no error', actual: d.result.message, pass: false }]
        : (d.result as StepResult).checks.filter((c) => !c.pass),
    );
  }
}

/**
 * EventLog: the typed, append-only record of everything that happened in a
 * world, in simulated time. Scenarios, the app and tests read it; two runs
 * with the same seed produce the same log.
 */
import type { Clock } from './clock.js';

/**
 * Every event type, with the data its events carry. Core emits none and
 * declares one, the services' shared 'cloudtrail' (cloudtrail.ts); each
 * package that emits events declares them by module augmentation in its own
 * `src/events.ts`, exported from its index so that whoever imports the
 * package sees them. One event type is one line:
 *
 * ```ts
 * declare module '@irsa-lab/core' {
 *   interface EventMap {
 *     'k8s.token-issued': TokenIssuedEvent;
 *   }
 * }
 * ```
 *
 * Names are `<system>.<what happened>`, after the system that emits them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: the packages fill it in by module augmentation
export interface EventMap {}

/** The kinds of events: the keys of EventMap. */
export type SimEventType = keyof EventMap & string;

interface EventOf<K extends SimEventType> {
  readonly seq: number;
  readonly atMs: number;
  readonly type: K;
  readonly source: string;
  readonly summary: string;
  readonly data: EventMap[K];
}

/** An event of type `K`; of any type, a union that narrows on `type` (`e.type === 'cloudtrail'` types `e.data`). */
export type SimEvent<K extends SimEventType = SimEventType> = K extends SimEventType ? EventOf<K> : never;

export type EventListener = (event: SimEvent) => void;

/** An event as stored: append's signature ties `data` to `type`, so each is the SimEvent of its type. */
interface Stored {
  readonly seq: number;
  readonly atMs: number;
  readonly type: SimEventType;
  readonly source: string;
  readonly summary: string;
  readonly data: unknown;
}

/** Stored events as the SimEvents they are (through unknown: in core alone, with no event declared, SimEvent is never). */
function asEvents<K extends SimEventType = SimEventType>(events: readonly Stored[]): readonly SimEvent<K>[] {
  return events as readonly unknown[] as readonly SimEvent<K>[];
}

export class EventLog {
  readonly #events: Stored[] = [];
  readonly #listeners = new Set<EventListener>();
  /** The same events by type, in seq order (trimmed with the log). */
  readonly #byType = new Map<SimEventType, Stored[]>();
  /** Oldest events are dropped past this many (a limit on everything). */
  readonly maxEvents: number;

  constructor(
    private readonly clock: Clock,
    options: { maxEvents?: number } = {},
  ) {
    this.maxEvents = options.maxEvents ?? 200_000;
  }

  #seq = 0;

  /** Record an event of type `type` now; `data` is typed by the EventMap entry of `type`. */
  append<K extends SimEventType>(type: K, source: string, summary: string, data: EventMap[K]): void {
    const event: Stored = { seq: ++this.#seq, atMs: this.clock.nowMs(), type, source, summary, data };
    this.#events.push(event);
    const ofType = this.#byType.get(type);
    if (ofType) ofType.push(event);
    else this.#byType.set(type, [event]);
    // drop the oldest in batches: shifting one at a time would copy the whole log on every append
    if (this.#events.length >= 2 * this.maxEvents) {
      this.#events.splice(0, this.#events.length - this.maxEvents);
      const oldest = (this.#events[0] as Stored).seq;
      for (const [t, list] of this.#byType) {
        const keep = list.findIndex((e) => e.seq >= oldest);
        if (keep === -1) this.#byType.delete(t);
        else list.splice(0, keep);
      }
    }
    for (const l of this.#listeners) l(event as unknown as SimEvent);
  }

  /** All events, or those of one type. */
  all<K extends SimEventType = SimEventType>(type?: K): readonly SimEvent<K>[] {
    if (!type) return asEvents<K>(this.#kept());
    // one type's events from its own list: moving time over a month asks for one type at every step
    const list = this.#byType.get(type) ?? [];
    const oldestKept = this.#seq - this.maxEvents;
    let start = 0;
    while (start < list.length && (list[start] as Stored).seq <= oldestKept) start++;
    return asEvents<K>(list.slice(start));
  }

  /** Events after sequence number `seq`. */
  since(seq: number): readonly SimEvent[] {
    const events = this.#events;
    const first = Math.max(0, events.length - this.maxEvents);
    // events are in seq order: search from the end, where recent events are (no copy of the whole log: the app asks every frame)
    let i = events.length;
    while (i > first && (events[i - 1] as Stored).seq > seq) i--;
    return asEvents(events.slice(i));
  }

  /** The newest `maxEvents` events. */
  #kept(): Stored[] {
    return this.#events.length > this.maxEvents ? this.#events.slice(-this.maxEvents) : [...this.#events];
  }

  get lastSeq(): number {
    return this.#seq;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** JSON lines, one event a line (stable key order, so equal logs give equal text). */
  toJsonLines(type?: SimEventType): string {
    return this.all(type)
      .map((e) => JSON.stringify(e))
      .join('\n');
  }
}

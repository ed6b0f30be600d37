/**
 * EventLog: the typed, append-only record of everything that happened in a
 * world, in simulated time. Scenarios, the app and tests read it; two runs
 * with the same seed produce the same log.
 */
import type { Clock } from './clock.js';

/** The kinds of events, each named by the system that emits it. */
export type SimEventType =
  | 'clock.advanced'
  | 'net.request'
  | 'net.dropped'
  | 'issuer.key-rotated'
  | 'issuer.key-retired'
  | 'k8s.applied'
  | 'k8s.deleted'
  | 'k8s.token-issued'
  | 'k8s.webhook-mutated'
  | 'k8s.webhook-skipped'
  | 'iam.changed'
  | 'sts.jwks-fetched'
  | 'cloudtrail'
  | 'imds.request'
  | 'kubelet.token-written'
  | 'kubelet.refresh-failed'
  | 'chain.resolved'
  | 'chain.failed'
  | 'note';

export interface SimEvent<T = unknown> {
  readonly seq: number;
  readonly atMs: number;
  readonly type: SimEventType;
  readonly source: string;
  readonly summary: string;
  readonly data: T;
}

export type EventListener = (event: SimEvent) => void;

export class EventLog {
  readonly #events: SimEvent[] = [];
  readonly #listeners = new Set<EventListener>();
  /** Oldest events are dropped past this many (a limit on everything). */
  readonly maxEvents: number;

  constructor(
    private readonly clock: Clock,
    options: { maxEvents?: number } = {},
  ) {
    this.maxEvents = options.maxEvents ?? 200_000;
  }

  #seq = 0;

  append<T>(type: SimEventType, source: string, summary: string, data: T): SimEvent<T> {
    const event: SimEvent<T> = { seq: ++this.#seq, atMs: this.clock.nowMs(), type, source, summary, data };
    this.#events.push(event);
    // drop the oldest in batches: shifting one at a time would copy the whole log on every append
    if (this.#events.length >= 2 * this.maxEvents) this.#events.splice(0, this.#events.length - this.maxEvents);
    for (const l of this.#listeners) l(event);
    return event;
  }

  /** All events, or those of one type. */
  all(type?: SimEventType): readonly SimEvent[] {
    const kept = this.#kept();
    return type ? kept.filter((e) => e.type === type) : kept;
  }

  /** Events after sequence number `seq`. */
  since(seq: number): readonly SimEvent[] {
    const kept = this.#kept();
    // events are in seq order: search from the end, where recent events are
    let i = kept.length;
    while (i > 0 && (kept[i - 1] as SimEvent).seq > seq) i--;
    return kept.slice(i);
  }

  /** The newest `maxEvents` events. */
  #kept(): SimEvent[] {
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

/**
 * The kubelet's projected-token manager: fetches each projected
 * serviceAccountToken through the TokenRequest API, writes it into the pod's
 * volume directory, and renews it on the simulated clock by the refresh rule
 * of docs/reference.md#kubelet-token-refresh. A failed renewal keeps the old token while it is valid
 * and is retried; every write and failure goes to the event log.
 */
import type { EventLog, Rng, SimClock, TimerHandle } from '@irsa-lab/core';
import { decodeJwt } from 'jose';
import type { FileOwner, HostFs } from '../host/host-fs.js';
import type { Pod, ServiceAccountTokenProjection } from './k8s-types.js';
import { drawJitterMs, isExpired, refreshThresholdMs, retryDelayMs, type TokenTimes } from './refresh-rule.js';

/** What the TokenRequest API hands the kubelet. */
export interface IssuedServiceAccountToken extends TokenTimes {
  readonly token: string;
}

/** The kubelet's TokenRequest call (the assembly binds it to the apiserver); rejects with SimError K8S_*. */
export type RequestToken = (pod: Pod, projection: ServiceAccountTokenProjection) => Promise<IssuedServiceAccountToken>;

/** One projected token file, as the app's timeline shows it. */
export interface TokenScheduleEntry {
  /** `<namespace>/<pod>`. */
  readonly pod: string;
  readonly podUid: string;
  readonly volume: string;
  /** Host path of the token file. */
  readonly path: string;
  readonly audience: string | undefined;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  /** When the next renewal (or retry) is due; undefined while a request is in flight. */
  readonly nextRefreshAtMs: number | undefined;
  /** `valid`; `refresh-failing` (renewal failed, the old token is still served); `expired` (the file is stale). */
  readonly state: 'valid' | 'refresh-failing' | 'expired';
  /** Consecutive failed renewals. */
  readonly failures: number;
  /** How many times the file has been written. */
  readonly writes: number;
}

/** Where and how one token file is written. */
export interface TokenSlotSpec {
  readonly pod: Pod;
  readonly volume: string;
  readonly projection: ServiceAccountTokenProjection;
  readonly path: string;
  readonly mode: number;
  readonly owner: FileOwner;
}

interface TokenSlot extends TokenSlotSpec {
  readonly podKey: string;
  current?: IssuedServiceAccountToken;
  timer?: TimerHandle;
  failures: number;
  writes: number;
  stopped: boolean;
}

/** The node parts the token manager works with. */
export interface TokenManagerDeps {
  readonly nodeName: string;
  readonly clock: SimClock;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly fs: HostFs;
  readonly requestToken: RequestToken;
}

/** The projected tokens of every pod on one node. */
export class TokenManager {
  readonly #deps: TokenManagerDeps;
  readonly #source: string;
  readonly #slots: TokenSlot[] = [];
  /** Token requests run one at a time, so the log's order never depends on how fast signing is. */
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  constructor(deps: TokenManagerDeps) {
    this.#deps = deps;
    this.#source = `kubelet/${deps.nodeName}`;
  }

  /**
   * Fetch and write the first token of each slot, in order; the pod's mount.
   * Rejects with the first failure's error (the slots of that pod are then stopped).
   */
  async mount(specs: readonly TokenSlotSpec[]): Promise<void> {
    const slots = specs.map((spec) => ({ ...spec, podKey: keyOf(spec.pod), failures: 0, writes: 0, stopped: false }));
    // draw every jitter now, in call order, so concurrent runPods cannot reorder the Rng
    const jitters = slots.map(() => drawJitterMs(this.#deps.rng));
    this.#slots.push(...slots);
    try {
      for (const [i, slot] of slots.entries()) {
        await this.#enqueue(() => this.#fetch(slot, jitters[i] as number, 'mount'));
      }
    } catch (err) {
      this.#stop(slots);
      throw err;
    }
  }

  /** Stop renewing the tokens of pod `uid` (the pod was deleted); an in-flight request's answer is discarded. */
  stopPod(podUid: string): void {
    this.#stop(this.#slots.filter((s) => s.pod.metadata.uid === podUid));
  }

  /** Every live token file with its lifetime and next renewal, oldest pod first. */
  schedule(): TokenScheduleEntry[] {
    const nowMs = this.#deps.clock.nowMs();
    return this.#slots.flatMap((slot) => {
      const current = slot.current;
      if (!current) return [];
      const state = isExpired(nowMs, current) ? 'expired' : slot.failures > 0 ? 'refresh-failing' : 'valid';
      return [
        {
          pod: slot.podKey,
          podUid: slot.pod.metadata.uid,
          volume: slot.volume,
          path: slot.path,
          audience: slot.projection.audience || undefined,
          issuedAtMs: current.issuedAtMs,
          expiresAtMs: current.expiresAtMs,
          nextRefreshAtMs: slot.timer?.dueMs,
          state,
          failures: slot.failures,
          writes: slot.writes,
        },
      ];
    });
  }

  /** Resolves once no token request is in flight (step the clock timer by timer and await this in between). */
  async whenIdle(): Promise<void> {
    while (this.#pending > 0) await this.#tail;
  }

  #stop(slots: readonly TokenSlot[]): void {
    for (const slot of slots) {
      slot.stopped = true;
      if (slot.timer) this.#deps.clock.cancel(slot.timer);
      slot.timer = undefined;
      const i = this.#slots.indexOf(slot);
      if (i >= 0) this.#slots.splice(i, 1);
    }
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#pending++;
    const run = this.#tail.then(task).finally(() => {
      this.#pending--;
    });
    // the chain itself never rejects; the caller still sees the task's own outcome
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** The timer callback: draw this round's jitter now (deterministic order), then renew in the queue. */
  #onTimer(slot: TokenSlot): void {
    slot.timer = undefined;
    if (slot.stopped) return;
    const jitterMs = drawJitterMs(this.#deps.rng);
    this.#enqueue(() => this.#fetch(slot, jitterMs, 'refresh')).catch(() => undefined);
  }

  async #fetch(slot: TokenSlot, jitterMs: number, phase: 'mount' | 'refresh'): Promise<void> {
    if (slot.stopped) return;
    let issued: IssuedServiceAccountToken;
    try {
      issued = await this.#deps.requestToken(slot.pod, slot.projection);
    } catch (err) {
      if (slot.stopped) return;
      this.#failed(slot, err, phase);
      if (phase === 'mount') throw err;
      return;
    }
    if (slot.stopped) return;
    this.#write(slot, issued, jitterMs, phase);
  }

  #write(slot: TokenSlot, issued: IssuedServiceAccountToken, jitterMs: number, phase: 'mount' | 'refresh'): void {
    const { fs, clock, log } = this.#deps;
    // Simplification: the file is replaced in place, not through the AtomicWriter's `..data` symlink swap
    fs.write(slot.path, issued.token, slot.mode, slot.owner);
    slot.current = issued;
    slot.failures = 0;
    slot.writes++;
    // refresh when now > threshold: the first millisecond after it. Simplification: the kubelet checks on each
    // pod sync (about every minute) with a fresh jitter per check; here one jitter per round, checked at the instant
    const dueMs = refreshThresholdMs(issued, jitterMs) + 1;
    slot.timer = clock.scheduleAt(dueMs, `${this.#source}: refresh token ${slot.podKey} ${slot.volume}`, () =>
      this.#onTimer(slot),
    );
    const jti = jtiOf(issued.token);
    log.append(
      'kubelet.token-written',
      this.#source,
      `${phase === 'mount' ? 'mounted' : 'refreshed'} token of ${slot.podKey} at ${slot.path}; next refresh in ${hours(slot.timer.dueMs - clock.nowMs())}`,
      {
        pod: slot.podKey,
        podUid: slot.pod.metadata.uid,
        volume: slot.volume,
        path: slot.path,
        issuedAtMs: issued.issuedAtMs,
        expiresAtMs: issued.expiresAtMs,
        nextRefreshAtMs: slot.timer.dueMs,
        jitterMs,
        phase,
        ...(jti ? { jti } : {}),
      },
    );
  }

  #failed(slot: TokenSlot, err: unknown, phase: 'mount' | 'refresh'): void {
    const { clock, log } = this.#deps;
    const nowMs = clock.nowMs();
    const code = (err as { code?: unknown })?.code;
    const message = err instanceof Error ? err.message : String(err);
    const data = {
      pod: slot.podKey,
      podUid: slot.pod.metadata.uid,
      volume: slot.volume,
      path: slot.path,
      phase,
      code: typeof code === 'string' ? code : undefined,
      message,
    };
    if (phase === 'mount' || !slot.current) {
      log.append('kubelet.refresh-failed', this.#source, `failed to fetch token for ${slot.podKey}: ${message}`, data);
      return;
    }
    slot.failures++;
    const expired = isExpired(nowMs, slot.current);
    slot.timer = clock.schedule(retryDelayMs(slot.failures), `${this.#source}: retry token ${slot.podKey}`, () =>
      this.#onTimer(slot),
    );
    const summary = expired
      ? `token of ${slot.podKey} expired and refresh failed: ${message}; the mount fails and ${slot.path} is stale`
      : `couldn't update token of ${slot.podKey}: ${message}; keeping the old token until it expires`;
    log.append('kubelet.refresh-failed', this.#source, summary, {
      ...data,
      expired,
      failures: slot.failures,
      keptExpiresAtMs: slot.current.expiresAtMs,
      retryAtMs: slot.timer.dueMs,
    });
  }
}

/** `<namespace>/<name>` of a pod. */
function keyOf(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The token's `jti` claim, if it is a JWT that has one. */
function jtiOf(token: string): string | undefined {
  try {
    const { jti } = decodeJwt(token);
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}

function hours(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(2)} h` : `${Math.round(ms / 1000)} s`;
}

/**
 * Load on STS in simulated time: pods serving requests at a steady rate,
 * each request getting credentials from a new SDK client (a fresh default
 * chain: one AssumeRoleWithWebIdentity per request) or from the pod's one
 * long-lived client (the chain's cache). A throttled call is retried as the
 * SDK's standard retry strategy does, its waits drawn from a seeded random
 * source; attempts run one at a time in time order, so a run replays exactly.
 */
import {
  type ChainResult,
  type CredentialChain,
  createCredentialChain,
  type SdkFlavor,
  STANDARD_RETRY,
  THROTTLING_CODES,
} from '@irsa-lab/ec2-node';
import { moveTime, type World } from '@irsa-lab/world';
import type { DecisionTrace, Panel } from '../../engine/types.js';
import { textPanel } from './text-panels.js';
import { podView } from './worlds.js';

/** One pod of the load: `<namespace>/<pod>`, the SDK its app uses, and the requests it serves per second. */
export interface LoadPod {
  readonly namespace: string;
  readonly pod: string;
  readonly sdk: SdkFlavor;
  readonly requestsPerSecond: number;
}

export interface StsLoad {
  readonly pods: readonly LoadPod[];
  readonly seconds: number;
  /** `per-request`: a new SDK client for each request; `one-per-pod`: one client kept for the pod's life. */
  readonly clients: 'per-request' | 'one-per-pod';
}

/** What STS answered in one second of the load (its retries included). */
export interface SecondCount {
  readonly second: number;
  readonly accepted: number;
  readonly throttled: number;
}

export interface LoadReport {
  readonly requests: number;
  /** Calls that reached STS (first attempts and retries). */
  readonly stsCalls: number;
  readonly accepted: number;
  readonly throttled: number;
  readonly retries: number;
  /** Requests whose every attempt was throttled: the app saw the error. */
  readonly failed: number;
  /** The error a failed request ended with (`code: message`). */
  readonly failedWith?: string;
  readonly perSecond: readonly SecondCount[];
  /** Accepted and throttled calls of each pod, by `<namespace>/<pod>`. */
  readonly byPod: ReadonlyMap<string, { readonly accepted: number; readonly throttled: number }>;
  /** The chain of the first throttled call, as the SDK saw it. */
  readonly firstThrottle?: ChainResult;
}

interface Attempt {
  readonly atMs: number;
  readonly seq: number;
  readonly pod: number;
  readonly attempt: number;
}

/** The requests of the load in time order: each pod at its rate, pods staggered within one interval. */
function firstAttempts(load: StsLoad, startMs: number): Attempt[] {
  const attempts: Attempt[] = [];
  load.pods.forEach(({ requestsPerSecond }, pod) => {
    const interval = 1000 / requestsPerSecond;
    for (let i = 0; i < requestsPerSecond * load.seconds; i++) {
      const atMs = startMs + Math.floor(i * interval + (pod * interval) / load.pods.length);
      attempts.push({ atMs, seq: attempts.length, pod, attempt: 1 });
    }
  });
  return attempts.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
}

/** Insert `next` keeping the queue in (time, seq) order. */
function enqueue(queue: Attempt[], next: Attempt): void {
  let i = queue.length;
  while (i > 0 && (queue[i - 1] as Attempt).atMs > next.atMs) i--;
  queue.splice(i, 0, next);
}

/** Move the clock to `atMs`: through moveTime when a timer is due on the way, else straight (moveTime's bookkeeping is costly at this rate). */
async function advanceTo(world: World, atMs: number): Promise<void> {
  const due = world.clock.nextDue();
  if (due && due.dueMs <= atMs) await moveTime(world, atMs);
  else world.clock.jumpTo(atMs);
}

/** Run `load` from the next whole second; `random` draws the retry jitter (a fork of the world's seeded source). */
export async function runStsLoad(world: World, load: StsLoad, random: () => number): Promise<LoadReport> {
  // from the next whole second, so the report's seconds are STS's
  const startMs = Math.ceil(world.clock.nowMs() / 1000) * 1000;
  const queue = firstAttempts(load, startMs);
  const requests = queue.length;
  const kept = new Map<number, CredentialChain>();
  const chainOf = (pod: number): CredentialChain => {
    const { namespace, pod: name, sdk } = load.pods[pod] as LoadPod;
    const make = () =>
      createCredentialChain(podView(world, namespace, name), { sdk, clock: world.clock, region: world.region });
    if (load.clients === 'per-request') return make();
    const chain = kept.get(pod) ?? make();
    kept.set(pod, chain);
    return chain;
  };
  const seconds = new Map<number, { accepted: number; throttled: number }>();
  const byPod = new Map<string, { accepted: number; throttled: number }>();
  let firstThrottle: ChainResult | undefined;
  let seq = queue.length;
  let retries = 0;
  let failed = 0;
  let failedWith: string | undefined;
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (next.atMs > world.clock.nowMs()) await advanceTo(world, next.atMs);
    const result = await chainOf(next.pod).resolve();
    if (result.ok && result.fromCache) continue;
    const second = Math.floor((next.atMs - startMs) / 1000);
    const count = seconds.get(second) ?? { accepted: 0, throttled: 0 };
    seconds.set(second, count);
    const { namespace, pod: name } = load.pods[next.pod] as LoadPod;
    const mine = byPod.get(`${namespace}/${name}`) ?? { accepted: 0, throttled: 0 };
    byPod.set(`${namespace}/${name}`, mine);
    if (result.ok) {
      count.accepted++;
      mine.accepted++;
      continue;
    }
    const throttled = THROTTLING_CODES.includes(result.error.code);
    if (throttled) {
      count.throttled++;
      mine.throttled++;
      firstThrottle ??= result;
    }
    const policy = STANDARD_RETRY[(load.pods[next.pod] as LoadPod).sdk];
    if (throttled && next.attempt < policy.maxAttempts) {
      retries++;
      const delayMs = policy.delayMs(next.attempt, true, random);
      enqueue(queue, { atMs: next.atMs + delayMs, seq: seq++, pod: next.pod, attempt: next.attempt + 1 });
      continue;
    }
    failed++;
    failedWith = `${result.error.code}: ${result.error.message}`;
  }
  const perSecond = [...seconds.entries()].sort(([a], [b]) => a - b).map(([second, c]) => ({ second, ...c }));
  const accepted = perSecond.reduce((n, s) => n + s.accepted, 0);
  const throttled = perSecond.reduce((n, s) => n + s.throttled, 0);
  return {
    requests,
    stsCalls: accepted + throttled,
    accepted,
    throttled,
    retries,
    failed,
    ...(failedWith ? { failedWith } : {}),
    perSecond,
    byPod,
    ...(firstThrottle ? { firstThrottle } : {}),
  };
}

/** The report as a table: each second's answers, then the totals. */
export function loadPanel(title: string, report: LoadReport): Panel {
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  return textPanel(title, [
    'second   STS calls   accepted   throttled (Rate exceeded)',
    ...report.perSecond.map(
      (s) =>
        `${pad(s.second, 6)}   ${pad(s.accepted + s.throttled, 9)}   ${pad(s.accepted, 8)}   ${pad(s.throttled, 9)}`,
    ),
    `requests ${report.requests}, STS calls ${report.stsCalls}, retries ${report.retries}, failed after every retry ${report.failed}`,
  ]);
}

/** A random source in [0, 1) drawn from a fork of the world's seeded one. */
export function seededRandom(world: World): () => number {
  const rng = world.rng.fork();
  return () => rng.int(0, 999_999) / 1_000_000;
}

/** The report as a decision: each second's calls against the quota (`quota` per second in `region`). */
export function loadDecision(report: LoadReport, quota: number, region: string): DecisionTrace {
  return {
    title: `STS request quota: ${quota} a second in ${region}`,
    allowed: report.throttled === 0,
    lines: report.perSecond.map((s) => ({
      depth: 0,
      text: `second ${s.second}: ${s.accepted + s.throttled} calls, ${s.accepted} accepted, ${s.throttled} throttled`,
      ok: s.throttled === 0,
    })),
  };
}

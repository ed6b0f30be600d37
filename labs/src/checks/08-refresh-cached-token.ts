/**
 * Lab 8: fix an app that read its projected token once at start-up. The
 * learner's startApp runs inside the pod for two days of simulated time,
 * while the kubelet rewrites the token file at 80% of its lifetime: the app
 * must cache its role credentials, renew them before they expire, and send
 * STS the token the file holds now, not the one it read at start. Besides
 * the named moments, the app is asked again at the very moment each set of
 * credentials it returned expires, so returning them even a moment past
 * their expiry fails.
 */

import { HOUR_MS, IRSA_TOKEN_PATH, MINUTE_MS } from '@irsa-lab/core';
import { moveTime, type World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import type { LabFiles } from '../learner/lab-files.js';
import { callLearner, loadLearnerModule, settleLearner } from '../learner/ts-module.js';
import type { Steps } from '../report.js';
import { viewOf } from '../sim/pods.js';
import { irsaRole, workloadYaml, workshopWorld } from '../sim/workshop-world.js';
import { type AppEnvironment, appEnvironment, type StsCallRecord, tokenTimes } from './app-harness.js';
import type { LabCheck } from './lab-check.js';
import { iso } from './validator-harness.js';

const FILE = 'app.ts';

interface Creds {
  readonly accessKeyId?: unknown;
  readonly expirationMs?: unknown;
}
interface App {
  credentials(): Promise<Creds>;
}

async function startApp(files: LabFiles, env: AppEnvironment): Promise<App> {
  const mod = await loadLearnerModule(files, FILE);
  if (typeof mod.startApp !== 'function') {
    throw new LabInputError(
      'SCHEMA',
      { file: FILE },
      'export function startApp(app: AppEnvironment): CredentialSource',
    );
  }
  const start = mod.startApp as (env: AppEnvironment) => App;
  const app = await callLearner(files, FILE, 'startApp(app)', () => start(env));
  if (typeof app?.credentials !== 'function') {
    throw new LabInputError(
      'SCHEMA',
      { file: FILE },
      'startApp(app) must return an object with a credentials() method',
    );
  }
  return app;
}

/** Why the last STS call failed, told from the token it carried and the file's token now. */
function staleTokenLines(world: World, calls: readonly StsCallRecord[], fileToken: string, thrown: unknown): string[] {
  const last = calls.at(-1);
  if (!last || last.status === 200) return [];
  const sent = tokenTimes(last.token);
  const now = tokenTimes(fileToken);
  const lines = (thrown as Error | undefined)?.name === last.code ? [] : [`STS answered ${last.code}: ${last.message}`];
  if (sent) lines.push(`the app sent the token issued ${iso(sent.iatMs)}, which expired ${iso(sent.expMs)}`);
  if (now && last.token !== fileToken) {
    lines.push(
      `${IRSA_TOKEN_PATH} holds a newer token, issued ${iso(now.iatMs)} (the kubelet rewrites it at 80% of its lifetime)`,
    );
    lines.push('expected: read the token file again each time the app calls STS');
  }
  return lines.length > 0 ? lines : [`now ${iso(world.clock.nowMs())}`];
}

/** One run of the app through simulated time. */
interface Run {
  readonly files: LabFiles;
  readonly world: World;
  readonly app: App;
  readonly calls: StsCallRecord[];
  readonly steps: Steps;
  readonly startMs: number;
  /** The expiry of the credentials the app returned last (undefined after a failed ask). */
  expiresAtMs: number | undefined;
  /** Asks made at an expiry, and the first and last time of them. */
  expiryAsks: { count: number; firstMs?: number; lastMs?: number };
}

/** At most this many asks at expiries: two days of one-hour credentials need about 50. */
const MAX_EXPIRY_ASKS = 200;

/** `60 minutes later`, `25 hours later`, `24 hours 5 minutes later`. */
function later(ms: number): string {
  if (ms < 2 * HOUR_MS) return `${Math.round(ms / MINUTE_MS)} minutes later`;
  const hours = Math.floor(ms / HOUR_MS);
  const minutes = Math.round((ms % HOUR_MS) / MINUTE_MS);
  return `${hours} hours${minutes > 0 ? ` ${minutes} minutes` : ''} later`;
}

/** Why credentials that were returned are not valid now. */
function expiredLine(exp: unknown, nowMs: number): string {
  if (typeof exp !== 'number') return 'it returned credentials without a numeric expirationMs';
  return exp === nowMs
    ? `it returned credentials that expire ${iso(exp)}, which is now: they no longer work, so renew them before expirationMs`
    : `it returned credentials that expired ${iso(exp)}; now is ${iso(nowMs)}`;
}

/**
 * Ask for credentials; they must come back unexpired. Returns them, or
 * undefined after a failed step. A `quiet` ask records a step only if it fails.
 */
async function credentialsAt(run: Run, label: string, quiet = false): Promise<Creds | undefined> {
  const { files, world, app, calls, steps } = run;
  const title = `${label}: credentials() returns valid credentials`;
  const out = await settleLearner(files, FILE, 'credentials()', () => app.credentials());
  const view = viewOf(world, 'payments', 'billing-api');
  run.expiresAtMs = undefined;
  if (!out.ok) {
    steps.fail(
      title,
      out.error.message,
      ...staleTokenLines(world, calls, view?.readFile(IRSA_TOKEN_PATH) ?? '', out.thrown),
    );
    return undefined;
  }
  const exp = out.value?.expirationMs;
  const nowMs = world.clock.nowMs();
  const fresh = typeof exp === 'number' && exp > nowMs;
  if (!fresh) steps.fail(title, expiredLine(exp, nowMs));
  else if (!quiet) steps.ok(title, `valid until ${iso(exp)}`);
  if (fresh) run.expiresAtMs = exp;
  return fresh ? out.value : undefined;
}

/**
 * Until `untilMs`, ask again at the very moment the credentials returned
 * last expire, and again after each renewal: whatever the app does between
 * the named moments, it must never hand out credentials that have run out.
 * Returns false after a failed step.
 */
async function askAtExpiries(run: Run, untilMs: number): Promise<boolean> {
  for (;;) {
    const atMs = run.expiresAtMs;
    if (atMs === undefined || atMs >= untilMs || atMs <= run.world.clock.nowMs()) return true;
    if (run.expiryAsks.count >= MAX_EXPIRY_ASKS) {
      run.steps.fail(
        'credentials() is asked again each time the credentials it returned expire',
        `stopped at the limit of ${MAX_EXPIRY_ASKS} asks, at ${iso(atMs)}: the credentials it returns last too short a time`,
      );
      return false;
    }
    await moveTime(run.world, atMs);
    run.expiryAsks.count += 1;
    run.expiryAsks.firstMs ??= atMs;
    run.expiryAsks.lastMs = atMs;
    const label = `${later(atMs - run.startMs)}, the moment the credentials it returned last expire (${iso(atMs)})`;
    if (!(await credentialsAt(run, label, true))) return false;
  }
}

export const checkRefreshCachedToken: LabCheck = async (files, steps) => {
  const world = await workshopWorld();
  const roleArn = irsaRole(world, 'billing-reader', 'payments', 'billing');
  await world.apply(
    workloadYaml({ namespace: 'payments', serviceAccount: 'billing', pod: 'billing-api', roleArn }),
    'billing.yaml',
  );
  const view = viewOf(world, 'payments', 'billing-api');
  if (!view) throw new Error('the billing-api pod did not start');
  const calls: StsCallRecord[] = [];
  const app = await startApp(files, appEnvironment(world, view, calls));
  const startMs = world.clock.nowMs();
  const run: Run = { files, world, app, calls, steps, startMs, expiresAtMs: undefined, expiryAsks: { count: 0 } };
  const first = await credentialsAt(run, 'at start-up');
  if (!first) return;
  const role = world.iam.lookupAccessKey(String(first.accessKeyId))?.roleArn;
  steps.expect(role === roleArn, 'the credentials are for billing-reader', [`role ${role ?? 'unknown to IAM'}`]);

  await moveTime(world, startMs + 10 * MINUTE_MS);
  const before = calls.length;
  await credentialsAt(run, '10 minutes later');
  steps.expect(calls.length === before, 'still-valid credentials are reused (no STS call)', [
    calls.length === before
      ? 'no STS call'
      : `the app called STS ${calls.length - before} time(s) for credentials that were still valid for 50 minutes`,
  ]);
  const moments = [
    { atMs: 75 * MINUTE_MS, label: '75 minutes later (the first credentials expired)', last: false },
    { atMs: 25 * HOUR_MS, label: '25 hours later (after one token rewrite)', last: true },
    { atMs: 49 * HOUR_MS, label: '49 hours later (after two token rewrites)', last: true },
  ];
  for (const moment of moments) {
    if (!(await askAtExpiries(run, startMs + moment.atMs))) return;
    await moveTime(world, startMs + moment.atMs);
    if (!(await credentialsAt(run, moment.label)) && moment.last) return;
  }
  const { count, firstMs, lastMs } = run.expiryAsks;
  steps.expect(count > 0, 'credentials() never returns expired credentials', [
    count > 0 && firstMs !== undefined && lastMs !== undefined
      ? `asked again the moment each set it returned expired: ${count} times, from ${iso(firstMs)} to ${iso(lastMs)}`
      : 'the credentials it returned never expired within the two days, which STS credentials do',
  ]);
};

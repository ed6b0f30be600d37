/**
 * Lab 8: fix an app that read its projected token once at start-up. The
 * learner's startApp runs inside the pod for two days of simulated time,
 * while the kubelet rewrites the token file at 80% of its lifetime: the app
 * must cache its role credentials, renew them before they expire, and send
 * STS the token the file holds now, not the one it read at start.
 */
import { moveTime, type World } from '@irsa-lab/scenarios';
import { HOUR_MS, MINUTE_MS } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import type { LabFiles } from '../learner/lab-files.js';
import { callLearner, loadLearnerModule, settleLearner } from '../learner/ts-module.js';
import type { Steps } from '../report.js';
import { viewOf } from '../sim/pods.js';
import { irsaRole, TOKEN_PATH, workloadYaml, workshopWorld } from '../sim/workshop-world.js';
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
      `${TOKEN_PATH} holds a newer token, issued ${iso(now.iatMs)} (the kubelet rewrites it at 80% of its lifetime)`,
    );
    lines.push('expected: read the token file again each time the app calls STS');
  }
  return lines.length > 0 ? lines : [`now ${iso(world.clock.nowMs())}`];
}

/** Ask for credentials at `label`; they must come back unexpired. Returns them, or undefined after a failed step. */
async function credentialsAt(
  files: LabFiles,
  world: World,
  app: App,
  calls: StsCallRecord[],
  label: string,
  steps: Steps,
): Promise<Creds | undefined> {
  const title = `${label}: credentials() returns valid credentials`;
  const out = await settleLearner(files, FILE, 'credentials()', () => app.credentials());
  const view = viewOf(world, 'payments', 'billing-api');
  if (!out.ok) {
    steps.fail(
      title,
      out.error.message,
      ...staleTokenLines(world, calls, view?.readFile(TOKEN_PATH) ?? '', out.thrown),
    );
    return undefined;
  }
  const exp = out.value?.expirationMs;
  const fresh = typeof exp === 'number' && exp > world.clock.nowMs();
  steps.expect(fresh, title, [
    fresh
      ? `valid until ${iso(exp)}`
      : `it returned credentials that expired ${typeof exp === 'number' ? iso(exp) : '(no expirationMs)'}; now is ${iso(world.clock.nowMs())}`,
  ]);
  return fresh ? out.value : undefined;
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
  const first = await credentialsAt(files, world, app, calls, 'at start-up', steps);
  if (!first) return;
  const role = world.iam.lookupAccessKey(String(first.accessKeyId))?.roleArn;
  steps.expect(role === roleArn, 'the credentials are for billing-reader', [`role ${role ?? 'unknown to IAM'}`]);

  await moveTime(world, startMs + 10 * MINUTE_MS);
  const before = calls.length;
  await credentialsAt(files, world, app, calls, '10 minutes later', steps);
  steps.expect(calls.length === before, 'still-valid credentials are reused (no STS call)', [
    calls.length === before
      ? 'no STS call'
      : `the app called STS ${calls.length - before} time(s) for credentials that were still valid for 50 minutes`,
  ]);
  await moveTime(world, startMs + 75 * MINUTE_MS);
  await credentialsAt(files, world, app, calls, '75 minutes later (the first credentials expired)', steps);
  for (const hours of [25, 49]) {
    await moveTime(world, startMs + hours * HOUR_MS);
    if (
      !(await credentialsAt(
        files,
        world,
        app,
        calls,
        `${hours} hours later (after ${hours === 25 ? 'one token rewrite' : 'two token rewrites'})`,
        steps,
      ))
    )
      return;
  }
};

/**
 * sts-throttling: an app that creates a new SDK client per request calls
 * AssumeRoleWithWebIdentity per request, and 20 replicas of it exceed the
 * account's STS request quota (600 per second per Region by default):
 * `Throttling: Rate exceeded`, retried with backoff by the SDK, some
 * requests failing after every retry. One client per process brings it to
 * one call per pod per hour; the quota is per Region, and calls to the
 * global endpoint count in another.
 */

import { STANDARD_RETRY } from '@irsa-lab/ec2-node';
import { moveTime, serviceAccountYaml, type World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { chainDecision } from '../../panels/traces.js';
import { billingReaderArn, billingReaderWorld } from '../kit/billing.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { type LoadPod, type LoadReport, loadDecision, loadPanel, runStsLoad, seededRandom } from '../kit/sts-load.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, nodeName, WORKER_NODE_POLICIES } from '../kit/worlds.js';

const REPLICAS = 20;
/** Requests per second each replica serves. */
const RATE = 45;
const SECONDS = 1;
/** reports-batch's calls a second, through the global endpoint. */
const BATCH_RATE = 50;
/** The documented default: 600 requests per second per account per Region. */
const QUOTA = 600;
const ATTEMPTS = STANDARD_RETRY['js-v3'].maxAttempts;

const replica = (i: number, requestsPerSecond = RATE): LoadPod => ({
  namespace: 'payments',
  pod: `billing-api-${i}`,
  sdk: 'js-v3',
  requestsPerSecond,
});
const replicas = Array.from({ length: REPLICAS }, (_, i) => replica(i));

/** A Node.js pod of ServiceAccount payments/billing on the first node. */
function appYaml(world: World, pod: string, image = NODE_IMAGE, env?: Readonly<Record<string, string>>): string {
  return podYaml({
    namespace: 'payments',
    pod,
    serviceAccount: 'billing',
    image,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: nodeName(world),
    ...(env ? { env } : {}),
  });
}

const BATCH: LoadPod = { namespace: 'payments', pod: 'reports-batch', sdk: 'botocore', requestsPerSecond: BATCH_RATE };

/** reports-batch: boto3 told to use the legacy (global) STS endpoint. */
function batchYaml(world: World): string {
  return appYaml(world, 'reports-batch', 'public.ecr.aws/docker/library/python:3.12-slim', {
    AWS_STS_REGIONAL_ENDPOINTS: 'legacy',
  });
}

/** The world with one replica of billing-api running; `stsRequestsPerSecond` is the quota (a test raises it). */
export async function throttlingWorld(seed: number, stsRequestsPerSecond = QUOTA): Promise<World> {
  const world = await billingReaderWorld(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
    settings: { stsRequestsPerSecond },
  });
  const sa = serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: billingReaderArn(world) });
  await world.apply(sa, 'billing-sa.yaml');
  await world.apply(appYaml(world, replica(0).pod), 'billing-api-0.yaml');
  return world;
}

/** The most calls STS got in one second of the load. */
const busiest = (report: LoadReport) => Math.max(...report.perSecond.map((s) => s.accepted + s.throttled));
/** What one pod's calls got, `accepted/throttled`. */
const podCounts = (report: LoadReport, pod: string) => {
  const c = report.byPod.get(`payments/${pod}`);
  return c ? `${c.accepted} accepted, ${c.throttled} throttled` : 'no calls';
};

export const stsThrottling: ScenarioDef<World> = {
  id: 'sts-throttling',
  title: 'STS throttling: a new SDK client per request',
  group: 'failures',
  goal: `Drive ${REPLICAS} replicas that create an SDK client per request past the ${QUOTA}-per-second STS quota; fix it with one client per process`,
  lesson: `With IRSA every new SDK client calls AssumeRoleWithWebIdentity. STS allows an account ${QUOTA} requests a second per Region by default and answers the rest with Throttling: Rate exceeded. The SDK retries with exponential backoff and jitter: that moves the excess into later seconds but adds calls, and under steady overload requests fail. Keep one client (one boto3 session) per process: it calls STS about once an hour. The quota is per Region: regional endpoints keep each Region's workloads on their own.`,
  sources: [
    { label: 'Reference: the STS request quota', href: 'docs/reference.md#the-sts-request-quota' },
    {
      label: 'IAM user guide, IAM and AWS STS quotas (STS request quotas)',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    },
    {
      label: 'EKS best practices, reuse AWS SDK sessions with IRSA',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    {
      label: 'aws-sdk-go-v2#2544: AssumeRoleWithWebIdentity, api error Throttling: Rate exceeded',
      href: 'https://github.com/aws/aws-sdk-go-v2/issues/2544',
    },
  ],
  simplifications: [
    `STS's bucket holds one second's worth (${QUOTA}) and refills at each whole second; the real bucket size is not documented.`,
    "The quotas page lists AssumeRoleWithWebIdentity under no quota; the simulation counts it against the role's account and Region, as the throttling people report suggests.",
    `The ${REPLICAS} replicas are pods created one by one (no Deployment); requests are evenly spaced and run one at a time in time order.`,
    `The SDK's retries are its standard strategy (${ATTEMPTS} attempts, random × 2^retry × 500 ms after a throttle), drawn from the seeded random source; a retry re-runs the chain, which sends the same STS call.`,
  ],
  setup: (seed) => throttlingWorld(seed),
  steps: [
    {
      id: 'one-replica',
      title: 'One replica, a new S3 client per request',
      narration: `billing-api builds new S3Client({}) inside its request handler. Each client runs the default chain from scratch, and fromTokenFile calls AssumeRoleWithWebIdentity: one STS call per request. With one replica at ${RATE} requests a second that is ${RATE} calls a second, far below the account's ${QUOTA} in us-west-2: nothing shows.`,
      async run({ world }) {
        const load = { pods: [replica(0)], seconds: SECONDS, clients: 'per-request' as const };
        const report = await runStsLoad(world, load, seededRandom(world));
        return {
          action: `new S3Client({}) per request  # 1 replica × ${RATE}/s for ${SECONDS} s`,
          outcome: 'allowed',
          summary: `${report.requests} requests, ${report.stsCalls} STS calls, none throttled.`,
          panels: [loadPanel(`STS answers, second by second (quota ${QUOTA}/s in ${world.region})`, report)],
          decision: loadDecision(report, QUOTA, world.region),
          checks: [
            check('STS calls', String(report.requests), String(report.stsCalls)),
            check('throttled calls', '0', String(report.throttled)),
          ],
        };
      },
    },
    {
      id: 'per-request',
      title: `Scaled out to ${REPLICAS} replicas: Throttling`,
      kind: 'break',
      narration: `The autoscaler scales billing-api out to ${REPLICAS} replicas (a large rollout does the same): ${REPLICAS} × ${RATE} = ${REPLICAS * RATE} calls a second. STS accepts ${QUOTA} of them in each second and answers the rest with Throttling: Rate exceeded; the SDK retries a throttled call twice, after random waits of up to 0.5 s and 1 s. Meanwhile reports-batch, a Python job started with AWS_STS_REGIONAL_ENDPOINTS=legacy, makes ${BATCH_RATE} calls a second through the global endpoint.`,
      async run({ world }): Promise<StepResult> {
        const scaled = replicas.slice(1).map((r) => appYaml(world, r.pod));
        await world.apply(scaled.join('---\n'), 'billing-api-scaled.yaml');
        await world.apply(batchYaml(world), 'reports-batch.yaml');
        const load = { pods: [...replicas, BATCH], seconds: SECONDS, clients: 'per-request' as const };
        const report = await runStsLoad(world, load, seededRandom(world));
        const usage = world.sts.quotaUsage().find((u) => u.region === world.region);
        const title = 'the SDK chain of the first throttled request';
        const decision = report.firstThrottle ? chainDecision(title, report.firstThrottle) : undefined;
        const wire = report.firstThrottle?.ok === false ? report.firstThrottle.error : undefined;
        return {
          action: `kubectl scale deployment billing-api -n payments --replicas=${REPLICAS}; kubectl apply -f reports-batch.yaml`,
          outcome: 'denied',
          summary: `${report.throttled} of ${report.stsCalls} STS calls were throttled; ${report.failed} of ${report.requests} requests failed after ${ATTEMPTS} attempts; reports-batch: ${podCounts(report, 'reports-batch')}.`,
          panels: [
            loadPanel('STS answers, second by second (both endpoints)', report),
            ...(decision
              ? [{ kind: 'chain' as const, title: 'A throttled call, as the SDK saw it', trace: decision }]
              : []),
          ],
          ...(decision ? { decision } : {}),
          checks: [
            check(
              'calls in the busiest second',
              `over ${QUOTA}`,
              busiest(report) > QUOTA ? `over ${QUOTA}` : String(busiest(report)),
            ),
            check(
              'wire error of a throttled call',
              'Throttling: Rate exceeded',
              wire ? `${wire.code}: ${wire.message}` : '(none)',
            ),
            check('requests that failed after every retry', 'some', report.failed > 0 ? 'some' : 'none'),
            check('throttled calls, as STS counted them', String(report.throttled), String(usage?.throttled ?? 0)),
            check('reports-batch throttled', '0', String(report.byPod.get('payments/reports-batch')?.throttled ?? 0)),
          ],
        };
      },
    },
    {
      id: 'one-client',
      title: 'Fix: one client per process',
      kind: 'fix',
      narration: `The EKS best practices guide: reuse the SDK session. A client created once, at start-up, calls STS once, keeps the credentials for their hour and refreshes them 5 minutes before they expire. The same traffic, a minute later.`,
      async run({ world }) {
        await moveTime(world, world.clock.nowMs() + 60_000);
        const load = { pods: replicas, seconds: SECONDS, clients: 'one-per-pod' as const };
        const report = await runStsLoad(world, load, seededRandom(world));
        return {
          action: `const s3 = new S3Client({}); // once, at start-up  # the same ${REPLICAS} × ${RATE}/s`,
          outcome: 'allowed',
          summary: `${report.requests} requests made ${report.stsCalls} STS calls, one per replica; none was throttled.`,
          panels: [loadPanel('STS answers, second by second', report)],
          decision: loadDecision(report, QUOTA, world.region),
          checks: [
            check('STS calls', String(REPLICAS), String(report.stsCalls)),
            check('throttled calls', '0', String(report.throttled)),
          ],
        };
      },
    },
    {
      id: 'per-region',
      title: 'The quota is per Region: the global endpoint counted elsewhere',
      narration:
        "The quota is per account and per Region. The webhook sets AWS_STS_REGIONAL_ENDPOINTS=regional, so billing-api's SDK called sts.us-west-2.amazonaws.com and counted in us-west-2; reports-batch's boto3, told legacy, called the global endpoint sts.amazonaws.com, which counted in us-east-1. That is why it was never throttled while us-west-2 was full. The other way round, clusters in several Regions that all use the global endpoint share one Region's quota (AWS is changing the global endpoint so that requests from each Region get their own).",
      async run({ world }) {
        const usage = world.sts.quotaUsage();
        const lines = usage.map(
          (u) =>
            `${u.account} in ${u.region}: ${u.accepted} accepted, ${u.throttled} throttled (quota ${u.requestsPerSecond}/s)`,
        );
        const east = usage.find((u) => u.region === 'us-east-1');
        return {
          action: 'STS request quota use so far, by account and Region',
          outcome: 'info',
          summary: lines.join('; '),
          panels: [
            textPanel('STS request quota use, by account and Region', lines),
            textPanel('reports-batch.yaml', batchYaml(world)),
          ],
          checks: [
            check(
              'Regions counted',
              'us-east-1, us-west-2',
              usage
                .map((u) => u.region)
                .sort()
                .join(', '),
            ),
            check('throttled in us-east-1', '0', String(east?.throttled ?? 'no calls')),
          ],
        };
      },
    },
  ],
};

/**
 * webhook-race: a ServiceAccount and its pod in one `kubectl apply`. The pod
 * identity webhook reads ServiceAccounts from an informer cache that lags
 * the apiserver, so the pod is admitted before the cache has the SA: not
 * mutated, and its SDK silently takes the node role. The fixes: restart the
 * pod, apply the SA first, or the webhook's lookup grace period.
 */

import { createIrsaRole, moveTime, serviceAccountYaml, type World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { billingApiYaml, billingReaderArn, billingReaderWorld } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { envLines, podEnv, textPanel } from '../kit/text-panels.js';
import { webhookDecision } from '../kit/webhook.js';
import { IMDS_OPEN, nodeName, nodeRoleArn, WORKER_NODE_POLICIES } from '../kit/worlds.js';

/** How late this cluster's webhook sees ServiceAccount changes. */
export const RACE_LAG_MS = 500;
/** The grace period the fix step restarts the webhook with (the README's documented default). */
const GRACE_MS = 100;

/**
 * The race's world: billing-reader set up, the node's IMDS open, the webhook's
 * cache `lagMs` behind the apiserver (a test turns it to 0 to see the checks fail).
 */
export function raceWorld(seed: number, lagMs = RACE_LAG_MS): Promise<World> {
  return billingReaderWorld(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
    settings: { webhookCacheLagMs: lagMs },
  });
}

/** A ServiceAccount annotated with `roleArn` and a Node.js pod using it, in one file (Namespace first). */
function appYaml(world: World, namespace: string, app: string, roleArn: string): string {
  return podYaml({
    namespace,
    pod: `${app}-api`,
    serviceAccount: app,
    image: NODE_IMAGE,
    withNamespace: true,
    withServiceAccount: true,
    roleArn,
    nodeName: nodeName(world),
  });
}

/** The SDK chain in `namespace/pod`, with checks of the role and the provider it came from. */
async function chainStep(world: World, namespace: string, pod: string, role: string, source: string) {
  const got = await resolveInPod(world, namespace, pod);
  const from = got.result.ok ? got.result.credentials.source : got.result.error.code;
  return {
    got,
    from,
    checks: [check('role obtained', role, got.roleArn), check('credential source', source, from)],
  };
}

export const webhookRace: ScenarioDef<World> = {
  id: 'webhook-race',
  title: 'ServiceAccount and pod in one apply: the webhook cache race',
  group: 'failures',
  goal: 'Apply a ServiceAccount and its pod together and watch the pod start unmutated on the node role; then three fixes',
  lesson:
    "The webhook looks ServiceAccounts up in an informer cache that runs behind the apiserver. A pod admitted before the cache has its ServiceAccount is left alone, and nothing retries: it runs on the node role until it is re-created. Apply the ServiceAccount first, restart the pod, or run the webhook with --service-account-lookup-grace-period (not settable on EKS's own webhook).",
  sources: [
    { label: 'Reference: the service account cache race', href: 'docs/reference.md#the-service-account-cache-race' },
    {
      label: 'Pod identity webhook issue #174: not injecting on initial deployment',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/issues/174',
    },
    {
      label: 'Pod identity webhook issue #264: the same race with Pod Identity associations',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/issues/264',
    },
    {
      label: 'Pod identity webhook PR #236: the lookup grace period',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/pull/236',
    },
    {
      label: 'containers-roadmap #2679: EKS users cannot set the grace period',
      href: 'https://github.com/aws/containers-roadmap/issues/2679',
    },
  ],
  simplifications: [
    `The informer's delay is a fixed ${RACE_LAG_MS} ms of simulated time; a real one varies with apiserver load.`,
    'The grace period step restarts the webhook with the flag, as a self-managed webhook can be; EKS runs its own copy with flags you cannot change.',
    "With the grace period the webhook's GET of the ServiceAccount always answers in time (its 10-per-second rate limit is not modelled).",
  ],
  setup: (seed) => raceWorld(seed),
  steps: [
    {
      id: 'same-apply',
      title: 'One file: the ServiceAccount, then its pod',
      kind: 'break',
      narration: `billing.yaml holds the annotated ServiceAccount payments/billing and the pod billing-api, one after the other, as a Helm chart renders them. The apiserver stores the ServiceAccount at once, but the webhook's cache on this cluster sees changes ${RACE_LAG_MS} ms late: when the pod's CREATE reaches the webhook, the ServiceAccount is not in its cache.`,
      async run({ world }) {
        const sa = serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: billingReaderArn(world) });
        const text = `${sa}---\n${billingApiYaml(world)}`;
        const results = await world.apply(text, 'billing.yaml');
        const trace = results.find((r) => r.kind === 'Pod')?.webhook;
        const env = podEnv(world, 'payments', 'billing-api');
        return {
          action: 'kubectl apply -f billing.yaml',
          outcome: 'info',
          summary: `The pod was admitted unmutated: ${trace?.steps[0]?.message ?? 'the webhook was not called'}.`,
          panels: [
            textPanel('billing.yaml', text),
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(trace) },
          ],
          checks: [
            check('webhook skipped', 'service-account-not-cached', trace?.skipped),
            check('AWS_ROLE_ARN in the pod', 'no', env.AWS_ROLE_ARN ? 'yes' : 'no'),
            check(
              'annotation stored by the apiserver',
              billingReaderArn(world),
              world.api.get('ServiceAccount', 'payments', 'billing').metadata.annotations?.[
                'eks.amazonaws.com/role-arn'
              ],
            ),
          ],
        };
      },
    },
    {
      id: 'node-role',
      title: 'The pod runs on the node role, and nothing says so',
      kind: 'break',
      narration:
        'Without AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE the SDK passes over fromTokenFile and finds the node role through IMDS. No error, no STS call: the app just has the wrong identity, until someone notices AccessDenied on the bucket it should read, or worse, that the node role lets it do something it should not.',
      async run({ world }) {
        const { got, from, checks } = await chainStep(
          world,
          'payments',
          'billing-api',
          nodeRoleArn(world),
          'fromInstanceMetadata',
        );
        return {
          action: 'SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `billing-api holds ${got.roleArn ?? 'nothing'} from ${from}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            ...checks,
            check('STS AssumeRoleWithWebIdentity calls', '0', String(webIdentityRecords(world).length)),
          ],
        };
      },
    },
    {
      id: 'restart',
      title: 'Fix 1: restart the pod',
      kind: 'fix',
      narration:
        'A minute later the cache has long caught up. Deleting the pod (kubectl rollout restart, for a Deployment) sends a new CREATE through admission, and this time the webhook finds the role ARN.',
      async run({ world }) {
        await moveTime(world, world.clock.nowMs() + 60_000);
        world.deletePod('payments', 'billing-api');
        const [created] = await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const { got, from, checks } = await chainStep(
          world,
          'payments',
          'billing-api',
          billingReaderArn(world),
          'fromTokenFile',
        );
        return {
          action: 'kubectl delete pod billing-api -n payments && kubectl apply -f billing-api.yaml',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Mutated this time; billing-api holds ${got.roleArn ?? 'nothing'} from ${from}.`,
          panels: [
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
            ...got.panels,
          ],
          decision: got.decision,
          checks: [check('webhook mutated the pod', 'yes', created?.webhook?.mutated ? 'yes' : 'no'), ...checks],
        };
      },
    },
    {
      id: 'ordered-apply',
      title: 'Fix 2: apply the ServiceAccount before the pod',
      kind: 'fix',
      narration: `A new app, reports/reports-api, is deployed in two waves (Helm hooks, Argo CD sync waves, or two kubectl applies): the Namespace and ServiceAccount first, the pod a second later, once the cache has seen them (${RACE_LAG_MS} ms here).`,
      async run({ world }) {
        const roleArn = createIrsaRole(world, {
          roleName: 'reports-reader',
          namespace: 'reports',
          serviceAccount: 'reports',
        });
        const [saDocs, podDoc] = splitLast(appYaml(world, 'reports', 'reports', roleArn));
        await world.apply(saDocs, 'reports-sa.yaml');
        await moveTime(world, world.clock.nowMs() + 1000);
        const [created] = await world.apply(podDoc, 'reports-api.yaml');
        const { got, from, checks } = await chainStep(world, 'reports', 'reports-api', roleArn, 'fromTokenFile');
        return {
          action: 'kubectl apply -f reports-sa.yaml && sleep 1 && kubectl apply -f reports-api.yaml',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `reports-api was mutated and holds ${got.roleArn ?? 'nothing'} from ${from}.`,
          panels: [
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
            ...got.panels,
          ],
          decision: got.decision,
          checks: [check('webhook mutated the pod', 'yes', created?.webhook?.mutated ? 'yes' : 'no'), ...checks],
        };
      },
    },
    {
      id: 'grace-period',
      title: "Fix 3: the webhook's lookup grace period",
      kind: 'fix',
      narration: `A self-managed webhook can be started with --service-account-lookup-grace-period (PR #236, since 2024). On a cache miss it then GETs the ServiceAccount from the apiserver and waits up to the grace period for it. Restarted with ${GRACE_MS} ms, the webhook admits audit/audit-api, applied in one file with its ServiceAccount, mutated.`,
      async run({ world }): Promise<StepResult> {
        const flags = world.api.configureWebhook({ serviceAccountLookupGracePeriodMs: GRACE_MS });
        const roleArn = createIrsaRole(world, {
          roleName: 'audit-writer',
          namespace: 'audit',
          serviceAccount: 'audit',
        });
        const text = appYaml(world, 'audit', 'audit', roleArn);
        const results = await world.apply(text, 'audit.yaml');
        const trace = results.find((r) => r.kind === 'Pod')?.webhook;
        const env = podEnv(world, 'audit', 'audit-api');
        return {
          action: `pod-identity-webhook --service-account-lookup-grace-period=${GRACE_MS}ms; kubectl apply -f audit.yaml`,
          outcome: 'info',
          summary: `The cache still missed the ServiceAccount, and the webhook fetched it: ${trace?.steps[0]?.message ?? ''}.`,
          panels: [
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(trace) },
            textPanel('Injected environment of audit/audit-api', envLines(env)),
          ],
          checks: [
            check('grace period in force', String(GRACE_MS), String(flags.serviceAccountLookupGracePeriodMs)),
            check('first webhook step', 'service-account-fetched', trace?.steps[0]?.code),
            check('AWS_ROLE_ARN', roleArn, env.AWS_ROLE_ARN),
          ],
        };
      },
    },
  ],
};

/** A multi-document YAML as everything but its last document, and the last (the pod). */
function splitLast(text: string): [string, string] {
  const docs = text.split('---\n');
  return [docs.slice(0, -1).join('---\n'), docs.at(-1) ?? ''];
}

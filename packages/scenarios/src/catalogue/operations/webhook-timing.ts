/**
 * webhook-timing: the ServiceAccount is annotated after its pod exists. The
 * pod identity webhook acts on pod CREATE only, so the running pod has no
 * token volume and no AWS_* variables, and its SDK falls back to the node
 * role through IMDS. Re-creating the pod gets it mutated.
 */

import { AWS_ROLE_ARN, IRSA_VOLUME_NAME, ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { serviceAccountYaml } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, timelinePanel } from '../../panels/panels.js';
import { billingApiYaml, billingReaderArn, billingReaderWorld } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { envLines, podEnv, textPanel } from '../kit/text-panels.js';
import { webhookDecision } from '../kit/webhook.js';
import { IMDS_OPEN, nodeRoleArn } from '../kit/worlds.js';

const NS = 'payments';
const POD = 'billing-api';

const hasVolume = (world: World) =>
  (world.api.get('Pod', NS, POD).spec.volumes ?? []).some((v) => v.name === IRSA_VOLUME_NAME) ? 'yes' : 'no';

/** A container's env as `NAME=value` lines, or a line saying it has none (kubectl prints nothing). */
function envOrNone(env: Record<string, string>): string[] {
  const lines = envLines(env);
  return lines.length > 0 ? lines : ['(no env: the container has no environment variables)'];
}

export const webhookTiming: ScenarioDef<World> = {
  id: 'webhook-timing',
  title: 'Webhook timing: annotate first, then create the pod',
  group: 'operations',
  goal: 'Annotate a ServiceAccount after its pod started, and watch the pod keep the node role until it is re-created',
  lesson:
    'The pod identity webhook mutates pods only when they are created; annotating a ServiceAccount changes nothing for running pods, which silently keep using whatever the SDK chain finds next (the node role through IMDS).',
  sources: [
    { label: 'Reference: when the webhook runs', href: 'docs/reference.md#when-the-webhook-runs' },
    {
      label: 'EKS user guide, configure the STS endpoint (re-create running pods)',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/configure-sts-endpoint.html',
    },
    {
      label: 'Pod identity webhook, deploy/mutatingwebhook.yaml',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/deploy/mutatingwebhook.yaml',
    },
    { label: 'Reference: the JavaScript SDK v3 chain', href: 'docs/reference.md#javascript-sdk-v3' },
  ],
  simplifications: [
    "The pod is deleted and created again by hand; a Deployment's rollout restart does the same through new pods.",
  ],
  setup: (seed) => billingReaderWorld(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: {} }),
  steps: [
    {
      id: 'pod-first',
      title: 'The pod starts before its ServiceAccount is annotated',
      narration:
        'The ServiceAccount billing exists without the eks.amazonaws.com/role-arn annotation when the pod is created. The webhook is called on CREATE, finds no role ARN, and leaves the pod alone: no token volume, no AWS_ROLE_ARN.',
      async run({ world }) {
        const sa = serviceAccountYaml({ namespace: NS, name: 'billing' });
        await world.apply(sa, 'billing-sa.yaml');
        const pod = billingApiYaml(world);
        const [created] = await world.apply(pod, 'billing-api.yaml');
        const env = podEnv(world, NS, POD);
        return {
          action: 'kubectl apply -f billing-sa.yaml -f billing-api.yaml',
          outcome: 'info',
          summary: `The webhook skipped the pod (${created?.webhook?.skipped ?? 'not called'}).`,
          panels: [
            textPanel('billing-sa.yaml', sa),
            textPanel('billing-api.yaml', pod),
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
          ],
          checks: [
            check('webhook skipped', 'no-role-arn', created?.webhook?.skipped),
            check('AWS_ROLE_ARN in the pod', 'no', env[AWS_ROLE_ARN] ? 'yes' : 'no'),
            check('aws-iam-token volume', 'no', hasVolume(world)),
          ],
        };
      },
    },
    {
      id: 'annotate',
      title: 'Annotate the ServiceAccount with the role',
      narration:
        'Now the ServiceAccount gets its role ARN. The apiserver stores the annotation, but nothing re-admits running pods: the webhook only ever sees a pod once, when it is created.',
      async run({ world }) {
        const roleArn = billingReaderArn(world);
        const result = world.api.annotate('ServiceAccount', NS, 'billing', ROLE_ARN_ANNOTATION, roleArn);
        const stored = world.api.get('ServiceAccount', NS, 'billing').metadata.annotations?.[ROLE_ARN_ANNOTATION];
        return {
          action: `kubectl annotate serviceaccount billing -n ${NS} ${ROLE_ARN_ANNOTATION}=${roleArn}`,
          outcome: 'info',
          summary: `${result.summary}; the running pod is unchanged.`,
          panels: [
            textPanel(
              'kubectl get pod billing-api -o jsonpath={.spec.containers[0].env}',
              envOrNone(podEnv(world, NS, POD)),
            ),
          ],
          checks: [
            check('annotation stored', roleArn, stored),
            check('AWS_ROLE_ARN in the running pod', 'no', podEnv(world, NS, POD)[AWS_ROLE_ARN] ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'node-role',
      title: 'The SDK falls back to the node role',
      kind: 'break',
      narration:
        "With no AWS_WEB_IDENTITY_TOKEN_FILE, the SDK's fromTokenFile is skipped and the chain reaches fromInstanceMetadata: the pod gets the node's instance role through IMDS. Nothing errors; the pod simply has the wrong identity.",
      async run({ world }) {
        const got = await resolveInPod(world, NS, POD);
        const source = got.result.ok ? got.result.credentials.source : got.result.error.code;
        return {
          action: 'SDK default chain in payments/billing-api (the pod created before the annotation)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'} from ${source}, not billing-reader.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', nodeRoleArn(world), got.roleArn),
            check('credential source', 'fromInstanceMetadata', source),
            check('STS AssumeRoleWithWebIdentity calls', '0', String(webIdentityRecords(world).length)),
          ],
        };
      },
    },
    {
      id: 'recreate',
      title: 'Re-create the pod: the webhook mutates it',
      kind: 'fix',
      narration:
        'Deleting the pod and creating it again sends a new CREATE through admission. This time the webhook finds the annotation and injects the aws-iam-token volume, its mount and the AWS_* variables; the kubelet writes the token.',
      async run({ world }) {
        world.deletePod(NS, POD);
        const [created] = await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const env = podEnv(world, NS, POD);
        return {
          action: 'kubectl delete pod billing-api -n payments && kubectl apply -f billing-api.yaml',
          outcome: 'info',
          summary: `Mutated: ${Object.keys(env).join(', ')} and the aws-iam-token volume.`,
          panels: [
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
            textPanel('Injected environment', envLines(env)),
            timelinePanel(world),
          ],
          checks: [
            check('webhook mutated the pod', 'yes', created?.webhook?.mutated ? 'yes' : 'no'),
            check('AWS_ROLE_ARN', billingReaderArn(world), env[AWS_ROLE_ARN]),
            check('aws-iam-token volume', 'yes', hasVolume(world)),
          ],
        };
      },
    },
    {
      id: 'irsa-role',
      title: 'The SDK now gets the IRSA role',
      narration:
        'fromTokenFile comes before fromInstanceMetadata in the chain: it reads the projected token, STS validates it and the trust policy, and the pod holds billing-reader.',
      async run({ world }) {
        const got = await resolveInPod(world, NS, POD);
        return {
          action: 'SDK default chain in the re-created payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', billingReaderArn(world), got.roleArn),
            check('credential source', 'fromTokenFile', got.result.ok ? got.result.credentials.source : undefined),
          ],
        };
      },
    },
  ],
};

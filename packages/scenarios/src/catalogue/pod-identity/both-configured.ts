/**
 * pod-identity-vs-irsa: one ServiceAccount with both an IRSA annotation and
 * a Pod Identity association. The webhook decides at pod creation: with an
 * association it injects container credentials and no IRSA variables; pods
 * created before keep IRSA. In the SDK chains web identity comes first, so
 * a chart that hard-codes the IRSA variables keeps IRSA even beside the
 * container variables.
 */

import {
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_ROLE_ARN,
  AWS_WEB_IDENTITY_TOKEN_FILE,
  IRSA_AUDIENCE,
  IRSA_MOUNT_PATH,
  IRSA_TOKEN_FILE,
  IRSA_TOKEN_PATH,
  IRSA_VOLUME_NAME,
  ROLE_ARN_ANNOTATION,
} from '@irsa-lab/core';
import { associatePodIdentity, createIrsaRole, createPodIdentityRole, type World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  associationPanel,
  heldRoleResult,
  holdsText,
  podIdentityWorld,
  resolveThroughChain,
  sourceOf,
} from '../kit/pod-identity.js';
import { envLines, podEnv, textPanel } from '../kit/text-panels.js';
import { webhookDecision } from '../kit/webhook.js';
import { IMDS_LOCKED_DOWN, nodeName } from '../kit/worlds.js';

const NS = 'payments';
const SA = 'billing';

/** A pod as a chart writes it when it hard-codes IRSA: its own aws-iam-token volume and the two variables. */
function chartPodYaml(world: World, pod: string, roleArn: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  namespace: ${NS}
spec:
  serviceAccountName: ${SA}
  nodeName: ${nodeName(world)}
  containers:
    - name: app
      image: ${NODE_IMAGE}
      env:
        - name: ${AWS_ROLE_ARN}
          value: ${roleArn}
        - name: ${AWS_WEB_IDENTITY_TOKEN_FILE}
          value: ${IRSA_TOKEN_PATH}
      volumeMounts:
        - name: ${IRSA_VOLUME_NAME}
          mountPath: ${IRSA_MOUNT_PATH}
          readOnly: true
  volumes:
    - name: ${IRSA_VOLUME_NAME}
      projected:
        sources:
          - serviceAccountToken:
              audience: ${IRSA_AUDIENCE}
              expirationSeconds: 86400
              path: ${IRSA_TOKEN_FILE}
`;
}

/** What the steps share: the two roles. */
type State = { irsaRoleArn: string; podIdentityRoleArn: string };

export const podIdentityVsIrsa: ScenarioDef<World, State> = {
  id: 'pod-identity-vs-irsa',
  title: 'Both configured: IRSA and Pod Identity on one ServiceAccount',
  group: 'pod-identity',
  goal: 'Give one ServiceAccount an IRSA annotation and a Pod Identity association, and see which role each pod gets and why',
  lesson:
    'Who wins is decided in two places. At pod creation the webhook gives an associated ServiceAccount container credentials and no IRSA variables; pods created earlier keep IRSA until re-created. In the SDK chains web identity comes before container credentials, so a pod whose spec sets the IRSA variables itself keeps IRSA, and the agent is never asked.',
  sources: [
    { label: 'Reference: the Pod Identity webhook', href: 'docs/reference.md#pod-identity-webhook' },
    { label: 'Reference: Pod Identity and the SDK chains', href: 'docs/reference.md#pod-identity-and-the-sdk-chains' },
    {
      label: 'EKS user guide, how Pod Identity works (the container credential provider in the chain)',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html',
    },
    {
      label: 'Pod identity webhook, pkg/handler/handler.go',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/pkg/handler/handler.go',
    },
    { label: 'Reference: the JavaScript SDK v3 chain', href: 'docs/reference.md#javascript-sdk-v3' },
    { label: 'Reference: the botocore chain', href: 'docs/reference.md#botocore-and-boto3' },
  ],
  simplifications: [
    'Pods are created by hand; a Deployment would create the same pods through its ReplicaSet.',
    'Real EKS never injects both sets of variables into one pod: here, as in real clusters, both appear only because the pod spec sets the IRSA ones itself.',
  ],
  async setup(seed) {
    const world = await podIdentityWorld(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      oidcProvider: true,
      agentAllowed: true,
    });
    return world;
  },
  steps: [
    {
      id: 'irsa-pod',
      title: 'Today: the ServiceAccount is annotated, the pod uses IRSA',
      narration:
        'billing is annotated with eks.amazonaws.com/role-arn for billing-irsa; the pod billing-v1 was mutated for IRSA and its SDK exchanges the projected token with STS.',
      async run({ world, state }) {
        state.irsaRoleArn = createIrsaRole(world, { roleName: 'billing-irsa', namespace: NS, serviceAccount: SA });
        state.podIdentityRoleArn = createPodIdentityRole(world, { roleName: 'billing-pod-identity' });
        const yaml = podYaml({
          namespace: NS,
          pod: 'billing-v1',
          serviceAccount: SA,
          image: NODE_IMAGE,
          withNamespace: true,
          withServiceAccount: true,
          roleArn: state.irsaRoleArn,
          nodeName: nodeName(world),
        });
        await world.apply(yaml, 'billing-v1.yaml');
        const got = await resolveThroughChain(world, NS, 'billing-v1');
        return heldRoleResult(
          got,
          { role: state.irsaRoleArn, source: 'fromTokenFile' },
          {
            action: 'kubectl apply -f billing-v1.yaml; SDK default chain in payments/billing-v1',
            summary: `${holdsText('billing-v1', got)}.`,
            panels: [textPanel('billing-v1.yaml', yaml)],
          },
        );
      },
    },
    {
      id: 'associate',
      title: 'Add a Pod Identity association for the same ServiceAccount',
      narration:
        'The association lives in EKS; the annotation stays on the ServiceAccount. Nothing happens to the running pod: the webhook only sees pods when they are created.',
      async run({ world, state }) {
        const association = associatePodIdentity(world, {
          namespace: NS,
          serviceAccount: SA,
          roleArn: state.podIdentityRoleArn,
        });
        const annotation = world.api.get('ServiceAccount', NS, SA).metadata.annotations?.[ROLE_ARN_ANNOTATION];
        const env = podEnv(world, NS, 'billing-v1');
        return {
          action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account ${SA} --role-arn ${state.podIdentityRoleArn}`,
          outcome: 'info',
          summary: `${association.associationId} created; billing is still annotated with ${annotation ?? 'nothing'}.`,
          panels: [associationPanel(association), textPanel('Environment of payments/billing-v1', envLines(env))],
          checks: [
            check('annotation still on the ServiceAccount', state.irsaRoleArn, annotation),
            check('billing-v1 still has AWS_ROLE_ARN', state.irsaRoleArn, env[AWS_ROLE_ARN]),
            check('billing-v1 has container credentials', 'no', env[AWS_CONTAINER_CREDENTIALS_FULL_URI] ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'new-pod',
      title: 'A new pod: the webhook chooses Pod Identity',
      narration:
        "billing-v2 is created now. The webhook finds the association and runs its container-credentials mode, which takes precedence over the annotation: AWS_CONTAINER_CREDENTIALS_FULL_URI and the token file, and no AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE. The SDK's fromTokenFile finds nothing and fromHttp asks the agent.",
      async run({ world, state }) {
        const yaml = podYaml({
          namespace: NS,
          pod: 'billing-v2',
          serviceAccount: SA,
          image: NODE_IMAGE,
          withNamespace: false,
          withServiceAccount: false,
          nodeName: nodeName(world),
        });
        const created = (await world.apply(yaml, 'billing-v2.yaml')).find((r) => r.kind === 'Pod');
        const env = podEnv(world, NS, 'billing-v2');
        const got = await resolveThroughChain(world, NS, 'billing-v2');
        return heldRoleResult(
          got,
          { role: state.podIdentityRoleArn, source: 'fromHttp' },
          {
            action: 'kubectl apply -f billing-v2.yaml; SDK default chain in payments/billing-v2',
            summary: `${holdsText('billing-v2', got)}.`,
            panels: [
              { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
              textPanel('Environment of payments/billing-v2', envLines(env)),
            ],
            checksBefore: [check('AWS_ROLE_ARN in billing-v2', 'no', env[AWS_ROLE_ARN] ? 'yes' : 'no')],
          },
        );
      },
    },
    {
      id: 'old-pod',
      title: 'The old pod still uses IRSA',
      narration:
        'billing-v1 was admitted before the association existed and keeps its IRSA variables for life. Both pods run side by side with different roles until billing-v1 is replaced.',
      async run({ world, state }) {
        const got = await resolveThroughChain(world, NS, 'billing-v1');
        return heldRoleResult(
          got,
          { role: state.irsaRoleArn, source: 'fromTokenFile' },
          {
            action: 'SDK default chain in payments/billing-v1 (a fresh client)',
            summary: `${holdsText('billing-v1', got)}.`,
          },
        );
      },
    },
    {
      id: 'chart-hardcodes-irsa',
      title: 'A chart that hard-codes the IRSA variables',
      kind: 'break',
      narration:
        "Some charts set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE and mount their own sts.amazonaws.com token. The webhook adds the container variables beside them (it only skips variables already set), so the pod has both. Both chains try web identity first: JS v3's fromTokenFile and botocore's assume-role-with-web-identity win, and the agent is never asked.",
      async run({ world, state }) {
        const yaml = chartPodYaml(world, 'billing-chart', state.irsaRoleArn);
        await world.apply(yaml, 'billing-chart.yaml');
        const env = podEnv(world, NS, 'billing-chart');
        const js = await resolveThroughChain(world, NS, 'billing-chart');
        const boto = await resolveThroughChain(world, NS, 'billing-chart', 'botocore');
        const asked = world.log.all('pod-identity-agent.answered').some((e) => e.data.caller === `${NS}/billing-chart`);
        return {
          action:
            'helm install billing ./chart (billing-chart.yaml); SDK default chains (JS v3 and botocore) in payments/billing-chart',
          outcome: js.result.ok ? 'allowed' : 'denied',
          summary: `Both sets of variables are present; JS v3 gets ${js.roleArn ?? 'nothing'} from ${sourceOf(js)}, botocore ${boto.roleArn ?? 'nothing'} from ${sourceOf(boto)}.`,
          panels: [
            textPanel('Environment of payments/billing-chart', envLines(env)),
            ...js.panels,
            { kind: 'chain', title: 'botocore credential chain', trace: boto.decision },
          ],
          decision: js.decision,
          checks: [
            check('container credentials injected too', 'yes', env[AWS_CONTAINER_CREDENTIALS_FULL_URI] ? 'yes' : 'no'),
            check('JS v3 role', state.irsaRoleArn, js.roleArn),
            check('JS v3 source', 'fromTokenFile', sourceOf(js)),
            check('botocore source', 'assume-role-with-web-identity', sourceOf(boto)),
            check('agent asked by billing-chart', 'no', asked ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'chart-fixed',
      title: 'Drop the hard-coded variables: the chart gets Pod Identity',
      kind: 'fix',
      narration:
        'With the IRSA variables and the token volume removed from the chart (most charts have a value that leaves them out), the re-created pod has only container credentials, and the chain reaches fromHttp.',
      async run({ world, state }) {
        world.deletePod(NS, 'billing-chart');
        const yaml = podYaml({
          namespace: NS,
          pod: 'billing-chart',
          serviceAccount: SA,
          image: NODE_IMAGE,
          withNamespace: false,
          withServiceAccount: false,
          nodeName: nodeName(world),
        });
        await world.apply(yaml, 'billing-chart.yaml');
        const got = await resolveThroughChain(world, NS, 'billing-chart');
        return heldRoleResult(
          got,
          { role: state.podIdentityRoleArn, source: 'fromHttp' },
          {
            action:
              'helm upgrade billing ./chart (values without the hard-coded IRSA variables; the pod is re-created)',
            summary: `${holdsText('billing-chart', got)}.`,
          },
        );
      },
    },
  ],
};

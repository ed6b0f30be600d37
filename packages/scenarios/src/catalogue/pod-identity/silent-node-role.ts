/**
 * pod-identity-silent-node-role: when a pod misses Pod Identity it does not
 * fail, it gets the node role. No association, or an association made after
 * the pod: the webhook never injected the container variables, so the SDK
 * chain ends at IMDS. Once the variables are there the failure is loud: an
 * agent the pod cannot reach ends the chain with an error, never at IMDS.
 * Locking IMDS away from pods turns the silent miss into an error too.
 */

import { AWS_CONTAINER_CREDENTIALS_FULL_URI } from '@irsa-lab/core';
import { associatePodIdentity, createPodIdentityRole, type World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { failureSummary } from '../kit/chain.js';
import { modifyInstanceMetadataOptions } from '../kit/imds.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  agentPanel,
  eksAuthRecords,
  heldRoleResult,
  holdsText,
  podIdentityWorld,
  resolveThroughChain,
  sourceOf,
} from '../kit/pod-identity.js';
import { envPanel, podEnv } from '../kit/text-panels.js';
import { webhookDecision } from '../kit/webhook.js';
import { firstNode, IMDS_OPEN, nodeName, nodeRoleArn, WORKER_NODE_POLICIES } from '../kit/worlds.js';

const NS = 'shop';
const SA = 'orders';
const POD = 'orders-api';

/** The pod `pod` of ServiceAccount `sa` in `shop`, pinned to the node; the ServiceAccount written first when asked. */
const orderPod = (world: World, pod: string, sa: string, withServiceAccount: boolean) =>
  podYaml({
    namespace: NS,
    pod,
    serviceAccount: sa,
    image: NODE_IMAGE,
    withNamespace: withServiceAccount,
    withServiceAccount,
    nodeName: nodeName(world),
  });

/** How many IMDS requests `pod` made after event `seq`. */
const imdsRequestsSince = (world: World, seq: number, pod: string) =>
  world.log.since(seq).filter((e) => e.type === 'imds.request' && e.data.callerId === `${NS}/${pod}`).length;

/** What the steps share: the role the pods should have. */
type State = { roleArn: string };

export const podIdentitySilentNodeRole: ScenarioDef<World, State> = {
  id: 'pod-identity-silent-node-role',
  title: 'The silent node role: a pod that missed Pod Identity',
  group: 'pod-identity',
  goal: 'See which Pod Identity mistakes silently hand a pod the node role, which ones fail loudly, and how to make every miss fail',
  lesson:
    'A pod the webhook did not inject (no association when it was created) has no container variables, and its SDK chain ends at IMDS with the node role, without an error. A pod with the variables never falls back: an unreachable agent is an error. Blocking IMDS from pods (hop limit 1, IMDSv2) turns the silent miss into an error as well.',
  sources: [
    {
      label: 'EKS user guide, Pod Identity: credential isolation and IMDS',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
    },
    { label: 'Reference: the Pod Identity webhook', href: 'docs/reference.md#pod-identity-webhook' },
    { label: 'Reference: the Pod Identity agent', href: 'docs/reference.md#pod-identity-agent' },
    { label: 'Reference: Pod Identity and the SDK chains', href: 'docs/reference.md#pod-identity-and-the-sdk-chains' },
    { label: 'Reference: hop limit and pods', href: 'docs/reference.md#hop-limit-and-pods' },
    {
      label: 'aws/eks-pod-identity-agent#153 (pods admitted without injection fall back to the node role)',
      href: 'https://github.com/aws/eks-pod-identity-agent/issues/153',
    },
  ],
  simplifications: [
    'The webhook here is always up; a real webhook with failurePolicy: Ignore admits pods unmutated when it is down, with the same result as a missing association.',
    'The agent is blocked by a node rule standing in for any network path failure (a proxy without NO_PROXY, a security group, an IPv6-only agent).',
  ],
  async setup(seed) {
    const world = await podIdentityWorld(seed, { metadataOptions: IMDS_OPEN, oidcProvider: false, agentAllowed: true });
    for (const [name, text] of Object.entries(WORKER_NODE_POLICIES))
      world.iam.putRolePolicy(world.accountId, 'demo-node-role', name, text);
    return world;
  },
  steps: [
    {
      id: 'no-association',
      title: 'No association: the pod starts unmutated',
      kind: 'break',
      narration:
        "The role exists but nobody associated it with shop/orders. The webhook finds neither an association nor an annotation and admits orders-api as written. Its SDK finds no web identity and no container variables, and the chain's last link, IMDS, answers with the node role. Nothing fails.",
      async run({ world, state }) {
        state.roleArn = createPodIdentityRole(world, { roleName: 'orders-writer' });
        const created = (await world.apply(orderPod(world, POD, SA, true), 'orders-api.yaml')).find(
          (r) => r.kind === 'Pod',
        );
        const got = await resolveThroughChain(world, NS, POD);
        return heldRoleResult(
          got,
          { role: nodeRoleArn(world), source: 'fromInstanceMetadata' },
          {
            action: 'kubectl apply -f orders-api.yaml; SDK default chain in shop/orders-api',
            summary: `${holdsText('orders-api', got)}: the node role, without an error.`,
            panels: [
              { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
              envPanel(world, NS, POD),
            ],
            checksBefore: [check('webhook skipped', 'no-role-arn', created?.webhook?.skipped)],
            checksAfter: [check('EKS Auth calls', '0', String(eksAuthRecords(world).length))],
          },
        );
      },
    },
    {
      id: 'associate-late',
      title: 'Associate now: the running pod does not notice',
      kind: 'break',
      narration:
        'The association is created while orders-api runs. Only pod CREATE goes through the webhook, and nothing in Kubernetes records associations, so the running pod keeps its empty environment and its SDK keeps finding the node role.',
      async run({ world, state }) {
        const association = associatePodIdentity(world, { namespace: NS, serviceAccount: SA, roleArn: state.roleArn });
        const got = await resolveThroughChain(world, NS, POD);
        return {
          action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account ${SA} --role-arn ${state.roleArn}; SDK default chain in shop/orders-api`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `${association.associationId} exists, and orders-api still holds ${got.roleArn ?? 'nothing'}.`,
          panels: [envPanel(world, NS, POD), ...got.panels],
          decision: got.decision,
          checks: [
            check(
              'container variables in orders-api',
              'no',
              podEnv(world, NS, POD)[AWS_CONTAINER_CREDENTIALS_FULL_URI] ? 'yes' : 'no',
            ),
            check('role obtained', nodeRoleArn(world), got.roleArn),
          ],
        };
      },
    },
    {
      id: 'recreate',
      title: 'Re-create the pod: now it has Pod Identity',
      kind: 'fix',
      narration:
        'A new CREATE goes through the webhook, which now finds the association. The chain stops at the container credentials provider before ever reaching IMDS.',
      async run({ world, state }) {
        world.deletePod(NS, POD);
        await world.apply(orderPod(world, POD, SA, false), 'orders-api.yaml');
        const got = await resolveThroughChain(world, NS, POD);
        return heldRoleResult(
          got,
          { role: state.roleArn, source: 'fromHttp' },
          {
            action: 'kubectl delete pod orders-api -n shop && kubectl apply -f orders-api.yaml; SDK default chain',
            summary: `${holdsText('orders-api', got)}.`,
            panels: [envPanel(world, NS, POD)],
          },
        );
      },
    },
    {
      id: 'agent-unreachable',
      title: 'The agent unreachable: an error, not the node role',
      kind: 'break',
      narration:
        "A node rule drops the pods' traffic to 169.254.170.23. JS v3's fromHttp tries four times, then its old fromContainerMetadata ends the chain with a confusing message about the host name; botocore raises CredentialRetrievalError. Neither goes on to IMDS, though IMDS is open to the pod.",
      async run({ world }) {
        const node = firstNode(world)?.node;
        node?.setRules([{ kind: 'block-pod-identity-agent-from-pods', action: 'DROP' }]);
        const before = world.log.lastSeq;
        const js = await resolveThroughChain(world, NS, POD);
        const boto = await resolveThroughChain(world, NS, POD, 'botocore');
        return {
          action:
            'iptables -A INPUT -s 10.0.1.0/24 -d 169.254.170.23/32 -p tcp --dport 80 -j DROP; SDK default chains (JS v3, botocore)',
          outcome: js.result.ok ? 'allowed' : 'denied',
          summary: `JS v3: ${failureSummary(js)}; botocore: ${boto.result.ok ? 'credentials' : boto.result.error.code}.`,
          panels: [
            agentPanel(world, NS, POD),
            ...js.panels,
            { kind: 'chain', title: 'botocore credential chain', trace: boto.decision },
          ],
          decision: js.decision,
          checks: [
            check('JS v3 error', 'CredentialsProviderError', sourceOf(js)),
            check(
              'JS v3 message',
              '169.254.170.23 is not a valid container metadata service hostname',
              js.result.ok ? undefined : js.result.error.message,
            ),
            check('botocore error', 'CredentialRetrievalError', sourceOf(boto)),
            check('IMDS requests from orders-api', '0', String(imdsRequestsSince(world, before, POD))),
          ],
        };
      },
    },
    {
      id: 'agent-reachable',
      title: 'Remove the rule: the agent answers again',
      kind: 'fix',
      narration:
        'Without the rule the request reaches the agent, which answers from its cache: it keeps credentials per token and renews them well before they expire.',
      async run({ world, state }) {
        firstNode(world)?.node.setRules([]);
        const got = await resolveThroughChain(world, NS, POD);
        const last = world.log.all('pod-identity-agent.answered').at(-1)?.data;
        return {
          action: 'iptables -D INPUT -s 10.0.1.0/24 -d 169.254.170.23/32 -p tcp --dport 80 -j DROP; SDK default chain',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `orders-api holds ${got.roleArn ?? 'nothing'}; the agent answered ${last?.how ?? '?'}.`,
          panels: [agentPanel(world, NS, POD), ...got.panels],
          decision: got.decision,
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check('agent answered', 'from the cache', last?.how),
          ],
        };
      },
    },
    {
      id: 'lock-down-imds',
      title: 'Lock IMDS away from pods: a missed pod now fails',
      kind: 'fix',
      narration:
        "A second workload, shop/reports, has no association. With IMDSv2 required and a PUT response hop limit of 1, the IMDS token cannot reach the pod's network namespace: its chain ends in an error instead of the node role, which is what you want to notice in testing.",
      async run({ world }) {
        const instanceId = modifyInstanceMetadataOptions(world, { httpTokens: 'required', httpPutResponseHopLimit: 1 });
        await world.apply(orderPod(world, 'reports', 'reports', true), 'reports.yaml');
        const got = await resolveThroughChain(world, NS, 'reports');
        return {
          action: `aws ec2 modify-instance-metadata-options --instance-id ${instanceId} --http-tokens required --http-put-response-hop-limit 1; kubectl apply -f reports.yaml; SDK default chain`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `shop/reports: ${failureSummary(got)}`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', 'none', got.roleArn ?? 'none'),
            check('last provider tried', 'fromInstanceMetadata', got.result.ok ? undefined : got.result.error.provider),
          ],
        };
      },
    },
  ],
};

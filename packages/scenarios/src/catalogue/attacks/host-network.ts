/**
 * host-network: a `hostNetwork: true` pod with IRSA on a locked-down node.
 * Its SDK chain uses the IRSA role (web identity comes before IMDS in both
 * the JS v3 and botocore chains), yet a direct call to 169.254.169.254 still
 * returns the node role: it is 1 hop away and node iptables rules never see
 * its traffic. The fix is not to give workloads the host network.
 */
import { AWS_ROLE_ARN, IMDS_IPV4 } from '@irsa-lab/core';
import type { SdkFlavor } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { createIrsaRole } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import {
  curlImds,
  curlNodeRoleFrom,
  curlPanel,
  imdsDecision,
  imdsHopPanel,
  imdsOptionsPanel,
  podImdsDecision,
} from '../kit/imds.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { textPanel } from '../kit/text-panels.js';
import {
  IMDS_LOCKED_DOWN,
  NODE_ROLE,
  nodeName,
  nodeRoleArn,
  podView,
  roleOf,
  WORKER_NODE_POLICIES,
  worldWithNode,
} from '../kit/worlds.js';

/** The log shipper's Pod; `first` also writes its Namespace and annotated ServiceAccount. */
const shipperYaml = (world: World, roleArn: string, hostNetwork: boolean, first: boolean) =>
  podYaml({
    namespace: 'logging',
    pod: 'log-shipper',
    serviceAccount: 'log-shipper',
    image: BUSYBOX_IMAGE,
    withNamespace: first,
    withServiceAccount: first,
    roleArn,
    nodeName: nodeName(world),
    hostNetwork,
  });

/** The shipper's SDK chain (`sdk`) as a step result: which source gave which role, checked against `source`. */
async function shipperChain(world: World, roleArn: string, sdk: SdkFlavor, action: string, source: string) {
  const got = await resolveInPod(world, 'logging', 'log-shipper', sdk);
  const result: StepResult = {
    action,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: got.result.ok ? `${got.result.credentials.source} gave ${got.roleArn}.` : got.result.error.message,
    panels: got.panels,
    decision: got.decision,
    checks: [
      check('role', roleArn, got.roleArn),
      check('source', source, got.result.ok ? got.result.credentials.source : 'none'),
    ],
  };
  return { got, result };
}

/** What the steps share: the log shipper's role. */
type State = { roleArn: string };

export const hostNetwork: ScenarioDef<World, State> = {
  id: 'host-network',
  title: 'hostNetwork: IRSA in the SDK, the node role one curl away',
  group: 'attacks',
  goal: 'A hostNetwork pod with IRSA: its SDK uses the IRSA role, yet a direct IMDS call returns node credentials',
  lesson:
    'hostNetwork pods share the node network namespace: they are 1 hop from IMDS and bypass pod iptables rules, so they always reach the node role. The SDK still prefers IRSA because web identity comes before IMDS in its chain.',
  sources: [
    {
      label: 'EKS user guide, IAM roles for service accounts',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
    },
    { label: 'Reference: hostNetwork pods', href: 'docs/reference.md#hostnetwork-pods' },
    { label: 'Reference: the JavaScript SDK v3 chain', href: 'docs/reference.md#javascript-sdk-v3' },
    { label: 'Reference: the botocore chain', href: 'docs/reference.md#botocore-and-boto3' },
    {
      label: 'Kubernetes, Pod Security Standards',
      href: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    },
  ],
  simplifications: [
    'Pod Security admission (which would refuse hostNetwork in a baseline namespace) is not simulated; the fix re-creates the pod without it.',
  ],
  setup: (seed) =>
    worldWithNode(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      instanceRolePolicies: WORKER_NODE_POLICIES,
      oidcProvider: true,
    }),
  steps: [
    {
      id: 'host-network-pod',
      title: 'A hostNetwork log shipper with IRSA, on a locked-down node',
      narration:
        'IMDS is already locked down as best practice says: http-tokens required, hop limit 1. A log shipper runs with hostNetwork: true (as many node agents do) and an IRSA role. The webhook has no special case for hostNetwork: it injects the same variables.',
      async run({ world, state }) {
        const roleArn = createIrsaRole(world, {
          roleName: 'log-shipper',
          namespace: 'logging',
          serviceAccount: 'log-shipper',
        });
        state.roleArn = roleArn;
        const yaml = shipperYaml(world, roleArn, true, true);
        await world.apply(yaml, 'log-shipper.yaml');
        const verdict = world.nodeOf('logging', 'log-shipper').explainImds('logging', 'log-shipper');
        return {
          action: 'kubectl apply -f log-shipper.yaml',
          outcome: 'info',
          summary: `logging/log-shipper runs on the host network, ${verdict.hops} hop from IMDS.`,
          panels: [imdsOptionsPanel(world), textPanel('log-shipper.yaml', yaml)],
          checks: [
            check('AWS_ROLE_ARN injected', roleArn, podView(world, 'logging', 'log-shipper').env()[AWS_ROLE_ARN]),
            check('hops to IMDS', '1', String(verdict.hops)),
          ],
        };
      },
    },
    {
      id: 'sdk-uses-irsa',
      title: 'The JS SDK picks the IRSA role',
      narration:
        'The JavaScript SDK v3 default chain tries fromTokenFile before fromInstanceMetadata. AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set, so it calls STS and stops there: IMDS is never asked.',
      async run({ world, state }) {
        const action = 'SDK default chain in logging/log-shipper (JavaScript v3)';
        const { got, result } = await shipperChain(world, state.roleArn, 'js-v3', action, 'fromTokenFile');
        const askedImds = got.result.trace.some((a) => a.provider === 'fromInstanceMetadata');
        return { ...result, checks: [...result.checks, check('IMDS asked', 'no', askedImds ? 'yes' : 'no')] };
      },
    },
    {
      id: 'boto-uses-irsa',
      title: 'boto3 picks the IRSA role too',
      narration:
        "botocore's resolver has assume-role-with-web-identity third, long before iam-role (IMDS). A Python agent in the same pod gets the same IRSA role.",
      async run({ world, state }) {
        const action =
          "kubectl exec -n logging log-shipper -- python -c 'import boto3; print(boto3.Session().get_credentials().method)'";
        const source = 'assume-role-with-web-identity';
        return (await shipperChain(world, state.roleArn, 'botocore', action, source)).result;
      },
    },
    {
      id: 'direct-imds',
      kind: 'break',
      title: 'One curl away: the node role',
      narration:
        'Anyone with a shell in the pod can skip the SDK. The pod shares the node network namespace: the IMDSv2 token PUT response (TTL 1) reaches it, so hop limit 1 and http-tokens required do not stop it.',
      async run({ world }) {
        const grab = await curlNodeRoleFrom(world, 'logging', 'log-shipper', 'Node role credentials');
        const key = grab.curl.accessKeyId;
        const ttl = grab.put?.hops.find((h) => h.step === 'response')?.detail.match(/IP TTL \d+ >= \d+/)?.[0];
        return grab.result(key ? `The pod read ${NODE_ROLE} credentials ${key}.` : 'IMDS did not answer.', [
          check('PUT response TTL', 'IP TTL 1 >= 1', ttl),
        ]);
      },
    },
    {
      id: 'iptables-bypass',
      title: 'An iptables block does not see hostNetwork traffic',
      narration:
        "Another layer: drop pod traffic to 169.254.169.254 on the node (iptables FORWARD from the pod CIDR). It stops pods in their own network namespace, but a hostNetwork pod's packets are generated on the host and leave through OUTPUT: the rule never sees them.",
      async run({ world }) {
        const node = world.nodeOf('logging', 'log-shipper');
        node.setRules([{ kind: 'block-imds-from-pods', action: 'DROP' }]);
        const curl = await curlImds(world, podView(world, 'logging', 'log-shipper'), { v2: true });
        const verdict = node.explainImds('logging', 'log-shipper');
        return {
          action: `iptables -A FORWARD -s ${node.podCidr} -d ${IMDS_IPV4}/32 -j DROP`,
          outcome: curl.accessKeyId ? 'allowed' : 'denied',
          summary: curl.accessKeyId
            ? 'The rule is in place, and the hostNetwork pod still reads the node role.'
            : 'Blocked.',
          panels: [textPanel('iptables', node.iptablesLines()), curlPanel('curl from logging/log-shipper', curl)],
          decision: imdsDecision(verdict),
          checks: [
            check('rule matched the pod', 'no', verdict.rule ? 'yes' : 'no'),
            check('role of the credentials', nodeRoleArn(world), roleOf(world, curl.accessKeyId)),
          ],
        };
      },
    },
    {
      id: 'drop-host-network',
      kind: 'fix',
      title: 'Fix: run it without hostNetwork',
      narration:
        'The log shipper does not need the host network. Re-created in its own network namespace, its packets to IMDS meet the iptables rule (and without the rule, the token PUT response would die one hop short), while its SDK still gets the IRSA role. Enforce it with Pod Security admission (baseline forbids hostNetwork), not simulated here.',
      async run({ world, state }) {
        world.deletePod('logging', 'log-shipper');
        await world.apply(shipperYaml(world, state.roleArn, false, false), 'log-shipper.yaml');
        const curl = await curlImds(world, podView(world, 'logging', 'log-shipper'), { v2: true });
        const got = await resolveInPod(world, 'logging', 'log-shipper');
        const put = curl.requests[0];
        return {
          action:
            'kubectl delete pod log-shipper -n logging && kubectl apply -f log-shipper.yaml  # hostNetwork removed',
          outcome: curl.accessKeyId ? 'allowed' : 'denied',
          summary: `Direct IMDS: ${put?.outcome}; the SDK still holds ${got.roleArn ?? 'nothing'}.`,
          panels: [
            curlPanel('curl from logging/log-shipper', curl),
            ...(put ? [imdsHopPanel('Token PUT', put)] : []),
            ...got.panels,
          ],
          decision: podImdsDecision(world, 'logging', 'log-shipper'),
          checks: [
            check('token PUT', 'NET_TIMEOUT', String(put?.outcome)),
            check(
              'dropped by the FORWARD rule',
              'yes',
              put?.hops.some((h) => h.step === 'filter' && /DROP by iptables -A FORWARD/.test(h.detail)) ? 'yes' : 'no',
            ),
            check('node credentials', 'none', curl.accessKeyId ?? 'none'),
            check('SDK role', state.roleArn, got.roleArn),
          ],
        };
      },
    },
  ],
};

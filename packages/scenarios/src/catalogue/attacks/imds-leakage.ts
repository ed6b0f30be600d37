/**
 * imds-leakage: IRSA does not remove the node role. Any pod, with or without
 * IRSA, can read the node role's credentials from IMDS while it is open; a
 * hop limit of 1 alone does not help (IMDSv1 ignores it); only
 * `http-tokens required` plus hop limit 1 stops pods, while IRSA keeps working.
 */

import { AWS_ROLE_ARN } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { createBillingReader } from '../kit/billing.js';
import { chainErrorCode } from '../kit/chain.js';
import {
  curlImds,
  curlNodeRoleFrom,
  curlPanel,
  imdsHopPanel,
  imdsOptionsPanel,
  modifyInstanceMetadataOptions,
  podImdsDecision,
} from '../kit/imds.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { envPanel, textPanel } from '../kit/text-panels.js';
import {
  firstNode,
  IMDS_OPEN,
  NODE_ROLE,
  nodeName,
  nodeRoleArn,
  podView,
  roleOf,
  WORKER_NODE_POLICIES,
  worldWithNode,
} from '../kit/worlds.js';

/** What the steps share: the role of billing-api. */
type State = { roleArn: string };

export const imdsLeakage: ScenarioDef<World, State> = {
  id: 'imds-leakage',
  title: 'IMDS leakage: every pod can be the node',
  group: 'attacks',
  goal: 'Pods read the node role from IMDS; hop limit 1 alone does not stop them; IMDSv2 required plus hop limit 1 does',
  lesson:
    'IRSA adds a role, it does not remove the node role. Only http-tokens required with a PUT response hop limit of 1 keeps pods in their own network namespace away from IMDS.',
  sources: [
    { label: 'Reference: hop limit and pods', href: 'docs/reference.md#hop-limit-and-pods' },
    { label: "Reference: what a new node's IMDS allows, by launcher", href: 'docs/reference.md#node-imds-defaults' },
    {
      label: 'EC2 user guide, instance metadata options',
      href: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html',
    },
    {
      label: 'EKS best practices, identity and access management',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
  ],
  simplifications: [
    'The node role holds a small inline policy standing in for the managed worker-node policies.',
    'curl is modelled as the three requests it sends; a failed token PUT leaves $TOKEN empty and the GETs go out without it.',
    "The node's metadata options are set by hand. Current eksctl and EKS managed node groups on AL2023 start with IMDSv2 required; which launcher sets what is in docs/reference.md#node-imds-defaults.",
  ],
  setup: (seed) =>
    worldWithNode(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: WORKER_NODE_POLICIES, oidcProvider: true }),
  steps: [
    {
      id: 'two-pods',
      title: 'An IRSA pod and a plain pod on a node that still allows IMDSv1',
      narration:
        "The node's launch template allows IMDSv1 and v2 (HttpTokens optional) with a PUT response hop limit of 2, as eksctl set up nodes before version 0.143.0 (2023); HttpTokens optional is also what EC2 itself gives an AMI not marked IMDSv2-only when the account sets no default. payments/billing-api uses IRSA; web/frontend has no AWS identity of its own.",
      async run({ world, state }) {
        const roleArn = createBillingReader(world);
        state.roleArn = roleArn;
        const node = nodeName(world);
        const billing = podYaml({
          namespace: 'payments',
          pod: 'billing-api',
          serviceAccount: 'billing',
          image: BUSYBOX_IMAGE,
          withNamespace: true,
          withServiceAccount: true,
          roleArn,
          nodeName: node,
        });
        const frontend = podYaml({
          namespace: 'web',
          pod: 'frontend',
          serviceAccount: 'default',
          image: BUSYBOX_IMAGE,
          withNamespace: true,
          withServiceAccount: false,
          nodeName: node,
        });
        const yaml = [billing, frontend].join('---\n');
        await world.apply(yaml, 'pods.yaml');
        const hasRole = (ns: string, pod: string) => (AWS_ROLE_ARN in podView(world, ns, pod).env() ? 'yes' : 'no');
        return {
          action: 'kubectl apply -f pods.yaml',
          outcome: 'info',
          summary: 'billing-api has IRSA, frontend has none; both share the node.',
          panels: [
            imdsOptionsPanel(world),
            envPanel(world, 'payments', 'billing-api'),
            envPanel(world, 'web', 'frontend'),
            textPanel('pods.yaml', yaml),
          ],
          checks: [
            check('billing-api has IRSA', 'yes', hasRole('payments', 'billing-api')),
            check('frontend has IRSA', 'no', hasRole('web', 'frontend')),
          ],
        };
      },
    },
    {
      id: 'irsa-pod-reads-node-role',
      title: 'The IRSA pod reads the node role too',
      narration:
        'IRSA gave billing-api a role; it did not take the node role away. From inside the pod, the classic three curls: get an IMDSv2 token, list the role, read its credentials. The PUT response has IP TTL 2, the pod is 2 hops away: it arrives.',
      async run({ world }) {
        const grab = await curlNodeRoleFrom(world, 'payments', 'billing-api', 'Node role credentials, from a pod');
        const key = grab.curl.accessKeyId;
        return grab.result(key ? `billing-api holds ${NODE_ROLE} credentials ${key}.` : 'IMDS did not answer.');
      },
    },
    {
      id: 'hop-limit-only',
      kind: 'break',
      title: 'Hop limit 1 alone: IMDSv1 still answers',
      narration:
        'A common half-fix: lower the PUT response hop limit to 1 but leave http-tokens optional. The token PUT response now dies one hop short of the pod, but the hop limit only applies to that PUT response: a tokenless IMDSv1 GET still works, and the SDK falls back to it.',
      async run({ world }) {
        const instanceId = modifyInstanceMetadataOptions(world, { httpPutResponseHopLimit: 1 });
        const curl = await curlImds(world, podView(world, 'web', 'frontend'), { v2: true });
        const sdk = await resolveInPod(world, 'web', 'frontend');
        const put = curl.requests[0];
        return {
          action: `aws ec2 modify-instance-metadata-options --instance-id ${instanceId} --http-put-response-hop-limit 1`,
          outcome: sdk.result.ok ? 'allowed' : 'denied',
          summary: sdk.result.ok
            ? `The token PUT timed out, yet frontend's SDK got ${NODE_ROLE} over IMDSv1.`
            : 'frontend got nothing.',
          panels: [
            imdsOptionsPanel(world),
            ...(put ? [imdsHopPanel('Token PUT from web/frontend', put)] : []),
            curlPanel('curl from web/frontend', curl),
            ...sdk.panels,
          ],
          decision: podImdsDecision(world, 'web', 'frontend'),
          checks: [
            check('token PUT', 'NET_TIMEOUT', String(put?.outcome)),
            check(
              'PUT response died of its TTL',
              'yes',
              put?.hops.some((h) => h.step === 'response' && !h.ok && /TTL 1/.test(h.detail)) ? 'yes' : 'no',
            ),
            check('curl (v1) got the node role', nodeRoleArn(world), roleOf(world, curl.accessKeyId)),
            check('SDK got the node role', nodeRoleArn(world), sdk.roleArn),
          ],
        };
      },
    },
    {
      id: 'lock-down',
      kind: 'fix',
      title: 'Fix: IMDSv2 required and hop limit 1',
      narration:
        'Now require IMDSv2 too. The token PUT still dies one hop short, and a tokenless GET gets 401: a pod in its own network namespace has no way left to the node role.',
      async run({ world }) {
        const instanceId = modifyInstanceMetadataOptions(world, { httpTokens: 'required', httpPutResponseHopLimit: 1 });
        const curl = await curlImds(world, podView(world, 'web', 'frontend'), { v2: true });
        const irsaCurl = await curlImds(world, podView(world, 'payments', 'billing-api'), { v2: true });
        const sdk = await resolveInPod(world, 'web', 'frontend');
        const imds = sdk.result.trace.find((a) => a.provider === 'fromInstanceMetadata');
        return {
          action: `aws ec2 modify-instance-metadata-options --instance-id ${instanceId} --http-tokens required --http-put-response-hop-limit 1`,
          outcome: sdk.result.ok || curl.accessKeyId || irsaCurl.accessKeyId ? 'allowed' : 'denied',
          summary: `frontend's SDK: ${chainErrorCode(sdk.result)}; curl: PUT ${curl.requests[0]?.outcome}, GET ${curl.requests[1]?.outcome}.`,
          panels: [
            imdsOptionsPanel(world),
            curlPanel('curl from web/frontend', curl),
            curlPanel('curl from payments/billing-api', irsaCurl),
            ...sdk.panels,
          ],
          decision: podImdsDecision(world, 'web', 'frontend'),
          checks: [
            check('frontend SDK credentials', 'none', sdk.result.ok ? sdk.result.credentials.source : 'none'),
            check('SDK token PUT', 'NET_TIMEOUT', String(imds?.requests?.[0]?.status)),
            check('SDK tokenless GET', '401', String(imds?.requests?.find((r) => r.method === 'GET')?.status)),
            check('curl from billing-api', '401', String(irsaCurl.requests[1]?.outcome)),
          ],
        };
      },
    },
    {
      id: 'irsa-still-works',
      title: 'IRSA still works, and so does the node',
      narration:
        "The lock-down only cut pods off IMDS. billing-api's SDK never needed IMDS: it reads its token file and calls STS. The node's own processes (kubelet, 1 hop away) still get IMDSv2 tokens and the node role.",
      async run({ world, state }) {
        const sdk = await resolveInPod(world, 'payments', 'billing-api');
        const node = firstNode(world)?.node;
        const nodeCurl = node
          ? await curlImds(world, { fetch: (r) => world.net.fetch(r, node.caller), caller: node.caller }, { v2: true })
          : { requests: [] };
        return {
          action: 'SDK default chain in payments/billing-api; curl from the node itself',
          outcome: sdk.result.ok ? 'allowed' : 'denied',
          summary: `billing-api holds ${sdk.roleArn ?? 'nothing'}; the node still reads ${NODE_ROLE}.`,
          panels: [...sdk.panels, curlPanel(`curl on the node ${node?.name}`, nodeCurl)],
          decision: sdk.decision,
          checks: [
            check('billing-api role', state.roleArn, sdk.roleArn),
            check('billing-api source', 'fromTokenFile', sdk.result.ok ? sdk.result.credentials.source : 'none'),
            check('node reads its own role', nodeRoleArn(world), roleOf(world, nodeCurl.accessKeyId)),
          ],
        };
      },
    },
  ],
};

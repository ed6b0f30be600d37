/**
 * kube2iam: what IRSA replaced, side by side with it on one node. Pods' IMDS
 * traffic is DNATed to kube2iam, which assumes each pod's annotated role with
 * the node's credentials; so the node role must be able to assume every
 * pod's role, any pod may claim any such role by annotation, and a
 * hostNetwork pod bypasses the DNAT and gets the node role itself, and with
 * it every role kube2iam hands out. IRSA needs none of that.
 */

import type { NodeRule } from '@irsa-lab/ec2-node';
import { roleArn } from '@irsa-lab/iam';
import { serviceAccountYaml, type World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { type PodCredentials, resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { billingApiYaml, billingReaderArn, billingReaderWorld } from '../kit/billing.js';
import { assumeRoleRecords } from '../kit/cloudtrail.js';
import { curlNodeRoleFrom, type ImdsCurl } from '../kit/imds.js';
import { KUBE2IAM_ANNOTATION, runKube2iam, stsAssumeRole } from '../kit/kube2iam.js';
import { hopPanel, lastHops } from '../kit/network.js';
import { textPanel } from '../kit/text-panels.js';
import { firstNode, IMDS_OPEN, nodeName, nodeRoleArn, podView, WORKER_NODE_POLICIES } from '../kit/worlds.js';

/** kube2iam's README: the node role may assume other roles. */
const NODE_MAY_ASSUME = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
});

/** The README's trust policy of a role kube2iam hands out: EC2, and the node role. */
function kube2iamTrust(world: World): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: nodeRoleArn(world) }, Action: 'sts:AssumeRole' },
      ],
    },
    null,
    2,
  );
}

/**
 * The node runs kube2iam and (with `dnat`) its nat PREROUTING rule; reports-reader is a kube2iam role,
 * billing-reader an IRSA one. A test turns the DNAT off to see the checks fail.
 */
export async function kube2iamWorld(seed: number, dnat = true): Promise<World> {
  const world = await billingReaderWorld(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: { ...WORKER_NODE_POLICIES, 'kube2iam-assume': NODE_MAY_ASSUME },
  });
  world.iam.createRole(world.accountId, { RoleName: 'reports-reader', AssumeRolePolicyDocument: kube2iamTrust(world) });
  const node = firstNode(world);
  if (!node) throw new TypeError('the kube2iam world has a node');
  const url = runKube2iam(world, node);
  const rules: NodeRule[] = dnat ? [{ kind: 'kube2iam-dnat', toUrl: url }] : [];
  node.node.setRules(rules);
  return world;
}

/** A pod annotated for kube2iam with `role` (on the default ServiceAccount of `namespace`). */
function kube2iamPodYaml(world: World, namespace: string, pod: string, role: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  namespace: ${namespace}
  annotations:
    ${KUBE2IAM_ANNOTATION}: ${role}
spec:
  nodeName: ${nodeName(world)}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/node:20
`;
}

/** What a curl to IMDS got, as credentials to sign with. */
const curlCredentials = (curl: ImdsCurl) => ({
  AccessKeyId: curl.accessKeyId ?? '',
  SecretAccessKey: curl.secretAccessKey ?? '',
  Token: curl.sessionToken ?? '',
});
const sourceOf = (got: PodCredentials) => (got.result.ok ? got.result.credentials.source : got.result.error.code);
const roleArnOf = (world: World, name: string) => roleArn(world.accountId, '/', name);

/** reports-reader's trust policy once kube2iam is gone: EC2 only, no node role. */
function ec2OnlyTrust(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
}

/** node-agent (hostNetwork) takes the node role from IMDS and asks STS for reports-reader with it. */
async function assumeAsNodeRole(
  world: World,
): Promise<{ status: number; code?: string; message?: string; caller?: string }> {
  const grab = await curlNodeRoleFrom(world, 'kube-system', 'node-agent', 'Node role credentials (IMDS)');
  const view = podView(world, 'kube-system', 'node-agent');
  const reader = roleArnOf(world, 'reports-reader');
  const answer = await stsAssumeRole(world, view, curlCredentials(grab.curl), reader, 'node-agent');
  const xml = await answer.text();
  const code = /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(xml)?.[1];
  const caller = world.iam.lookupAccessKey(grab.curl.accessKeyId ?? '')?.assumedRoleArn;
  return {
    status: answer.status,
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(caller ? { caller } : {}),
  };
}

/** The SDK chain of a kube2iam pod, with the path of its first IMDS request. */
async function kube2iamChain(
  world: World,
  namespace: string,
  pod: string,
  action: string,
  role: string,
): Promise<StepResult> {
  const got = await resolveInPod(world, namespace, pod);
  const hops = lastHops(world, podView(world, namespace, pod).caller);
  const verdict = world.nodeOf(namespace, pod).explainImds(namespace, pod);
  const issuer = assumeRoleRecords(world).at(-1)?.userIdentity.sessionContext?.sessionIssuer;
  return {
    action,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: `${namespace}/${pod} holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}, by kube2iam's AssumeRole as ${issuer?.userName ?? '?'}.`,
    panels: [hopPanel(`The last IMDS request of ${namespace}/${pod}`, hops, 'answered by kube2iam'), ...got.panels],
    decision: got.decision,
    checks: [
      check('node rule on its IMDS traffic', 'dnat', verdict.rule?.action ?? '(none)'),
      check('role obtained', roleArnOf(world, role), got.roleArn),
      check('credential source', 'fromInstanceMetadata', sourceOf(got)),
      check('AssumeRole called as', nodeRoleArn(world), issuer?.arn),
    ],
  };
}

export const kube2iam: ScenarioDef<World> = {
  id: 'kube2iam',
  title: 'kube2iam, which IRSA replaced, side by side with IRSA',
  group: 'failures',
  goal: "See kube2iam hand pods roles with the node's credentials, what that asks of the node role, and why IRSA needs none of it",
  lesson:
    "kube2iam DNATs pods' IMDS traffic to an agent that assumes each pod's annotated role with the node's own credentials. Every such role must trust the node role (kube2iam's README also gives the node role sts:AssumeRole, which a trust policy naming only the account, or another account's role, needs), so whatever reaches the node role (a hostNetwork pod: the DNAT only sees traffic from pod network namespaces) reaches all of them; and a pod gets any role its annotation names. IRSA's token names the ServiceAccount, STS checks it against the role's trust policy, and the node role needs no sts:AssumeRole at all.",
  sources: [
    { label: 'Reference: kube2iam', href: 'docs/reference.md#kube2iam' },
    { label: 'kube2iam README (IAM roles, iptables, annotations)', href: 'https://github.com/jtblin/kube2iam#readme' },
    {
      label: 'EKS best practices, alternative approaches (kube2iam, kiam)',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    { label: 'Reference: hostNetwork pods', href: 'docs/reference.md#hostnetwork-pods' },
  ],
  simplifications: [
    'kube2iam is modelled from its server.go: no --default-role, no namespace restrictions, no credential cache.',
    "Within one account a trust policy naming the node role itself grants AssumeRole without the node role's identity policy (IAM's policy evaluation logic); naming only the account needs both, as does another account.",
  ],
  setup: (seed) => kube2iamWorld(seed),
  steps: [
    {
      id: 'kube2iam-pod',
      title: "A kube2iam pod: IMDS answered by the node's agent",
      narration: `reports/reports-api is annotated ${KUBE2IAM_ANNOTATION}: reports-reader. Its SDK finds no IRSA variables and asks IMDS, but the node's nat PREROUTING rule sends 169.254.169.254:80 to kube2iam on port 8181. kube2iam finds the pod by its IP, assumes reports-reader with the node role's credentials, and answers in IMDS's format.`,
      async run({ world }) {
        await world.apply(kube2iamPodYaml(world, 'reports', 'reports-api', 'reports-reader'), 'reports-api.yaml');
        return kube2iamChain(
          world,
          'reports',
          'reports-api',
          'SDK default chain in reports/reports-api',
          'reports-reader',
        );
      },
    },
    {
      id: 'any-pod-any-role',
      title: 'Any pod can name any role kube2iam can assume',
      kind: 'break',
      narration:
        "The annotation is on the pod, and kube2iam checks nothing else by default: anyone who may create a pod in any namespace can annotate it with reports-reader and get it. kube2iam's --namespace-restrictions (an allow-list annotation on each namespace) is the opt-in guard.",
      async run({ world }) {
        await world.apply(kube2iamPodYaml(world, 'sandbox', 'curious', 'reports-reader'), 'curious.yaml');
        return kube2iamChain(
          world,
          'sandbox',
          'curious',
          'kubectl run curious -n sandbox --annotations iam.amazonaws.com/role=reports-reader',
          'reports-reader',
        );
      },
    },
    {
      id: 'host-network',
      title: 'A hostNetwork pod skips the DNAT: the node role, and every role it can assume',
      kind: 'break',
      narration:
        "kube-system/node-agent runs with hostNetwork: its packets leave through the node's OUTPUT chain, never the PREROUTING rule kube2iam relies on, so it reaches the real IMDS and gets the node role. And the node role is exactly what kube2iam needs to assume every pod's role: with its credentials, aws sts assume-role gives node-agent reports-reader too.",
      async run({ world }): Promise<StepResult> {
        await world.apply(
          `apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  nodeName: ${nodeName(world)}\n  containers:\n    - name: agent\n      image: public.ecr.aws/amazonlinux/amazonlinux:2023\n`,
          'node-agent.yaml',
        );
        const grab = await curlNodeRoleFrom(world, 'kube-system', 'node-agent', 'Node role credentials (IMDS)');
        const view = podView(world, 'kube-system', 'node-agent');
        const reader = roleArnOf(world, 'reports-reader');
        const answer = await stsAssumeRole(world, view, curlCredentials(grab.curl), reader, 'node-agent');
        const xml = await answer.text();
        const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
        const assumed = key ? world.iam.lookupAccessKey(key)?.roleArn : undefined;
        const verdict = world.nodeOf('kube-system', 'node-agent').explainImds('kube-system', 'node-agent');
        const result = grab.result(
          `node-agent got the node role from IMDS, then ${assumed ?? 'nothing'} through AssumeRole.`,
          [check('node rule on its path', '(none: hostNetwork)', verdict.rule?.line ?? '(none: hostNetwork)')],
        );
        return {
          ...result,
          action: `${result.action}; aws sts assume-role --role-arn ${roleArnOf(world, 'reports-reader')} --role-session-name node-agent`,
          panels: [
            ...result.panels,
            textPanel('aws sts assume-role (with the node role)', [
              `HTTP ${answer.status}`,
              `assumed: ${assumed ?? '(none)'}`,
            ]),
          ],
          checks: [...result.checks, check('role from AssumeRole', roleArnOf(world, 'reports-reader'), assumed)],
        };
      },
    },
    {
      id: 'irsa-pod',
      title: 'IRSA on the same node: the token names the ServiceAccount',
      kind: 'fix',
      narration:
        "payments/billing-api uses IRSA. fromTokenFile comes before IMDS, so the DNAT never matters; STS checks the token's sub against billing-reader's trust policy, which names payments/billing; CloudTrail shows a WebIdentityUser, not the node role. Nothing here needs the node role to assume anything.",
      async run({ world }) {
        await world.apply(
          serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: billingReaderArn(world) }),
          'billing-sa.yaml',
        );
        await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const got = await resolveInPod(world, 'payments', 'billing-api');
        const record = world.log.all('cloudtrail').at(-1)?.data;
        return {
          action: 'SDK default chain in payments/billing-api (IRSA)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `billing-api holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}; CloudTrail: ${record?.eventName} by ${record?.userIdentity.type}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', billingReaderArn(world), got.roleArn),
            check('credential source', 'fromTokenFile', sourceOf(got)),
            check('CloudTrail identity', 'WebIdentityUser', record?.userIdentity.type),
          ],
        };
      },
    },
    {
      id: 'drop-assume',
      title: 'Fix: with IRSA everywhere, untrust the node role and take its sts:AssumeRole',
      kind: 'fix',
      narration:
        "Once every workload uses IRSA (or EKS Pod Identity), remove kube2iam and its DNAT. Taking sts:AssumeRole from the node role is not enough on its own: reports-reader's trust policy names demo-node-role itself, and within one account that grant needs no identity policy. Drop the node role from the trust policy too; the node role is then just the node's, and IRSA keeps working.",
      async run({ world }): Promise<StepResult> {
        const reader = roleArnOf(world, 'reports-reader');
        world.iam.deleteRolePolicy(world.accountId, 'demo-node-role', 'kube2iam-assume');
        firstNode(world)?.node.setRules([]);
        const identityOnly = await assumeAsNodeRole(world);
        world.iam.updateAssumeRolePolicy(world.accountId, 'reports-reader', ec2OnlyTrust());
        const untrusted = await assumeAsNodeRole(world);
        const irsa = await resolveInPod(world, 'payments', 'billing-api');
        return {
          action:
            'aws iam delete-role-policy --role-name demo-node-role --policy-name kube2iam-assume; aws iam update-assume-role-policy --role-name reports-reader ...; helm uninstall kube2iam',
          outcome: untrusted.code ? 'denied' : 'allowed',
          summary: `AssumeRole with the node role: ${identityOnly.code ?? identityOnly.status} without its identity policy, ${untrusted.code ?? untrusted.status} once untrusted; billing-api still holds ${irsa.roleArn ?? 'nothing'}.`,
          panels: [
            textPanel('aws sts assume-role (with the node role)', [
              `without kube2iam-assume: HTTP ${identityOnly.status}`,
              `untrusted too: HTTP ${untrusted.status} ${untrusted.code}: ${untrusted.message}`,
            ]),
            ...irsa.panels,
          ],
          decision: irsa.decision,
          checks: [
            check('AssumeRole without the identity policy', 'allowed', identityOnly.code ?? 'allowed'),
            check('AssumeRole once untrusted', 'AccessDenied', untrusted.code),
            check(
              'error message',
              `User: ${untrusted.caller} is not authorized to perform: sts:AssumeRole on resource: ${reader}`,
              untrusted.message,
            ),
            check('IRSA role still obtained', billingReaderArn(world), irsa.roleArn),
          ],
        };
      },
    },
  ],
};

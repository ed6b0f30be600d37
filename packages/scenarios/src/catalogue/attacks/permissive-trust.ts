/**
 * permissive-trust: the most common IRSA trust-policy mistakes, each tried
 * against a real STS. An aud-only condition and `StringLike
 * system:serviceaccount:*:*` let a pod in an attacker's namespace assume the
 * role; a `*` inside StringEquals is literal and locks out the real workload;
 * the scoped StringEquals on sub and aud lets only the workload in.
 */

import { IRSA_AUDIENCE } from '@irsa-lab/core';
import { roleArn } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { irsaTrustPolicy } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, cloudtrailPanel } from '../../panels/panels.js';
import { chainErrorCode } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { briefCondition, failedCondition } from '../kit/conditions.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, nodeName, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const ROLE = 'data-exporter';
const roleArnOf = (world: World) => roleArn(world.accountId, '/', ROLE);

/** A Namespace, a ServiceAccount annotated with data-exporter, and a Pod using it, all named `name`. */
const annotatedPodYaml = (world: World, namespace: string, name: string) =>
  podYaml({
    namespace,
    pod: name,
    serviceAccount: name,
    image: BUSYBOX_IMAGE,
    withNamespace: true,
    withServiceAccount: true,
    roleArn: roleArnOf(world),
    nodeName: nodeName(world),
  });

/** A trust policy for the cluster's provider with the given Condition block. */
function trustWith(world: World, condition: Record<string, Record<string, string>>): string {
  const statement = {
    Effect: 'Allow',
    Principal: { Federated: world.providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: condition,
  };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

const aud = (world: World) => ({ [`${world.issuerHostPath}:aud`]: IRSA_AUDIENCE });
const sub = (world: World, value: string) => ({ [`${world.issuerHostPath}:sub`]: value });

/** The pod's SDK chain against the role: what it got, and the step result's body (action, outcome, summary). */
async function tryRole(world: World, ns: string, pod: string) {
  const got = await resolveInPod(world, ns, pod);
  const body = {
    action: `SDK default chain in ${ns}/${pod} (fromTokenFile → sts:AssumeRoleWithWebIdentity ${ROLE})`,
    outcome: got.result.ok ? ('allowed' as const) : ('denied' as const),
    summary: got.result.ok
      ? `${ns}/${pod} holds ${got.roleArn}.`
      : `${ns}/${pod}: ${got.result.error.code}; ${briefCondition(world, got.decision)}`,
  };
  return { got, body };
}

/** `aws iam update-assume-role-policy` with `document`, then the pod's SDK chain, as a step result body. */
async function updateTrustAndTry(world: World, document: string, ns: string, pod: string) {
  world.iam.updateAssumeRolePolicy(world.accountId, ROLE, document);
  const r = await tryRole(world, ns, pod);
  return {
    got: r.got,
    body: {
      ...r.body,
      action: `aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust.json && ${r.body.action}`,
      panels: [textPanel('trust.json', document), ...r.got.panels],
      decision: r.got.decision,
    },
  };
}

export const permissiveTrust: ScenarioDef<World> = {
  id: 'permissive-trust',
  title: 'Permissive trust policies',
  group: 'attacks',
  goal: 'An aud-only or StringLike-wildcard trust lets an attacker namespace assume the role; StringEquals with * never matches',
  lesson:
    'Pin sub and aud with StringEquals. Without a sub condition, any ServiceAccount in the cluster can assume the role: the trust policy is the only control. Any pod can mount a projected token with audience sts.amazonaws.com, annotation or not, and anyone who can create a ServiceAccount can annotate it.',
  sources: [
    { label: 'Reference: trust policy mistakes', href: 'docs/reference.md#trust-policy-mistakes' },
    {
      label: 'EKS best practices, identity and access management',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    {
      label: 'Datadog managed-kubernetes-auditing-toolkit',
      href: 'https://github.com/DataDog/managed-kubernetes-auditing-toolkit',
    },
    {
      label: 'crossplane/crossplane#5578: a * inside StringEquals',
      href: 'https://github.com/crossplane/crossplane/issues/5578',
    },
    {
      label: 'IAM user guide, condition operators',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    },
  ],
  setup: (seed) =>
    worldWithNode(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      instanceRolePolicies: WORKER_NODE_POLICIES,
      oidcProvider: true,
    }),
  steps: [
    {
      id: 'aud-only',
      kind: 'break',
      title: 'A role trusted with only an aud condition',
      narration:
        'data-exporter trusts the cluster provider with a single condition: aud = sts.amazonaws.com. The real workload, analytics/exporter, gets the role as intended, so nothing looks wrong.',
      async run({ world }) {
        const document = trustWith(world, { StringEquals: aud(world) });
        world.iam.createRole(world.accountId, { RoleName: ROLE, AssumeRolePolicyDocument: document });
        await world.apply(annotatedPodYaml(world, 'analytics', 'exporter'), 'exporter.yaml');
        const r = await tryRole(world, 'analytics', 'exporter');
        return {
          ...r.body,
          action: `aws iam create-role --role-name ${ROLE} --assume-role-policy-document file://trust.json && kubectl apply -f exporter.yaml`,
          panels: [textPanel('trust.json', document), ...r.got.panels],
          decision: r.got.decision,
          checks: [check('analytics/exporter role', roleArnOf(world), r.got.roleArn)],
        };
      },
    },
    {
      id: 'attacker-assumes',
      title: "A pod in the attacker's namespace assumes it",
      narration:
        'Someone who can only create things in the sandbox namespace makes a ServiceAccount, writes the role ARN into its annotation, and starts a pod. The webhook mounts a token with aud sts.amazonaws.com, and that is all the trust policy asks for.',
      async run({ world }) {
        const yaml = annotatedPodYaml(world, 'sandbox', 'intruder');
        await world.apply(yaml, 'intruder.yaml');
        const r = await tryRole(world, 'sandbox', 'intruder');
        return {
          ...r.body,
          action: `kubectl apply -f intruder.yaml && ${r.body.action}`,
          panels: [textPanel('intruder.yaml', yaml), ...r.got.panels],
          decision: r.got.decision,
          checks: [
            check('sandbox/intruder role', roleArnOf(world), r.got.roleArn),
            check(
              'CloudTrail subject',
              'system:serviceaccount:sandbox:intruder',
              webIdentityRecords(world).at(-1)?.userIdentity.userName,
            ),
          ],
        };
      },
    },
    {
      id: 'stringlike-wildcard',
      kind: 'break',
      title: 'StringLike system:serviceaccount:*:* is no better',
      narration:
        'A sub condition that matches everything: with StringLike, * matches any characters, colons included. The attacker still gets in.',
      async run({ world }) {
        const document = trustWith(world, {
          StringLike: sub(world, 'system:serviceaccount:*:*'),
          StringEquals: aud(world),
        });
        const r = await updateTrustAndTry(world, document, 'sandbox', 'intruder');
        const line = r.got.decision.lines.find((l) => l.text.startsWith('StringLike'));
        return {
          ...r.body,
          checks: [
            check('sandbox/intruder role', roleArnOf(world), r.got.roleArn),
            check('StringLike matched', 'true', String(line?.ok)),
          ],
        };
      },
    },
    {
      id: 'stringequals-wildcard',
      title: 'StringEquals with a * locks out the real workload',
      narration:
        'Trying to allow every ServiceAccount of analytics, someone writes StringEquals system:serviceaccount:analytics:* (as in crossplane#5578). StringEquals compares literally: no token has a sub ending in "*", so even analytics/exporter gets AccessDenied.',
      async run({ world }) {
        const document = trustWith(world, {
          StringEquals: { ...sub(world, 'system:serviceaccount:analytics:*'), ...aud(world) },
        });
        const r = await updateTrustAndTry(world, document, 'analytics', 'exporter');
        return {
          ...r.body,
          checks: [
            check('STS error', 'AccessDenied', chainErrorCode(r.got.result)),
            check('failing condition key', `${world.issuerHostPath}:sub`, failedCondition(r.got.decision)?.key),
            check('failing operator', 'StringEquals', failedCondition(r.got.decision)?.text.split(' ')[0]),
          ],
        };
      },
    },
    {
      id: 'scoped-fix',
      kind: 'fix',
      title: 'Fix: StringEquals on sub and aud',
      narration:
        'The policy the EKS user guide writes: StringEquals sub = system:serviceaccount:analytics:exporter and aud = sts.amazonaws.com. (For a whole namespace, StringLike system:serviceaccount:analytics:* would be the right operator.)',
      async run({ world }) {
        const r = await updateTrustAndTry(
          world,
          irsaTrustPolicy(world, 'analytics', 'exporter'),
          'analytics',
          'exporter',
        );
        return { ...r.body, checks: [check('analytics/exporter role', roleArnOf(world), r.got.roleArn)] };
      },
    },
    {
      id: 'attacker-denied',
      title: 'The attacker is denied, and CloudTrail shows who tried',
      narration:
        "The intruder's token still has aud sts.amazonaws.com, but its sub is system:serviceaccount:sandbox:intruder: the sub condition fails and STS answers AccessDenied. CloudTrail records the attempt with the subject.",
      async run({ world }) {
        const r = await tryRole(world, 'sandbox', 'intruder');
        const record = webIdentityRecords(world).at(-1);
        return {
          ...r.body,
          panels: [...r.got.panels, cloudtrailPanel(world, 2)],
          decision: r.got.decision,
          checks: [
            check('STS error', 'AccessDenied', chainErrorCode(r.got.result)),
            check('failing condition key', `${world.issuerHostPath}:sub`, failedCondition(r.got.decision)?.key),
            check('CloudTrail errorCode', 'AccessDenied', record?.errorCode),
            check('CloudTrail subject', 'system:serviceaccount:sandbox:intruder', record?.userIdentity.userName),
          ],
        };
      },
    },
  ],
};

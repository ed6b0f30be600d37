/**
 * least-privilege: two pods on one node, two ServiceAccounts, both annotated
 * with the same role. Only the ServiceAccount named in the trust policy's
 * `sub` condition gets the role; the other is denied by STS, and its SDK does
 * not fall back to the node role. The fix: one role per ServiceAccount.
 */

import { AWS_ROLE_ARN, ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import { objectArn } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { irsaTrustPolicy } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, cloudtrailPanel } from '../../panels/panels.js';
import { chainErrorCode } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { failedCondition } from '../kit/conditions.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { envPanel, podEnv, textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, nodeName, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const readPolicy = (bucket: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objectArn(bucket, '*') }],
    },
    null,
    2,
  );

/** What the steps share: the role the first steps create. */
type State = { roleArn: string };

export const leastPrivilege: ScenarioDef<World, State> = {
  id: 'least-privilege',
  title: 'Least privilege: one role, one ServiceAccount',
  group: 'basics',
  goal: 'Two pods on one node ask for the same role; only the ServiceAccount in the trust policy gets it',
  lesson:
    "The trust policy's sub and aud conditions scope a role to one ServiceAccount; the role-arn annotation grants nothing by itself.",
  sources: [
    {
      label: 'EKS user guide, assign IAM roles to Kubernetes service accounts',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
    },
    { label: 'Reference: trust policies', href: 'docs/reference.md#trust-policies' },
    {
      label: 'EKS best practices, identity and access management',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
  ],
  simplifications: ['The S3 permission policy is attached for realism; no S3 call is made in this scenario.'],
  setup: (seed) =>
    worldWithNode(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: WORKER_NODE_POLICIES, oidcProvider: true }),
  steps: [
    {
      id: 'create-role',
      title: 'Create a role trusted by shop/orders only',
      narration:
        'The OIDC provider is registered. The role orders-reader trusts the provider, with StringEquals on sub = system:serviceaccount:shop:orders and aud = sts.amazonaws.com. Its permissions are scoped too: read one bucket.',
      async run({ world, state }) {
        const trust = irsaTrustPolicy(world, 'shop', 'orders');
        const role = world.iam.createRole(world.accountId, {
          RoleName: 'orders-reader',
          AssumeRolePolicyDocument: trust,
        });
        world.iam.putRolePolicy(world.accountId, 'orders-reader', 'read-orders', readPolicy('shop-orders'));
        state.roleArn = role.Arn;
        const sub = world.iam
          .findRoleByArn(role.Arn)
          ?.trustPolicy.statements[0]?.conditions.find((c) => c.key.endsWith(':sub'));
        return {
          action: 'aws iam create-role --role-name orders-reader --assume-role-policy-document file://trust.json',
          outcome: 'info',
          summary: `${role.Arn} trusts only system:serviceaccount:shop:orders.`,
          panels: [textPanel('trust.json', trust), textPanel('read-orders.json', readPolicy('shop-orders'))],
          checks: [check('sub condition', 'system:serviceaccount:shop:orders', String(sub?.values[0] ?? ''))],
        };
      },
    },
    {
      id: 'two-pods',
      title: 'Two ServiceAccounts, both annotated with the role',
      narration:
        'The reports team copied the orders manifest, annotation included. Both ServiceAccounts now carry eks.amazonaws.com/role-arn of orders-reader, and the webhook injects AWS_ROLE_ARN into both pods, which run on the same node.',
      async run({ world, state }) {
        const roleArn = state.roleArn;
        const node = nodeName(world);
        const pod = (serviceAccount: string, name: string, withNamespace: boolean) =>
          podYaml({
            namespace: 'shop',
            pod: name,
            serviceAccount,
            image: BUSYBOX_IMAGE,
            withNamespace,
            withServiceAccount: true,
            roleArn,
            nodeName: node,
          });
        const yaml = [pod('orders', 'orders-api', true), pod('reports', 'reports-job', false)].join('---\n');
        await world.apply(yaml, 'shop.yaml');
        const injected = (name: string) => podEnv(world, 'shop', name)[AWS_ROLE_ARN];
        return {
          action: 'kubectl apply -f shop.yaml',
          outcome: 'info',
          summary: 'Both pods run on the same node with AWS_ROLE_ARN set to orders-reader.',
          panels: [
            textPanel('shop.yaml', yaml),
            envPanel(world, 'shop', 'orders-api'),
            envPanel(world, 'shop', 'reports-job'),
          ],
          checks: [
            check('orders-api AWS_ROLE_ARN', roleArn, injected('orders-api')),
            check('reports-job AWS_ROLE_ARN', roleArn, injected('reports-job')),
            check('same node', world.nodeOf('shop', 'orders-api').name, world.nodeOf('shop', 'reports-job').name),
          ],
        };
      },
    },
    {
      id: 'orders-allowed',
      title: 'shop/orders gets the role',
      narration:
        "The orders pod's SDK reads its projected token and calls STS. The token's sub is system:serviceaccount:shop:orders: both StringEquals conditions match.",
      async run({ world, state }) {
        const got = await resolveInPod(world, 'shop', 'orders-api');
        return {
          action: 'SDK default chain in shop/orders-api (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok ? `shop/orders-api holds ${got.roleArn}.` : `Denied: ${got.result.error.message}`,
          panels: got.panels,
          decision: got.decision,
          checks: [check('role obtained', state.roleArn, got.roleArn)],
        };
      },
    },
    {
      id: 'reports-denied',
      title: 'shop/reports is denied, and gets no node role either',
      narration:
        'Same role ARN, same node, same namespace, but the token says system:serviceaccount:shop:reports. STS evaluates the trust policy: the sub condition fails, so AccessDenied. The SDK does not fall back to IMDS when STS refuses.',
      async run({ world }) {
        const got = await resolveInPod(world, 'shop', 'reports-job');
        const fellBack = got.result.trace.some((a) => a.provider === 'fromInstanceMetadata');
        const failed = failedCondition(got.decision);
        return {
          action: 'SDK default chain in shop/reports-job (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `Unexpectedly got ${got.roleArn}.`
            : `${got.result.error.code}: the sub condition wants shop:orders, the token says shop:reports; no fallback to the node role.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('STS error', 'AccessDenied', chainErrorCode(got.result)),
            check('failing condition key', `${world.issuerHostPath}:sub`, failed?.key),
            check('fell back to IMDS', 'no', fellBack ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'cloudtrail',
      title: 'CloudTrail: one allowed, one AccessDenied',
      narration:
        'Both calls are recorded as WebIdentityUser. The denied one carries errorCode AccessDenied and the subject that asked, so a denied ServiceAccount is easy to find.',
      async run({ world }) {
        const [allowed, denied] = webIdentityRecords(world).slice(-2);
        return {
          action:
            'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity',
          outcome: 'info',
          summary: `${allowed?.userIdentity.userName}: allowed; ${denied?.userIdentity.userName}: ${denied?.errorCode}.`,
          panels: [cloudtrailPanel(world, 2)],
          checks: [
            check('allowed subject', 'system:serviceaccount:shop:orders', allowed?.userIdentity.userName),
            check('allowed has no errorCode', '(nothing)', allowed?.errorCode),
            check('denied subject', 'system:serviceaccount:shop:reports', denied?.userIdentity.userName),
            check('denied errorCode', 'AccessDenied', denied?.errorCode),
          ],
        };
      },
    },
    {
      id: 'own-role',
      kind: 'fix',
      title: 'Fix: give reports its own role, then re-create the pod',
      narration:
        'One role per ServiceAccount: reports-reader trusts only shop:reports and reads only its bucket. The webhook acts at pod creation only, so the pod is re-created after the annotation changes.',
      async run({ world }) {
        const role = world.iam.createRole(world.accountId, {
          RoleName: 'reports-reader',
          AssumeRolePolicyDocument: irsaTrustPolicy(world, 'shop', 'reports'),
        });
        world.iam.putRolePolicy(world.accountId, 'reports-reader', 'read-reports', readPolicy('shop-reports'));
        world.api.annotate('ServiceAccount', 'shop', 'reports', ROLE_ARN_ANNOTATION, role.Arn);
        world.deletePod('shop', 'reports-job');
        const pod = podYaml({
          namespace: 'shop',
          pod: 'reports-job',
          serviceAccount: 'reports',
          image: BUSYBOX_IMAGE,
          withNamespace: false,
          withServiceAccount: false,
          nodeName: nodeName(world),
        });
        await world.apply(pod, 'reports-job.yaml');
        const got = await resolveInPod(world, 'shop', 'reports-job');
        return {
          action: `aws iam create-role --role-name reports-reader ... && kubectl annotate sa reports -n shop ${ROLE_ARN_ANNOTATION}=${role.Arn} --overwrite && kubectl delete pod reports-job -n shop && kubectl apply -f reports-job.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `shop/reports-job now holds ${got.roleArn}.`
            : `Still denied: ${got.result.error.message}`,
          panels: got.panels,
          decision: got.decision,
          checks: [check('role obtained', role.Arn, got.roleArn)],
        };
      },
    },
  ],
};

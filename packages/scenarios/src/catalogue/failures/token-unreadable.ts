/**
 * token-unreadable: a container running as a non-root user cannot read its
 * IRSA token. Kubelets before Kubernetes 1.19 wrote projected tokens 0600,
 * root-owned; the SDK's read fails with EACCES and the chain ends there (no
 * fallback). The fix the webhook's README documents is fsGroup; kubelets
 * since 1.19 give the file to the pod's runAsUser (or 0644).
 */

import { IRSA_TOKEN_PATH } from '@irsa-lab/core';
import type { TokenFilePermissions } from '@irsa-lab/ec2-node';
import { serviceAccountYaml, type World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { type PodCredentials, resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { billingReaderArn, billingReaderWorld } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { textPanel } from '../kit/text-panels.js';
import { statToken } from '../kit/tokens.js';
import { IMDS_OPEN, nodeName, WORKER_NODE_POLICIES } from '../kit/worlds.js';

/** The user the app's image documents; any non-zero uid does. */
const APP_UID = 1000;
/** nobody's group, as the EKS best practices guide's example uses. */
const FS_GROUP = 65534;

/** A world whose first node's kubelet writes token files `permissions` (a test passes since-1.19). */
export function unreadableWorld(seed: number, permissions: TokenFilePermissions = 'before-1.19'): Promise<World> {
  return billingReaderWorld(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
    tokenFilePermissions: permissions,
  });
}

function appYaml(pod: string, node: string, securityContext: { runAsUser: number; fsGroup?: number }): string {
  return podYaml({
    namespace: 'payments',
    pod,
    serviceAccount: 'billing',
    image: NODE_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: node,
    securityContext,
  });
}

const sourceOf = (got: PodCredentials) => (got.result.ok ? got.result.credentials.source : got.result.error.code);

/** Re-create billing-api as `yaml` and resolve its chain: the step's panels and checks. */
async function runAs(world: World, pod: string, yaml: string, file: string): Promise<StepResult> {
  await world.apply(yaml, file);
  const got = await resolveInPod(world, 'payments', pod);
  const stat = statToken(world, 'payments', pod);
  return {
    action: `kubectl apply -f ${file}; kubectl exec ${pod} -n payments -- stat -L -c '%A %u %g %s %n' ${IRSA_TOKEN_PATH}`,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: `${stat.split(' ').slice(0, 3).join(' ')}: the SDK reads the token and holds ${got.roleArn ?? 'nothing'}.`,
    panels: [textPanel(file, yaml), textPanel('stat of the token file', [stat]), ...got.panels],
    decision: got.decision,
    checks: [
      check('credential source', 'fromTokenFile', sourceOf(got)),
      check('role obtained', billingReaderArn(world), got.roleArn),
    ],
  };
}

export const tokenUnreadable: ScenarioDef<World> = {
  id: 'token-unreadable',
  title: 'A non-root container cannot read its token',
  group: 'failures',
  goal: 'Run the app as a non-root user on an old kubelet and watch the SDK fail with EACCES; fix it with fsGroup',
  lesson:
    "The token file's mode and owner come from the kubelet. Before Kubernetes 1.19 a projected token was 0600 and root's: a container running as any other user got EACCES from its SDK, and the chain stopped there. The documented fix is the pod's fsGroup, which makes the file group-readable for that group; since 1.19 the kubelet gives the file to the pod's runAsUser (or makes it 0644), so the error is gone.",
  sources: [
    { label: 'Reference: token file permissions', href: 'docs/reference.md#token-file-permissions' },
    {
      label: 'Pod identity webhook issue #8: non-root containers fail to read the token',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook/issues/8',
    },
    {
      label: 'Pod identity webhook README: usage with a non-root container user (fsGroup)',
      href: 'https://github.com/aws/amazon-eks-pod-identity-webhook#readme',
    },
    {
      label: 'EKS best practices, run the application as a non-root user',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    {
      label: 'kubernetes/kubernetes#89193: token file permissions since 1.19',
      href: 'https://github.com/kubernetes/kubernetes/pull/89193',
    },
  ],
  simplifications: [
    "The old node's kubelet is today's with the token file mode and owner of kubelets before 1.19; nothing else about such a node is modelled.",
    'The process runs as runAsUser from the pod spec; a USER in the image without runAsUser is not modelled (the process would be root here).',
  ],
  setup: (seed) => unreadableWorld(seed),
  steps: [
    {
      id: 'non-root',
      title: 'The app runs as user 1000 on a node with an older kubelet',
      kind: 'break',
      narration: `billing-api's pod says runAsUser: ${APP_UID}, as a hardened image should. The webhook mutates it as usual. But this node's kubelet predates Kubernetes 1.19: it writes every projected token 0600, owned by root, whatever the pod says.`,
      async run({ world }) {
        await world.apply(
          serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: billingReaderArn(world) }),
          'billing-sa.yaml',
        );
        const yaml = appYaml('billing-api', nodeName(world), { runAsUser: APP_UID });
        await world.apply(yaml, 'billing-api.yaml');
        const stat = statToken(world, 'payments', 'billing-api');
        return {
          action: `kubectl apply -f billing-api.yaml; kubectl exec billing-api -n payments -- stat -L -c '%A %u %g %s %n' ${IRSA_TOKEN_PATH}`,
          outcome: 'info',
          summary: `The token is ${stat.split(' ').slice(0, 3).join(' ')}: mode 0600, uid 0; the app is uid ${APP_UID}.`,
          panels: [textPanel('billing-api.yaml', yaml), textPanel('stat of the token file', [stat])],
          checks: [
            check('token file mode', '-rw-------', stat.split(' ')[0]),
            check('token file owner uid', '0', stat.split(' ')[1]),
          ],
        };
      },
    },
    {
      id: 'sdk-error',
      title: 'The SDK cannot read the token: EACCES, and no fallback',
      kind: 'break',
      narration:
        "fromTokenFile is configured (the variables are there), so it reads the file, and the read fails. In JS v3 the Node.js error from readFileSync ends the chain; botocore raises Python's PermissionError. Neither goes on to IMDS: the app fails every AWS call until someone reads the error.",
      async run({ world }): Promise<StepResult> {
        const js = await resolveInPod(world, 'payments', 'billing-api');
        const boto = await resolveInPod(world, 'payments', 'billing-api', 'botocore');
        const message = (got: PodCredentials) => (got.result.ok ? '(none)' : got.result.error.message);
        return {
          action: 'node app.js  # and: python app.py (boto3)',
          outcome: 'denied',
          summary: `JS v3: ${message(js)} / botocore: PermissionError: ${message(boto)}`,
          panels: [...js.panels, ...boto.panels],
          decision: js.decision,
          checks: [
            check('JS v3 error', `EACCES: permission denied, open '${IRSA_TOKEN_PATH}'`, message(js)),
            check('botocore error', `[Errno 13] Permission denied: '${IRSA_TOKEN_PATH}'`, message(boto)),
            check('role obtained', '(none)', js.roleArn ?? '(none)'),
            check('STS AssumeRoleWithWebIdentity calls', '0', String(webIdentityRecords(world).length)),
          ],
        };
      },
    },
    {
      id: 'fs-group',
      title: `Fix: fsGroup ${FS_GROUP} makes the token group-readable`,
      kind: 'fix',
      narration: `The webhook's README: "When running a container with a non-root user, you need to give the container access to the token file by setting the fsGroup field in the securityContext object." With fsGroup: ${FS_GROUP} the kubelet gives the volume's files that group and group read, and the app's process is in that group.`,
      async run({ world }) {
        world.deletePod('payments', 'billing-api');
        const result = await runAs(
          world,
          'billing-api',
          appYaml('billing-api', nodeName(world), { runAsUser: APP_UID, fsGroup: FS_GROUP }),
          'billing-api.yaml',
        );
        const stat = statToken(world, 'payments', 'billing-api').split(' ');
        return {
          ...result,
          checks: [
            check('token file mode', '-rw-r-----', stat[0]),
            check('token file group', String(FS_GROUP), stat[2]),
            ...result.checks,
          ],
        };
      },
    },
    {
      id: 'newer-kubelet',
      title: 'Since Kubernetes 1.19 the kubelet gives the token to runAsUser',
      kind: 'fix',
      narration: `A node with a current kubelet joins; billing-api-2 runs there as user ${APP_UID}, without fsGroup. Since 1.19 (kubernetes/kubernetes#89193) the kubelet writes the token 0600 but owned by the pod's runAsUser when every container runs as that user, and 0644 otherwise: no fsGroup needed.`,
      async run({ world }) {
        const added = world.addNode({ instanceRoleName: 'demo-node-role', metadataOptions: IMDS_OPEN });
        const result = await runAs(
          world,
          'billing-api-2',
          appYaml('billing-api-2', added.node.name, { runAsUser: APP_UID }),
          'billing-api-2.yaml',
        );
        const stat = statToken(world, 'payments', 'billing-api-2').split(' ');
        return {
          ...result,
          action: `eksctl create nodegroup (a current kubelet); ${result.action}`,
          checks: [
            check('token file mode', '-rw-------', stat[0]),
            check('token file owner uid', String(APP_UID), stat[1]),
            ...result.checks,
          ],
        };
      },
    },
  ],
};

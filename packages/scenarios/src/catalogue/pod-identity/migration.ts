/**
 * pod-identity-migration: move a workload from IRSA to Pod Identity with no
 * moment on the node role, in the order the user guide implies: the same
 * role trusts both mechanisms, the agent may call EKS Auth, the association
 * is created while the annotation stays, pods are replaced, then the
 * annotation and the OIDC trust go. The reverse order (annotation removed
 * first) leaves a pod on the node role.
 */

import { ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import {
  allowPodIdentityAgent,
  associatePodIdentity,
  createIrsaRole,
  podIdentityTrustPolicy,
  type World,
} from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  agentPanel,
  associationPanel,
  heldRoleResult,
  holdsText,
  podIdentityWorld,
  resolveThroughChain,
  sourceOf,
} from '../kit/pod-identity.js';
import { envPanel, textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, NODE_ROLE, nodeName, nodeRoleArn, WORKER_NODE_POLICIES } from '../kit/worlds.js';

const NS = 'shop';
const SA = 'inventory';
const ROLE = 'inventory-app';

type Statement = Record<string, unknown>;
const statements = (trust: string) => (JSON.parse(trust) as { Statement: Statement[] }).Statement;

/** Pod `pod` of ServiceAccount `sa`, pinned to the node; Namespace and ServiceAccount (annotated with `roleArn`) first when given. */
function pod(world: World, name: string, sa: string, serviceAccountWithRole?: string): string {
  return podYaml({
    namespace: NS,
    pod: name,
    serviceAccount: sa,
    image: NODE_IMAGE,
    withNamespace: serviceAccountWithRole !== undefined,
    withServiceAccount: serviceAccountWithRole !== undefined,
    ...(serviceAccountWithRole ? { roleArn: serviceAccountWithRole } : {}),
    nodeName: nodeName(world),
  });
}

/** What the steps share: the role, and every role an inventory pod held so far (to show none was the node role). */
type State = { roleArn: string; held: string[] };

export const podIdentityMigration: ScenarioDef<World, State> = {
  id: 'pod-identity-migration',
  title: 'Migrating from IRSA to Pod Identity without a moment on the node role',
  group: 'pod-identity',
  goal: 'Move a running workload from IRSA to Pod Identity step by step, checking after each step which role its pods hold',
  lesson:
    'Keep one role and let it trust both mechanisms; let the node role call EKS Auth; create the association while the IRSA annotation stays (running pods keep IRSA, new pods get Pod Identity); replace the pods; only then remove the annotation and the OIDC statement. Removing the annotation before the association exists leaves every new pod with no injection at all, and its SDK quietly takes the node role.',
  sources: [
    {
      label: 'EKS user guide, how Pod Identity works (IRSA and Pod Identity on one cluster)',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html',
    },
    {
      label: 'EKS user guide, create the Pod Identity role (the trust policy)',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
    },
    { label: 'Reference: Pod Identity associations', href: 'docs/reference.md#pod-identity-associations' },
    { label: 'Reference: the Pod Identity webhook', href: 'docs/reference.md#pod-identity-webhook' },
    { label: 'Reference: when the webhook runs', href: 'docs/reference.md#when-the-webhook-runs' },
    {
      label: 'eksctl utils migrate-to-pod-identity (eksctl-io/eksctl#7753)',
      href: 'https://github.com/eksctl-io/eksctl/issues/7753',
    },
  ],
  simplifications: [
    "A rollout is shown as creating the new pod and deleting the old one by hand; a Deployment's rolling update does the same.",
    "The association takes effect at once; real EKS may take several seconds, so wait before the rollout (the agent's and webhook's view lags the API).",
  ],
  async setup(seed) {
    const world = await podIdentityWorld(seed, { metadataOptions: IMDS_OPEN, oidcProvider: true, agentAllowed: false });
    for (const [name, text] of Object.entries(WORKER_NODE_POLICIES))
      world.iam.putRolePolicy(world.accountId, NODE_ROLE, name, text);
    return world;
  },
  steps: [
    {
      id: 'irsa-today',
      title: 'Today: inventory runs on IRSA',
      narration:
        'inventory-app trusts the cluster’s OIDC provider for system:serviceaccount:shop:inventory; the ServiceAccount is annotated and inventory-1 exchanges its projected token with STS.',
      async run({ world, state }) {
        state.roleArn = createIrsaRole(world, { roleName: ROLE, namespace: NS, serviceAccount: SA });
        state.held = [];
        await world.apply(pod(world, 'inventory-1', SA, state.roleArn), 'inventory.yaml');
        const got = await resolveThroughChain(world, NS, 'inventory-1');
        if (got.roleArn) state.held.push(got.roleArn);
        return heldRoleResult(
          got,
          { role: state.roleArn, source: 'fromTokenFile' },
          {
            action: 'kubectl apply -f inventory.yaml; SDK default chain in shop/inventory-1',
            summary: `${holdsText('inventory-1', got)}.`,
          },
        );
      },
    },
    {
      id: 'trust-both',
      title: '1. The same role trusts Pod Identity too',
      narration:
        'EKS refuses an association whose role does not trust pods.eks.amazonaws.com, so the trust comes first. Add a statement for the service with sts:AssumeRole and sts:TagSession and keep the OIDC statement: the running pods still need it, and the permissions (and the ARN in any bucket policy) stay the same.',
      async run({ world, state }) {
        const input = { clusterName: world.clusterName, namespace: NS, serviceAccount: SA, roleArn: state.roleArn };
        const before = world.eks.checkPodIdentityAssociation(input);
        const current = world.iam.getRole(world.accountId, ROLE).AssumeRolePolicyDocument;
        const trust = JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [...statements(current), ...statements(podIdentityTrustPolicy())],
          },
          null,
          2,
        );
        world.iam.updateAssumeRolePolicy(world.accountId, ROLE, trust);
        const after = world.eks.checkPodIdentityAssociation(input);
        return {
          action: `aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust.json`,
          outcome: 'info',
          summary: `Before: an association would be refused (${before?.code ?? 'accepted'}); now it would be ${after ? `refused (${after.code})` : 'accepted'}.`,
          panels: [textPanel('trust.json', trust)],
          checks: [
            check('association before the trust change', 'InvalidParameterException', before?.code),
            check('association after the trust change', 'accepted', after?.code ?? 'accepted'),
            check('trust statements', '2', String(statements(trust).length)),
          ],
        };
      },
    },
    {
      id: 'agent-ready',
      title: '2. The node role may call EKS Auth',
      narration:
        "The agent runs on every node, but without eks-auth:AssumeRoleForPodIdentity on the node role every Pod Identity pod would fail. Grant it before any pod depends on it; the pod's path to 169.254.170.23 is open.",
      async run({ world }) {
        allowPodIdentityAgent(world);
        const verdict = world.nodeOf(NS, 'inventory-1').explainPodIdentityAgent(NS, 'inventory-1');
        return {
          action: `aws iam put-role-policy --role-name ${NODE_ROLE} --policy-name eks-pod-identity-agent --policy-document file://agent.json`,
          outcome: 'info',
          summary: `${NODE_ROLE} may call EKS Auth; shop/inventory-1 ${verdict.reachable ? 'reaches' : 'does not reach'} the agent.`,
          panels: [agentPanel(world, NS, 'inventory-1')],
          checks: [
            check(
              'agent policy on the node role',
              'yes',
              world.iam
                .getRole(world.accountId, NODE_ROLE)
                .inlinePolicies.some((p) => p.PolicyName === 'eks-pod-identity-agent')
                ? 'yes'
                : 'no',
            ),
            check('agent reachable from pods', 'yes', verdict.reachable ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'associate',
      title: '3. Create the association, keep the annotation',
      narration:
        'The association names the same role. The annotation stays, so there is no moment when a new pod would get neither; the running pod keeps IRSA and still works.',
      async run({ world, state }) {
        const association = associatePodIdentity(world, { namespace: NS, serviceAccount: SA, roleArn: state.roleArn });
        const got = await resolveThroughChain(world, NS, 'inventory-1');
        if (got.roleArn) state.held.push(got.roleArn);
        return heldRoleResult(
          got,
          { role: state.roleArn, source: 'fromTokenFile' },
          {
            action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account ${SA} --role-arn ${state.roleArn}; SDK default chain in shop/inventory-1`,
            summary: `${association.associationId} created; inventory-1 still holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}.`,
            panels: [associationPanel(association)],
          },
        );
      },
    },
    {
      id: 'rollout',
      title: '4. Replace the pods',
      narration:
        'The rollout creates inventory-2 and then deletes inventory-1. The webhook gives the new pod container credentials (the association takes precedence over the annotation), and its SDK gets the same role through the agent.',
      async run({ world, state }) {
        await world.apply(pod(world, 'inventory-2', SA), 'inventory.yaml');
        world.deletePod(NS, 'inventory-1');
        const got = await resolveThroughChain(world, NS, 'inventory-2');
        if (got.roleArn) state.held.push(got.roleArn);
        return heldRoleResult(
          got,
          { role: state.roleArn, source: 'fromHttp' },
          {
            action: `kubectl rollout restart deployment/inventory -n ${NS}; SDK default chain in shop/inventory-2`,
            summary: `${holdsText('inventory-2', got)}.`,
            panels: [envPanel(world, NS, 'inventory-2')],
          },
        );
      },
    },
    {
      id: 'clean-up',
      title: '5. Remove the annotation and the OIDC statement',
      narration:
        'Now nothing uses IRSA: remove the annotation and reduce the trust policy to the Pod Identity statement. A pod created after the clean-up still gets the role, and across the whole migration no inventory pod held the node role or asked IMDS.',
      async run({ world, state }) {
        world.api.annotate('ServiceAccount', NS, SA, ROLE_ARN_ANNOTATION, null);
        const trust = podIdentityTrustPolicy();
        world.iam.updateAssumeRolePolicy(world.accountId, ROLE, trust);
        await world.apply(pod(world, 'inventory-3', SA), 'inventory.yaml');
        const got = await resolveThroughChain(world, NS, 'inventory-3');
        if (got.roleArn) state.held.push(got.roleArn);
        const imds = world.log.all('imds.request').filter((e) => e.data.callerId.startsWith(`${NS}/inventory-`));
        return {
          action: `kubectl annotate serviceaccount ${SA} -n ${NS} ${ROLE_ARN_ANNOTATION}- && aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust.json; kubectl scale deployment/inventory --replicas 2 -n ${NS}`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `inventory-3 holds ${got.roleArn ?? 'nothing'}; roles held by inventory pods: ${[...new Set(state.held)].join(', ')}.`,
          panels: [textPanel('trust.json', trust), ...got.panels],
          decision: got.decision,
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check('roles held during the migration', state.roleArn, [...new Set(state.held)].join(', ')),
            check('IMDS requests from inventory pods', '0', String(imds.length)),
          ],
        };
      },
    },
    {
      id: 'wrong-order',
      title: 'The other order: annotation first, association later',
      kind: 'break',
      narration:
        'Another team migrates catalog the other way round: they remove the annotation and restart, meaning to add the association afterwards. catalog-2 is created with neither, the webhook leaves it alone, and its SDK takes the node role from IMDS without an error. It keeps it until it is replaced again.',
      async run({ world }) {
        const catalogRole = createIrsaRole(world, {
          roleName: 'catalog-app',
          namespace: NS,
          serviceAccount: 'catalog',
        });
        const yaml = podYaml({
          namespace: NS,
          pod: 'catalog-1',
          serviceAccount: 'catalog',
          image: NODE_IMAGE,
          withNamespace: false,
          withServiceAccount: true,
          roleArn: catalogRole,
          nodeName: nodeName(world),
        });
        await world.apply(yaml, 'catalog.yaml');
        world.api.annotate('ServiceAccount', NS, 'catalog', ROLE_ARN_ANNOTATION, null);
        await world.apply(pod(world, 'catalog-2', 'catalog'), 'catalog.yaml');
        world.deletePod(NS, 'catalog-1');
        const got = await resolveThroughChain(world, NS, 'catalog-2');
        return heldRoleResult(
          got,
          { role: nodeRoleArn(world), source: 'fromInstanceMetadata' },
          {
            action: `kubectl annotate serviceaccount catalog -n ${NS} ${ROLE_ARN_ANNOTATION}- && kubectl rollout restart deployment/catalog -n ${NS}; SDK default chain in shop/catalog-2`,
            summary: `${holdsText('catalog-2', got)}: the node role.`,
            panels: [envPanel(world, NS, 'catalog-2')],
          },
        );
      },
    },
  ],
};

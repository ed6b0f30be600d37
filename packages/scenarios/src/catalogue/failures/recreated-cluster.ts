/**
 * recreated-cluster: two ways a working IRSA set-up stops working without an
 * error anyone expects. The cluster is deleted and created again under the
 * same name: it gets a new issuer id, and roles that trust the old provider
 * answer `No OpenIDConnect provider found in your account for ...`, then
 * AccessDenied until their trust policy names the new one. And an
 * annotation typo (`eks.amazon.com/role-arn`) makes the webhook skip the
 * pod: no error, the node role through IMDS.
 */

import { oidcProviderArn } from '@irsa-lab/iam';
import { createIrsaRole, serviceAccountYaml, type World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { type PodCredentials, resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { billingApiYaml } from '../kit/billing.js';
import { failureSummary, noProviderChecks } from '../kit/chain.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { envPanel, textPanel } from '../kit/text-panels.js';
import { webhookDecision } from '../kit/webhook.js';
import { IMDS_OPEN, nodeName, nodeRoleArn, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const TYPO = 'eks.amazon.com/role-arn';
const ANNOTATION = 'eks.amazonaws.com/role-arn';

/** The EKS guide's trust policy for payments/billing through the provider of issuer `hostPath`. */
function trustPolicy(world: World, hostPath: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: oidcProviderArn(world.accountId, `https://${hostPath}`) },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${hostPath}:sub`]: 'system:serviceaccount:payments:billing',
              [`${hostPath}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    },
    null,
    2,
  );
}

/**
 * The account as the old cluster left it: its provider registered and billing-reader trusting it; this
 * (re-created) cluster's issuer not registered. `recreated: false` is the cluster the roles were made for (a
 * test's way to see the checks fail).
 */
export async function recreatedWorld(seed: number, recreated = true): Promise<World> {
  const world = await worldWithNode(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
    oidcProvider: false,
  });
  const oldHostPath = recreated
    ? `oidc.eks.${world.region}.amazonaws.com/id/${world.ids.clusterId()}`
    : world.issuerHostPath;
  world.iam.createOpenIdConnectProvider(world.accountId, {
    Url: `https://${oldHostPath}`,
    ClientIDList: ['sts.amazonaws.com'],
  });
  world.iam.createRole(world.accountId, {
    RoleName: 'billing-reader',
    AssumeRolePolicyDocument: trustPolicy(world, oldHostPath),
  });
  return world;
}

const roleArnOf = (world: World, name: string) => world.iam.getRole(world.accountId, name).Arn;
const sourceOf = (got: PodCredentials) => (got.result.ok ? got.result.credentials.source : got.result.error.code);

/** The chain of billing-api as a step whose STS answer is checked by `checks`. */
async function billingChain(
  world: World,
  action: string,
  summary: (got: PodCredentials) => string,
  checks: (got: PodCredentials) => StepResult['checks'],
): Promise<StepResult> {
  const got = await resolveInPod(world, 'payments', 'billing-api');
  return {
    action,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: summary(got),
    panels: got.panels,
    decision: got.decision,
    checks: checks(got),
  };
}

/** reports/reports-api, a Node.js app of ServiceAccount reports on the first node. */
function reportsApiYaml(world: World): string {
  return podYaml({
    namespace: 'reports',
    pod: 'reports-api',
    serviceAccount: 'reports',
    image: NODE_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: nodeName(world),
  });
}
export const recreatedCluster: ScenarioDef<World> = {
  id: 'recreated-cluster',
  title: 'A re-created cluster, or a typo: IRSA silently stops',
  group: 'failures',
  goal: 'Meet "No OpenIDConnect provider found" after a cluster is re-created, and the node role after an annotation typo',
  lesson:
    "A cluster's issuer id is its own: delete the cluster and create it again under the same name, and its tokens carry a new issuer. IAM has no provider for it (No OpenIDConnect provider found in your account for ...), and once one is registered, trust policies still name the old one (AccessDenied): register the provider and update every role's trust policy. An annotation the webhook does not know, such as eks.amazon.com/role-arn, is no error at all: the pod is not mutated and the SDK finds the node role.",
  sources: [
    {
      label: 'Reference: re-created clusters and annotation typos',
      href: 'docs/reference.md#re-created-clusters-and-annotation-typos',
    },
    {
      label: 're:Post, resolve InvalidIdentityToken (No OpenIDConnect provider found)',
      href: 'https://repost.aws/knowledge-center/eks-error-invalid-identity-token',
    },
    {
      label: 'EKS best practices, IRSA and blue/green cluster upgrades',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    {
      label: 'containers-roadmap #1579: a torn-down and re-created cluster has a new OIDC issuer',
      href: 'https://github.com/aws/containers-roadmap/issues/1579',
    },
    {
      label: 'Reference: webhook annotations and defaults',
      href: 'docs/reference.md#webhook-annotations-and-defaults',
    },
  ],
  simplifications: [
    'The old cluster is only its footprint in IAM (its provider, the role trusting it); this world is the re-created cluster.',
  ],
  setup: (seed) => recreatedWorld(seed),
  steps: [
    {
      id: 'no-provider',
      title: 'The re-created cluster: a new issuer, no provider',
      kind: 'break',
      narration:
        "The cluster demo was deleted and created again with the same name and the same manifests. billing-reader is unchanged, and so is its trust policy, written for the old cluster's issuer. But EKS gave the new cluster a new issuer id: the pod's token names it, and the account has a provider only for the old one.",
      async run({ world }) {
        await world.apply(
          serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: roleArnOf(world, 'billing-reader') }),
          'billing-sa.yaml',
        );
        await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const providers = world.iam.listOpenIdConnectProviders(world.accountId).map((p) => p.Arn);
        const result = await billingChain(world, 'SDK default chain in payments/billing-api', failureSummary, (got) =>
          noProviderChecks(world, got.result),
        );
        return {
          ...result,
          panels: [
            textPanel('aws eks describe-cluster --name demo --query cluster.identity.oidc.issuer', [
              world.issuer.issuerUrl,
            ]),
            textPanel('aws iam list-open-id-connect-providers', providers),
            ...result.panels,
          ],
        };
      },
    },
    {
      id: 'register-provider',
      title: "Register the new issuer: now the trust policy doesn't match",
      kind: 'break',
      narration:
        "eksctl utils associate-iam-oidc-provider --cluster demo registers the new issuer. STS finds a provider now, validates the token and evaluates billing-reader's trust policy: its Federated principal and condition keys name the old issuer, so nothing matches.",
      async run({ world }) {
        world.iam.createOpenIdConnectProvider(world.accountId, {
          Url: world.issuer.issuerUrl,
          ClientIDList: ['sts.amazonaws.com'],
        });
        return billingChain(
          world,
          'eksctl utils associate-iam-oidc-provider --cluster demo --approve',
          failureSummary,
          (got) => [
            check('error code', 'AccessDenied', got.result.ok ? 'none' : got.result.error.code),
            check(
              'error message',
              'Not authorized to perform sts:AssumeRoleWithWebIdentity',
              got.result.ok ? '' : got.result.error.message,
            ),
          ],
        );
      },
    },
    {
      id: 'update-trust',
      title: 'Fix: point the trust policy at the new provider',
      kind: 'fix',
      narration:
        "Every role the cluster's workloads use needs its trust policy rewritten for the new issuer (or, during a blue/green move, a second statement for it). Infrastructure code that reads the issuer from the cluster at apply time does this; roles written by hand are the ones left behind.",
      async run({ world }) {
        world.iam.updateAssumeRolePolicy(world.accountId, 'billing-reader', trustPolicy(world, world.issuerHostPath));
        return billingChain(
          world,
          'aws iam update-assume-role-policy --role-name billing-reader --policy-document file://trust.json',
          (got) => `billing-api holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}.`,
          (got) => [
            check('role obtained', roleArnOf(world, 'billing-reader'), got.roleArn),
            check('credential source', 'fromTokenFile', sourceOf(got)),
          ],
        );
      },
    },
    {
      id: 'typo',
      title: `A typo in the annotation: ${TYPO}`,
      kind: 'break',
      narration: `reports/reports-api's ServiceAccount is annotated ${TYPO} (amazon, not amazonaws). kubectl shows the annotation, and the role and its trust policy are right. But the webhook reads only ${ANNOTATION}: it admits the pod unmutated, and the SDK finds the node role through IMDS. Nothing fails until the app tries something the node role may not do.`,
      async run({ world }) {
        const roleArn = createIrsaRole(world, {
          roleName: 'reports-reader',
          namespace: 'reports',
          serviceAccount: 'reports',
        });
        const yaml = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: reports\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reports\n  namespace: reports\n  annotations:\n    ${TYPO}: ${roleArn}\n`;
        await world.apply(yaml, 'reports-sa.yaml');
        const [created] = await world.apply(reportsApiYaml(world), 'reports-api.yaml');
        const got = await resolveInPod(world, 'reports', 'reports-api');
        return {
          action: 'kubectl apply -f reports-sa.yaml -f reports-api.yaml; node app.js',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Not mutated (${created?.webhook?.skipped}); reports-api holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}.`,
          panels: [
            textPanel('reports-sa.yaml', yaml),
            { kind: 'chain', title: 'Pod identity webhook', trace: webhookDecision(created?.webhook) },
            ...got.panels,
          ],
          decision: got.decision,
          checks: [
            check('webhook skipped', 'no-role-arn', created?.webhook?.skipped),
            check('role obtained', nodeRoleArn(world), got.roleArn),
            check('credential source', 'fromInstanceMetadata', sourceOf(got)),
          ],
        };
      },
    },
    {
      id: 'fix-typo',
      title: 'Fix: the right annotation, then a new pod',
      kind: 'fix',
      narration: `Annotate with ${ANNOTATION} (and remove the typo). The running pod keeps its spec: the webhook acts when a pod is created, so restart it.`,
      async run({ world }) {
        const roleArn = roleArnOf(world, 'reports-reader');
        world.api.annotate('ServiceAccount', 'reports', 'reports', TYPO, null);
        world.api.annotate('ServiceAccount', 'reports', 'reports', ANNOTATION, roleArn);
        world.deletePod('reports', 'reports-api');
        const [created] = await world.apply(reportsApiYaml(world), 'reports-api.yaml');
        const got = await resolveInPod(world, 'reports', 'reports-api');
        return {
          action: `kubectl annotate sa reports -n reports ${TYPO}- ${ANNOTATION}=${roleArn} && kubectl delete pod reports-api -n reports && kubectl apply -f reports-api.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Mutated; reports-api holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}.`,
          panels: [envPanel(world, 'reports', 'reports-api'), ...got.panels],
          decision: got.decision,
          checks: [
            check('webhook mutated the pod', 'yes', created?.webhook?.mutated ? 'yes' : 'no'),
            check('role obtained', roleArn, got.roleArn),
          ],
        };
      },
    },
  ],
};

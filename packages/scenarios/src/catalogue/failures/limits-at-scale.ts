/**
 * limits-at-scale: two IAM quotas IRSA meets as clusters multiply. One role
 * trusted by many clusters needs a trust policy statement per cluster, and
 * IAM refuses the policy past the "Role trust policy length" quota
 * (`LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048`); every
 * cluster needs its own OIDC provider, and an account holds 100
 * (`Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100`).
 */

import { isSimError } from '@irsa-lab/core';
import { oidcProviderArn, policySize } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import type { DecisionTrace, ScenarioDef, StepResult, TraceLine } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

/** The quota's default, which the scenario teaches. */
const DEFAULT_TRUST_POLICY_LENGTH = 2048;

/** A world with this cluster's provider registered; the IAM quotas as given (a test raises the trust policy's). */
export function limitsWorld(seed: number, iamRoleTrustPolicyLength?: number): Promise<World> {
  return worldWithNode(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
    oidcProvider: true,
    ...(iamRoleTrustPolicyLength ? { settings: { iamRoleTrustPolicyLength } } : {}),
  });
}

/** The issuer host path of another cluster of the account (each EKS cluster has its own issuer id). */
function otherIssuer(world: World): string {
  return `oidc.eks.${world.region}.amazonaws.com/id/${world.ids.clusterId()}`;
}

/** The EKS user guide's statement for payments/billing in the cluster whose issuer is `hostPath`. */
function statement(world: World, hostPath: string) {
  return {
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(world.accountId, `https://${hostPath}`) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${hostPath}:sub`]: 'system:serviceaccount:payments:billing',
        [`${hostPath}:aud`]: 'sts.amazonaws.com',
      },
    },
  };
}

const trustPolicy = (statements: readonly object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** Run an IAM call: undefined, or `<AwsCode>: <message>` of the error it raised. */
function attempt(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (err) {
    if (!isSimError(err)) throw err;
    return `${String(err.detail.awsCode ?? err.code)}: ${err.message}`;
  }
}

/** A decision of what IAM did with each request of a step. */
function iamDecision(title: string, lines: readonly TraceLine[]): DecisionTrace {
  return { title, allowed: lines.every((l) => l.ok !== false), lines };
}

/** What the steps share: the issuer host paths of the clusters the role was made to trust. */
type State = { clusters?: string[] };

export const limitsAtScale: ScenarioDef<World, State> = {
  id: 'limits-at-scale',
  title: 'Limits at scale: trust policy length and OIDC providers per account',
  group: 'failures',
  goal: 'Trust one role from cluster after cluster until IAM refuses the trust policy; register providers until the account is full',
  lesson:
    "A role trusts each cluster through a statement naming that cluster's OIDC provider, and its trust policy may hold 2,048 characters by default (ACLSizePerRole): about four clusters of the EKS guide's statement. Past that: raise the quota (Service Quotas), split the clusters over more roles, or use EKS Pod Identity, whose trust policy does not name clusters. Each cluster also needs its own provider, and an account holds 100: delete the providers of clusters that are gone, or raise the quota.",
  sources: [
    { label: 'Reference: IAM quotas that bite at scale', href: 'docs/reference.md#iam-quotas-that-bite-at-scale' },
    {
      label: 'IAM user guide, IAM and AWS STS quotas',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    },
    {
      label: 'containers-roadmap #1408: "only around 5 clusters can be trusted per role"',
      href: 'https://github.com/aws/containers-roadmap/issues/1408',
    },
    {
      label: 'EKS best practices, IRSA and blue/green cluster upgrades',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
  ],
  simplifications: [
    'The other clusters exist only as their issuers registered in IAM; their pods are not simulated.',
    'IAM is called directly (as `aws iam ...` would); quota increases are world settings fixed when the world is built.',
  ],
  setup: (seed) => limitsWorld(seed),
  steps: [
    {
      id: 'many-clusters',
      title: 'One role, trusted by one more cluster at a time',
      kind: 'break',
      narration:
        "billing-reader runs in this cluster and, as the team grows, in more: blue/green upgrades, one cluster per Region. Each cluster gets its provider (eksctl utils associate-iam-oidc-provider) and a statement in the role's trust policy. IAM counts the policy's characters, white space left out, against the role trust policy length quota.",
      async run({ world, state }): Promise<StepResult> {
        const statements = [statement(world, world.issuerHostPath)];
        const clusters = [world.issuerHostPath];
        world.iam.createRole(world.accountId, {
          RoleName: 'billing-reader',
          AssumeRolePolicyDocument: trustPolicy(statements),
        });
        const lines: TraceLine[] = [
          {
            depth: 0,
            text: `cluster 1 (${world.clusterName}): ${policySize(trustPolicy(statements))} characters`,
            ok: true,
          },
        ];
        let refused: string | undefined;
        for (let cluster = 2; cluster <= 10 && !refused; cluster++) {
          const hostPath = otherIssuer(world);
          world.iam.createOpenIdConnectProvider(world.accountId, {
            Url: `https://${hostPath}`,
            ClientIDList: ['sts.amazonaws.com'],
          });
          clusters.push(hostPath);
          const next = [...statements, statement(world, hostPath)];
          const document = trustPolicy(next);
          refused = attempt(() => world.iam.updateAssumeRolePolicy(world.accountId, 'billing-reader', document));
          lines.push({
            depth: 0,
            text: `cluster ${cluster}: ${policySize(document)} characters${refused ? ` → ${refused}` : ''}`,
            ok: !refused,
          });
          if (!refused) statements.push(statement(world, hostPath));
        }
        // the clusters in use (their providers stay), the last one still without a role
        state.clusters = clusters;
        const quota = world.settings.iamRoleTrustPolicyLength;
        return {
          action:
            'aws iam update-assume-role-policy --role-name billing-reader --policy-document file://trust.json  # one more cluster each time',
          outcome: refused ? 'denied' : 'allowed',
          summary: `The role trusts ${statements.length} clusters; the next statement was refused: ${refused ?? 'nothing was refused'}.`,
          panels: [
            textPanel(
              `Trust policy size per cluster added (quota ${quota})`,
              lines.map((l) => l.text),
            ),
            textPanel('One statement (per cluster)', JSON.stringify(statement(world, world.issuerHostPath), null, 2)),
          ],
          decision: iamDecision('IAM UpdateAssumeRolePolicy, one more cluster each time', lines),
          checks: [
            check(
              'error',
              `LimitExceeded: Cannot exceed quota for ACLSizePerRole: ${DEFAULT_TRUST_POLICY_LENGTH}`,
              refused,
            ),
            check('clusters the role trusts', '4', String(statements.length)),
          ],
        };
      },
    },
    {
      id: 'second-role',
      title: 'Fix: the next clusters get a role of their own',
      kind: 'fix',
      narration:
        'Short of a quota increase (Service Quotas raises Role trust policy length; the world setting iam.roleTrustPolicyLength does here), the way on is what containers-roadmap #1408 describes: a second role for the next clusters, with the same permissions. EKS Pod Identity avoids the growth altogether: its trust policy names the service pods.eks.amazonaws.com, not the clusters.',
      async run({ world, state }) {
        const last = (state.clusters ?? []).at(-1) ?? world.issuerHostPath;
        const document = trustPolicy([statement(world, last)]);
        const failed = attempt(() =>
          world.iam.createRole(world.accountId, { RoleName: 'billing-reader-2', AssumeRolePolicyDocument: document }),
        );
        const lines: TraceLine[] = [
          {
            depth: 0,
            text: `billing-reader-2 for ${last}: ${policySize(document)} characters${failed ? ` → ${failed}` : ''}`,
            ok: !failed,
          },
        ];
        return {
          action:
            'aws iam create-role --role-name billing-reader-2 --assume-role-policy-document file://trust-cluster-5.json',
          outcome: failed ? 'denied' : 'allowed',
          summary: failed
            ? `Refused: ${failed}`
            : 'billing-reader-2 trusts the fifth cluster; its ServiceAccount there is annotated with it.',
          panels: [textPanel('trust-cluster-5.json', document)],
          decision: iamDecision('IAM CreateRole', lines),
          checks: [check('billing-reader-2 created', 'yes', failed ? 'no' : 'yes')],
        };
      },
    },
    {
      id: 'providers-per-account',
      title: 'A provider per cluster: the account holds 100',
      kind: 'break',
      narration:
        'The platform team now creates a short-lived cluster for every pull request, and each registers its issuer as an OIDC provider. Clusters get deleted; providers created by hand or by a pipeline often stay. At 100 providers the account is full and the next cluster cannot get IRSA.',
      async run({ world }): Promise<StepResult> {
        const before = world.iam.listOpenIdConnectProviders(world.accountId).length;
        let refused: string | undefined;
        let created = 0;
        while (!refused && created < 1000) {
          const hostPath = otherIssuer(world);
          refused = attempt(() =>
            world.iam.createOpenIdConnectProvider(world.accountId, {
              Url: `https://${hostPath}`,
              ClientIDList: ['sts.amazonaws.com'],
            }),
          );
          if (!refused) created++;
        }
        const total = world.iam.listOpenIdConnectProviders(world.accountId).length;
        const quota = world.settings.iamOpenIdConnectProvidersPerAccount;
        const lines: TraceLine[] = [
          {
            depth: 0,
            text: `${before} providers before, ${created} created by preview clusters, ${total} in the account`,
            ok: true,
          },
          { depth: 0, text: `provider ${total + 1}: ${refused}`, ok: false },
        ];
        return {
          action: 'eksctl utils associate-iam-oidc-provider --cluster pr-<n> --approve  # for every preview cluster',
          outcome: 'denied',
          summary: `After ${total} providers: ${refused}.`,
          panels: [
            textPanel(
              'OIDC providers in the account',
              lines.map((l) => l.text),
            ),
          ],
          decision: iamDecision('IAM CreateOpenIDConnectProvider, one per new cluster', lines),
          checks: [
            check('providers in the account', String(quota), String(total)),
            check(
              'error',
              `LimitExceeded: Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${quota}`,
              refused,
            ),
          ],
        };
      },
    },
    {
      id: 'delete-stale',
      title: 'Fix: delete the providers of clusters that are gone',
      kind: 'fix',
      narration:
        "Fifty of the preview clusters are long deleted; their providers were not deleted with them. Deleting those (aws iam delete-open-id-connect-provider) makes room, and the new cluster's provider registers. The quota itself can be raised to 700.",
      async run({ world, state }): Promise<StepResult> {
        const inUse = new Set((state.clusters ?? []).map((h) => oidcProviderArn(world.accountId, `https://${h}`)));
        const stale = world.iam
          .listOpenIdConnectProviders(world.accountId)
          .map((p) => p.Arn)
          .filter((arn) => !inUse.has(arn))
          .slice(0, 50);
        for (const arn of stale) world.iam.deleteOpenIdConnectProvider(arn);
        const hostPath = otherIssuer(world);
        const refused = attempt(() =>
          world.iam.createOpenIdConnectProvider(world.accountId, {
            Url: `https://${hostPath}`,
            ClientIDList: ['sts.amazonaws.com'],
          }),
        );
        const lines: TraceLine[] = [
          { depth: 0, text: `deleted ${stale.length} providers of deleted clusters`, ok: true },
          { depth: 0, text: `https://${hostPath}: ${refused ?? 'created'}`, ok: !refused },
        ];
        const arns = new Set(world.iam.listOpenIdConnectProviders(world.accountId).map((p) => p.Arn));
        const kept = [...inUse].every((arn) => arns.has(arn));
        return {
          action:
            'aws iam delete-open-id-connect-provider --open-id-connect-provider-arn ... ×50; eksctl utils associate-iam-oidc-provider --cluster pr-<n> --approve',
          outcome: refused ? 'denied' : 'allowed',
          summary: `${stale.length} stale providers deleted; the new cluster's provider ${refused ? `was refused: ${refused}` : 'was created'}.`,
          panels: [
            textPanel(
              'Clean-up',
              lines.map((l) => l.text),
            ),
          ],
          decision: iamDecision('IAM DeleteOpenIDConnectProvider, then CreateOpenIDConnectProvider', lines),
          checks: [
            check('new provider created', 'yes', refused ? 'no' : 'yes'),
            check('providers of clusters in use kept', 'yes', kept ? 'yes' : 'no'),
          ],
        };
      },
    },
  ],
};

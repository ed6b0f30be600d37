/**
 * cross-account: a pod in the cluster's account (111122223333) assumes a
 * role in a second account (444455556666). STS looks for the OIDC provider
 * in the role's account, so that account registers the same issuer itself;
 * without it, STS answers "No OpenIDConnect provider found in your account".
 */

import { AWS_ROLE_ARN, IRSA_AUDIENCE } from '@irsa-lab/core';
import { oidcProviderArn } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { createIrsaRole, registerOidcProvider, serviceAccountYaml } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { failureSummary, noProviderChecks } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { podEnv, textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, nodeName, worldWithNode } from '../kit/worlds.js';

const DATA_ACCOUNT = '444455556666';
const NS = 'analytics';
const POD = 'reporter';

/** The provider ARN the cluster's issuer has in `accountId`. */
const providerIn = (world: World, accountId: string) => oidcProviderArn(accountId, world.issuer.issuerUrl);

function providersByAccount(world: World): string[] {
  return world.iam.listAccounts().map((a) => {
    const arns = world.iam.listOpenIdConnectProviders(a.accountId).map((p) => p.Arn);
    return `${a.accountId}${a.alias ? ` (${a.alias})` : ''}: ${arns.length ? arns.join(', ') : 'no OIDC provider'}`;
  });
}

/** The account STS searched for a provider in (from its trace of the call). */
function lookedUpIn(world: World, requestId: string | undefined): string | undefined {
  const step = requestId ? world.sts.traceOf(requestId)?.find((t) => t.step === 'find-provider') : undefined;
  return /account (\d{12})/.exec(step?.detail ?? '')?.[1];
}

/** What the steps share: the role in the data account. */
type State = { roleArn: string };

export const crossAccount: ScenarioDef<World, State> = {
  id: 'cross-account',
  title: 'Cross-account: the provider lives in the role’s account',
  group: 'operations',
  goal: 'Let a pod assume a role in a second AWS account, and see why that account needs its own OIDC provider',
  lesson:
    "STS looks up the OIDC provider in the account of the role being assumed. A role in another account trusts the cluster's issuer through a provider registered in that account, for the same issuer URL.",
  sources: [
    {
      label: 'EKS user guide, authenticate to another account with IRSA',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html',
    },
    { label: 'Reference: an IAM OIDC provider belongs to one account', href: 'docs/reference.md#iam-oidc-provider' },
    { label: 'Reference: STS errors', href: 'docs/reference.md#sts-errors' },
    {
      label: 'AWS re:Post, troubleshooting InvalidIdentityToken',
      href: 'https://repost.aws/knowledge-center/eks-error-invalid-identity-token',
    },
  ],
  simplifications: [
    'Both accounts live in one simulated IAM and share one event log; no Organizations, SCPs or resource policies are involved.',
    'The other cross-account pattern, an IRSA role in the cluster account that calls sts:AssumeRole into the data account (role chaining), is not shown.',
  ],
  async setup(seed) {
    const world = await worldWithNode(seed, {
      metadataOptions: IMDS_OPEN,
      instanceRolePolicies: {},
      oidcProvider: true,
    });
    world.iam.createAccount(DATA_ACCOUNT, 'data');
    return world;
  },
  steps: [
    {
      id: 'two-accounts',
      title: "Two accounts: the cluster's and a data account",
      narration:
        "The cluster runs in account 111122223333, which already has the OIDC provider for the cluster's issuer. The S3 data the reporter needs lives in account 444455556666, which knows nothing about the cluster yet.",
      async run({ world }) {
        const lines = providersByAccount(world);
        return {
          action: `aws iam list-open-id-connect-providers --profile cluster; aws iam list-open-id-connect-providers --profile data`,
          outcome: 'info',
          summary: `Only ${world.accountId} has a provider for ${world.issuer.issuerUrl}.`,
          panels: [textPanel('OIDC providers per account', lines)],
          checks: [
            check(
              'providers in the cluster account',
              '1',
              String(world.iam.listOpenIdConnectProviders(world.accountId).length),
            ),
            check(
              'providers in the data account',
              '0',
              String(world.iam.listOpenIdConnectProviders(DATA_ACCOUNT).length),
            ),
          ],
        };
      },
    },
    {
      id: 'provider-in-data-account',
      title: 'Register the same issuer in the data account',
      narration:
        'An OIDC provider belongs to one account. The data account creates its own provider for the very same issuer URL, with client id sts.amazonaws.com. The issuer does not change: the same tokens can now be checked by two accounts, though a provider grants nothing by itself; a role in the data account must still trust it (the next step).',
      async run({ world }) {
        const arn = registerOidcProvider(world, DATA_ACCOUNT);
        return {
          action: `aws iam create-open-id-connect-provider --url ${world.issuer.issuerUrl} --client-id-list ${IRSA_AUDIENCE} --profile data`,
          outcome: 'info',
          summary: `Created ${arn}.`,
          panels: [textPanel('OIDC providers per account', providersByAccount(world))],
          checks: [
            check('provider ARN', providerIn(world, DATA_ACCOUNT), arn),
            check('same issuer URL', world.issuer.issuerUrl, world.iam.getOpenIdConnectProvider(arn).Url),
          ],
        };
      },
    },
    {
      id: 'role-in-data-account',
      title: 'Create the role in the data account',
      narration:
        "The role's trust policy names the data account's provider as the Federated principal; the condition keys are the same issuer host/path as in the cluster account, pinned to analytics/reporter.",
      async run({ world, state }) {
        const roleArn = createIrsaRole(world, {
          roleName: 'reporter-data-reader',
          namespace: NS,
          serviceAccount: 'reporter',
          accountId: DATA_ACCOUNT,
        });
        state.roleArn = roleArn;
        const trust = world.iam.getRole(DATA_ACCOUNT, 'reporter-data-reader').AssumeRolePolicyDocument;
        const principal = (JSON.parse(trust) as { Statement: { Principal: { Federated: string } }[] }).Statement[0]
          ?.Principal.Federated;
        return {
          action:
            'aws iam create-role --role-name reporter-data-reader --assume-role-policy-document file://trust.json --profile data',
          outcome: 'info',
          summary: `Role ${roleArn} trusts system:serviceaccount:${NS}:reporter through ${principal}.`,
          panels: [textPanel('trust.json', trust)],
          checks: [check('Federated principal', providerIn(world, DATA_ACCOUNT), principal)],
        };
      },
    },
    {
      id: 'annotate-and-run',
      title: "Annotate the ServiceAccount with the data account's role",
      narration:
        'The annotation can name a role in any account: the webhook copies it into AWS_ROLE_ARN whatever account it names (an ARN of the wrong shape only makes it log a warning). The pod starts with its projected token as usual.',
      async run({ world, state }) {
        const roleArn = state.roleArn;
        const sa = serviceAccountYaml({ namespace: NS, name: 'reporter', roleArn });
        await world.apply(sa, 'reporter-sa.yaml');
        await world.apply(
          podYaml({
            namespace: NS,
            pod: POD,
            serviceAccount: 'reporter',
            image: NODE_IMAGE,
            withNamespace: false,
            withServiceAccount: false,
            nodeName: nodeName(world),
          }),
          'reporter.yaml',
        );
        return {
          action: 'kubectl apply -f reporter-sa.yaml -f reporter.yaml',
          outcome: 'info',
          summary: `AWS_ROLE_ARN=${podEnv(world, NS, POD)[AWS_ROLE_ARN]}`,
          panels: [textPanel('reporter-sa.yaml', sa)],
          checks: [check('AWS_ROLE_ARN injected', roleArn, podEnv(world, NS, POD)[AWS_ROLE_ARN])],
        };
      },
    },
    {
      id: 'assume-cross-account',
      title: 'The pod assumes the role in the data account',
      narration:
        "STS takes the account from the role ARN (444455556666), finds that account's provider for the token's iss, verifies the token against the issuer's keys and evaluates the role's trust policy. The session belongs to the data account.",
      async run({ world, state }) {
        const got = await resolveInPod(world, NS, POD);
        const record = webIdentityRecords(world).at(-1);
        return {
          action: 'SDK default chain in analytics/reporter (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'} as ${record?.responseElements?.assumedRoleUser.arn ?? '?'}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check('identity provider used', providerIn(world, DATA_ACCOUNT), record?.userIdentity.identityProvider),
            check('recipient account', DATA_ACCOUNT, record?.recipientAccountId),
          ],
        };
      },
    },
    {
      id: 'without-provider',
      title: 'Without the provider in the data account: InvalidIdentityToken',
      kind: 'break',
      narration:
        "Delete the data account's provider and try again. The cluster account still has its provider, but STS never looks there: it searches the role's account only, and answers InvalidIdentityToken: No OpenIDConnect provider found in your account.",
      async run({ world }) {
        world.iam.deleteOpenIdConnectProvider(providerIn(world, DATA_ACCOUNT));
        const got = await resolveInPod(world, NS, POD);
        const record = webIdentityRecords(world).at(-1);
        return {
          action: `aws iam delete-open-id-connect-provider --open-id-connect-provider-arn ${providerIn(world, DATA_ACCOUNT)} --profile data; SDK default chain in analytics/reporter`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: failureSummary(got),
          panels: [...got.panels, textPanel('OIDC providers per account', providersByAccount(world))],
          decision: got.decision,
          checks: [
            ...noProviderChecks(world, got.result),
            check(
              'cluster account still has its provider',
              world.providerArn,
              world.iam.listOpenIdConnectProviders(world.accountId)[0]?.Arn,
            ),
            check('provider looked up in account', DATA_ACCOUNT, lookedUpIn(world, record?.requestID)),
          ],
        };
      },
    },
  ],
};

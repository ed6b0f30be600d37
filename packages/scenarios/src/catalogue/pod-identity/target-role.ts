/**
 * pod-identity-target-role: a pod reaches a role in another account through
 * an association's targetRoleArn. EKS Auth assumes the association's role
 * (in the cluster's account), then with those credentials the target role;
 * with session tags disabled it passes the association's external id
 * (region/account/cluster/namespace/service account), which the target's
 * trust policy pins. Another association with the same roles is refused by
 * the target, because its external id names another service account.
 */

import { associatePodIdentity, createPodIdentityRole, type World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { s3GetObject } from '../../panels/s3-call.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  associationPanel,
  assumeRoleRecords,
  podIdentityWorld,
  resolveThroughChain,
  sourceOf,
} from '../kit/pod-identity.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, nodeName, podView } from '../kit/worlds.js';

const DATA_ACCOUNT = '444455556666';
const TARGET = `arn:aws:iam::${DATA_ACCOUNT}:role/reporter-data`;
const BUCKET = 'analytics-data';
const KEY = 'daily/2026-01-04.parquet';

/** The user guide's external id for an association: `<region>/<account>/<cluster>/<namespace>/<service account>`. */
const externalIdOf = (world: World, namespace: string, sa: string) =>
  `${world.region}/${world.accountId}/${world.clusterName}/${namespace}/${sa}`;

const pod = (world: World, namespace: string, name: string) =>
  podYaml({
    namespace,
    pod: name,
    serviceAccount: name,
    image: NODE_IMAGE,
    withNamespace: true,
    withServiceAccount: true,
    nodeName: nodeName(world),
  });

/** What the steps share: the association's role in the cluster's account. */
type State = { hopArn: string };

export const podIdentityTargetRole: ScenarioDef<World, State> = {
  id: 'pod-identity-target-role',
  title: 'A role in another account through targetRoleArn',
  group: 'pod-identity',
  goal: "Reach a role in a data account from a pod with an association's targetRoleArn, and see the external id keep other service accounts out",
  lesson:
    "The association's role must be in the cluster's account; a role elsewhere is its targetRoleArn. EKS Auth chains two AssumeRole calls, the second signed by the first session, so the pod ends up with the target role's credentials (an hour at most). With session tags disabled the target's trust can pin sts:ExternalId, which EKS sets to region/account/cluster/namespace/service account: another association using the same roles gets a different external id and is refused.",
  sources: [
    {
      label: 'EKS user guide, access AWS resources in another account with a target role',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html',
    },
    { label: 'Reference: Pod Identity associations', href: 'docs/reference.md#pod-identity-associations' },
    { label: 'Reference: EKS Auth', href: 'docs/reference.md#eks-auth-assumeroleforpodidentity' },
    { label: 'Reference: trust and session tags', href: 'docs/reference.md#pod-identity-trust-and-session-tags' },
    {
      label: 'IAM user guide, the external ID',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html',
    },
  ],
  simplifications: [
    'Both accounts live in one simulated IAM and one CloudTrail; the second AssumeRole is recorded once, not in each account.',
    "That the API's externalId equals the user guide's slash-joined value is not documented; here it does.",
    "The agent's cache of target-role credentials follows its code (renewed with the hour-long session), not the guide's 59 minutes.",
  ],
  async setup(seed) {
    const world = await podIdentityWorld(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      oidcProvider: false,
      agentAllowed: true,
    });
    world.iam.createAccount(DATA_ACCOUNT, 'data');
    world.s3.createBucket(DATA_ACCOUNT, BUCKET);
    world.s3.putObjectDirect(BUCKET, KEY, 'PAR1 (daily report)');
    return world;
  },
  steps: [
    {
      id: 'hop-role',
      title: "The association's role, in the cluster's account",
      narration:
        "EKS takes only a role of the cluster's own account as the association's role (iam:PassRole). This one, reporter-hop, is trusted by pods.eks.amazonaws.com and may do one thing: assume the target role in the data account.",
      async run({ world, state }) {
        const policy = JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: TARGET }],
          },
          null,
          2,
        );
        state.hopArn = createPodIdentityRole(world, {
          roleName: 'reporter-hop',
          policies: { 'assume-target': policy },
        });
        return {
          action:
            'aws iam create-role --role-name reporter-hop --assume-role-policy-document file://trust.json && aws iam put-role-policy --role-name reporter-hop --policy-name assume-target --policy-document file://assume-target.json',
          outcome: 'info',
          summary: `${state.hopArn} may assume ${TARGET}.`,
          panels: [textPanel('assume-target.json', policy)],
          checks: [check('role account', world.accountId, state.hopArn.split(':')[4])],
        };
      },
    },
    {
      id: 'target-role',
      title: 'The target role, in the data account',
      narration:
        "In 444455556666 the role reporter-data trusts the cluster's account, but only the session of reporter-hop (aws:PrincipalARN) and only with the external id of analytics/reporter. It may read the data bucket.",
      async run({ world, state }) {
        const trust = JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${world.accountId}:root` },
                Action: 'sts:AssumeRole',
                Condition: {
                  StringEquals: { 'sts:ExternalId': externalIdOf(world, 'analytics', 'reporter') },
                  ArnEquals: { 'aws:PrincipalARN': state.hopArn },
                },
              },
            ],
          },
          null,
          2,
        );
        const read = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
        });
        const role = world.iam.createRole(DATA_ACCOUNT, { RoleName: 'reporter-data', AssumeRolePolicyDocument: trust });
        world.iam.putRolePolicy(DATA_ACCOUNT, 'reporter-data', 'read-data', read);
        return {
          action:
            'aws iam create-role --role-name reporter-data --assume-role-policy-document file://target-trust.json --profile data',
          outcome: 'info',
          summary: `${role.Arn} trusts ${state.hopArn} with external id ${externalIdOf(world, 'analytics', 'reporter')}.`,
          panels: [textPanel('target-trust.json', trust)],
          checks: [check('target role', TARGET, role.Arn)],
        };
      },
    },
    {
      id: 'associate',
      title: 'Associate analytics/reporter with both roles',
      narration:
        'The association names reporter-hop as its role and reporter-data as targetRoleArn, with session tags disabled (so EKS passes an external id, and nothing the target must accept as tags). EKS answers with the external id it will send.',
      async run({ world, state }) {
        const association = associatePodIdentity(world, {
          namespace: 'analytics',
          serviceAccount: 'reporter',
          roleArn: state.hopArn,
          targetRoleArn: TARGET,
          disableSessionTags: true,
        });
        return {
          action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace analytics --service-account reporter --role-arn ${state.hopArn} --target-role-arn ${TARGET} --disable-session-tags`,
          outcome: 'info',
          summary: `${association.associationId}: external id ${association.externalId ?? '(none)'}.`,
          panels: [associationPanel(association)],
          checks: [
            check('externalId', externalIdOf(world, 'analytics', 'reporter'), association.externalId),
            check('targetRoleArn', TARGET, association.targetRoleArn),
          ],
        };
      },
    },
    {
      id: 'fetch',
      title: 'The pod gets the target role',
      narration:
        'EKS Auth assumes reporter-hop as pods.eks.amazonaws.com, then, signed with that session, reporter-data with the external id. The agent hands the pod the second session: an hour long, in the data account.',
      async run({ world }) {
        await world.apply(pod(world, 'analytics', 'reporter'), 'reporter.yaml');
        const got = await resolveThroughChain(world, 'analytics', 'reporter');
        const second = assumeRoleRecords(world).at(-1);
        const seconds =
          got.result.ok && got.result.credentials.expirationMs !== undefined
            ? Math.round((got.result.credentials.expirationMs - world.clock.nowMs()) / 60_000) * 60
            : 0;
        return {
          action: 'SDK default chain in analytics/reporter (fromHttp → the agent → EKS Auth → STS twice)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `analytics/reporter holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}, for about ${seconds / 60} minutes.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('role obtained', TARGET, got.roleArn),
            check(
              'second AssumeRole external id',
              externalIdOf(world, 'analytics', 'reporter'),
              String(second?.requestParameters.externalId),
            ),
            check('second AssumeRole by', 'reporter-hop', second?.userIdentity.sessionContext?.sessionIssuer?.userName),
            check('session length (s)', '3600', String(seconds)),
          ],
        };
      },
    },
    {
      id: 'read-data',
      title: "Read the data account's bucket",
      narration:
        "The pod signs the GetObject with the target role's session; the role belongs to the bucket's account, so its own policy is enough.",
      async run({ world }) {
        const got = await resolveThroughChain(world, 'analytics', 'reporter');
        if (!got.result.ok) throw new Error(`the pod holds no credentials: ${got.result.error.message}`);
        const read = await s3GetObject(
          world,
          podView(world, 'analytics', 'reporter'),
          got.result.credentials,
          BUCKET,
          KEY,
        );
        return {
          action: `aws s3 cp s3://${BUCKET}/${KEY} - (in analytics/reporter)`,
          outcome: read.status === 200 ? 'allowed' : 'denied',
          summary: read.status === 200 ? `S3 returned ${read.body.length} bytes.` : `S3 answered ${read.errorCode}.`,
          panels: [textPanel(`s3://${BUCKET}/${KEY}`, read.body)],
          decision: read.decision ?? { title: 'S3 GetObject', allowed: read.status === 200, lines: [] },
          checks: [check('GetObject status', '200', String(read.status))],
        };
      },
    },
    {
      id: 'other-service-account',
      title: 'Another service account with the same roles: refused',
      kind: 'break',
      narration:
        "Someone associates marketing/campaigns with the same two roles. EKS accepts it, and EKS Auth assumes reporter-hop as before; but the external id it passes now ends in marketing/campaigns, and the target's trust policy refuses. The agent answers EKS Auth's AccessDeniedException.",
      async run({ world, state }) {
        const association = associatePodIdentity(world, {
          namespace: 'marketing',
          serviceAccount: 'campaigns',
          roleArn: state.hopArn,
          targetRoleArn: TARGET,
          disableSessionTags: true,
        });
        await world.apply(pod(world, 'marketing', 'campaigns'), 'campaigns.yaml');
        const got = await resolveThroughChain(world, 'marketing', 'campaigns', 'botocore');
        const refused = assumeRoleRecords(world).at(-1);
        return {
          action: `aws eks create-pod-identity-association ... --namespace marketing --service-account campaigns --role-arn ${state.hopArn} --target-role-arn ${TARGET} --disable-session-tags; boto3 in marketing/campaigns`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok ? `Unexpectedly got ${got.roleArn}.` : got.result.error.message.trimEnd(),
          panels: [associationPanel(association), ...got.panels],
          decision: got.decision,
          checks: [
            check(
              'externalId sent',
              externalIdOf(world, 'marketing', 'campaigns'),
              String(refused?.requestParameters.externalId),
            ),
            check('target AssumeRole', 'AccessDenied', refused?.errorCode),
            check('botocore error', 'CredentialRetrievalError', sourceOf(got)),
          ],
        };
      },
    },
  ],
};

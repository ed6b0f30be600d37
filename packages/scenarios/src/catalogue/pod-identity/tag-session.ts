/**
 * pod-identity-tag-session: a Pod Identity role whose trust policy allows
 * sts:AssumeRole but not sts:TagSession. EKS accepts the association, but
 * EKS Auth always asks STS for a tagged session, STS refuses it, and the
 * agent passes EKS Auth's AccessDeniedException on to the SDK. CloudTrail's
 * AssumeRole record names the missing action. Fixed by the trust policy, or
 * by an association that sends no tags.
 */

import { associatePodIdentity, podIdentityTrustPolicy, type World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  associationPanel,
  assumeRoleRecords,
  eksAuthRecords,
  heldRoleResult,
  podIdentityWorld,
  resolveThroughChain,
  sourceOf,
} from '../kit/pod-identity.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, nodeName } from '../kit/worlds.js';

const NS = 'ledger';
const ROLE = 'ledger-writer';
/** What EKS Auth answers when STS refuses the association's role (agent#139; reference "EKS Auth"). */
const EKS_AUTH_DENIED = 'Unauthorized Exception! EKS does not have permissions to assume the associated role.';

/** The trust policy as often copied from ECS task roles: the right principal, only sts:AssumeRole. */
const withoutTagSession = () => podIdentityTrustPolicy({ tagSession: false });

const pod = (world: World, name: string, sa: string, withNamespace: boolean) =>
  podYaml({
    namespace: NS,
    pod: name,
    serviceAccount: sa,
    image: NODE_IMAGE,
    withNamespace,
    withServiceAccount: true,
    nodeName: nodeName(world),
  });

/** What the steps share: the role. */
type State = { roleArn: string };

export const podIdentityTagSession: ScenarioDef<World, State> = {
  id: 'pod-identity-tag-session',
  title: 'A trust policy without sts:TagSession',
  group: 'pod-identity',
  goal: 'Associate a role whose trust policy lacks sts:TagSession, follow the AccessDenied from STS to the SDK, and fix it',
  lesson:
    'EKS Auth assumes the role with six session tags, which needs sts:TagSession as well as sts:AssumeRole in the trust policy. Without it STS refuses, EKS Auth answers AccessDeniedException ("EKS does not have permissions to assume the associated role") and the pod gets no credentials. The association is accepted all the same: only the fetch fails. CloudTrail\'s AssumeRole record names sts:TagSession.',
  sources: [
    {
      label: 'EKS user guide, create the Pod Identity role (the trust policy)',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
    },
    { label: 'Reference: trust and session tags', href: 'docs/reference.md#pod-identity-trust-and-session-tags' },
    { label: 'Reference: EKS Auth', href: 'docs/reference.md#eks-auth-assumeroleforpodidentity' },
    { label: 'Reference: the Pod Identity agent', href: 'docs/reference.md#pod-identity-agent' },
    {
      label: 'IAM user guide, passing session tags (sts:TagSession)',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html',
    },
    {
      label: 'aws/eks-pod-identity-agent#139 (the AccessDeniedException message)',
      href: 'https://github.com/aws/eks-pod-identity-agent/issues/139',
    },
  ],
  simplifications: [
    "EKS Auth's AccessDeniedException message is the one seen in agent#139; that it is the message for this case is inferred, not documented.",
    'Which trust policies CreatePodIdentityAssociation refuses is not documented: here it refuses only a role that does not trust pods.eks.amazonaws.com at all (InvalidParameterException, as seen in terraform-provider-aws#41483).',
    'The role is fixed with update-assume-role-policy; the agent keeps no failed answers, so the next fetch succeeds at once.',
  ],
  setup: (seed) =>
    podIdentityWorld(seed, { metadataOptions: IMDS_LOCKED_DOWN, oidcProvider: false, agentAllowed: true }),
  steps: [
    {
      id: 'associate',
      title: 'A role trusting pods.eks.amazonaws.com for sts:AssumeRole only',
      kind: 'break',
      narration:
        'The role is created with a trust policy copied from an ECS task role and the principal changed: Service pods.eks.amazonaws.com, Action sts:AssumeRole. The trust names the Pod Identity service, and EKS accepts the association: nothing fails until a pod asks for credentials.',
      async run({ world, state }) {
        const trust = withoutTagSession();
        state.roleArn = world.iam.createRole(world.accountId, { RoleName: ROLE, AssumeRolePolicyDocument: trust }).Arn;
        const association = associatePodIdentity(world, {
          namespace: NS,
          serviceAccount: 'writer',
          roleArn: state.roleArn,
        });
        return {
          action: `aws iam create-role --role-name ${ROLE} --assume-role-policy-document file://trust.json && aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account writer --role-arn ${state.roleArn}`,
          outcome: 'info',
          summary: `EKS accepted ${association.associationId} for a role without sts:TagSession.`,
          panels: [textPanel('trust.json', trust), associationPanel(association)],
          checks: [check('association role', state.roleArn, association.roleArn)],
        };
      },
    },
    {
      id: 'botocore-denied',
      title: 'boto3 in the pod: CredentialRetrievalError',
      kind: 'break',
      narration:
        "The pod is mutated as usual. botocore's container provider GETs the agent; the agent calls EKS Auth; EKS Auth asks STS for AssumeRole with six tags; STS evaluates the trust policy for sts:AssumeRole (allowed) and sts:TagSession (not allowed) and refuses. The agent answers 400 with EKS Auth's error, and botocore shows it verbatim.",
      async run({ world }) {
        await world.apply(pod(world, 'writer', 'writer', true), 'writer.yaml');
        const got = await resolveThroughChain(world, NS, 'writer', 'botocore');
        const message = got.result.ok ? undefined : got.result.error.message;
        return {
          action: 'kubectl apply -f writer.yaml; boto3.client("s3") in ledger/writer',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: message?.trimEnd() ?? `Unexpectedly got ${got.roleArn}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('botocore error', 'CredentialRetrievalError', sourceOf(got)),
            check(
              'EKS Auth error in the agent answer',
              'AccessDeniedException',
              /\((\w+)\): /.exec(message ?? '')?.[1],
            ),
            check('EKS Auth message', 'yes', message?.includes(EKS_AUTH_DENIED) ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'js-denied',
      title: 'The JavaScript SDK: a misleading message',
      kind: 'break',
      narration:
        "JS v3's fromHttp gets the same 400 four times (it retries), then the chain moves on to the old fromContainerMetadata, which rejects 169.254.170.23 as a host name. The message a Node.js app logs says nothing about TagSession: look at the agent's answer or at CloudTrail instead.",
      async run({ world }) {
        const got = await resolveThroughChain(world, NS, 'writer');
        const statuses = got.result.trace.find((a) => a.provider === 'fromHttp')?.requests?.map((r) => r.status) ?? [];
        return {
          action: 'new S3Client() in ledger/writer (the default chain)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `Unexpectedly got ${got.roleArn}.`
            : `${got.result.error.code}: ${got.result.error.message}`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('fromHttp answers', '400, 400, 400, 400', statuses.join(', ')),
            check(
              'JS v3 message',
              '169.254.170.23 is not a valid container metadata service hostname',
              got.result.ok ? undefined : got.result.error.message,
            ),
          ],
        };
      },
    },
    {
      id: 'cloudtrail',
      title: 'CloudTrail names the missing action',
      narration:
        "Each failed fetch leaves two records: STS's AssumeRole by pods.eks.amazonaws.com with errorCode AccessDenied and a message naming sts:TagSession, and EKS Auth's AssumeRoleForPodIdentity with AccessDeniedException.",
      async run({ world, state }) {
        const sts = assumeRoleRecords(world).at(-1);
        const eksAuth = eksAuthRecords(world).at(-1);
        return {
          action: 'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRole',
          outcome: 'info',
          summary: `${sts?.errorCode ?? 'no error'}: ${sts?.errorMessage ?? ''}`,
          panels: [{ kind: 'cloudtrail', title: 'CloudTrail', records: [sts, eksAuth].filter((r) => r !== undefined) }],
          checks: [
            check('AssumeRole error', 'AccessDenied', sts?.errorCode),
            check(
              'AssumeRole message',
              `User: pods.eks.amazonaws.com is not authorized to perform: sts:TagSession on resource: ${state.roleArn}`,
              sts?.errorMessage,
            ),
            check('AssumeRoleForPodIdentity error', 'AccessDeniedException', eksAuth?.errorCode),
          ],
        };
      },
    },
    {
      id: 'fix-trust',
      title: 'Add sts:TagSession to the trust policy',
      kind: 'fix',
      narration:
        "The user guide's trust policy allows both actions. The running pod needs nothing new: its next fetch goes through, and the session carries the six tags.",
      async run({ world, state }) {
        const trust = podIdentityTrustPolicy();
        world.iam.updateAssumeRolePolicy(world.accountId, ROLE, trust);
        const got = await resolveThroughChain(world, NS, 'writer', 'botocore');
        const tags = got.result.ok
          ? (world.iam.lookupAccessKey(got.result.credentials.accessKeyId)?.sessionTags ?? [])
          : [];
        return heldRoleResult(
          got,
          { role: state.roleArn, source: 'container-role' },
          {
            action: `aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust.json; boto3 in ledger/writer`,
            summary: `ledger/writer holds ${got.roleArn ?? 'nothing'} with ${tags.length} session tags.`,
            panels: [textPanel('trust.json', trust)],
            checksAfter: [check('session tags', '6', String(tags.length))],
          },
        );
      },
    },
    {
      id: 'disable-session-tags',
      title: 'The other way out: an association without session tags',
      narration:
        'A second ServiceAccount, auditor, uses a role still trusted for sts:AssumeRole only, through an association with disableSessionTags. EKS Auth sends no tags, so STS does not ask for sts:TagSession, and the fetch succeeds; the price is that policies can no longer tell namespaces or pods apart by aws:PrincipalTag.',
      async run({ world }) {
        const roleArn = world.iam.createRole(world.accountId, {
          RoleName: 'ledger-auditor',
          AssumeRolePolicyDocument: withoutTagSession(),
        }).Arn;
        const association = associatePodIdentity(world, {
          namespace: NS,
          serviceAccount: 'auditor',
          roleArn,
          disableSessionTags: true,
        });
        await world.apply(pod(world, 'auditor', 'auditor', false), 'auditor.yaml');
        const got = await resolveThroughChain(world, NS, 'auditor', 'botocore');
        const tags = got.result.ok
          ? (world.iam.lookupAccessKey(got.result.credentials.accessKeyId)?.sessionTags ?? [])
          : [];
        return {
          action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account auditor --role-arn ${roleArn} --disable-session-tags; kubectl apply -f auditor.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `ledger/auditor holds ${got.roleArn ?? 'nothing'} with ${tags.length} session tags.`,
          panels: [associationPanel(association), ...got.panels],
          decision: got.decision,
          checks: [check('role obtained', roleArn, got.roleArn), check('session tags', '0', String(tags.length))],
        };
      },
    },
  ],
};

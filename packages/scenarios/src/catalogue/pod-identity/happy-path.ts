/**
 * pod-identity-happy-path: the EKS user guide's Pod Identity set-up (the
 * node role may call EKS Auth, a role trusting pods.eks.amazonaws.com, the
 * association), then a pod: the webhook's container credentials, the SDK at
 * the node's agent, the agent at EKS Auth, EKS Auth at STS with the six
 * session tags, both CloudTrail records, and an S3 read scoped by a tag.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */

import {
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_ROLE_ARN,
  POD_IDENTITY_AUDIENCE,
  POD_IDENTITY_CREDENTIALS_URI,
  POD_IDENTITY_TOKEN_PATH,
  ROLE_ARN_ANNOTATION,
} from '@irsa-lab/core';
import type { ChainCredentials } from '@irsa-lab/ec2-node';
import {
  allowPodIdentityAgent,
  associatePodIdentity,
  createPodIdentityRole,
  POD_IDENTITY_AGENT_POLICY,
  type World,
} from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { s3GetObject } from '../../panels/s3-call.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import {
  agentPanel,
  associationPanel,
  assumeRoleRecords,
  countParameter,
  eksAuthRecords,
  podIdentityTokenPanel,
  podIdentityWorld,
  readOwnPrefixPolicy,
  readPodIdentityToken,
  resolveThroughChain,
} from '../kit/pod-identity.js';
import { envLines, podEnv, textPanel } from '../kit/text-panels.js';
import { inspect } from '../kit/tokens.js';
import { IMDS_LOCKED_DOWN, NODE_ROLE, nodeName, podView } from '../kit/worlds.js';

const NS = 'payments';
const SA = 'billing';
const POD = 'billing-api';
const BUCKET = 'team-reports';
const KEY = `${NS}/2026-01.csv`;

const READ_OWN_PREFIX = readOwnPrefixPolicy(BUCKET);

/** What the steps share: the role, and the credentials the workload got. */
type State = { roleArn: string; credentials?: ChainCredentials };

export const podIdentityHappyPath: ScenarioDef<World, State> = {
  id: 'pod-identity-happy-path',
  title: 'Pod Identity happy path: the agent, EKS Auth and six session tags',
  group: 'pod-identity',
  goal: 'Set up EKS Pod Identity step by step and follow one credential fetch from the pod through the node agent and EKS Auth to STS',
  lesson:
    "With Pod Identity the pod never calls STS: its SDK asks the node's agent at 169.254.170.23 with a token for pods.eks.amazonaws.com, the agent asks EKS Auth with the node role, and EKS Auth assumes the association's role with six session tags naming the cluster, namespace, service account and pod. CloudTrail shows both calls.",
  sources: [
    {
      label: 'EKS user guide, EKS Pod Identity',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
    },
    { label: 'Reference: Pod Identity associations', href: 'docs/reference.md#pod-identity-associations' },
    { label: 'Reference: the Pod Identity webhook', href: 'docs/reference.md#pod-identity-webhook' },
    { label: 'Reference: the Pod Identity agent', href: 'docs/reference.md#pod-identity-agent' },
    { label: 'Reference: EKS Auth', href: 'docs/reference.md#eks-auth-assumeroleforpodidentity' },
    { label: 'Reference: trust and session tags', href: 'docs/reference.md#pod-identity-trust-and-session-tags' },
    {
      label: 'EKS user guide, ABAC with Pod Identity session tags',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html',
    },
  ],
  simplifications: [
    'Every node of the world runs the agent (the eks-pod-identity-agent add-on); installing the add-on is not a step.',
    'The association takes effect at once; real EKS says it may take several seconds.',
    "The agent's cache follows its code (renew after at most 3 hours), not the user guide's 6 hours.",
  ],
  async setup(seed) {
    // IMDS locked down: nothing here may work through the node role by accident
    const world = await podIdentityWorld(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      oidcProvider: false,
      agentAllowed: false,
    });
    world.s3.createBucket(world.accountId, BUCKET);
    world.s3.putObjectDirect(BUCKET, KEY, 'invoice,customer,amount\nINV-1001,acme,1200.00\n');
    world.s3.putObjectDirect(BUCKET, 'marketing/plan.txt', 'not for payments\n');
    return world;
  },
  steps: [
    {
      id: 'agent-permission',
      title: 'Let the node role call EKS Auth',
      narration:
        "The EKS Pod Identity agent runs on every node as a hostNetwork DaemonSet listening on 169.254.170.23:80. It calls EKS Auth with the node's own credentials (its instance role), which need eks-auth:AssumeRoleForPodIdentity; AmazonEKSWorkerNodePolicy grants it.",
      async run({ world }) {
        allowPodIdentityAgent(world);
        const role = world.iam.getRole(world.accountId, NODE_ROLE);
        const names = role.inlinePolicies.map((p) => p.PolicyName);
        return {
          action: `aws iam put-role-policy --role-name ${NODE_ROLE} --policy-name eks-pod-identity-agent --policy-document file://agent.json`,
          outcome: 'info',
          summary: `${NODE_ROLE} may call eks-auth:AssumeRoleForPodIdentity; the agent listens on every node.`,
          panels: [textPanel('agent.json', JSON.stringify(JSON.parse(POD_IDENTITY_AGENT_POLICY), null, 2))],
          checks: [
            check('agent policy on the node role', 'yes', names.includes('eks-pod-identity-agent') ? 'yes' : 'no'),
            check(
              'agent running on the node',
              'yes',
              world.nodes.get(nodeName(world))?.node.podIdentityAgent ? 'yes' : 'no',
            ),
          ],
        };
      },
    },
    {
      id: 'create-role',
      title: 'Create the role: trust pods.eks.amazonaws.com',
      narration:
        'The role trusts the service principal pods.eks.amazonaws.com, not an OIDC provider: no issuer URL, no sub condition. It allows sts:AssumeRole and sts:TagSession, because EKS Auth tags every session. The permission policy uses one of those tags: each namespace may read its own prefix of the bucket.',
      async run({ world, state }) {
        state.roleArn = createPodIdentityRole(world, {
          roleName: 'team-reader',
          policies: { 'read-own-prefix': READ_OWN_PREFIX },
        });
        const trust = world.iam.getRole(world.accountId, 'team-reader').AssumeRolePolicyDocument;
        const actions = (JSON.parse(trust) as { Statement: { Action: string[] }[] }).Statement[0]?.Action ?? [];
        return {
          action:
            'aws iam create-role --role-name team-reader --assume-role-policy-document file://trust.json && aws iam put-role-policy --role-name team-reader --policy-name read-own-prefix --policy-document file://read.json',
          outcome: 'info',
          summary: `Role ${state.roleArn} trusts ${POD_IDENTITY_AUDIENCE}.`,
          panels: [textPanel('trust.json', trust), textPanel('read.json', READ_OWN_PREFIX)],
          checks: [check('trusted actions', 'sts:AssumeRole, sts:TagSession', actions.join(', '))],
        };
      },
    },
    {
      id: 'associate',
      title: 'Associate the role with the ServiceAccount',
      narration:
        'The association lives in the EKS API, not in Kubernetes: there is no annotation on the ServiceAccount, and the ServiceAccount need not exist yet. One role per ServiceAccount per cluster; the role must be in the cluster’s account.',
      async run({ world, state }) {
        const association = associatePodIdentity(world, { namespace: NS, serviceAccount: SA, roleArn: state.roleArn });
        return {
          action: `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${NS} --service-account ${SA} --role-arn ${state.roleArn}`,
          outcome: 'info',
          summary: `Created ${association.associationId} (${association.associationArn}).`,
          panels: [associationPanel(association)],
          checks: [
            check(
              'association id',
              'a- and 17 characters',
              /^a-[a-z0-9]{17}$/.test(association.associationId) ? 'a- and 17 characters' : association.associationId,
            ),
            check(
              'associations of payments/billing',
              '1',
              String(world.eks.associations().filter((a) => a.namespace === NS && a.serviceAccount === SA).length),
            ),
          ],
        };
      },
    },
    {
      id: 'create-pod',
      title: 'Create the pod: the webhook gives it container credentials',
      narration:
        'At pod creation the pod identity webhook sees the association and injects AWS_CONTAINER_CREDENTIALS_FULL_URI (the agent) and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, with a projected token whose audience is pods.eks.amazonaws.com. No AWS_ROLE_ARN: the role is not in the pod at all.',
      async run({ world }) {
        const yaml = podYaml({
          namespace: NS,
          pod: POD,
          serviceAccount: SA,
          image: NODE_IMAGE,
          withNamespace: true,
          withServiceAccount: true,
          nodeName: nodeName(world),
        });
        await world.apply(yaml, 'billing-api.yaml');
        const env = podEnv(world, NS, POD);
        const sa = world.api.get('ServiceAccount', NS, SA).metadata.annotations?.[ROLE_ARN_ANNOTATION];
        const token = readPodIdentityToken(world, NS, POD);
        return {
          action: 'kubectl apply -f billing-api.yaml',
          outcome: 'info',
          summary: `The webhook injected ${Object.keys(env).join(', ')} and the eks-pod-identity-token volume.`,
          panels: [textPanel('Injected environment', envLines(env)), podIdentityTokenPanel(world, NS, POD)],
          checks: [
            check(
              AWS_CONTAINER_CREDENTIALS_FULL_URI,
              POD_IDENTITY_CREDENTIALS_URI,
              env[AWS_CONTAINER_CREDENTIALS_FULL_URI],
            ),
            check(
              AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
              POD_IDENTITY_TOKEN_PATH,
              env[AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE],
            ),
            check('token audience', POD_IDENTITY_AUDIENCE, token ? String(inspect(token).claims.aud) : undefined),
            check('AWS_ROLE_ARN in the pod', 'no', env[AWS_ROLE_ARN] ? 'yes' : 'no'),
            check('role-arn annotation on the ServiceAccount', 'none', sa ?? 'none'),
          ],
        };
      },
    },
    {
      id: 'sdk-chain',
      title: "The workload's SDK asks the agent",
      narration:
        "The SDK chain finds no IRSA variables and reaches the container credentials provider: it reads the token file and GETs the agent with the token as Authorization. The agent checks the Host and the token's shape, then calls EKS Auth signed with the node role. EKS Auth verifies the token against the cluster issuer's keys, finds the association and asks STS to assume the role with the six tags.",
      async run({ world, state }) {
        const got = await resolveThroughChain(world, NS, POD);
        if (got.result.ok) state.credentials = got.result.credentials;
        return {
          action: `SDK default chain in ${NS}/${POD} (fromHttp → GET ${POD_IDENTITY_CREDENTIALS_URI})`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `The pod holds ${got.roleArn} from ${got.result.credentials.source}.`
            : `No credentials: ${got.result.error.message}`,
          panels: [agentPanel(world, NS, POD), ...got.panels],
          decision: got.decision,
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check(
              'credential source',
              'fromHttp',
              got.result.ok ? got.result.credentials.source : got.result.error.code,
            ),
          ],
        };
      },
    },
    {
      id: 'session-tags',
      title: 'Two CloudTrail records, and the session tags',
      narration:
        "CloudTrail holds two records for the fetch: AssumeRole by the AWS service pods.eks.amazonaws.com with the six transitive session tags, then AssumeRoleForPodIdentity by the node role's session (token hidden). Unlike IRSA's record, these name the pod.",
      async run({ world, state }) {
        const sts = assumeRoleRecords(world).at(-1);
        const eksAuth = eksAuthRecords(world).at(-1);
        const session = state.credentials ? world.iam.lookupAccessKey(state.credentials.accessKeyId) : undefined;
        const tags = Object.fromEntries((session?.sessionTags ?? []).map((t) => [t.Key, t.Value]));
        const uid = world.api.get('Pod', NS, POD).metadata.uid;
        return {
          action:
            'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleForPodIdentity (and AssumeRole)',
          outcome: 'info',
          summary: `AssumeRole by ${sts?.userIdentity.invokedBy ?? '?'} with ${countParameter(sts, 'tags')} tags; AssumeRoleForPodIdentity by ${eksAuth?.userIdentity.arn ?? '?'}.`,
          panels: [
            { kind: 'cloudtrail', title: 'CloudTrail', records: [sts, eksAuth].filter((r) => r !== undefined) },
            textPanel(
              'Session tags of the workload’s session',
              Object.entries(tags).map(([k, v]) => `${k}=${v}`),
            ),
          ],
          checks: [
            check('AssumeRole invoked by', POD_IDENTITY_AUDIENCE, sts?.userIdentity.invokedBy),
            check(
              'EKS Auth caller is the node role',
              'yes',
              eksAuth?.userIdentity.arn?.includes(`:assumed-role/${NODE_ROLE}/`) ? 'yes' : 'no',
            ),
            check('kubernetes-namespace tag', NS, tags['kubernetes-namespace']),
            check('kubernetes-pod-uid tag', uid ?? '', tags['kubernetes-pod-uid']),
            check('transitive tag keys', '6', String(countParameter(sts, 'transitiveTagKeys'))),
          ],
        };
      },
    },
    {
      id: 'read-s3',
      title: 'Read its own prefix, and only that',
      narration:
        "The workload signs S3 calls with the session. The permission policy's ${aws:PrincipalTag/kubernetes-namespace} becomes payments: payments/2026-01.csv is allowed, marketing/plan.txt is not, with the same role.",
      async run({ world, state }) {
        const { credentials } = state;
        if (!credentials) throw new Error('the workload holds no credentials: the previous steps did not get any');
        const view = podView(world, NS, POD);
        const own = await s3GetObject(world, view, credentials, BUCKET, KEY);
        const other = await s3GetObject(world, view, credentials, BUCKET, 'marketing/plan.txt');
        return {
          action: `aws s3 cp s3://${BUCKET}/${KEY} - && aws s3 cp s3://${BUCKET}/marketing/plan.txt -`,
          outcome: own.status === 200 ? 'allowed' : 'denied',
          summary: `${KEY}: ${own.status}; marketing/plan.txt: ${other.status} ${other.errorCode ?? ''}`.trim(),
          panels: [textPanel(`s3://${BUCKET}/${KEY}`, own.body)],
          decision: {
            title: 'S3 GetObject of two prefixes with one session',
            allowed: own.status === 200,
            lines: [
              { depth: 0, text: `GetObject ${KEY}: ${own.status}`, ok: own.status === 200 },
              ...(own.decision?.lines ?? []).map((l) => ({ ...l, depth: l.depth + 1 })),
              { depth: 0, text: `GetObject marketing/plan.txt: ${other.status}`, ok: other.status === 200 },
              ...(other.decision?.lines ?? []).map((l) => ({ ...l, depth: l.depth + 1 })),
            ],
          },
          checks: [
            check('own prefix', '200', String(own.status)),
            check('other namespace’s prefix', '403 AccessDenied', `${other.status} ${other.errorCode ?? ''}`.trim()),
          ],
        };
      },
    },
  ],
};

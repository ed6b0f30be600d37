/**
 * pod-identity-abac: one role for many namespaces. Every team's
 * ServiceAccount is associated with the same role, whose permission policy
 * names `${aws:PrincipalTag/kubernetes-namespace}` in the resource: each pod
 * reads its own prefix and no other. An association with session tags
 * disabled leaves the variable without a value, and the pod reads nothing.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */

import type { ChainCredentials } from '@irsa-lab/ec2-node';
import { associatePodIdentity, createPodIdentityRole, type World } from '@irsa-lab/world';
import type { DecisionTrace, ScenarioDef, TraceLine } from '../../engine/types.js';
import { check } from '../../panels/panels.js';
import { s3GetObject } from '../../panels/s3-call.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { podIdentityWorld, readOwnPrefixPolicy, resolveThroughChain } from '../kit/pod-identity.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, nodeName, podView } from '../kit/worlds.js';

const BUCKET = 'team-reports';
const TEAMS = ['payments', 'marketing', 'web'] as const;
const SA = 'reports';

const READ_OWN_PREFIX = readOwnPrefixPolicy(BUCKET);

const keyOf = (team: string) => `${team}/summary.csv`;

/** What the steps share: the role, and each team pod's credentials. */
type State = { roleArn: string; credentials: Record<string, ChainCredentials> };

/** GetObject of `key` by the pod of `team`, with the credentials it holds. */
async function read(world: World, state: State, team: string, key: string) {
  const credentials = state.credentials[team];
  if (!credentials) throw new Error(`${team}/${SA} holds no credentials: an earlier step did not get any`);
  return s3GetObject(world, podView(world, team, SA), credentials, BUCKET, key);
}

/** The decisions of several reads as one trace, each under its own line. */
function readsDecision(title: string, reads: readonly { label: string; status: number; decision?: DecisionTrace }[]) {
  const lines: TraceLine[] = reads.flatMap((r) => [
    { depth: 0, text: `${r.label}: ${r.status}`, ok: r.status === 200 },
    ...(r.decision?.lines ?? []).map((l) => ({ ...l, depth: l.depth + 1 })),
  ]);
  return { title, allowed: reads.some((r) => r.status === 200), lines };
}

export const podIdentityAbac: ScenarioDef<World, State> = {
  id: 'pod-identity-abac',
  title: 'ABAC: one role, a bucket prefix per namespace',
  group: 'pod-identity',
  goal: 'Share one role between three namespaces and let the kubernetes-namespace session tag keep each to its own S3 prefix',
  lesson:
    'EKS Auth tags every session with the pod’s namespace, ServiceAccount and name, and policies can use them: ${aws:PrincipalTag/kubernetes-namespace} in a Resource gives each namespace its own prefix with a single role. The tags come from EKS, not from the pod, so a pod cannot claim another namespace; with session tags disabled the variable has no value and the statement grants nothing.',
  sources: [
    {
      label: 'EKS user guide, ABAC with Pod Identity session tags',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html',
    },
    { label: 'Reference: trust and session tags', href: 'docs/reference.md#pod-identity-trust-and-session-tags' },
    {
      label: 'IAM user guide, policy variables',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
    },
  ],
  simplifications: ['The three teams share one node and one bucket in the cluster’s account.'],
  async setup(seed) {
    const world = await podIdentityWorld(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      oidcProvider: false,
      agentAllowed: true,
    });
    world.s3.createBucket(world.accountId, BUCKET);
    for (const team of [...TEAMS, 'legacy']) world.s3.putObjectDirect(BUCKET, keyOf(team), `${team} summary\n`);
    return world;
  },
  steps: [
    {
      id: 'one-role',
      title: 'One role, associated three times',
      narration:
        'team-reports trusts pods.eks.amazonaws.com and may read one prefix of the bucket: the one named by the session’s kubernetes-namespace tag. payments/reports, marketing/reports and web/reports are all associated with it.',
      async run({ world, state }) {
        state.roleArn = createPodIdentityRole(world, {
          roleName: 'team-reports',
          policies: { 'read-own-prefix': READ_OWN_PREFIX },
        });
        state.credentials = {};
        for (const team of TEAMS)
          associatePodIdentity(world, { namespace: team, serviceAccount: SA, roleArn: state.roleArn });
        const associations = world.eks.associations().map((a) => `${a.namespace}/${a.serviceAccount} → ${a.roleArn}`);
        return {
          action: TEAMS.map(
            (t) =>
              `aws eks create-pod-identity-association --cluster-name ${world.clusterName} --namespace ${t} --service-account ${SA} --role-arn ${state.roleArn}`,
          ).join('; '),
          outcome: 'info',
          summary: `${associations.length} associations, one role.`,
          panels: [
            textPanel('read-own-prefix.json', READ_OWN_PREFIX),
            textPanel('aws eks list-pod-identity-associations', associations),
          ],
          checks: [check('associations with the role', '3', String(associations.length))],
        };
      },
    },
    {
      id: 'three-pods',
      title: 'Three pods, three sessions of the same role',
      narration:
        'Each team runs a pod as its reports ServiceAccount. Each gets team-reports through the agent, in a session tagged with its own namespace.',
      async run({ world, state }) {
        const tags: string[] = [];
        let decision: DecisionTrace | undefined;
        for (const team of TEAMS) {
          const yaml = podYaml({
            namespace: team,
            pod: SA,
            serviceAccount: SA,
            image: NODE_IMAGE,
            withNamespace: true,
            withServiceAccount: true,
            nodeName: nodeName(world),
          });
          await world.apply(yaml, `${team}-reports.yaml`);
          const got = await resolveThroughChain(world, team, SA);
          decision ??= got.decision;
          if (!got.result.ok || got.roleArn !== state.roleArn) continue;
          state.credentials[team] = got.result.credentials;
          const session = world.iam.lookupAccessKey(got.result.credentials.accessKeyId);
          tags.push(
            `${team}/${SA}: kubernetes-namespace=${session?.sessionTags?.find((t) => t.Key === 'kubernetes-namespace')?.Value ?? '(none)'}`,
          );
        }
        return {
          action: TEAMS.map((t) => `kubectl apply -f ${t}-reports.yaml`).join('; '),
          outcome: tags.length === TEAMS.length ? 'allowed' : 'denied',
          summary: `${tags.length} of ${TEAMS.length} pods hold team-reports.`,
          panels: [textPanel('The namespace tag of each session', tags)],
          decision: decision ?? { title: 'SDK default chains', allowed: false, lines: [] },
          checks: [check('pods holding the role', String(TEAMS.length), String(tags.length))],
        };
      },
    },
    {
      id: 'own-prefix',
      title: 'Each reads its own prefix',
      narration: 'The same statement, three different resources once the variable is filled in from each session.',
      async run({ world, state }) {
        const reads = [];
        for (const team of TEAMS)
          reads.push({ label: `${team}: GetObject ${keyOf(team)}`, ...(await read(world, state, team, keyOf(team))) });
        return {
          action: TEAMS.map((t) => `aws s3 cp s3://${BUCKET}/${keyOf(t)} - (in ${t}/${SA})`).join('; '),
          outcome: reads.every((r) => r.status === 200) ? 'allowed' : 'denied',
          summary: reads.map((r) => `${r.label}: ${r.status}`).join('; '),
          panels: [],
          decision: readsDecision('S3 GetObject of each team’s own prefix', reads),
          checks: [check('own prefixes read', '200, 200, 200', reads.map((r) => String(r.status)).join(', '))],
        };
      },
    },
    {
      id: 'other-prefix',
      title: '…and no other',
      narration:
        'payments tries marketing’s summary, marketing tries web’s, web tries payments’. Same role, same policy: the variable is payments, marketing or web, and no pod can change it.',
      async run({ world, state }) {
        const reads = [];
        for (const [i, team] of TEAMS.entries()) {
          const other = TEAMS[(i + 1) % TEAMS.length] as string;
          reads.push({
            label: `${team}: GetObject ${keyOf(other)}`,
            ...(await read(world, state, team, keyOf(other))),
          });
        }
        return {
          action: 'aws s3 cp s3://team-reports/<another team>/summary.csv - (in each pod)',
          outcome: reads.some((r) => r.status === 200) ? 'allowed' : 'denied',
          summary: reads.map((r) => `${r.label}: ${r.status} ${r.errorCode ?? ''}`.trim()).join('; '),
          panels: [],
          decision: readsDecision('S3 GetObject of another team’s prefix', reads),
          checks: [check('other prefixes', '403, 403, 403', reads.map((r) => String(r.status)).join(', '))],
        };
      },
    },
    {
      id: 'tags-disabled',
      title: 'An association with session tags disabled reads nothing',
      kind: 'break',
      narration:
        'The legacy team is associated with the same role but with disableSessionTags (to avoid PackedPolicyTooLarge, say). Its session has no kubernetes-namespace tag, the variable has no value, and the statement does not apply: not even legacy/ is readable.',
      async run({ world, state }) {
        associatePodIdentity(world, {
          namespace: 'legacy',
          serviceAccount: SA,
          roleArn: state.roleArn,
          disableSessionTags: true,
        });
        const yaml = podYaml({
          namespace: 'legacy',
          pod: SA,
          serviceAccount: SA,
          image: NODE_IMAGE,
          withNamespace: true,
          withServiceAccount: true,
          nodeName: nodeName(world),
        });
        await world.apply(yaml, 'legacy-reports.yaml');
        const got = await resolveThroughChain(world, 'legacy', SA);
        if (!got.result.ok) throw new Error(`legacy/${SA} got no credentials: ${got.result.error.message}`);
        state.credentials.legacy = got.result.credentials;
        const own = await read(world, state, 'legacy', keyOf('legacy'));
        const tags = world.iam.lookupAccessKey(got.result.credentials.accessKeyId)?.sessionTags ?? [];
        return {
          action: `aws eks create-pod-identity-association ... --namespace legacy --service-account ${SA} --role-arn ${state.roleArn} --disable-session-tags; aws s3 cp s3://${BUCKET}/${keyOf('legacy')} -`,
          outcome: own.status === 200 ? 'allowed' : 'denied',
          summary:
            `legacy/${SA} holds ${got.roleArn ?? 'nothing'} with ${tags.length} session tags; GetObject ${keyOf('legacy')}: ${own.status} ${own.errorCode ?? ''}`.trim(),
          panels: got.panels,
          decision: readsDecision('S3 GetObject without session tags', [
            { label: `legacy: GetObject ${keyOf('legacy')}`, ...own },
          ]),
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check('session tags', '0', String(tags.length)),
            check('own prefix', '403', String(own.status)),
          ],
        };
      },
    },
  ],
};

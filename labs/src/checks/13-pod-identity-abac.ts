/**
 * Lab 13: ABAC with Pod Identity session tags. One role, team-reports, is
 * associated with the reports ServiceAccount of three namespaces; the
 * learner writes its permission policy. Each pod gets the role through the
 * agent (EKS Auth tags its session with kubernetes-namespace), then makes
 * real SigV4-signed reads of every team's prefix: its own must answer 200,
 * the other two 403 AccessDenied. A wrong verdict names the pod, the key
 * and the statement of the learner's file behind it, at its line.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */

import { isSimError } from '@irsa-lab/core';
import type { ChainCredentials } from '@irsa-lab/ec2-node';
import { s3GetObject } from '@irsa-lab/scenarios';
import { associatePodIdentity, createPodIdentityRole, type World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import { type PolicyFile, readPolicyFile } from '../learner/policy-file.js';
import type { Steps } from '../report.js';
import { allowLines, denialLines } from '../sim/explain.js';
import { CLUSTER_ACCOUNT, workloadYaml } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { fetchInPod, fetchLine, podIdentityWorkshop } from './pod-identity-probe.js';

const FILE = 'team-reports-policy.json';
const ROLE = 'team-reports';
const BUCKET = 'team-reports';
const SA = 'reports';
const TEAMS = ['payments', 'marketing', 'web'] as const;
const VARIABLE = '${aws:PrincipalTag/kubernetes-namespace}';

const keyOf = (team: string) => `${team}/summary.csv`;
const objectArn = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;

/** The role (trusted by Pod Identity) with the learner's policy. @throws LabInputError for what IAM rejects. */
function createRole(world: World, policy: PolicyFile): string {
  const roleArn = createPodIdentityRole(world, { roleName: ROLE });
  try {
    world.iam.putRolePolicy(CLUSTER_ACCOUNT, ROLE, 'read-own-prefix', policy.text);
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw new LabInputError('SCHEMA', { file: FILE }, `IAM rejected the policy: ${err.message}`);
  }
  return roleArn;
}

/** The bucket, one summary per team; the three associations and pods. */
async function setUp(world: World, roleArn: string): Promise<void> {
  world.s3.createBucket(CLUSTER_ACCOUNT, BUCKET);
  for (const team of TEAMS) {
    world.s3.putObjectDirect(BUCKET, keyOf(team), `${team} summary\n`);
    associatePodIdentity(world, { namespace: team, serviceAccount: SA, roleArn });
    await world.apply(workloadYaml({ namespace: team, serviceAccount: SA, pod: SA }), `${team}-reports.yaml`);
  }
}

/** The pod's credentials for the role, or a failed step saying what it got instead. */
async function credentialsOf(world: World, team: string, roleArn: string, steps: Steps) {
  const got = await fetchInPod(world, team, SA);
  const title = `${team}/${SA} gets ${ROLE} through the Pod Identity agent`;
  if (!got.result.ok || got.roleArn !== roleArn) {
    steps.fail(title, fetchLine(got), ...(got.eksAuthError ? [`EKS Auth answered ${got.eksAuthError}`] : []));
    return undefined;
  }
  const session = world.iam.lookupAccessKey(got.result.credentials.accessKeyId);
  const tag = session?.sessionTags?.find((t) => t.Key === 'kubernetes-namespace')?.Value ?? '(none)';
  steps.ok(title, `${fetchLine(got)}; its session's kubernetes-namespace tag is ${tag}`);
  return got.result.credentials;
}

/** Why a read went the wrong way, at the lines of the learner's file, and what to use instead. */
function explain(world: World, policy: PolicyFile, team: string, key: string, expected: boolean): string[] {
  const identity = world.s3.lastDecision()?.identity;
  const request = { action: 's3:GetObject', resource: objectArn(key) };
  const lines = identity ? (expected ? denialLines : allowLines)(identity, policy, request) : [];
  if (!policy.text.includes(VARIABLE)) {
    lines.push(
      `the policy is the same for every session of ${ROLE}; EKS Auth tags the session of ${team}/${SA} with kubernetes-namespace=${team}, and ${VARIABLE} in the Resource turns that tag into the session's own prefix`,
    );
  }
  return lines;
}

/** Each team's pod reads every team's summary: its own answers 200, the others 403 AccessDenied. */
async function readAll(
  world: World,
  policy: PolicyFile,
  credentials: Readonly<Record<string, ChainCredentials>>,
  steps: Steps,
): Promise<void> {
  for (const team of TEAMS) {
    const creds = credentials[team];
    if (!creds) continue;
    const view = world.nodeOf(team, SA).podView(team, SA);
    for (const owner of TEAMS) {
      const own = owner === team;
      const key = keyOf(owner);
      const read = await s3GetObject(world, view, creds, BUCKET, key);
      const seen = `aws s3 cp s3://${BUCKET}/${key} - → ${read.status} ${read.errorCode ?? 'OK'}`;
      const title = own
        ? `${team}/${SA} reads its own ${key}`
        : `${team}/${SA} is refused ${key} (the ${owner} prefix)`;
      if ((read.status === 200) === own) steps.ok(title, seen);
      else
        steps.fail(
          title,
          `${team}/${SA} read ${key}: ${seen}; expected ${own ? '200' : '403 AccessDenied'}`,
          ...explain(world, policy, team, key, own),
        );
    }
  }
}

export const checkPodIdentityAbac: LabCheck = async (files, steps) => {
  const policy = readPolicyFile(files, FILE, 'identity');
  const world = await podIdentityWorkshop();
  const roleArn = createRole(world, policy);
  steps.ok(`${FILE} is a valid permission policy`, `aws iam put-role-policy --role-name ${ROLE} → accepted`);
  await setUp(world, roleArn);
  steps.ok(
    `${ROLE} is associated with ${TEAMS.map((t) => `${t}/${SA}`).join(', ')}`,
    `EKS accepted ${ROLE} ${TEAMS.length} times; a pod runs as each ServiceAccount`,
  );
  const credentials: Record<string, ChainCredentials> = {};
  for (const team of TEAMS) {
    const creds = await credentialsOf(world, team, roleArn, steps);
    if (creds) credentials[team] = creds;
  }
  await readAll(world, policy, credentials, steps);
};

/**
 * Lab 4: a least-privilege permission policy for billing-reader. The pod
 * gets the role through IRSA, then makes real SigV4-signed S3 reads; the
 * writes it must not be able to make are put to S3's own authorizer. Every
 * verdict that is wrong names the statement of the learner's file behind it.
 */

import { isSimError } from '@irsa-lab/core';
import { authorizeS3, objectArn, type S3Authorization } from '@irsa-lab/iam';
import { resolveInPod, s3GetObject } from '@irsa-lab/scenarios';
import type { World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import { type PolicyFile, readPolicyFile } from '../learner/policy-file.js';
import type { Steps } from '../report.js';
import { allowLines, denialLines } from '../sim/explain.js';
import { viewOf } from '../sim/pods.js';
import { CLUSTER_ACCOUNT, irsaRole, workloadYaml, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';

const FILE = 'billing-reader-policy.json';
const ROLE = 'billing-reader';

interface Probe {
  readonly action: 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';
  readonly bucket: string;
  readonly key: string;
  readonly allowed: boolean;
  readonly why: string;
}

const PROBES: readonly Probe[] = [
  {
    action: 's3:GetObject',
    bucket: 'billing-reports',
    key: 'reports/2026-01.csv',
    allowed: true,
    why: 'the app reads monthly reports',
  },
  {
    action: 's3:GetObject',
    bucket: 'billing-reports',
    key: 'payroll/2026-01.csv',
    allowed: false,
    why: 'payroll is not for the billing app',
  },
  { action: 's3:GetObject', bucket: 'hr-exports', key: 'people.csv', allowed: false, why: "another team's bucket" },
  {
    action: 's3:PutObject',
    bucket: 'billing-reports',
    key: 'reports/2026-02.csv',
    allowed: false,
    why: 'the app never writes',
  },
  {
    action: 's3:DeleteObject',
    bucket: 'billing-reports',
    key: 'reports/2026-01.csv',
    allowed: false,
    why: 'the app never deletes',
  },
];

function setUpBuckets(world: World): void {
  world.s3.createBucket(CLUSTER_ACCOUNT, 'billing-reports');
  world.s3.putObjectDirect('billing-reports', 'reports/2026-01.csv', 'month,total\n2026-01,4200\n');
  world.s3.putObjectDirect('billing-reports', 'payroll/2026-01.csv', 'name,salary\n');
  world.s3.createBucket(CLUSTER_ACCOUNT, 'hr-exports');
  world.s3.putObjectDirect('hr-exports', 'people.csv', 'name,team\n');
}

function putPolicy(world: World, policy: PolicyFile): void {
  try {
    world.iam.putRolePolicy(CLUSTER_ACCOUNT, ROLE, 'billing-reports-read', policy.text);
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw new LabInputError('SCHEMA', { file: policy.file }, `IAM rejected the policy: ${err.message}`);
  }
}

/** What S3 would decide for a write, by the same authorizer S3 runs for requests. */
function authorizeWrite(world: World, accessKeyId: string, probe: Probe): S3Authorization {
  const session = world.iam.lookupAccessKey(accessKeyId);
  return authorizeS3({
    ...(session ? { session } : {}),
    identityPolicies: world.iam.getRole(CLUSTER_ACCOUNT, ROLE).inlinePolicies.map((p) => p.policy),
    bucketOwner: CLUSTER_ACCOUNT,
    action: probe.action,
    resource: objectArn(probe.bucket, probe.key),
    context: {},
  });
}

function record(
  probe: Probe,
  authz: S3Authorization | undefined,
  policy: PolicyFile,
  seen: string,
  steps: Steps,
): void {
  const resource = objectArn(probe.bucket, probe.key);
  const allowed = authz?.decision === 'Allow';
  const title = `${probe.action} ${probe.bucket}/${probe.key} is ${probe.allowed ? 'allowed' : 'denied'} (${probe.why})`;
  if (allowed === probe.allowed) {
    steps.ok(title, seen);
    return;
  }
  const identity = authz?.identity;
  const lines = !identity
    ? [authz?.reason ?? 'no decision was made']
    : allowed
      ? allowLines(identity, policy, { action: probe.action, resource })
      : denialLines(identity, policy, { action: probe.action, resource });
  steps.fail(title, `${seen}; expected ${probe.allowed ? 'Allow' : 'AccessDenied'}`, ...lines);
}

export const checkLeastPrivilegeS3: LabCheck = async (files, steps) => {
  const policy = readPolicyFile(files, FILE, 'identity');
  const world = await workshopWorld();
  setUpBuckets(world);
  const roleArn = irsaRole(world, ROLE, 'payments', 'billing');
  putPolicy(world, policy);
  steps.ok(`${FILE} is a valid permission policy`, `aws iam put-role-policy --role-name ${ROLE} → accepted`);
  await world.apply(
    workloadYaml({ namespace: 'payments', serviceAccount: 'billing', pod: 'billing-api', roleArn }),
    'billing.yaml',
  );
  const got = await resolveInPod(world, 'payments', 'billing-api');
  const view = viewOf(world, 'payments', 'billing-api');
  if (!got.result.ok || got.roleArn !== roleArn || !view) {
    steps.fail(
      'payments/billing-api gets billing-reader credentials',
      got.result.ok ? `got ${got.roleArn}` : got.result.error.message,
    );
    return;
  }
  const creds = got.result.credentials;
  for (const probe of PROBES) {
    if (probe.action === 's3:GetObject') {
      const read = await s3GetObject(world, view, creds, probe.bucket, probe.key);
      record(
        probe,
        world.s3.lastDecision(),
        policy,
        `aws s3 cp s3://${probe.bucket}/${probe.key} - → ${read.status} ${read.errorCode ?? 'OK'}`,
        steps,
      );
    } else {
      const authz = authorizeWrite(world, creds.accessKeyId, probe);
      record(probe, authz, policy, `S3's authorizer decides ${authz.decision}`, steps);
    }
  }
};

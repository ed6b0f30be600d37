/**
 * Trust-policy labs (2 and 6) share one probe: a role created with the
 * learner's trust policy, then pods of several ServiceAccounts try to
 * assume it with their SDK chain. The legitimate one must get it, every
 * other one must be denied; each verdict is explained from STS's
 * evaluation of the learner's file.
 */

import { isSimError } from '@irsa-lab/core';
import { resolveInPod } from '@irsa-lab/scenarios';
import type { World } from '@irsa-lab/world';
import type { PolicyFile } from '../learner/policy-file.js';
import type { Steps } from '../report.js';
import { allowLines, denialLines, failedStep, lastStsCall, stepLine } from '../sim/explain.js';
import { CLUSTER_ACCOUNT, providerArnIn, workloadYaml } from '../sim/workshop-world.js';
import { trustRejection } from './trust-rejection.js';

/** A pod that tries the role. */
export interface Caller {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pod: string;
  /** Why it is there (for the step title): `the billing app`, `an attacker`. */
  readonly who: string;
  /** Whether it should get the role. */
  readonly allowed: boolean;
}

/** Create `roleName` with the learner's trust policy. @throws LabInputError for what IAM rejects. */
export function createRoleWithTrust(world: World, roleName: string, trust: PolicyFile): string {
  try {
    return world.iam.createRole(CLUSTER_ACCOUNT, { RoleName: roleName, AssumeRolePolicyDocument: trust.text }).Arn;
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw trustRejection(world, err, trust, {
      accountId: CLUSTER_ACCOUNT,
      arn: providerArnIn(CLUSTER_ACCOUNT),
      what: "the cluster's OIDC provider",
    });
  }
}

/** Start every caller's pod (namespaces created once), each annotated with `roleArn`. */
export async function startCallers(world: World, callers: readonly Caller[], roleArn: string): Promise<void> {
  const namespaces = new Set<string>();
  for (const c of callers) {
    const yaml = workloadYaml({ ...c, roleArn, withNamespace: !namespaces.has(c.namespace) });
    namespaces.add(c.namespace);
    await world.apply(yaml, `${c.pod}.yaml`);
  }
}

/** Run each caller's chain against the role; one step per caller. */
export async function probeCallers(
  world: World,
  callers: readonly Caller[],
  roleArn: string,
  trust: PolicyFile,
  steps: Steps,
): Promise<void> {
  const principal = providerArnIn(CLUSTER_ACCOUNT);
  for (const c of callers) {
    const sub = `system:serviceaccount:${c.namespace}:${c.serviceAccount}`;
    const before = world.log.lastSeq;
    const got = await resolveInPod(world, c.namespace, c.pod);
    const assumed = got.result.ok && got.roleArn === roleArn;
    const step = failedStep(lastStsCall(world, before));
    const evaluation = lastStsCall(world, before)?.trace.find((s) => s.step === 'evaluate-trust-policy')?.evaluation;
    const title = `${c.who} ${c.namespace}/${c.pod} (sub ${sub}) ${c.allowed ? 'assumes' : 'is denied'} the role`;
    if (assumed === c.allowed) {
      steps.ok(title, assumed ? `allowed: ${evaluation?.reason ?? ''}` : `denied by STS: ${step?.detail ?? 'no call'}`);
      continue;
    }
    if (assumed) {
      steps.fail(
        title,
        `it got ${roleArn}; expected AccessDenied`,
        ...(evaluation ? allowLines(evaluation, trust) : []),
      );
      continue;
    }
    const error = got.result.ok
      ? `it got ${got.roleArn ?? 'other credentials'}`
      : `${got.result.error.code}: ${got.result.error.message}`;
    const why =
      step?.step === 'evaluate-trust-policy' && step.evaluation
        ? denialLines(step.evaluation, trust, { principal, action: 'sts:AssumeRoleWithWebIdentity' })
        : step
          ? [stepLine(step)]
          : [];
    steps.fail(title, `STS denied it: ${error}`, ...why);
  }
}

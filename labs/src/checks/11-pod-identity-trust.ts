/**
 * Lab 11: the trust policy of a Pod Identity role. EKS Auth assumes the
 * association's role with six session tags, so the trust must allow
 * sts:TagSession as well as sts:AssumeRole; its aws:RequestTag conditions
 * keep the role to ledger/writer even when someone associates it with
 * another ServiceAccount. Each verdict is explained from STS's evaluation
 * of the learner's file, at its lines.
 */

import { isSimError } from '@irsa-lab/core';
import { associatePodIdentity, type World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import { type PolicyFile, readPolicyFile } from '../learner/policy-file.js';
import type { Steps } from '../report.js';
import { allowLines, denialLines } from '../sim/explain.js';
import { CLUSTER_ACCOUNT, workloadYaml } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { fetchInPod, fetchLine, podIdentityWorkshop } from './pod-identity-probe.js';

const FILE = 'trust.json';
const ROLE = 'ledger-writer';
const SERVICE = 'pods.eks.amazonaws.com';

interface Caller {
  readonly who: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly allowed: boolean;
}

/** Each one's pod is named after its ServiceAccount; each ServiceAccount is associated with the role. */
const CALLERS: readonly Caller[] = [
  { who: 'the ledger writer', namespace: 'ledger', serviceAccount: 'writer', allowed: true },
  { who: 'another team', namespace: 'web', serviceAccount: 'writer', allowed: false },
  { who: 'the ledger auditor', namespace: 'ledger', serviceAccount: 'auditor', allowed: false },
];

/** Create the role with the learner's trust policy. @throws LabInputError for what IAM rejects. */
function createRole(world: World, trust: PolicyFile): string {
  try {
    return world.iam.createRole(CLUSTER_ACCOUNT, { RoleName: ROLE, AssumeRolePolicyDocument: trust.text }).Arn;
  } catch (err) {
    if (!isSimError(err)) throw err;
    const line = typeof err.detail.line === 'number' ? { line: err.detail.line } : {};
    throw new LabInputError('SCHEMA', { file: FILE, ...line }, `IAM rejected the trust policy: ${err.message}`);
  }
}

/** Associate every caller's ServiceAccount with the role; false (with a failed step) if EKS refuses. */
function associateAll(world: World, roleArn: string, steps: Steps): boolean {
  for (const c of CALLERS) {
    try {
      associatePodIdentity(world, { namespace: c.namespace, serviceAccount: c.serviceAccount, roleArn });
    } catch (err) {
      if (!isSimError(err)) throw err;
      steps.fail(
        `aws eks create-pod-identity-association --namespace ${c.namespace} --service-account ${c.serviceAccount} --role-arn ${roleArn}`,
        `EKS refused it: ${err.message}`,
        `${FILE}: EKS accepts only a role whose trust policy lets the service ${SERVICE} assume it`,
      );
      return false;
    }
  }
  steps.ok(
    'the role is associated with ledger/writer, web/writer and ledger/auditor',
    `EKS accepted ${ROLE} three times`,
  );
  return true;
}

/** Why STS refused the AssumeRole EKS Auth asked for, at the learner's lines. */
function refusalLines(trust: PolicyFile, trace: Awaited<ReturnType<typeof fetchInPod>>['assumeRole']): string[] {
  const step = trace?.find((s) => !s.ok);
  if (!step) return [];
  const action = /\((sts:\w+)\)/.exec(step.step)?.[1] ?? 'sts:AssumeRole';
  const lines = [`STS ${step.step}: ${step.detail}`];
  if (step.evaluation) lines.push(...denialLines(step.evaluation, trust, { principal: SERVICE, action }));
  if (action === 'sts:TagSession')
    lines.push(
      'EKS Auth passes six session tags (eks-cluster-arn, kubernetes-namespace, ...) with every AssumeRole: tagging the session is an action of its own, which the trust policy must allow too',
    );
  return lines;
}

async function probe(world: World, trust: PolicyFile, roleArn: string, c: Caller, steps: Steps): Promise<void> {
  const got = await fetchInPod(world, c.namespace, c.serviceAccount);
  const assumed = got.result.ok && got.roleArn === roleArn;
  const title = `${c.who} ${c.namespace}/${c.serviceAccount} ${c.allowed ? 'gets' : 'is refused'} ${ROLE} through the agent`;
  const evaluation = got.assumeRole?.find((s) => s.step === 'evaluate-trust-policy (sts:AssumeRole)')?.evaluation;
  if (assumed === c.allowed) {
    const detail = assumed
      ? `allowed, with ${got.sessionTags} session tags: ${evaluation?.reason ?? ''}`
      : `refused: EKS Auth answered ${got.eksAuthError ?? '?'}; STS: ${got.assumeRole?.find((s) => !s.ok)?.detail ?? '?'}`;
    steps.ok(title, detail);
    return;
  }
  if (assumed) {
    steps.fail(
      title,
      `it got ${roleArn}; expected STS to refuse it`,
      ...(evaluation ? allowLines(evaluation, trust) : []),
    );
    return;
  }
  steps.fail(
    title,
    fetchLine(got),
    ...(got.eksAuthError ? [`EKS Auth answered ${got.eksAuthError}`] : []),
    ...refusalLines(trust, got.assumeRole),
  );
}

export const checkPodIdentityTrust: LabCheck = async (files, steps) => {
  const trust = readPolicyFile(files, FILE, 'resource');
  const world = await podIdentityWorkshop();
  const roleArn = createRole(world, trust);
  steps.ok(`${FILE} is a valid trust policy`, `aws iam create-role --role-name ${ROLE} → ${roleArn}`);
  if (!associateAll(world, roleArn, steps)) return;
  const namespaces = new Set<string>();
  for (const c of CALLERS) {
    const yaml = workloadYaml({
      namespace: c.namespace,
      serviceAccount: c.serviceAccount,
      pod: c.serviceAccount,
      withNamespace: !namespaces.has(c.namespace),
    });
    namespaces.add(c.namespace);
    await world.apply(yaml, `${c.serviceAccount}.yaml`);
  }
  for (const c of CALLERS) await probe(world, trust, roleArn, c, steps);
};

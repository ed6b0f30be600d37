/**
 * Lab 12: a Pod Identity association on the wrong namespace and
 * ServiceAccount. The learner's association (irsa-lab's world-file kind,
 * the fields of CreatePodIdentityAssociation) is applied, then the billing
 * workload starts: its pod must get billing-reader through the agent. With
 * the association elsewhere the webhook leaves the pod alone and its SDK
 * quietly takes the node role from IMDS; the failure names each field that
 * differs from the pod, at its line.
 */

import { AWS_CONTAINER_CREDENTIALS_FULL_URI, isSimError } from '@irsa-lab/core';
import { applyWorldFile, type World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import { type ParsedDoc, parseYamlDocs } from '../learner/parsed-doc.js';
import { whatIsWrong } from '../sim/pods.js';
import { CLUSTER_ACCOUNT, NODE_ROLE, workloadYaml } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { lineOf } from './manifest-docs.js';
import { fetchInPod, fetchLine, podIdentityWorkshop } from './pod-identity-probe.js';

const FILE = 'association.yaml';
const NS = 'payments';
const SA = 'billing';
const POD = 'billing-api';
const ROLE = 'billing-reader';

/** The role the association is meant to name, trusted by Pod Identity, allowed to read the reports. */
function createRole(world: World): string {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  });
  return world.iam.createRole(CLUSTER_ACCOUNT, { RoleName: ROLE, AssumeRolePolicyDocument: trust }).Arn;
}

/** `kubectl apply`-like application of the learner's file. @throws LabInputError at the line the loader names. */
async function applyAssociation(world: World, text: string): Promise<void> {
  try {
    await applyWorldFile(world, text, FILE);
  } catch (err) {
    if (!isSimError(err)) throw err;
    const line = typeof err.detail.line === 'number' && err.detail.line > 0 ? { line: err.detail.line } : {};
    throw new LabInputError('SCHEMA', { file: FILE, ...line }, whatIsWrong(err));
  }
}

/** The association document of the learner's file. */
function associationDoc(text: string): ParsedDoc | undefined {
  return parseYamlDocs(text, FILE).find(
    (d) => (d.value as { kind?: unknown } | null)?.kind === 'PodIdentityAssociation',
  );
}

/** Each spec field that does not match the pod, at its line. */
function mismatchLines(doc: ParsedDoc | undefined, roleArn: string): string[] {
  const spec = ((doc?.value as { spec?: Record<string, unknown> } | null)?.spec ?? {}) as Record<string, unknown>;
  const want: [string, string, string][] = [
    ['namespace', NS, `the pod runs in the namespace ${NS}`],
    ['serviceAccount', SA, `the pod's spec.serviceAccountName is ${SA} (not the Deployment's or the pod's name)`],
    ['roleArn', roleArn, `the role is ${roleArn}`],
  ];
  return want
    .filter(([field, value]) => spec[field] !== value)
    .map(
      ([field, , why]) =>
        `${lineOf(doc, ['spec', field], FILE)} spec.${field} is ${JSON.stringify(spec[field] ?? null)}; ${why}`,
    );
}

export const checkPodIdentityAssociation: LabCheck = async (files, steps) => {
  const text = files.read(FILE);
  const world = await podIdentityWorkshop();
  const roleArn = createRole(world);
  await applyAssociation(world, text);
  const made = world.eks.associations().map((a) => `${a.namespace}/${a.serviceAccount} → ${a.roleArn}`);
  steps.ok(`${FILE} applied`, `associations of cluster ${world.clusterName}: ${made.join('; ') || 'none'}`);
  await world.apply(workloadYaml({ namespace: NS, serviceAccount: SA, pod: POD }), 'billing-api.yaml');
  const view = world.nodeOf(NS, POD).podView(NS, POD);
  const injected = view.env()[AWS_CONTAINER_CREDENTIALS_FULL_URI] !== undefined;
  const title = `${NS}/${POD} (ServiceAccount ${NS}/${SA}) gets ${ROLE} through the Pod Identity agent`;
  const got = await fetchInPod(world, NS, POD);
  if (got.result.ok && got.roleArn === roleArn && got.askedAgent) {
    steps.ok(title, `${fetchLine(got)}, with ${got.sessionTags} session tags`);
    return;
  }
  const details = [fetchLine(got)];
  if (got.roleArn?.endsWith(`:role/${NODE_ROLE}`))
    details.push('that is the node role, from IMDS: nothing failed, the pod simply has the wrong identity');
  if (!injected) {
    details.push(
      `the webhook gave ${NS}/${POD} no container credentials: there was no association for ${NS}/${SA} when it was created`,
      ...mismatchLines(associationDoc(text), roleArn),
    );
  }
  steps.fail(title, ...details);
};

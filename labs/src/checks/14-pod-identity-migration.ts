/**
 * Lab 14: migrating shop/inventory from IRSA to EKS Pod Identity, checked at
 * every step. The learner's file is an ordered list of world documents (the
 * role's trust, the node role's permission, the association, the
 * ServiceAccount without its annotation). The check applies them one at a
 * time, each at its own lines; after each one it asks the running pod for
 * credentials again and starts a new pod (a rollout), and both must hold
 * inventory-app: never the node role, never nothing. A pod that does not
 * says which step it followed, what the webhook gave it, and which hop
 * refused it. The migration must end on Pod Identity, without the annotation.
 *
 * Simplification: a rollout is one new pod, then the old one deleted; the
 * running pod "asking again" is a fresh botocore chain (as a refresh would
 * be); and EKS applies an association at once, where the real API takes a
 * few seconds to reach the webhook and the agent.
 */

import { AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_ROLE_ARN, isSimError, ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import { NODE_IMAGE, podYaml } from '@irsa-lab/scenarios';
import { applyWorldFile, type World } from '@irsa-lab/world';
import { parseAllDocuments } from 'yaml';
import { LabInputError } from '../learner/input-error.js';
import { parseYamlDocs } from '../learner/parsed-doc.js';
import type { Steps } from '../report.js';
import { irsaRole, NODE_ROLE, workloadYaml, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { fetchInPod, fetchLine, type PodFetch } from './pod-identity-probe.js';

const FILE = 'steps.yaml';
const NS = 'shop';
const SA = 'inventory';
const ROLE = 'inventory-app';
const KINDS = ['Role', 'PodIdentityAssociation', 'ServiceAccount'];

/** One document of the learner's file: its text, padded so that its lines stay the file's lines. */
interface Step {
  readonly line: number;
  readonly what: string;
  readonly text: string;
}

/** What a document does, for the step's title: `Role inventory-app`, `ServiceAccount shop/inventory`. */
function describe(value: Record<string, unknown>): string {
  const meta = (value.metadata ?? {}) as Record<string, unknown>;
  const spec = (value.spec ?? {}) as Record<string, unknown>;
  const name =
    value.kind === 'PodIdentityAssociation'
      ? `${String(spec.namespace)}/${String(spec.serviceAccount)}`
      : meta.namespace
        ? `${String(meta.namespace)}/${String(meta.name)}`
        : String(meta.name);
  return `${String(value.kind)} ${name}`;
}

/** The documents of `text`, in order. @throws LabInputError for a syntax error or a kind that is not a step. */
function readSteps(text: string): Step[] {
  parseYamlDocs(text, FILE);
  const steps: Step[] = [];
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const start = doc.contents?.range[0] ?? doc.range[0];
    const line = text.slice(0, start).split('\n').length;
    const kind = (value as { kind?: unknown }).kind;
    if (typeof value !== 'object' || !KINDS.includes(String(kind)))
      throw new LabInputError(
        'SCHEMA',
        { file: FILE, line },
        `kind is ${JSON.stringify(kind ?? null)}; a step is one of ${KINDS.join(', ')}`,
      );
    const end = doc.range[1];
    steps.push({
      line,
      what: describe(value as Record<string, unknown>),
      text: '\n'.repeat(line - 1) + text.slice(start, end),
    });
  }
  return steps;
}

/** Apply one step; false (with a failed step) if the world refused it, as IAM or EKS would. */
async function apply(world: World, n: number, step: Step, steps: Steps): Promise<boolean> {
  const title = `step ${n} (${FILE}:${step.line}, ${step.what}) is applied`;
  try {
    const done = await applyWorldFile(world, step.text, FILE);
    steps.ok(title, done.map((r) => r.summary).join('; ') || 'nothing to change');
    return true;
  } catch (err) {
    if (!isSimError(err)) throw err;
    steps.fail(title, `refused: ${err.message}`);
    return false;
  }
}

/** Why `pod` does not hold the role: what the webhook gave it, and which hop refused. */
function diagnosis(world: World, pod: string, got: PodFetch, createdAfter: string): string[] {
  const env = world.nodeOf(NS, pod).podView(NS, pod).env();
  const lines = [fetchLine(got)];
  if (got.roleArn?.endsWith(`:role/${NODE_ROLE}`))
    lines.push('that is the node role, from IMDS: nothing failed, the pod simply has the wrong identity');
  if (env[AWS_CONTAINER_CREDENTIALS_FULL_URI] !== undefined) {
    lines.push(`the webhook gave ${NS}/${pod} Pod Identity (AWS_CONTAINER_CREDENTIALS_FULL_URI)`);
    if (got.eksAuthError) lines.push(`EKS Auth answered ${got.eksAuthError} to the node's agent`);
    const refused = got.assumeRole?.find((s) => !s.ok);
    if (refused) lines.push(`STS ${refused.step}: ${refused.detail}`);
  } else if (env[AWS_ROLE_ARN] !== undefined) {
    lines.push(
      `the webhook gave ${NS}/${pod} IRSA (AWS_ROLE_ARN=${env[AWS_ROLE_ARN]}): while IRSA pods run, the role's trust policy must keep its statement for the cluster's OIDC provider`,
    );
  } else {
    lines.push(
      `the webhook gave ${NS}/${pod} neither IRSA nor Pod Identity: ${createdAfter}, the ServiceAccount ${NS}/${SA} had no ${ROLE_ARN_ANNOTATION} annotation and no association`,
    );
  }
  return lines;
}

/** Ask `pod` for credentials; a step that passes only if it holds the role. */
async function holds(
  world: World,
  roleArn: string,
  pod: string,
  title: string,
  createdAfter: string,
  steps: Steps,
): Promise<PodFetch> {
  const got = await fetchInPod(world, NS, pod);
  if (got.result.ok && got.roleArn === roleArn) steps.ok(title, fetchLine(got));
  else steps.fail(title, ...diagnosis(world, pod, got, createdAfter));
  return got;
}

/** Start `pod` as the ServiceAccount as it now is (a rollout's new pod). */
async function startPod(world: World, pod: string): Promise<void> {
  const yaml = podYaml({
    namespace: NS,
    pod,
    serviceAccount: SA,
    image: NODE_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    automount: false,
  });
  await world.apply(yaml, `${pod}.yaml`);
}

/** The end state: the last pod on Pod Identity (the agent), and no IRSA annotation left. */
function finished(world: World, last: PodFetch, pod: string, steps: Steps): void {
  const annotations = (world.api.get('ServiceAccount', NS, SA)?.metadata as { annotations?: Record<string, string> })
    ?.annotations;
  const annotated = annotations?.[ROLE_ARN_ANNOTATION] !== undefined;
  const title = `the migration ends on Pod Identity: ${NS}/${pod} gets ${ROLE} through the agent, and ${NS}/${SA} has no ${ROLE_ARN_ANNOTATION}`;
  if (last.askedAgent && last.result.ok && !annotated) {
    steps.ok(title, fetchLine(last));
    return;
  }
  const lines = [fetchLine(last)];
  if (!last.askedAgent)
    lines.push(`${NS}/${pod} never asked the Pod Identity agent: the last pod is not on Pod Identity`);
  if (annotated) lines.push(`${NS}/${SA} still carries ${ROLE_ARN_ANNOTATION}=${annotations?.[ROLE_ARN_ANNOTATION]}`);
  steps.fail(title, ...lines);
}

export const checkPodIdentityMigration: LabCheck = async (files, steps) => {
  const plan = readSteps(files.read(FILE));
  const world = await workshopWorld();
  const roleArn = irsaRole(world, ROLE, NS, SA);
  let pod = `${SA}-0`;
  await world.apply(workloadYaml({ namespace: NS, serviceAccount: SA, pod, roleArn }), 'inventory.yaml');
  let last = await holds(
    world,
    roleArn,
    pod,
    `before the migration, ${NS}/${pod} gets ${ROLE} through IRSA`,
    'at its creation',
    steps,
  );
  for (const [i, step] of plan.entries()) {
    const n = i + 1;
    await apply(world, n, step, steps);
    const after = `after step ${n} (${FILE}:${step.line}, ${step.what})`;
    // a pod that already lacked the role was reported when it started; only a step that takes it away is news
    if (last.result.ok && last.roleArn === roleArn)
      await holds(
        world,
        roleArn,
        pod,
        `${after}, the running pod ${NS}/${pod} still gets ${ROLE}`,
        'when it was created',
        steps,
      );
    const next = `${SA}-${n}`;
    await startPod(world, next);
    last = await holds(
      world,
      roleArn,
      next,
      `${after}, a new pod ${NS}/${next} gets ${ROLE}`,
      `when it was created, ${after}`,
      steps,
    );
    world.deletePod(NS, pod);
    pod = next;
  }
  finished(world, last, pod, steps);
};

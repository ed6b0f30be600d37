/**
 * Lab 3: annotate the ServiceAccount with the role and run the Pod as that
 * ServiceAccount. The learner's manifest is applied; the pod identity
 * webhook must mutate the Pod, and the REAL AWS SDK v3 default chain inside
 * it must come out as billing-reader (GetCallerIdentity), not the node role.
 */
import { ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import { parseYamlDocs } from '../learner/parsed-doc.js';
import type { Steps } from '../report.js';
import { failedStep, lastStsCall, stepLine } from '../sim/explain.js';
import { applyLearnerYaml, realSdkCallerIdentity, roleNameOfCaller, viewOf, type WebhookTrace } from '../sim/pods.js';
import { irsaRole, NODE_ROLE, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { findDoc, lineOf } from './manifest-docs.js';

const FILE = 'billing.yaml';
const NS = 'payments';
const POD = 'billing-api';

function webhookStep(trace: WebhookTrace | undefined, text: string, roleArn: string, steps: Steps): void {
  const title = `the pod identity webhook mutates ${NS}/${POD} (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE, token volume)`;
  if (trace?.mutated) {
    steps.ok(title, `configured from ${trace.serviceAccount}: role ${trace.config?.roleArn ?? '?'}`);
    return;
  }
  const docs = parseYamlDocs(text, FILE);
  const pod = findDoc(docs, 'Pod', POD, NS);
  const sa = findDoc(docs, 'ServiceAccount', 'billing', NS);
  const details: string[] = [];
  if (trace && trace.serviceAccount !== `${NS}/billing`) {
    const at = lineOf(pod, ['spec', 'serviceAccountName'], FILE);
    const written = (pod?.value as { spec?: { serviceAccountName?: unknown } } | undefined)?.spec?.serviceAccountName;
    details.push(
      written === undefined
        ? `${at} spec has no serviceAccountName, so the pod runs as ServiceAccount ${trace.serviceAccount}; expected ${NS}/billing (spec.serviceAccountName: billing)`
        : `${at} spec.serviceAccountName is ${JSON.stringify(written)}: the pod runs as ServiceAccount ${trace.serviceAccount}; expected ${NS}/billing`,
    );
  } else if (trace?.skipped === 'no-role-arn') {
    details.push(
      `${lineOf(sa, ['metadata', 'annotations', ROLE_ARN_ANNOTATION], FILE)} ServiceAccount ${NS}/billing has no ${ROLE_ARN_ANNOTATION} annotation; expected ${roleArn}`,
    );
  }
  for (const s of trace?.steps ?? []) details.push(`webhook: ${s.message}`);
  steps.fail(title, ...details);
}

export const checkAnnotateServiceAccount: LabCheck = async (files, steps) => {
  const text = files.read(FILE);
  const world = await workshopWorld({ realSdk: true });
  const roleArn = irsaRole(world, 'billing-reader', NS, 'billing');
  const pods = await applyLearnerYaml(world, text, FILE);
  const view = viewOf(world, NS, POD);
  if (!pods.has(`${NS}/${POD}`) || !view) {
    steps.fail(
      `kubectl apply -f ${FILE} creates the pod ${NS}/${POD}`,
      `no Pod ${NS}/${POD} was created; keep its name and namespace`,
    );
    return;
  }
  steps.ok(`kubectl apply -f ${FILE}`, `pod ${NS}/${POD} runs on ${world.nodeOf(NS, POD).name}`);
  webhookStep(pods.get(`${NS}/${POD}`), text, roleArn, steps);

  const before = world.log.lastSeq;
  const real = await realSdkCallerIdentity(world, view);
  const title = `the real AWS SDK in ${NS}/${POD} is billing-reader (aws sts get-caller-identity)`;
  if (real.ok && roleNameOfCaller(real.callerArn) === 'billing-reader') {
    steps.ok(title, `${real.source}: ${real.callerArn}`);
    return;
  }
  const details: string[] = [];
  if (real.ok) {
    details.push(`the SDK chain resolved ${real.source} and GetCallerIdentity says ${real.callerArn}`);
    if (roleNameOfCaller(real.callerArn) === NODE_ROLE) {
      details.push(
        `that is the node's instance role from IMDS: the pod has no web identity, so the chain fell through to it`,
      );
    }
  } else {
    details.push(`the SDK failed: ${real.error?.name}: ${real.error?.message}`);
    const step = failedStep(lastStsCall(world, before));
    if (step) details.push(stepLine(step));
    const sa = findDoc(parseYamlDocs(text, FILE), 'ServiceAccount', 'billing', NS);
    if (step?.step === 'find-role') {
      details.push(
        `${lineOf(sa, ['metadata', 'annotations', ROLE_ARN_ANNOTATION], FILE)} ${ROLE_ARN_ANNOTATION} should be ${roleArn}`,
      );
    }
  }
  steps.fail(title, ...details);
};

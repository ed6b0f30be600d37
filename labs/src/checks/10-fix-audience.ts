/**
 * Lab 10: fix an audience. The invoicer's ServiceAccount asks the webhook
 * for tokens with a misspelled audience; STS rejects them with "Incorrect
 * token audience". The learner's manifest is applied and the pod's SDK
 * chain must get the invoicer role; a failure names the token's `aud`, the
 * annotation's line and the provider's client ids.
 */
import { AUDIENCE_ANNOTATION, IRSA_TOKEN_PATH } from '@irsa-lab/core';
import { resolveInPod } from '@irsa-lab/scenarios';
import { decodeJwt } from 'jose';
import { parseYamlDocs } from '../learner/parsed-doc.js';
import { failedStep, lastStsCall, stepLine } from '../sim/explain.js';
import { applyLearnerYaml, viewOf } from '../sim/pods.js';
import { CLUSTER_ACCOUNT, irsaRole, providerArnIn, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { findDoc, lineOf } from './manifest-docs.js';

const FILE = 'invoicer.yaml';
const NS = 'payments';
const POD = 'invoicer';

function audOf(token: string | undefined): string {
  if (!token) return '(no token file)';
  try {
    return JSON.stringify(decodeJwt(token).aud);
  } catch {
    return '(not a JWT)';
  }
}

export const checkFixAudience: LabCheck = async (files, steps) => {
  const text = files.read(FILE);
  const world = await workshopWorld();
  const roleArn = irsaRole(world, 'invoicer', NS, 'invoicer');
  await world.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n`, 'namespace.yaml');
  const pods = await applyLearnerYaml(world, text, FILE);
  const trace = pods.get(`${NS}/${POD}`);
  const view = viewOf(world, NS, POD);
  if (!view || !trace?.mutated) {
    steps.fail(
      `kubectl apply -f ${FILE} starts ${NS}/${POD}, mutated by the pod identity webhook`,
      ...(view ? (trace?.steps ?? []).map((s) => `webhook: ${s.message}`) : [`no Pod ${NS}/${POD} was created`]),
    );
    return;
  }
  steps.ok(`kubectl apply -f ${FILE}`, `the webhook requested a token with audience ${trace.config?.audience ?? '?'}`);
  const before = world.log.lastSeq;
  const got = await resolveInPod(world, NS, POD);
  const title = `${NS}/${POD} exchanges its token for the invoicer role`;
  if (got.result.ok && got.roleArn === roleArn) {
    steps.ok(title, `aud ${audOf(view.readFile(IRSA_TOKEN_PATH))} is a client id of ${providerArnIn(CLUSTER_ACCOUNT)}`);
    return;
  }
  const step = failedStep(lastStsCall(world, before));
  const sa = findDoc(parseYamlDocs(text, FILE), 'ServiceAccount', 'invoicer', NS);
  const provider = world.iam.getOpenIdConnectProvider(providerArnIn(CLUSTER_ACCOUNT));
  const details = [
    got.result.ok
      ? `the pod got ${got.roleArn ?? 'other credentials'}`
      : `${got.result.error.code}: ${got.result.error.message}`,
  ];
  if (step?.step === 'check-audience') {
    details.push(
      `the projected token's aud is ${audOf(view.readFile(IRSA_TOKEN_PATH))}`,
      `${lineOf(sa, ['metadata', 'annotations', AUDIENCE_ANNOTATION], FILE)} ${AUDIENCE_ANNOTATION} is ${JSON.stringify(trace.config?.audience)}`,
      `the IAM OIDC provider accepts ClientIDList ${JSON.stringify(provider.ClientIDList)}: expected the token's aud to be one of them`,
    );
  } else if (step) {
    details.push(stepLine(step));
  }
  steps.fail(title, ...details);
};

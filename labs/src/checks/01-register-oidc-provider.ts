/**
 * Lab 1: register the cluster's issuer as an IAM OIDC provider. The
 * learner's CreateOpenIDConnectProvider input is registered; then the role
 * billing-reader is created, which IAM allows only if the provider its trust
 * policy names exists (its ARN comes from the Url); an annotated pod runs,
 * and its SDK chain must get the role: STS finds the provider by the
 * token's `iss` and checks `aud` against its ClientIDList.
 */

import { IRSA_AUDIENCE, isSimError } from '@irsa-lab/core';
import type { TraceStep } from '@irsa-lab/iam';
import { resolveInPod } from '@irsa-lab/scenarios';
import { failedStep, lastStsCall, stepLine } from '../sim/explain.js';
import {
  CLUSTER_ACCOUNT,
  ISSUER_URL,
  irsaRole,
  providerArnIn,
  workloadYaml,
  workshopWorld,
} from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { createProvider, fieldAt, type ProviderInput, readProviderInput } from './provider-file.js';

const FILE = 'oidc-provider.json';

function explain(input: ProviderInput, step: TraceStep | undefined): string[] {
  switch (step?.step) {
    case 'check-audience':
      return [
        `${fieldAt(input, 'ClientIDList')} ClientIDList is ${JSON.stringify(input.ClientIDList)}; the token's aud is ["${IRSA_AUDIENCE}"]`,
        `expected: the audience the pod identity webhook requests, ${IRSA_AUDIENCE}, in ClientIDList`,
      ];
    default:
      return step ? [stepLine(step)] : [];
  }
}

export const checkRegisterOidcProvider: LabCheck = async (files, steps) => {
  const input = readProviderInput(files, FILE);
  const world = await workshopWorld({ provider: false });
  const arn = createProvider(world, CLUSTER_ACCOUNT, input);
  steps.ok(`${FILE} registers an OIDC provider`, `aws iam create-open-id-connect-provider → ${arn}`);

  const expectedArn = providerArnIn(CLUSTER_ACCOUNT);
  let roleArn: string;
  try {
    roleArn = irsaRole(world, 'billing-reader', 'payments', 'billing');
  } catch (err) {
    if (!isSimError(err)) throw err;
    steps.fail(
      "IAM creates the role billing-reader, whose trust policy names the cluster's provider",
      `aws iam create-role → ${String(err.detail.awsCode ?? err.code)}: ${err.message}`,
      `the trust policy names ${expectedArn}; your provider is ${arn}`,
      `${fieldAt(input, 'Url')} Url is "${input.Url}"; the cluster's issuer is "${ISSUER_URL}"`,
      'expected: the Url equal to the issuer, character for character (https://, no trailing slash)',
    );
    return;
  }
  steps.ok(
    "IAM creates the role billing-reader, whose trust policy names the cluster's provider",
    `aws iam create-role → ${roleArn}`,
  );
  await world.apply(
    workloadYaml({ namespace: 'payments', serviceAccount: 'billing', pod: 'billing-api', roleArn }),
    'billing.yaml',
  );
  const before = world.log.lastSeq;
  const got = await resolveInPod(world, 'payments', 'billing-api');
  const title = 'payments/billing-api exchanges its token for billing-reader';
  if (got.result.ok && got.roleArn === roleArn) {
    steps.ok(title, `STS found ${arn}, checked aud, and issued credentials for ${roleArn}`);
    return;
  }
  const error = got.result.ok ? undefined : got.result.error;
  steps.fail(
    title,
    ...(error ? [`the pod's SDK got ${error.code}: ${error.message}`] : [`the pod got ${got.roleArn ?? 'no role'}`]),
    ...explain(input, failedStep(lastStsCall(world, before))),
  );
};

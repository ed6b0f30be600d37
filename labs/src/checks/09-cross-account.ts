/**
 * Lab 9: cross-account access. A pod in the cluster's account assumes the
 * role `reporter` of the data account: that account needs its own OIDC
 * provider for the same issuer, and the role's trust policy must name that
 * provider. Checked with the REAL AWS SDK v3 chain and GetCallerIdentity.
 */

import { isSimError } from '@irsa-lab/core';
import { assumedRoleArn, objectArn, roleArn } from '@irsa-lab/iam';
import { readPolicyFile } from '../learner/policy-file.js';
import { denialLines, failedStep, lastStsCall, stepLine } from '../sim/explain.js';
import { realSdkCallerIdentity, viewOf } from '../sim/pods.js';
import { DATA_ACCOUNT, providerArnIn, workloadYaml, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { createProvider, type ProviderInput, readProviderInput, urlLine } from './provider-file.js';
import { trustRejection } from './trust-rejection.js';

const PROVIDER_FILE = 'data-account-provider.json';
const TRUST_FILE = 'reporter-trust.json';
const ROLE_ARN = roleArn(DATA_ACCOUNT, '/', 'reporter');
/** `arn:aws:sts::<data account>:assumed-role/reporter/`: the start of every session of the role. */
const SESSION_PREFIX = assumedRoleArn(DATA_ACCOUNT, 'reporter', '');
const READ_DATA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objectArn('analytics-data', '*') }],
});

function explainProvider(input: ProviderInput, detail: string): string[] {
  return [`STS looks for the provider in the account of the role, ${DATA_ACCOUNT}: ${detail}`, urlLine(input)];
}

/** Why the data account's provider is not the one the trust policy should name: its Url (none when it is). */
function providerCauses(input: ProviderInput, registeredArn: string): string[] {
  if (registeredArn === providerArnIn(DATA_ACCOUNT)) return [];
  return [
    urlLine(input),
    `IAM makes a provider's ARN from its Url: with the issuer's Url it is ${providerArnIn(DATA_ACCOUNT)}`,
  ];
}

export const checkCrossAccount: LabCheck = async (files, steps) => {
  const input = readProviderInput(files, PROVIDER_FILE);
  const trust = readPolicyFile(files, TRUST_FILE, 'resource');
  const world = await workshopWorld({ realSdk: true });
  world.iam.createAccount(DATA_ACCOUNT, 'data');
  const providerArn = createProvider(world, DATA_ACCOUNT, input);
  steps.ok(`${PROVIDER_FILE} registers a provider in the data account`, providerArn);
  try {
    world.iam.createRole(DATA_ACCOUNT, { RoleName: 'reporter', AssumeRolePolicyDocument: trust.text });
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw trustRejection(world, err, trust, {
      accountId: DATA_ACCOUNT,
      arn: providerArnIn(DATA_ACCOUNT),
      what: "the data account's provider for the cluster's issuer",
      providerCauses: providerCauses(input, providerArn),
    });
  }
  world.iam.putRolePolicy(DATA_ACCOUNT, 'reporter', 'read-analytics-data', READ_DATA);
  steps.ok(`${TRUST_FILE} is a valid trust policy`, `role ${ROLE_ARN} created`);
  await world.apply(
    workloadYaml({ namespace: 'analytics', serviceAccount: 'reporter', pod: 'reporter', roleArn: ROLE_ARN }),
    'reporter.yaml',
  );
  const view = viewOf(world, 'analytics', 'reporter');
  if (!view) throw new Error('the reporter pod did not start');
  const before = world.log.lastSeq;
  const real = await realSdkCallerIdentity(world, view);
  const title = `the real AWS SDK in analytics/reporter is ${SESSION_PREFIX.slice(0, -1)} (aws sts get-caller-identity)`;
  if (real.ok && real.callerArn?.startsWith(SESSION_PREFIX)) {
    steps.ok(title, `${real.source}: ${real.callerArn}`);
    return;
  }
  const step = failedStep(lastStsCall(world, before));
  const why =
    step?.step === 'find-provider'
      ? explainProvider(input, step.detail)
      : step?.step === 'evaluate-trust-policy' && step.evaluation
        ? denialLines(step.evaluation, trust, {
            principal: providerArnIn(DATA_ACCOUNT),
            action: 'sts:AssumeRoleWithWebIdentity',
          })
        : step
          ? [stepLine(step)]
          : [];
  steps.fail(
    title,
    real.ok ? `the SDK is ${real.callerArn}` : `the SDK failed: ${real.error?.name}: ${real.error?.message}`,
    ...why,
  );
};

/**
 * Lab 2: write the trust policy of role billing-reader so that exactly the
 * ServiceAccount payments/billing can assume it: the provider as Federated
 * principal, `sub` and `aud` pinned with StringEquals.
 */
import { readPolicyFile } from '../learner/policy-file.js';
import { workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { type Caller, createRoleWithTrust, probeCallers, startCallers } from './trust-probe.js';

const FILE = 'trust.json';

const CALLERS: readonly Caller[] = [
  { who: 'the billing app', namespace: 'payments', serviceAccount: 'billing', pod: 'billing-api', allowed: true },
  { who: 'a batch job', namespace: 'payments', serviceAccount: 'batch', pod: 'nightly-batch', allowed: false },
  { who: 'another team', namespace: 'web', serviceAccount: 'billing', pod: 'storefront', allowed: false },
];

export const checkScopedTrustPolicy: LabCheck = async (files, steps) => {
  const trust = readPolicyFile(files, FILE, 'resource');
  const world = await workshopWorld();
  const roleArn = createRoleWithTrust(world, 'billing-reader', trust);
  steps.ok(`${FILE} is a valid trust policy`, `aws iam create-role --role-name billing-reader → ${roleArn}`);
  await startCallers(world, CALLERS, roleArn);
  await probeCallers(world, CALLERS, roleArn, trust, steps);
};

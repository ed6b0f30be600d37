/**
 * Lab 6: fix a permissive trust policy. The role ci-artifact-publisher is
 * meant for the ServiceAccount ci/publisher only; as shipped, any namespace's
 * `publisher` can assume it. The real pod must keep the role; an attacker's
 * look-alike ServiceAccount and another ci ServiceAccount must be denied.
 */
import { readPolicyFile } from '../learner/policy-file.js';
import { workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { type Caller, createRoleWithTrust, probeCallers, startCallers } from './trust-probe.js';

const FILE = 'trust.json';

const CALLERS: readonly Caller[] = [
  { who: 'the CI publisher', namespace: 'ci', serviceAccount: 'publisher', pod: 'publish-artifacts', allowed: true },
  {
    who: 'an attacker in their own namespace',
    namespace: 'sandbox',
    serviceAccount: 'publisher',
    pod: 'totally-legit',
    allowed: false,
  },
  { who: 'a CI test runner', namespace: 'ci', serviceAccount: 'test-runner', pod: 'run-tests', allowed: false },
];

export const checkFixPermissiveTrust: LabCheck = async (files, steps) => {
  const trust = readPolicyFile(files, FILE, 'resource');
  const world = await workshopWorld();
  const roleArn = createRoleWithTrust(world, 'ci-artifact-publisher', trust);
  steps.ok(
    `${FILE} is a valid trust policy`,
    `aws iam update-assume-role-policy --role-name ci-artifact-publisher → accepted`,
  );
  await startCallers(world, CALLERS, roleArn);
  await probeCallers(world, CALLERS, roleArn, trust, steps);
};

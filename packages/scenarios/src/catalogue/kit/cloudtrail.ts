/** CloudTrail as the scenarios read it: the AssumeRoleWithWebIdentity and AssumeRole records. */
import type { AssumeRoleRecord, AssumeRoleWithWebIdentityRecord } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';

/** Every AssumeRoleWithWebIdentity record, oldest first. */
export function webIdentityRecords(world: World): AssumeRoleWithWebIdentityRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
}

/** Every AssumeRole record (kube2iam's calls, role chains, EKS Auth), oldest first. */
export function assumeRoleRecords(world: World): AssumeRoleRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r) => r.eventName === 'AssumeRole');
}

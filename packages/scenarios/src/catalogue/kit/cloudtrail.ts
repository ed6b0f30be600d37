/** CloudTrail as the scenarios read it: the AssumeRoleWithWebIdentity records. */
import type { AssumeRoleWithWebIdentityRecord } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';

/** Every AssumeRoleWithWebIdentity record, oldest first. */
export function webIdentityRecords(world: World): AssumeRoleWithWebIdentityRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
}

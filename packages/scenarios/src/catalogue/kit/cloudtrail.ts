/** CloudTrail as the scenarios read it: the AssumeRoleWithWebIdentity records, and a field of a record. */
import type { World } from '@irsa-lab/world';

/** A CloudTrail record of AssumeRoleWithWebIdentity: the fields scenarios check, and the rest as logged. */
export interface TrailRecord {
  readonly eventName: string;
  readonly errorCode?: string;
  readonly sourceIPAddress?: string;
  readonly userIdentity: { readonly type?: string; readonly userName?: string; readonly principalId?: string };
  readonly requestParameters?: { readonly roleArn?: string; readonly roleSessionName?: string };
  readonly irsaLab?: { readonly tokenJti?: string };
  readonly [field: string]: unknown;
}

/** Every AssumeRoleWithWebIdentity record, oldest first. */
export function webIdentityRecords(world: World): TrailRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data as TrailRecord)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
}

/** A value at a dotted path of a record (`userIdentity.identityProvider`), as text (for checks). */
export function field(record: object | undefined, path: string): string | undefined {
  let node: unknown = record;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined || node === null ? undefined : String(node);
}

/**
 * The CloudTrail records STS and S3 write (the 'cloudtrail' event), typed as
 * the simulation produces them: real CloudTrail's field names and nesting
 * (docs/reference.md#cloudtrail), plus the lab's own `irsaLab`. The fields
 * every record has are core's (CloudTrailFields); these kinds join core's
 * CloudTrailRecords by module augmentation. `eventName` tells the records
 * apart (`r.eventName === 'GetObject'` narrows).
 */
import type {
  CloudTrailFields,
  CloudTrailResource,
  CloudTrailUserIdentity,
  S3_EVENT_SOURCE,
  STS_EVENT_SOURCE,
} from '@irsa-lab/core';
import type { S3Authorization } from './s3/types.js';

/** STS AssumeRoleWithWebIdentity, allowed (with responseElements) or denied (responseElements null). */
export type AssumeRoleWithWebIdentityRecord = CloudTrailFields & {
  readonly eventSource: typeof STS_EVENT_SOURCE;
  readonly eventName: 'AssumeRoleWithWebIdentity';
  readonly userIdentity: CloudTrailUserIdentity & { readonly type: 'WebIdentityUser' };
  readonly requestParameters: {
    readonly roleArn?: string;
    readonly roleSessionName?: string;
    readonly durationSeconds?: number;
  };
  readonly responseElements: {
    readonly credentials: {
      readonly accessKeyId: string;
      readonly sessionToken: string;
      /** CloudTrail's own date format: `Jul 9, 2024, 4:41:37 PM`. */
      readonly expiration: string;
    };
    readonly subjectFromWebIdentityToken: string;
    readonly assumedRoleUser: { readonly assumedRoleId: string; readonly arn: string };
    readonly provider: string;
    readonly audience: string;
  } | null;
  readonly additionalEventData: { readonly identityProviderConnectionVerificationMethod: 'IAMTrustStore' };
  readonly resources: readonly CloudTrailResource[];
  /** Lab-only: the token's jti, which links the call to the projected token (and so the pod). */
  readonly irsaLab: { readonly tokenJti?: string };
};

/** STS GetCallerIdentity. */
export type GetCallerIdentityRecord = CloudTrailFields & {
  readonly eventSource: typeof STS_EVENT_SOURCE;
  readonly eventName: 'GetCallerIdentity';
  readonly requestParameters: null;
  readonly responseElements: null;
  /** Lab-only: the jti of the token behind a web-identity session. */
  readonly irsaLab: { readonly tokenJti?: string };
};

/** The S3 operations as CloudTrail names them (ListObjectsV2 is logged as ListObjects). */
export type S3EventName = 'ListBuckets' | 'ListObjects' | 'GetObject' | 'HeadObject' | 'PutObject';

/** An S3 call: a data event, or a management event for ListBuckets. */
export type S3Record = CloudTrailFields & {
  readonly eventSource: typeof S3_EVENT_SOURCE;
  readonly eventName: S3EventName;
  /** bucketName, Host, key, and the query parameters of ListObjects. */
  readonly requestParameters: Readonly<Record<string, string>>;
  readonly responseElements: null;
  readonly additionalEventData: {
    readonly SignatureVersion?: 'SigV4';
    readonly CipherSuite?: string;
    readonly bytesTransferredIn: number;
    readonly AuthenticationMethod?: 'AuthHeader';
    readonly 'x-amz-id-2': string;
    readonly bytesTransferredOut: number;
  };
  /** Lab-only: the authorization decision with every policy's trace, and the session's token jti. */
  readonly irsaLab: {
    readonly decision?: S3Authorization;
    readonly listBucketCheck?: S3Authorization;
    readonly tokenJti?: string;
  };
};

/**
 * STS AssumeRole: by an assumed-role session (kube2iam, a role chain), or by
 * an AWS service on its own behalf (EKS Auth: userIdentity AWSService with
 * invokedBy, and a sharedEventID).
 */
export type AssumeRoleRecord = CloudTrailFields & {
  readonly eventSource: typeof STS_EVENT_SOURCE;
  readonly eventName: 'AssumeRole';
  /** roleArn, roleSessionName, durationSeconds, tags, transitiveTagKeys, externalId, sourceIdentity, as sent. */
  readonly requestParameters: Readonly<Record<string, unknown>>;
  readonly responseElements: {
    readonly credentials: { readonly accessKeyId: string; readonly sessionToken: string; readonly expiration: string };
    readonly assumedRoleUser: { readonly assumedRoleId: string; readonly arn: string };
    readonly packedPolicySize?: number;
    readonly sourceIdentity?: string;
  } | null;
  readonly resources: readonly CloudTrailResource[];
};

declare module '@irsa-lab/core' {
  interface CloudTrailRecords {
    AssumeRoleWithWebIdentity: AssumeRoleWithWebIdentityRecord;
    GetCallerIdentity: GetCallerIdentityRecord;
    AssumeRole: AssumeRoleRecord;
    S3: S3Record;
  }
}

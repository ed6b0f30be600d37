/**
 * The CloudTrail records STS and S3 write (the 'cloudtrail' event), typed as
 * the simulation produces them: real CloudTrail's field names and nesting
 * (docs/reference.md#cloudtrail), plus the lab's own `irsaLab`. A record is
 * JSON, so these are type aliases of object types rather than interfaces:
 * that keeps every record a plain `Record<string, unknown>` too, which is
 * how a CloudTrail panel takes records to show them field by field.
 * `eventName` tells the records apart (`r.eventName === 'GetObject'` narrows).
 */
import type { S3_EVENT_SOURCE, STS_EVENT_SOURCE } from '@irsa-lab/core';
import type { S3Authorization } from './s3/types.js';

/** The session behind an assumed-role caller: the role, and the web identity it came from. */
export type CloudTrailSessionContext = {
  readonly sessionIssuer: {
    readonly type: 'Role';
    readonly principalId: string;
    readonly arn: string;
    readonly accountId: string;
    readonly userName: string;
  };
  readonly webIdFederationData?: {
    readonly federatedProvider: string;
    readonly attributes: Readonly<Record<string, string>>;
  };
  readonly attributes: { readonly creationDate: string; readonly mfaAuthenticated: 'true' | 'false' };
};

/**
 * Who called. A web identity (AssumeRoleWithWebIdentity): type, principalId
 * (`<provider ARN>:<aud>:<sub>`), userName (the sub) and identityProvider. An
 * assumed-role session: type, principalId, arn, accountId, accessKeyId and
 * sessionContext. Anonymous S3: type AWSAccount, accountId `anonymous`. A key
 * the service does not know: accessKeyId only.
 */
export type CloudTrailUserIdentity = {
  readonly type?: 'WebIdentityUser' | 'AssumedRole' | 'AWSAccount';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly identityProvider?: string;
  readonly sessionContext?: CloudTrailSessionContext;
};

/** A resource the call touched. */
export type CloudTrailResource = {
  readonly accountId?: string;
  readonly type: 'AWS::IAM::Role' | 'AWS::S3::Bucket' | 'AWS::S3::Object';
  readonly ARN: string;
};

/** TLS as the client negotiated it (present when the client named a Host). */
export type CloudTrailTlsDetails = {
  readonly tlsVersion: string;
  readonly cipherSuite: string;
  readonly clientProvidedHostHeader: string;
};

/** The fields every record has, in CloudTrail's order (the kinds below fill in the rest). */
type CloudTrailFields = {
  readonly eventVersion: string;
  readonly userIdentity: CloudTrailUserIdentity;
  /** ISO-8601 seconds, simulated time. */
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  /** The wire error code (`AccessDenied`, `InvalidIdentityToken`...); absent when the call succeeded. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestID: string;
  readonly eventID: string;
  readonly readOnly: boolean;
  readonly resources?: readonly CloudTrailResource[];
  readonly eventType: 'AwsApiCall';
  readonly managementEvent: boolean;
  readonly recipientAccountId?: string;
  readonly eventCategory: 'Management' | 'Data';
  readonly tlsDetails?: CloudTrailTlsDetails;
};

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

/** A record as the 'cloudtrail' event carries it. */
export type CloudTrailRecord = AssumeRoleWithWebIdentityRecord | GetCallerIdentityRecord | S3Record;

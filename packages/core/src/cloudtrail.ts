/**
 * CloudTrail's shape, shared by every service that writes records (STS and
 * S3 in iam, EKS Auth in eks): the fields every record has, in CloudTrail's
 * order (docs/reference.md#cloudtrail), and the map the services fill in by
 * module augmentation, one entry per record kind, as EventMap is filled in:
 *
 * ```ts
 * declare module '@irsa-lab/core' {
 *   interface CloudTrailRecords {
 *     AssumeRole: AssumeRoleRecord;
 *   }
 * }
 * ```
 *
 * The 'cloudtrail' event carries any of them; `eventName` tells them apart.
 * A record is JSON, so these are type aliases of object types rather than
 * interfaces: that keeps every record a plain `Record<string, unknown>` too,
 * which is how a CloudTrail panel takes records to show them field by field.
 */

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
  /** Instance profile credentials delivered by IMDS carry this. */
  readonly ec2RoleDelivery?: '2.0';
};

/**
 * Who called. A web identity (AssumeRoleWithWebIdentity): type, principalId
 * (`<provider ARN>:<aud>:<sub>`), userName (the sub) and identityProvider. An
 * assumed-role session: type, principalId, arn, accountId, accessKeyId and
 * sessionContext. An AWS service calling on its own behalf (EKS Auth's
 * AssumeRole): type AWSService and invokedBy. Anonymous S3: type AWSAccount,
 * accountId `anonymous`. A key the service does not know: accessKeyId only.
 */
export type CloudTrailUserIdentity = {
  readonly type?: 'WebIdentityUser' | 'AssumedRole' | 'AWSAccount' | 'AWSService';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly identityProvider?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: CloudTrailSessionContext;
};

/** A resource the call touched. */
export type CloudTrailResource = {
  readonly accountId?: string;
  readonly type: 'AWS::IAM::Role' | 'AWS::S3::Bucket' | 'AWS::S3::Object' | 'AWS::EKS::Cluster';
  readonly ARN: string;
};

/** TLS as the client negotiated it (present when the client named a Host). */
export type CloudTrailTlsDetails = {
  readonly tlsVersion: string;
  readonly cipherSuite: string;
  readonly clientProvidedHostHeader: string;
};

/** The fields every record has, in CloudTrail's order (each kind fills in the rest). */
export type CloudTrailFields = {
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
  /** Present when a service's call is recorded in both accounts' trails. */
  readonly sharedEventID?: string;
  readonly eventCategory: 'Management' | 'Data';
  readonly tlsDetails?: CloudTrailTlsDetails;
};

/** Every record kind, by a name of its own; the services fill it in by module augmentation. */
// biome-ignore lint/suspicious/noEmptyInterface: the services fill it in by module augmentation
export interface CloudTrailRecords {}

/** A record as the 'cloudtrail' event carries it: any kind (narrow on `eventName`). */
export type CloudTrailRecord = CloudTrailRecords[keyof CloudTrailRecords];

declare module './events.js' {
  interface EventMap {
    /** Every service's calls, allowed or denied (source 'sts', 's3', 'eks-auth'). */
    cloudtrail: CloudTrailRecord;
  }
}

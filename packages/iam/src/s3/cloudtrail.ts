/**
 * CloudTrail-shaped records of S3 calls, appended to the event log as
 * 'cloudtrail' for every call that named an operation, allowed or denied.
 * GetObject, HeadObject, PutObject and ListObjects (ListObjectsV2 is logged
 * under that name) are data events (`eventCategory: 'Data'`,
 * `managementEvent: false`); ListBuckets is a management event. The caller
 * is the assumed-role session (with `webIdFederationData` for a web-identity
 * session), or `anonymous`. One addition, under `irsaLab`: the authorization
 * decision with every policy's trace, and the token's jti, so a learner can
 * see why and link the call back to the pod's projected token.
 */
import {
  type CloudTrailResource,
  type CloudTrailUserIdentity,
  type EventLog,
  isoSeconds,
  S3_EVENT_SOURCE,
} from '@irsa-lab/core';
import type { S3EventName, S3Record } from '../cloudtrail-records.js';
import { bucketArn, objectArn } from '../iam/arn.js';
import type { SessionCredentials } from '../iam/types.js';
import type { S3Authorization, S3Error, S3Operation } from './types.js';

/** What one S3 call learned, as far as it got. */
export interface S3CallFacts {
  readonly operation: S3Operation;
  readonly requestId: string;
  readonly hostId: string;
  readonly eventId: string;
  readonly nowMs: number;
  readonly region: string;
  readonly host: string;
  readonly secure: boolean;
  readonly sourceIp: string;
  readonly userAgent?: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly bucketOwner?: string;
  /** The query parameters the call carried (ListObjects logs them). */
  readonly query: URLSearchParams;
  readonly session?: SessionCredentials;
  /** The key id that signed, when the session behind it is unknown. */
  readonly accessKeyId?: string;
  readonly anonymous: boolean;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly error?: S3Error;
  readonly authorization?: S3Authorization;
  readonly listBucketCheck?: S3Authorization;
}

const EVENT_NAME: Readonly<Record<S3Operation, S3EventName>> = {
  ListBuckets: 'ListBuckets',
  ListObjectsV2: 'ListObjects',
  GetObject: 'GetObject',
  HeadObject: 'HeadObject',
  PutObject: 'PutObject',
};

function userIdentity(facts: S3CallFacts): CloudTrailUserIdentity {
  const s = facts.session;
  if (s)
    return {
      type: 'AssumedRole',
      principalId: s.assumedRoleId,
      arn: s.assumedRoleArn,
      accountId: s.accountId,
      accessKeyId: s.AccessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: s.roleId,
          arn: s.roleArn,
          accountId: s.accountId,
          userName: s.roleName,
        },
        ...(s.webIdentity
          ? { webIdFederationData: { federatedProvider: s.webIdentity.providerArn, attributes: {} } }
          : {}),
        attributes: { creationDate: isoSeconds(s.issuedAtMs), mfaAuthenticated: 'false' },
      },
    };
  if (facts.anonymous) return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  return { accessKeyId: facts.accessKeyId };
}

function requestParameters(facts: S3CallFacts): Record<string, string> {
  const params: Record<string, string> = facts.bucket === undefined ? {} : { bucketName: facts.bucket };
  params.Host = facts.host;
  if (facts.key !== undefined) params.key = facts.key;
  if (facts.operation === 'ListObjectsV2') {
    for (const [name, value] of facts.query) if (name !== 'x-id') params[name] = value;
  }
  return params;
}

function resources(facts: S3CallFacts): CloudTrailResource[] | undefined {
  if (facts.bucket === undefined) return undefined;
  const bucket: CloudTrailResource = {
    accountId: facts.bucketOwner,
    type: 'AWS::S3::Bucket',
    ARN: bucketArn(facts.bucket),
  };
  if (facts.key === undefined) return [bucket];
  return [{ type: 'AWS::S3::Object', ARN: objectArn(facts.bucket, facts.key) }, bucket];
}

/** Record one S3 call. */
export function recordS3Call(log: EventLog, facts: S3CallFacts): void {
  const management = facts.operation === 'ListBuckets';
  const found = resources(facts);
  const record: S3Record = {
    eventVersion: '1.09',
    userIdentity: userIdentity(facts),
    eventTime: isoSeconds(facts.nowMs),
    eventSource: S3_EVENT_SOURCE,
    eventName: EVENT_NAME[facts.operation],
    awsRegion: facts.region,
    sourceIPAddress: facts.sourceIp,
    userAgent: facts.userAgent,
    ...(facts.error ? { errorCode: facts.error.code, errorMessage: facts.error.message } : {}),
    requestParameters: requestParameters(facts),
    responseElements: null,
    additionalEventData: {
      SignatureVersion: facts.anonymous ? undefined : 'SigV4',
      CipherSuite: facts.secure ? 'TLS_AES_128_GCM_SHA256' : undefined,
      bytesTransferredIn: facts.bytesIn,
      AuthenticationMethod: facts.anonymous ? undefined : 'AuthHeader',
      'x-amz-id-2': facts.hostId,
      bytesTransferredOut: facts.bytesOut,
    },
    requestID: facts.requestId,
    eventID: facts.eventId,
    readOnly: facts.operation !== 'PutObject',
    ...(found === undefined ? {} : { resources: found }),
    eventType: 'AwsApiCall',
    managementEvent: management,
    recipientAccountId: facts.bucketOwner ?? facts.session?.accountId,
    eventCategory: management ? 'Management' : 'Data',
    ...(facts.secure
      ? {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: facts.host,
          },
        }
      : {}),
    irsaLab: {
      decision: facts.authorization,
      ...(facts.listBucketCheck ? { listBucketCheck: facts.listBucketCheck } : {}),
      tokenJti: facts.session?.webIdentity?.jti,
    },
  };
  const who = facts.session?.assumedRoleArn ?? (facts.anonymous ? 'anonymous' : (facts.accessKeyId ?? '?'));
  const target =
    facts.bucket === undefined ? '' : ` s3://${facts.bucket}${facts.key === undefined ? '' : `/${facts.key}`}`;
  log.append(
    'cloudtrail',
    's3',
    `${record.eventName}${target} by ${who}: ${facts.error ? facts.error.code : 'allowed'}`,
    record,
  );
}

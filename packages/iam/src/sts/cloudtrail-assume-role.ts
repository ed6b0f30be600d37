/**
 * The CloudTrail record of an AssumeRole call, in the shape and field order
 * real CloudTrail writes: by an AWS service on your behalf
 * (`userIdentity.type: AWSService`, `invokedBy`, the service as source
 * address and user agent, a `sharedEventID`), as EKS Auth's call for a Pod
 * Identity association shows it, or by a role session (`AssumedRole`).
 * Session tags appear under `requestParameters.tags` and
 * `transitiveTagKeys`; tags a chained session inherits under
 * `incomingTransitiveTags` [INFERRED: the IAM user guide's "Viewing session
 * tags in CloudTrail"; no capture of a chained Pod Identity call was found].
 */
import { isoSeconds } from '@irsa-lab/core';
import type { SessionCredentials, Tag } from '../iam/types.js';
import type { AssumeRoleCaller } from './assume-role-steps.js';
import { type CallFacts, cloudTrailDate } from './cloudtrail.js';
import type { StsDeps } from './run.js';
import type { AssumeRoleParams, AssumeRoleResult, StsError } from './types.js';

/** What an AssumeRole call learned, as far as it got. */
export interface AssumeRoleFacts extends CallFacts {
  readonly params: AssumeRoleParams;
  durationSeconds?: number;
  caller?: AssumeRoleCaller;
  inherited?: readonly Tag[];
}

/** `userIdentity` of a role session, as CloudTrail writes it for calls signed with its credentials. */
export function assumedRoleIdentity(session: SessionCredentials): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: session.assumedRoleId,
    arn: session.assumedRoleArn,
    accountId: session.accountId,
    accessKeyId: session.AccessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: session.roleId,
        arn: session.roleArn,
        accountId: session.accountId,
        userName: session.roleName,
      },
      ...(session.webIdentity
        ? { webIdFederationData: { federatedProvider: session.webIdentity.providerArn, attributes: {} } }
        : {}),
      attributes: { creationDate: isoSeconds(session.issuedAtMs), mfaAuthenticated: 'false' },
      ...(session.kind === 'instance-profile' ? { ec2RoleDelivery: '2.0' } : {}),
    },
  };
}

function requestParameters(facts: AssumeRoleFacts): Record<string, unknown> {
  const p = facts.params;
  return {
    ...(facts.inherited?.length
      ? { incomingTransitiveTags: Object.fromEntries(facts.inherited.map((t) => [t.Key, t.Value])) }
      : {}),
    roleArn: p.RoleArn,
    roleSessionName: p.RoleSessionName,
    ...(facts.durationSeconds === undefined ? {} : { durationSeconds: facts.durationSeconds }),
    ...(p.Tags?.length ? { tags: p.Tags.map((t) => ({ key: t.Key, value: t.Value })) } : {}),
    ...(p.TransitiveTagKeys?.length ? { transitiveTagKeys: [...p.TransitiveTagKeys] } : {}),
    ...(p.ExternalId === undefined ? {} : { externalId: p.ExternalId }),
    ...(p.SourceIdentity === undefined ? {} : { sourceIdentity: p.SourceIdentity }),
  };
}

function responseElements(result: AssumeRoleResult, expirationMs: number): Record<string, unknown> {
  return {
    credentials: {
      accessKeyId: result.Credentials.AccessKeyId,
      sessionToken: result.Credentials.SessionToken,
      expiration: cloudTrailDate(expirationMs),
    },
    assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
    ...(result.PackedPolicySize === undefined ? {} : { packedPolicySize: result.PackedPolicySize }),
    ...(result.SourceIdentity === undefined ? {} : { sourceIdentity: result.SourceIdentity }),
  };
}

/** Record an AssumeRole call. */
export function recordAssumeRole(
  deps: StsDeps,
  facts: AssumeRoleFacts,
  outcome: { result: AssumeRoleResult; expirationMs: number } | { error: StsError },
): void {
  const error = 'error' in outcome ? outcome.error : undefined;
  const caller = facts.caller;
  const service = caller?.kind === 'service' ? caller.service : undefined;
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: service
      ? { type: 'AWSService', invokedBy: service }
      : caller?.kind === 'session'
        ? assumedRoleIdentity(caller.session)
        : {},
    eventTime: isoSeconds(facts.nowMs),
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: facts.region,
    sourceIPAddress: service ?? facts.meta.sourceIp,
    userAgent: service ?? facts.meta.userAgent,
  };
  if (error) {
    record.errorCode = error.code;
    record.errorMessage = error.message;
  }
  record.requestParameters = requestParameters(facts);
  record.responseElements = 'result' in outcome ? responseElements(outcome.result, outcome.expirationMs) : null;
  record.requestID = facts.requestId;
  record.eventID = facts.eventId;
  record.readOnly = true;
  record.resources = facts.params.RoleArn
    ? [{ accountId: facts.accountId, type: 'AWS::IAM::Role', ARN: facts.params.RoleArn }]
    : [];
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = facts.accountId;
  if (service) record.sharedEventID = deps.ids.uuid();
  record.eventCategory = 'Management';
  if (!service && facts.meta.host) {
    record.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: facts.meta.host,
    };
  }
  const who = service ?? (caller?.kind === 'session' ? caller.session.assumedRoleArn : '?');
  const tags = facts.params.Tags?.length ? ` with ${facts.params.Tags.length} tag(s)` : '';
  log(deps, `AssumeRole ${facts.params.RoleArn ?? '?'} by ${who}${tags}: ${error ? error.code : 'allowed'}`, record);
}

function log(deps: StsDeps, summary: string, record: Record<string, unknown>): void {
  deps.log.append('cloudtrail', 'sts', summary, record);
}

/**
 * CloudTrail-shaped records of STS calls (docs/reference.md#cloudtrail), appended to the
 * event log as 'cloudtrail' for every call, allowed or denied. Field names
 * and order follow real CloudTrail. One addition, under `irsaLab`: the
 * token's jti. Real CloudTrail does not log it; it is how a learner links an
 * API call back to the exact projected token (and so to the pod) that made it.
 */
import { type CloudTrailUserIdentity, type EventLog, isoSeconds, STS_EVENT_SOURCE } from '@irsa-lab/core';
import type { AssumeRoleWithWebIdentityRecord, GetCallerIdentityRecord } from '../cloudtrail-records.js';
import type { SessionCredentials } from '../iam/types.js';
import { CLOUDTRAIL_ACCESS_DENIED_MESSAGE } from './messages.js';
import type { AssumeRoleWithWebIdentityResult, RequestMeta, StsError } from './types.js';

/** What one call learned, as far as it got. */
export interface CallFacts {
  readonly requestId: string;
  readonly eventId: string;
  readonly nowMs: number;
  readonly region: string;
  readonly meta: RequestMeta;
  readonly accountId?: string;
}

/** What an AssumeRoleWithWebIdentity call learned about the caller. */
export interface WebIdentityFacts extends CallFacts {
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly durationSeconds?: number;
  readonly providerArn?: string;
  readonly sub?: string;
  readonly aud?: string;
  readonly jti?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CloudTrail's way of writing a credential expiration: `Jul 9, 2024, 4:41:37 PM` (UTC). */
export function cloudTrailDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${time}`;
}

function common(facts: CallFacts): { readonly eventTime: string; readonly eventSource: typeof STS_EVENT_SOURCE } {
  return {
    eventTime: isoSeconds(facts.nowMs),
    eventSource: STS_EVENT_SOURCE,
  };
}

function tail(
  facts: CallFacts,
): Pick<
  GetCallerIdentityRecord,
  'eventType' | 'managementEvent' | 'recipientAccountId' | 'eventCategory' | 'tlsDetails'
> {
  return {
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: facts.accountId,
    eventCategory: 'Management',
    ...(facts.meta.host
      ? {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: facts.meta.host,
          },
        }
      : {}),
  };
}

function errorFields(
  error: StsError | undefined,
  eventName: string,
): { readonly errorCode?: string; readonly errorMessage?: string } {
  if (!error) return {};
  const denied = error.code === 'AccessDenied' && eventName === 'AssumeRoleWithWebIdentity';
  return { errorCode: error.code, errorMessage: denied ? CLOUDTRAIL_ACCESS_DENIED_MESSAGE : error.message };
}

function responseElements(
  result: AssumeRoleWithWebIdentityResult,
  expirationMs: number,
): AssumeRoleWithWebIdentityRecord['responseElements'] {
  return {
    credentials: {
      accessKeyId: result.Credentials.AccessKeyId,
      sessionToken: result.Credentials.SessionToken,
      expiration: cloudTrailDate(expirationMs),
    },
    subjectFromWebIdentityToken: result.SubjectFromWebIdentityToken,
    assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
    provider: result.Provider,
    audience: result.Audience,
  };
}

/** Record an AssumeRoleWithWebIdentity call. */
export function recordAssumeRoleWithWebIdentity(
  log: EventLog,
  facts: WebIdentityFacts,
  outcome: { result: AssumeRoleWithWebIdentityResult; expirationMs: number } | { error: StsError },
): void {
  const error = 'error' in outcome ? outcome.error : undefined;
  // every call's path: the fields written out in CloudTrail's order, rather than spread from common(), tail()...
  const record: AssumeRoleWithWebIdentityRecord = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: facts.providerArn ? `${facts.providerArn}:${facts.aud ?? ''}:${facts.sub ?? ''}` : undefined,
      userName: facts.sub,
      identityProvider: facts.providerArn,
    },
    eventTime: isoSeconds(facts.nowMs),
    eventSource: STS_EVENT_SOURCE,
    eventName: 'AssumeRoleWithWebIdentity',
    awsRegion: facts.region,
    sourceIPAddress: facts.meta.sourceIp,
    userAgent: facts.meta.userAgent,
    ...(error && {
      errorCode: error.code,
      errorMessage: error.code === 'AccessDenied' ? CLOUDTRAIL_ACCESS_DENIED_MESSAGE : error.message,
    }),
    requestParameters:
      facts.durationSeconds === undefined
        ? { roleArn: facts.roleArn, roleSessionName: facts.roleSessionName }
        : { roleArn: facts.roleArn, roleSessionName: facts.roleSessionName, durationSeconds: facts.durationSeconds },
    responseElements: 'result' in outcome ? responseElements(outcome.result, outcome.expirationMs) : null,
    additionalEventData: { identityProviderConnectionVerificationMethod: 'IAMTrustStore' },
    requestID: facts.requestId,
    eventID: facts.eventId,
    readOnly: true,
    resources: facts.roleArn ? [{ accountId: facts.accountId, type: 'AWS::IAM::Role', ARN: facts.roleArn }] : [],
    ...tail(facts),
    irsaLab: { tokenJti: facts.jti },
  };
  const verdict = error ? error.code : 'allowed';
  log.append(
    'cloudtrail',
    'sts',
    `AssumeRoleWithWebIdentity ${facts.roleArn ?? '?'} by ${facts.sub ?? '?'}: ${verdict}`,
    record,
  );
}

/** `userIdentity` of a role session, as CloudTrail writes it for calls signed with its credentials. */
export function assumedRoleIdentity(session: SessionCredentials): CloudTrailUserIdentity {
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

/** Record a GetCallerIdentity call (userIdentity is the assumed-role session, when the key was known). */
export function recordGetCallerIdentity(
  log: EventLog,
  facts: CallFacts & { readonly accessKeyId?: string },
  session: SessionCredentials | undefined,
  error: StsError | undefined,
): void {
  const userIdentity: CloudTrailUserIdentity = session
    ? assumedRoleIdentity(session)
    : { accessKeyId: facts.accessKeyId };
  const record: GetCallerIdentityRecord = {
    eventVersion: '1.08',
    userIdentity,
    ...common(facts),
    eventName: 'GetCallerIdentity',
    awsRegion: facts.region,
    sourceIPAddress: facts.meta.sourceIp,
    userAgent: facts.meta.userAgent,
    ...errorFields(error, 'GetCallerIdentity'),
    requestParameters: null,
    responseElements: null,
    requestID: facts.requestId,
    eventID: facts.eventId,
    readOnly: true,
    ...tail({ ...facts, accountId: session?.accountId }),
    irsaLab: { tokenJti: session?.webIdentity?.jti },
  };
  const who = session?.assumedRoleArn ?? facts.accessKeyId ?? '?';
  log.append('cloudtrail', 'sts', `GetCallerIdentity by ${who}: ${error ? error.code : 'allowed'}`, record);
}

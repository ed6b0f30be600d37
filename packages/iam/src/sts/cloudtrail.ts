/**
 * CloudTrail-shaped records of STS calls (reference §5.5), appended to the
 * event log as 'cloudtrail' for every call, allowed or denied. Field names
 * and order follow real CloudTrail. One addition, under `irsaLab`: the
 * token's jti. Real CloudTrail does not log it; it is how a learner links an
 * API call back to the exact projected token (and so to the pod) that made it.
 */
import { type EventLog, isoSeconds } from '@irsa-lab/core';
import type { SessionCredentials } from '../iam/types.js';
import { CLOUDTRAIL_ACCESS_DENIED_MESSAGE } from './messages.js';
import type { AssumeRoleResult, AssumeRoleWithWebIdentityResult, RequestMeta, StsError } from './types.js';

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

function common(facts: CallFacts) {
  return {
    eventTime: isoSeconds(facts.nowMs),
    eventSource: 'sts.amazonaws.com',
  };
}

function tail(facts: CallFacts) {
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

function errorFields(error: StsError | undefined, eventName: string) {
  if (!error) return {};
  const denied = error.code === 'AccessDenied' && eventName === 'AssumeRoleWithWebIdentity';
  return { errorCode: error.code, errorMessage: denied ? CLOUDTRAIL_ACCESS_DENIED_MESSAGE : error.message };
}

function responseElements(result: AssumeRoleWithWebIdentityResult, expirationMs: number) {
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
  // the fields in CloudTrail's order, written out (this is every call's path): the same record as
  // `{ ...head, ...common(facts), ..., ...errorFields(...), ..., ...tail(facts), irsaLab }`
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: facts.providerArn ? `${facts.providerArn}:${facts.aud ?? ''}:${facts.sub ?? ''}` : undefined,
      userName: facts.sub,
      identityProvider: facts.providerArn,
    },
    eventTime: isoSeconds(facts.nowMs),
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithWebIdentity',
    awsRegion: facts.region,
    sourceIPAddress: facts.meta.sourceIp,
    userAgent: facts.meta.userAgent,
  };
  if (error) {
    record.errorCode = error.code;
    record.errorMessage = error.code === 'AccessDenied' ? CLOUDTRAIL_ACCESS_DENIED_MESSAGE : error.message;
  }
  record.requestParameters =
    facts.durationSeconds === undefined
      ? { roleArn: facts.roleArn, roleSessionName: facts.roleSessionName }
      : { roleArn: facts.roleArn, roleSessionName: facts.roleSessionName, durationSeconds: facts.durationSeconds };
  record.responseElements = 'result' in outcome ? responseElements(outcome.result, outcome.expirationMs) : null;
  record.additionalEventData = { identityProviderConnectionVerificationMethod: 'IAMTrustStore' };
  record.requestID = facts.requestId;
  record.eventID = facts.eventId;
  record.readOnly = true;
  record.resources = facts.roleArn ? [{ accountId: facts.accountId, type: 'AWS::IAM::Role', ARN: facts.roleArn }] : [];
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = facts.accountId;
  record.eventCategory = 'Management';
  if (facts.meta.host) {
    record.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: facts.meta.host,
    };
  }
  record.irsaLab = { tokenJti: facts.jti };
  const verdict = error ? error.code : 'allowed';
  log.append(
    'cloudtrail',
    'sts',
    `AssumeRoleWithWebIdentity ${facts.roleArn ?? '?'} by ${facts.sub ?? '?'}: ${verdict}`,
    record,
  );
}

/** Record a GetCallerIdentity call (userIdentity is the assumed-role session, when the key was known). */
export function recordGetCallerIdentity(
  log: EventLog,
  facts: CallFacts & { readonly accessKeyId?: string },
  session: SessionCredentials | undefined,
  error: StsError | undefined,
): void {
  const userIdentity = session
    ? {
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
        },
      }
    : { accessKeyId: facts.accessKeyId };
  const record = {
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

/** Record an AssumeRole call: the calling session as userIdentity, the role and session name asked for. */
export function recordAssumeRole(
  log: EventLog,
  facts: CallFacts,
  session: SessionCredentials | undefined,
  form: URLSearchParams,
  result: AssumeRoleResult | undefined,
  error: StsError | undefined,
): void {
  const roleArn = form.get('RoleArn') ?? undefined;
  const record = {
    eventVersion: '1.08',
    userIdentity: session
      ? {
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
            attributes: { creationDate: isoSeconds(session.issuedAtMs), mfaAuthenticated: 'false' },
          },
        }
      : {},
    ...common(facts),
    eventName: 'AssumeRole',
    awsRegion: facts.region,
    sourceIPAddress: facts.meta.sourceIp,
    userAgent: facts.meta.userAgent,
    ...errorFields(error, 'AssumeRole'),
    requestParameters: { roleArn, roleSessionName: form.get('RoleSessionName') ?? undefined },
    responseElements: result
      ? {
          credentials: {
            accessKeyId: result.Credentials.AccessKeyId,
            sessionToken: result.Credentials.SessionToken,
            expiration: cloudTrailDate(Date.parse(result.Credentials.Expiration)),
          },
          assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
        }
      : null,
    requestID: facts.requestId,
    eventID: facts.eventId,
    readOnly: true,
    resources: roleArn ? [{ accountId: parseAccount(roleArn), type: 'AWS::IAM::Role', ARN: roleArn }] : undefined,
    ...tail(facts),
  };
  const who = session?.assumedRoleArn ?? '?';
  log.append(
    'cloudtrail',
    'sts',
    `AssumeRole by ${who} of ${roleArn ?? '?'}: ${error ? error.code : 'allowed'}`,
    record,
  );
}

/** The account id of an ARN (`arn:aws:iam::<account>:...`). */
function parseAccount(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

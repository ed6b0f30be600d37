/**
 * The condition keys an S3 request carries into policy evaluation: the
 * global `aws:` keys (who, from where, when, over TLS or not) and the
 * operation's `s3:` keys. For an assumed-role session aws:PrincipalArn is
 * the role's ARN, not the session's, and aws:userid is `AROA...:<session>`,
 * as IAM's documentation of the global keys says. A session's tags are
 * its `aws:PrincipalTag/<key>` values.
 */
import { isoSeconds } from '@irsa-lab/core';
import type { SessionCredentials } from '../iam/types.js';

/** What the context is built from. */
export interface ContextInput {
  /** Undefined for an anonymous request. */
  readonly session?: SessionCredentials;
  readonly nowMs: number;
  readonly region: string;
  readonly sourceIp: string;
  /** The request came over https. */
  readonly secure: boolean;
  /** The x-amz-content-sha256 header, when signed. */
  readonly contentSha256?: string;
  /** The operation's own keys (`s3:prefix`, `s3:max-keys` ...). */
  readonly operationKeys?: Readonly<Record<string, string>>;
}

function principalKeys(session: SessionCredentials | undefined): Record<string, string> {
  if (!session) return { 'aws:PrincipalType': 'Anonymous' };
  return {
    'aws:PrincipalArn': session.roleArn,
    'aws:PrincipalAccount': session.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': session.assumedRoleId,
    'aws:TokenIssueTime': isoSeconds(session.issuedAtMs),
    ...(session.sourceIdentity === undefined ? {} : { 'aws:SourceIdentity': session.sourceIdentity }),
    ...(session.webIdentity === undefined ? {} : { 'aws:FederatedProvider': session.webIdentity.providerArn }),
    // session tags (EKS Pod Identity's kubernetes-namespace ...) are the principal's tags: ABAC conditions and variables
    ...Object.fromEntries((session.sessionTags ?? []).map((t) => [`aws:PrincipalTag/${t.Key}`, t.Value])),
  };
}

/** The request context's condition keys, as strings. */
export function s3RequestContext(input: ContextInput): Record<string, string> {
  return {
    ...principalKeys(input.session),
    'aws:CurrentTime': isoSeconds(input.nowMs),
    'aws:EpochTime': String(Math.floor(input.nowMs / 1000)),
    'aws:SecureTransport': String(input.secure),
    'aws:SourceIp': input.sourceIp,
    'aws:RequestedRegion': input.region,
    'aws:ViaAWSService': 'false',
    ...(input.session === undefined
      ? {}
      : {
          's3:authType': 'REST-HEADER',
          's3:signatureversion': 'AWS4-HMAC-SHA256',
          ...(input.contentSha256 === undefined ? {} : { 's3:x-amz-content-sha256': input.contentSha256 }),
        }),
    ...(input.secure ? { 's3:TlsVersion': '1.3' } : {}),
    ...input.operationKeys,
  };
}

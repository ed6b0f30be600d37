/**
 * The XML bodies of the STS Query protocol: success responses with their
 * `<ResponseMetadata><RequestId>` and the `<ErrorResponse>` envelope, built
 * with fast-xml-parser's XMLBuilder (which escapes every value). Element
 * order follows the samples in the STS API reference.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { AssumeRoleResult, AssumeRoleWithWebIdentityResult, GetCallerIdentityResult, StsError } from './types.js';

/** The STS XML namespace. */
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });

function document(root: string, body: Record<string, unknown>): string {
  return builder.build({ [root]: { '@_xmlns': STS_XMLNS, ...body } });
}

/** `<AssumeRoleWithWebIdentityResponse>` */
export function assumeRoleWithWebIdentityXml(result: AssumeRoleWithWebIdentityResult, requestId: string): string {
  const c = result.Credentials;
  return document('AssumeRoleWithWebIdentityResponse', {
    AssumeRoleWithWebIdentityResult: {
      SubjectFromWebIdentityToken: result.SubjectFromWebIdentityToken,
      Audience: result.Audience,
      AssumedRoleUser: { Arn: result.AssumedRoleUser.Arn, AssumedRoleId: result.AssumedRoleUser.AssumedRoleId },
      Credentials: {
        SessionToken: c.SessionToken,
        SecretAccessKey: c.SecretAccessKey,
        Expiration: c.Expiration,
        AccessKeyId: c.AccessKeyId,
      },
      ...(result.PackedPolicySize === undefined ? {} : { PackedPolicySize: String(result.PackedPolicySize) }),
      Provider: result.Provider,
    },
    ResponseMetadata: { RequestId: requestId },
  });
}

/** `<AssumeRoleResponse>` (element order of the STS API reference's example) */
export function assumeRoleXml(result: AssumeRoleResult, requestId: string): string {
  const c = result.Credentials;
  return document('AssumeRoleResponse', {
    AssumeRoleResult: {
      ...(result.SourceIdentity === undefined ? {} : { SourceIdentity: result.SourceIdentity }),
      AssumedRoleUser: { Arn: result.AssumedRoleUser.Arn, AssumedRoleId: result.AssumedRoleUser.AssumedRoleId },
      Credentials: {
        AccessKeyId: c.AccessKeyId,
        SecretAccessKey: c.SecretAccessKey,
        SessionToken: c.SessionToken,
        Expiration: c.Expiration,
      },
      ...(result.PackedPolicySize === undefined ? {} : { PackedPolicySize: String(result.PackedPolicySize) }),
    },
    ResponseMetadata: { RequestId: requestId },
  });
}

/** `<GetCallerIdentityResponse>` */
export function getCallerIdentityXml(result: GetCallerIdentityResult, requestId: string): string {
  return document('GetCallerIdentityResponse', {
    GetCallerIdentityResult: { Arn: result.Arn, UserId: result.UserId, Account: result.Account },
    ResponseMetadata: { RequestId: requestId },
  });
}

/** `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` */
export function errorResponseXml(error: StsError, requestId: string): string {
  return document('ErrorResponse', {
    Error: { Type: error.type, Code: error.code, Message: error.message },
    RequestId: requestId,
  });
}

/**
 * Every STS wire error this simulation sends, with its HTTP status and the
 * message text. Texts marked [seen] were captured from the real service
 * (sources in docs/reference.md#sts-errors or public issue threads);
 * [model] texts are the STS API model's documentation of that error, used
 * where no real capture is known; [UNCONFIRMED] marks a guess.
 */
import type { StsError } from './types.js';

function sender(code: string, status: number, message: string): StsError {
  return { code, status, message, type: 'Sender' };
}

/** The reasoned wire errors of STS, by situation. */
export const stsErrors = {
  /** [seen] `N validation error(s) detected: ...` (message built by constraints.ts). */
  validation: (message: string) => sender('ValidationError', 400, message),
  /** [seen] on AssumeRole with a malformed role ARN. */
  invalidArn: () => sender('ValidationError', 400, 'Request ARN is invalid'),
  /** [seen] on AssumeRole/AssumeRoleWithSAML; [INFERRED] for web identity (docs/reference.md#sts-errors). */
  durationExceedsMax: () =>
    sender('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  /** [model] InvalidIdentityToken's documentation: a token that cannot be validated (garbage, alg, signature). */
  invalidToken: () =>
    sender(
      'InvalidIdentityToken',
      400,
      'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
    ),
  /** [seen] aws-load-balancer-controller#2315, aws-sdk-js-v3#5083. */
  noProvider: (iss: string) =>
    sender('InvalidIdentityToken', 400, `No OpenIDConnect provider found in your account for ${iss}`),
  /** [seen] GitLab 342243 (double space as captured): the IdP answered, but no usable key came back. */
  noVerificationKey: () =>
    sender(
      'InvalidIdentityToken',
      400,
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    ),
  /** [model] IDPCommunicationError's documentation: the IdP could not be reached at all. */
  idpUnreachable: () =>
    sender(
      'IDPCommunicationError',
      400,
      'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions.',
    ),
  /** [seen] `Missing a required claim: aud` (aws-sdk-ruby#2698); the same text for exp, sub, iss is [INFERRED]. */
  missingClaim: (claim: string) => sender('InvalidIdentityToken', 400, `Missing a required claim: ${claim}`),
  /** [seen] awslabs/amazon-eks-irsa-cfn#18. */
  incorrectAudience: () => sender('InvalidIdentityToken', 400, 'Incorrect token audience'),
  /** [seen] aws-orbit-workbench#707, aws-sdk-java-v2#5709: NumericDate seconds, and no space before the exp (sic). */
  tokenExpired: (nowSeconds: number, expSeconds: number) =>
    sender(
      'ExpiredTokenException',
      400,
      `Token expired: current date/time ${nowSeconds} must be before the expiration date/time${expSeconds}`,
    ),
  /** [seen] aws-load-balancer-controller#1935, crossplane#5578. */
  accessDenied: () => sender('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
  /** [seen] text of STS answers to AssumeRole; the percentage here is plaintext/2048 (simplified). */
  packedPolicyTooLarge: (percent: number) =>
    sender(
      'PackedPolicyTooLarge',
      400,
      `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
    ),
  /** The policy engine's own message (with line and column) stands in for AWS's parser text. */
  malformedPolicy: (message: string) => sender('MalformedPolicyDocument', 400, message),

  // AssumeRole
  /** [seen] AssumeRole's denial; the same shape names sts:TagSession when only tagging is refused (terrapod PR #1546). */
  notAuthorized: (who: string, action: string, roleArn: string) =>
    sender('AccessDenied', 403, `User: ${who} is not authorized to perform: ${action} on resource: ${roleArn}`),
  /** [seen] a chained AssumeRole (the caller is itself a role session) asking for more than an hour. */
  chainedDurationTooLong: () =>
    sender(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    ),
  /** [seen] two tags whose keys differ only in case. */
  duplicateTagKeys: () =>
    sender('InvalidParameterValue', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  /** [UNCONFIRMED] text: a TransitiveTagKeys entry that names no passed tag. */
  transitiveKeyNotPassed: () =>
    sender('InvalidParameterValue', 400, 'TransitiveTagKeys must be a subset of the keys of the session tags passed.'),
  /** [UNCONFIRMED] text: the API reference says the operation fails when a passed tag reuses an inherited key. */
  inheritedTagOverride: (key: string) =>
    sender(
      'InvalidParameterValue',
      400,
      `The session tag ${key} has the same key as a transitive tag inherited from the calling session.`,
    ),

  // SigV4-signed calls (GetCallerIdentity)
  /** [seen] unsigned call to a signed STS action. */
  missingAuthentication: () => sender('MissingAuthenticationToken', 403, 'Request is missing Authentication Token'),
  /** [seen] shape `Authorization header requires 'X' parameter. ... Authorization=...`. */
  incompleteSignature: (message: string) => sender('IncompleteSignature', 400, message),
  /** [seen] */
  invalidClientTokenId: () =>
    sender('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'),
  /** [seen] */
  expiredToken: () => sender('ExpiredToken', 400, 'The security token included in the request is expired'),
  /** [seen] */
  signatureDoesNotMatch: (message?: string) =>
    sender(
      'SignatureDoesNotMatch',
      403,
      message ??
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    ),

  // Query protocol envelope
  /** [UNCONFIRMED] text, modelled on other Query services. */
  missingAction: () => sender('MissingAction', 400, 'Missing Action'),
  /** [seen] `Could not find operation X for version Y`; NO_VERSION_SPECIFIED when Version is missing [UNCONFIRMED]. */
  invalidAction: (action: string, version: string | undefined) =>
    sender('InvalidAction', 400, `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`),
  /** [UNCONFIRMED] AWS's answer to a body over its size limit. */
  requestTooLarge: (limitBytes: number) =>
    sender('RequestEntityTooLarge', 413, `Request body is larger than the limit of ${limitBytes} bytes.`),
  /** [UNCONFIRMED] a method other than GET or POST. */
  methodNotAllowed: (method: string) => sender('MethodNotAllowed', 405, `The HTTP method ${method} is not allowed.`),
} as const;

/** [seen] CloudTrail writes this errorMessage for a denied AssumeRoleWithWebIdentity (docs/reference.md#cloudtrail). */
export const CLOUDTRAIL_ACCESS_DENIED_MESSAGE = 'An unknown error occurred';

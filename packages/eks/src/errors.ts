/**
 * The wire errors of EKS (control plane) and EKS Auth, with their HTTP
 * statuses from the API models (EKS-MODEL, EKSAUTH-MODEL: AccessDenied is
 * 400 in EKS Auth, not 403), and the REST-JSON answers that carry them:
 * the code in `x-amzn-ErrorType`, `{"message": ...}` in the body.
 * Texts marked [seen] were captured from the real services (public issue
 * threads, reference "Pod Identity"); [UNCONFIRMED] marks a written text
 * where no capture is known.
 */
import type { EksError } from './types.js';

function error(code: string, status: number, message: string): EksError {
  return { code, status, message };
}

/** EKS control-plane errors. */
export const eksErrors = {
  /** [UNCONFIRMED] text; code and status from the model. */
  invalidParameter: (message: string) => error('InvalidParameterException', 400, message),
  /** [seen] aws/containers-roadmap and eksctl#7753: a second association for one service account. */
  associationExists: (associationId: string) =>
    error('ResourceInUseException', 409, `Association already exists: ${associationId}`),
  /** [seen] terraform-provider-aws#41483: a role whose trust policy does not trust pods.eks.amazonaws.com. */
  invalidTrust: () => error('InvalidParameterException', 400, 'Trust policy of the role provided is invalid'),
  /** [UNCONFIRMED] text. */
  clusterNotFound: (name: string) => error('ResourceNotFoundException', 404, `No cluster found for name: ${name}.`),
  /** [UNCONFIRMED] text. */
  associationNotFound: (id: string) =>
    error('ResourceNotFoundException', 404, `No Pod Identity Association found for id: ${id}.`),
  /** [UNCONFIRMED] text; the limit is the user guide's. */
  limitExceeded: (limit: number) =>
    error(
      'ResourceLimitExceededException',
      400,
      `The limit of ${limit} pod identity associations per cluster is reached.`,
    ),
} as const;

/** EKS Auth errors (all client faults except the last two). */
export const eksAuthErrors = {
  /** [seen] aws/eks-pod-identity-agent#139; that STS's refusal is what produces it is [INFERRED]. */
  cannotAssumeRole: () =>
    error(
      'AccessDeniedException',
      400,
      'Unauthorized Exception! EKS does not have permissions to assume the associated role.',
    ),
  /** [UNCONFIRMED] text: the caller (the node role) may not call AssumeRoleForPodIdentity. */
  notAuthorized: (who: string, resource: string) =>
    error(
      'AccessDeniedException',
      400,
      `User: ${who} is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: ${resource}`,
    ),
  /** [seen] aws/eks-pod-identity-agent#89 (Go's RFC 3339 with nanoseconds for now, seconds for exp). */
  expiredToken: (nowIso: string, expIso: string) =>
    error(
      'ExpiredTokenException',
      400,
      `The token included in the request is expired: current date/time ${nowIso} must be before the expiration date/time ${expIso}.`,
    ),
  /** [UNCONFIRMED] text. */
  invalidToken: (why: string) =>
    error('InvalidTokenException', 400, `The token included in the request is invalid: ${why}`),
  /** [UNCONFIRMED] text. */
  invalidParameter: (message: string) => error('InvalidParameterException', 400, message),
  /** [UNCONFIRMED] text; [INFERRED] code for a service account with no association. */
  noAssociation: (namespace: string, serviceAccount: string) =>
    error(
      'ResourceNotFoundException',
      404,
      `No Pod Identity Association found for service account ${serviceAccount} in namespace ${namespace}.`,
    ),
  /** [UNCONFIRMED] text. */
  clusterNotFound: (name: string) => error('ResourceNotFoundException', 404, `No cluster found for name: ${name}.`),
  /** [UNCONFIRMED] texts of the REST-JSON services' signature errors. */
  missingAuthentication: () => error('MissingAuthenticationTokenException', 403, 'Missing Authentication Token'),
  invalidSignature: (message: string) => error('InvalidSignatureException', 403, message),
  unrecognizedClient: () =>
    error('UnrecognizedClientException', 403, 'The security token included in the request is invalid.'),
  expiredCredentials: () =>
    error('ExpiredTokenException', 403, 'The security token included in the request is expired'),
  /** [UNCONFIRMED] text: STS or the issuer could not be reached. */
  internal: (message: string) => error('InternalServerException', 500, message),
} as const;

/** A REST-JSON error answer. */
export function errorResponse(err: EksError, requestId: string): Response {
  const body = JSON.stringify({ message: err.message });
  return new Response(body, {
    status: err.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-ErrorType': err.code,
      'x-amzn-RequestId': requestId,
    },
  });
}

/** A REST-JSON success answer. */
export function jsonResponse(value: unknown, requestId: string, status = 200): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-RequestId': requestId },
  });
}

/**
 * IAM's verdict on a signed request, as the wire error a REST-JSON service
 * answers: a failed signature is MissingAuthenticationToken, Unrecognized
 * Client, ExpiredToken or InvalidSignature (403); a caller no policy
 * allows is AccessDeniedException (403 for EKS, 400 for EKS Auth, per the
 * API models).
 */
import { eksAuthErrors } from '../errors.js';
import type { Authorization, EksError } from '../types.js';

/** The wire error of a refused authorization; `deniedStatus` is the service's AccessDeniedException status. */
export function authorizationError(
  auth: Extract<Authorization, { ok: false }>,
  action: string,
  resource: string,
  deniedStatus: number,
): EksError {
  if (auth.failure === 'denied') {
    const who = auth.session?.assumedRoleArn ?? 'anonymous';
    const message = `User: ${who} is not authorized to perform: ${action} on resource: ${resource}`;
    return { code: 'AccessDeniedException', status: deniedStatus, message };
  }
  switch (auth.sigv4) {
    case 'missing-auth':
      return eksAuthErrors.missingAuthentication();
    case 'unknown-key':
    case 'token-mismatch':
      return eksAuthErrors.unrecognizedClient();
    case 'expired':
      return eksAuthErrors.expiredCredentials();
    default:
      return eksAuthErrors.invalidSignature(auth.message);
  }
}

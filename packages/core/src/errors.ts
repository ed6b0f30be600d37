/**
 * SimError: the one error type for operating errors inside the simulation.
 * Callers switch on `code`; tests assert `{ code }`. Programmer mistakes throw
 * a plain TypeError instead.
 */

/** Every stable error code the simulated world can raise. */
export type SimErrorCode =
  // clock
  | 'CLOCK_BACKWARDS'
  | 'CLOCK_LOOP_LIMIT'
  // network
  | 'NET_NXDOMAIN'
  | 'NET_UNREACHABLE'
  | 'NET_TIMEOUT'
  | 'NET_CONNECTION_REFUSED'
  | 'NET_UNHANDLED'
  // input (manifests, policies, flags)
  | 'INPUT_YAML'
  | 'INPUT_JSON'
  | 'INPUT_SCHEMA'
  | 'INPUT_INVALID'
  // kubernetes
  | 'K8S_NOT_FOUND'
  | 'K8S_ALREADY_EXISTS'
  | 'K8S_INVALID'
  | 'K8S_BAD_REQUEST'
  | 'K8S_CONFLICT'
  | 'K8S_FORBIDDEN'
  // issuer
  | 'ISSUER_NO_KEY'
  | 'ISSUER_KEY_POOL_EXHAUSTED'
  // iam / policy
  | 'IAM_INVALID_INPUT'
  | 'IAM_ENTITY_ALREADY_EXISTS'
  | 'IAM_NO_SUCH_ENTITY'
  | 'IAM_LIMIT_EXCEEDED'
  | 'POLICY_MALFORMED'
  // node / imds / credential chain
  | 'IMDS_UNAVAILABLE'
  | 'CHAIN_NO_CREDENTIALS'
  | 'FS_NOT_FOUND'
  | 'FS_PERMISSION_DENIED'
  // scenarios
  | 'SCENARIO_UNKNOWN'
  | 'SCENARIO_ASSERTION';

/** Structured detail about where the error came from (file, line, field, claim, limit ...). */
export interface SimErrorDetail {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
  readonly claim?: string;
  readonly limit?: string;
  readonly [key: string]: unknown;
}

/** An operating error raised by the simulation, with a stable `code`. */
export class SimError extends Error {
  override readonly name = 'SimError';
  readonly code: SimErrorCode;
  readonly detail: SimErrorDetail;

  constructor(code: SimErrorCode, message: string, detail: SimErrorDetail = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.detail = detail;
  }
}

/** True if `err` is a SimError (checked structurally, so it works across package copies). */
export function isSimError(err: unknown): err is SimError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { name?: unknown }).name === 'SimError' &&
    typeof (err as { code?: unknown }).code === 'string'
  );
}

/**
 * One line for an error a learner is shown: `CODE: message` for a SimError
 * or anything shaped like one (`{ code, message }`), an Error's message, or
 * the value as text. Never a stack trace.
 * @example describeError(new SimError('IMDS_UNAVAILABLE', 'no answer')) // 'IMDS_UNAVAILABLE: no answer'
 */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err)
    return `${String(err.code)}: ${String(err.message)}`;
  return err instanceof Error ? err.message : String(err);
}

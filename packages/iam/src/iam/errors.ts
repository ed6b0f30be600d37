/**
 * IAM operating errors: a SimError whose detail carries the real AWS error
 * code (`awsCode`), so a handler can answer with the wire error and a test
 * can switch on the simulation's stable code.
 */
import { SimError, type SimErrorCode, type SimErrorDetail } from '@irsa-lab/core';

/** The AWS IAM error codes this simulation raises. */
export type IamAwsErrorCode =
  | 'InvalidInput'
  | 'ValidationError'
  | 'EntityAlreadyExists'
  | 'LimitExceeded'
  | 'NoSuchEntity'
  | 'MalformedPolicyDocument'
  | 'DeleteConflict';

const SIM_CODE: Readonly<Record<IamAwsErrorCode, SimErrorCode>> = {
  InvalidInput: 'IAM_INVALID_INPUT',
  ValidationError: 'IAM_INVALID_INPUT',
  DeleteConflict: 'IAM_INVALID_INPUT',
  EntityAlreadyExists: 'IAM_ENTITY_ALREADY_EXISTS',
  LimitExceeded: 'IAM_LIMIT_EXCEEDED',
  NoSuchEntity: 'IAM_NO_SUCH_ENTITY',
  MalformedPolicyDocument: 'POLICY_MALFORMED',
};

/** A SimError for an IAM failure; `detail.awsCode` holds the real AWS code. */
export function iamError(
  awsCode: IamAwsErrorCode,
  message: string,
  detail: SimErrorDetail = {},
  cause?: unknown,
): SimError {
  return new SimError(SIM_CODE[awsCode], message, { ...detail, awsCode }, cause === undefined ? undefined : { cause });
}

/** The real AWS code of an IAM SimError, if it carries one. */
export function awsCodeOf(err: SimError): IamAwsErrorCode | undefined {
  const code = err.detail.awsCode;
  return typeof code === 'string' && code in SIM_CODE ? (code as IamAwsErrorCode) : undefined;
}

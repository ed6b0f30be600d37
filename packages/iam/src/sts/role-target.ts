/**
 * The end of every STS call's parameter check, AssumeRole's and
 * AssumeRoleWithWebIdentity's alike: the API model's violations become one
 * ValidationError, and a RoleArn that passed them must still be a role ARN.
 */
import { parseRoleArn } from '../iam/arn.js';
import { type Violation, validationMessage } from '../iam/constraints.js';
import { stsErrors } from './messages.js';
import type { Check } from './web-identity-token.js';

/** The role the call names and its account, once `violations` (the model's constraints) are none. */
export function roleTarget(
  violations: readonly Violation[],
  roleArn: string | undefined,
): Check<{ readonly roleArn: string; readonly accountId: string }> {
  if (violations.length > 0) {
    const error = stsErrors.validation(validationMessage(violations));
    return { ok: false, error, detail: error.message };
  }
  const arn = roleArn as string;
  const parsed = parseRoleArn(arn);
  if (!parsed) return { ok: false, error: stsErrors.invalidArn(), detail: `${arn} is not an IAM role ARN` };
  return { ok: true, value: { roleArn: arn, accountId: parsed.accountId }, detail: 'role ARN' };
}

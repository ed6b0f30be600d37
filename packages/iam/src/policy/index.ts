/**
 * The IAM policy engine: parse policy documents (with line and column in
 * every error) and evaluate requests against them with a full trace.
 */

export { evaluate } from './evaluate.js';
export type { ParsePolicyOptions } from './parse-policy.js';
export { MAX_POLICY_CHARS, parsePolicy, parsePolicyObject } from './parse-policy.js';
export type {
  ConditionEntry,
  ConditionTrace,
  ConditionValue,
  Decision,
  EvaluationResult,
  Policy,
  Principal,
  RequestContext,
  Statement,
  StatementTrace,
} from './types.js';

/**
 * The IAM decision within one account: an applicable Deny anywhere wins
 * (explicit deny), otherwise an applicable Allow allows, otherwise the request
 * is implicitly denied. Every statement of every policy is traced. Not
 * modelled: permission boundaries, SCPs, session policies and cross-account
 * rules, which add further layers on top of this one.
 */
import { lowerContext } from './evaluate-condition.js';
import { statementLabel, traceStatement } from './evaluate-statement.js';
import type { EvaluationResult, Policy, RequestContext, StatementTrace } from './types.js';

function checkRequest(request: RequestContext): void {
  if (typeof request !== 'object' || request === null) throw new TypeError('evaluate: request must be an object');
  if (typeof request.action !== 'string' || request.action === '')
    throw new TypeError('evaluate: request.action must be a non-empty string');
  if (request.resource !== undefined && typeof request.resource !== 'string')
    throw new TypeError('evaluate: request.resource must be a string when given');
  if (typeof request.context !== 'object' || request.context === null)
    throw new TypeError('evaluate: request.context must be an object of condition keys');
  for (const [key, value] of Object.entries(request.context)) {
    const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok)
      throw new TypeError(`evaluate: request.context[${JSON.stringify(key)}] must be a string or a list of strings`);
  }
}

function target(request: RequestContext): string {
  return request.resource === undefined ? request.action : `${request.action} on ${request.resource}`;
}

/**
 * Evaluate `request` against `policies` (identity and resource policies of one account).
 * @example evaluate([trustPolicy], { principal: { type: 'Federated', id: providerArn }, action: 'sts:AssumeRoleWithWebIdentity', context: { [`${issuer}:sub`]: sub } })
 */
export function evaluate(policies: readonly Policy[], request: RequestContext): EvaluationResult {
  if (!Array.isArray(policies)) throw new TypeError('evaluate: policies must be an array');
  checkRequest(request);
  const context = lowerContext(request.context);
  const statements: StatementTrace[] = [];
  for (const policy of policies) {
    for (const statement of policy.statements) statements.push(traceStatement(policy, statement, request, context));
  }
  const deny = statements.find((s) => s.applies && s.effect === 'Deny');
  if (deny) {
    const label = statementLabel(deny.policy, deny.index, deny.sid);
    return {
      decision: 'ExplicitDeny',
      statements,
      decidedBy: { policy: deny.policy, index: deny.index, ...(deny.sid === undefined ? {} : { sid: deny.sid }) },
      reason: `Explicit deny: ${label} denies ${target(request)}; a Deny overrides every Allow.`,
    };
  }
  const allow = statements.find((s) => s.applies && s.effect === 'Allow');
  if (allow) {
    const label = statementLabel(allow.policy, allow.index, allow.sid);
    return {
      decision: 'Allow',
      statements,
      decidedBy: { policy: allow.policy, index: allow.index, ...(allow.sid === undefined ? {} : { sid: allow.sid }) },
      reason: `Allowed: ${label} allows ${target(request)} and no statement denies it.`,
    };
  }
  const scope =
    policies.length === 0
      ? 'no policy was evaluated'
      : `no statement in ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'} allows ${target(request)}`;
  return {
    decision: 'ImplicitDeny',
    statements,
    reason: `Implicit deny: ${scope}, and whatever is not allowed is denied.`,
  };
}

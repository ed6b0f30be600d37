/**
 * Whether one statement applies to a request: principal (resource policies
 * only), action, resource and every condition, each traced so a learner can
 * see which part stopped it. All parts are checked even after one fails, so
 * the trace shows every condition.
 */
import { evaluateCondition, type LowerContext } from './evaluate-condition.js';
import { globMatch, globMatchIgnoreCase } from './glob.js';
import { describeCaller, describePrincipal, principalMatches } from './match-principal.js';
import type { Policy, RequestContext, Statement, StatementTrace } from './types.js';
import { hasVariables, substituteVariables } from './variables.js';

function list(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function matchPrincipal(statement: Statement, request: RequestContext): { matched: boolean | 'n/a'; why?: string } {
  const who = describeCaller(request.principal);
  if (statement.principal) {
    const matched = principalMatches(statement.principal, request.principal);
    return matched
      ? { matched }
      : { matched, why: `${who} is not named in Principal ${describePrincipal(statement.principal)}` };
  }
  if (statement.notPrincipal) {
    const matched = !principalMatches(statement.notPrincipal, request.principal);
    const named = describePrincipal(statement.notPrincipal);
    return matched ? { matched } : { matched, why: `${who} is excluded by NotPrincipal ${named}` };
  }
  return { matched: 'n/a' };
}

function matchAction(statement: Statement, action: string): { matched: boolean; why?: string } {
  if (statement.action) {
    const matched = statement.action.some((pattern) => globMatchIgnoreCase(pattern, action));
    return matched ? { matched } : { matched, why: `action ${action} is not in Action ${list(statement.action)}` };
  }
  const excluded = statement.notAction ?? [];
  const matched = !excluded.some((pattern) => globMatchIgnoreCase(pattern, action));
  return matched ? { matched } : { matched, why: `action ${action} is excluded by NotAction ${list(excluded)}` };
}

/** `pattern` with its policy variables replaced (undefined: it names an absent key), when `context` is given. */
function resolve(pattern: string, context: LowerContext | undefined): string | undefined {
  return context === undefined ? pattern : substituteVariables(pattern, context);
}

/** Resource patterns as written, and as resolved when they hold variables, for a trace. */
function listResolved(patterns: readonly string[], context: LowerContext | undefined): string {
  const shown = list(patterns);
  if (context === undefined || !patterns.some(hasVariables)) return shown;
  const resolved = patterns.map((p) => resolve(p, context) ?? '(a variable with no value)');
  return `${shown} (with the policy variables: ${list(resolved)})`;
}

function matchResource(
  statement: Statement,
  resource: string | undefined,
  variables: LowerContext | undefined,
): { matched: boolean | 'n/a'; why?: string } {
  // A trust policy names no Resource (the role is the resource); a request without one skips the check.
  if (resource === undefined) return { matched: 'n/a' };
  const hits = (pattern: string) => {
    const resolved = resolve(pattern, variables);
    return resolved !== undefined && globMatch(resolved, resource);
  };
  if (statement.resource) {
    const matched = statement.resource.some(hits);
    return matched
      ? { matched }
      : { matched, why: `resource ${resource} is not in Resource ${listResolved(statement.resource, variables)}` };
  }
  if (statement.notResource) {
    const matched = !statement.notResource.some(hits);
    const named = listResolved(statement.notResource, variables);
    return matched ? { matched } : { matched, why: `resource ${resource} is excluded by NotResource ${named}` };
  }
  return { matched: 'n/a' };
}

/** A statement as a learner would find it: `statement 0 ("AllowBilling") of "trust policy of role/billing"`. */
export function statementLabel(policy: string, index: number, sid: string | undefined): string {
  return `statement ${index}${sid === undefined ? '' : ` (${JSON.stringify(sid)})`} of ${JSON.stringify(policy)}`;
}

/** Trace one statement of one policy against the request. */
export function traceStatement(
  policy: Policy,
  statement: Statement,
  request: RequestContext,
  context: LowerContext,
): StatementTrace {
  const principal = matchPrincipal(statement, request);
  const action = matchAction(statement, request.action);
  // policy variables exist from Version 2012-10-17 on; older policies keep `${...}` as text
  const variables = policy.version === '2012-10-17';
  const resource = matchResource(statement, request.resource, variables ? context : undefined);
  const conditions = statement.conditions.map((entry) => evaluateCondition(entry, context, variables));
  const failures = [principal.why, action.why, resource.why].filter((why) => why !== undefined);
  for (const condition of conditions) if (!condition.matched) failures.push(`condition failed: ${condition.reason}`);
  const applies = failures.length === 0;
  const label = statementLabel(policy.name, statement.index, statement.sid);
  const checked = [
    principal.matched === 'n/a' ? undefined : 'principal',
    'action',
    resource.matched === 'n/a' ? undefined : 'resource',
  ].filter((part) => part !== undefined);
  const held = conditions.length === 0 ? 'it has no conditions' : `all ${conditions.length} condition(s) hold`;
  const verb = statement.effect === 'Allow' ? 'allows' : 'denies';
  const reason = applies
    ? `${capitalise(label)} ${verb} the request: ${checked.join(', ')} match; ${held}.`
    : `${capitalise(label)} does not apply: ${failures.join('; ')}.`;
  return {
    policy: policy.name,
    index: statement.index,
    ...(statement.sid === undefined ? {} : { sid: statement.sid }),
    effect: statement.effect,
    principalMatched: principal.matched,
    actionMatched: action.matched,
    resourceMatched: resource.matched,
    conditions,
    applies,
    reason,
    ...(statement.line === undefined ? {} : { line: statement.line }),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

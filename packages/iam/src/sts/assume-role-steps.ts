/**
 * The steps of AssumeRole: its parameters against the API model, who is
 * calling (a role session that signed the request, or an AWS service the
 * network vouches for), and the authorization: the role's trust policy must
 * allow sts:AssumeRole, and sts:TagSession as well when the new session gets
 * tags; a role session also needs its own identity policies to allow the
 * call unless the trust policy names it directly in the same account.
 */
import { isoSeconds } from '@irsa-lab/core';
import { callerOf } from '@irsa-lab/net';
import { checkInteger, checkString, STS_ARN, STS_SESSION_NAME, STS_SESSION_POLICY } from '../iam/constraints.js';
import type { Role, SessionCredentials } from '../iam/types.js';
import { evaluate } from '../policy/index.js';
import type { EvaluationResult, Policy, RequestContext } from '../policy/types.js';
import { sessionSecrets, verifySigV4 } from '../sigv4/verify-sigv4.js';
import { stsErrors } from './messages.js';
import { roleTarget } from './role-target.js';
import { type Run, signingRegionOfHost } from './run.js';
import type { SessionTagSet } from './session-tags.js';
import { tagViolations } from './session-tags.js';
import type { AssumeRoleParams, StsError } from './types.js';
import type { Check } from './web-identity-token.js';

/** Who asked for the role. */
export type AssumeRoleCaller =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'session'; readonly session: SessionCredentials };

/** The parameters once they passed the API constraints. */
export interface ValidAssumeRoleParams {
  readonly roleArn: string;
  readonly accountId: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
}

const EXTERNAL_ID_REGEX = /^[\w+=,.@:/-]*$/;

/** The API model's constraints, then the role ARN's shape. */
export function validateAssumeRoleParams(p: AssumeRoleParams): Check<ValidAssumeRoleParams> {
  const violations = [
    ...checkString('roleArn', p.RoleArn, { ...STS_ARN, required: true }),
    ...checkString('roleSessionName', p.RoleSessionName, { ...STS_SESSION_NAME, required: true }),
    ...(p.PolicyArns ?? []).flatMap((a, i) => checkString(`policyArns.${i + 1}.member.arn`, a.arn, STS_ARN)),
    ...checkString('policy', p.Policy, STS_SESSION_POLICY),
    ...checkInteger('durationSeconds', p.DurationSeconds === undefined ? undefined : String(p.DurationSeconds), {
      min: 900,
      max: 43200,
    }),
    ...tagViolations(p.Tags, p.TransitiveTagKeys),
    ...checkString('externalId', p.ExternalId, {
      min: 2,
      max: 1224,
      pattern: '[\\w+=,.@:\\/-]*',
      regex: EXTERNAL_ID_REGEX,
    }),
    ...checkString('sourceIdentity', p.SourceIdentity, STS_SESSION_NAME),
  ];
  const target = roleTarget(violations, p.RoleArn);
  if (!target.ok) return target;
  const value: ValidAssumeRoleParams = {
    ...target.value,
    roleSessionName: p.RoleSessionName as string,
    ...(p.DurationSeconds === undefined ? {} : { durationSeconds: Number(p.DurationSeconds) }),
  };
  return { ok: true, value, detail: 'parameters satisfy the API constraints' };
}

/**
 * Who is calling. Simplification: an AWS service calls STS on your behalf
 * with credentials of its own (CloudTrail shows `userIdentity.type:
 * AWSService`); here the simulated network vouches for it, so an unsigned
 * request from a caller of kind `aws-service` is that service's.
 */
export async function authenticateCaller(run: Run, request: Request, body: string): Promise<Check<AssumeRoleCaller>> {
  const from = callerOf(request);
  // a signed request is the signer's, whoever carries it (EKS Auth signs the target-role hop with the first session)
  if (from.kind === 'aws-service' && !request.headers.has('authorization')) {
    return { ok: true, value: { kind: 'service', service: from.id }, detail: `the AWS service ${from.id} calls` };
  }
  const { deps } = run;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const region = signingRegionOfHost(host);
  const verified = await verifySigV4(
    request,
    body,
    sessionSecrets((id) => deps.iam.lookupAccessKey(id)),
    {
      service: 'sts',
      nowMs: run.nowMs,
      requestNowMs: deps.requestClock.nowMs(),
      ...(region === undefined ? {} : { region }),
    },
  );
  const session = verified.ok ? deps.iam.lookupAccessKey(verified.accessKeyId) : undefined;
  if (!verified.ok || !session) {
    const error = verified.ok ? stsErrors.invalidClientTokenId() : verified.error;
    return { ok: false, error, detail: `${verified.ok ? 'the session vanished' : verified.reason}: ${error.message}` };
  }
  return {
    ok: true,
    value: { kind: 'session', session },
    detail: `signed by ${session.AccessKeyId} of ${session.assumedRoleArn}`,
  };
}

/** The caller as a principal of a policy request, and as AccessDenied names it. */
export function principalOf(caller: AssumeRoleCaller): {
  principal: NonNullable<RequestContext['principal']>;
  who: string;
} {
  return caller.kind === 'service'
    ? { principal: { type: 'Service', id: caller.service }, who: caller.service }
    : { principal: { type: 'AWS', id: caller.session.assumedRoleArn }, who: caller.session.assumedRoleArn };
}

/**
 * The condition keys of the request. Simplification: the EKS user guide's
 * target-role trust policy tests `aws:RequestTag/<key>` for tags the chained
 * session inherits, while the STS API reference refuses passing an inherited
 * key again; how EKS reconciles the two is not documented, so here a
 * session's inherited transitive tags count as request tags of the chained
 * AssumeRole (and need sts:TagSession).
 */
export function assumeRoleContext(
  nowMs: number,
  caller: AssumeRoleCaller,
  params: AssumeRoleParams,
  tags: SessionTagSet,
): Record<string, string | readonly string[]> {
  const context: Record<string, string | readonly string[]> = {
    'aws:CurrentTime': isoSeconds(nowMs),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
    'sts:RoleSessionName': params.RoleSessionName ?? '',
  };
  if (params.ExternalId !== undefined) context['sts:ExternalId'] = params.ExternalId;
  if (params.SourceIdentity !== undefined) context['sts:SourceIdentity'] = params.SourceIdentity;
  if (caller.kind === 'service') {
    context['aws:PrincipalServiceName'] = caller.service;
    context['aws:PrincipalIsAWSService'] = 'true';
  } else {
    const s = caller.session;
    context['aws:PrincipalArn'] = s.roleArn;
    context['aws:PrincipalAccount'] = s.accountId;
    context['aws:PrincipalType'] = 'AssumedRole';
    context['aws:userid'] = s.assumedRoleId;
    context['aws:PrincipalIsAWSService'] = 'false';
    for (const tag of s.sessionTags ?? []) context[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
    if (s.sourceIdentity !== undefined) context['aws:SourceIdentity'] = s.sourceIdentity;
  }
  for (const tag of tags.tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.tags.length > 0) context['aws:TagKeys'] = tags.tags.map((t) => t.Key);
  if (tags.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = [...tags.transitiveTagKeys];
  return context;
}

/** An account-wide principal entry (`111122223333`, `arn:aws:iam::111122223333:root`). */
function accountWide(entry: string): boolean {
  return /^\d{12}$/.test(entry) || /^arn:[^:]+:iam::\d{12}:root$/.test(entry);
}

/** Whether the deciding trust statement names the caller's role or session itself (not only its account). */
function namesCallerDirectly(role: Role, trust: EvaluationResult, session: SessionCredentials): boolean {
  const statement = role.trustPolicy.statements.find((s) => s.index === trust.decidedBy?.index);
  const entries = statement?.principal?.kind === 'map' ? (statement.principal.AWS ?? []) : [];
  return entries.some((e) => !accountWide(e) && (e === session.roleArn || e === session.assumedRoleArn));
}

/** The calling session's identity policies (its role's inline policies) and session policy, for `action` on the role. */
function identityEvaluations(
  run: Run,
  session: SessionCredentials,
  request: RequestContext,
): { identity: EvaluationResult; sessionPolicy?: EvaluationResult } {
  const callerRole = run.deps.iam.findRoleByArn(session.roleArn);
  const policies: Policy[] = (callerRole?.inlinePolicies ?? []).map((p) => p.policy);
  const identity = evaluate(policies, request);
  return session.sessionPolicy ? { identity, sessionPolicy: evaluate([session.sessionPolicy], request) } : { identity };
}

/** One action (sts:AssumeRole or sts:TagSession) against the trust policy and, for role sessions, their own policies. */
export function authorizeAction(
  run: Run,
  role: Role,
  caller: AssumeRoleCaller,
  action: string,
  context: Record<string, string | readonly string[]>,
): Check<void> {
  const { principal, who } = principalOf(caller);
  const request: RequestContext = { principal, action, context };
  const trust = evaluate([role.trustPolicy], request);
  const trustOk = trust.decision === 'Allow';
  run.push({ step: `evaluate-trust-policy (${action})`, ok: trustOk, detail: trust.reason, evaluation: trust });
  const denied = (detail: string): Check<void> => ({
    ok: false,
    error: stsErrors.notAuthorized(who, action, role.Arn),
    detail,
  });
  if (!trustOk) return denied(trust.reason);
  if (caller.kind === 'service') return { ok: true, value: undefined, detail: trust.reason };
  const session = caller.session;
  const { identity, sessionPolicy } = identityEvaluations(run, session, { ...request, resource: role.Arn });
  const sameAccount = session.accountId === role.accountId;
  const direct = sameAccount && namesCallerDirectly(role, trust, session);
  const identityOk =
    identity.decision === 'Allow' && (sessionPolicy === undefined || sessionPolicy.decision === 'Allow');
  const explicitDeny = identity.decision === 'ExplicitDeny' || sessionPolicy?.decision === 'ExplicitDeny';
  const ok = !explicitDeny && (identityOk || direct);
  const rule = sameAccount
    ? direct
      ? 'the trust policy names the caller itself, so its own policies need not allow it'
      : "the trust policy names the caller's account, so the caller's own policies must allow it too"
    : "cross-account: the caller's own policies must allow it too";
  const detail = `${rule}: ${identity.reason}`;
  run.push({ step: `evaluate-identity-policy (${action})`, ok, detail, evaluation: identity });
  return ok ? { ok: true, value: undefined, detail } : denied(detail);
}

/** Duration within the role's maximum, and at most an hour when the caller is itself a role session. */
export function checkDuration(
  caller: AssumeRoleCaller,
  role: Role,
  durationSeconds: number,
): { ok: true } | { ok: false; error: StsError; detail: string } {
  if (caller.kind === 'session' && durationSeconds > 3600) {
    return {
      ok: false,
      error: stsErrors.chainedDurationTooLong(),
      detail: `DurationSeconds ${durationSeconds}: a role session assuming a role (role chaining) gets at most 3600`,
    };
  }
  // [INFERRED] a service assuming a role on the account's behalf is not held to the role's MaxSessionDuration:
  // EKS Auth asks for 21600 s (real CloudTrail) and Pod Identity works with roles of the default 1-hour limit
  if (caller.kind === 'session' && durationSeconds > role.MaxSessionDuration) {
    return {
      ok: false,
      error: stsErrors.durationExceedsMax(),
      detail: `DurationSeconds ${durationSeconds} is more than the role's MaxSessionDuration ${role.MaxSessionDuration}`,
    };
  }
  return { ok: true };
}

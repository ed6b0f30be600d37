/**
 * IAM's part in every signed AWS call, for services outside this package
 * (EKS and EKS Auth, wired in by the assembly): verify the SigV4 signature
 * against the credential store, then evaluate the caller role's identity
 * policies (and its session policy) for the action on the resource, with
 * the principal's keys, session tags included, in the context. Also: does
 * a role's trust policy let an AWS service assume it (what EKS checks when
 * an association names the role).
 */
import { isoSeconds } from '@irsa-lab/core';
import { evaluate } from '../policy/evaluate.js';
import { globMatchIgnoreCase } from '../policy/glob.js';
import { principalMatches } from '../policy/match-principal.js';
import type { EvaluationResult } from '../policy/types.js';
import type { SigV4FailureReason } from '../sigv4/sigv4.js';
import { sessionSecrets, verifySigV4 } from '../sigv4/verify-sigv4.js';
import type { Iam, Role, SessionCredentials } from './types.js';

/** What to check a request for. */
export interface AuthorizeRequestOptions {
  /** The SigV4 signing name (`eks`, `eks-auth`). */
  readonly service: string;
  readonly action: string;
  readonly resource: string;
  /** Simulated now (credential expiry, policy time keys). */
  readonly nowMs: number;
  /** The clock X-Amz-Date is compared with (serve mode); default `nowMs`. */
  readonly requestNowMs?: number;
}

/** Who signed, and whether their policies allow the action. */
export type RequestAuthorization =
  | {
      readonly ok: true;
      readonly session: SessionCredentials;
      readonly evaluation: EvaluationResult;
      readonly reason: string;
    }
  | {
      readonly ok: false;
      readonly failure: 'unauthenticated' | 'denied';
      readonly reason: string;
      readonly sigv4?: SigV4FailureReason;
      readonly message: string;
      readonly session?: SessionCredentials;
      readonly evaluation?: EvaluationResult;
    };

function principalContext(session: SessionCredentials, nowMs: number): Record<string, string> {
  return {
    'aws:PrincipalArn': session.roleArn,
    'aws:PrincipalAccount': session.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': session.assumedRoleId,
    'aws:CurrentTime': isoSeconds(nowMs),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
    ...Object.fromEntries((session.sessionTags ?? []).map((t) => [`aws:PrincipalTag/${t.Key}`, t.Value])),
  };
}

/**
 * Verify and authorize a signed request to another service.
 * @example await authorizeRequest(iam, request, body, { service: 'eks-auth', action: 'eks-auth:AssumeRoleForPodIdentity', resource: clusterArn, nowMs })
 */
export async function authorizeRequest(
  iam: Iam,
  request: Request,
  body: string,
  options: AuthorizeRequestOptions,
): Promise<RequestAuthorization> {
  const verified = await verifySigV4(
    request,
    body,
    sessionSecrets((id) => iam.lookupAccessKey(id)),
    {
      service: options.service,
      nowMs: options.nowMs,
      ...(options.requestNowMs === undefined ? {} : { requestNowMs: options.requestNowMs }),
    },
  );
  if (!verified.ok) {
    return {
      ok: false,
      failure: 'unauthenticated',
      sigv4: verified.reason,
      reason: `the signature does not hold (${verified.reason})`,
      message: verified.error.message,
    };
  }
  const session = iam.lookupAccessKey(verified.accessKeyId) as SessionCredentials;
  const role = iam.findRoleByArn(session.roleArn);
  const request_ = {
    principal: { type: 'AWS' as const, id: session.assumedRoleArn },
    action: options.action,
    resource: options.resource,
    context: principalContext(session, options.nowMs),
  };
  const evaluation = evaluate(
    (role?.inlinePolicies ?? []).map((p) => p.policy),
    request_,
  );
  const sessionPolicy = session.sessionPolicy ? evaluate([session.sessionPolicy], request_) : undefined;
  const allowed =
    evaluation.decision === 'Allow' && (sessionPolicy === undefined || sessionPolicy.decision === 'Allow');
  if (!allowed) {
    const reason = sessionPolicy && sessionPolicy.decision !== 'Allow' ? sessionPolicy.reason : evaluation.reason;
    return { ok: false, failure: 'denied', reason, message: reason, session, evaluation };
  }
  return { ok: true, session, evaluation, reason: `${session.assumedRoleArn}: ${evaluation.reason}` };
}

/**
 * Whether `role`'s trust policy has an Allow statement that names the
 * service `service` (or `*`) for sts:AssumeRole, conditions aside.
 */
export function trustsService(role: Pick<Role, 'trustPolicy'>, service: string): boolean {
  return role.trustPolicy.statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.principal !== undefined &&
      principalMatches(s.principal, { type: 'Service', id: service }) &&
      (s.action ?? []).some((a) => globMatchIgnoreCase(a, 'sts:AssumeRole')),
  );
}

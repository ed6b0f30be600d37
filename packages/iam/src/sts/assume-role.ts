/**
 * AssumeRole: a SigV4-signed call by an assumed-role session (a node's
 * instance profile, for kube2iam) for another role's credentials. The
 * signature is verified as for GetCallerIdentity; then the caller's identity
 * policies must allow `sts:AssumeRole` on the role, and the role's trust
 * policy must allow the caller (`{ AWS: <session ARN> }`, which a statement
 * naming the role ARN or the account also matches). Every call leaves a
 * CloudTrail record.
 *
 * Simplification: both policies must allow, as kube2iam's README asks for
 * both; within one account AWS also lets a trust policy that names the
 * caller's role ARN grant on its own. Not modelled: ExternalId, session
 * policies and tags, SourceIdentity, MFA.
 */
import { isoSeconds } from '@irsa-lab/core';
import { parseRoleArn } from '../iam/arn.js';
import {
  ARN_PATTERN,
  ARN_REGEX,
  checkInteger,
  checkString,
  NAME_CHARS,
  validationMessage,
} from '../iam/constraints.js';
import type { SessionCredentials } from '../iam/types.js';
import { evaluate } from '../policy/index.js';
import { recordAssumeRole } from './cloudtrail.js';
import { stsErrors } from './messages.js';
import { Run, regionOfHost, requestMeta, type StsDeps, signingRegionOfHost } from './run.js';
import type { AssumeRoleResult, StsError, StsOutcome } from './types.js';
import { sessionSecrets, verifySigV4 } from './verify-sigv4.js';

const DEFAULT_DURATION_SECONDS = 3600;

/** The request's parameters, checked against the API model. */
function parameters(
  form: URLSearchParams,
): { roleArn: string; sessionName: string; durationSeconds: number } | StsError {
  const roleArn = form.get('RoleArn') ?? undefined;
  const sessionName = form.get('RoleSessionName') ?? undefined;
  const duration = form.get('DurationSeconds') ?? undefined;
  const violations = [
    ...checkString('roleArn', roleArn, { required: true, min: 20, max: 2048, pattern: ARN_PATTERN, regex: ARN_REGEX }),
    ...checkString('roleSessionName', sessionName, {
      required: true,
      min: 2,
      max: 64,
      pattern: '[\\w+=,.@-]*',
      regex: NAME_CHARS,
    }),
    ...checkInteger('durationSeconds', duration, { min: 900, max: 43200 }),
  ];
  if (violations.length > 0) return stsErrors.validation(validationMessage(violations));
  if (!parseRoleArn(roleArn as string)) return stsErrors.invalidArn();
  const durationSeconds = duration === undefined ? DEFAULT_DURATION_SECONDS : Number(duration);
  return { roleArn: roleArn as string, sessionName: sessionName as string, durationSeconds };
}

/** Identity policies of the caller, then the role's trust policy; the role's credentials, or AccessDenied. */
function decide(
  run: Run,
  caller: SessionCredentials,
  p: { roleArn: string; sessionName: string; durationSeconds: number },
): AssumeRoleResult | StsError {
  const { iam } = run.deps;
  const denied = stsErrors.assumeRoleDenied(caller.assumedRoleArn, p.roleArn);
  const identity = evaluate(iam.findRoleByArn(caller.roleArn)?.inlinePolicies.map((x) => x.policy) ?? [], {
    principal: { type: 'AWS', id: caller.assumedRoleArn },
    action: 'sts:AssumeRole',
    resource: p.roleArn,
    context: { 'aws:PrincipalArn': caller.roleArn },
  });
  run.push({
    step: 'evaluate-identity-policies',
    ok: identity.decision === 'Allow',
    detail: identity.reason,
    evaluation: identity,
  });
  if (identity.decision !== 'Allow') return denied;
  const role = iam.findRoleByArn(p.roleArn);
  if (!role) {
    run.push({ step: 'find-role', ok: false, detail: `no role ${p.roleArn} exists` });
    return denied;
  }
  run.push({ step: 'find-role', ok: true, detail: `role ${role.Arn} (${role.RoleId})` });
  const trust = evaluate([role.trustPolicy], {
    principal: { type: 'AWS', id: caller.assumedRoleArn },
    action: 'sts:AssumeRole',
    context: { 'aws:PrincipalArn': caller.roleArn },
  });
  run.push({ step: 'evaluate-trust-policy', ok: trust.decision === 'Allow', detail: trust.reason, evaluation: trust });
  if (trust.decision !== 'Allow') return denied;
  if (p.durationSeconds > role.MaxSessionDuration) return stsErrors.durationExceedsMax();
  const creds = iam.issueSessionCredentials({
    roleArn: role.Arn,
    roleSessionName: p.sessionName,
    durationSeconds: p.durationSeconds,
    kind: 'assume-role',
  });
  const detail = `${creds.AccessKeyId} for ${creds.assumedRoleArn}, valid until ${isoSeconds(creds.ExpirationMs)}`;
  run.push({ step: 'issue-credentials', ok: true, detail });
  return {
    Credentials: {
      AccessKeyId: creds.AccessKeyId,
      SecretAccessKey: creds.SecretAccessKey,
      SessionToken: creds.SessionToken,
      Expiration: isoSeconds(creds.ExpirationMs),
    },
    AssumedRoleUser: { Arn: creds.assumedRoleArn, AssumedRoleId: creds.assumedRoleId },
  };
}

/** Run AssumeRole for the signed `request` whose form body is `bodyText`; never throws for a bad request. */
export async function assumeRole(
  deps: StsDeps,
  request: Request,
  bodyText: string,
): Promise<StsOutcome<AssumeRoleResult>> {
  const run = new Run(deps);
  const meta = requestMeta(request);
  const signingRegion = signingRegionOfHost(meta.host);
  const verified = await verifySigV4(
    request,
    bodyText,
    sessionSecrets((id) => deps.iam.lookupAccessKey(id)),
    {
      service: 'sts',
      nowMs: run.nowMs,
      requestNowMs: deps.requestClock.nowMs(),
      ...(signingRegion === undefined ? {} : { region: signingRegion }),
    },
  );
  const caller = verified.ok ? deps.iam.lookupAccessKey(verified.accessKeyId) : undefined;
  const form = new URLSearchParams(bodyText);
  const facts = {
    requestId: run.requestId,
    eventId: deps.ids.uuid(),
    nowMs: run.nowMs,
    region: regionOfHost(meta, deps.region),
    meta,
  };
  const base = { requestId: run.requestId, trace: run.trace };
  let outcome: AssumeRoleResult | StsError;
  if (!verified.ok || !caller) {
    outcome = verified.ok ? stsErrors.invalidClientTokenId() : verified.error;
    run.push({ step: 'verify-signature', ok: false, detail: verified.ok ? 'the session vanished' : verified.reason });
  } else {
    run.push({
      step: 'verify-signature',
      ok: true,
      detail: `signed by ${caller.AccessKeyId} of ${caller.assumedRoleArn}`,
    });
    const p = parameters(form);
    outcome = 'code' in p ? p : decide(run, caller, p);
  }
  const error = 'code' in outcome ? outcome : undefined;
  recordAssumeRole(
    deps.log,
    { ...facts, accountId: caller?.accountId },
    caller,
    form,
    error ? undefined : (outcome as AssumeRoleResult),
    error,
  );
  return error ? { ok: false, error, ...base } : { ok: true, result: outcome as AssumeRoleResult, ...base };
}

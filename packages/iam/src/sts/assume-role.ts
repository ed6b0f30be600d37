/**
 * AssumeRole, step by step: parameters, the caller (a signed role session
 * or an AWS service), session tags with what the caller passes on, the role
 * and its trust policy (sts:AssumeRole, then sts:TagSession when the
 * session gets tags), the session checks, then credentials that carry the
 * tags. Every call, allowed or denied, leaves a CloudTrail record.
 */
import { isoSeconds } from '@irsa-lab/core';
import { parseRoleArn } from '../iam/arn.js';
import type { Role } from '../iam/types.js';
import {
  type AssumeRoleCaller,
  assumeRoleContext,
  authenticateCaller,
  authorizeAction,
  checkDuration,
  type ValidAssumeRoleParams,
  validateAssumeRoleParams,
} from './assume-role-steps.js';
import { type AssumeRoleFacts, recordAssumeRole } from './cloudtrail-assume-role.js';
import { stsErrors } from './messages.js';
import { formParam, policyArnsParam, Run, regionOfHost, requestMeta, type StsDeps } from './run.js';
import { combineTags, inheritedTags, type SessionTagSet, tagsParam, transitiveKeysParam } from './session-tags.js';
import type { AssumeRoleParams, AssumeRoleResult, StsError, StsOutcome } from './types.js';
import { checkSession, DEFAULT_DURATION_SECONDS } from './web-identity-steps.js';
import type { Check } from './web-identity-token.js';

type Done = { result: AssumeRoleResult; expirationMs: number } | { error: StsError };

/** Characters of tags one percent of the packed size holds (Simplification: AWS's packing is not documented). */
const TAG_CHARS_PER_PERCENT = 5.12;

/** AssumeRole's parameters from a Query form. */
export function assumeRoleParams(form: URLSearchParams): AssumeRoleParams {
  const pick = (name: string) => formParam(form, name);
  const arns = policyArnsParam(form);
  const tags = tagsParam(form);
  const transitive = transitiveKeysParam(form);
  const optional = {
    RoleArn: pick('RoleArn'),
    RoleSessionName: pick('RoleSessionName'),
    DurationSeconds: pick('DurationSeconds'),
    Policy: pick('Policy'),
    ExternalId: pick('ExternalId'),
    SourceIdentity: pick('SourceIdentity'),
  };
  return {
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(arns ? { PolicyArns: arns } : {}),
    ...(tags ? { Tags: tags } : {}),
    ...(transitive ? { TransitiveTagKeys: transitive } : {}),
  };
}

/** Caller, tags and role: everything before the policies are evaluated. */
async function prepare(
  run: Run,
  request: Request,
  body: string,
  params: AssumeRoleParams,
  facts: AssumeRoleFacts,
): Promise<Check<{ valid: ValidAssumeRoleParams; caller: AssumeRoleCaller; tags: SessionTagSet; role: Role }>> {
  const valid = run.step('validate-parameters', validateAssumeRoleParams(params));
  if (!valid.ok) return valid;
  facts.durationSeconds = valid.value.durationSeconds;
  const caller = run.step('authenticate-caller', await authenticateCaller(run, request, body));
  if (!caller.ok) return caller;
  facts.caller = caller.value;
  const inherited = caller.value.kind === 'session' ? inheritedTags(caller.value.session) : [];
  facts.inherited = inherited;
  const combined = combineTags(params.Tags ?? [], params.TransitiveTagKeys ?? [], inherited);
  const tagDetail = combined.ok
    ? `${combined.value.requested.length} tag(s) passed, ${inherited.length} inherited`
    : combined.detail;
  run.step('session-tags', combined.ok ? { ok: true, value: undefined, detail: tagDetail } : combined);
  if (!combined.ok) return combined;
  const role = run.deps.iam.findRoleByArn(valid.value.roleArn);
  if (!role) {
    const who = caller.value.kind === 'service' ? caller.value.service : caller.value.session.assumedRoleArn;
    const error = stsErrors.notAuthorized(who, 'sts:AssumeRole', valid.value.roleArn);
    return run.step('find-role', { ok: false, error, detail: `no role ${valid.value.roleArn} exists` });
  }
  run.step('find-role', { ok: true, value: role, detail: `role ${role.Arn} (${role.RoleId})` });
  return { ok: true, value: { valid: valid.value, caller: caller.value, tags: combined.value, role }, detail: '' };
}

/** Trust (and TagSession), session checks, then credentials. */
function issue(
  run: Run,
  params: AssumeRoleParams,
  prepared: { valid: ValidAssumeRoleParams; caller: AssumeRoleCaller; tags: SessionTagSet; role: Role },
): Done {
  const { valid, caller, tags, role } = prepared;
  const context = assumeRoleContext(run.nowMs, caller, params, tags);
  const assume = authorizeAction(run, role, caller, 'sts:AssumeRole', context);
  if (!assume.ok) return assume;
  if (tags.tags.length > 0) {
    const tagging = authorizeAction(run, role, caller, 'sts:TagSession', context);
    if (!tagging.ok) return tagging;
  }
  const durationSeconds = valid.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  const duration = checkDuration(caller, role, durationSeconds);
  if (!duration.ok) {
    run.step('check-session', duration);
    return duration;
  }
  // checkDuration held the duration to the right limit; the session policy checks come from checkSession
  const limits = caller.kind === 'service' ? { ...role, MaxSessionDuration: 43200 } : role;
  const session = run.step('check-session', checkSession(params, limits, durationSeconds));
  if (!session.ok) return session;
  const { sessionPolicy } = session.value;
  const tagChars = tags.requested.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  const packed =
    tagChars === 0
      ? session.value.packedPolicySize
      : (session.value.packedPolicySize ?? 0) + Math.ceil(tagChars / TAG_CHARS_PER_PERCENT);
  if (packed !== undefined && packed > 100) {
    const tooLarge = {
      ok: false,
      error: stsErrors.packedPolicyTooLarge(packed),
      detail: `packed size ${packed}%`,
    } as const;
    run.step('check-session', tooLarge);
    return tooLarge;
  }
  const sourceIdentity =
    caller.kind === 'session' ? (caller.session.sourceIdentity ?? params.SourceIdentity) : params.SourceIdentity;
  const creds = run.deps.iam.issueSessionCredentials({
    kind: 'assume-role',
    roleArn: role.Arn,
    roleSessionName: valid.roleSessionName,
    durationSeconds,
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    ...(sessionPolicy ? { sessionPolicy } : {}),
    sessionTags: tags.tags,
    transitiveTagKeys: tags.transitiveTagKeys,
  });
  const result: AssumeRoleResult = {
    Credentials: {
      AccessKeyId: creds.AccessKeyId,
      SecretAccessKey: creds.SecretAccessKey,
      SessionToken: creds.SessionToken,
      Expiration: isoSeconds(creds.ExpirationMs),
    },
    AssumedRoleUser: { Arn: creds.assumedRoleArn, AssumedRoleId: creds.assumedRoleId },
    ...(packed === undefined ? {} : { PackedPolicySize: packed }),
    ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
  };
  const tagged = tags.tags.length > 0 ? ` with ${tags.tags.length} session tag(s)` : '';
  const detail = `${creds.AccessKeyId} for ${creds.assumedRoleArn}${tagged}, valid until ${result.Credentials.Expiration}`;
  run.step('issue-credentials', { ok: true, value: undefined, detail });
  return { result, expirationMs: creds.ExpirationMs };
}

/** Run AssumeRole for `request` (form parameters in `bodyText`, or the query of a GET); never throws for a bad request. */
export async function assumeRole(
  deps: StsDeps,
  request: Request,
  bodyText?: string,
): Promise<StsOutcome<AssumeRoleResult>> {
  const run = new Run(deps);
  const body = bodyText ?? (request.method.toUpperCase() === 'GET' ? '' : await request.clone().text());
  const form = request.method.toUpperCase() === 'GET' ? new URL(request.url).searchParams : new URLSearchParams(body);
  const params = assumeRoleParams(form);
  const meta = requestMeta(request);
  const facts: AssumeRoleFacts = {
    requestId: run.requestId,
    eventId: deps.ids.uuid(),
    nowMs: run.nowMs,
    region: regionOfHost(meta, deps.region),
    meta,
    params,
    accountId: params.RoleArn === undefined ? undefined : parseRoleArn(params.RoleArn)?.accountId,
  };
  const prepared = await prepare(run, request, body, params, facts);
  const done: Done = prepared.ok ? issue(run, params, prepared.value) : prepared;
  recordAssumeRole(deps, facts, done);
  const base = { requestId: run.requestId, trace: run.trace };
  return 'error' in done ? { ok: false, error: done.error, ...base } : { ok: true, result: done.result, ...base };
}

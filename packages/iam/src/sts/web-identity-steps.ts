/**
 * The steps of AssumeRoleWithWebIdentity that need more than the token:
 * input validation against the API model, the OIDC provider lookup in the
 * role's account, the discovery + JWKS fetch and signature check (with one
 * refetch on an unknown kid), the trust policy evaluation, and the checks of
 * the requested session (duration, session policy, packed size).
 */
import { isoSeconds, isSimError } from '@irsa-lab/core';
import type { JWTPayload } from 'jose';
import { checkInteger, checkString, STS_ARN, STS_SESSION_NAME, STS_SESSION_POLICY } from '../iam/constraints.js';
import { parseDocument } from '../iam/roles.js';
import type { OpenIdConnectProvider, Role } from '../iam/types.js';
import { evaluate } from '../policy/index.js';
import type { Policy } from '../policy/types.js';
import type { JwksFailure } from './jwks-cache.js';
import { stsErrors } from './messages.js';
import { roleTarget } from './role-target.js';
import type { Run } from './run.js';
import type { AssumeRoleWithWebIdentityParams, StsError } from './types.js';
import { type Check, verifySignature } from './web-identity-token.js';

/** Most plaintext of session policies (Policy plus PolicyArns), characters. */
export const MAX_SESSION_POLICY_PLAINTEXT = 2048;
/** Session length when DurationSeconds is not given. */
export const DEFAULT_DURATION_SECONDS = 3600;

/** The parameters once they passed the API constraints. */
export interface ValidParams {
  readonly roleArn: string;
  readonly accountId: string;
  readonly roleSessionName: string;
  readonly token: string;
  readonly durationSeconds?: number;
}

/** The API model's constraints, then the role ARN's shape. */
export function validateParams(p: AssumeRoleWithWebIdentityParams): Check<ValidParams> {
  const violations = [
    ...checkString('roleArn', p.RoleArn, { ...STS_ARN, required: true }),
    ...checkString('roleSessionName', p.RoleSessionName, { ...STS_SESSION_NAME, required: true }),
    ...checkString('webIdentityToken', p.WebIdentityToken, { required: true, min: 4, max: 20000, sensitive: true }),
    ...checkString('providerId', p.ProviderId, { min: 4, max: 2048 }),
    ...(p.PolicyArns ?? []).flatMap((a, i) => checkString(`policyArns.${i + 1}.member.arn`, a.arn, STS_ARN)),
    ...checkString('policy', p.Policy, STS_SESSION_POLICY),
    ...checkInteger('durationSeconds', p.DurationSeconds === undefined ? undefined : String(p.DurationSeconds), {
      min: 900,
      max: 43200,
    }),
  ];
  const target = roleTarget(violations, p.RoleArn);
  if (!target.ok) return target;
  const value: ValidParams = {
    ...target.value,
    roleSessionName: p.RoleSessionName as string,
    token: p.WebIdentityToken as string,
    ...(p.DurationSeconds === undefined ? {} : { durationSeconds: Number(p.DurationSeconds) }),
  };
  return { ok: true, value, detail: 'parameters satisfy the API constraints' };
}

/** The provider registered in the role's account for exactly `iss`. */
export function findProvider(run: Run, accountId: string, iss: string): Check<OpenIdConnectProvider> {
  const provider = run.deps.iam.findOpenIdConnectProviderByUrl(accountId, iss);
  if (provider) return { ok: true, value: provider, detail: `provider ${provider.Arn} has URL ${iss}` };
  const other = iss.endsWith('/') ? iss.slice(0, -1) : `${iss}/`;
  const near = run.deps.iam.findOpenIdConnectProviderByUrl(accountId, other);
  const hint = near ? ` (one is registered for ${other}: a trailing slash differs)` : '';
  return {
    ok: false,
    error: stsErrors.noProvider(iss),
    detail: `no provider in account ${accountId} has URL ${iss}${hint}`,
  };
}

function fetchFailure(f: JwksFailure): StsError {
  return f.kind === 'unreachable' ? stsErrors.idpUnreachable() : stsErrors.noVerificationKey();
}

/** Fetch (or reuse) the issuer's keys and verify the signature; refetch once on an unknown kid if allowed. */
export async function verifyWithIdp(run: Run, iss: string, token: string, kid: string): Promise<Check<void>> {
  const { jwks, refetchOnUnknownKid } = run.deps;
  let lookup = await jwks.get(iss);
  if (!lookup.ok)
    return run.step('fetch-jwks', { ok: false, error: fetchFailure(lookup.failure), detail: lookup.failure.detail });
  const source = lookup.fetched ? 'fetched' : 'from the cache';
  run.step('fetch-jwks', {
    ok: true,
    value: undefined,
    detail: `JWKS of ${iss} ${source}: kids ${lookup.entry.kids.join(', ')}`,
  });
  let sig = await verifySignature(token, lookup.entry.jwks);
  if (!sig.ok && sig.kind === 'no-key' && !lookup.fetched) {
    if (!refetchOnUnknownKid) {
      const detail = `kid ${kid} is not in the cached JWKS and refetch on unknown kid is off (stale cache)`;
      return run.step('verify-signature', { ok: false, error: stsErrors.noVerificationKey(), detail });
    }
    run.step('refetch-jwks', {
      ok: true,
      value: undefined,
      detail: `kid ${kid} is not in the cached JWKS: fetching again`,
    });
    lookup = await jwks.get(iss, { force: true, reason: `unknown kid ${kid}` });
    if (!lookup.ok)
      return run.step('fetch-jwks', { ok: false, error: fetchFailure(lookup.failure), detail: lookup.failure.detail });
    sig = await verifySignature(token, lookup.entry.jwks);
  }
  if (sig.ok)
    return run.step('verify-signature', { ok: true, value: undefined, detail: `signature verified with kid ${kid}` });
  const error = sig.kind === 'invalid' ? stsErrors.invalidToken() : stsErrors.noVerificationKey();
  const detail =
    sig.kind === 'no-key' ? `no key with kid ${kid} in the JWKS (kids ${lookup.entry.kids.join(', ')})` : sig.detail;
  return run.step('verify-signature', { ok: false, error, detail });
}

/** Condition keys of a web identity request (`<issuer host/path>:sub`, `:aud`, `:amr`, global keys). */
export function trustContext(
  provider: OpenIdConnectProvider,
  claims: JWTPayload,
  audKey: string,
  nowMs: number,
): Record<string, string | readonly string[]> {
  const prefix = provider.Url.replace(/^https:\/\//, '');
  const amr = claims.amr;
  return {
    [`${prefix}:sub`]: String(claims.sub),
    [`${prefix}:aud`]: audKey,
    ...(typeof amr === 'string' || Array.isArray(amr)
      ? { [`${prefix}:amr`]: typeof amr === 'string' ? amr : amr.map(String) }
      : {}),
    'aws:CurrentTime': isoSeconds(nowMs),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
    // [INFERRED] the provider ARN, as for the IAM OIDC providers in the IAM docs' examples
    'aws:FederatedProvider': provider.Arn,
  };
}

/** The role must exist and its trust policy must allow the federated principal. */
export function authorize(
  run: Run,
  roleArn: string,
  provider: OpenIdConnectProvider,
  context: Record<string, string | readonly string[]>,
): Check<Role> {
  const role = run.deps.iam.findRoleByArn(roleArn);
  if (!role)
    return run.step('find-role', { ok: false, error: stsErrors.accessDenied(), detail: `no role ${roleArn} exists` });
  run.step('find-role', { ok: true, value: role, detail: `role ${role.Arn} (${role.RoleId})` });
  const evaluation = evaluate([role.trustPolicy], {
    principal: { type: 'Federated', id: provider.Arn },
    action: 'sts:AssumeRoleWithWebIdentity',
    context,
  });
  const ok = evaluation.decision === 'Allow';
  run.push({ step: 'evaluate-trust-policy', ok, detail: evaluation.reason, evaluation });
  return ok
    ? { ok: true, value: role, detail: evaluation.reason }
    : { ok: false, error: stsErrors.accessDenied(), detail: evaluation.reason };
}

/** DurationSeconds within the role's maximum, a well-formed session policy, and the size limit. */
export function checkSession(
  p: AssumeRoleWithWebIdentityParams,
  role: Role,
  durationSeconds: number,
): Check<{ sessionPolicy?: Policy; packedPolicySize?: number }> {
  if (durationSeconds > role.MaxSessionDuration) {
    const detail = `DurationSeconds ${durationSeconds} is more than the role's MaxSessionDuration ${role.MaxSessionDuration}`;
    return { ok: false, error: stsErrors.durationExceedsMax(), detail };
  }
  let sessionPolicy: Policy | undefined;
  if (p.Policy !== undefined) {
    try {
      sessionPolicy = parseDocument(p.Policy, 'session policy', 'identity');
    } catch (err) {
      if (isSimError(err) && err.code === 'POLICY_MALFORMED') {
        return { ok: false, error: stsErrors.malformedPolicy(err.message), detail: `session policy: ${err.message}` };
      }
      throw err;
    }
  }
  if (p.Policy === undefined && p.PolicyArns === undefined) {
    return { ok: true, value: {}, detail: `${durationSeconds} s requested, no session policy` };
  }
  const plaintext = (p.Policy?.length ?? 0) + (p.PolicyArns ?? []).reduce((n, a) => n + a.arn.length, 0);
  const packedPolicySize = Math.ceil((plaintext * 100) / MAX_SESSION_POLICY_PLAINTEXT);
  if (plaintext > MAX_SESSION_POLICY_PLAINTEXT) {
    const detail = `session policies hold ${plaintext} characters, more than ${MAX_SESSION_POLICY_PLAINTEXT}`;
    return { ok: false, error: stsErrors.packedPolicyTooLarge(packedPolicySize), detail };
  }
  const value = sessionPolicy ? { sessionPolicy, packedPolicySize } : { packedPolicySize };
  return {
    ok: true,
    value,
    detail: `${durationSeconds} s requested; session policies use ${packedPolicySize}% of the allowed size`,
  };
}

/**
 * AssumeRoleWithWebIdentity, step by step in the order of docs/reference.md#sts-validation:
 * parameters, token decoding, alg, iss, the provider in the role's account,
 * keys and signature, time claims, audience, role and trust policy, session
 * checks, then credentials from the shared store. Every step is traced and
 * every call, allowed or denied, leaves a CloudTrail record.
 */
import { isoSeconds } from '@irsa-lab/core';
import type { JWTPayload } from 'jose';
import { parseRoleArn } from '../iam/arn.js';
import type { OpenIdConnectProvider } from '../iam/types.js';
import { recordAssumeRoleWithWebIdentity, type WebIdentityFacts } from './cloudtrail.js';
import { Run, regionOfHost, type StsDeps } from './run.js';
import type {
  AssumeRoleWithWebIdentityParams,
  AssumeRoleWithWebIdentityResult,
  RequestMeta,
  StsError,
  StsOutcome,
} from './types.js';
import {
  authorize,
  checkSession,
  DEFAULT_DURATION_SECONDS,
  findProvider,
  trustContext,
  type ValidParams,
  validateParams,
  verifyWithIdp,
} from './web-identity-steps.js';
import {
  type AudienceMatch,
  type Check,
  checkAlg,
  checkAudience,
  checkIssuer,
  checkSubject,
  checkTimeClaims,
  decodeToken,
} from './web-identity-token.js';

type Facts = { -readonly [K in keyof WebIdentityFacts]: WebIdentityFacts[K] };
type Done = { result: AssumeRoleWithWebIdentityResult; expirationMs: number } | { error: StsError };

/** What the token steps established: who is asking, through which provider. */
interface Identity {
  readonly params: ValidParams;
  readonly provider: OpenIdConnectProvider;
  readonly claims: JWTPayload;
  readonly sub: string;
  readonly audience: AudienceMatch;
}

/** Parameters, then the token: decode, alg, iss, provider, keys and signature, time, audience, subject. */
async function identify(run: Run, params: AssumeRoleWithWebIdentityParams, facts: Facts): Promise<Check<Identity>> {
  const valid = run.step('validate-parameters', validateParams(params));
  if (!valid.ok) return valid;
  const p = valid.value;
  facts.durationSeconds = p.durationSeconds;
  const decoded = run.step('parse-token', decodeToken(p.token));
  if (!decoded.ok) return decoded;
  const { header, claims } = decoded.value;
  facts.sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  facts.jti = typeof claims.jti === 'string' ? claims.jti : undefined;
  // CloudTrail's principalId is <provider>:<aud>:<sub>, on refused calls too: the token's aud until the audience
  // check names the client id it matched. Simplification: for an aud list none of which matched, which value a
  // real record shows is not documented; the first one is shown.
  facts.aud = typeof claims.aud === 'string' ? claims.aud : Array.isArray(claims.aud) ? claims.aud[0] : undefined;
  const alg = run.step('check-alg', checkAlg(header));
  if (!alg.ok) return alg;
  const iss = run.step('check-issuer', checkIssuer(claims));
  if (!iss.ok) return iss;
  const provider = run.step('find-provider', findProvider(run, p.accountId, iss.value));
  if (!provider.ok) return provider;
  facts.providerArn = provider.value.Arn;
  const kid = typeof header.kid === 'string' ? header.kid : '(none)';
  const signature = await verifyWithIdp(run, iss.value, p.token, kid);
  if (!signature.ok) return signature;
  const time = run.step('check-time-claims', checkTimeClaims(claims, run.nowMs));
  if (!time.ok) return time;
  const aud = run.step('check-audience', checkAudience(claims, provider.value.ClientIDList));
  if (!aud.ok) return aud;
  facts.aud = aud.value.audience;
  const sub = run.step('check-subject', checkSubject(claims));
  if (!sub.ok) return sub;
  const value = { params: p, provider: provider.value, claims, sub: sub.value, audience: aud.value };
  return { ok: true, value, detail: `${sub.value} via ${provider.value.Arn}` };
}

/** Trust policy and session checks, then credentials from the shared store. */
function issue(run: Run, params: AssumeRoleWithWebIdentityParams, who: Identity, jti: string | undefined): Done {
  const { provider, audience } = who;
  const context = trustContext(provider, who.claims, audience.conditionValue, run.nowMs);
  const role = authorize(run, who.params.roleArn, provider, context);
  if (!role.ok) return role;
  const durationSeconds = who.params.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  const session = run.step('check-session', checkSession(params, role.value, durationSeconds));
  if (!session.ok) return session;
  const { sessionPolicy, packedPolicySize } = session.value;
  const creds = run.deps.iam.issueSessionCredentials({
    roleArn: role.value.Arn,
    roleSessionName: who.params.roleSessionName,
    durationSeconds,
    webIdentity: { sub: who.sub, aud: audience.audience, providerArn: provider.Arn, ...(jti ? { jti } : {}) },
    ...(sessionPolicy ? { sessionPolicy } : {}),
  });
  const result: AssumeRoleWithWebIdentityResult = {
    Credentials: {
      AccessKeyId: creds.AccessKeyId,
      SecretAccessKey: creds.SecretAccessKey,
      SessionToken: creds.SessionToken,
      Expiration: isoSeconds(creds.ExpirationMs),
    },
    SubjectFromWebIdentityToken: who.sub,
    AssumedRoleUser: { Arn: creds.assumedRoleArn, AssumedRoleId: creds.assumedRoleId },
    ...(packedPolicySize === undefined ? {} : { PackedPolicySize: packedPolicySize }),
    Provider: provider.Arn,
    Audience: audience.audience,
  };
  const detail = `${creds.AccessKeyId} for ${creds.assumedRoleArn}, valid until ${result.Credentials.Expiration}`;
  run.step('issue-credentials', { ok: true, value: undefined, detail });
  return { result, expirationMs: creds.ExpirationMs };
}

/** Run AssumeRoleWithWebIdentity against the world's IAM; never throws for a bad request. */
export async function assumeRoleWithWebIdentity(
  deps: StsDeps,
  params: AssumeRoleWithWebIdentityParams,
  meta: RequestMeta = {},
): Promise<StsOutcome<AssumeRoleWithWebIdentityResult>> {
  const run = new Run(deps);
  // what was asked is logged even when it fails validation, as CloudTrail does
  const facts: Facts = {
    requestId: run.requestId,
    eventId: deps.ids.uuid(),
    nowMs: run.nowMs,
    region: regionOfHost(meta, deps.region),
    meta,
    roleArn: params.RoleArn,
    roleSessionName: params.RoleSessionName,
    accountId: params.RoleArn === undefined ? undefined : parseRoleArn(params.RoleArn)?.accountId,
  };
  const who = await identify(run, params, facts);
  const done = who.ok ? issue(run, params, who.value, facts.jti) : who;
  recordAssumeRoleWithWebIdentity(deps.log, facts, done);
  const base = { requestId: run.requestId, trace: run.trace };
  return 'error' in done ? { ok: false, error: done.error, ...base } : { ok: true, result: done.result, ...base };
}

/**
 * Public types of the simulated STS: request parameters as the Query API
 * names them, results, the wire error (code, HTTP status, message), and the
 * validation trace the app renders step by step.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import type { Iam, Tag } from '../iam/types.js';
import type { EvaluationResult } from '../policy/types.js';

/** A wire error as STS sends it in `<ErrorResponse>` (all STS errors here are Sender faults). */
export interface StsError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly type: 'Sender';
}

/** One step of a validation, for the app and for tests. */
export interface TraceStep {
  /** A short stable name: `parse-token`, `fetch-jwks`, `evaluate-trust-policy` ... */
  readonly step: string;
  readonly ok: boolean;
  /** One sentence a learner can read. */
  readonly detail: string;
  /** The trust policy evaluation, on the `evaluate-trust-policy` step. */
  readonly evaluation?: EvaluationResult;
}

/** The outcome of an STS call: a result or a wire error, with the request id and the trace. */
export type StsOutcome<T> = (
  | { readonly ok: true; readonly result: T }
  | { readonly ok: false; readonly error: StsError }
) & {
  readonly requestId: string;
  readonly trace: readonly TraceStep[];
};

/**
 * AssumeRoleWithWebIdentity parameters. The required three are typed optional
 * because a request may lack them: STS answers that with a ValidationError.
 */
export interface AssumeRoleWithWebIdentityParams {
  readonly RoleArn?: string;
  readonly RoleSessionName?: string;
  readonly WebIdentityToken?: string;
  /** 900-43200, default 3600; text as on the wire, or a number. */
  readonly DurationSeconds?: number | string;
  /** Inline session policy (JSON text). */
  readonly Policy?: string;
  /** Managed session policy ARNs (counted for size; managed policies are not modelled). */
  readonly PolicyArns?: readonly { readonly arn: string }[];
  /** OAuth 2.0 providers only; never sent for OIDC. */
  readonly ProviderId?: string;
}

/** Where a request came from (for CloudTrail). */
export interface RequestMeta {
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** The Host the client used (`sts.us-west-2.amazonaws.com`): gives the region and CloudTrail's tlsDetails. */
  readonly host?: string;
}

/** The Credentials element of an STS result. */
export interface StsCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  /** ISO-8601 in simulated time, e.g. 2026-01-05T10:00:00Z. */
  readonly Expiration: string;
}

/** AssumeRoleWithWebIdentityResult, field for field. */
export interface AssumeRoleWithWebIdentityResult {
  readonly Credentials: StsCredentials;
  readonly SubjectFromWebIdentityToken: string;
  readonly AssumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
  /** Given only when a session policy was passed: a percentage of the allowed packed size. */
  readonly PackedPolicySize?: number;
  /** The provider ARN (what EKS samples and CloudTrail show). */
  readonly Provider: string;
  readonly Audience: string;
}

/** AssumeRole parameters, as the Query API names them (the required two typed optional, as above). */
export interface AssumeRoleParams {
  readonly RoleArn?: string;
  readonly RoleSessionName?: string;
  /** 900-43200 (at most 3600 when the caller is itself a role session), default 3600. */
  readonly DurationSeconds?: number | string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly { readonly arn: string }[];
  /** Session tags (`Tags.member.N.Key` / `.Value`). */
  readonly Tags?: readonly Tag[];
  /** Keys of `Tags` that pass on to chained sessions (`TransitiveTagKeys.member.N`). */
  readonly TransitiveTagKeys?: readonly string[];
  readonly ExternalId?: string;
  readonly SourceIdentity?: string;
}

/** AssumeRoleResult, field for field. */
export interface AssumeRoleResult {
  readonly Credentials: StsCredentials;
  readonly AssumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
  /** Given when session policies or tags were passed: a percentage of the allowed packed size. */
  readonly PackedPolicySize?: number;
  readonly SourceIdentity?: string;
}

/** GetCallerIdentityResult, field for field. */
export interface GetCallerIdentityResult {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}

/** What createSts needs. */
export interface StsOptions {
  readonly iam: Iam;
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  /** How STS reaches identity providers (the simulated network). May reject with a NET_* SimError. */
  readonly fetch: (url: string) => Promise<Response>;
  /** The region of this STS (CloudTrail's awsRegion when the host does not say). Default us-east-1. */
  readonly region?: string;
  /** Fixed JWKS cache lifetime; default: the JWKS response's Cache-Control max-age (1 h without one). */
  readonly jwksCacheTtlMs?: number;
  /** Refetch the JWKS once when a token's kid is not in the cached set. Default true. */
  readonly refetchOnUnknownKid?: boolean;
  /** The clock X-Amz-Date is checked against (serve mode: the wall-clock part). Default `clock`. */
  readonly requestClock?: Clock;
}

/** A JWKS held in STS's cache. */
export interface JwksCacheView {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly kids: readonly string[];
  readonly fetchedAtMs: number;
  readonly expiresAtMs: number;
}

/** The simulated STS of a world. */
export interface Sts {
  readonly region: string;
  /** AssumeRoleWithWebIdentity: validate the token, evaluate the trust policy, mint credentials. */
  assumeRoleWithWebIdentity(
    params: AssumeRoleWithWebIdentityParams,
    meta?: RequestMeta,
  ): Promise<StsOutcome<AssumeRoleWithWebIdentityResult>>;
  /**
   * AssumeRole of a request: SigV4-signed by a role session, or made by an AWS
   * service (a network caller of kind `aws-service`, such as EKS Auth as
   * `pods.eks.amazonaws.com`). Parameters come from the form body.
   */
  assumeRole(request: Request, bodyText?: string): Promise<StsOutcome<AssumeRoleResult>>;
  /** GetCallerIdentity of a SigV4-signed request (`bodyText` if the body was already read). */
  getCallerIdentity(request: Request, bodyText?: string): Promise<StsOutcome<GetCallerIdentityResult>>;
  /** The validation trace of a recent call (the last 1,000), by its request id (CloudTrail's requestID). */
  traceOf(requestId: string): readonly TraceStep[] | undefined;
  /** What the JWKS cache holds (for the app). */
  jwksCache(): readonly JwksCacheView[];
  /** Forget cached JWKS (of one issuer, or all). */
  clearJwksCache(issuer?: string): void;
  /** A fresh request id (for answers outside an operation, such as an unknown Action). */
  nextRequestId(): string;
}

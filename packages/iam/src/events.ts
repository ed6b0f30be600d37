/** The events IAM, STS and S3 log, declared in core's EventMap (see EventMap there). */

/**
 * An IAM entity was created, changed or deleted. `action` is the IAM API
 * action (`CreateRole`, `AddClientIDToOpenIDConnectProvider`...); the other
 * fields are those the action concerns.
 */
export interface IamChangedEvent {
  readonly action: string;
  readonly accountId: string;
  readonly alias?: string;
  readonly arn?: string;
  readonly roleId?: string;
  /** An OIDC provider's issuer URL. */
  readonly url?: string;
  readonly clientIds?: readonly string[];
}

/** STS fetched an issuer's discovery document and JWKS (through the network, as real STS does). */
export interface JwksFetchedEvent {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly kids: readonly string[];
  /** Why: `not cached`, `cache expired`, `unknown kid <kid>`... */
  readonly reason: string;
  /** How long STS keeps the keys (from Cache-Control max-age, or the default). */
  readonly ttlMs: number;
}

/** An S3 bucket was created. */
export interface BucketCreatedEvent {
  readonly bucket: string;
  readonly accountId: string;
}

/** A bucket policy was set or deleted. */
export interface BucketPolicyChangedEvent {
  readonly bucket: string;
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'iam.changed': IamChangedEvent;
    'sts.jwks-fetched': JwksFetchedEvent;
    's3.bucket-created': BucketCreatedEvent;
    's3.bucket-policy-changed': BucketPolicyChangedEvent;
  }
}

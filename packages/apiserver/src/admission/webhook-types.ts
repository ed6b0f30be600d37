/**
 * The pod identity webhook's settings (its command-line flags), constants
 * and the trace it returns: what it did to a pod, or why it did nothing.
 */

/** How the webhook is deployed (its command-line flags, and the apiserver's view of it). */
export interface WebhookOptions {
  /** `--aws-default-region`; no region variables are injected without it. */
  readonly region?: string;
  /** `--annotation-prefix`. Default `eks.amazonaws.com`. */
  readonly annotationPrefix: string;
  /** `--token-audience`. Default `sts.amazonaws.com`. */
  readonly defaultAudience: string;
  /** `--token-expiration`. Default 86400. */
  readonly defaultTokenExpirationSeconds: number;
  /** `--sts-regional-endpoint` (EKS runs it on). Default true. */
  readonly regionalSts: boolean;
  /** Whether `region` is injected at all. Default true. */
  readonly injectRegion: boolean;
  /** false: the webhook is down and, with `failurePolicy: Ignore`, pods start unmutated. Default true. */
  readonly enabled: boolean;
  /** How long a ServiceAccount change takes to reach the webhook's cache, simulated ms. Default 0. */
  readonly webhookCacheLagMs: number;
  /**
   * `--service-account-lookup-grace-period`, ms: on a cache miss the webhook waits up to this long while it
   * GETs the ServiceAccount from the apiserver (PRs #236 and #252). Default 0, main.go's flag default (no wait).
   */
  readonly serviceAccountLookupGracePeriodMs: number;
}

/** The defaults, as EKS runs the webhook. */
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  annotationPrefix: 'eks.amazonaws.com',
  defaultAudience: 'sts.amazonaws.com',
  defaultTokenExpirationSeconds: 86400,
  regionalSts: true,
  injectRegion: true,
  enabled: true,
  webhookCacheLagMs: 0,
  serviceAccountLookupGracePeriodMs: 0,
});

/** The pod label that keeps the webhook from being called (objectSelector in its deploy manifest). */
export const SKIP_WEBHOOK_LABEL = 'eks.amazonaws.com/skip-pod-identity-webhook';
/** The injected volume's name. */
export const IRSA_VOLUME_NAME = 'aws-iam-token';
/** Where the injected volume is mounted. */
export const IRSA_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
/** The role ARN check; a mismatch only logs a warning. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w\-/.@+=,]+$/;
/** The webhook's floor for token expiration (pkg.ValidateMinTokenExpiration). */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;

/** Why the webhook left a pod alone. */
export type WebhookSkipReason =
  | 'webhook-disabled'
  | 'skip-label'
  | 'service-account-not-cached'
  | 'no-role-arn'
  | 'already-present';

/** One decision the webhook made. */
export interface WebhookStep {
  readonly code:
    | WebhookSkipReason
    | 'role-arn-invalid'
    | 'annotation-ignored'
    | 'service-account-fetched'
    | 'container-skipped'
    | 'env-added'
    | 'env-present'
    | 'mount-added'
    | 'mount-present'
    | 'volume-added'
    | 'volume-present';
  readonly message: string;
  readonly container?: string;
}

/** What the webhook did to one pod, or why it did nothing. */
export interface WebhookTrace {
  /** `<namespace>/<name>`. */
  readonly pod: string;
  /** `<namespace>/<name>` of the pod's ServiceAccount. */
  readonly serviceAccount: string;
  readonly mutated: boolean;
  readonly skipped?: WebhookSkipReason;
  /** The settings used, once the SA was found with a role ARN. */
  readonly config?: {
    readonly roleArn: string;
    readonly audience: string;
    readonly regionalSts: boolean;
    readonly tokenExpirationSeconds: number;
    readonly tokenFile: string;
  };
  readonly steps: readonly WebhookStep[];
}

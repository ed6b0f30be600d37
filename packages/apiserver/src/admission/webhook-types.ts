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
   * `--watch-container-credentials-config`: whether (namespace, service
   * account) has an EKS Pod Identity association when a pod is created. The
   * assembly wires the EKS associations in; without it, no pod gets container
   * credentials.
   */
  readonly containerCredentials?: ContainerCredentialsLookup;
  /** `--container-credentials-audience`. Default `pods.eks.amazonaws.com`. */
  readonly containerCredentialsAudience: string;
  /** `--container-credentials-full-uri`. Default `http://169.254.170.23/v1/credentials` (IPv6 clusters: `http://[fd00:ec2::23]/v1/credentials`). */
  readonly containerCredentialsFullUri: string;
}

/** Is (namespace, service account) in the container-credentials config at `nowMs`? */
export type ContainerCredentialsLookup = (namespace: string, serviceAccount: string, nowMs: number) => boolean;

/** The defaults, as EKS runs the webhook. */
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  annotationPrefix: 'eks.amazonaws.com',
  defaultAudience: 'sts.amazonaws.com',
  defaultTokenExpirationSeconds: 86400,
  regionalSts: true,
  injectRegion: true,
  enabled: true,
  webhookCacheLagMs: 0,
  containerCredentialsAudience: 'pods.eks.amazonaws.com',
  containerCredentialsFullUri: 'http://169.254.170.23/v1/credentials',
});

/** The pod label that keeps the webhook from being called (objectSelector in its deploy manifest). */
export const SKIP_WEBHOOK_LABEL = 'eks.amazonaws.com/skip-pod-identity-webhook';
/** The injected volume's name. */
export const IRSA_VOLUME_NAME = 'aws-iam-token';
/** Where the injected volume is mounted. */
export const IRSA_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
/** The role ARN check; a mismatch only logs a warning. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w\-/.@+=,]+$/;
/** The EKS Pod Identity token volume's name, mount path and file (the webhook's container-credentials flags). */
export const POD_IDENTITY_VOLUME_NAME = 'eks-pod-identity-token';
export const POD_IDENTITY_MOUNT_PATH = '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount';
export const POD_IDENTITY_TOKEN_PATH = 'eks-pod-identity-token';
/** The label the webhook puts on a pod it gives container credentials (handler.go, PR #295). */
export const POD_IDENTITY_LABEL = 'eks.amazonaws.com/pod-identity';
/** The variables of the container credentials provider (AWS SDKs). */
export const CONTAINER_CREDENTIALS_FULL_URI_ENV = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
export const CONTAINER_CREDENTIALS_TOKEN_FILE_ENV = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';
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
    | 'container-skipped'
    | 'env-added'
    | 'env-present'
    | 'mount-added'
    | 'mount-present'
    | 'volume-added'
    | 'volume-present'
    | 'container-credentials'
    | 'label-added';
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
  /** The settings used in container-credentials mode (EKS Pod Identity), instead of `config`. */
  readonly containerCredentials?: {
    readonly audience: string;
    readonly fullUri: string;
    readonly regionalSts: boolean;
    readonly tokenExpirationSeconds: number;
    readonly tokenFile: string;
  };
  readonly steps: readonly WebhookStep[];
}

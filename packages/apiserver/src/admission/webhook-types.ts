/**
 * The pod identity webhook's settings (its command-line flags), constants
 * and the trace it returns: what it did to a pod, or why it did nothing. The
 * names it injects (annotations, volume, mount path, env) are protocol
 * constants in @irsa-lab/core.
 */
import { EKS_ANNOTATION_PREFIX, IRSA_AUDIENCE } from '@irsa-lab/core';

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
  annotationPrefix: EKS_ANNOTATION_PREFIX,
  defaultAudience: IRSA_AUDIENCE,
  defaultTokenExpirationSeconds: 86400,
  regionalSts: true,
  injectRegion: true,
  enabled: true,
  webhookCacheLagMs: 0,
  containerCredentialsAudience: 'pods.eks.amazonaws.com',
  containerCredentialsFullUri: 'http://169.254.170.23/v1/credentials',
});

/** The role ARN check; a mismatch only logs a warning. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w\-/.@+=,]+$/;
/** The label the webhook puts on a pod it gives container credentials (handler.go, PR #295). */
export const POD_IDENTITY_LABEL = 'eks.amazonaws.com/pod-identity';
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

/** The events the API server and its webhook log, declared in core's EventMap (see EventMap there). */
import type { WebhookTrace } from './admission/webhook-types.js';
import type { ApplyAction, Origin } from './objects/applied.js';
import type { Kind } from './types.js';

/** An object was created or changed (not logged when an apply left it unchanged). */
export interface AppliedEvent extends Origin {
  readonly kind: Kind;
  readonly namespace?: string;
  readonly name: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly action: Exclude<ApplyAction, 'unchanged'>;
}

/** An object was deleted, by the user or (`by`) a controller's cascade. */
export interface DeletedEvent {
  readonly kind: Kind;
  readonly namespace?: string;
  readonly name: string;
  readonly uid: string;
  readonly by?: string;
}

/** TokenRequest issued a bound service account token. */
export interface TokenIssuedEvent {
  readonly sub: string;
  readonly aud: readonly string[];
  readonly jti: string;
  /** NumericDate seconds, as in the token. */
  readonly iat: number;
  readonly exp: number;
  /** `<namespace>/<name>` of the pod it is bound to. */
  readonly pod?: string;
  readonly node?: string;
  /** The lifetime asked for (after the server's maximum); `exp` is later when `extended`. */
  readonly expirationSeconds: number;
  /** EKS extended the lifetime of a kube-api-access token (to 90 days). */
  readonly extended: boolean;
}

/** TokenReview authenticated a token. */
export interface TokenReviewedEvent {
  readonly username: string;
  readonly legacy: boolean;
  /** Absent for a legacy token, which has no jti. */
  readonly jti?: string;
}

/** A legacy token Secret was left without a token: its ServiceAccount does not exist. */
export interface SecretLeftEmptyEvent {
  /** `<namespace>/<name>`. */
  readonly secret: string;
  readonly serviceAccount: string;
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'k8s.applied': AppliedEvent;
    'k8s.deleted': DeletedEvent;
    'k8s.token-issued': TokenIssuedEvent;
    'k8s.token-reviewed': TokenReviewedEvent;
    'k8s.secret-left-empty': SecretLeftEmptyEvent;
    'k8s.webhook-mutated': WebhookTrace;
    'k8s.webhook-skipped': WebhookTrace;
  }
}

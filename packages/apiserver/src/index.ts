/**
 * @irsa-lab/apiserver: the Kubernetes API server's token side on EKS:
 * objects applied from YAML, ServiceAccount admission and the pod identity
 * webhook, TokenRequest, legacy token Secrets, TokenReview, and msw handlers.
 */

export { mutatePod } from './admission/pod-identity-webhook.js';
export {
  API_ACCESS_VOLUME_PREFIX,
  API_TOKEN_EXPIRATION_SECONDS,
  API_TOKEN_MOUNT_PATH,
} from './admission/service-account-admission.js';
export type {
  ContainerCredentialsLookup,
  WebhookOptions,
  WebhookSkipReason,
  WebhookStep,
  WebhookTrace,
} from './admission/webhook-types.js';
export { DEFAULT_WEBHOOK_OPTIONS, POD_IDENTITY_LABEL, ROLE_ARN_PATTERN } from './admission/webhook-types.js';
export type { ApiServer, ApiServerOptions } from './api-server.js';
export { createApiServer, DEFAULT_API_AUDIENCES, EKS_EXTENDED_EXPIRATION_SECONDS } from './api-server.js';
export type { ApiServerHandlerOptions } from './http/handlers.js';
export { apiserverHandlers, MAX_REQUEST_BODY_BYTES } from './http/handlers.js';
export type { KubernetesStatus } from './http/status.js';
export { failureStatus, statusFromError } from './http/status.js';
export type { Signer } from './lib/context.js';
export type { FieldCause } from './lib/k8s-errors.js';
export { MAX_MANIFEST_BYTES, MAX_MANIFEST_DOCUMENTS } from './manifest/parse-manifest.js';
export type { YamlLocator, YamlPathSegment, YamlPosition } from './manifest/yaml-locator.js';
export { yamlLocator } from './manifest/yaml-locator.js';
export type { ApplyAction, ApplyResult } from './objects/applied.js';
export type { ApplyOptions } from './objects/apply.js';
export type {
  BoundObjectReference,
  BoundTokenClaims,
  ObjectRef,
  TokenRequestResult,
  TokenRequestSpec,
} from './token/create-token.js';
export type { LegacyTokenClaims } from './token/legacy-token.js';
export {
  LEGACY_ISSUER,
  legacyClaims,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
  SERVICE_ACCOUNT_TOKEN_TYPE,
  SERVICE_ACCOUNT_UID_ANNOTATION,
} from './token/legacy-token.js';
export type { TokenReviewResult, TokenReviewUser } from './token/review-token.js';
export { LEGACY_TOKEN_LAST_USED_LABEL, REVIEW_LEEWAY_SECONDS } from './token/review-token.js';
export type {
  Container,
  ContainerPort,
  EnvVar,
  K8sObject,
  KeyToPath,
  Kind,
  KindMap,
  Namespace,
  Node,
  ObjectMeta,
  Pod,
  PodSecurityContext,
  PodSpec,
  Secret,
  SecurityContext,
  ServiceAccount,
  ServiceAccountTokenProjection,
  Volume,
  VolumeMount,
  VolumeProjection,
} from './types.js';

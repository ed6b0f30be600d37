/**
 * createApiServer: one simulated EKS control plane apiserver, with its
 * object store, admission (ServiceAccount plugin and the pod identity
 * webhook), TokenRequest, legacy token Secrets and TokenReview.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import { ServiceAccountCache } from './admission/service-account-cache.js';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from './admission/webhook-types.js';
import { IssuedTokens, type ServerContext, type Signer } from './lib/context.js';
import { clone } from './lib/json.js';
import { conflict, notFound, RESOURCE } from './lib/k8s-errors.js';
import { NAMESPACED, ObjectStore } from './lib/store.js';
import type { ApplyResult } from './objects/applied.js';
import { type ApplyOptions, applyManifests, createFromValue } from './objects/apply.js';
import { createObjectSync } from './objects/create-object.js';
import { annotateObject, deleteObject } from './objects/delete-object.js';
import { createToken, type TokenRequestResult, type TokenRequestSpec } from './token/create-token.js';
import { projectServiceAccountToken } from './token/project-token.js';
import { reviewToken, type TokenReviewResult } from './token/review-token.js';
import type { Kind, KindMap, Pod, ServiceAccountTokenProjection } from './types.js';

/** How to build an apiserver. */
export interface ApiServerOptions {
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  /** `--service-account-issuer`: the `iss` of bound tokens. */
  readonly issuerUrl: string;
  /** Signs token payloads (the OIDC issuer's key ring in a world). */
  readonly signer: Signer;
  /** `--api-audiences`. Default `['https://kubernetes.default.svc']`. */
  readonly apiAudiences?: readonly string[];
  /** `--service-account-max-token-expiration`, seconds. Default: none. */
  readonly maxTokenExpirationSeconds?: number;
  /** `--service-account-extend-token-expiration`. Default true. */
  readonly extendTokenExpiration?: boolean;
  /** Real lifetime of extended 3607 s tokens. Default 90 days, as on EKS. */
  readonly extendedExpirationSeconds?: number;
  /** The pod identity webhook's deployment. */
  readonly webhook?: Partial<WebhookOptions>;
}

/** The apiserver's operations. Objects returned are copies. */
export interface ApiServer {
  readonly issuerUrl: string;
  readonly apiAudiences: readonly string[];
  /** `kubectl apply -f file` (multi-document YAML). */
  apply(text: string, file: string, options?: ApplyOptions): Promise<ApplyResult[]>;
  /** `kubectl create` of one object given as a value; AlreadyExists if present. */
  create(manifest: unknown, options?: ApplyOptions): Promise<ApplyResult>;
  /** The object, or K8S_NOT_FOUND. `namespace` is ignored for Namespaces and Nodes. */
  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): KindMap[K];
  /** Objects of a kind, in one namespace or all, sorted by namespace and name. */
  list<K extends Kind>(kind: K, namespace?: string): KindMap[K][];
  exists(kind: Kind, namespace: string | undefined, name: string): boolean;
  /** Delete (cascading to a namespace's contents and a ServiceAccount's token Secrets). */
  delete<K extends Kind>(kind: K, namespace: string | undefined, name: string): KindMap[K];
  /** Set (or with null remove) an annotation on the live object. */
  annotate(kind: Kind, namespace: string | undefined, name: string, key: string, value: string | null): ApplyResult;
  /**
   * The Node object a kubelet registers for itself when its node joins (no
   * admission); pod-bound tokens of pods on it then carry the node's name and
   * uid. Returns the Node; AlreadyExists if registered.
   */
  registerNode(name: string): KindMap['Node'];
  /**
   * The scheduler's Binding (`pods/{name}/binding`): the pod's `spec.nodeName`
   * is set, so tokens bound to it name the node. Returns the pod; the same
   * node again is a no-op; Conflict if it is bound to another node.
   */
  bindPod(namespace: string, name: string, nodeName: string): Pod;
  /** TokenRequest for a ServiceAccount. */
  createToken(namespace: string, serviceAccountName: string, spec?: TokenRequestSpec): Promise<TokenRequestResult>;
  /** The token kubelet writes for a pod's projected serviceAccountToken source. */
  projectServiceAccountToken(pod: Pod, source: ServiceAccountTokenProjection): Promise<TokenRequestResult>;
  /** TokenReview: would this apiserver accept the token (for `audiences`, default its API audiences)? */
  reviewToken(token: string, audiences?: readonly string[]): Promise<TokenReviewResult>;
  /**
   * Restart the pod identity webhook with other flags (its lookup grace period, or taking it down); its
   * informer cache and that cache's lag stay. Returns the flags now in force.
   */
  configureWebhook(
    changes: Partial<Pick<WebhookOptions, 'serviceAccountLookupGracePeriodMs' | 'enabled'>>,
  ): WebhookOptions;
}

/** The apiserver's default `--api-audiences`. */
export const DEFAULT_API_AUDIENCES: readonly string[] = ['https://kubernetes.default.svc'];
/** EKS's extended lifetime for 3607 s tokens: 90 days. */
export const EKS_EXTENDED_EXPIRATION_SECONDS = 90 * 24 * 3600;

function checkGracePeriod(ms: number): void {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new TypeError('serviceAccountLookupGracePeriodMs must be >= 0');
}

function contextFrom(options: ApiServerOptions): ServerContext {
  const { clock, ids, log, issuerUrl, signer } = options;
  if (!clock || !ids || !log) throw new TypeError('clock, ids and log are required');
  if (typeof issuerUrl !== 'string' || issuerUrl === '') throw new TypeError('issuerUrl is required');
  if (typeof signer !== 'function') throw new TypeError('signer must be a function');
  const webhook: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS, ...options.webhook };
  checkGracePeriod(webhook.serviceAccountLookupGracePeriodMs);
  const apiAudiences = options.apiAudiences?.length ? [...options.apiAudiences] : [...DEFAULT_API_AUDIENCES];
  return {
    clock,
    ids,
    log,
    signer,
    store: new ObjectStore(),
    saCache: new ServiceAccountCache(webhook.webhookCacheLagMs),
    webhook,
    issued: new IssuedTokens(),
    tokens: {
      issuerUrl,
      apiAudiences,
      ...(options.maxTokenExpirationSeconds !== undefined
        ? { maxTokenExpirationSeconds: options.maxTokenExpirationSeconds }
        : {}),
      extendTokenExpiration: options.extendTokenExpiration ?? true,
      extendedExpirationSeconds: options.extendedExpirationSeconds ?? EKS_EXTENDED_EXPIRATION_SECONDS,
    },
  };
}

/**
 * Build an apiserver. The namespaces `default` and `kube-system` exist from
 * the start, each with its `default` ServiceAccount.
 *
 * @example
 * const api = createApiServer({ clock, ids, log, issuerUrl, signer });
 * await api.apply(yamlText, 'app.yaml');
 * const { token } = await api.createToken('default', 'app', { audiences: ['sts.amazonaws.com'] });
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const ctx = contextFrom(options);
  for (const name of ['default', 'kube-system']) {
    const manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    createObjectSync(ctx, { kind: 'Namespace', name, manifest }, { by: 'apiserver bootstrap' });
  }
  const ns = (kind: Kind, namespace: string | undefined) => (NAMESPACED[kind] ? namespace : undefined);
  return {
    issuerUrl: ctx.tokens.issuerUrl,
    apiAudiences: ctx.tokens.apiAudiences,
    apply: (text, file, applyOptions) => applyManifests(ctx, text, file, applyOptions),
    create: (manifest, createOptions) => createFromValue(ctx, manifest, createOptions),
    get(kind, namespace, name) {
      const entry = ctx.store.get(kind, ns(kind, namespace), name);
      if (!entry) throw notFound(RESOURCE[kind], name);
      return clone(entry.object);
    },
    list: (kind, namespace) => ctx.store.list(kind, namespace).map((e) => clone(e.object)),
    exists: (kind, namespace, name) => ctx.store.get(kind, ns(kind, namespace), name) !== undefined,
    delete: (kind, namespace, name) => deleteObject(ctx, kind, namespace, name),
    annotate: (kind, namespace, name, key, value) => annotateObject(ctx, kind, namespace, name, key, value),
    registerNode(name) {
      const manifest = { apiVersion: 'v1', kind: 'Node', metadata: { name } };
      createObjectSync(ctx, { kind: 'Node', name, manifest }, { by: 'kubelet' });
      return clone(ctx.store.get('Node', undefined, name)?.object as KindMap['Node']);
    },
    bindPod(namespace, name, nodeName) {
      const entry = ctx.store.get('Pod', namespace, name);
      if (!entry) throw notFound('pods', name);
      const bound = entry.object.spec.nodeName;
      if (bound && bound !== nodeName) {
        throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${bound}"`);
      }
      if (!bound) ctx.store.put({ ...entry, object: { ...entry.object, spec: { ...entry.object.spec, nodeName } } });
      return clone(ctx.store.get('Pod', namespace, name)?.object as Pod);
    },
    createToken: (namespace, name, spec) => createToken(ctx, namespace, name, spec),
    projectServiceAccountToken: (pod, source) => projectServiceAccountToken(ctx, pod, source),
    reviewToken: (token, audiences) => reviewToken(ctx, token, audiences),
    configureWebhook(changes) {
      const next = { ...ctx.webhook, ...changes };
      checkGracePeriod(next.serviceAccountLookupGracePeriodMs);
      ctx.webhook = Object.freeze(next);
      return ctx.webhook;
    },
  };
}

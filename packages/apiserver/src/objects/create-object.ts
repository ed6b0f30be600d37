/**
 * Creating one object, in the apiserver's order: name validation, namespace
 * lifecycle, then per kind: ServiceAccount admission and the pod identity
 * webhook for pods, the tokens controller for token Secrets, the default
 * ServiceAccount for new Namespaces.
 */
import { isoSeconds } from '@irsa-lab/core';
import { mutatePod } from '../admission/pod-identity-webhook.js';
import { admitServiceAccount, nameSuffix } from '../admission/service-account-admission.js';
import { applyPodDefaults, validatePod } from '../admission/validate-pod.js';
import type { WebhookTrace } from '../admission/webhook-types.js';
import type { ServerContext } from '../lib/context.js';
import { alreadyExists, forbidden, invalid, notFound, RESOURCE } from '../lib/k8s-errors.js';
import { nameCauses } from '../lib/names.js';
import { checkTokenSecret, populateLegacyToken } from '../token/legacy-token.js';
import type { K8sObject, ObjectMeta, Pod, Secret } from '../types.js';
import { type ApplyResult, type Origin, recordApplied } from './applied.js';
import type { NormalizedManifest } from './normalize.js';

/** Label every namespace carries (NamespaceDefaultLabelName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function metadataFor(ctx: ServerContext, m: NormalizedManifest): ObjectMeta {
  const given = m.manifest.metadata as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const labels = m.kind === 'Namespace' ? { ...given.labels, [NAMESPACE_NAME_LABEL]: m.name } : given.labels;
  return {
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    uid: ctx.ids.uuid(),
    resourceVersion: '',
    creationTimestamp: isoSeconds(ctx.clock.nowMs()),
    ...(labels ? { labels } : {}),
    ...(given.annotations ? { annotations: given.annotations } : {}),
  };
}

/** ServiceAccount admission, then the webhook (against its cache), then defaults and validation. */
function admitPod(ctx: ServerContext, pod: Pod): { pod: Pod; trace: WebhookTrace } {
  const { name, namespace = '' } = pod.metadata;
  const saName = pod.spec.serviceAccountName;
  const sa = ctx.store.get('ServiceAccount', namespace, saName)?.object;
  if (!sa) {
    throw forbidden(
      'pods',
      name,
      `error looking up service account ${namespace}/${saName}: serviceaccount "${saName}" not found`,
    );
  }
  const withToken = admitServiceAccount(pod, sa, () => nameSuffix(ctx.ids.hex(10)));
  // Simplification: the webhook's informer cache is a fixed lag (webhookCacheLagMs, default 0): with 0, SAs
  // stored earlier in the same apply are visible to the pods after them; above 0, the SA-and-pod race shows.
  const cached = ctx.saCache.get(namespace, saName, ctx.clock.nowMs());
  const { pod: mutated, trace } = mutatePod(withToken, cached, ctx.webhook, ctx.clock.nowMs());
  const last = trace.steps.at(-1)?.message ?? '';
  ctx.log.append(
    trace.mutated ? 'k8s.webhook-mutated' : 'k8s.webhook-skipped',
    'pod-identity-webhook',
    trace.mutated ? `mutated pod ${trace.pod}` : `pod ${trace.pod} not mutated: ${last}`,
    trace,
  );
  applyPodDefaults(mutated);
  const causes = validatePod(mutated);
  if (causes.length > 0) throw invalid('Pod', name, causes);
  return { pod: mutated, trace };
}

function buildObject(m: NormalizedManifest, metadata: ObjectMeta): K8sObject {
  const body = { ...m.manifest, metadata } as Record<string, unknown>;
  switch (m.kind) {
    case 'Pod': {
      const spec = body.spec as Pod['spec'];
      // serviceAccount is the deprecated alias: serviceAccountName wins, and the stored pod carries both, equal
      const serviceAccountName = spec.serviceAccountName || spec.serviceAccount || 'default';
      return { ...body, spec: { ...spec, serviceAccountName, serviceAccount: serviceAccountName } } as unknown as Pod;
    }
    case 'Secret':
      return { ...body, type: (body.type as string | undefined) ?? 'Opaque' } as unknown as Secret;
    default:
      return body as unknown as K8sObject;
  }
}

/** Checks, build and admission: everything before the store is touched. */
function prepare(ctx: ServerContext, m: NormalizedManifest): { object: K8sObject; trace?: WebhookTrace } {
  const causes = nameCauses(m.kind, m.name);
  if (causes.length > 0) throw invalid(m.kind, m.name, causes);
  if (ctx.store.get(m.kind, m.namespace, m.name)) throw alreadyExists(RESOURCE[m.kind], m.name);
  if (m.namespace !== undefined && !ctx.store.get('Namespace', undefined, m.namespace)) {
    throw notFound('namespaces', m.namespace);
  }
  const object = buildObject(m, metadataFor(ctx, m));
  if (object.kind === 'Pod') {
    const { pod, trace } = admitPod(ctx, object);
    return { object: pod, trace };
  }
  if (object.kind === 'Secret') checkTokenSecret(object);
  return { object };
}

function commit(
  ctx: ServerContext,
  prepared: { object: K8sObject; trace?: WebhookTrace },
  origin: Origin,
  lastApplied?: Record<string, unknown>,
): ApplyResult {
  const { object, trace } = prepared;
  const { kind, metadata } = object;
  // a token Secret's signing yields: someone may have created the same object meanwhile
  if (ctx.store.get(kind, metadata.namespace, metadata.name)) throw alreadyExists(RESOURCE[kind], metadata.name);
  const nowMs = ctx.clock.nowMs();
  ctx.store.put({ object, createdAtMs: nowMs, ...(lastApplied ? { lastApplied } : {}) });
  if (object.kind === 'ServiceAccount') ctx.saCache.record(metadata.namespace ?? '', metadata.name, nowMs, object);
  const result = recordApplied(ctx, object, 'created', origin, trace);
  if (object.kind === 'Namespace') {
    // the serviceaccount controller gives every namespace its `default` ServiceAccount
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: metadata.name } };
    const m: NormalizedManifest = { kind: 'ServiceAccount', name: 'default', namespace: metadata.name, manifest: sa };
    commit(ctx, prepare(ctx, m), { by: 'serviceaccount-controller' });
  }
  return result;
}

/**
 * Create one object that needs no signing (anything but a token Secret)
 * synchronously; used to bootstrap the built-in namespaces.
 */
export function createObjectSync(ctx: ServerContext, m: NormalizedManifest, origin: Origin = {}): ApplyResult {
  const prepared = prepare(ctx, m);
  if (prepared.object.kind === 'Secret') throw new TypeError('createObjectSync cannot create Secrets');
  return commit(ctx, prepared, origin);
}

/**
 * Create one normalized object. Throws the Kubernetes error (AlreadyExists,
 * NotFound for a missing namespace, Forbidden for a missing ServiceAccount,
 * Invalid) as a SimError; stores nothing in that case.
 */
export async function createObject(
  ctx: ServerContext,
  m: NormalizedManifest,
  origin: Origin = {},
  lastApplied?: Record<string, unknown>,
): Promise<ApplyResult> {
  const prepared = prepare(ctx, m);
  if (prepared.object.kind === 'Secret') await populateLegacyToken(ctx, prepared.object);
  return commit(ctx, prepared, origin, lastApplied);
}

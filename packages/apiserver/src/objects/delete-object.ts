/**
 * Deleting and annotating objects. Deletion cascades as the controllers
 * would: a namespace takes its contents with it, a ServiceAccount its legacy
 * token Secrets. Tokens bound to a deleted object stop authenticating.
 */
import { EVENT_SOURCE, type ServerContext } from '../lib/context.js';
import { clone } from '../lib/json.js';
import { forbidden, notFound, RESOURCE } from '../lib/k8s-errors.js';
import { NAMESPACED } from '../lib/store.js';
import { SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_TOKEN_TYPE } from '../token/legacy-token.js';
import type { K8sObject, Kind, KindMap } from '../types.js';
import { type ApplyResult, recordApplied } from './applied.js';

/** Namespaces the apiserver refuses to delete. */
export const PROTECTED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

function removeOne(ctx: ServerContext, object: K8sObject, by?: string): void {
  const { kind, metadata } = object;
  ctx.store.remove(kind, metadata.namespace, metadata.name);
  if (kind === 'ServiceAccount')
    ctx.saCache.record(metadata.namespace ?? '', metadata.name, ctx.clock.nowMs(), undefined);
  const where = metadata.namespace ? ` in ${metadata.namespace}` : '';
  ctx.log.append(
    'k8s.deleted',
    EVENT_SOURCE,
    `${kind.toLowerCase()}/${metadata.name} deleted${where}${by ? ` (by the ${by})` : ''}`,
    {
      kind,
      namespace: metadata.namespace,
      name: metadata.name,
      uid: metadata.uid,
      ...(by ? { by } : {}),
    },
  );
}

function cascade(ctx: ServerContext, object: K8sObject): void {
  if (object.kind === 'Namespace') {
    for (const kind of ['Pod', 'Secret', 'ServiceAccount'] as const) {
      for (const e of ctx.store.list(kind, object.metadata.name)) removeOne(ctx, e.object, 'namespace controller');
    }
  }
  if (object.kind === 'ServiceAccount') {
    for (const e of ctx.store.list('Secret', object.metadata.namespace)) {
      const s = e.object;
      const ann = s.metadata.annotations ?? {};
      if (s.type === SERVICE_ACCOUNT_TOKEN_TYPE && ann[SERVICE_ACCOUNT_NAME_ANNOTATION] === object.metadata.name) {
        removeOne(ctx, s, 'tokens controller');
      }
    }
  }
}

/**
 * Delete an object and what depends on it. Returns the deleted object.
 */
export function deleteObject<K extends Kind>(
  ctx: ServerContext,
  kind: K,
  namespace: string | undefined,
  name: string,
): KindMap[K] {
  const entry = ctx.store.get(kind, NAMESPACED[kind] ? namespace : undefined, name);
  if (!entry) throw notFound(RESOURCE[kind], name);
  if (kind === 'Namespace' && PROTECTED_NAMESPACES.includes(name)) {
    throw forbidden('namespaces', name, 'this namespace may not be deleted');
  }
  // Simplification: deletion is immediate (no graceful termination, no Terminating namespace, no finalizers).
  removeOne(ctx, entry.object);
  cascade(ctx, entry.object);
  return clone(entry.object);
}

/**
 * `kubectl annotate --overwrite`: set an annotation, or remove it with
 * `null`. Only the live object changes; admission does not run again.
 */
export function annotateObject(
  ctx: ServerContext,
  kind: Kind,
  namespace: string | undefined,
  name: string,
  key: string,
  value: string | null,
): ApplyResult {
  if (typeof key !== 'string' || key === '') throw new TypeError('annotation key must be a non-empty string');
  if (value !== null && typeof value !== 'string') throw new TypeError('annotation value must be a string or null');
  const entry = ctx.store.get(kind, NAMESPACED[kind] ? namespace : undefined, name);
  if (!entry) throw notFound(RESOURCE[kind], name);
  const object = clone(entry.object);
  const annotations = { ...object.metadata.annotations };
  if (value === null) delete annotations[key];
  else annotations[key] = value;
  if (Object.keys(annotations).length > 0) object.metadata.annotations = annotations;
  else delete object.metadata.annotations;
  ctx.store.put({ ...entry, object });
  if (object.kind === 'ServiceAccount') {
    ctx.saCache.record(object.metadata.namespace ?? '', name, ctx.clock.nowMs(), object);
  }
  return recordApplied(ctx, object, 'annotated');
}

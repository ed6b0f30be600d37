/**
 * `kubectl apply` on an object that exists: a three-way merge of the last
 * applied manifest, the new one and the live object. Pods keep their spec
 * (the fields we model are immutable), so the webhook never runs again: a
 * pod only picks up a changed ServiceAccount when it is recreated.
 */
import type { ServerContext } from '../lib/context.js';
import { clone, isPlainObject, jsonEqual, threeWayMerge } from '../lib/json.js';
import { type FieldCause, forbiddenField, invalid, invalidValue } from '../lib/k8s-errors.js';
import type { StoredEntry } from '../lib/store.js';
import type { K8sObject, Secret } from '../types.js';
import { type ApplyResult, type Origin, recordApplied } from './applied.js';
import type { NormalizedManifest } from './normalize.js';

/** The validation message for a pod spec change (pkg/apis/core/validation ValidatePodUpdate). */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function asRecord(o: K8sObject): Record<string, unknown> {
  return o as unknown as Record<string, unknown>;
}

// Simplification: any change to a pod's spec is refused (the real rule lets images and a few fields change).
function mergePod(
  live: K8sObject,
  last: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): K8sObject {
  const specUnchanged = last !== undefined && jsonEqual(last.spec, next.spec);
  if (!specUnchanged) {
    const merged = threeWayMerge(asRecord(live), last, next);
    if (!jsonEqual(merged.spec, asRecord(live).spec)) {
      throw invalid('Pod', live.metadata.name, [forbiddenField('spec', POD_UPDATE_FORBIDDEN)]);
    }
  }
  const lastMeta = isPlainObject(last?.metadata) ? last.metadata : undefined;
  const metadata = threeWayMerge(
    asRecord(live).metadata as Record<string, unknown>,
    lastMeta,
    next.metadata as Record<string, unknown>,
  );
  return { ...clone(live), metadata } as unknown as K8sObject;
}

function secretCauses(live: Secret, merged: Secret): FieldCause[] {
  const causes: FieldCause[] = [];
  if (merged.type !== live.type) causes.push(invalidValue('type', merged.type, 'field is immutable'));
  if (live.immutable && !jsonEqual(merged.data, live.data)) {
    causes.push(forbiddenField('data', 'field is immutable when `immutable` is set'));
  }
  return causes;
}

/**
 * Apply a normalized manifest to the stored entry. `unchanged` when the
 * manifest equals the last applied one; otherwise merged and `configured`.
 */
export function updateObject(
  ctx: ServerContext,
  entry: StoredEntry,
  next: NormalizedManifest,
  origin: Origin = {},
): ApplyResult {
  const live = entry.object;
  const last = entry.lastApplied;
  if (last !== undefined && jsonEqual(last, next.manifest)) return recordApplied(ctx, live, 'unchanged', origin);
  let merged: K8sObject;
  if (live.kind === 'Pod') {
    merged = mergePod(live, last, next.manifest);
  } else {
    merged = threeWayMerge(asRecord(live), last, next.manifest) as unknown as K8sObject;
    if (merged.kind === 'Namespace') {
      merged.metadata.labels = { ...merged.metadata.labels, 'kubernetes.io/metadata.name': merged.metadata.name };
    }
    if (merged.kind === 'Secret' && live.kind === 'Secret') {
      merged.type ??= 'Opaque';
      const causes = secretCauses(live, merged);
      if (causes.length > 0) throw invalid('Secret', live.metadata.name, causes);
    }
  }
  ctx.store.put({ object: merged, createdAtMs: entry.createdAtMs, lastApplied: next.manifest });
  if (merged.kind === 'ServiceAccount') {
    ctx.saCache.record(merged.metadata.namespace ?? '', merged.metadata.name, ctx.clock.nowMs(), merged);
  }
  return recordApplied(ctx, merged, 'configured', origin);
}

/**
 * What applying, creating or changing one object produced, and the
 * 'k8s.applied' event that records it.
 */
import type { WebhookTrace } from '../admission/webhook-types.js';
import { EVENT_SOURCE, type ServerContext } from '../lib/context.js';
import { clone } from '../lib/json.js';
import type { K8sObject, Kind } from '../types.js';

/** What happened to an object. */
export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'annotated';

/** The outcome for one object of an apply or create. */
export interface ApplyResult {
  readonly kind: Kind;
  readonly namespace?: string;
  readonly name: string;
  readonly action: ApplyAction;
  /** The stored object after the operation (a copy). */
  readonly object: K8sObject;
  /** The pod identity webhook's trace, for pods created by this call. */
  readonly webhook?: WebhookTrace;
  /** kubectl's line: `pod/app created`. */
  readonly summary: string;
}

/** Where an object came from, for events and errors. */
export interface Origin {
  readonly file?: string;
  readonly line?: number;
  /** Who made the change, when not the user (`serviceaccount-controller`). */
  readonly by?: string;
}

/** Log the change and build its result. */
export function recordApplied(
  ctx: ServerContext,
  object: K8sObject,
  action: ApplyAction,
  origin: Origin = {},
  webhook?: WebhookTrace,
): ApplyResult {
  const { kind, metadata } = object;
  const summary = `${kind.toLowerCase()}/${metadata.name} ${action}`;
  const where = metadata.namespace ? ` in ${metadata.namespace}` : '';
  const by = origin.by ? ` (by the ${origin.by})` : '';
  if (action !== 'unchanged') {
    ctx.log.append('k8s.applied', EVENT_SOURCE, `${summary}${where}${by}`, {
      kind,
      namespace: metadata.namespace,
      name: metadata.name,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      action,
      ...origin,
    });
  }
  return {
    kind,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    name: metadata.name,
    action,
    object: clone(object),
    ...(webhook ? { webhook } : {}),
    summary,
  };
}

/**
 * The Kubernetes `Status` object (meta/v1) an apiserver answers errors with,
 * built from a SimError; anything unexpected becomes a 500 InternalError,
 * never a thrown exception.
 */
import { isSimError, type SimErrorCode } from '@irsa-lab/core';
import type { FieldCause } from '../lib/k8s-errors.js';

/** A failure Status, keys in the order the apiserver writes them. */
export interface KubernetesStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly FieldCause[];
  };
  readonly code: number;
}

const BY_CODE: Partial<Record<SimErrorCode, { reason: string; httpCode: number }>> = {
  K8S_NOT_FOUND: { reason: 'NotFound', httpCode: 404 },
  K8S_ALREADY_EXISTS: { reason: 'AlreadyExists', httpCode: 409 },
  K8S_CONFLICT: { reason: 'Conflict', httpCode: 409 },
  K8S_INVALID: { reason: 'Invalid', httpCode: 422 },
  K8S_BAD_REQUEST: { reason: 'BadRequest', httpCode: 400 },
  K8S_FORBIDDEN: { reason: 'Forbidden', httpCode: 403 },
  INPUT_JSON: { reason: 'BadRequest', httpCode: 400 },
  INPUT_YAML: { reason: 'BadRequest', httpCode: 400 },
  INPUT_SCHEMA: { reason: 'BadRequest', httpCode: 400 },
  INPUT_INVALID: { reason: 'BadRequest', httpCode: 400 },
};

/** A Status with the given parts. */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: KubernetesStatus['details'],
): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function detailsOf(detail: Record<string, unknown>): KubernetesStatus['details'] | undefined {
  const name = typeof detail.name === 'string' ? detail.name : undefined;
  const group = typeof detail.group === 'string' && detail.group !== '' ? detail.group : undefined;
  const kind =
    typeof detail.kind === 'string' ? detail.kind : typeof detail.resource === 'string' ? detail.resource : undefined;
  const causes = Array.isArray(detail.causes) ? (detail.causes as FieldCause[]) : undefined;
  if (name === undefined && kind === undefined && causes === undefined) return undefined;
  return {
    ...(name !== undefined ? { name } : {}),
    ...(group ? { group } : {}),
    ...(kind ? { kind } : {}),
    ...(causes ? { causes } : {}),
  };
}

/** The Status for any error thrown while serving a request. */
export function statusFromError(err: unknown): KubernetesStatus {
  if (isSimError(err)) {
    const detail = err.detail as Record<string, unknown>;
    const mapped = BY_CODE[err.code];
    const reason = typeof detail.reason === 'string' ? detail.reason : mapped?.reason;
    const httpCode = typeof detail.httpCode === 'number' ? detail.httpCode : mapped?.httpCode;
    if (reason && httpCode) return failureStatus(httpCode, reason, err.message, detailsOf(detail));
    return failureStatus(500, 'InternalError', `Internal error occurred: ${err.message}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return failureStatus(500, 'InternalError', `Internal error occurred: ${message}`);
}

/**
 * Kubernetes API errors as SimErrors, with the exact message texts of
 * k8s.io/apimachinery `pkg/api/errors` and the Status reason and code kept in
 * `detail`, so the HTTP layer can answer with a faithful Status object.
 */
import { SimError, type SimErrorCode } from '@irsa-lab/core';
import type { Kind } from '../types.js';

/** The REST resource name of each kind. */
export const RESOURCE: Readonly<Record<Kind, string>> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  Pod: 'pods',
  Secret: 'secrets',
  Node: 'nodes',
};

/** One field error (k8s.io/apimachinery/pkg/util/validation/field). */
export interface FieldCause {
  readonly field: string;
  /** `FieldValueInvalid`, `FieldValueRequired`, ... */
  readonly reason: string;
  /** The error without the field prefix: `Invalid value: 599: may not ...`. */
  readonly message: string;
}

interface StatusInfo {
  readonly reason: string;
  readonly httpCode: number;
  readonly name?: string;
  readonly group?: string;
  readonly resource?: string;
  readonly kind?: string;
  readonly causes?: readonly FieldCause[];
}

function k8sError(code: SimErrorCode, message: string, info: StatusInfo): SimError {
  return new SimError(code, message, { ...info });
}

/** `pods "x" not found` (404). */
export function notFound(resource: string, name: string, group = ''): SimError {
  const qualified = group ? `${resource}.${group}` : resource;
  return k8sError('K8S_NOT_FOUND', `${qualified} "${name}" not found`, {
    reason: 'NotFound',
    httpCode: 404,
    name,
    group,
    resource,
  });
}

/** `pods "x" already exists` (409). */
export function alreadyExists(resource: string, name: string): SimError {
  return k8sError('K8S_ALREADY_EXISTS', `${resource} "${name}" already exists`, {
    reason: 'AlreadyExists',
    httpCode: 409,
    name,
    resource,
  });
}

/** `pods "x" is forbidden: <why>` (403). */
export function forbidden(resource: string, name: string, why: string): SimError {
  return k8sError('K8S_FORBIDDEN', `${resource} "${name}" is forbidden: ${why}`, {
    reason: 'Forbidden',
    httpCode: 403,
    name,
    resource,
  });
}

/** A BadRequest (400) with the given message. */
export function badRequest(message: string): SimError {
  return k8sError('K8S_BAD_REQUEST', message, { reason: 'BadRequest', httpCode: 400 });
}

/** `Operation cannot be fulfilled on Pod "x": <why>` (409). */
export function conflict(resource: string, name: string, why: string): SimError {
  return k8sError('K8S_CONFLICT', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, {
    reason: 'Conflict',
    httpCode: 409,
    name,
    resource,
  });
}

/** A field error: `Invalid value: 599: may not specify ...`. */
export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return { field, reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${detail}` };
}

/** A field error: `Required value`. */
export function requiredValue(field: string, detail?: string): FieldCause {
  return { field, reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** A field error: `Duplicate value: "x"`. */
export function duplicateValue(field: string, value: string): FieldCause {
  return { field, reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(value)}` };
}

/** A field error: `Not found: "x"`. */
export function notFoundValue(field: string, value: string): FieldCause {
  return { field, reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(value)}` };
}

/** A field error: `Forbidden: <why>`. */
export function forbiddenField(field: string, why: string): FieldCause {
  return { field, reason: 'FieldValueForbidden', message: `Forbidden: ${why}` };
}

/**
 * `Pod "x" is invalid: spec.x: Required value` (422); several causes are
 * listed in brackets, as apimachinery's aggregate error prints them.
 */
export function invalid(qualifiedKind: string, name: string, causes: readonly FieldCause[]): SimError {
  if (causes.length === 0) throw new TypeError('invalid() needs at least one cause');
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const [kind = qualifiedKind, ...group] = qualifiedKind.split('.');
  return k8sError('K8S_INVALID', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    reason: 'Invalid',
    httpCode: 422,
    name,
    kind,
    group: group.join('.'),
    causes,
  });
}

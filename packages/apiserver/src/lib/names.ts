/**
 * Object name rules (k8s.io/apimachinery/pkg/util/validation): namespaces
 * are RFC 1123 labels, the other kinds here RFC 1123 subdomains.
 */
import type { Kind } from '../types.js';
import { type FieldCause, invalidValue } from './k8s-errors.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Field errors for an object name (empty when valid). */
export function nameCauses(kind: Kind, name: string, field = 'metadata.name'): FieldCause[] {
  if (name === '')
    return [{ field, reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }];
  const label = kind === 'Namespace';
  const max = label ? 63 : 253;
  const causes: FieldCause[] = [];
  if (name.length > max) causes.push(invalidValue(field, name, `must be no more than ${max} characters`));
  if (!(label ? LABEL : SUBDOMAIN).test(name))
    causes.push(invalidValue(field, name, label ? LABEL_MSG : SUBDOMAIN_MSG));
  return causes;
}

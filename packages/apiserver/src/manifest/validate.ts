/**
 * Strict checking of a decoded manifest against its schema: the first
 * unknown field, missing required field or wrong type, with the field path
 * written as Kubernetes writes it (`spec.containers[0].env[1].value`,
 * `metadata.annotations[eks.amazonaws.com/role-arn]`). Nulls count as absent.
 */
import { isPlainObject } from '../lib/json.js';
import type { FieldSchema } from './schema.js';

/** One step into a value: an object field, a map key or an array index. */
export type PathSegment = string | number;

/** What is wrong with a manifest, and where. */
export interface SchemaIssue {
  readonly problem: 'unknown-field' | 'missing-field' | 'wrong-type' | 'invalid-base64';
  /** Raw path to the offending key or value. */
  readonly path: readonly PathSegment[];
  /** The path in Kubernetes field notation. */
  readonly field: string;
  /** The message, without the `file:line:` prefix. */
  readonly message: string;
}

type Checked = { readonly value: unknown } | { readonly issue: SchemaIssue };

interface Where {
  readonly path: readonly PathSegment[];
  readonly field: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function child(where: Where, segment: PathSegment, style: 'field' | 'key' | 'index'): Where {
  const field =
    style === 'field' ? (where.field ? `${where.field}.${segment}` : String(segment)) : `${where.field}[${segment}]`;
  return { path: [...where.path, segment], field };
}

function issue(problem: SchemaIssue['problem'], where: Where, message: string): Checked {
  return { issue: { problem, path: where.path, field: where.field, message } };
}

function wrongType(where: Where, expected: string, value: unknown): Checked {
  const quoteHint =
    expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
      ? ` (quote it: "${String(value)}")`
      : '';
  return issue(
    'wrong-type',
    where,
    `wrong type for field "${where.field}": expected ${expected}, got ${describe(value)}${quoteHint}`,
  );
}

/** Offset of the first byte Go's base64.StdEncoding would reject, or -1. */
function illegalBase64Offset(text: string): number {
  const body = text.replace(/[\r\n]/g, '');
  const firstPad = body.indexOf('=');
  const end = firstPad < 0 ? body.length : firstPad;
  for (let i = 0; i < end; i++) {
    if (!/[A-Za-z0-9+/]/.test(body.charAt(i))) return i;
  }
  if (firstPad >= 0 && (!/^={1,2}$/.test(body.slice(firstPad)) || body.length % 4 !== 0)) return firstPad;
  return body.length % 4 === 0 ? -1 : body.length;
}

function checkScalar(value: unknown, schema: FieldSchema, where: Where): Checked {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? { value } : wrongType(where, 'string', value);
    case 'integer':
      return Number.isSafeInteger(value) ? { value } : wrongType(where, 'integer', value);
    case 'boolean':
      return typeof value === 'boolean' ? { value } : wrongType(where, 'boolean', value);
    case 'int-or-string':
      return typeof value === 'string' || Number.isSafeInteger(value)
        ? { value }
        : wrongType(where, 'integer or string', value);
    case 'base64': {
      if (typeof value !== 'string') return wrongType(where, 'string', value);
      const at = illegalBase64Offset(value);
      if (at < 0) return { value };
      return issue('invalid-base64', where, `illegal base64 data at input byte ${at} in field "${where.field}"`);
    }
    default:
      throw new TypeError(`not a scalar schema: ${schema.type}`);
  }
}

function checkObject(
  value: Record<string, unknown>,
  schema: Extract<FieldSchema, { type: 'object' }>,
  where: Where,
): Checked {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const at = child(where, key, 'field');
    const fieldSchema = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    if (!fieldSchema) return issue('unknown-field', at, `unknown field "${at.field}"`);
    if (raw === null) continue;
    const checked = check(raw, fieldSchema, at);
    if ('issue' in checked) return checked;
    out[key] = checked.value;
  }
  for (const key of schema.required ?? []) {
    if (!(key in out)) {
      const at = child(where, key, 'field');
      return {
        issue: {
          problem: 'missing-field',
          path: where.path,
          field: at.field,
          message: `missing required field "${at.field}"`,
        },
      };
    }
  }
  return { value: out };
}

function check(value: unknown, schema: FieldSchema, where: Where): Checked {
  switch (schema.type) {
    case 'object':
      return isPlainObject(value) ? checkObject(value, schema, where) : wrongType(where, 'object', value);
    case 'map': {
      if (!isPlainObject(value)) return wrongType(where, 'object', value);
      const out: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(value)) {
        const checked = check(raw, schema.values, child(where, key, 'key'));
        if ('issue' in checked) return checked;
        out[key] = checked.value;
      }
      return { value: out };
    }
    case 'array': {
      if (!Array.isArray(value)) return wrongType(where, 'array', value);
      const out: unknown[] = [];
      for (const [i, raw] of value.entries()) {
        const checked = check(raw, schema.items, child(where, i, 'index'));
        if ('issue' in checked) return checked;
        out.push(checked.value);
      }
      return { value: out };
    }
    default:
      return checkScalar(value, schema, where);
  }
}

/**
 * Check `value` against `schema`. Returns the value with nulls dropped, or
 * the first issue found (document order).
 */
export function validateAgainstSchema(
  value: unknown,
  schema: FieldSchema,
): { readonly value: unknown } | { readonly issue: SchemaIssue } {
  return check(value, schema, { path: [], field: '' });
}

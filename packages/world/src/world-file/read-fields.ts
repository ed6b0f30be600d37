/**
 * A strict reader over one decoded YAML document: every read names its path,
 * unknown fields are refused at their key's line, and each wrong type or
 * value becomes one world-file error (file, line, field).
 */
import type { SimError } from '@irsa-lab/core';
import { fieldPath, type Locate, type PathSegment, worldFileError } from './world-file-error.js';

export type Obj = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Reads fields of one document of `file`. */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly locate: Locate,
  ) {}

  /** The error for `path` (at its value, or at its key for unknown fields). */
  error(path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value', cause?: unknown): SimError {
    return worldFileError('INPUT_SCHEMA', this.file, this.locate(path, at), fieldPath(path), message, cause);
  }

  fail(path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value'): never {
    throw this.error(path, message, at);
  }

  /** A mapping with only `known` keys (or `{}` when absent and `optional`). */
  obj(value: unknown, path: readonly PathSegment[], known: readonly string[], optional = false): Obj {
    if (value === undefined && optional) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected a mapping, got ${describe(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.fail([...path, key], `unknown field "${key}" (known: ${known.join(', ')})`, 'key');
      }
    }
    return value as Obj;
  }

  /** A mapping of arbitrary keys (policy documents, inline policies by name). */
  anyObj(value: unknown, path: readonly PathSegment[]): Obj {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected a mapping, got ${describe(value)}`);
    }
    return value as Obj;
  }

  list(value: unknown, path: readonly PathSegment[], maxItems: number): readonly unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(path, `expected a list, got ${describe(value)}`);
    if (value.length > maxItems) this.fail(path, `at most ${maxItems} items, got ${value.length}`);
    return value;
  }

  str(value: unknown, path: readonly PathSegment[], rule?: { pattern: RegExp; expected: string }): string {
    if (typeof value !== 'string' || value === '')
      this.fail(path, `expected a non-empty string, got ${describe(value)}`);
    if (rule && !rule.pattern.test(value)) this.fail(path, `expected ${rule.expected}, got ${JSON.stringify(value)}`);
    return value;
  }

  optStr(
    value: unknown,
    path: readonly PathSegment[],
    rule?: { pattern: RegExp; expected: string },
  ): string | undefined {
    return value === undefined ? undefined : this.str(value, path, rule);
  }

  /** Text of any length (object bodies may be empty). */
  text(value: unknown, path: readonly PathSegment[], maxBytes: number): string {
    if (typeof value !== 'string') this.fail(path, `expected a string, got ${describe(value)}`);
    if (Buffer.byteLength(value) > maxBytes) this.fail(path, `at most ${maxBytes} bytes`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: readonly PathSegment[], options: readonly T[]): T {
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      this.fail(path, `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  int(value: unknown, path: readonly PathSegment[], min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `expected a whole number from ${min} to ${max}, got ${describe(value)}`);
    }
    return value;
  }

  /** A 12-digit AWS account id; a YAML integer is accepted when it has 12 digits. */
  account(value: unknown, path: readonly PathSegment[]): string {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    return this.str(text, path, { pattern: /^\d{12}$/, expected: 'a 12-digit AWS account id' });
  }
}

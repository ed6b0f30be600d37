/**
 * Typed reads of fields in a learner's parsed YAML or JSON: each wrong type,
 * missing field or unknown key fails with a LabInputError at the field's own
 * line, saying what was expected.
 */
import { LabInputError } from './input-error.js';
import { type ParsedDoc, type PathSegment, pathText } from './parsed-doc.js';

type Obj = Record<string, unknown>;

/** A JSON-ish description of a value, for "got ..." messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** Reads fields of one parsed document. */
export class FieldReader {
  constructor(readonly doc: ParsedDoc) {}

  /** Fail at `path` (its value, or its key). */
  fail(path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value'): never {
    const pos = this.doc.locate(path, at);
    const field = pathText(path);
    throw new LabInputError('SCHEMA', { file: this.doc.file, ...pos }, field ? `${field}: ${message}` : message);
  }

  /** The value at `path`, or undefined. */
  get(path: readonly PathSegment[]): unknown {
    let node: unknown = this.doc.value;
    for (const s of path) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string | number, unknown>)[s];
    }
    return node;
  }

  /** A mapping whose keys are all in `known` (when given). */
  obj(path: readonly PathSegment[], known?: readonly string[]): Obj {
    const value = this.get(path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected a mapping, got ${describe(value)}`);
    }
    if (known) {
      for (const key of Object.keys(value)) {
        if (!known.includes(key))
          this.fail([...path, key], `unknown field; expected one of ${known.join(', ')}`, 'key');
      }
    }
    return value as Obj;
  }

  /** A non-empty string. */
  str(path: readonly PathSegment[]): string {
    const value = this.get(path);
    if (typeof value !== 'string' || value === '')
      this.fail(path, `expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  /** A string, or undefined when the field is absent. */
  optStr(path: readonly PathSegment[]): string | undefined {
    return this.get(path) === undefined ? undefined : this.str(path);
  }

  /** One of `allowed`. */
  oneOf<T extends string>(path: readonly PathSegment[], allowed: readonly T[]): T {
    const value = this.get(path);
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(path, `expected ${allowed.map((a) => `"${a}"`).join(' or ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  /** An integer from `min` to `max`. */
  int(path: readonly PathSegment[], min: number, max: number): number {
    const value = this.get(path);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `expected an integer from ${min} to ${max}, got ${describe(value)}`);
    }
    return value;
  }

  /** A list of strings (at most `max`). */
  strList(path: readonly PathSegment[], max = 100): string[] {
    const value = this.get(path);
    if (!Array.isArray(value)) this.fail(path, `expected a list of strings, got ${describe(value)}`);
    if (value.length > max) this.fail(path, `expected at most ${max} entries, got ${value.length}`);
    return value.map((_, i) => this.str([...path, i]));
  }
}

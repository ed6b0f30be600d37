/**
 * Where a problem in a world file is, and the one error it becomes: a
 * SimError whose message starts `file:line: field:` and whose detail carries
 * file, line, column and field, so a learner sees one clear line and never
 * a stack trace.
 */

import { yamlLocator } from '@irsa-lab/apiserver';
import { SimError, type SimErrorCode } from '@irsa-lab/core';
import type { Document, LineCounter } from 'yaml';

/** One step of a path into a document: a mapping key or a list index. */
export type PathSegment = string | number;

/** 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Finds the line of a path inside one document (the deepest node that exists). */
export type Locate = (path: readonly PathSegment[], at?: 'key' | 'value') => Position;

/** `spec.objects[0].key` */
export function fieldPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}

/** `Statement[0].Condition.StringEquals` back into segments. */
export function parseFieldPath(field: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

/** A locator over `doc`, positions from `lines` (the apiserver's YAML locator). */
export function locator(doc: Document, lines: LineCounter): Locate {
  return yamlLocator(doc, lines);
}

/** The error for a problem at `pos` in `file`, about `field` (may be empty for the whole document). */
export function worldFileError(
  code: Extract<SimErrorCode, 'INPUT_YAML' | 'INPUT_SCHEMA' | 'INPUT_INVALID'>,
  file: string,
  pos: Position | undefined,
  field: string,
  message: string,
  cause?: unknown,
): SimError {
  const where = pos && pos.line > 0 ? `${file}:${pos.line}` : file;
  const text = field === '' ? `${where}: ${message}` : `${where}: ${field}: ${message}`;
  return new SimError(
    code,
    text,
    { file, ...(pos && pos.line > 0 ? { line: pos.line, column: pos.column } : {}), field },
    cause === undefined ? undefined : { cause },
  );
}

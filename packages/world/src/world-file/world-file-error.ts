/**
 * Where a problem in a world file is, and the one error it becomes: a
 * SimError whose message is composed once, `file:line: field: message`, and
 * whose detail carries file, line, column, field, the field's path as
 * segments and the message alone (`reason`), so a learner sees one clear line and never a stack trace.
 */

import { yamlLocator } from '@irsa-lab/apiserver';
import { SimError, type SimErrorCode } from '@irsa-lab/core';
import { type DocumentPath, fieldText } from '@irsa-lab/core/document';
import type { Document, LineCounter } from 'yaml';

/** 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Finds the line of a path inside one document (the deepest node that exists). */
export type Locate = (path: DocumentPath, at?: 'key' | 'value') => Position;

/** A locator over `doc`, positions from `lines` (the apiserver's YAML locator). */
export function locator(doc: Document, lines: LineCounter): Locate {
  return yamlLocator(doc, lines);
}

/** The error for a problem at `pos` in `file`, about the field at `path` (empty for the whole document). */
export function worldFileError(
  code: Extract<SimErrorCode, 'INPUT_YAML' | 'INPUT_SCHEMA' | 'INPUT_INVALID'>,
  file: string,
  pos: Position | undefined,
  path: DocumentPath,
  message: string,
  cause?: unknown,
): SimError {
  const where = pos && pos.line > 0 ? `${file}:${pos.line}` : file;
  const field = fieldText(path);
  const text = field === '' ? `${where}: ${message}` : `${where}: ${field}: ${message}`;
  return new SimError(
    code,
    text,
    {
      file,
      ...(pos && pos.line > 0 ? { line: pos.line, column: pos.column } : {}),
      field,
      path: [...path],
      reason: message,
    },
    cause === undefined ? undefined : { cause },
  );
}

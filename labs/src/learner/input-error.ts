/**
 * LabInputError: the one error for a problem in a file the learner wrote
 * (missing, unparsable, wrongly typed, not compiling, throwing or hanging).
 * It names the file and, when known, the line and column, so the checker
 * can print one clear line and never a stack trace.
 */

/** What kind of problem it is; callers and tests switch on it. */
export type LabInputErrorCode = 'FILE_MISSING' | 'SYNTAX' | 'SCHEMA' | 'TYPECHECK' | 'RUNTIME' | 'TIMEOUT';

/** Where in a learner's file a problem is. */
export interface FilePosition {
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
}

/** `file:line:col` (or shorter when the position is not known). */
export function formatPosition(pos: FilePosition): string {
  if (pos.line === undefined) return pos.file;
  return pos.column === undefined ? `${pos.file}:${pos.line}` : `${pos.file}:${pos.line}:${pos.column}`;
}

/** A problem in a learner's file. `message` says what is wrong and what was expected. */
export class LabInputError extends Error {
  override readonly name = 'LabInputError';
  readonly code: LabInputErrorCode;
  readonly position: FilePosition;
  /** More lines (further compiler errors, for example). */
  readonly more: readonly string[];
  /** The field at fault as path segments, when the problem is one field of a parsed document. */
  readonly path: readonly (string | number)[] | undefined;

  constructor(
    code: LabInputErrorCode,
    position: FilePosition,
    message: string,
    more: readonly string[] = [],
    path?: readonly (string | number)[],
  ) {
    super(`${formatPosition(position)}: ${message}`);
    this.code = code;
    this.position = position;
    this.more = more;
    this.path = path;
  }
}

/** True for a LabInputError (checked structurally, as SimError is). */
export function isLabInputError(err: unknown): err is LabInputError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'LabInputError';
}

/**
 * One document of a world file, read strictly against a zod schema: the
 * first problem in the document (by line) becomes the world-file error at
 * its line, unknown fields at their key, everything else at the value.
 */
import type { SimError } from '@irsa-lab/core';
import { type DocumentPath, firstInDocument, readDocument } from '@irsa-lab/core/document';
import type { z } from 'zod';
import { type Locate, worldFileError } from './world-file-error.js';

/** A decoded mapping, as written (policies stay objects until IAM parses them). */
export type Obj = Readonly<Record<string, unknown>>;

/** Reads one document of `file` and points into it. */
export class DocumentReader {
  constructor(
    readonly file: string,
    readonly locate: Locate,
  ) {}

  /** The error for `path` (at its value, or at its key). */
  error(path: DocumentPath, message: string, at: 'key' | 'value' = 'value', cause?: unknown): SimError {
    return worldFileError('INPUT_SCHEMA', this.file, this.locate(path, at), path, message, cause);
  }

  /** `value` as `schema` outputs it; SimError INPUT_SCHEMA at the first problem otherwise. */
  read<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const read = readDocument(schema, value);
    if (read.ok) return read.value;
    const problem = firstInDocument(read.problems, this.locate);
    throw this.error(problem.path, problem.message, problem.at);
  }
}

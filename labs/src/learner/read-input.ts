/**
 * A learner's parsed YAML or JSON checked against a zod schema (through
 * core/document, the same wording as world files and manifests): the first
 * problem in the file becomes a LabInputError SCHEMA at the field's own line
 * (an unknown field at its key), its text composed once as `field: message`.
 */
import { type DocumentPath, fieldText, firstInDocument, missingField, readDocument } from '@irsa-lab/core/document';
import type { z } from 'zod';
import { LabInputError } from './input-error.js';
import type { ParsedDoc } from './parsed-doc.js';

/** The error for a problem at `path` of `doc` (its value, or its key). */
export function inputProblem(
  doc: ParsedDoc,
  path: DocumentPath,
  message: string,
  at: 'key' | 'value' = 'value',
): LabInputError {
  const field = fieldText(path);
  const position = { file: doc.file, ...doc.locate(path, at) };
  return new LabInputError('SCHEMA', position, field ? `${field}: ${message}` : message, [], [...path]);
}

/** The value at `path` of `doc`, or undefined. */
export function valueAt(doc: ParsedDoc, path: DocumentPath): unknown {
  let node: unknown = doc.value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * The value at `base` (the whole document by default) as `schema` outputs it.
 * @throws LabInputError SCHEMA at the first problem, its path from the document's root.
 */
export function readInput<S extends z.ZodType>(doc: ParsedDoc, schema: S, base: DocumentPath = []): z.output<S> {
  const value = valueAt(doc, base);
  const last = base.at(-1);
  // zod names a missing field by its key, which for the value at `base` is base's own last key
  if (value === undefined && last !== undefined) throw inputProblem(doc, base, missingField(last));
  const read = readDocument(schema, value);
  if (read.ok) return read.value;
  const problems = read.problems.map((p) => ({ ...p, path: [...base, ...p.path] }));
  const problem = firstInDocument(problems, doc.locate);
  throw inputProblem(doc, problem.path, problem.message, problem.at);
}

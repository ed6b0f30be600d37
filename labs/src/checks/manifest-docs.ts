/**
 * Finding objects in a learner's multi-document YAML by kind and name, to
 * point a message at the line of a field (an annotation, serviceAccountName).
 */
import { type ParsedDoc, type PathSegment, writtenPart } from '../learner/parsed-doc.js';

interface Meta {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
}

/** The document of `kind` named `name` (in `namespace` when given). */
export function findDoc(
  docs: readonly ParsedDoc[],
  kind: string,
  name: string,
  namespace?: string,
): ParsedDoc | undefined {
  return docs.find((d) => {
    const v = d.value as Meta | null;
    if (!v || typeof v !== 'object' || v.kind !== kind || v.metadata?.name !== name) return false;
    return namespace === undefined || (v.metadata?.namespace ?? 'default') === namespace;
  });
}

/**
 * `file:line` of the field at `path` in `doc` (the line of its key); when it
 * is not written, of the deepest part of it that is: the mapping it belongs in.
 */
export function lineOf(doc: ParsedDoc | undefined, path: readonly PathSegment[], file: string): string {
  return doc ? `${file}:${doc.locate(writtenPart(doc, path).path, 'key').line}` : file;
}

/**
 * A path into a document a user wrote (a world file, a manifest, a lab
 * input): segments, never a string to be parsed back. `fieldText` is the one
 * way such a path is written for people (`spec.objects[0].key`). This file
 * loads no schema library, so any package can name fields with it.
 */

/** One step into a document: a mapping key or a list index. */
export type PathSegment = string | number;

/** Where in a document: the keys and indexes from its root. */
export type DocumentPath = readonly PathSegment[];

/**
 * A path as people read it: keys joined by dots, indexes in brackets.
 * @example fieldText(['spec', 'objects', 0, 'key']) // 'spec.objects[0].key'
 */
export function fieldText(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Where a path inside a YAML document is written: the line and column of a
 * key or value, or of the deepest part of the path that exists. Every place
 * that reports bad input by file and line (manifests, world files, learners'
 * lab files) finds positions with this one locator.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** One step of a path into a document: a mapping key or a list index. */
export type YamlPathSegment = string | number;

/** 1-based line and column. */
export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

/** Finds the position of `path` (its key with `at: 'key'`, else its value). */
export type YamlLocator = (path: readonly YamlPathSegment[], at?: 'key' | 'value') => YamlPosition;

/** A locator over one parsed document, with positions from the LineCounter it was parsed with. */
export function yamlLocator(doc: Document, lines: LineCounter): YamlLocator {
  const posOf = (offset: number): YamlPosition => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return (path, at = 'value') => {
    let node: unknown = doc.contents;
    let offset = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    for (const [i, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        if (i === path.length - 1 && at === 'key') return posOf((pair.key as Node).range?.[0] ?? offset);
        next = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      const range = (next as Node | undefined)?.range;
      if (!range) break;
      node = next;
      offset = range[0];
    }
    return posOf(offset);
  };
}

/**
 * Where a problem in a world file is, and the one error it becomes: a
 * SimError whose message starts `file:line: field:` and whose detail carries
 * file, line, column and field, so a learner sees one clear line and never
 * a stack trace.
 */
import { SimError, type SimErrorCode } from '@irsa-lab/world';
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

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

/** A locator over `doc`, positions from `lines`. */
export function locator(doc: Document, lines: LineCounter): Locate {
  const posOf = (offset: number): Position => {
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

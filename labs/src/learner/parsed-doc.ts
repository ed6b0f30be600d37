/**
 * Learner YAML and JSON, parsed with positions: the value, and a locator
 * that turns a path into the file's line and column. Syntax errors become a
 * LabInputError at the offending line. JSON is parsed strictly (as the AWS
 * CLI and IAM read it), then located through the YAML parser, of which JSON
 * is a subset.
 */
// the locator alone, not the API server's index (msw, jose, the token projector): the labs runner's first frame needs it
import { yamlLocator } from '@irsa-lab/apiserver/yaml-locator';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { LabInputError } from './input-error.js';

/** One segment of a path into a document: a key or a list index. */
export type PathSegment = string | number;

/** A parsed document of a learner file. */
export interface ParsedDoc {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line and column of `path` (its key with `at: 'key'`), or of the deepest part of it that exists. */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): { line: number; column: number };
}

/** The longest prefix of `path` that is written in `doc`, and the value written there. */
export function writtenPart(doc: ParsedDoc, path: readonly PathSegment[]): { path: PathSegment[]; value: unknown } {
  const found: PathSegment[] = [];
  let node: unknown = doc.value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) break;
    found.push(segment);
    node = (node as Record<string | number, unknown>)[segment];
  }
  return { path: found, value: node };
}

/** `Statement[0].Condition` */
export function pathText(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}

function locator(doc: Document, lines: LineCounter): ParsedDoc['locate'] {
  return yamlLocator(doc, lines);
}

function parseDocs(text: string, file: string): { docs: Document[]; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) return { docs: [], lines };
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lines.linePos(err.pos[0]);
      const message = err.message.split('\n')[0] ?? err.message;
      throw new LabInputError('SYNTAX', { file, line, column: col }, `YAML syntax error: ${message}`);
    }
  }
  return { docs, lines };
}

/** Every document of a YAML file (`---` separated, empty ones dropped). */
export function parseYamlDocs(text: string, file: string): ParsedDoc[] {
  const { docs, lines } = parseDocs(text, file);
  return docs
    .filter((d) => d.contents !== null)
    .map((doc) => ({ file, value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: locator(doc, lines) }));
}

/** A YAML file of exactly one document. */
export function parseYaml(text: string, file: string): ParsedDoc {
  const docs = parseYamlDocs(text, file);
  const [first, second] = docs;
  if (!first) throw new LabInputError('SCHEMA', { file, line: 1 }, 'the file is empty; expected a YAML document');
  if (second) {
    const { line } = second.locate([]);
    throw new LabInputError('SCHEMA', { file, line }, 'a second YAML document; expected exactly one');
  }
  return first;
}

function jsonErrorPosition(message: string, text: string): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** A strict JSON file (no comments, no trailing commas). */
export function parseJson(text: string, file: string): ParsedDoc {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = jsonErrorPosition(message, text);
    const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '');
    throw new LabInputError(
      'SYNTAX',
      { file, ...pos },
      `JSON syntax error: ${what} (strict JSON: no comments, no trailing commas)`,
    );
  }
  return { file, value, locate: jsonLocator(text, file) };
}

/** Positions through the YAML parser; a JSON text it cannot read (tab indentation) is located at line 1. */
function jsonLocator(text: string, file: string): ParsedDoc['locate'] {
  try {
    const { docs, lines } = parseDocs(text, file);
    const doc = docs[0];
    if (doc) return locator(doc, lines);
  } catch {
    // strict JSON that YAML rejects: positions are lost, the value is not
  }
  return () => ({ line: 1, column: 1 });
}

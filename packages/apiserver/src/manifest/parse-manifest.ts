/**
 * kubectl-style manifest reading: multi-document YAML (YAML 1.1 scalars, as
 * kubectl's decoder reads `0644` and `yes`), strictly checked against the
 * supported schema. Every problem is one SimError naming file, line, column
 * and field; nothing is applied if any document is bad.
 */

import { SimError } from '@irsa-lab/core';
import { type DocumentPath, expectedGot, firstInDocument, readDocument } from '@irsa-lab/core/document';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { isPlainObject } from '../lib/json.js';
import type { Kind } from '../types.js';
import { isKnownKind, MANIFEST_SCHEMAS } from './schema.js';
import { inInputOrder, kubeFieldText } from './validate.js';
import { type YamlPathSegment, yamlLocator } from './yaml-locator.js';

/** Largest manifest text accepted (kubectl has no such limit; etcd stops objects at 1.5 MiB). */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Most documents accepted in one manifest. */
export const MAX_MANIFEST_DOCUMENTS = 500;

/** One checked object from a manifest, with where it came from. */
export interface ParsedManifest {
  readonly kind: Kind;
  /** The object as written, nulls dropped, every field known and well typed. */
  readonly manifest: Record<string, unknown>;
  readonly file: string;
  /** 1-based line and column of the document's first node (0 when not from YAML). */
  readonly line: number;
  readonly column: number;
}

/** Finds the line and column of a path inside the source, if it can. */
export type Locator = (path: readonly YamlPathSegment[], at: 'key' | 'value') => { line: number; column: number };

/**
 * The error, its text composed once as `file:line: [field: ]reason`; the detail keeps the parts
 * (`reason` is what is wrong, without the place) for callers that say where in their own words.
 */
function inputError(
  code: 'INPUT_YAML' | 'INPUT_SCHEMA' | 'INPUT_INVALID',
  file: string,
  pos: { line: number; column: number },
  reason: string,
  extra: Record<string, unknown> = {},
  field = '',
): SimError {
  const prefix = pos.line > 0 ? `${file}:${pos.line}: ` : `${file}: `;
  const text = `${prefix}${field === '' ? '' : `${field}: `}${reason}`;
  return new SimError(code, text, { file, line: pos.line, column: pos.column, reason, ...extra });
}

/** What kubectl's resource mapping reads before anything else: which kind, in which version. */
const TYPE_META = z.object({ apiVersion: z.string().min(1), kind: z.string().min(1) });

/** `value` as `schema` outputs it; INPUT_SCHEMA at the first problem (in document order) otherwise. */
function checked(schema: z.ZodType, value: unknown, file: string, locate: Locator): unknown {
  const read = readDocument(schema, value);
  if (read.ok) return read.value;
  const problem = firstInDocument(read.problems, locate);
  const field = kubeFieldText(schema, problem.path);
  const pos = locate(problem.path, problem.at);
  const path: DocumentPath = [...problem.path];
  throw inputError('INPUT_SCHEMA', file, pos, problem.message, { field, path, problem: problem.code }, field);
}

/**
 * Check one decoded object: apiVersion and kind first (as kubectl's
 * resource mapping does), then the kind's schema.
 */
export function checkManifest(value: unknown, file: string, locate: Locator): ParsedManifest {
  const start = locate([], 'value');
  if (!isPlainObject(value)) {
    const message = expectedGot('a Kubernetes object (a YAML mapping)', value);
    throw inputError('INPUT_SCHEMA', file, start, message, { field: '', path: [], problem: 'wrong-type' });
  }
  checked(TYPE_META, value, file, locate);
  const { apiVersion, kind } = value;
  if (!isKnownKind(kind) || apiVersion !== 'v1') {
    const msg = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
    throw inputError('INPUT_SCHEMA', file, locate(['kind'], 'value'), msg, { field: 'kind', path: ['kind'] });
  }
  const manifest = inInputOrder(checked(MANIFEST_SCHEMAS[kind], value, file, locate), value) as Record<string, unknown>;
  return { kind, manifest, file, line: start.line, column: start.column };
}

function locator(doc: Document, lines: LineCounter): Locator {
  return yamlLocator(doc, lines);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parse and check every document of a manifest. Empty documents are skipped;
 * the first problem anywhere throws INPUT_YAML, INPUT_SCHEMA or INPUT_INVALID.
 */
export function parseManifests(text: string, file: string): ParsedManifest[] {
  if (typeof text !== 'string') throw new TypeError('manifest text must be a string');
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_MANIFEST_BYTES) {
    throw inputError('INPUT_INVALID', file, { line: 0, column: 0 }, `manifest is ${bytes} bytes, over the limit`, {
      limit: `MAX_MANIFEST_BYTES=${MAX_MANIFEST_BYTES}`,
    });
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.1', prettyErrors: true });
  const out: ParsedManifest[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
      throw inputError('INPUT_YAML', file, { line: pos.line, column: pos.col }, firstLine(error.message), {
        yamlCode: error.code,
      });
    }
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const pos = lines.linePos(doc.range?.[0] ?? 0);
      throw inputError(
        'INPUT_YAML',
        file,
        { line: pos.line, column: pos.col },
        firstLine(String((err as Error).message)),
      );
    }
    if (value === null || value === undefined) continue;
    out.push(checkManifest(value, file, locator(doc, lines)));
    if (out.length > MAX_MANIFEST_DOCUMENTS) {
      throw inputError('INPUT_INVALID', file, { line: 0, column: 0 }, 'too many documents in one manifest', {
        limit: `MAX_MANIFEST_DOCUMENTS=${MAX_MANIFEST_DOCUMENTS}`,
      });
    }
  }
  if (out.length === 0) {
    throw inputError('INPUT_INVALID', file, { line: 0, column: 0 }, 'no objects passed to apply');
  }
  return out;
}

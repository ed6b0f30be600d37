/**
 * Reading a world file: multi-document YAML split into irsa-lab's own
 * documents, checked here against their schemas (YAML 1.2 scalars, so a policy's
 * `Version: 2012-10-17` stays a string), and Kubernetes documents, left to
 * the apiserver (which reads them as kubectl does). The Kubernetes part is
 * handed on as the same text with the irsa-lab documents blanked out, so
 * the apiserver's errors name the same lines as the file.
 */

import { notOneOf } from '@irsa-lab/core/document';
import { LineCounter, parseAllDocuments } from 'yaml';
import { DocumentReader } from './document-reader.js';
import { type IrsaLabSpec, irsaLabSpec } from './irsa-kinds.js';
import { IRSA_LAB_API_VERSION, IRSA_LAB_DOCUMENT, IRSA_LAB_KINDS, type IrsaLabKind } from './kind-schemas.js';
import { locator, worldFileError } from './world-file-error.js';

/** Largest world file accepted. */
export const MAX_WORLD_FILE_BYTES = 1024 * 1024;
/** Most documents in one world file. */
export const MAX_WORLD_FILE_DOCUMENTS = 500;

/** One irsa-lab document, read, with the reader that can still point into it. */
export interface IrsaLabDocument {
  readonly spec: IrsaLabSpec;
  readonly reader: DocumentReader;
}

export interface ParsedWorldFile {
  readonly file: string;
  readonly irsaLab: readonly IrsaLabDocument[];
  /** The text with every irsa-lab document blanked (lines kept); undefined when there is no Kubernetes document. */
  readonly kubernetesText?: string;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
}

function checkSize(text: string, file: string): void {
  if (typeof text !== 'string') throw new TypeError('world file text must be a string');
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_WORLD_FILE_BYTES) {
    throw worldFileError(
      'INPUT_INVALID',
      file,
      undefined,
      [],
      `the file is ${bytes} bytes, over the limit of ${MAX_WORLD_FILE_BYTES}`,
    );
  }
}

/**
 * Parse and check every document of a world file (or, with `only`, just the
 * irsa-lab documents of those kinds); the first problem throws a SimError
 * (INPUT_YAML, INPUT_SCHEMA or INPUT_INVALID) naming file, line and field.
 */
export function parseWorldFile(text: string, file: string, only?: readonly IrsaLabKind[]): ParsedWorldFile {
  checkSize(text, file);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true });
  if (docs.length > MAX_WORLD_FILE_DOCUMENTS) {
    throw worldFileError(
      'INPUT_INVALID',
      file,
      undefined,
      [],
      `at most ${MAX_WORLD_FILE_DOCUMENTS} documents, got ${docs.length}`,
    );
  }
  const irsaLab: IrsaLabDocument[] = [];
  let kubernetesText = text;
  let kubernetesDocs = 0;
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
      throw worldFileError('INPUT_YAML', file, { line: pos.line, column: pos.col }, [], firstLine(error.message));
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const pos = lines.linePos(doc.range[0]);
      throw worldFileError('INPUT_YAML', file, { line: pos.line, column: pos.col }, [], firstLine(String(err)));
    }
    if (value === null || value === undefined) continue;
    const reader = new DocumentReader(file, locator(doc, lines));
    const apiVersion = (value as { apiVersion?: unknown }).apiVersion;
    if (typeof apiVersion !== 'string' || !apiVersion.startsWith('irsa-lab.dev/')) {
      kubernetesDocs += 1;
      continue;
    }
    if (apiVersion !== IRSA_LAB_API_VERSION) {
      throw reader.error(['apiVersion'], `irsa-lab's kinds are served at ${IRSA_LAB_API_VERSION}, not ${apiVersion}`);
    }
    const kind = (value as { kind?: unknown }).kind;
    if (!(IRSA_LAB_KINDS as readonly unknown[]).includes(kind))
      throw reader.error(['kind'], notOneOf(IRSA_LAB_KINDS, kind));
    if (only && !only.includes(kind as IrsaLabKind)) continue;
    irsaLab.push({ spec: irsaLabSpec(reader.read(IRSA_LAB_DOCUMENT, value)), reader });
    const range = doc.contents?.range;
    if (range) kubernetesText = blank(kubernetesText, range[0], range[2]);
  }
  return { file, irsaLab, ...(kubernetesDocs > 0 ? { kubernetesText } : {}) };
}

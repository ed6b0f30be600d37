/**
 * A learner's IAM policy JSON, parsed by the simulation's own policy engine
 * (the grammar IAM enforces), so a malformed policy fails exactly as
 * `aws iam create-role` would, here at the file's line and column.
 */

import { isSimError } from '@irsa-lab/core';
import { type Policy, parsePolicy } from '@irsa-lab/iam';
import { LabInputError } from './input-error.js';
import type { LabFiles } from './lab-files.js';
import { type ParsedDoc, parseJson, writtenPart } from './parsed-doc.js';

/** A policy file: its text (what IAM is given) and its parse (statement and condition lines). */
export interface PolicyFile {
  readonly file: string;
  readonly text: string;
  readonly policy: Policy;
  /** The same text with positions, to find a field's own line; undefined if strict JSON cannot read it. */
  readonly doc: ParsedDoc | undefined;
}

/** Positions for a text IAM's parser already accepted (strict JSON reads it too, or positions are dropped). */
function positions(text: string, file: string): ParsedDoc | undefined {
  try {
    return parseJson(text, file);
  } catch {
    return undefined;
  }
}

/**
 * Read and parse the policy `file` of a lab folder.
 * @throws LabInputError SYNTAX/SCHEMA at the line IAM's parser names.
 */
export function readPolicyFile(files: LabFiles, file: string, kind: 'identity' | 'resource'): PolicyFile {
  const text = files.read(file);
  try {
    const policy = parsePolicy(text, { name: file, kind, file });
    return { file, text, policy, doc: positions(text, file) };
  } catch (err) {
    if (!isSimError(err) || err.code !== 'POLICY_MALFORMED') throw err;
    const { line, column, field, syntax, reason } = err.detail;
    // the parser's message without its own `(file, line, field)`: this error says where, once
    const message = typeof reason === 'string' ? reason : err.message;
    const where = typeof field === 'string' && field !== '(document)' && !syntax ? `${field}: ` : '';
    throw new LabInputError(
      syntax ? 'SYNTAX' : 'SCHEMA',
      {
        file,
        ...(typeof line === 'number' ? { line } : {}),
        ...(typeof column === 'number' ? { column } : {}),
      },
      `${where}${message}`,
    );
  }
}

/** The line of statement `index` (1 when unknown). */
export function statementLine(p: PolicyFile, index: number): number {
  return p.policy.statements[index]?.line ?? 1;
}

/** The line of the condition `operator`/`key` in statement `index`, else the statement's line. */
export function conditionLine(p: PolicyFile, index: number, operator: string, key: string): number {
  const st = p.policy.statements[index];
  const entry = st?.conditions.find((c) => c.operator === operator && c.key.toLowerCase() === key.toLowerCase());
  return entry?.line ?? st?.line ?? 1;
}

/**
 * The line of `path` (`['Resource']`, `['Principal', 'Federated']`) in statement
 * `index`: of the list entry equal to `entry` when the field is a list holding
 * it, else of the field's key; when the field is not written, of the deepest
 * part of the path that is, and at worst of the statement.
 */
export function fieldLine(p: PolicyFile, index: number, path: readonly string[], entry?: string): number {
  const doc = p.doc;
  if (!doc) return statementLine(p, index);
  // Statement is a list of statements, or one statement on its own
  const base = Array.isArray(writtenPart(doc, ['Statement']).value) ? ['Statement', index] : ['Statement'];
  const found = writtenPart(doc, [...base, ...path]);
  if (found.path.length <= base.length) return statementLine(p, index);
  const whole = found.path.length === base.length + path.length;
  const at = whole && Array.isArray(found.value) && entry !== undefined ? found.value.indexOf(entry) : -1;
  return at >= 0 ? doc.locate([...found.path, at]).line : doc.locate(found.path, 'key').line;
}

/**
 * A learner's IAM policy JSON, parsed by the simulation's own policy engine
 * (the grammar IAM enforces), so a malformed policy fails exactly as
 * `aws iam create-role` would, here at the file's line and column.
 */
import { type Policy, parsePolicy } from '@irsa-lab/iam';
import { isSimError } from '@irsa-lab/world';
import { LabInputError } from './input-error.js';
import type { LabFiles } from './lab-files.js';

/** A policy file: its text (what IAM is given) and its parse (statement and condition lines). */
export interface PolicyFile {
  readonly file: string;
  readonly text: string;
  readonly policy: Policy;
}

/**
 * Read and parse the policy `file` of a lab folder.
 * @throws LabInputError SYNTAX/SCHEMA at the line IAM's parser names.
 */
export function readPolicyFile(files: LabFiles, file: string, kind: 'identity' | 'resource'): PolicyFile {
  const text = files.read(file);
  try {
    return { file, text, policy: parsePolicy(text, { name: file, kind, file }) };
  } catch (err) {
    if (!isSimError(err) || err.code !== 'POLICY_MALFORMED') throw err;
    const { line, column, field, syntax } = err.detail;
    const message = err.message.replace(/\s*\([^()]*\)$/, '');
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

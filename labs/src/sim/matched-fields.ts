/**
 * Which entry of a statement's Action and Resource matched a request, at its
 * line in the learner's file: what to narrow when a permission policy allows
 * too much. Each entry is matched by the policy engine itself (a one-entry
 * policy evaluated against the request), so "matches" means exactly what
 * IAM's wildcards do: actions case-insensitively, resources case-sensitively.
 */
import { evaluate, parsePolicyObject, type Statement } from '@irsa-lab/iam';
import { fieldLine, type PolicyFile } from '../learner/policy-file.js';

type Field = 'Action' | 'Resource';

/** Whether the single entry `pattern` of `field` matches `value`, as the engine decides. */
function entryMatches(field: Field, pattern: string, value: string): boolean {
  const statement = { Effect: 'Allow', Action: '*', Resource: '*', [field]: pattern };
  try {
    const policy = parsePolicyObject(
      { Version: '2012-10-17', Statement: [statement] },
      { name: 'one entry', kind: 'identity' },
    );
    const request =
      field === 'Action'
        ? { action: value, resource: '*', context: {} }
        : { action: 's3:GetObject', resource: value, context: {} };
    return evaluate([policy], request).decision === 'Allow';
  } catch {
    return false;
  }
}

/** `file:line Action "s3:*" matches s3:PutObject`, or why a NotAction did not exclude it. */
function fieldMatch(file: PolicyFile, statement: Statement, field: Field, value: string): string | undefined {
  const own = field === 'Action' ? statement.action : statement.resource;
  const not = field === 'Action' ? statement.notAction : statement.notResource;
  if (own) {
    const entry = own.find((pattern) => entryMatches(field, pattern, value));
    if (entry === undefined) return undefined;
    return `${file.file}:${fieldLine(file, statement.index, [field], entry)} ${field} ${JSON.stringify(entry)} matches ${value}`;
  }
  if (!not) return undefined;
  return `${file.file}:${fieldLine(file, statement.index, [`Not${field}`])} Not${field} ${JSON.stringify(not)} does not exclude ${value}`;
}

/** The Action and Resource lines of `statement` that matched the request. */
export function matchedLines(
  file: PolicyFile,
  statement: Statement,
  request: { readonly action: string; readonly resource?: string },
): string[] {
  const lines = [fieldMatch(file, statement, 'Action', request.action)];
  if (request.resource !== undefined) lines.push(fieldMatch(file, statement, 'Resource', request.resource));
  return lines.filter((l) => l !== undefined);
}

/**
 * parsePolicy / parsePolicyObject: read an IAM policy document (AWS grammar:
 * Version, Id, Statement) into a Policy, or fail with POLICY_MALFORMED naming
 * the field and, for text, its line and column.
 */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { collectFields, joinField, typeName } from './grammar-helpers.js';
import { PolicySource, valueToTree } from './json-source.js';
import { readStatement } from './parse-statement.js';
import type { Policy, Statement } from './types.js';

/** Largest policy text accepted, in characters (the IAM quota for a role's inline policies). */
export const MAX_POLICY_CHARS = 10_240;

/** How to read a policy: its name for traces, whether it is an identity or a resource policy, its file for errors. */
export interface ParsePolicyOptions {
  readonly name: string;
  readonly kind: 'identity' | 'resource';
  readonly file?: string;
}

const VERSIONS = ['2012-10-17', '2008-10-17'] as const;

function checkOptions(options: ParsePolicyOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('parsePolicy: options are required');
  if (typeof options.name !== 'string' || options.name === '')
    throw new TypeError('parsePolicy: options.name must be a non-empty string');
  if (options.kind !== 'identity' && options.kind !== 'resource')
    throw new TypeError('parsePolicy: options.kind must be "identity" or "resource"');
  if (options.file !== undefined && typeof options.file !== 'string')
    throw new TypeError('parsePolicy: options.file must be a string when given');
}

function checkSize(size: number, source: PolicySource, hasText: boolean): void {
  // For text, point at the first character past the quota.
  const at = hasText ? ({ type: 'null', offset: MAX_POLICY_CHARS, length: 0 } as Node) : undefined;
  if (size > MAX_POLICY_CHARS)
    source.fail(
      `Cannot exceed quota for PolicySize: ${MAX_POLICY_CHARS} (this policy has ${size} characters).`,
      at,
      [],
      {
        limit: `PolicySize ${MAX_POLICY_CHARS} characters`,
        size,
      },
    );
}

function readVersion(node: Node | undefined, source: PolicySource): Policy['version'] {
  // AWS treats a policy without Version as 2008-10-17 (no policy variables).
  if (!node) return '2008-10-17';
  const value = node.value;
  if (node.type !== 'string' || !VERSIONS.includes(value))
    source.fail(
      `The policy failed legacy parsing: Version must be "2012-10-17" or "2008-10-17", not ${node.type === 'string' ? JSON.stringify(value) : typeName(node)}.`,
      node,
      ['Version'],
    );
  return value as Policy['version'];
}

function readStatements(node: Node | undefined, root: Node, kind: Policy['kind'], source: PolicySource): Statement[] {
  if (!node) return source.fail('Missing required field Statement.', root, ['Statement']);
  if (node.type === 'object') return [readStatement(node, 0, ['Statement'], kind, source)];
  if (node.type !== 'array')
    source.fail(`Syntax errors in policy: Statement must be an object or a list, not ${typeName(node)}.`, node, [
      'Statement',
    ]);
  const items = node.children ?? [];
  if (items.length === 0) source.fail('Syntax errors in policy: Statement must not be empty.', node, ['Statement']);
  const statements = items.map((item, i) => readStatement(item, i, ['Statement', i], kind, source));
  const seen = new Map<string, number>();
  for (const statement of statements) {
    if (statement.sid === undefined) continue;
    const before = seen.get(statement.sid);
    if (before !== undefined)
      source.fail(
        `Statement IDs (SID) in a single policy must be unique: ${JSON.stringify(statement.sid)} is used by statements ${before} and ${statement.index}.`,
        findNodeAtLocation(items[statement.index] as Node, ['Sid']),
        joinField(['Statement', statement.index], 'Sid'),
      );
    seen.set(statement.sid, statement.index);
  }
  return statements;
}

function readPolicy(root: Node, options: ParsePolicyOptions, source: PolicySource): Policy {
  if (root.type !== 'object')
    source.fail(`Syntax errors in policy: a policy must be a JSON object, not ${typeName(root)}.`, root, []);
  const fields = collectFields(root, ['Version', 'Id', 'Statement'], [], source);
  const version = readVersion(fields.get('Version')?.valueNode, source);
  const id = fields.get('Id')?.valueNode;
  if (id && id.type !== 'string')
    source.fail(`Syntax errors in policy: Id must be a string, not ${typeName(id)}.`, id, ['Id']);
  const statements = readStatements(fields.get('Statement')?.valueNode, root, options.kind, source);
  return {
    name: options.name,
    kind: options.kind,
    version,
    ...(id ? { id: id.value as string } : {}),
    statements,
  };
}

/**
 * Parse policy JSON text (strict JSON: no comments, no trailing commas).
 * @throws SimError POLICY_MALFORMED with detail { file, line, column, field, path, reason } (and `limit` for oversize text).
 * @example parsePolicy(text, { name: 'trust policy of role/billing', kind: 'resource', file: 'trust.json' })
 */
export function parsePolicy(text: string, options: ParsePolicyOptions): Policy {
  checkOptions(options);
  if (typeof text !== 'string') throw new TypeError('parsePolicy: text must be a string');
  const source = new PolicySource(options.name, text, options.file);
  checkSize(text.length, source, true);
  return readPolicy(source.readTree(), options, source);
}

/**
 * Read a policy that was already parsed from JSON (errors name the field, with no line numbers).
 * The size limit applies to its compact JSON form.
 */
export function parsePolicyObject(value: unknown, options: ParsePolicyOptions): Policy {
  checkOptions(options);
  const source = new PolicySource(options.name, undefined, options.file);
  const root = valueToTree(value, source);
  checkSize(JSON.stringify(value).length, source, false);
  return readPolicy(root, options, source);
}

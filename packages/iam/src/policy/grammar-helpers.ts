/**
 * Small grammar helpers shared by the policy, statement and condition
 * readers: known-field checks with a case hint, and string-or-list values.
 */
import type { Node } from 'jsonc-parser';
import { type FieldPath, fieldName, type PolicySource } from './json-source.js';

/** One field of a JSON object, with its nodes and its position among the fields. */
export interface Field {
  readonly keyNode: Node;
  readonly valueNode: Node;
  readonly order: number;
}

/** `['Statement', 0]` + `Effect` -> `['Statement', 0, 'Effect']`. */
export function joinField(prefix: FieldPath, key: string | number): FieldPath {
  return [...prefix, key];
}

/** JSON type of a node as a learner would name it. */
export function typeName(node: Node): string {
  return node.type === 'array' ? 'a list' : node.type === 'object' ? 'an object' : `a ${node.type}`;
}

/** Read an object's fields, failing on an unknown or repeated field name. */
export function collectFields(
  node: Node,
  allowed: readonly string[],
  prefix: FieldPath,
  source: PolicySource,
): ReadonlyMap<string, Field> {
  const fields = new Map<string, Field>();
  (node.children ?? []).forEach((property, order) => {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) throw new TypeError('collectFields: malformed property node');
    const key = String(keyNode.value);
    const field = joinField(prefix, key);
    if (!allowed.includes(key)) {
      const near = allowed.find((name) => name.toLowerCase() === key.toLowerCase());
      const hint = near ? ` (field names are case-sensitive: did you mean "${near}"?)` : '';
      source.fail(`Syntax errors in policy: unknown field ${JSON.stringify(key)}${hint}.`, keyNode, field);
    }
    if (fields.has(key))
      source.fail(`Syntax errors in policy: duplicate field ${JSON.stringify(key)}.`, keyNode, field);
    fields.set(key, { keyNode, valueNode, order });
  });
  return fields;
}

/** A string or a non-empty list of strings (Action, Resource, principal entries). */
export function readStringList(node: Node, path: FieldPath, source: PolicySource): string[] {
  const field = fieldName(path);
  if (node.type === 'string') return [node.value as string];
  if (node.type === 'array') {
    const items = node.children ?? [];
    if (items.length === 0) source.fail(`Syntax errors in policy: ${field} must not be an empty list.`, node, path);
    return items.map((item, i) => {
      if (item.type !== 'string')
        source.fail(
          `Syntax errors in policy: ${field} must hold strings, not ${typeName(item)}.`,
          item,
          joinField(path, i),
        );
      return item.value as string;
    });
  }
  return source.fail(
    `Syntax errors in policy: ${field} must be a string or a list of strings, not ${typeName(node)}.`,
    node,
    path,
  );
}

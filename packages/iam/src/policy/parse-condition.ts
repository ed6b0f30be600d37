/**
 * The Condition block grammar: `{ Operator: { key: value | [values] } }`.
 * Operators are checked against the known catalogue at parse time, so a typo
 * such as `StringEqual` is an error instead of a condition that never holds.
 */
import type { Node } from 'jsonc-parser';
import { joinField, typeName } from './grammar-helpers.js';
import type { FieldPath, PolicySource } from './json-source.js';
import { knownOperators, splitOperator } from './operators.js';
import type { ConditionEntry, ConditionValue } from './types.js';

function operatorHint(name: string): string {
  const bare = name.replace(/^(ForAnyValue|ForAllValues):/i, '').replace(/IfExists$/i, '');
  const near = knownOperators().find((op) => op.toLowerCase() === bare.toLowerCase());
  return near && near !== bare ? ` (operator names are case-sensitive: did you mean "${near}"?)` : '';
}

function readValues(node: Node, field: FieldPath, source: PolicySource): ConditionValue[] {
  const scalar = (item: Node, at: FieldPath): ConditionValue => {
    if (item.type === 'string' || item.type === 'number' || item.type === 'boolean')
      return item.value as ConditionValue;
    return source.fail(
      `Syntax errors in policy: condition values must be strings, numbers or booleans, not ${typeName(item)}.`,
      item,
      at,
    );
  };
  if (node.type !== 'array') return [scalar(node, field)];
  const items = node.children ?? [];
  if (items.length === 0)
    source.fail('Syntax errors in policy: a condition key needs at least one value.', node, field);
  return items.map((item, i) => scalar(item, joinField(field, i)));
}

function checkNullValues(values: readonly ConditionValue[], node: Node, field: FieldPath, source: PolicySource): void {
  for (const value of values) {
    if (!['true', 'false'].includes(String(value).toLowerCase()))
      source.fail(
        `Null takes "true" (key absent) or "false" (key present), not ${JSON.stringify(value)}.`,
        node,
        field,
      );
  }
}

function readOperator(
  name: string,
  keyNode: Node,
  valueNode: Node,
  field: FieldPath,
  source: PolicySource,
): ConditionEntry[] {
  const parts = splitOperator(name);
  if (!parts) source.fail(`Invalid Condition type : ${name}${operatorHint(name)}.`, keyNode, field);
  if (valueNode.type !== 'object')
    source.fail(
      `Syntax errors in policy: ${name} must map condition keys to values, not be ${typeName(valueNode)}.`,
      valueNode,
      field,
    );
  const seen = new Set<string>();
  return (valueNode.children ?? []).map((property) => {
    const [conditionKeyNode, valuesNode] = property.children as [Node, Node];
    const key = String(conditionKeyNode.value);
    const keyField = joinField(field, key);
    if (!/^[^:]+:./.test(key))
      source.fail(
        `Condition key ${JSON.stringify(key)} must be prefaced by a vendor, e.g. aws:SourceIp or <issuer>:sub.`,
        conditionKeyNode,
        keyField,
      );
    if (seen.has(key.toLowerCase()))
      source.fail(
        `Syntax errors in policy: duplicate condition key ${JSON.stringify(key)}.`,
        conditionKeyNode,
        keyField,
      );
    seen.add(key.toLowerCase());
    const values = readValues(valuesNode, keyField, source);
    if (parts.baseOperator === 'Null') checkNullValues(values, valuesNode, keyField, source);
    const line = source.position(conditionKeyNode.offset)?.line;
    return { operator: name, ...parts, key, values, ...(line === undefined ? {} : { line }) };
  });
}

/** Read a statement's Condition block into one entry per (operator, key). */
export function readConditions(node: Node, field: FieldPath, source: PolicySource): ConditionEntry[] {
  if (node.type !== 'object')
    source.fail(
      `Syntax errors in policy: Condition must be an object of {"Operator": {"key": value}}, not ${typeName(node)}.`,
      node,
      field,
    );
  const seen = new Set<string>();
  return (node.children ?? []).flatMap((property) => {
    const [keyNode, valueNode] = property.children as [Node, Node];
    const name = String(keyNode.value);
    const opField = joinField(field, name);
    // AWS keeps only one of two same-named operator blocks; refusing both is clearer.
    if (seen.has(name))
      source.fail(`Syntax errors in policy: duplicate operator ${JSON.stringify(name)}.`, keyNode, opField);
    seen.add(name);
    return readOperator(name, keyNode, valueNode, opField, source);
  });
}

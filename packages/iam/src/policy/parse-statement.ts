/**
 * The Statement grammar: Sid, Effect, Principal/NotPrincipal, Action/NotAction,
 * Resource/NotResource and Condition, with the rules that depend on the kind
 * of policy (identity policies name no principal and need a resource;
 * resource policies need a principal). Messages follow IAM's
 * MalformedPolicyDocument wording where it is known.
 */
import type { Node } from 'jsonc-parser';
import { collectFields, type Field, joinField, readStringList, typeName } from './grammar-helpers.js';
import { type FieldPath, fieldName, type PolicySource } from './json-source.js';
import { readConditions } from './parse-condition.js';
import type { Principal, Statement } from './types.js';

const STATEMENT_FIELDS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;

const PRINCIPAL_TYPES = ['AWS', 'Federated', 'Service', 'CanonicalUser'] as const;
const AWS_PRINCIPAL = /^(?:\*|\d{12}|arn:[^:]+:(?:iam|sts)::\d{12}:.+)$/;

function readPrincipal(node: Node, field: FieldPath, source: PolicySource): Principal {
  if (node.type === 'string') {
    if (node.value === '*') return { kind: '*' };
    source.fail(
      `Invalid principal in policy: ${JSON.stringify(node.value)}. Use "*" or a map such as {"AWS": ...}.`,
      node,
      field,
    );
  }
  if (node.type !== 'object' || (node.children ?? []).length === 0)
    source.fail(
      `Invalid principal in policy: ${fieldName(field)} must be "*" or a map of principal types.`,
      node,
      field,
    );
  const fields = collectFields(node, PRINCIPAL_TYPES, field, source);
  const principal: Record<string, string[]> = {};
  for (const [type, { valueNode }] of fields) {
    const entries = readStringList(valueNode, joinField(field, type), source);
    if (type === 'AWS') {
      const bad = entries.find((entry) => !AWS_PRINCIPAL.test(entry));
      if (bad !== undefined)
        source.fail(`Invalid principal in policy: "AWS":${JSON.stringify(bad)}.`, valueNode, joinField(field, type));
    }
    principal[type] = entries;
  }
  return { kind: 'map', ...principal };
}

function readEffect(fields: ReadonlyMap<string, Field>, node: Node, prefix: FieldPath, source: PolicySource) {
  const effect = fields.get('Effect');
  if (!effect) return source.fail('Missing required field Effect.', node, joinField(prefix, 'Effect'));
  const value = effect.valueNode.value;
  if (effect.valueNode.type !== 'string' || (value !== 'Allow' && value !== 'Deny'))
    source.fail(
      `Invalid effect: ${effect.valueNode.type === 'string' ? JSON.stringify(value) : typeName(effect.valueNode)}. Effect must be "Allow" or "Deny".`,
      effect.valueNode,
      joinField(prefix, 'Effect'),
    );
  return value as 'Allow' | 'Deny';
}

/** The later of two mutually exclusive fields, so the error points where the conflict appears. */
function conflict(fields: ReadonlyMap<string, Field>, a: string, b: string): [string, Field] | undefined {
  const first = fields.get(a);
  const second = fields.get(b);
  if (!first || !second) return undefined;
  return first.order > second.order ? [a, first] : [b, second];
}

function readActions(fields: ReadonlyMap<string, Field>, node: Node, prefix: FieldPath, source: PolicySource) {
  const both = conflict(fields, 'Action', 'NotAction');
  if (both)
    source.fail('A statement must have Action or NotAction, not both.', both[1].keyNode, joinField(prefix, both[0]));
  const name = fields.has('Action') ? 'Action' : 'NotAction';
  const found = fields.get(name);
  if (!found) return source.fail('Policy statement must contain actions.', node, joinField(prefix, 'Action'));
  const field = joinField(prefix, name);
  const actions = readStringList(found.valueNode, field, source);
  for (const action of actions) {
    if (action === '*') continue;
    const colons = action.split(':').length - 1;
    if (colons === 0 || action.startsWith(':'))
      source.fail(
        `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got ${JSON.stringify(action)})`,
        found.valueNode,
        field,
      );
    if (colons > 1)
      source.fail(
        `Actions/Condition can contain only one colon. (got ${JSON.stringify(action)})`,
        found.valueNode,
        field,
      );
  }
  return name === 'Action' ? { action: actions } : { notAction: actions };
}

function readResources(
  fields: ReadonlyMap<string, Field>,
  node: Node,
  prefix: FieldPath,
  kind: 'identity' | 'resource',
  source: PolicySource,
) {
  const both = conflict(fields, 'Resource', 'NotResource');
  if (both)
    source.fail(
      'A statement must have Resource or NotResource, not both.',
      both[1].keyNode,
      joinField(prefix, both[0]),
    );
  const name = fields.has('Resource') ? 'Resource' : 'NotResource';
  const found = fields.get(name);
  if (!found) {
    // Trust policies name no resource (the role is the resource), so only identity policies need one.
    if (kind === 'identity')
      source.fail('Policy statement must contain resources.', node, joinField(prefix, 'Resource'));
    return {};
  }
  const field = joinField(prefix, name);
  const resources = readStringList(found.valueNode, field, source);
  const bad = resources.find((resource) => resource !== '*' && !resource.startsWith('arn:'));
  if (bad !== undefined) source.fail(`Resource ${bad} must be in ARN format or "*".`, found.valueNode, field);
  return name === 'Resource' ? { resource: resources } : { notResource: resources };
}

function readPrincipals(
  fields: ReadonlyMap<string, Field>,
  node: Node,
  prefix: FieldPath,
  kind: 'identity' | 'resource',
  source: PolicySource,
) {
  const principal = fields.get('Principal');
  const notPrincipal = fields.get('NotPrincipal');
  if (kind === 'identity') {
    const named = principal ? 'Principal' : 'NotPrincipal';
    const found = principal ?? notPrincipal;
    if (found) source.fail('Policy document should not specify a principal.', found.keyNode, joinField(prefix, named));
    return {};
  }
  const both = conflict(fields, 'Principal', 'NotPrincipal');
  if (both)
    source.fail(
      'A statement must have Principal or NotPrincipal, not both.',
      both[1].keyNode,
      joinField(prefix, both[0]),
    );
  if (principal) return { principal: readPrincipal(principal.valueNode, joinField(prefix, 'Principal'), source) };
  if (notPrincipal)
    return { notPrincipal: readPrincipal(notPrincipal.valueNode, joinField(prefix, 'NotPrincipal'), source) };
  return source.fail('Missing required field Principal.', node, joinField(prefix, 'Principal'));
}

/** Read one statement object; `prefix` is its path (`['Statement']` or `['Statement', 2]`). */
export function readStatement(
  node: Node,
  index: number,
  prefix: FieldPath,
  kind: 'identity' | 'resource',
  source: PolicySource,
): Statement {
  if (node.type !== 'object')
    source.fail(
      `Syntax errors in policy: ${fieldName(prefix)} must be an object, not ${typeName(node)}.`,
      node,
      prefix,
    );
  const fields = collectFields(node, STATEMENT_FIELDS, prefix, source);
  const sid = fields.get('Sid');
  if (sid && sid.valueNode.type !== 'string')
    source.fail(
      `Syntax errors in policy: Sid must be a string, not ${typeName(sid.valueNode)}.`,
      sid.valueNode,
      joinField(prefix, 'Sid'),
    );
  const effect = readEffect(fields, node, prefix, source);
  const principals = readPrincipals(fields, node, prefix, kind, source);
  const actions = readActions(fields, node, prefix, source);
  const resources = readResources(fields, node, prefix, kind, source);
  const condition = fields.get('Condition');
  const conditions = condition ? readConditions(condition.valueNode, joinField(prefix, 'Condition'), source) : [];
  const line = source.position(node.offset)?.line;
  return {
    index,
    ...(sid ? { sid: sid.valueNode.value as string } : {}),
    effect,
    ...principals,
    ...actions,
    ...resources,
    conditions,
    ...(line === undefined ? {} : { line }),
  };
}

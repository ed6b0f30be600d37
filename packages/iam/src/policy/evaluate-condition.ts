/**
 * One condition entry (operator + key + values) against the request context,
 * with a sentence saying why it matched or not.
 *
 * Semantics (IAM User Guide, "Condition operators" and "Set operators for
 * multivalued context keys"):
 * - several policy values for one key are ORed; a negated operator is the
 *   negation of its positive form, so it matches only when no value matches;
 * - a key absent from the request fails a positive operator and satisfies a
 *   negated one; `...IfExists` makes an absent key match; `Null` tests presence;
 * - `ForAnyValue:` needs some request value to satisfy the operator (absent or
 *   empty key: false), `ForAllValues:` needs every one to (absent or empty: true);
 * - a multi-valued key without a set qualifier is treated like `ForAnyValue`
 *   for a positive operator, and as "no value matches" for a negated one;
 * - policy variables (`${aws:PrincipalTag/team}`) in the values of a
 *   2012-10-17 policy are replaced from the request first (variables.ts).
 */
import { compareValue } from './compare.js';
import { type OperatorSpec, operatorSpec } from './operators.js';
import type { ConditionEntry, ConditionTrace, ConditionValue } from './types.js';
import { hasVariables, substituteVariables } from './variables.js';

/** Request context with lower-cased keys (condition keys compare case-insensitively). */
export type LowerContext = ReadonlyMap<string, string | readonly string[]>;

/** Build the case-insensitive view of a request context. */
export function lowerContext(context: Readonly<Record<string, string | readonly string[]>>): LowerContext {
  const map = new Map<string, string | readonly string[]>();
  for (const [key, value] of Object.entries(context)) map.set(key.toLowerCase(), value);
  return map;
}

function quote(value: ConditionValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function showActual(actual: string | readonly string[]): string {
  return typeof actual === 'string' ? JSON.stringify(actual) : `[${actual.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function showExpected(values: readonly ConditionValue[], negated: boolean): string {
  if (values.length === 1) return quote(values[0] as ConditionValue);
  const listed = values.map(quote).join(negated ? ' or ' : ', ');
  return negated ? listed : `one of ${listed}`;
}

function verdict(matched: boolean): string {
  return matched ? 'match' : 'no match';
}

function nullCondition(entry: ConditionEntry, present: boolean): { matched: boolean; reason: string } {
  const wantsAbsent = entry.values.map((v) => String(v).toLowerCase());
  const matched = wantsAbsent.some((v) => (v === 'true' ? !present : v === 'false' ? present : false));
  const wants = wantsAbsent.length === 1 && wantsAbsent[0] === 'true' ? 'absent' : 'present';
  const wanted = wantsAbsent.length > 1 ? 'absent or present' : wants;
  return {
    matched,
    reason: `${entry.key} is ${present ? 'present' : 'absent'}; Null wants the key ${wanted}: ${verdict(matched)}`,
  };
}

function absentKey(entry: ConditionEntry, op: OperatorSpec, empty: boolean): { matched: boolean; reason: string } {
  const head = `${entry.key} is ${empty ? 'an empty list' : 'absent from the request'}; ${entry.operator}`;
  if (entry.ifExists) return { matched: true, reason: `${head} matches a missing key (IfExists): match` };
  if (entry.setQualifier === 'ForAllValues')
    return { matched: true, reason: `${head} matches when there are no values to check: match` };
  if (entry.setQualifier === 'ForAnyValue')
    return { matched: false, reason: `${head} needs at least one value: no match` };
  if (op.negated) return { matched: true, reason: `${head} (a negated operator) matches a missing key: match` };
  return { matched: false, reason: `${head} fails on a missing key: no match` };
}

function presentKey(
  entry: ConditionEntry,
  op: OperatorSpec,
  values: readonly string[],
  multi: boolean,
): { matched: boolean; reason: string } {
  const positiveHit = (v: string) => entry.values.some((c) => compareValue(op.positive, v, c));
  const satisfies = (v: string) => (op.negated ? !positiveHit(v) : positiveHit(v));
  let matched: boolean;
  let scope = '';
  if (entry.setQualifier === 'ForAllValues') {
    matched = values.every(satisfies);
    const miss = values.find((v) => !satisfies(v));
    scope = ` for every value${miss === undefined ? '' : ` (${JSON.stringify(miss)} is not)`}`;
  } else if (entry.setQualifier === 'ForAnyValue') {
    matched = values.some(satisfies);
    scope = ' for at least one value';
  } else {
    matched = op.negated ? values.every(satisfies) : values.some(satisfies);
    if (multi) scope = op.negated ? ' for every value (no set operator)' : ' for any value (no set operator)';
  }
  const actual = multi ? values : (values[0] as string);
  const wants = `${op.wants}${showExpected(entry.values, op.negated)}`;
  return {
    matched,
    reason: `${entry.key} is ${showActual(actual)}; ${entry.operator} wants ${wants}${scope}: ${verdict(matched)}`,
  };
}

/** The entry with the policy variables of its values replaced; a value naming an absent key is left out. */
function withVariables(entry: ConditionEntry, context: LowerContext): ConditionEntry {
  if (!entry.values.some((v) => typeof v === 'string' && hasVariables(v))) return entry;
  const values: ConditionValue[] = [];
  for (const v of entry.values) {
    const resolved = typeof v === 'string' ? substituteVariables(v, context) : v;
    if (resolved !== undefined) values.push(resolved);
  }
  return { ...entry, values };
}

/**
 * Evaluate one condition entry against the (lower-cased) request context;
 * `variables`: substitute policy variables first (policies of Version 2012-10-17).
 */
export function evaluateCondition(given: ConditionEntry, context: LowerContext, variables = false): ConditionTrace {
  const entry = variables ? withVariables(given, context) : given;
  const op = operatorSpec(entry.baseOperator);
  if (!op) throw new TypeError(`evaluateCondition: unknown operator ${entry.baseOperator}`);
  const actual = context.get(entry.key.toLowerCase());
  const values = actual === undefined ? [] : typeof actual === 'string' ? [actual] : actual;
  const present = values.length > 0;
  const outcome =
    op.family === 'Null'
      ? nullCondition(entry, present)
      : present
        ? presentKey(entry, op, values, typeof actual !== 'string')
        : absentKey(entry, op, actual !== undefined);
  return {
    operator: entry.operator,
    key: entry.key,
    expected: entry.values,
    actual,
    matched: outcome.matched,
    reason: outcome.reason,
  };
}

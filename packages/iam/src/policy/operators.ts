/**
 * The catalogue of IAM condition operators: which family each belongs to,
 * whether it is a negated form (evaluated as "not the positive operator"),
 * and how a trace phrases what it wants. The grammar of an operator name
 * (`ForAllValues:StringLikeIfExists`) is split here too.
 */

/** Operator family: decides how a request value is compared with a policy value. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

/** What the evaluator needs to know about one base operator. */
export interface OperatorSpec {
  readonly family: OperatorFamily;
  /** Negated operators are the negation of `positive` (AWS: true when no value matches). */
  readonly negated: boolean;
  /** The positive operator whose comparison this one uses (itself when not negated). */
  readonly positive: string;
  /** How a trace says what the operator wants, before the list of policy values. */
  readonly wants: string;
}

function spec(family: OperatorFamily, wants: string, negatedOf?: string): OperatorSpec {
  return { family, wants, negated: negatedOf !== undefined, positive: negatedOf ?? '' };
}

const TABLE: Record<string, OperatorSpec> = {
  StringEquals: spec('String', ''),
  StringNotEquals: spec('String', 'anything but ', 'StringEquals'),
  StringEqualsIgnoreCase: spec('String', '(ignoring case) '),
  StringNotEqualsIgnoreCase: spec('String', 'anything but (ignoring case) ', 'StringEqualsIgnoreCase'),
  StringLike: spec('String', 'a match for '),
  StringNotLike: spec('String', 'no match for ', 'StringLike'),
  NumericEquals: spec('Numeric', 'a number equal to '),
  NumericNotEquals: spec('Numeric', 'a number other than ', 'NumericEquals'),
  NumericLessThan: spec('Numeric', 'a number less than '),
  NumericLessThanEquals: spec('Numeric', 'a number at most '),
  NumericGreaterThan: spec('Numeric', 'a number greater than '),
  NumericGreaterThanEquals: spec('Numeric', 'a number at least '),
  DateEquals: spec('Date', 'the date '),
  DateNotEquals: spec('Date', 'a date other than ', 'DateEquals'),
  DateLessThan: spec('Date', 'a date before '),
  DateLessThanEquals: spec('Date', 'a date at or before '),
  DateGreaterThan: spec('Date', 'a date after '),
  DateGreaterThanEquals: spec('Date', 'a date at or after '),
  Bool: spec('Bool', ''),
  BinaryEquals: spec('Binary', 'the bytes '),
  IpAddress: spec('Ip', 'an address in '),
  NotIpAddress: spec('Ip', 'an address outside ', 'IpAddress'),
  ArnEquals: spec('Arn', 'an ARN matching '),
  ArnLike: spec('Arn', 'an ARN matching '),
  ArnNotEquals: spec('Arn', 'an ARN matching none of ', 'ArnEquals'),
  ArnNotLike: spec('Arn', 'an ARN matching none of ', 'ArnLike'),
  Null: spec('Null', ''),
};

/** The spec of a base operator (`StringLike`, not `ForAnyValue:StringLikeIfExists`), or undefined if unknown. */
export function operatorSpec(base: string): OperatorSpec | undefined {
  if (!Object.hasOwn(TABLE, base)) return undefined;
  const found = TABLE[base] as OperatorSpec;
  return found.positive === '' ? { ...found, positive: base } : found;
}

/** An operator name split into its parts. */
export interface OperatorName {
  readonly baseOperator: string;
  readonly setQualifier?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
}

/**
 * Split `[ForAnyValue:|ForAllValues:]Base[IfExists]`; undefined when the base
 * is unknown or the combination is not allowed (`NullIfExists`, `ForAnyValue:Null`).
 */
export function splitOperator(name: string): OperatorName | undefined {
  const match = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(name);
  if (!match) return undefined;
  const [, qualifier, base = '', ifExists] = match;
  const found = operatorSpec(base);
  if (!found) return undefined;
  if (found.family === 'Null' && (qualifier !== undefined || ifExists !== undefined)) return undefined;
  return {
    baseOperator: base,
    ifExists: ifExists !== undefined,
    ...(qualifier ? { setQualifier: qualifier as 'ForAnyValue' | 'ForAllValues' } : {}),
  };
}

/** Every base operator name, for "did you mean" hints. */
export function knownOperators(): readonly string[] {
  return Object.keys(TABLE);
}

/**
 * Input constraints of the AWS API models (length, range, pattern, required)
 * and the ValidationError message AWS builds from them:
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to
 * satisfy constraint: Member must have length greater than or equal to 2`.
 * Several violations are joined with `; ` under `N validation errors detected:`.
 * Values of sensitive members (a web identity token) are left out, as AWS does
 * (`Value at 'webIdentityToken' failed ...`).
 */

/** One failed constraint on one request member. */
export interface Violation {
  /** The member name as AWS writes it in messages (lower camel case: `roleSessionName`). */
  readonly member: string;
  /** The value as received; null when the member was missing. */
  readonly value: string | null;
  readonly sensitive?: boolean;
  /** `Member must ...` */
  readonly constraint: string;
}

/** Constraints of a string member in an AWS API model. */
export interface StringConstraint {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The pattern as the model writes it (shown in the message). */
  readonly pattern?: string;
  /** The same pattern as a JavaScript RegExp matching the whole value. */
  readonly regex?: RegExp;
  readonly sensitive?: boolean;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** AWS counts characters (code points), not UTF-16 units; without surrogates the two agree. */
function codePointLength(value: string): number {
  if (!SURROGATE.test(value)) return value.length;
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Violations of a string member (pattern first, then length, as AWS lists them). */
export function checkString(member: string, value: string | undefined, c: StringConstraint): Violation[] {
  const sensitive = c.sensitive === true;
  if (value === undefined) {
    return c.required ? [{ member, value: null, sensitive, constraint: 'Member must not be null' }] : [];
  }
  const out: Violation[] = [];
  if (c.regex && c.pattern !== undefined && !c.regex.test(value)) {
    out.push({ member, value, sensitive, constraint: `Member must satisfy regular expression pattern: ${c.pattern}` });
  }
  const length = codePointLength(value);
  if (c.min !== undefined && length < c.min) {
    out.push({ member, value, sensitive, constraint: `Member must have length greater than or equal to ${c.min}` });
  }
  if (c.max !== undefined && length > c.max) {
    out.push({ member, value, sensitive, constraint: `Member must have length less than or equal to ${c.max}` });
  }
  return out;
}

/** Violations of an integer member given as text (Query protocol parameters are text). */
export function checkInteger(
  member: string,
  raw: string | undefined,
  c: { readonly min?: number; readonly max?: number },
): Violation[] {
  if (raw === undefined) return [];
  if (!/^-?\d+$/.test(raw.trim())) {
    // [UNCONFIRMED] the exact text AWS uses for a non-numeric integer parameter
    return [{ member, value: raw, constraint: 'Member must be an integer' }];
  }
  const n = Number(raw);
  if (c.min !== undefined && n < c.min) {
    return [{ member, value: raw, constraint: `Member must have value greater than or equal to ${c.min}` }];
  }
  if (c.max !== undefined && n > c.max) {
    return [{ member, value: raw, constraint: `Member must have value less than or equal to ${c.max}` }];
  }
  return [];
}

function describe(v: Violation): string {
  const shown = v.sensitive ? '' : v.value === null ? ' null' : ` '${v.value}'`;
  return `Value${shown} at '${v.member}' failed to satisfy constraint: ${v.constraint}`;
}

/** The ValidationError message for one or more violations. */
export function validationMessage(violations: readonly Violation[]): string {
  if (violations.length === 0) throw new TypeError('validationMessage: no violations');
  const head =
    violations.length === 1 ? '1 validation error detected: ' : `${violations.length} validation errors detected: `;
  return head + violations.map(describe).join('; ');
}

/** `[\w+=,.@-]*` and friends: Java's \w is ASCII letters, digits and underscore. */
export const NAME_CHARS = /^[A-Za-z0-9_+=,.@-]*$/;

/** The model's `arnType` pattern (any printable Unicode). */
export const ARN_PATTERN =
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
export const ARN_REGEX = /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u;

/** The model's policy document pattern (tab, newline, CR, and U+0020-U+00FF). */
export const POLICY_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
export const POLICY_REGEX = /^[\t\n\r\u0020-\u00FF]+$/;

/** STS's `arnType` members (RoleArn, PolicyArns' arn): 20 to 2048 printable characters. */
export const STS_ARN: StringConstraint = { min: 20, max: 2048, pattern: ARN_PATTERN, regex: ARN_REGEX };
/** STS's `roleSessionNameType` (and sourceIdentityType): 2 to 64 of `[\w+=,.@-]`. */
export const STS_SESSION_NAME: StringConstraint = { min: 2, max: 64, pattern: '[\\w+=,.@-]*', regex: NAME_CHARS };
/** STS's `sessionPolicyDocumentType`. */
export const STS_SESSION_POLICY: StringConstraint = { min: 1, max: 2048, pattern: POLICY_PATTERN, regex: POLICY_REGEX };

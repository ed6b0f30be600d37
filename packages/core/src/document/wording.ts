/**
 * The one wording of each mistake in a document a user wrote, whichever
 * document it is: a missing field, a wrong type, an unknown field, a value
 * out of range or outside its set, too many items, too long, a bad pattern.
 * Every validator's messages come from here, made once and never edited.
 */

/** What kind of mistake a problem is; callers and tests switch on it. */
export type ProblemCode =
  | 'missing-field'
  | 'unknown-field'
  | 'wrong-type'
  | 'out-of-range'
  | 'not-one-of'
  | 'too-many'
  | 'too-few'
  | 'too-long'
  | 'too-short'
  | 'bad-pattern'
  | 'invalid-base64'
  | 'invalid';

/** Longest quoted string a message repeats back. */
const MAX_ECHO = 60;

/**
 * A value as a message repeats it: strings quoted (long ones cut), numbers and
 * booleans as written, `a list`, `a mapping`, `null`, `nothing`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value);
  }
  return String(value);
}

/** `missing required field "name"` */
export function missingField(key: string | number): string {
  return `missing required field ${JSON.stringify(String(key))}`;
}

/** `unknown field "colour" (known: name, namespace)` */
export function unknownField(key: string, known: readonly string[]): string {
  return `unknown field ${JSON.stringify(key)} (known: ${known.join(', ')})`;
}

/** `expected a string, got 3600 (quote it: "3600")`: the quote hint for YAML numbers and booleans meant as text. */
export function expectedGot(expected: string, value: unknown): string {
  const quote =
    expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')
      ? ` (quote it: "${String(value)}")`
      : '';
  return `expected ${expected}, got ${describeValue(value)}${quote}`;
}

/** `expected one of "optional", "required", got "maybe"` */
export function notOneOf(options: readonly unknown[], value: unknown): string {
  return expectedGot(`one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, value);
}

/** `at most 100 items, got 101` */
export function tooMany(max: number, count: number): string {
  return `at most ${max} items, got ${count}`;
}

/** `at least 1 item, got 0` */
export function tooFew(min: number, count: number): string {
  return `at least ${min} ${min === 1 ? 'item' : 'items'}, got ${count}`;
}

/** `at most 262144 bytes, got 300000` */
export function tooLong(max: number, length: number, unit: 'bytes' | 'characters'): string {
  return `at most ${max} ${unit}, got ${length}`;
}

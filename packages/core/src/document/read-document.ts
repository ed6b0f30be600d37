/**
 * Reading a document a user wrote against a zod schema: every zod issue
 * becomes a DocumentProblem, `{ code, path, at, message }`, with the path as
 * segments and the message in the one wording of wording.ts, made once by
 * the error map zod calls as it raises the issue. Validators then locate the
 * path in their own source (YAML, JSON) and build their own error from it.
 */
import type { z } from 'zod';
import type { DocumentPath, PathSegment } from './path.js';
import {
  describeValue,
  expectedGot,
  missingField,
  notOneOf,
  type ProblemCode,
  tooFew,
  tooLong,
  tooMany,
  unknownField,
} from './wording.js';

/** One mistake in a document, and where it is. */
export interface DocumentProblem {
  readonly code: ProblemCode;
  /** To the offending value, or to the key for an unknown field. */
  readonly path: DocumentPath;
  /** Point at the key (unknown fields, bad keys) or at the value. */
  readonly at: 'key' | 'value';
  /** What is wrong, without file, line or field. */
  readonly message: string;
}

/** A document read: its value as the schema outputs it, or every problem in zod's order. */
export type DocumentResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly DocumentProblem[] };

/** `params` a refinement may give its custom issue: which problem it is, and whether it is about the key. */
export interface ProblemParams {
  readonly problem?: ProblemCode;
  readonly at?: 'key' | 'value';
}

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** The schema an issue is about (a check's owner, else the schema that raised it). */
interface Owner {
  readonly description?: string;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly isInt?: boolean;
  readonly shape?: Readonly<Record<string, unknown>>;
  /** A union's branches. */
  readonly options?: readonly Owner[];
  readonly type?: string;
}

function ownerOf(issue: RawIssue): Owner {
  return (issue.schema ?? issue.inst ?? {}) as Owner;
}

/** `a whole number from 1 to 64`, from the bounds the number schema was given. */
function numberName(owner: Owner, type: string): string {
  const noun = owner.isInt || type === 'int' ? 'a whole number' : 'a number';
  const min = owner.minValue ?? undefined;
  const max = owner.maxValue ?? undefined;
  const lo = min !== undefined && min > Number.MIN_SAFE_INTEGER ? min : undefined;
  const hi = max !== undefined && max < Number.MAX_SAFE_INTEGER ? max : undefined;
  if (lo !== undefined && hi !== undefined) return `${noun} from ${lo} to ${hi}`;
  if (lo !== undefined) return `${noun} of at least ${lo}`;
  return hi === undefined ? noun : `${noun} of at most ${hi}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
};

function typeName(expected: string, owner: Owner): string {
  if (owner.description) return owner.description;
  if (expected === 'number' || expected === 'int') return numberName(owner, expected);
  return TYPE_NAMES[expected] ?? expected;
}

function lastKey(path: readonly PropertyKey[] | undefined): string | number {
  const last = path?.at(-1);
  return typeof last === 'number' ? last : String(last ?? '');
}

function sizeMessage(issue: Extract<RawIssue, { code: 'too_big' | 'too_small' }>): string {
  const owner = ownerOf(issue);
  const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  const input = issue.input;
  if (issue.origin === 'number' || issue.origin === 'int') return expectedGot(numberName(owner, 'number'), input);
  if (issue.origin === 'array') {
    const count = Array.isArray(input) ? input.length : 0;
    return issue.code === 'too_big' ? tooMany(bound, count) : tooFew(bound, count);
  }
  if (issue.origin === 'string' && issue.code === 'too_small' && bound === 1) {
    return expectedGot(owner.description ?? 'a non-empty string', input);
  }
  const length = typeof input === 'string' ? input.length : 0;
  return issue.code === 'too_big'
    ? tooLong(bound, length, 'characters')
    : expectedGot(`at least ${bound} characters`, input);
}

function unionMessage(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  const input = issue.input;
  if (issue.discriminator !== undefined && Array.isArray(issue.options)) {
    const value =
      input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : input;
    return notOneOf(issue.options, value);
  }
  // when no branch took the value's type: `expected a whole number or a string`
  const options = ownerOf(issue).options ?? [];
  const typeMismatch = issue.errors.every(
    (branch) => branch[0]?.code === 'invalid_type' && branch[0].path.length === 0,
  );
  if (typeMismatch && options.length > 0) {
    return expectedGot(options.map((o) => typeName(o.type ?? '', o)).join(' or '), input);
  }
  return issue.errors[0]?.[0]?.message ?? `expected something else, got ${describeValue(input)}`;
}

/** The message of one issue, in the one wording (zod's error map: called once, as the issue is raised). */
function messageOf(issue: RawIssue): string {
  const owner = ownerOf(issue);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return missingField(lastKey(issue.path));
      return expectedGot(typeName(issue.expected, owner), issue.input);
    case 'too_big':
    case 'too_small':
      return sizeMessage(issue);
    case 'unrecognized_keys':
      return unknownField(issue.keys[0] ?? '', Object.keys(owner.shape ?? {}));
    case 'invalid_value':
      return notOneOf(issue.values, issue.input);
    case 'invalid_union':
      return unionMessage(issue);
    case 'invalid_format':
      return expectedGot(owner.description ?? `text matching ${issue.pattern ?? issue.format}`, issue.input);
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues[0]?.message ?? `expected something else, got ${describeValue(issue.input)}`;
    default:
      return `expected something else, got ${describeValue(issue.input)}`;
  }
}

function codeOf(issue: Issue): ProblemCode {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing-field' : 'wrong-type';
    case 'unrecognized_keys':
      return 'unknown-field';
    case 'too_big':
      return issue.origin === 'array' ? 'too-many' : issue.origin === 'string' ? 'too-long' : 'out-of-range';
    case 'too_small':
      return issue.origin === 'array' ? 'too-few' : issue.origin === 'string' ? 'too-short' : 'out-of-range';
    case 'invalid_value':
    case 'invalid_union':
      return issue.code === 'invalid_union' && issue.discriminator === undefined ? 'wrong-type' : 'not-one-of';
    case 'invalid_format':
    case 'invalid_key':
      return 'bad-pattern';
    case 'custom':
      return (issue.params as ProblemParams | undefined)?.problem ?? 'invalid';
    default:
      return 'invalid';
  }
}

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' ? s : String(s)));
}

function toProblem(issue: Issue): DocumentProblem {
  const path = segments(issue.path);
  const code = codeOf(issue);
  if (issue.code === 'unrecognized_keys') {
    return { code, path: [...path, issue.keys[0] ?? ''], at: 'key', message: issue.message };
  }
  const custom = issue.code === 'custom' ? (issue.params as ProblemParams | undefined)?.at : undefined;
  const at = custom ?? (issue.code === 'invalid_key' ? 'key' : 'value');
  return { code, path, at, message: issue.message };
}

/**
 * Check `value` against `schema`: its output, or every problem found.
 * @example readDocument(z.strictObject({ name: z.string() }), { nmae: 'a' })
 * // { ok: false, problems: [{ code: 'missing-field', path: ['name'], ... }, { code: 'unknown-field', path: ['nmae'], ... }] }
 */
export function readDocument<S extends z.ZodType>(schema: S, value: unknown): DocumentResult<z.output<S>> {
  const result = schema.safeParse(value, { error: messageOf, reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map(toProblem) };
}

/** True when `path` is `parent` or lies inside it. */
function within(path: DocumentPath, parent: DocumentPath): boolean {
  return path.length >= parent.length && parent.every((segment, i) => path[i] === segment);
}

/**
 * The problem that comes first in the document (by the line and column
 * `locate` gives), so a user meets mistakes top down. A missing field is
 * found once its parent has been read, so it counts after every other
 * problem inside that parent (a misspelt key before the field it was meant
 * to be); zod's order breaks the remaining ties.
 */
export function firstInDocument<P extends DocumentProblem>(
  problems: readonly P[],
  locate: (path: DocumentPath, at: 'key' | 'value') => { readonly line: number; readonly column: number },
): P {
  const present = problems.filter((p) => p.code !== 'missing-field');
  const candidates = problems.filter(
    (p) => p.code !== 'missing-field' || !present.some((q) => within(q.path, p.path.slice(0, -1))),
  );
  let best: { problem: P; rank: readonly number[] } | undefined;
  for (const problem of candidates) {
    const { line, column } = locate(problem.path, problem.at);
    const rank = [line, column, problem.code === 'missing-field' ? 1 : 0];
    if (!best || before(rank, best.rank)) best = { problem, rank };
  }
  if (!best) throw new TypeError('firstInDocument: no problems');
  return best.problem;
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

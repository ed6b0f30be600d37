/**
 * Where a policy error points, and policies given as objects (json-source.ts,
 * parse-policy.ts): lines counted for `\n`, `\r\n` and a lone `\r`, a node
 * at the start of a line in column 1; no `file` in the detail when none was
 * given; no `line` on statements and conditions read from an object; values
 * JSON cannot hold (NaN, a Date) refused, an object without a prototype
 * read like any other; nesting refused past 32 levels; and the TypeErrors
 * for a caller's mistakes in the options.
 */
import { isSimError } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { type ParsePolicyOptions, parsePolicy, parsePolicyObject } from './parse-policy.js';

const IDENTITY: ParsePolicyOptions = { name: 'app-policy', kind: 'identity', file: 'app-policy.json' };
const OBJECT: ParsePolicyOptions = { name: 'p', kind: 'identity' };

function malformed(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (err) {
    if (isSimError(err) && err.code === 'POLICY_MALFORMED') return { ...err.detail };
    throw err;
  }
  throw new Error('expected POLICY_MALFORMED, but the policy parsed');
}

const ROWS = [
  '{',
  '"Version": "2012-10-17",',
  '"Foo": 1,',
  '"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}',
  '}',
];

describe('the position of an error', () => {
  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['a lone \\r', '\r'],
  ])('counts lines ended by %s, and a field at the start of a line is in column 1', (_t, eol) => {
    expect(malformed(() => parsePolicy(ROWS.join(eol), IDENTITY))).toMatchObject({
      file: 'app-policy.json',
      line: 3,
      column: 1,
      field: 'Foo',
    });
  });

  it('has no file when the policy came from none', () => {
    const detail = malformed(() => parsePolicy(ROWS.join('\n'), { name: 'inline', kind: 'identity' }));
    expect(detail).toMatchObject({ line: 3, column: 1, field: 'Foo' });
    expect(detail).not.toHaveProperty('file');
  });
});

const CONDITION = { StringEquals: { 'aws:PrincipalTag/team': 'a' } };
const policy = (extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: CONDITION }],
  ...extra,
});

describe('parsePolicyObject', () => {
  it('has no line on statements and conditions', () => {
    const [statement] = parsePolicyObject(policy(), OBJECT).statements;
    expect(statement).not.toHaveProperty('line');
    expect(statement?.conditions[0]).not.toHaveProperty('line');
  });

  it('reads an object without a prototype like any other', () => {
    const bare = Object.assign(Object.create(null) as object, policy());
    expect(parsePolicyObject(bare, OBJECT)).toEqual(parsePolicyObject(policy(), OBJECT));
  });

  it.each([
    ['NaN', { NumericEquals: { 'aws:a': Number.NaN } }, 'number'],
    ['Infinity', { NumericEquals: { 'aws:a': Number.POSITIVE_INFINITY } }, 'number'],
    ['a Date', { DateEquals: { 'aws:a': new Date(0) } }, 'object'],
  ])('refuses %s, which JSON cannot hold', (_t, condition, type) => {
    const detail = malformed(() =>
      parsePolicyObject(
        { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: condition } },
        OBJECT,
      ),
    );
    expect(detail.reason).toBe(`Syntax errors in policy: ${type} is not a JSON value.`);
    expect(detail.field).toBe(`Statement.Condition.${Object.keys(condition)[0]}.aws:a`);
  });

  it('reads 32 levels of nesting and refuses the 33rd', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'x' : [nest(levels - 1)]);
    // Id's value sits at depth 1, so 31 lists put the innermost string at depth 32
    expect(malformed(() => parsePolicyObject(policy({ Id: nest(31) }), OBJECT))).toMatchObject({
      field: 'Id',
      reason: 'Syntax errors in policy: Id must be a string, not a list.',
    });
    expect(malformed(() => parsePolicyObject(policy({ Id: nest(32) }), OBJECT))).toMatchObject({
      reason: 'Syntax errors in policy: the document is nested too deeply.',
      limit: 'nesting depth 32',
    });
  });
});

describe("a caller's mistakes", () => {
  const text = JSON.stringify(policy());
  it.each([
    ['no options', null, /options are required/],
    ['options that are a string', 'p', /options are required/],
    ['a name that is not a string', { name: 1, kind: 'identity' }, /options\.name must be a non-empty string/],
    ['an empty name', { name: '', kind: 'identity' }, /options\.name must be a non-empty string/],
    ['another kind', { name: 'p', kind: 'trust' }, /options\.kind must be "identity" or "resource"/],
    ['a file that is not a string', { name: 'p', kind: 'identity', file: 3 }, /options\.file must be a string/],
  ])('throws a TypeError for %s', (_t, options, message) => {
    const given = options as unknown as ParsePolicyOptions;
    expect(() => parsePolicy(text, given)).toThrow(TypeError);
    expect(() => parsePolicy(text, given)).toThrow(message);
    expect(() => parsePolicyObject(policy(), given)).toThrow(message);
  });

  it('throws a TypeError for text that is not a string', () => {
    expect(() => parsePolicy(42 as unknown as string, IDENTITY)).toThrow(/text must be a string/);
  });
});

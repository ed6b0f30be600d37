/**
 * The evaluator's edges that the table tests do not reach: requests it
 * refuses as programming errors, the decision's fields when a statement has
 * no Sid, NotAction and NotResource with several patterns, condition values
 * that mix policy variables with literals or booleans, Null with both
 * values, a negated ForAnyValue on an absent key, and the trace sentences a
 * learner reads (which parts matched, which policy count, the lists).
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { parsePolicyObject } from './parse-policy.js';
import type { RequestContext } from './types.js';

const GET: RequestContext = { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: {} };

function identity(statements: unknown[], version = '2012-10-17') {
  return parsePolicyObject({ Version: version, Statement: statements }, { name: 'inline', kind: 'identity' });
}
const allow = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: '*',
  ...extra,
});

describe('requests the evaluator refuses', () => {
  it.each([
    ['a request that is not an object', null, /request must be an object/],
    ['an empty action', { action: '', context: {} }, /request\.action/],
    ['a resource that is not a string', { action: 's3:GetObject', resource: 7, context: {} }, /request\.resource/],
    ['no context', { action: 's3:GetObject', context: null }, /request\.context must be an object/],
    ['a context value that is a number', { action: 's3:GetObject', context: { k: 1 } }, /request\.context\["k"\]/],
    [
      'a list context value with a number',
      { action: 's3:GetObject', context: { k: ['a', 1] } },
      /request\.context\["k"\]/,
    ],
  ])('%s: TypeError', (_what, request, message) => {
    expect(() => evaluate([], request as never)).toThrow(TypeError);
    expect(() => evaluate([], request as never)).toThrow(message);
  });

  it('policies that are not a list: TypeError', () => {
    expect(() => evaluate({} as never, GET)).toThrow(/policies must be an array/);
  });
});

describe('the decision', () => {
  it('names no sid for a statement without one, whether it allows or denies', () => {
    const allowed = evaluate([identity([allow({})])], GET);
    expect(allowed).toMatchObject({ decision: 'Allow', decidedBy: { policy: 'inline', index: 0 } });
    expect(allowed.decidedBy).not.toHaveProperty('sid');
    expect(allowed.statements[0]).not.toHaveProperty('sid');
    const denied = evaluate([identity([{ ...allow({}), Effect: 'Deny' }])], GET);
    expect(denied.decision).toBe('ExplicitDeny');
    expect(denied.decidedBy).not.toHaveProperty('sid');
  });

  it('says how many policies were evaluated when nothing allows', () => {
    expect(evaluate([], GET).reason).toBe(
      'Implicit deny: no policy was evaluated, and whatever is not allowed is denied.',
    );
    const other = identity([{ ...allow({}), Action: 's3:PutObject' }]);
    expect(evaluate([other], GET).reason).toBe(
      `Implicit deny: no statement in 1 policy allows s3:GetObject on ${GET.resource}, and whatever is not allowed is denied.`,
    );
    expect(evaluate([other, other], GET).reason).toContain('no statement in 2 policies allows');
  });

  it('a statement that applies names the parts it checked and its conditions', () => {
    const plain = evaluate([identity([allow({})])], GET);
    expect(plain.statements[0]?.reason).toBe(
      'Statement 0 of "inline" allows the request: action, resource match; it has no conditions.',
    );
    const denied = evaluate(
      [identity([{ ...allow({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), Effect: 'Deny' }])],
      {
        ...GET,
        context: { 'aws:SecureTransport': 'false' },
      },
    );
    expect(denied.statements[0]?.reason).toContain(
      'denies the request: action, resource match; all 1 condition(s) hold.',
    );
    const trust = parsePolicyObject(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] },
      { name: 'trust', kind: 'resource' },
    );
    expect(evaluate([trust], { action: 'sts:AssumeRole', context: {} }).statements[0]?.reason).toContain(
      'allows the request: principal, action match;',
    );
  });
});

describe('NotAction and NotResource with several patterns', () => {
  it('an action matching any one NotAction pattern is excluded, and the trace lists them', () => {
    const result = evaluate([identity([{ Effect: 'Allow', NotAction: ['s3:Put*', 's3:Get*'], Resource: '*' }])], GET);
    expect(result.decision).toBe('ImplicitDeny');
    expect(result.statements[0]?.reason).toContain(
      'action s3:GetObject is excluded by NotAction ["s3:Put*", "s3:Get*"]',
    );
  });

  it('a resource matching any one NotResource pattern is excluded', () => {
    const statement = {
      Effect: 'Allow',
      Action: 's3:GetObject',
      NotResource: ['arn:aws:s3:::x/*', 'arn:aws:s3:::reports/*'],
    };
    const result = evaluate([identity([statement])], GET);
    expect(result.decision).toBe('ImplicitDeny');
    expect(result.statements[0]?.reason).toContain(
      `resource ${GET.resource} is excluded by NotResource ["arn:aws:s3:::x/*", "arn:aws:s3:::reports/*"]`,
    );
  });

  it('a Resource with a variable shows what it resolved to, or that the variable has no value', () => {
    const statement = { ...allow({}), Resource: ['arn:aws:s3:::reports/${aws:PrincipalTag/team}/*'] };
    const tagged = evaluate([identity([statement])], { ...GET, context: { 'aws:PrincipalTag/team': 'web' } });
    expect(tagged.statements[0]?.reason).toContain('(with the policy variables: ["arn:aws:s3:::reports/web/*"])');
    const untagged = evaluate([identity([statement])], GET);
    expect(untagged.statements[0]?.reason).toContain('(with the policy variables: ["(a variable with no value)"])');
  });
});

describe('condition values and keys', () => {
  it('a variable among literal values is still replaced', () => {
    const policy = identity([allow({ Condition: { StringEquals: { 's3:prefix': ['fixed', '${aws:username}'] } } })]);
    const request = { ...GET, context: { 's3:prefix': 'ana', 'aws:username': 'ana' } };
    expect(evaluate([policy], request).decision).toBe('Allow');
  });

  it('a boolean condition value next to a variable is compared, not treated as text', () => {
    const policy = identity([allow({ Condition: { Bool: { 'aws:SecureTransport': [true, '${aws:username}'] } } })]);
    const request = { ...GET, context: { 'aws:SecureTransport': 'true', 'aws:username': 'ana' } };
    expect(evaluate([policy], request).decision).toBe('Allow');
  });

  it('a variable written with a space after ${ names the same key', () => {
    const policy = identity([allow({ Resource: 'arn:aws:s3:::reports/${ aws:username}/*' })]);
    const request = { ...GET, resource: 'arn:aws:s3:::reports/ana/k', context: { 'aws:username': 'ana' } };
    expect(evaluate([policy], request).decision).toBe('Allow');
  });

  it('Null with both "true" and "false" matches present and absent keys alike', () => {
    const policy = identity([allow({ Condition: { Null: { 'aws:TokenIssueTime': ['true', 'false'] } } })]);
    expect(evaluate([policy], GET).decision).toBe('Allow');
    const present = evaluate([policy], { ...GET, context: { 'aws:TokenIssueTime': '2026-01-05T09:00:00Z' } });
    expect(present.decision).toBe('Allow');
    expect(present.statements[0]?.conditions[0]?.reason).toBe(
      'aws:TokenIssueTime is present; Null wants the key absent or present: match',
    );
  });

  it('Null "false" wants the key present', () => {
    const policy = identity([allow({ Condition: { Null: { 'aws:TokenIssueTime': 'false' } } })]);
    const absent = evaluate([policy], GET);
    expect(absent.decision).toBe('ImplicitDeny');
    expect(absent.statements[0]?.conditions[0]?.reason).toBe(
      'aws:TokenIssueTime is absent; Null wants the key present: no match',
    );
    const wantsAbsent = identity([allow({ Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })]);
    expect(evaluate([wantsAbsent], GET).statements[0]?.conditions[0]?.reason).toBe(
      'aws:TokenIssueTime is absent; Null wants the key absent: match',
    );
  });

  it('ForAnyValue with a negated operator on an absent key does not match', () => {
    const policy = identity([allow({ Condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'team' } } })]);
    const result = evaluate([policy], GET);
    expect(result.decision).toBe('ImplicitDeny');
    expect(result.statements[0]?.conditions[0]?.reason).toBe(
      'aws:TagKeys is absent from the request; ForAnyValue:StringNotEquals needs at least one value: no match',
    );
  });

  it('an empty list is named as such, and the sentences of the set operators', () => {
    const forAll = identity([
      allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } }),
    ]);
    expect(evaluate([forAll], { ...GET, context: { 'aws:TagKeys': [] } }).statements[0]?.conditions[0]?.reason).toBe(
      'aws:TagKeys is an empty list; ForAllValues:StringEquals matches when there are no values to check: match',
    );
    const miss = evaluate([forAll], { ...GET, context: { 'aws:TagKeys': ['team', 'cost'] } });
    expect(miss.statements[0]?.conditions[0]?.reason).toBe(
      'aws:TagKeys is ["team", "cost"]; ForAllValues:StringEquals wants one of "team", "env" for every value ("cost" is not): no match',
    );
    const anyValue = identity([allow({ Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } } })]);
    expect(
      evaluate([anyValue], { ...GET, context: { 'aws:TagKeys': ['team'] } }).statements[0]?.conditions[0]?.reason,
    ).toBe('aws:TagKeys is ["team"]; ForAnyValue:StringEquals wants "team" for at least one value: match');
    const negated = identity([allow({ Condition: { StringNotEquals: { 'aws:TagKeys': ['a', 'b'] } } })]);
    expect(
      evaluate([negated], { ...GET, context: { 'aws:TagKeys': ['c', 'd'] } }).statements[0]?.conditions[0]?.reason,
    ).toBe(
      'aws:TagKeys is ["c", "d"]; StringNotEquals wants anything but "a" or "b" for every value (no set operator): match',
    );
    const positive = identity([allow({ Condition: { StringEquals: { 'aws:TagKeys': 'a' } } })]);
    expect(
      evaluate([positive], { ...GET, context: { 'aws:TagKeys': ['c', 'a'] } }).statements[0]?.conditions[0]?.reason,
    ).toBe('aws:TagKeys is ["c", "a"]; StringEquals wants "a" for any value (no set operator): match');
  });

  it('names no missing value when ForAllValues holds for every value, and says why IfExists matches a missing key', () => {
    const forAll = identity([
      allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } }),
    ]);
    expect(
      evaluate([forAll], { ...GET, context: { 'aws:TagKeys': ['env', 'team'] } }).statements[0]?.conditions[0]?.reason,
    ).toBe(
      'aws:TagKeys is ["env", "team"]; ForAllValues:StringEquals wants one of "team", "env" for every value: match',
    );
    const ifExists = identity([allow({ Condition: { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } } })]);
    expect(evaluate([ifExists], GET).statements[0]?.conditions[0]?.reason).toBe(
      'ec2:InstanceType is absent from the request; StringEqualsIfExists matches a missing key (IfExists): match',
    );
  });
});

/**
 * The rest of the policy grammar's refusals (parse-policy.ts,
 * parse-statement.ts, parse-condition.ts, grammar-helpers.ts): each names
 * the field and says what is wrong in IAM's MalformedPolicyDocument words
 * where they are known (the `reason`, which STS and IAM answer as the
 * error's message). Also what the grammar accepts at its edges: an AWS
 * principal must be a whole account id or ARN, an action's vendor comes
 * before its colon, and condition keys repeat only with another case.
 */
import { isSimError } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { type ParsePolicyOptions, parsePolicy } from './parse-policy.js';

const IDENTITY: ParsePolicyOptions = { name: 'app-policy', kind: 'identity', file: 'app-policy.json' };
const TRUST: ParsePolicyOptions = { name: 'trust policy of role/next', kind: 'resource', file: 'trust.json' };

function malformed(text: string, options = IDENTITY): Record<string, unknown> {
  try {
    parsePolicy(text, options);
  } catch (err) {
    if (isSimError(err) && err.code === 'POLICY_MALFORMED') return { ...err.detail };
    throw err;
  }
  throw new Error(`expected POLICY_MALFORMED, but the policy parsed: ${text}`);
}

/** An identity policy of one statement with these fields (JSON text without the braces). */
const statement = (fields: string) => `{"Version":"2012-10-17","Statement":{${fields}}}`;
const ALLOW = '"Effect":"Allow","Action":"s3:GetObject","Resource":"*"';
/** A trust policy of one statement with this principal field and this condition. */
const trust = (principal: string, condition = '') =>
  `{"Statement":{"Effect":"Allow",${principal},"Action":"sts:AssumeRole"${condition}}}`;
const withCondition = (condition: string) => statement(`${ALLOW},"Condition":${condition}`);

describe('the document', () => {
  it.each([
    ['an unknown field', '{"Foo":1,"Statement":{}}', 'Foo', 'Syntax errors in policy: unknown field "Foo".'],
    ['no Statement', '{"Version":"2012-10-17"}', 'Statement', 'Missing required field Statement.'],
    [
      'a string Statement',
      '{"Statement":"x"}',
      'Statement',
      'Syntax errors in policy: Statement must be an object or a list, not a string.',
    ],
    [
      'an empty Statement list',
      '{"Statement":[]}',
      'Statement',
      'Syntax errors in policy: Statement must not be empty.',
    ],
    [
      'a number Id',
      `{"Id":5,"Statement":{${ALLOW}}}`,
      'Id',
      'Syntax errors in policy: Id must be a string, not a number.',
    ],
    [
      'a number Version',
      `{"Version":2012,"Statement":{${ALLOW}}}`,
      'Version',
      'The policy failed legacy parsing: Version must be "2012-10-17" or "2008-10-17", not a number.',
    ],
    [
      'an unknown Version',
      `{"Version":"2012-10-18","Statement":{${ALLOW}}}`,
      'Version',
      'The policy failed legacy parsing: Version must be "2012-10-17" or "2008-10-17", not "2012-10-18".',
    ],
  ])('refuses %s', (_t, text, field, reason) => {
    expect(malformed(text)).toMatchObject({ field, reason });
  });

  it("says which JSON error stopped it, in words (jsonc-parser's PropertyNameExpected)", () => {
    expect(malformed(`{"Statement":{${ALLOW},}}`)).toMatchObject({
      syntax: 'PropertyNameExpected',
      reason: 'Syntax errors in policy: property name expected.',
      field: 'Statement',
    });
    // at the top level, the document itself
    expect(malformed('{"Version":"2012-10-17",}')).toMatchObject({
      syntax: 'PropertyNameExpected',
      field: '(document)',
    });
  });
});

describe('a statement', () => {
  it.each([
    [
      'a statement that is a string',
      '{"Statement":["x"]}',
      'Statement[0]',
      'Statement[0] must be an object, not a string.',
    ],
    ['a repeated field', statement(`"Effect":"Deny",${ALLOW}`), 'Statement.Effect', 'duplicate field "Effect".'],
    ['a number Sid', statement(`"Sid":1,${ALLOW}`), 'Statement.Sid', 'Sid must be a string, not a number.'],
    [
      'an empty Action list',
      statement('"Effect":"Allow","Action":[],"Resource":"*"'),
      'Statement.Action',
      'Statement.Action must not be an empty list.',
    ],
    [
      'a number in the Action list',
      statement('"Effect":"Allow","Action":["s3:GetObject",3],"Resource":"*"'),
      'Statement.Action[1]',
      'Statement.Action must hold strings, not a number.',
    ],
    [
      'an object Action',
      statement('"Effect":"Allow","Action":{"s3":"GetObject"},"Resource":"*"'),
      'Statement.Action',
      'Statement.Action must be a string or a list of strings, not an object.',
    ],
  ])('refuses %s', (_t, text, field, reason) => {
    expect(malformed(text)).toMatchObject({ field, reason: `Syntax errors in policy: ${reason}` });
  });

  it.each([
    [
      'no Effect',
      statement('"Action":"s3:GetObject","Resource":"*"'),
      'Statement.Effect',
      'Missing required field Effect.',
    ],
    [
      'a number Effect',
      statement('"Effect":1,"Action":"s3:GetObject","Resource":"*"'),
      'Statement.Effect',
      'Invalid effect: a number. Effect must be "Allow" or "Deny".',
    ],
    [
      'no Action',
      statement('"Effect":"Allow","Resource":"*"'),
      'Statement.Action',
      'Policy statement must contain actions.',
    ],
    [
      'an action with two colons',
      statement('"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"'),
      'Statement.Action',
      'Actions/Condition can contain only one colon. (got "s3:Get:Object")',
    ],
    [
      'an action that starts with its colon',
      statement('"Effect":"Allow","Action":":GetObject","Resource":"*"'),
      'Statement.Action',
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got ":GetObject")',
    ],
    [
      'both Resource and NotResource',
      statement('"Effect":"Allow","Action":"s3:GetObject","Resource":"*","NotResource":"arn:aws:s3:::b/*"'),
      'Statement.NotResource',
      'A statement must have Resource or NotResource, not both.',
    ],
    [
      'a NotPrincipal in an identity policy',
      statement(`"NotPrincipal":{"AWS":"111122223333"},${ALLOW}`),
      'Statement.NotPrincipal',
      'Policy document should not specify a principal.',
    ],
  ])('refuses %s', (_t, text, field, reason) => {
    expect(malformed(text)).toMatchObject({ field, reason });
  });
});

describe('a principal', () => {
  const aws = (entry: string) => `"Principal":{"AWS":${JSON.stringify(entry)}}`;
  it.each([
    [
      'a string other than "*"',
      '"Principal":"bob"',
      'Statement.Principal',
      'Invalid principal in policy: "bob". Use "*" or a map such as {"AWS": ...}.',
    ],
    [
      'an empty map',
      '"Principal":{}',
      'Statement.Principal',
      'Invalid principal in policy: Statement.Principal must be "*" or a map of principal types.',
    ],
    [
      'a list',
      '"Principal":["*"]',
      'Statement.Principal',
      'Invalid principal in policy: Statement.Principal must be "*" or a map of principal types.',
    ],
    [
      'an AWS entry that is no account or ARN',
      aws('bob'),
      'Statement.Principal.AWS',
      'Invalid principal in policy: "AWS":"bob".',
    ],
    [
      'a thirteen-digit account',
      aws('1111222233334'),
      'Statement.Principal.AWS',
      'Invalid principal in policy: "AWS":"1111222233334".',
    ],
    [
      'an ARN after other text',
      aws('x-arn:aws:iam::111122223333:root'),
      'Statement.Principal.AWS',
      'Invalid principal in policy: "AWS":"x-arn:aws:iam::111122223333:root".',
    ],
    [
      'a bad NotPrincipal entry',
      '"NotPrincipal":{"AWS":"bob"}',
      'Statement.NotPrincipal.AWS',
      'Invalid principal in policy: "AWS":"bob".',
    ],
    [
      'both Principal and NotPrincipal',
      `${aws('111122223333')},"NotPrincipal":{"AWS":"111122223333"}`,
      'Statement.NotPrincipal',
      'A statement must have Principal or NotPrincipal, not both.',
    ],
  ])('refuses %s', (_t, principal, field, reason) => {
    expect(malformed(trust(principal), TRUST)).toMatchObject({ field, reason });
  });

  it('accepts "*", account ids and ARNs, and other types unchecked', () => {
    const principal =
      '"Principal":{"AWS":["*","111122223333","arn:aws:iam::111122223333:role/a"],"Service":"pods.eks.amazonaws.com"}';
    expect(parsePolicy(trust(principal), TRUST).statements[0]?.principal).toEqual({
      kind: 'map',
      AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:role/a'],
      Service: ['pods.eks.amazonaws.com'],
    });
  });
});

describe('a Condition block', () => {
  const at = 'Statement.Condition';
  it.each([
    [
      'a string Condition',
      '"x"',
      at,
      'Syntax errors in policy: Condition must be an object of {"Operator": {"key": value}}, not a string.',
    ],
    [
      'a repeated operator',
      '{"StringEquals":{"aws:a":"1"},"StringEquals":{"aws:b":"2"}}',
      `${at}.StringEquals`,
      'Syntax errors in policy: duplicate operator "StringEquals".',
    ],
    [
      'an operator mapped to a string',
      '{"StringEquals":"x"}',
      `${at}.StringEquals`,
      'Syntax errors in policy: StringEquals must map condition keys to values, not be a string.',
    ],
    [
      'a key without a vendor',
      '{"StringEquals":{"sub":"x"}}',
      `${at}.StringEquals.sub`,
      'Condition key "sub" must be prefaced by a vendor, e.g. aws:SourceIp or <issuer>:sub.',
    ],
    [
      'a key that starts with its colon',
      '{"StringEquals":{":a:b":"x"}}',
      `${at}.StringEquals.:a:b`,
      'Condition key ":a:b" must be prefaced by a vendor, e.g. aws:SourceIp or <issuer>:sub.',
    ],
    [
      'a key repeated in another case',
      '{"IpAddress":{"aws:SourceIp":"10.0.0.0/8","aws:sourceip":"192.168.0.0/16"}}',
      `${at}.IpAddress.aws:sourceip`,
      'Syntax errors in policy: duplicate condition key "aws:sourceip".',
    ],
    [
      'an empty list of values',
      '{"StringEquals":{"aws:a":[]}}',
      `${at}.StringEquals.aws:a`,
      'Syntax errors in policy: a condition key needs at least one value.',
    ],
    [
      'an object value',
      '{"StringEquals":{"aws:a":{"b":1}}}',
      `${at}.StringEquals.aws:a`,
      'Syntax errors in policy: condition values must be strings, numbers or booleans, not an object.',
    ],
    [
      'Null with a set qualifier',
      '{"ForAnyValue:Null":{"aws:a":"true"}}',
      `${at}.ForAnyValue:Null`,
      'Invalid Condition type : ForAnyValue:Null.',
    ],
    [
      'Null with IfExists',
      '{"NullIfExists":{"aws:a":"true"}}',
      `${at}.NullIfExists`,
      'Invalid Condition type : NullIfExists.',
    ],
    [
      'a qualified operator in the wrong case',
      '{"ForAllValues:stringLikeIfExists":{"aws:a":"x"}}',
      `${at}.ForAllValues:stringLikeIfExists`,
      'Invalid Condition type : ForAllValues:stringLikeIfExists (operator names are case-sensitive: did you mean "StringLike"?).',
    ],
  ])('refuses %s', (_t, condition, field, reason) => {
    expect(malformed(withCondition(condition))).toMatchObject({ field, reason });
  });
});

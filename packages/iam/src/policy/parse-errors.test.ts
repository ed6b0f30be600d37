/**
 * parsePolicy errors: POLICY_MALFORMED naming the file, line, column and
 * field, with IAM's MalformedPolicyDocument wording where it is known. Texts
 * are written one line per array item so the expected positions can be read off.
 */
import { isSimError } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { MAX_POLICY_CHARS, type ParsePolicyOptions, parsePolicy } from './parse-policy.js';

const IDENTITY: ParsePolicyOptions = { name: 'app-policy', kind: 'identity', file: 'app-policy.json' };
const TRUST: ParsePolicyOptions = { name: 'trust policy of role/billing', kind: 'resource', file: 'trust.json' };

const lines = (...rows: string[]) => rows.join('\n');

function malformed(run: () => unknown): { message: string; detail: Record<string, unknown> } {
  try {
    run();
  } catch (err) {
    if (isSimError(err) && err.code === 'POLICY_MALFORMED') return { message: err.message, detail: { ...err.detail } };
    throw err;
  }
  throw new Error('expected POLICY_MALFORMED, but the policy parsed');
}

interface ErrorCase {
  readonly title: string;
  readonly text: string;
  readonly options: ParsePolicyOptions;
  readonly expected: Record<string, unknown>;
  readonly message: string;
}

const GOOD_STATEMENT = '"Action": "s3:GetObject", "Resource": "*"';

const errorCases: ErrorCase[] = [
  {
    title: 'invalid JSON: a trailing comma',
    text: lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      `    { "Effect": "Allow", ${GOOD_STATEMENT}, }`,
      '  ]',
      '}',
    ),
    options: IDENTITY,
    expected: { file: 'app-policy.json', line: 4, column: 69, syntax: 'PropertyNameExpected', field: 'Statement[0]' },
    message: 'Syntax errors in policy',
  },
  {
    title: 'invalid JSON: a comment (IAM accepts none)',
    text: lines('{', '  // allow reads', '  "Version": "2012-10-17"', '}'),
    options: IDENTITY,
    expected: { file: 'app-policy.json', line: 2, column: 3, syntax: 'InvalidCommentToken' },
    message: 'Syntax errors in policy',
  },
  {
    title: 'invalid JSON: empty text',
    text: '',
    options: IDENTITY,
    expected: { line: 1, column: 1, field: '(document)', syntax: 'ValueExpected' },
    message: 'Syntax errors in policy',
  },
  {
    title: 'bad Effect value: points at the value',
    text: lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "allow",',
      `      ${GOOD_STATEMENT}`,
      '    }',
      '  ]',
      '}',
    ),
    options: IDENTITY,
    expected: { file: 'app-policy.json', line: 5, column: 17, field: 'Statement[0].Effect' },
    message: 'Invalid effect: "allow". Effect must be "Allow" or "Deny".',
  },
  {
    title: 'both Action and NotAction: points at the second one',
    text: lines(
      '{',
      '  "Statement": {',
      '    "Effect": "Allow",',
      '    "Action": "s3:*",',
      '    "NotAction": "iam:*",',
      '    "Resource": "*"',
      '  }',
      '}',
    ),
    options: IDENTITY,
    expected: { line: 5, column: 5, field: 'Statement.NotAction' },
    message: 'A statement must have Action or NotAction, not both.',
  },
  {
    title: 'Principal in an identity policy',
    text: lines(
      '{',
      '  "Statement": [{',
      '    "Effect": "Allow",',
      '    "Principal": "*",',
      `    ${GOOD_STATEMENT}`,
      '  }]',
      '}',
    ),
    options: IDENTITY,
    expected: { line: 4, column: 5, field: 'Statement[0].Principal' },
    message: 'Policy document should not specify a principal.',
  },
  {
    title: 'unknown condition operator',
    text: lines(
      '{',
      '  "Statement": [{',
      `    "Effect": "Allow", ${GOOD_STATEMENT},`,
      '    "Condition": {',
      '      "StringEqual": { "aws:SourceVpc": "vpc-1" }',
      '    }',
      '  }]',
      '}',
    ),
    options: IDENTITY,
    expected: { line: 5, column: 7, field: 'Statement[0].Condition.StringEqual' },
    message: 'Invalid Condition type : StringEqual.',
  },
  {
    title: 'operator with the wrong case gets a hint',
    text: `{"Statement":{"Effect":"Allow",${GOOD_STATEMENT},"Condition":{"stringequals":{"aws:SourceVpc":"vpc-1"}}}}`,
    options: IDENTITY,
    expected: { line: 1, column: 87, field: 'Statement.Condition.stringequals' },
    message: 'did you mean "StringEquals"?',
  },
  {
    title: 'missing Principal in a resource (trust) policy',
    text: lines(
      '{',
      '  "Statement": [',
      '    { "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity" }',
      '  ]',
      '}',
    ),
    options: TRUST,
    expected: { file: 'trust.json', line: 3, column: 5, field: 'Statement[0].Principal' },
    message: 'Missing required field Principal.',
  },
  {
    title: 'missing Resource in an identity policy',
    text: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}',
    options: IDENTITY,
    expected: { line: 1, column: 15, field: 'Statement[0].Resource' },
    message: 'Policy statement must contain resources.',
  },
  {
    title: 'unknown statement field, with a case hint',
    text: lines('{', '  "Statement": {', `    "effect": "Allow", ${GOOD_STATEMENT}`, '  }', '}'),
    options: IDENTITY,
    expected: { line: 3, column: 5, field: 'Statement.effect' },
    message: 'did you mean "Effect"?',
  },
  {
    title: 'wrong type: Action is a number',
    text: '{"Statement":{"Effect":"Allow","Action":42,"Resource":"*"}}',
    options: IDENTITY,
    expected: { line: 1, column: 41, field: 'Statement.Action' },
    message: 'Action must be a string or a list of strings, not a number.',
  },
  {
    title: 'unsupported Version',
    text: lines('{', '  "Version": "2012-10-18",', `  "Statement": { "Effect": "Allow", ${GOOD_STATEMENT} }`, '}'),
    options: IDENTITY,
    expected: { line: 2, column: 14, field: 'Version' },
    message: 'The policy failed legacy parsing',
  },
  {
    title: 'duplicate Sid',
    text: `{"Statement":[{"Sid":"A","Effect":"Allow",${GOOD_STATEMENT}},{"Sid":"A","Effect":"Deny",${GOOD_STATEMENT}}]}`,
    options: IDENTITY,
    expected: { line: 1, column: 93, field: 'Statement[1].Sid' },
    message: 'Statement IDs (SID) in a single policy must be unique',
  },
  {
    title: 'Action without a service prefix',
    text: '{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}',
    options: IDENTITY,
    expected: { line: 1, column: 41, field: 'Statement.Action' },
    message: 'Actions/Conditions must be prefaced by a vendor',
  },
  {
    title: 'Resource that is neither an ARN nor *',
    text: '{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"reports/*"}}',
    options: IDENTITY,
    expected: { line: 1, column: 67, field: 'Statement.Resource' },
    message: 'Resource reports/* must be in ARN format or "*".',
  },
  {
    title: 'Null with a value other than true or false',
    text: `{"Statement":{"Effect":"Allow",${GOOD_STATEMENT},"Condition":{"Null":{"aws:TokenIssueTime":"yes"}}}}`,
    options: IDENTITY,
    expected: { line: 1, column: 116, field: 'Statement.Condition.Null.aws:TokenIssueTime' },
    message: 'Null takes "true" (key absent) or "false" (key present)',
  },
  {
    title: 'a document that is not an object',
    text: '[]',
    options: IDENTITY,
    expected: { line: 1, column: 1, field: '(document)' },
    message: 'a policy must be a JSON object, not a list.',
  },
];

describe('parsePolicy: POLICY_MALFORMED with file, line, column and field', () => {
  it.each(errorCases)('$title', ({ text, options, expected, message }) => {
    const error = malformed(() => parsePolicy(text, options));
    expect(error.detail).toMatchObject(expected);
    expect(error.message).toContain(message);
    if (options.file) expect(error.detail.file).toBe(options.file);
    expect(error.message).toContain(`line ${expected.line}, column ${expected.column}`);
  });

  it('rejects a policy text over 10,240 characters, naming the limit', () => {
    const padding = ' '.repeat(MAX_POLICY_CHARS);
    const text = `{"Statement":{"Effect":"Allow",${GOOD_STATEMENT}}}${padding}`;
    const error = malformed(() => parsePolicy(text, IDENTITY));
    expect(error.detail).toMatchObject({
      limit: 'PolicySize 10240 characters',
      size: text.length,
      field: '(document)',
      line: 1,
    });
    expect(error.message).toContain('Cannot exceed quota for PolicySize: 10240');
    expect(() => parsePolicy(text.slice(0, MAX_POLICY_CHARS), IDENTITY)).not.toThrow();
  });
});

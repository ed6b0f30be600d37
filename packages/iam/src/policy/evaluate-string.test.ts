/**
 * Table tests for the string condition operators, after the IAM User Guide
 * "IAM JSON policy elements: Condition operators" (String condition operators).
 * Each case is data: a policy document, a request, and the expected decision
 * with the exact list of conditions that failed.
 */
import { describe, expect, it } from 'vitest';
import { ALLOW, allowWhen, type Case, deniedBy, runCase, withContext } from '../../test/policy-table.js';
import { evaluate } from './evaluate.js';
import { parsePolicyObject } from './parse-policy.js';

const SOURCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const SUB = `${ISSUER}:sub`;

const cases: Case[] = [
  {
    title: 'StringEquals: the exact value matches',
    policy: allowWhen({ StringEquals: { [SUB]: 'system:serviceaccount:payments:billing' } }),
    request: withContext({ [SUB]: 'system:serviceaccount:payments:billing' }),
    expected: ALLOW,
  },
  {
    title: 'StringEquals: values compare case-sensitively',
    policy: allowWhen({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c' } }),
    request: withContext({ 'aws:SourceVpc': 'VPC-1A2B3C' }),
    expected: deniedBy('StringEquals aws:SourceVpc'),
  },
  {
    title: 'StringEquals: a * is literal, so a wildcard sub never matches (crossplane/crossplane#5578)',
    policy: allowWhen({ StringEquals: { [SUB]: 'system:serviceaccount:crossplane-system:provider-aws-*' } }),
    request: withContext({ [SUB]: 'system:serviceaccount:crossplane-system:provider-aws-a1b2' }),
    expected: deniedBy(`StringEquals ${SUB}`),
  },
  {
    title: 'StringEquals: a * only matches a literal *',
    policy: allowWhen({ StringEquals: { 's3:prefix': 'home/*' } }),
    request: withContext({ 's3:prefix': 'home/*' }),
    expected: ALLOW,
  },
  {
    title: 'StringEquals: several values for one key are ORed',
    policy: allowWhen({ StringEquals: { [SUB]: ['system:serviceaccount:a:one', 'system:serviceaccount:b:two'] } }),
    request: withContext({ [SUB]: 'system:serviceaccount:b:two' }),
    expected: ALLOW,
  },
  {
    title: 'StringEquals: a number in the policy compares as its text',
    policy: allowWhen({ StringEquals: { 's3:max-keys': 10 } }),
    request: withContext({ 's3:max-keys': '10' }),
    expected: ALLOW,
  },
  {
    title: 'StringNotEquals: a different value matches',
    policy: allowWhen({ StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } }),
    request: withContext({ 'aws:PrincipalTag/team': 'payments' }),
    expected: ALLOW,
  },
  {
    title: 'StringNotEquals: the listed value does not match',
    policy: allowWhen({ StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } }),
    request: withContext({ 'aws:PrincipalTag/team': 'contractors' }),
    expected: deniedBy('StringNotEquals aws:PrincipalTag/team'),
  },
  {
    title: 'StringNotEquals with several values: equal to any of them fails (none may match)',
    policy: allowWhen({ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }),
    request: withContext({ 'aws:RequestedRegion': 'eu-west-1' }),
    expected: deniedBy('StringNotEquals aws:RequestedRegion'),
  },
  {
    title: 'StringNotEquals: a missing key makes the negated condition true',
    policy: allowWhen({ StringNotEquals: { 'aws:PrincipalTag/team': 'contractors' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'StringEqualsIgnoreCase: case is ignored',
    policy: allowWhen({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/env': 'Production' } }),
    request: withContext({ 'aws:PrincipalTag/env': 'PRODUCTION' }),
    expected: ALLOW,
  },
  {
    title: 'StringNotEqualsIgnoreCase: a value differing only in case counts as equal',
    policy: allowWhen({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/env': 'production' } }),
    request: withContext({ 'aws:PrincipalTag/env': 'Production' }),
    expected: deniedBy('StringNotEqualsIgnoreCase aws:PrincipalTag/env'),
  },
  {
    title: 'StringLike: system:serviceaccount:*:* matches across colons',
    policy: allowWhen({ StringLike: { [SUB]: 'system:serviceaccount:*:*' } }),
    request: withContext({ [SUB]: 'system:serviceaccount:payments:billing' }),
    expected: ALLOW,
  },
  {
    title: 'StringLike: a prefix wildcard also admits an attacker-made namespace (prod-evil)',
    policy: allowWhen({ StringLike: { [SUB]: 'system:serviceaccount:prod*' } }),
    request: withContext({ [SUB]: 'system:serviceaccount:prod-evil:default' }),
    expected: ALLOW,
  },
  {
    title: 'StringLike: ? matches exactly one character',
    policy: allowWhen({ StringLike: { 's3:prefix': 'v?/' } }),
    request: withContext({ 's3:prefix': 'v1/' }),
    expected: ALLOW,
  },
  {
    title: 'StringLike: ? does not match two characters',
    policy: allowWhen({ StringLike: { 's3:prefix': 'v?/' } }),
    request: withContext({ 's3:prefix': 'v12/' }),
    expected: deniedBy('StringLike s3:prefix'),
  },
  {
    title: 'StringLike: matching is case-sensitive',
    policy: allowWhen({ StringLike: { 's3:prefix': 'Home/*' } }),
    request: withContext({ 's3:prefix': 'home/alice' }),
    expected: deniedBy('StringLike s3:prefix'),
  },
  {
    title: 'StringLike: a missing key fails the positive operator',
    policy: allowWhen({ StringLike: { 's3:prefix': 'home/*' } }),
    request: withContext({}),
    expected: deniedBy('StringLike s3:prefix'),
  },
  {
    title: 'StringNotLike: a value matching the pattern fails',
    policy: allowWhen({ StringNotLike: { [SUB]: 'system:serviceaccount:kube-system:*' } }),
    request: withContext({ [SUB]: 'system:serviceaccount:kube-system:aws-node' }),
    expected: deniedBy(`StringNotLike ${SUB}`),
  },
  {
    title: 'StringNotLike: a missing key makes the negated condition true',
    policy: allowWhen({ StringNotLike: { [SUB]: 'system:serviceaccount:kube-system:*' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'policy variables (aws:username) in a 2012-10-17 policy are replaced from the request (variables.ts)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    policy: allowWhen({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }),
    request: withContext({ 's3:prefix': 'home/alice/notes.txt', 'aws:username': 'alice' }),
    expected: ALLOW,
  },
];

describe(`string condition operators (${SOURCE})`, () => {
  it.each(cases)('$title', (c) => {
    const result = runCase(c);
    expect(result.statements[0]?.applies).toBe(c.expected.decision === 'Allow');
  });

  it('explains a failed StringEquals with the actual and the expected value', () => {
    const policy = parsePolicyObject(allowWhen({ StringEquals: { [SUB]: 'system:serviceaccount:payments:billing' } }), {
      name: 'guarded',
      kind: 'identity',
    });
    const [trace] = evaluate([policy], withContext({ [SUB]: 'system:serviceaccount:web:default' })).statements;
    expect(trace?.conditions[0]).toMatchObject({
      matched: false,
      actual: 'system:serviceaccount:web:default',
      expected: ['system:serviceaccount:payments:billing'],
      reason: `${SUB} is "system:serviceaccount:web:default"; StringEquals wants "system:serviceaccount:payments:billing": no match`,
    });
  });
});

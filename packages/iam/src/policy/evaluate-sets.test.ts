/**
 * Table tests for key existence and multi-valued keys: Null, ...IfExists,
 * ForAnyValue / ForAllValues with absent, empty and multi-valued keys, the
 * unqualified multi-valued rule, case-insensitive keys and AND/OR combination.
 * After the IAM User Guide pages on condition operators and set operators.
 */
import { describe, expect, it } from 'vitest';
import { ALLOW, allowWhen, type Case, deniedBy, runCase, withContext } from '../../test/policy-table.js';
import { evaluate } from './evaluate.js';
import { parsePolicyObject } from './parse-policy.js';

const SOURCE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';

const TAGS = 'aws:TagKeys';

const cases: Case[] = [
  {
    title: 'Null true: matches when the key is absent',
    policy: allowWhen({ Null: { 'aws:TokenIssueTime': 'true' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'Null true: fails when the key is present',
    policy: allowWhen({ Null: { 'aws:TokenIssueTime': 'true' } }),
    request: withContext({ 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }),
    expected: deniedBy('Null aws:TokenIssueTime'),
  },
  {
    title: 'Null false: matches when the key is present',
    policy: allowWhen({ Null: { 'aws:TokenIssueTime': false } }),
    request: withContext({ 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }),
    expected: ALLOW,
  },
  {
    title: 'StringEqualsIfExists: key present and matching',
    policy: allowWhen({ StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }),
    request: withContext({ 'ec2:InstanceType': 't3.micro' }),
    expected: ALLOW,
  },
  {
    title: 'StringEqualsIfExists: key present and not matching fails',
    policy: allowWhen({ StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }),
    request: withContext({ 'ec2:InstanceType': 'p4d.24xlarge' }),
    expected: deniedBy('StringEqualsIfExists ec2:InstanceType'),
  },
  {
    title: 'StringLikeIfExists: key absent matches',
    policy: allowWhen({ StringLikeIfExists: { 'ec2:InstanceType': 't3.*' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'BoolIfExists: key absent matches',
    policy: allowWhen({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'ForAnyValue:StringEquals: one request value in the set is enough',
    policy: allowWhen({ 'ForAnyValue:StringEquals': { [TAGS]: ['team', 'cost-center'] } }),
    request: withContext({ [TAGS]: ['env', 'team'] }),
    expected: ALLOW,
  },
  {
    title: 'ForAnyValue:StringEquals: no request value in the set fails',
    policy: allowWhen({ 'ForAnyValue:StringEquals': { [TAGS]: ['team', 'cost-center'] } }),
    request: withContext({ [TAGS]: ['env', 'owner'] }),
    expected: deniedBy(`ForAnyValue:StringEquals ${TAGS}`),
  },
  {
    title: 'ForAnyValue: an absent key fails',
    policy: allowWhen({ 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }),
    request: withContext({}),
    expected: deniedBy(`ForAnyValue:StringEquals ${TAGS}`),
  },
  {
    title: 'ForAnyValue: an empty list fails',
    policy: allowWhen({ 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }),
    request: withContext({ [TAGS]: [] }),
    expected: deniedBy(`ForAnyValue:StringEquals ${TAGS}`),
  },
  {
    title: 'ForAnyValue:StringNotEquals: one value outside the set is enough',
    policy: allowWhen({ 'ForAnyValue:StringNotEquals': { [TAGS]: ['team'] } }),
    request: withContext({ [TAGS]: ['team', 'env'] }),
    expected: ALLOW,
  },
  {
    title: 'ForAllValues:StringEquals: every request value in the set',
    policy: allowWhen({ 'ForAllValues:StringEquals': { [TAGS]: ['team', 'env'] } }),
    request: withContext({ [TAGS]: ['env', 'team'] }),
    expected: ALLOW,
  },
  {
    title: 'ForAllValues:StringEquals: one request value outside the set fails',
    policy: allowWhen({ 'ForAllValues:StringEquals': { [TAGS]: ['team', 'env'] } }),
    request: withContext({ [TAGS]: ['team', 'owner'] }),
    expected: deniedBy(`ForAllValues:StringEquals ${TAGS}`),
  },
  {
    title: 'ForAllValues: an absent key matches (nothing to check)',
    policy: allowWhen({ 'ForAllValues:StringEquals': { [TAGS]: ['team'] } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'ForAllValues: an empty list matches (nothing to check)',
    policy: allowWhen({ 'ForAllValues:StringEquals': { [TAGS]: ['team'] } }),
    request: withContext({ [TAGS]: [] }),
    expected: ALLOW,
  },
  {
    title: 'ForAllValues:StringLike: every value matches some pattern',
    policy: allowWhen({ 'ForAllValues:StringLike': { [TAGS]: ['team-*', 'env'] } }),
    request: withContext({ [TAGS]: ['team-a', 'team-b', 'env'] }),
    expected: ALLOW,
  },
  {
    title: 'ForAnyValue:StringLikeIfExists: IfExists makes an absent key match',
    policy: allowWhen({ 'ForAnyValue:StringLikeIfExists': { [TAGS]: ['team-*'] } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'No set qualifier, multi-valued key: a positive operator matches if any value matches',
    policy: allowWhen({ StringEquals: { [TAGS]: 'team' } }),
    request: withContext({ [TAGS]: ['env', 'team'] }),
    expected: ALLOW,
  },
  {
    title: 'No set qualifier, multi-valued key: a negated operator fails if any value matches',
    policy: allowWhen({ StringNotEquals: { [TAGS]: 'team' } }),
    request: withContext({ [TAGS]: ['env', 'team'] }),
    expected: deniedBy(`StringNotEquals ${TAGS}`),
  },
  {
    title: 'Condition keys compare case-insensitively',
    policy: allowWhen({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c' } }),
    request: withContext({ 'AWS:SOURCEVPC': 'vpc-1a2b3c' }),
    expected: ALLOW,
  },
  {
    title: 'Several keys under one operator are ANDed',
    policy: allowWhen({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c', 'aws:RequestedRegion': 'us-west-2' } }),
    request: withContext({ 'aws:SourceVpc': 'vpc-1a2b3c', 'aws:RequestedRegion': 'eu-west-1' }),
    expected: deniedBy('StringEquals aws:RequestedRegion'),
  },
  {
    title: 'Several operators are ANDed',
    policy: allowWhen({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c' }, NumericLessThan: { 's3:max-keys': 100 } }),
    request: withContext({ 'aws:SourceVpc': 'vpc-1a2b3c', 's3:max-keys': '1000' }),
    expected: deniedBy('NumericLessThan s3:max-keys'),
  },
];

describe(`existence and multi-valued keys (${SOURCE})`, () => {
  it.each(cases)('$title', (c) => {
    runCase(c);
  });

  it('names the request value that broke ForAllValues', () => {
    const policy = parsePolicyObject(allowWhen({ 'ForAllValues:StringEquals': { [TAGS]: ['team', 'env'] } }), {
      name: 'guarded',
      kind: 'identity',
    });
    const [trace] = evaluate([policy], withContext({ [TAGS]: ['team', 'owner'] })).statements;
    expect(trace?.conditions[0]?.reason).toBe(
      'aws:TagKeys is ["team", "owner"]; ForAllValues:StringEquals wants one of "team", "env" for every value ("owner" is not): no match',
    );
  });

  it('says why an absent key failed or matched', () => {
    const policy = parsePolicyObject(
      allowWhen({ StringEquals: { 'aws:SourceVpc': 'vpc-1' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }),
      { name: 'guarded', kind: 'identity' },
    );
    const [trace] = evaluate([policy], withContext({})).statements;
    expect(trace?.conditions.map((c) => [c.matched, c.actual, c.reason])).toEqual([
      [false, undefined, 'aws:SourceVpc is absent from the request; StringEquals fails on a missing key: no match'],
      [
        true,
        undefined,
        'aws:SourceVpce is absent from the request; StringNotEquals (a negated operator) matches a missing key: match',
      ],
    ]);
  });
});

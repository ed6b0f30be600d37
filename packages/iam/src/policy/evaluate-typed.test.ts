/**
 * Table tests for the typed condition operators (Numeric, Date, Bool,
 * BinaryEquals, IpAddress, Arn), after the IAM User Guide "Condition
 * operators". `aws:CurrentTime` / `aws:EpochTime` come from the request, never
 * from a clock.
 */
import { describe, it } from 'vitest';
import { ALLOW, allowWhen, type Case, deniedBy, runCase, withContext } from '../../test/policy-table.js';

const SOURCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

const numeric: Case[] = [
  {
    title: 'NumericLessThan: 3 < 5',
    policy: allowWhen({ NumericLessThan: { 's3:max-keys': '5' } }),
    request: withContext({ 's3:max-keys': '3' }),
    expected: ALLOW,
  },
  {
    title: 'NumericLessThan: 5 is not < 5',
    policy: allowWhen({ NumericLessThan: { 's3:max-keys': 5 } }),
    request: withContext({ 's3:max-keys': '5' }),
    expected: deniedBy('NumericLessThan s3:max-keys'),
  },
  {
    title: 'NumericLessThanEquals: 5 <= 5',
    policy: allowWhen({ NumericLessThanEquals: { 's3:max-keys': 5 } }),
    request: withContext({ 's3:max-keys': '5' }),
    expected: ALLOW,
  },
  {
    title: 'NumericGreaterThan: 10 > 9 (numbers, not text: "10" < "9" as strings)',
    policy: allowWhen({ NumericGreaterThan: { 's3:max-keys': '9' } }),
    request: withContext({ 's3:max-keys': '10' }),
    expected: ALLOW,
  },
  {
    title: 'NumericGreaterThanEquals: 8 is not >= 9',
    policy: allowWhen({ NumericGreaterThanEquals: { 's3:max-keys': 9 } }),
    request: withContext({ 's3:max-keys': '8' }),
    expected: deniedBy('NumericGreaterThanEquals s3:max-keys'),
  },
  {
    title: 'NumericEquals: 5.0 equals 5',
    policy: allowWhen({ NumericEquals: { 's3:max-keys': 5 } }),
    request: withContext({ 's3:max-keys': '5.0' }),
    expected: ALLOW,
  },
  {
    title: 'NumericEquals: a value that is not a number never matches',
    policy: allowWhen({ NumericEquals: { 's3:max-keys': 5 } }),
    request: withContext({ 's3:max-keys': 'five' }),
    expected: deniedBy('NumericEquals s3:max-keys'),
  },
  {
    title: 'NumericNotEquals: 4 is not 5',
    policy: allowWhen({ NumericNotEquals: { 's3:max-keys': 5 } }),
    request: withContext({ 's3:max-keys': '4' }),
    expected: ALLOW,
  },
  {
    title: 'NumericNotEquals: a missing key makes the negated condition true',
    policy: allowWhen({ NumericNotEquals: { 's3:max-keys': 5 } }),
    request: withContext({}),
    expected: ALLOW,
  },
];

const dates: Case[] = [
  {
    title: 'DateLessThan: aws:CurrentTime before the cut-off',
    policy: allowWhen({ DateLessThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } }),
    request: withContext({ 'aws:CurrentTime': '2026-06-30T23:59:59Z' }),
    expected: ALLOW,
  },
  {
    title: 'DateLessThan: aws:CurrentTime after the cut-off',
    policy: allowWhen({ DateLessThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } }),
    request: withContext({ 'aws:CurrentTime': '2026-07-01T00:00:01Z' }),
    expected: deniedBy('DateLessThan aws:CurrentTime'),
  },
  {
    title: 'DateGreaterThan: epoch seconds in the request against an ISO date in the policy',
    policy: allowWhen({ DateGreaterThan: { 'aws:EpochTime': '2025-12-31T00:00:00Z' } }),
    request: withContext({ 'aws:EpochTime': '1767225600' }),
    expected: ALLOW,
  },
  {
    title: 'DateEquals: the same instant written as ISO 8601 and as epoch seconds',
    policy: allowWhen({ DateEquals: { 'aws:CurrentTime': 1767225600 } }),
    request: withContext({ 'aws:CurrentTime': '2026-01-01T00:00:00Z' }),
    expected: ALLOW,
  },
  {
    title: 'DateLessThanEquals: equal instants',
    policy: allowWhen({ DateLessThanEquals: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }),
    request: withContext({ 'aws:CurrentTime': '2026-01-01T00:00:00.000Z' }),
    expected: ALLOW,
  },
  {
    title: 'DateGreaterThanEquals: an earlier instant fails',
    policy: allowWhen({ DateGreaterThanEquals: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } }),
    request: withContext({ 'aws:TokenIssueTime': '2025-12-31T23:00:00Z' }),
    expected: deniedBy('DateGreaterThanEquals aws:TokenIssueTime'),
  },
  {
    title: 'DateNotEquals: a missing key makes the negated condition true',
    policy: allowWhen({ DateNotEquals: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }),
    request: withContext({}),
    expected: ALLOW,
  },
];

const others: Case[] = [
  {
    title: 'Bool: "true" matches true',
    policy: allowWhen({ Bool: { 'aws:SecureTransport': true } }),
    request: withContext({ 'aws:SecureTransport': 'true' }),
    expected: ALLOW,
  },
  {
    title: 'Bool: "false" does not match "true"',
    policy: allowWhen({ Bool: { 'aws:SecureTransport': 'true' } }),
    request: withContext({ 'aws:SecureTransport': 'false' }),
    expected: deniedBy('Bool aws:SecureTransport'),
  },
  {
    title: 'Bool: a missing key fails',
    policy: allowWhen({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    request: withContext({}),
    expected: deniedBy('Bool aws:MultiFactorAuthPresent'),
  },
  {
    title: 'BinaryEquals: the same bytes in base64',
    policy: allowWhen({ BinaryEquals: { 'custom:blob': 'QmluYXJ5' } }),
    request: withContext({ 'custom:blob': 'QmluYXJ5' }),
    expected: ALLOW,
  },
  {
    title: 'BinaryEquals: different bytes',
    policy: allowWhen({ BinaryEquals: { 'custom:blob': 'QmluYXJ5' } }),
    request: withContext({ 'custom:blob': 'T3RoZXI=' }),
    expected: deniedBy('BinaryEquals custom:blob'),
  },
  {
    title: 'IpAddress: an address inside the CIDR range',
    policy: allowWhen({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } }),
    request: withContext({ 'aws:SourceIp': '203.0.113.42' }),
    expected: ALLOW,
  },
  {
    title: 'IpAddress: a single address without a prefix length',
    policy: allowWhen({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } }),
    request: withContext({ 'aws:SourceIp': '198.51.100.7' }),
    expected: ALLOW,
  },
  {
    title: 'IpAddress: an address outside every range',
    policy: allowWhen({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    request: withContext({ 'aws:SourceIp': '203.0.114.1' }),
    expected: deniedBy('IpAddress aws:SourceIp'),
  },
  {
    title: 'IpAddress: IPv6 ranges',
    policy: allowWhen({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }),
    request: withContext({ 'aws:SourceIp': '2001:db8:1234::5' }),
    expected: ALLOW,
  },
  {
    title: 'NotIpAddress: an address inside the range fails',
    policy: allowWhen({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    request: withContext({ 'aws:SourceIp': '10.1.2.3' }),
    expected: deniedBy('NotIpAddress aws:SourceIp'),
  },
  {
    title: 'NotIpAddress: a missing key makes the negated condition true',
    policy: allowWhen({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    request: withContext({}),
    expected: ALLOW,
  },
  {
    title: 'ArnLike: wildcard in the resource part',
    policy: allowWhen({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::reports-*' } }),
    request: withContext({ 'aws:SourceArn': 'arn:aws:s3:::reports-2026' }),
    expected: ALLOW,
  },
  {
    title: 'ArnEquals: wildcards are allowed in any of the six parts',
    policy: allowWhen({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/billing' } }),
    request: withContext({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/billing' }),
    expected: ALLOW,
  },
  {
    title: 'ArnLike: matching is per part, so * in the region cannot swallow the account',
    policy: allowWhen({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:111122223333:queue' } }),
    request: withContext({ 'aws:SourceArn': 'arn:aws:sqs:us-east-1:444455556666:111122223333:queue' }),
    expected: deniedBy('ArnLike aws:SourceArn'),
  },
  {
    title: 'ArnLike: a value that is not an ARN never matches',
    policy: allowWhen({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }),
    request: withContext({ 'aws:SourceArn': 'reports-2026' }),
    expected: deniedBy('ArnLike aws:SourceArn'),
  },
  {
    title: 'ArnNotLike: a matching ARN fails',
    policy: allowWhen({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin-*' } }),
    request: withContext({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin-ops' }),
    expected: deniedBy('ArnNotLike aws:PrincipalArn'),
  },
  {
    title: 'ArnNotEquals: a missing key makes the negated condition true',
    policy: allowWhen({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::reports' } }),
    request: withContext({}),
    expected: ALLOW,
  },
];

describe(`typed condition operators (${SOURCE})`, () => {
  it.each([...numeric, ...dates, ...others])('$title', (c) => {
    runCase(c);
  });
});

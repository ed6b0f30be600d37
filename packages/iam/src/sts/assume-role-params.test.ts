/**
 * AssumeRole's parameters read from a Query form (assume-role.ts,
 * assumeRoleParams): `PolicyArns.member.N.arn` in N order (numerically),
 * only the members that were sent, and no PolicyArns, Tags or
 * TransitiveTagKeys member when none were.
 */
import { describe, expect, it } from 'vitest';
import { assumeRoleParams } from './assume-role.js';

describe('assumeRoleParams', () => {
  it('reads PolicyArns in member-number order and keeps only the members sent', () => {
    const form = new URLSearchParams(
      'Action=AssumeRole&RoleArn=arn:aws:iam::111122223333:role/r&RoleSessionName=s' +
        '&PolicyArns.member.10.arn=arn:aws:iam::aws:policy/C&PolicyArns.member.2.arn=arn:aws:iam::aws:policy/B' +
        '&PolicyArns.member.1.arn=arn:aws:iam::aws:policy/A&PolicyArns.member.3.name=ignored',
    );
    expect(assumeRoleParams(form)).toEqual({
      RoleArn: 'arn:aws:iam::111122223333:role/r',
      RoleSessionName: 's',
      PolicyArns: [
        { arn: 'arn:aws:iam::aws:policy/A' },
        { arn: 'arn:aws:iam::aws:policy/B' },
        { arn: 'arn:aws:iam::aws:policy/C' },
      ],
    });
  });

  it('has no member for a parameter not sent', () => {
    const params = assumeRoleParams(new URLSearchParams('Action=AssumeRole&RoleSessionName=s&DurationSeconds=900'));
    expect(Object.keys(params).sort()).toEqual(['DurationSeconds', 'RoleSessionName']);
  });
});

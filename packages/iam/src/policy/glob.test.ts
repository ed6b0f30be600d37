/**
 * IAM wildcard matching and ARN splitting on their own (glob.ts): a pattern
 * matches the whole text, not a suffix; `*` backtracks over a repeated
 * character; and a value that is not a six-part `arn:` ARN matches no Arn
 * pattern, however many wildcards it has.
 */
import { describe, expect, it } from 'vitest';
import { arnMatch, globMatch, splitArn } from './glob.js';

describe('globMatch', () => {
  it('matches the whole text, not a suffix of it', () => {
    expect(globMatch('b', 'ab')).toBe(false);
    expect(globMatch('arn:aws:s3:::reports', 'xarn:aws:s3:::reports')).toBe(false);
  });

  it('lets * take a run that repeats the character before it, and backtracks', () => {
    expect(globMatch('x*y', 'xxy')).toBe(true);
    expect(globMatch('*b', 'ab')).toBe(true);
    expect(globMatch('a*b*c', 'aabbcc')).toBe(true);
    expect(globMatch('a*b*c', 'aabbca')).toBe(false);
  });
});

describe('ARNs', () => {
  it('splits only an arn: value with six parts', () => {
    expect(splitArn('arn:aws:s3:::reports/q1.csv')).toEqual(['arn', 'aws', 's3', '', '', 'reports/q1.csv']);
    expect(splitArn('arn:aws')).toBeUndefined();
    expect(splitArn('foo:aws:s3:::reports')).toBeUndefined();
  });

  it('matches no value that is not an ARN, even against wildcards in every part', () => {
    expect(arnMatch('arn:*:*:*:*:*', 'arn:aws')).toBe(false);
    expect(arnMatch('*:*:*:*:*:*', 'foo:a:b:c:d:e')).toBe(false);
    expect(arnMatch('arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/app')).toBe(true);
  });
});

/**
 * One request value against one policy value (compare.ts), operator by
 * operator at its edges (IAM user guide, "Condition operators"): the
 * numeric and date comparisons at equality, dates as ISO 8601 or epoch
 * seconds, values with surrounding spaces, CIDR prefixes at and past their
 * limits, base64 that is not, and which operator names splitOperator refuses
 * (Null takes neither IfExists nor a set qualifier).
 */
import { describe, expect, it } from 'vitest';
import { compareValue, ipInCidr, readDateMs, readNumber } from './compare.js';
import { splitOperator } from './operators.js';

describe('numbers and dates', () => {
  it.each([
    ['NumericEquals', '5', '5', true],
    ['NumericLessThan', '5', '5', false],
    ['NumericLessThan', '4', '5', true],
    ['NumericLessThanEquals', '5', '5', true],
    ['NumericLessThanEquals', '6', '5', false],
    ['NumericGreaterThan', '5', '5', false],
    ['NumericGreaterThan', '6', '5', true],
    ['NumericGreaterThanEquals', '5', '5', true],
    ['NumericGreaterThanEquals', '4', '5', false],
  ])('%s: %s against %s is %s', (operator, actual, expected, result) => {
    expect(compareValue(operator, actual, expected)).toBe(result);
  });

  it.each([
    ['-5', -5],
    ['+5', 5],
    ['1.25', 1.25],
    ['.25', 0.25],
    ['1e3', 1000],
    ['1.5E+3', 1500],
    ['1e-3', 0.001],
    ['1e10', 1e10],
    ['1.', 1],
    ['--5', undefined],
    ['1e', undefined],
    ['.', undefined],
    ['e5', undefined],
    ['1x', undefined],
    ['x1', undefined],
  ])('reads %s as the number %s', (text, number) => {
    expect(readNumber(text)).toBe(number);
  });

  it.each([
    ['-1', -1000],
    ['1.25', 1250],
    ['1700000000', 1_700_000_000_000],
    ['2026-01-05', Date.UTC(2026, 0, 5)],
    ['2026-01-05T10:00:00+01:00', Date.UTC(2026, 0, 5, 9)],
    ['2026-01-05T10:00:00+0100', Date.UTC(2026, 0, 5, 9)],
    ['2026-01-05T09:00:00.5z', Date.UTC(2026, 0, 5, 9, 0, 0, 500)],
    ['x2026-01-05', undefined],
    ['2026-01-05x', undefined],
    ['2026-01-05T09:00:00+1:00', undefined],
    ['2026-01-05T09:00:00+01:0', undefined],
    ['1.2.3', undefined],
  ])('reads the date %s as epoch ms %s', (text, ms) => {
    expect(readDateMs(text)).toBe(ms);
  });

  it('reads a value with surrounding spaces, and refuses text that is not a number', () => {
    expect(readNumber(' 42 ')).toBe(42);
    expect(readNumber('4 2')).toBeUndefined();
    expect(compareValue('NumericEquals', ' 42', '42')).toBe(true);
  });

  it('reads dates as ISO 8601 or as epoch seconds, with surrounding spaces', () => {
    const ms = Date.UTC(2026, 0, 5, 9, 0, 0);
    expect(readDateMs('2026-01-05T09:00:00Z')).toBe(ms);
    expect(readDateMs(` ${ms / 1000} `)).toBe(ms);
    expect(readDateMs(' 2026-01-05T09:00:00Z ')).toBe(ms);
    expect(compareValue('DateEquals', String(ms / 1000), '2026-01-05T09:00:00Z')).toBe(true);
    expect(compareValue('DateLessThan', '2026-01-05T08:59:59Z', String(ms / 1000))).toBe(true);
  });
});

describe('addresses', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', ' 10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.1.2.3', '0.0.0.0/0', true],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.4', '10.1.2.3', false],
    ['10.1.2.3', '10.0.0.0/33', false],
    ['10.1.2.3', '10.0.0.0/-1', false],
    ['10.1.2.3', '10.0.0.0/8.5', false],
    ['not-an-address', '10.0.0.0/8', false],
    ['10.1.2.3', 'not-a-network/8', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db8::1', '2001:db8::/129', false],
    ['2001:db8::1', '2001:db8::1/128', true],
  ])('%s in %s: %s', (address, cidr, result) => {
    expect(ipInCidr(address, cidr)).toBe(result);
  });
});

describe('other operators', () => {
  it('compares Bool ignoring case, StringLike with wildcards, and BinaryEquals only for base64 on both sides', () => {
    expect(compareValue('StringEqualsIgnoreCase', 'Payments', 'PAYMENTS')).toBe(true);
    expect(compareValue('StringEqualsIgnoreCase', 'payments', 'web')).toBe(false);
    expect(compareValue('Bool', 'TRUE', 'true')).toBe(true);
    expect(compareValue('Bool', 'false', 'true')).toBe(false);
    expect(compareValue('StringLike', 'payments/2026', 'payments/*')).toBe(true);
    expect(compareValue('StringLike', 'web/2026', 'payments/*')).toBe(false);
    expect(compareValue('BinaryEquals', 'QUJD', 'QUJD')).toBe(true);
    expect(compareValue('BinaryEquals', 'QUJD', 'QUJD!!')).toBe(false);
    expect(compareValue('BinaryEquals', 'QUJD!!', 'QUJD')).toBe(false);
    expect(compareValue('BinaryEquals', '!QUJD', 'QUJD')).toBe(false);
    expect(compareValue('BinaryEquals', 'QUJD', '!QUJD')).toBe(false);
  });
});

describe('operator names', () => {
  it('refuses Null with IfExists or a set qualifier, and keeps the parts of the others', () => {
    expect(splitOperator('Null')).toEqual({ baseOperator: 'Null', ifExists: false });
    expect(splitOperator('NullIfExists')).toBeUndefined();
    expect(splitOperator('ForAnyValue:Null')).toBeUndefined();
    expect(splitOperator('ForAllValues:StringLikeIfExists')).toEqual({
      baseOperator: 'StringLike',
      ifExists: true,
      setQualifier: 'ForAllValues',
    });
  });
});

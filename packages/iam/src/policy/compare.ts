/**
 * One request value against one policy value, for each positive condition
 * operator. Negated operators are evaluated by the caller as the negation of
 * these. A value that cannot be read as the operator's type (a number, a
 * date, an address) never matches, as in AWS.
 */
import { BlockList, isIP } from 'node:net';
import { arnMatch, globMatch } from './glob.js';
import type { ConditionValue } from './types.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const EPOCH_SECONDS = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[Tt ][0-9:.]+(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A number, or undefined when the text is not one. */
export function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

/** Epoch milliseconds from ISO 8601 text or epoch seconds, or undefined. */
export function readDateMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  if (!ISO_DATE.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareNumbers(a: number | undefined, b: number | undefined, op: string): boolean {
  if (a === undefined || b === undefined) return false;
  switch (op) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThan':
      return a > b;
    case 'GreaterThanEquals':
      return a >= b;
    default:
      throw new TypeError(`unknown comparison ${op}`);
  }
}

/** True when the IP address `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a single address). */
export function ipInCidr(address: string, cidr: string): boolean {
  const family = isIP(address);
  const [net = '', prefixText] = cidr.trim().split('/', 2);
  const netFamily = isIP(net);
  if (family === 0 || netFamily === 0) return false;
  const maxPrefix = netFamily === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : readNumber(prefixText);
  if (prefix === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) return false;
  const list = new BlockList();
  list.addSubnet(net, prefix, netFamily === 4 ? 'ipv4' : 'ipv6');
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function binaryEquals(actual: string, expected: string): boolean {
  if (!BASE64.test(actual) || !BASE64.test(expected)) return false;
  return Buffer.from(actual, 'base64').equals(Buffer.from(expected, 'base64'));
}

/**
 * Does the request value `actual` satisfy the positive operator `base`
 * against one policy value? `base` must be a positive operator name.
 */
export function compareValue(base: string, actual: string, expected: ConditionValue): boolean {
  const want = String(expected);
  if (base.startsWith('Numeric')) return compareNumbers(readNumber(actual), readNumber(want), base.slice(7));
  if (base.startsWith('Date')) return compareNumbers(readDateMs(actual), readDateMs(want), base.slice(4));
  switch (base) {
    case 'StringEquals':
      return actual === want;
    case 'StringEqualsIgnoreCase':
      return actual.toLowerCase() === want.toLowerCase();
    case 'StringLike':
      return globMatch(want, actual);
    case 'Bool':
      return actual.toLowerCase() === want.toLowerCase();
    case 'BinaryEquals':
      return binaryEquals(actual, want);
    case 'IpAddress':
      return ipInCidr(actual, want);
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatch(want, actual);
    default:
      throw new TypeError(`compareValue: ${base} is not a positive comparison operator`);
  }
}

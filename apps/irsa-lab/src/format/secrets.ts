/**
 * Secret masking for everything the app and transcripts print: an access key
 * id is shown whole (it is an identifier, and learners trace it in
 * CloudTrail), a secret access key by core's one rule (maskSecret: at most
 * its last 4 characters, none of a short one), and session tokens and JWTs
 * are cut to a recognisable prefix.
 */
import { maskSecret } from '@irsa-lab/core';

// the formatters mask through this module; the rule itself is core's, shared with the scenarios' panels
export { maskSecret };

/** The first `keep` characters of a session token or JWT, then its length: `IQoJb3JpZ2lu… (812 chars)`. */
export function truncateToken(token: string, keep = 12): string {
  const chars = [...token];
  if (chars.length <= keep) return token;
  return `${chars.slice(0, keep).join('')}… (${chars.length} chars)`;
}

const SECRET_KEY = /secret(access)?key|password|privatekey/i;
/** Keys whose whole value is a bearer token (exact names: `subjectFromWebIdentityToken` is a subject, not a token). */
const TOKEN_KEYS = new Set([
  'sessiontoken',
  'webidentitytoken',
  'token',
  'idtoken',
  'accesstoken',
  'x-amz-security-token',
]);
const JWT = /^[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}$/;

/** Mask one value found under `key`, wherever it appears in a record. */
export function redactValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (SECRET_KEY.test(key)) return maskSecret(value);
  if (TOKEN_KEYS.has(key.toLowerCase()) || JWT.test(value)) return truncateToken(value);
  return value;
}

/** A deep copy of `record` with secrets masked and tokens truncated (CloudTrail records, claims, fields). */
export function redactRecord(record: unknown, key = '', depth = 0): unknown {
  if (record === null || typeof record !== 'object') return redactValue(key, record);
  if (depth > 8) return '…';
  if (Array.isArray(record)) return record.map((v) => redactRecord(v, key, depth + 1));
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redactRecord(v, k, depth + 1)]));
}

/**
 * The issuer's bookkeeping for one key: when it was created and retired, and
 * the latest `exp` of the tokens it signed, from which follows how long its
 * public half must stay in the JWKS.
 */
import { MINUTE_MS, SECOND_MS, type TimerHandle } from '@irsa-lab/core';
import type { SigningKey } from './key-pool.js';

/**
 * How long past a token's `exp` its key stays published: the 5-minute clock
 * skew STS allows on `exp` (docs/reference.md#sts-validation), so a token STS would still accept
 * can always be verified.
 */
export const RETENTION_LEEWAY_MS = 5 * MINUTE_MS;

/** What the app's panels show about one key of the issuer. */
export interface KeyInfo {
  readonly kid: string;
  /** `fixture` (seeded pool) or `live` (generated in this process). */
  readonly source: 'fixture' | 'live';
  readonly createdAtMs: number;
  /** When it stopped signing (rotated out). */
  readonly retiredAtMs?: number;
  /** When it leaves the JWKS; absent while signing, or if a token without `exp` pins it forever. */
  readonly removeAfterMs?: number;
  /** When it left the JWKS. */
  readonly removedAtMs?: number;
  /** True for the one key that signs new tokens. */
  readonly signing: boolean;
  /** True while its public key is in the JWKS. */
  readonly published: boolean;
  readonly tokensSigned: number;
  /** Latest `exp` (as epoch ms) of the tokens it signed. */
  readonly latestTokenExpMs?: number;
  /** A token without `exp` (a legacy token) was signed: the key can never be removed. */
  readonly keptForever: boolean;
}

/** Mutable state of one key in the ring. */
export interface KeyRecord {
  readonly key: SigningKey;
  readonly createdAtMs: number;
  retiredAtMs?: number;
  removedAtMs?: number;
  tokensSigned: number;
  latestTokenExpMs?: number;
  keptForever: boolean;
  removal?: TimerHandle;
}

/** A new, signing, published key. */
export function newRecord(key: SigningKey, nowMs: number): KeyRecord {
  return { key, createdAtMs: nowMs, tokensSigned: 0, keptForever: false };
}

/** Note a token signed by this key; `exp` in NumericDate seconds, undefined for a token without one. */
export function noteToken(record: KeyRecord, exp: number | undefined): void {
  record.tokensSigned++;
  if (exp === undefined) {
    record.keptForever = true;
    return;
  }
  const expMs = exp * 1000;
  if (record.latestTokenExpMs === undefined || expMs > record.latestTokenExpMs) record.latestTokenExpMs = expMs;
}

/**
 * When a retired key may leave the JWKS: once every token it signed is past
 * exp + leeway, and not before it was retired. Undefined while it still signs
 * or when a token without `exp` keeps it forever. Validators compare whole
 * seconds and still accept a token during the second exp + 300, so the key
 * stays until that second is over.
 */
export function removeAfterMs(record: KeyRecord): number | undefined {
  if (record.retiredAtMs === undefined || record.keptForever) return undefined;
  if (record.latestTokenExpMs === undefined) return record.retiredAtMs;
  return Math.max(record.retiredAtMs, record.latestTokenExpMs + RETENTION_LEEWAY_MS + SECOND_MS);
}

/** The panel view of a record. */
export function toKeyInfo(record: KeyRecord): KeyInfo {
  const removeAfter = record.removedAtMs === undefined ? removeAfterMs(record) : undefined;
  return {
    kid: record.key.kid,
    source: record.key.source,
    createdAtMs: record.createdAtMs,
    ...(record.retiredAtMs === undefined ? {} : { retiredAtMs: record.retiredAtMs }),
    ...(removeAfter === undefined ? {} : { removeAfterMs: removeAfter }),
    ...(record.removedAtMs === undefined ? {} : { removedAtMs: record.removedAtMs }),
    signing: record.retiredAtMs === undefined,
    published: record.removedAtMs === undefined,
    tokensSigned: record.tokensSigned,
    ...(record.latestTokenExpMs === undefined ? {} : { latestTokenExpMs: record.latestTokenExpMs }),
    keptForever: record.keptForever,
  };
}

/**
 * The kubelet's token refresh rule (docs/reference.md#kubelet-token-refresh,
 * `requiresRefresh` in the kubelet's token_manager.go): a projected token is renewed once it is older than
 * 24 h or past 80% of its lifetime, each less a 0–10 s jitter, or if it
 * seems issued in the future. Pure functions, so tests and the app's
 * timeline compute the same instants.
 */
import { HOUR_MS, type Rng, SECOND_MS } from '@irsa-lab/core';

/** Tokens older than this are renewed whatever their lifetime (`maxTTL`). */
export const MAX_TOKEN_AGE_MS = 24 * HOUR_MS;
/** Upper bound of the refresh jitter (`maxJitter`). */
export const MAX_JITTER_MS = 10 * SECOND_MS;
/** How often the kubelet re-syncs a pod and so remounts its projected volumes (`--sync-frequency`, default 1 min). */
export const SYNC_PERIOD_MS = 60 * SECOND_MS;
/** First backoff after a failed volume set-up (the volume manager's exponential backoff). */
export const RETRY_INITIAL_MS = 500;
/** Longest retry delay (the volume manager's `maxDurationBeforeRetry`, 2 min 2 s). */
export const RETRY_MAX_MS = 122 * SECOND_MS;

/** A token's issue and expiry instants, epoch ms. */
export interface TokenTimes {
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/**
 * One jitter draw. Kubelet computes `time.Duration(rand.Float64()*10) *
 * time.Second`: the float is truncated to an integer first, so the jitter
 * is a whole number of seconds from 0 to 9, each equally likely.
 */
export function drawJitterMs(rng: Rng): number {
  return rng.int(0, MAX_JITTER_MS / SECOND_MS - 1) * SECOND_MS;
}

/** The lifetime in whole seconds, as kubelet's `spec.expirationSeconds`. */
function ttlSeconds(times: TokenTimes): number {
  return Math.round((times.expiresAtMs - times.issuedAtMs) / SECOND_MS);
}

/**
 * The instant after which `requiresRefresh` holds: the earlier of
 * iat + 24 h − jitter and exp − 20%·TTL − jitter (20% in whole seconds,
 * integer division as in Go).
 * @example refreshThresholdMs({ issuedAtMs: 0, expiresAtMs: 86_400_000 }, 0) // 69_120_000 (19.2 h)
 */
export function refreshThresholdMs(times: TokenTimes, jitterMs: number): number {
  const byAge = times.issuedAtMs + MAX_TOKEN_AGE_MS - jitterMs;
  const byLifetime = times.expiresAtMs - Math.floor((ttlSeconds(times) * 20) / 100) * SECOND_MS - jitterMs;
  return Math.min(byAge, byLifetime);
}

/** Kubelet's `requiresRefresh` at `nowMs` with one jitter draw. */
export function requiresRefresh(nowMs: number, times: TokenTimes, jitterMs: number): boolean {
  return nowMs > refreshThresholdMs(times, jitterMs) || nowMs < times.issuedAtMs;
}

/** Kubelet's `expired`: strictly after `exp`. */
export function isExpired(nowMs: number, times: TokenTimes): boolean {
  return nowMs > times.expiresAtMs;
}

/**
 * Delay before the retry after `failures` consecutive failed refreshes.
 * A refresh is a remount of the projected volume, which happens on the next
 * pod sync (every minute), and failed mounts back off 0.5 s doubling up to
 * 2 min 2 s: so the retry comes after max(1 min, backoff), i.e. every minute
 * for the first 7 failures, then 64 s, 122 s, 122 s, …
 */
export function retryDelayMs(failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new TypeError('failures must be a positive integer');
  const backoffMs = Math.min(RETRY_INITIAL_MS * 2 ** Math.min(failures - 1, 30), RETRY_MAX_MS);
  return Math.max(SYNC_PERIOD_MS, backoffMs);
}

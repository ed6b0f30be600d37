/**
 * Simulated time for people: the clock as `2026-01-05 09:00:00Z` and
 * durations as `19h12m`. Inputs are epoch milliseconds of the simulated
 * clock; nothing here reads the wall clock.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms to the simulated clock as shown in the app: `2026-01-05 09:00:00Z`. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return 'invalid time';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A short clock for narrow places: `Jan 05 09:00`. */
export function formatShortClock(ms: number): string {
  if (!Number.isFinite(ms)) return 'invalid time';
  const d = new Date(ms);
  const month = MONTHS[d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * A duration in the two largest units that matter: `7d`, `1d2h`, `19h12m`,
 * `5m`, `45s`, `0s`. Rounds down; negative durations get a leading `-`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((ms % MINUTE_MS) / 1000);
  if (days > 0) return hours > 0 ? `${days}d${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/** `in 19h12m`, `2d ago`, or `now`, relative to `nowMs`. */
export function formatRelative(atMs: number, nowMs: number): string {
  const delta = atMs - nowMs;
  if (Math.abs(delta) < 1000) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/**
 * JWT NumericDate claims (`iat`, `nbf`, `exp`) with their clock time, so a
 * learner can read `exp: 1767690000 (2026-01-06 09:00:00Z)`.
 */
export function describeNumericDate(seconds: number): string {
  return `${seconds} (${formatClock(seconds * 1000)})`;
}
